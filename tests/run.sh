#!/bin/sh
# "make -f apxs.mk test": a private MariaDB with the schema and the demo
# data, and the Apache::Test suite against a private httpd, all on free
# ports of 127.0.0.1; then the C unit tests. Everything started here is
# stopped here, by the pid it was started with, also when a test fails.
set -eu
cd "$(dirname "$0")/.."
BN_RUN=$(pwd)/build/test
mkdir -p "$BN_RUN"
. conf/demo/env.sh

pick_ports() {
    BN_DB_PORT=$(bn_free_port)
    BN_HTTP_PORT=$(bn_free_port)
    BN_UPSTREAM_PORT=$(bn_free_port)
}
pick_ports
while [ "$BN_DB_PORT" = "$BN_HTTP_PORT" ] ||
      [ "$BN_HTTP_PORT" = "$BN_UPSTREAM_PORT" ] ||
      [ "$BN_DB_PORT" = "$BN_UPSTREAM_PORT" ]; do
    pick_ports
done
BN_CACHE_TTL=2
export BN_DB_PORT BN_HTTP_PORT BN_UPSTREAM_PORT BN_CACHE_TTL

cleanup() {
    bn_httpd_stop tests/logs/httpd.pid
    bn_httpd_stop "$BN_RUN/server-b/httpd.pid"
    bn_upstream_remove
    bn_db_stop
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ ! -d tests/browser/node_modules/playwright-core ]; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

bn_db_stop
rm -rf "$BN_RUN/db" "$BN_RUN/screenshots"
bn_db_start > /dev/null
bn_upstream_copy

# With BN_SANITIZE=1 (make -f apxs.mk test-sanitize), httpd runs with
# AddressSanitizer and UBSan, servers that tests start of their own too,
# and any report they write fails the run.
if [ "${BN_SANITIZE:-0}" = 1 ]; then
    BN_HTTPD="$BN_ROOT/tests/sanitize-httpd.sh"
    find "$BN_RUN" -name 'sanitizer.*' -delete
fi
httpd=$BN_HTTPD

status=0
sh tests/unit/run.sh || status=1
perl tests/TEST.PL -t_dir "$BN_ROOT/tests" -apxs "$(command -v apxs)" \
    -httpd "$httpd" -port "$BN_HTTP_PORT" -servername localhost \
    "$@" || status=1
if [ -n "$(find "$BN_RUN" -name 'sanitizer.*')" ]; then
    echo "Sanitizer reports:" >&2
    find "$BN_RUN" -name 'sanitizer.*' -exec cat {} + >&2
    status=1
fi
if [ $status -ne 0 ]; then
    echo "Tests failed; logs in tests/logs/ and $BN_RUN/" >&2
fi
exit $status

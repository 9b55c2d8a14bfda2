#!/bin/sh
# The demo: "make -f apxs.mk demo" runs "conf/demo/run.sh start", and
# "make -f apxs.mk demo-stop" runs "conf/demo/run.sh stop".
set -eu
cd "$(dirname "$0")/../.."
BN_RUN=$(pwd)/build/demo
mkdir -p "$BN_RUN"
. conf/demo/env.sh

BN_HTTP_PORT=${BN_HTTP_PORT:-8080}
BN_UPSTREAM_PORT=${BN_UPSTREAM_PORT:-8081}
BN_DB_PORT=${BN_DB_PORT:-13306}
BN_CACHE_TTL=${BN_CACHE_TTL:-5}
export BN_HTTP_PORT BN_UPSTREAM_PORT BN_DB_PORT BN_CACHE_TTL

httpd() {
    "$BN_HTTPD" -f "$BN_ROOT/conf/demo/httpd.conf" "$@"
}

start() {
    bn_db_start
    if [ -f "$BN_RUN/httpd.pid" ] && kill -0 "$(cat "$BN_RUN/httpd.pid")"
    then
        echo "httpd already running (pid $(cat "$BN_RUN/httpd.pid")):" \
             "reloading its configuration and module"
        bn_upstream_env
        httpd -k graceful
    else
        bn_upstream_remove
        bn_upstream_copy
        httpd -t -D BN_CHECK > /dev/null
        httpd -k start
    fi

    n=0
    until curl -sf "http://127.0.0.1:$BN_HTTP_PORT/branchnet/api/health" \
            -H "Host: main.demo.test" > /dev/null; do
        n=$((n + 1))
        if [ $n -gt 100 ]; then
            echo "httpd did not answer; see $BN_RUN/error_log" >&2
            exit 1
        fi
        sleep 0.1
    done
    banner
}

banner() {
    cat <<INFO

The branch network demo is running.

  httpd     http://127.0.0.1:$BN_HTTP_PORT/  (logs in build/demo/)
  upstream  http://127.0.0.1:$BN_UPSTREAM_PORT/  (the demo application)
  MariaDB   127.0.0.1:$BN_DB_PORT, socket build/demo/db/mysqld.sock

Accounts (one virtual host each):
  main.demo.test   Acme Holding   enterprise, main account of the network
  north.demo.test  Acme North     professional, branch
  south.demo.test  Acme South     standard, branch
  east.demo.test   Acme East      free, branch in its 15-day trial
  solo.demo.test   Solo Trading   basic, standalone
  west.demo.test   Westwind Group enterprise, main account of a 2nd network
  harbor.demo.test Harbor Dealer  standard, standalone

People (password "demo" for all):
  anna    admin of the main account, member of no branch
  maxim   admin of the main account too
  boris   admin of north, employee of main
  clara   employee of north, south and main
  elena   employee of south and east
  dmitri  admin of south;  fedor  admin of east;  oleg  admin of solo
  pavel   admin of west, main account of another network
  anna and pavel are both admins of harbor, a standalone account
  galina, lena (north), ivan (main), julia (south), kirill (east)
  operator  the BranchNetOperator (creates accounts, changes plans)
  nina    member of nothing

Try it (curl reaches a host with --resolve):
  curl -u boris:demo --resolve north.demo.test:$BN_HTTP_PORT:127.0.0.1 \\
       http://north.demo.test:$BN_HTTP_PORT/
  curl -u nina:demo -o /dev/null -w '%{http_code}\\n' \\
       --resolve north.demo.test:$BN_HTTP_PORT:127.0.0.1 \\
       http://north.demo.test:$BN_HTTP_PORT/
  curl -u clara:demo -H 'Host: south.demo.test' \\
       http://127.0.0.1:$BN_HTTP_PORT/branchnet/api/switcher

In a browser: point the demo hosts at 127.0.0.1 (/etc/hosts:
  127.0.0.1 main.demo.test north.demo.test south.demo.test east.demo.test
  127.0.0.1 solo.demo.test west.demo.test harbor.demo.test)
and open http://main.demo.test:$BN_HTTP_PORT/ ; the network page is
http://main.demo.test:$BN_HTTP_PORT/branchnet/

Stop it with: make -f apxs.mk demo-stop
Start over from the demo data: make -f apxs.mk demo-stop, rm -rf build/demo,
then make -f apxs.mk demo
INFO
}

stop() {
    bn_httpd_stop "$BN_RUN/httpd.pid"
    bn_upstream_remove
    bn_db_stop
    echo "The demo is stopped."
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

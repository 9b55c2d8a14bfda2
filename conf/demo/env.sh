# Shared by conf/demo/run.sh and tests/run.sh (sourced, POSIX sh): the
# environment the configuration in conf/demo/ reads, and the pieces both
# start. Callers cd to the top of the source tree and set BN_RUN (their
# folder under build/) first.

BN_ROOT=$(pwd)
BN_MODULES=$(apxs -q LIBEXECDIR)
BN_MODULE="$BN_ROOT/mod_branchnet/.libs/mod_branchnet.so"
BN_HTTPD=$(apxs -q SBINDIR)/$(apxs -q TARGET)
export BN_ROOT BN_RUN BN_MODULES BN_MODULE BN_HTTPD

# A port on 127.0.0.1 that nothing listens on now.
bn_free_port() {
    perl -MIO::Socket::INET -e \
        'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1",
                                     LocalPort => 0)->sockport, "\n"'
}

# The upstream's pages and the UI's assets, copied where httpd's
# unprivileged children can read them whatever the permissions of the
# folders above the checkout; and the key of the demo's session cookies.
bn_upstream_copy() {
    BN_UPSTREAM_ROOT=$(mktemp -d /tmp/branchnet-upstream.XXXXXX)
    cp -R "$BN_ROOT/conf/demo/upstream/." "$BN_UPSTREAM_ROOT/"
    mkdir "$BN_UPSTREAM_ROOT/.ui"
    cp -R "$BN_ROOT/mod_branchnet/ui/." "$BN_UPSTREAM_ROOT/.ui/"
    chmod -R a+rX "$BN_UPSTREAM_ROOT"
    echo "$BN_UPSTREAM_ROOT" > "$BN_RUN/upstream.path"
    bn_upstream_env
}

bn_upstream_env() {
    BN_UPSTREAM_ROOT=$(cat "$BN_RUN/upstream.path")
    BN_UI_ROOT="$BN_UPSTREAM_ROOT/.ui"
    [ -f "$BN_RUN/session.key" ] ||
        (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' \
            > "$BN_RUN/session.key")
    BN_SESSION_SECRET=$(cat "$BN_RUN/session.key")
    export BN_UPSTREAM_ROOT BN_UI_ROOT BN_SESSION_SECRET
}

bn_upstream_remove() {
    if [ -f "$BN_RUN/upstream.path" ]; then
        case $(cat "$BN_RUN/upstream.path") in
        /tmp/branchnet-upstream.*) rm -rf "$(cat "$BN_RUN/upstream.path")" ;;
        esac
        rm -f "$BN_RUN/upstream.path"
    fi
}

# Start the private MariaDB of BN_RUN on BN_DB_PORT and load the schema;
# the demo data only into a new database, so that a second start keeps
# what was changed since.
bn_db_start() {
    new=1
    [ -d "$BN_RUN/db/data/branchnet" ] && new=0
    "$BN_ROOT/sql/mariadb.sh" start "$BN_RUN/db" "$BN_DB_PORT"
    "$BN_ROOT/sql/mariadb.sh" load "$BN_RUN/db" "$BN_ROOT/sql/schema.sql" \
        "$BN_ROOT"/sql/migrations/*.sql
    if [ $new = 1 ]; then
        "$BN_ROOT/sql/mariadb.sh" load "$BN_RUN/db" "$BN_ROOT/sql/demo.sql"
    fi
}

bn_db_stop() {
    "$BN_ROOT/sql/mariadb.sh" stop "$BN_RUN/db"
}

# Stop an httpd by the pid it was started with.
bn_httpd_stop() {
    pidfile=$1
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    n=0
    while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

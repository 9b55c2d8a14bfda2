#!/bin/sh
# A private MariaDB server for the demo and the tests: its own data folder,
# socket and pid file under DIR, TCP on 127.0.0.1 only. Never the system
# service.
#
#   sql/mariadb.sh start DIR PORT   initialise DIR if new, start, create the
#                                   branchnet database and user
#   sql/mariadb.sh stop DIR         stop the server started from DIR
#   sql/mariadb.sh load DIR FILE... run SQL files in the branchnet database
#   sql/mariadb.sh sql DIR          run SQL from standard input
#
# BN_DB_BUFFER_POOL sizes InnoDB's buffer pool (default 256M); the
# benchmark wants its scale data to stay in memory.
set -eu

cmd=${1:?usage: mariadb.sh start|stop|load|sql DIR ...}
dir=${2:?usage: mariadb.sh start|stop|load|sql DIR ...}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock="$dir/mysqld.sock"
pidfile="$dir/started.pid"
db_user=${BN_DB_USER:-branchnet}
db_pass=${BN_DB_PASS:-branchnet}

client() {
    mariadb --no-defaults --socket="$sock" -uroot "$@"
}

running() {
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start() {
    port=${1:?usage: mariadb.sh start DIR PORT}
    if running; then
        echo "MariaDB already running from $dir (pid $(cat "$pidfile"))"
        return 0
    fi
    as_user=""
    [ "$(id -u)" = 0 ] && as_user="--user=root"
    if [ ! -d "$dir/data/mysql" ]; then
        mariadb-install-db --no-defaults --datadir="$dir/data" $as_user \
            --auth-root-authentication-method=socket --skip-test-db \
            > "$dir/install.log" 2>&1 ||
            { cat "$dir/install.log" >&2; exit 1; }
    fi
    mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" \
        --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
        --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
        --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci \
        --innodb-buffer-pool-size="${BN_DB_BUFFER_POOL:-256M}" \
        --innodb-flush-log-at-trx-commit=2 \
        --max-connections=500 $as_user > /dev/null 2>&1 &
    echo $! > "$pidfile"

    tries=0
    until client -e 'SELECT 1' > /dev/null 2>&1; do
        tries=$((tries + 1))
        if [ $tries -gt 300 ] || ! running; then
            echo "MariaDB did not start; see $dir/error.log" >&2
            tail -20 "$dir/error.log" >&2 || true
            exit 1
        fi
        sleep 0.1
    done

    client <<SQL
CREATE DATABASE IF NOT EXISTS branchnet
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$db_user'@'127.0.0.1' IDENTIFIED BY '$db_pass';
GRANT ALL ON branchnet.* TO '$db_user'@'127.0.0.1';
SQL
    echo "MariaDB running on 127.0.0.1:$port (pid $(cat "$pidfile"))"
}

stop() {
    if ! running; then
        rm -f "$pidfile"
        return 0
    fi
    pid=$(cat "$pidfile")
    kill "$pid"
    tries=0
    while kill -0 "$pid" 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -gt 300 ] && kill -9 "$pid" 2>/dev/null
        sleep 0.1
    done
    rm -f "$pidfile"
}

case "$cmd" in
start) start "${3:-}" ;;
stop) stop ;;
load)
    shift 2
    for f in "$@"; do
        client branchnet < "$f"
    done
    ;;
sql) client branchnet ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac

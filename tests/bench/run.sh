#!/bin/sh
# "make -f apxs.mk bench": the module against stock httpd modules on scale
# data (sql/scale.sh: 10,000 accounts in one network, 200,000 people,
# over a million memberships), one table from one run, scenarios
# interleaved. Needs wrk. Everything runs on 127.0.0.1 and is stopped at
# the end.
set -eu
cd "$(dirname "$0")/../.."
BN_RUN=$(pwd)/build/bench
mkdir -p "$BN_RUN"
. conf/demo/env.sh

ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_EACH=${BENCH_SECONDS:-5}
BN_DB_PORT=$(bn_free_port)
BN_HTTP_PORT=$(bn_free_port)
BN_UPSTREAM_PORT=$(bn_free_port)
BN_DOCS=$(mktemp -d /tmp/branchnet-bench.XXXXXX)
export BN_DB_PORT BN_HTTP_PORT BN_UPSTREAM_PORT BN_DOCS

cleanup() {
    bn_httpd_stop "$BN_RUN/httpd.pid"
    bn_db_stop
    rm -rf "$BN_DOCS"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "Database with scale data (the first run takes a minute)..."
"$BN_ROOT/sql/mariadb.sh" start "$BN_RUN/db" "$BN_DB_PORT" > /dev/null
"$BN_ROOT/sql/mariadb.sh" load "$BN_RUN/db" "$BN_ROOT/sql/schema.sql" \
    "$BN_ROOT"/sql/migrations/*.sql
if [ ! -f "$BN_RUN/db/scale.loaded" ]; then
    "$BN_ROOT/sql/scale.sh" 10000 200000 |
        "$BN_ROOT/sql/mariadb.sh" sql "$BN_RUN/db" > /dev/null
    touch "$BN_RUN/db/scale.loaded"
fi

# 100 bytes to serve; SHA1 passwords ("bench") for the people used.
head -c 99 /dev/zero | tr '\0' 'x' > "$BN_DOCS/static.txt"
echo >> "$BN_DOCS/static.txt"
perl -MDigest::SHA=sha1_base64 -e '
    for my $u (1, 5, 150000, 100001 .. 102000) {
        print "u$u:{SHA}", sha1_base64("bench"), "=\n";
    }' > "$BN_DOCS/.passwords"
chmod -R a+rX "$BN_DOCS"

"$BN_HTTPD" -f "$BN_ROOT/tests/bench/httpd.conf" -k start
n=0
until curl -sf -o /dev/null "http://127.0.0.1:$BN_HTTP_PORT/none/static.txt"
do
    n=$((n + 1)); [ $n -gt 100 ] && { echo "httpd did not start"; exit 1; }
    sleep 0.1
done

db_count() {
    "$BN_ROOT/sql/mariadb.sh" sql "$BN_RUN/db" <<'SQL' | awk 'NR > 1 { s += $2 } END { print s + 0 }'
SHOW GLOBAL STATUS WHERE Variable_name IN
    ('Com_stmt_execute', 'Com_admin_commands');
SQL
}

# run NAME PATH HOST USER [lua]: one wrk run; appends
# "name rps p50 p99 sql_per_request" to the results file, where SQL
# counts executed statements and pings (mod_dbd pings on every acquire).
run() {
    name=$1 path=$2 host=$3 user=$4 lua=${5:-}
    before=$(db_count)
    if [ -n "$lua" ]; then
        out=$(BENCH_PATH=$path wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency \
              -s "$BN_ROOT/tests/bench/cold.lua" \
              "http://127.0.0.1:$BN_HTTP_PORT$path")
    else
        auth=""
        [ -n "$user" ] && auth="Authorization: Basic $(printf '%s:bench' \
            "$user" | base64)"
        out=$(wrk -t2 -c32 -d"${SECONDS_EACH}s" --latency -H "Host: $host" \
              ${auth:+-H "$auth"} "http://127.0.0.1:$BN_HTTP_PORT$path")
    fi
    after=$(db_count)
    echo "$out" | awk -v name="$name" -v q=$((after - before)) '
        /Requests\/sec/ { rps = $2 }
        $1 == "50.000%" || $1 == "50%" { p50 = $2 }
        $1 == "99.000%" || $1 == "99%" { p99 = $2 }
        /requests in/ { n = $1 }
        END { printf "%s %s %s %s %.4f\n", name, rps, p50, p99,
                     (n > 0 ? q / n : 0) }' >> "$BN_RUN/results"
}

scenarios() {
    run static /none/static.txt a2.scale.test ""
    run basic /basic/static.txt a2.scale.test u100001
    run member-warm /member/static.txt a2.scale.test u100001
    run member-cold /member/static.txt - - cold
    run dbd-group /dbd/static.txt a2.scale.test u100001
    run proxy-basic /p/basic/static.txt a2.scale.test u100001
    run proxy-member /p/member/static.txt a2.scale.test u100001
    run proxy-dbd /p/dbd/static.txt a2.scale.test u100001
}

rm -f "$BN_RUN/results"
echo "Warming up..."
SECONDS_EACH=2 scenarios; rm -f "$BN_RUN/results"
i=0
while [ $i -lt "$ROUNDS" ]; do
    i=$((i + 1))
    echo "Round $i of $ROUNDS..."
    scenarios
done

# Medians of the rounds, and the ratios the targets speak of.
sort -k1,1 -k2,2n "$BN_RUN/results" | awk -v rounds="$ROUNDS" '
    { key = $1; c[key]++; v[key, c[key]] = $0 }
    END {
        mid = int((rounds + 1) / 2)
        for (k in c) { split(v[k, mid], f, " "); rps[k] = f[2];
                       p50[k] = f[3]; p99[k] = f[4]; q[k] = f[5] }
        ref["static"] = "static"; ref["basic"] = "static"
        ref["member-warm"] = "basic"; ref["member-cold"] = "basic"
        ref["dbd-group"] = "basic"; ref["proxy-basic"] = "basic"
        ref["proxy-member"] = "proxy-basic"; ref["proxy-dbd"] = "proxy-basic"
        printf "\n%-14s %10s %9s %9s %9s  %s\n", "scenario", "req/s",
               "p50", "p99", "SQL/req", "ratio to reference"
        n = split("static basic member-warm member-cold dbd-group " \
                  "proxy-basic proxy-member proxy-dbd", order, " ")
        for (i = 1; i <= n; i++) {
            k = order[i]
            printf "%-14s %10.0f %9s %9s %9.4f  %.2f of %s\n", k, rps[k],
                   p50[k], p99[k], q[k], rps[k] / rps[ref[k]], ref[k]
        }
        printf "\nwarm branchnet-member vs dbd-group: %.2f\n",
               rps["member-warm"] / rps["dbd-group"]
    }'

# API calls on scale data, one connection.
api() {
    name=$1 path=$2 host=$3 user=$4
    wrk -t1 -c1 -d"${SECONDS_EACH}s" --latency -H "Host: $host" \
        -H "Authorization: Basic $(printf '%s:bench' "$user" | base64)" \
        "http://127.0.0.1:$BN_HTTP_PORT/branchnet/api$path" |
        awk -v name="$name" '
            $1 == "50.000%" || $1 == "50%" { p50 = $2 }
            $1 == "99.000%" || $1 == "99%" { p99 = $2 }
            END { printf "%-44s p50 %8s  p99 %8s\n", name, p50, p99 }'
}
echo
api "GET /switcher, person in 50 accounts" /switcher a36.scale.test u5
api "GET /accounts/2/employees, page of 50 of 100k" \
    "/accounts/2/employees?start=50000&limit=50" a2.scale.test u150000
api "GET /network, 500 of 9,999 branches" "/network?limit=500" \
    a1.scale.test u1

# Memory of the server's processes after many distinct decisions.
requests=$(BENCH_PATH=/member/static.txt wrk -t2 -c32 -d60s \
           -s "$BN_ROOT/tests/bench/cold.lua" \
           "http://127.0.0.1:$BN_HTTP_PORT/member/static.txt" |
           awk '/requests in/ { print $1 }')
rss=$(ps --ppid "$(cat "$BN_RUN/httpd.pid")" -o rss= |
      awk '{ s += $1; if ($1 > m) m = $1 } END {
            printf "%.1f MiB in all, %.1f MiB the largest process",
                   s / 1024, m / 1024 }')
echo
echo "After $requests distinct decisions (BranchNetCacheSize 100000 a" \
     "process): $rss"

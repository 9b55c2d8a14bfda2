#!/bin/sh
# "make -f apxs.mk bench": the module against stock httpd modules on scale
# data (sql/scale.sh: 10,000 accounts in one network, 200,000 people,
# over a million memberships): one table from one run, the scenarios and
# the API calls interleaved, then the memory of the server's processes
# after many distinct decisions, and the targets. Needs wrk. Everything
# runs on 127.0.0.1 and is stopped at the end.
#
#   BENCH_ROUNDS     rounds of the table, medians over them (6)
#   BENCH_SECONDS    seconds of each run (5)
#   BENCH_PEOPLE     people of the cold scenarios (200)
#   BENCH_DECISIONS  distinct decisions before memory is read (1000000)
set -eu
cd "$(dirname "$0")/../.."
BN_RUN=$(pwd)/build/bench
mkdir -p "$BN_RUN"
. conf/demo/env.sh

ROUNDS=${BENCH_ROUNDS:-6}
SECONDS_EACH=${BENCH_SECONDS:-5}
PEOPLE=${BENCH_PEOPLE:-200}
DECISIONS=${BENCH_DECISIONS:-1000000}
THREADS=2
CONNECTIONS=32
# The scale data is about 400 MB: all of it in memory.
BN_DB_BUFFER_POOL=${BN_DB_BUFFER_POOL:-1G}
BN_DB_PORT=$(bn_free_port)
BN_HTTP_PORT=$(bn_free_port)
BN_UPSTREAM_PORT=$(bn_free_port)
BN_DOCS=$(mktemp -d /tmp/branchnet-bench.XXXXXX)
TICK=$(getconf CLK_TCK)
export BN_DB_PORT BN_HTTP_PORT BN_UPSTREAM_PORT BN_DOCS BN_DB_BUFFER_POOL
wrk_pid=""

cleanup() {
    if [ -n "$wrk_pid" ]; then
        kill "$wrk_pid" 2>/dev/null || true
    fi
    bn_httpd_stop "$BN_RUN/httpd.pid"
    bn_db_stop
    rm -rf "$BN_DOCS"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

db() {
    "$BN_ROOT/sql/mariadb.sh" sql "$BN_RUN/db"
}

# A server left running from this folder may listen on another port and
# have a smaller buffer pool: it is started afresh with this run's.
echo "Database with scale data (the first run takes a minute)..."
"$BN_ROOT/sql/mariadb.sh" stop "$BN_RUN/db"
"$BN_ROOT/sql/mariadb.sh" start "$BN_RUN/db" "$BN_DB_PORT" > /dev/null
BN_DB_PORT=$(echo 'SELECT @@port' | db | tail -1)
"$BN_ROOT/sql/mariadb.sh" load "$BN_RUN/db" "$BN_ROOT/sql/schema.sql" \
    "$BN_ROOT"/sql/migrations/*.sql
if [ ! -f "$BN_RUN/db/scale.loaded" ]; then
    "$BN_ROOT/sql/scale.sh" 10000 200000 | db > /dev/null
    touch "$BN_RUN/db/scale.loaded"
fi
db_pid=$(cat "$BN_RUN/db/mysqld.pid" 2>/dev/null ||
         cat "$BN_RUN/db/started.pid")

# 100 bytes to serve; SHA1 passwords ("bench") for the people used, and
# one person's bcrypt hash at htpasswd's default cost.
head -c 99 /dev/zero | tr '\0' 'x' > "$BN_DOCS/static.txt"
echo >> "$BN_DOCS/static.txt"
perl -MDigest::SHA=sha1_base64 -e '
    for my $u (1, 5, 150000, 100001 .. 100000 + $ARGV[0]) {
        print "u$u:{SHA}", sha1_base64("bench"), "=\n";
    }' "$PEOPLE" > "$BN_DOCS/.passwords"
htpasswd -nbB u100001 bench | sed '/^$/d' > "$BN_DOCS/.bcrypt"
chmod -R a+rX "$BN_DOCS"

rm -f "$BN_RUN/error_log"
"$BN_HTTPD" -f "$BN_ROOT/tests/bench/httpd.conf" -k start
n=0
until curl -sf -o /dev/null "http://127.0.0.1:$BN_HTTP_PORT/none/static.txt"
do
    n=$((n + 1)); [ $n -gt 100 ] && { echo "httpd did not start"; exit 1; }
    sleep 0.1
done
httpd_pid=$(cat "$BN_RUN/httpd.pid")
children() {
    ps --ppid "$httpd_pid" -o pid= | tr -d ' ' | sort -n | tr '\n' ' '
}
start_servers=$(awk '$1 == "StartServers" { print $2 }' \
                "$BN_ROOT/tests/bench/httpd.conf")
n=0
while [ "$(children | wc -w)" -lt "$start_servers" ] && [ $n -lt 100 ]; do
    n=$((n + 1)); sleep 0.1
done

# On one connection every request wakes the other side; a wake-up across
# CPUs costs about 0.1 ms on this kind of machine and varies from run to
# run, more than the differences looked for. Those runs put wrk and all
# of httpd's threads on CPU 0, and then give httpd back its CPUs.
httpd_cpus=$(taskset -pc "$httpd_pid" | sed 's/.*: //')
pin_children() {
    for p in $(children); do
        taskset -a -p -c "$1" "$p" > /dev/null
    done
}

# A form sign-in (bcrypt, once) for the bcrypt-form scenario.
session=$(curl -s -o /dev/null -D - -H "Host: a2.scale.test" \
          -d 'httpd_username=u100001&httpd_password=bench' \
          "http://127.0.0.1:$BN_HTTP_PORT/form/sign-in" |
          sed -n 's/^Set-Cookie: \(bench_session=[^;]*\).*/Cookie: \1/ip')
[ -n "$session" ] || { echo "the form sign-in failed"; exit 1; }

db_count() {
    db <<'SQL' | awk 'NR > 1 { s += $2 } END { print s + 0 }'
SHOW GLOBAL STATUS WHERE Variable_name IN
    ('Com_stmt_execute', 'Com_admin_commands');
SQL
}

# Clock ticks httpd has used: user and system time of the parent and of
# every child, and of the children the parent has reaped. The name in
# field 2 is cut off first, so the fields after it count from 1.
httpd_ticks() {
    for p in "$httpd_pid" $(children); do
        sed 's/.*) //' "/proc/$p/stat" 2>/dev/null || true
    done | awk -v parent=1 '
        { s += $12 + $13; if (parent) s += $14 + $15; parent = 0 }
        END { print s + 0 }'
}

db_ticks() {
    sed 's/.*) //' "/proc/$db_pid/stat" | awk '{ print $12 + $13 }'
}

# Milliseconds from wrk's "812.00us", "1.14ms", "1.02s", "2.00m".
AWK_MS='function ms(v) {
    if (v ~ /us$/) return v / 1000
    if (v ~ /ms$/) return v + 0
    if (v ~ /s$/) return v * 1000
    if (v ~ /m$/) return v * 60000
    return v + 0
}'

basic_auth() {
    printf 'Authorization: Basic %s' "$(printf '%s:bench' "$1" | base64)"
}

cold_offset=0
# run NAME CONNECTIONS PATH HOST USER: one wrk run; USER "-" sends no
# credentials, "cold" runs cold.lua. Appends "name rps p50 p99 sql cpu_us
# db_us other forbidden answers" to the results: SQL counts executed
# statements and pings (mod_dbd pings on every acquire), CPU is httpd's
# and the database's a request, other the answers >= 400 but, in cold
# runs, 403, whose refusals are expected.
run() {
    name=$1 conns=$2 path=$3 host=$4 user=$5
    threads=$THREADS pin=""
    [ "$conns" = 1 ] && threads=1
    case $name in
    *-1c) pin="taskset -c 0"; pin_children 0 ;;
    esac
    pids=$(children)
    q0=$(db_count) t0=$(httpd_ticks) d0=$(db_ticks)
    if [ "$user" = cold ]; then
        out=$(BENCH_PATH=$path BENCH_PEOPLE=$PEOPLE BENCH_THREADS=$threads \
              BENCH_OFFSET=$cold_offset \
              $pin wrk -t"$threads" -c"$conns" -d"${SECONDS_EACH}s" --latency \
              -s "$BN_ROOT/tests/bench/cold.lua" \
              "http://127.0.0.1:$BN_HTTP_PORT$path")
        next=$(echo "$out" | awk '/^bench-cold:/ { print $9 }')
        cold_offset=${next:-$cold_offset}
    elif [ "$user" = - ]; then
        out=$($pin wrk -t"$threads" -c"$conns" -d"${SECONDS_EACH}s" \
              --latency -H "Host: $host" \
              "http://127.0.0.1:$BN_HTTP_PORT$path")
    else
        case $user in
        Cookie:*) credentials=$user ;;
        *) credentials=$(basic_auth "$user") ;;
        esac
        out=$($pin wrk -t"$threads" -c"$conns" -d"${SECONDS_EACH}s" \
              --latency -H "Host: $host" -H "$credentials" \
              "http://127.0.0.1:$BN_HTTP_PORT$path")
    fi
    t1=$(httpd_ticks) d1=$(db_ticks) q1=$(db_count)
    [ -z "$pin" ] || pin_children "$httpd_cpus"
    [ "$pids" = "$(children)" ] ||
        echo "  warning: $name: httpd's children changed during the run"
    echo "$out" | awk -v name="$name" -v q=$((q1 - q0)) \
        -v t=$((t1 - t0)) -v d=$((d1 - d0)) -v tick="$TICK" "$AWK_MS"'
        /Requests\/sec/ { rps = $2 }
        $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
        $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
        /requests in/ { n = $1 }
        /Non-2xx or 3xx responses/ { bad = $NF }
        /^bench-cold:/ { cold = 1; other = $7; forbidden = $5 }
        END {
            if (!cold) other = bad + 0
            if (other > 0)
                printf "  warning: %s: %d answers 4xx/5xx%s\n", name,
                       other, cold ? " other than 403" : "" > "/dev/stderr"
            us = n > 0 ? 1e6 / tick / n : 0
            printf "%s %s %.3f %.3f %.4f %.1f %.1f %d %d %d\n", name,
                   rps, p50, p99, (n > 0 ? q / n : 0), t * us, d * us,
                   other, forbidden + 0, n
        }' >> "$BN_RUN/results"
}

basic() { run "$1" "$CONNECTIONS" "$2" a2.scale.test u100001; }
cold() { run "$1" "$CONNECTIONS" "$2" - cold; }
single() { run "$1" 1 "$2" a2.scale.test u100001; }
api() { run "$1" 1 "/branchnet/api$2" "$3" "$4"; }

scenarios() {
    run static "$CONNECTIONS" /none/static.txt a2.scale.test -
    basic basic /basic/static.txt
    basic member-warm /member/static.txt
    cold member-cold /member/static.txt
    basic dbd-group /dbd/static.txt
    cold dbd-cold /dbd/static.txt
    basic bcrypt /bcrypt/static.txt
    basic bcrypt-socache /bcrypt-socache/static.txt
    run bcrypt-form "$CONNECTIONS" /form/static.txt a2.scale.test \
        "$session"
    basic proxy-basic /p/basic/static.txt
    basic proxy-member /p/member/static.txt
    basic proxy-dbd /p/dbd/static.txt
    run static-1c 1 /none/static.txt a2.scale.test -
    single basic-1c /basic/static.txt
    single member-warm-1c /member/static.txt
    api switcher /switcher a36.scale.test u5
    api employees-first "/accounts/2/employees?start=0&limit=50" \
        a2.scale.test u150000
    api employees-middle "/accounts/2/employees?start=50000&limit=50" \
        a2.scale.test u150000
    api network "/network?limit=500" a1.scale.test u1
}

rss() {
    ps --ppid "$httpd_pid" -o pid=,rss= | sort -n
}
rss_start=$(rss)

rm -f "$BN_RUN/results"
echo "Warming up..."
SECONDS_EACH=1 scenarios
rm -f "$BN_RUN/results"
i=0
while [ $i -lt "$ROUNDS" ]; do
    i=$((i + 1))
    echo "Round $i of $ROUNDS..."
    scenarios
done

# Medians of the rounds, each column on its own (of an even count, the
# mean of the two middle values); the counts of answers summed; and how
# far req/s spread over the rounds, as a share of its median.
awk '
    function median(k, col,    m, a, i, j, x) {
        m = c[k]
        for (i = 1; i <= m; i++) a[i] = v[k, i, col]
        for (i = 2; i <= m; i++) {
            x = a[i]
            for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]
            a[j + 1] = x
        }
        lo = a[1]; hi = a[m]
        return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    { k = $1; c[k]++; for (f = 2; f <= NF; f++) v[k, c[k], f] = $f
      if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]; printf "%s", k
            # req/s last, so that lo and hi are its.
            for (f = 7; f >= 2; f--) med[f] = median(k, f)
            for (f = 2; f <= 7; f++) printf " %s", med[f]
            other = forbidden = answers = 0
            for (j = 1; j <= c[k]; j++) {
                other += v[k, j, 8]; forbidden += v[k, j, 9]
                answers += v[k, j, 10]
            }
            printf " %d %d %d %.0f\n", other, forbidden, answers,
                   (med[2] > 0 ? 100 * (hi - lo) / med[2] : 0)
        }
    }' "$BN_RUN/results" > "$BN_RUN/medians"

cache_size=$(awk '$1 == "BranchNetCacheSize" { print $2 }' \
             "$BN_ROOT/tests/bench/httpd.conf")
cache_ttl=$(awk '$1 == "BranchNetCacheTTL" { print $2 }' \
            "$BN_ROOT/tests/bench/httpd.conf")

echo
echo "wrk -t$THREADS -c$CONNECTIONS, keep-alive, loopback, 100-byte file;" \
     "medians of $ROUNDS interleaved"
echo "runs of ${SECONDS_EACH}s. Spread: req/s from the slowest run to the" \
     "fastest, a share of the"
echo "median. Cold: every request another (person, account) decision," \
     "$PEOPLE people on"
echo "9,999 hosts, none that an earlier run asked (cache: TTL" \
     "${cache_ttl}s, $cache_size decisions"
echo "a process). CPU: httpd's own, front and upstream when proxied (one" \
     "server);"
echo "DB: mariadbd's."
awk '
    BEGIN {
        ref["static"] = "static"; ref["basic"] = "static"
        ref["member-warm"] = "basic"; ref["member-cold"] = "dbd-cold"
        ref["dbd-group"] = "basic"; ref["dbd-cold"] = "basic"
        ref["bcrypt"] = "basic"; ref["bcrypt-socache"] = "basic"
        ref["bcrypt-form"] = "basic"
        ref["proxy-basic"] = "basic"; ref["proxy-member"] = "proxy-basic"
        ref["proxy-dbd"] = "proxy-basic"
        ref["static-1c"] = "static-1c"; ref["basic-1c"] = "static-1c"
        ref["member-warm-1c"] = "basic-1c"
        api["switcher"] = "GET /switcher, person in 50 accounts"
        api["employees-first"] = "GET /accounts/2/employees, first 50" \
                                 " of 100k"
        api["employees-middle"] = "GET /accounts/2/employees, 50 from" \
                                  " 50,000 on"
        api["network"] = "GET /network, 500 of 9,999 branches"
        mu = "\302\265"
    }
    { k = $1; order[++n] = k
      rps[k] = $2; p50[k] = $3; p99[k] = $4; q[k] = $5; cpu[k] = $6
      dbc[k] = $7; other[k] = $8; forb[k] = $9; answers[k] = $10
      spread[k] = $11 }
    END {
        printf "\n%-15s %8s %6s %7s %7s %7s %s  %s\n", "scenario",
               "req/s", "spread", "p50 ms", "p99 ms", "SQL/req",
               "CPU " mu "s/req DB " mu "s/req", "ratio to reference"
        for (i = 1; i <= n; i++) {
            k = order[i]
            if (k in api)
                continue
            if (k == "static-1c")
                printf "%s\n", "one connection (wrk -t1 -c1; wrk and " \
                       "httpd on one CPU):"
            printf "%-15s %8.0f %5.0f%% %7.3f %7.3f %7.4f %10.1f " \
                   "%9.1f  ", k, rps[k], spread[k], p50[k], p99[k], q[k],
                   cpu[k], dbc[k]
            if (k in ref && ref[k] in rps && rps[ref[k]] > 0)
                printf "%.2f of %s", rps[k] / rps[ref[k]], ref[k]
            printf "\n"
        }
        for (i = 1; i <= n; i++) {
            k = order[i]
            if (k ~ /cold/)
                printf "%s: %d of %d answers 403 (%.1f%%)\n", k, forb[k],
                       answers[k], answers[k] ? 100 * forb[k] / answers[k] : 0
        }
        printf "403 is no access, expected in cold runs: most (person, " \
               "account) pairs are no\nmembership; dbd-cold asks about " \
               "a2 only, where these people are members.\n"

        printf "\n%-44s %7s %7s %7s %s\n", "API on scale data, one " \
               "connection", "p50 ms", "p99 ms", "SQL/req",
               "CPU " mu "s/req DB " mu "s/req"
        for (i = 1; i <= n; i++) {
            k = order[i]
            if (k in api)
                printf "%-44s %7.2f %7.2f %7.1f %10.0f %9.0f\n", api[k],
                       p50[k], p99[k], q[k], cpu[k], dbc[k]
        }
        for (i = 1; i <= n; i++) {
            k = order[i]
            if (other[k] > 0)
                printf "warning: %s: %d answers 4xx/5xx in all rounds%s\n",
                       k, other[k], k ~ /cold/ ? " (not counting 403)" : ""
        }
    }' "$BN_RUN/medians"

# Memory of the server's processes after DECISIONS distinct decisions,
# read at each quarter of them too, so that growth or its end shows.
counters() {
    curl -s -u u1:bench -H "Host: a1.scale.test" \
        "http://127.0.0.1:$BN_HTTP_PORT/branchnet/api/health?detail=1" |
        perl -MJSON::PP -0777 -ne '
            my $c = eval { decode_json($_)->{counters} } || {};
            printf "%d %d %d\n", $c->{cache_misses} // -1,
                   $c->{decisions_granted} // -1,
                   $c->{decisions_denied} // -1'
}
# show_rss LABEL: reads "pid rss" lines (KiB).
show_rss() {
    awk -v what="$1" '
        { s += $2; list = list sprintf(" %6.1f", $2 / 1024) }
        END { printf "  %-28s%s   in all %6.1f\n", what, list, s / 1024 }'
}
# A child the shell has not waited for yet is a zombie, which kill -0
# would still find.
alive() {
    case $(ps -o stat= -p "$1" 2>/dev/null) in
    "" | Z*) return 1 ;;
    esac
}

echo
echo "Resident memory of httpd's children, MiB each:"
echo "$rss_start" | show_rss "at start"
rss_before=$(rss)
echo "$rss_before" | show_rss "after the table"
c0=$(counters)
rm -f "$BN_RUN/decisions.done"
BENCH_PATH=/member/static.txt BENCH_PEOPLE=$PEOPLE BENCH_THREADS=$THREADS \
    BENCH_OFFSET=$cold_offset BENCH_STOP_AFTER=$DECISIONS \
    BENCH_DONE_FILE="$BN_RUN/decisions.done" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d900s \
    -s "$BN_ROOT/tests/bench/cold.lua" \
    "http://127.0.0.1:$BN_HTTP_PORT/member/static.txt" \
    > "$BN_RUN/decisions.out" &
wrk_pid=$!
quarter=1
while alive "$wrk_pid" &&
      [ "$(cat "$BN_RUN/decisions.done" 2>/dev/null | wc -l)" -lt "$THREADS" ]
do
    sleep 1
    made=$(($(counters | cut -d' ' -f1) - ${c0%% *}))
    while [ $quarter -lt 4 ] && [ $made -ge $((DECISIONS / 4 * quarter)) ]
    do
        rss | show_rss "after $((DECISIONS / 4 * quarter)) decisions"
        quarter=$((quarter + 1))
    done
done
# wrk sleeps for all of -d even when its threads have stopped; SIGINT
# ends that sleep.
while alive "$wrk_pid"; do
    kill -INT "$wrk_pid" 2>/dev/null || true
    sleep 1
done
wait "$wrk_pid" || true
wrk_pid=""
c1=$(counters)
rss_after=$(rss)
echo "$rss_after" | show_rss "after $DECISIONS decisions"

entry_bytes=$(awk '$1 == "#define" && $2 == "BN_CACHE_ENTRY_BYTES" {
                   print $3 }' "$BN_ROOT/mod_branchnet/bn_access.c")
{
    echo "decisions $DECISIONS"
    echo "cache_size $cache_size"
    echo "entry_bytes ${entry_bytes:-0}"
    echo "processes $(echo "$rss_after" | wc -l)"
    echo "$rss_start" | awk '{ print "start", $1, $2 }'
    echo "$rss_before" | awk '{ print "before", $1, $2 }'
    echo "$rss_after" | awk '{ print "after", $1, $2 }'
} > "$BN_RUN/memory"
printf '%s\n%s\n' "$c0" "$c1" | awk \
    -v out="$(grep '^bench-cold:' "$BN_RUN/decisions.out" || true)" \
    -v time="$(awk '/requests in/ { sub(",", "", $4); print $4 }' \
               "$BN_RUN/decisions.out")" '
    NR == 1 { m0 = $1; g0 = $2; d0 = $3 }
    NR == 2 { m1 = $1; g1 = $2; d1 = $3 }
    END {
        split(out, f, " ")
        printf "wrk had %d answers (%d of them 403) in %s; meanwhile " \
               "the server\nmade %d decisions from the database (%d " \
               "granted, %d denied).\n", f[3], f[5], time, m1 - m0,
               g1 - g0, d1 - d0
    }'
# Growth of each child by pid; a pid missing from a list was started or
# replaced in between.
awk '
    $1 == "start" || $1 == "before" || $1 == "after" {
        kib[$1, $2] = $3; if ($1 == "after") pids[$2] = 1; next }
    { v[$1] = $2 }
    END {
        for (p in pids) {
            if (!(("before", p) in kib) || !(("start", p) in kib)) {
                replaced = 1; continue
            }
            g = kib["after", p] - kib["before", p]
            if (g > phase) phase = g
            g = kib["after", p] - kib["start", p]
            if (g > total) total = g
        }
        printf "BranchNetCacheSize %d decisions a process", v["cache_size"]
        if (v["entry_bytes"] > 0)
            printf ", bounded at %d x %d bytes\n= %.1f MiB a process, " \
                   "%.1f MiB for its %d processes", v["cache_size"],
                   v["entry_bytes"],
                   v["cache_size"] * v["entry_bytes"] / 1048576,
                   v["processes"] * v["cache_size"] * v["entry_bytes"] \
                       / 1048576, v["processes"]
        printf ".\nLargest growth of a process: %.1f MiB over these " \
               "decisions, %.1f MiB since start%s.\n", phase / 1024,
               total / 1024, replaced ? " (a process was replaced)" : ""
    }' "$BN_RUN/memory"

# The targets of the issue, with what this run measured.
echo
echo "Targets (printed, not asserted):"
awk -v ccs="$cache_size" '
    FILENAME ~ /medians$/ { rps[$1] = $2; p50[$1] = $3; p99[$1] = $4
                            q[$1] = $5; cpu[$1] = $6; next }
    $1 == "before" { s[$2] = $3; next }
    $1 == "after" { a[$2] = $3; next }
    $1 == "start" { next }
    { mem[$1] = $2 }
    function line(what, target, measured, holds) {
        printf "  %-50s %-11s %-10s %s\n", what, target, measured,
               holds ? "holds" : "does not hold"
    }
    function ratio(x, y) { return rps[y] > 0 ? rps[x] / rps[y] : 0 }
    END {
        r = ratio("member-warm", "basic")
        line("warm branchnet-member / Basic alone, req/s", ">= 0.95",
             sprintf("%.2f", r), r >= 0.95)
        d = cpu["member-warm"] - cpu["basic"]
        line("warm, httpd CPU a request over Basic alone", "<= +5 us",
             sprintf("%+.1f us", d), d <= 5)
        r = ratio("member-warm", "dbd-group")
        line("warm branchnet-member / dbd-group, req/s", ">= 2.6",
             sprintf("%.2f", r), r >= 2.6)
        r = ratio("proxy-member", "proxy-basic")
        line("proxied warm / proxied Basic alone, req/s", ">= 0.95",
             sprintf("%.2f", r), r >= 0.95)
        line("SQL statements and pings a warm request", "<= 0.01",
             sprintf("%.4f", q["member-warm"]), q["member-warm"] <= 0.01)
        line("a miss: database round trips (statements, pings)", "<= 1",
             sprintf("%.2f", q["member-cold"]), q["member-cold"] <= 1)
        r = ratio("member-cold", "dbd-cold")
        line("burst of misses: member-cold / dbd-cold, req/s", ">= 1.00",
             sprintf("%.2f", r), r >= 1)
        d = p50["member-warm-1c"] - p50["basic-1c"]
        line("one connection, warm p50 minus Basic alone p50", "<= 0.02ms",
             sprintf("%+.3f ms", d), d <= 0.02)
        line("GET /switcher, 50 accounts, 10,000 branches: p99",
             "<= 5 ms", sprintf("%.2f ms", p99["switcher"]),
             p99["switcher"] <= 5)
        line("employees, first page of 50 of 100,000: p99", "<= 10 ms",
             sprintf("%.2f ms", p99["employees-first"]),
             p99["employees-first"] <= 10)
        line("employees, page of 50 from 50,000 on: p99", "<= 10 ms",
             sprintf("%.2f ms", p99["employees-middle"]),
             p99["employees-middle"] <= 10)
        grow = 0
        for (p in a)
            if (p in s && a[p] - s[p] > grow) grow = a[p] - s[p]
        bound = mem["entry_bytes"] * ccs / 1048576
        line(sprintf("memory, %d decisions: growth of a process",
                     mem["decisions"]),
             bound > 0 ? sprintf("<= %.1f MiB", bound) : "bounded",
             sprintf("%.1f MiB", grow / 1024),
             bound > 0 ? grow / 1024 <= bound : 1)
    }' "$BN_RUN/medians" "$BN_RUN/memory"

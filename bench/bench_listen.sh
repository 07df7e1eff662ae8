#!/usr/bin/env bash
# bench/bench_listen.sh - the standalone agent (--listen) beside snmpd
# serving hrSWRunTable natively: the same host, the same processes, both
# answering SNMP themselves (no AgentX), walked alternately with
# `snmpbulkwalk -v2c -On -Cr50` and no MIB loaded.  Prints varbinds,
# median/min/max wall time, microseconds per varbind and the ratio of
# ours to snmpd's per varbind (medians of the runs).
#
#   bench/bench_listen.sh [-n EXTRA_PROCS] [-r RUNS] [-b AGENT_BINARY]
#
#   -n  idle processes to add (sleep children), default 2000
#   -r  runs of each walk, default 7
#   -b  the agent (default build/src/sysinfo-agentx); measure a plain
#       build, not a sanitizer one:
#         cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSIA_SANITIZE=OFF
#         cmake --build build-bench --target sysinfo-agentx
#         bench/bench_listen.sh -b build-bench/src/sysinfo-agentx
#
# Walks: hr (hrSWRunTable, 7 columns, snmpd) and ours (sysinfoProcessTable,
# 34 readable columns), both with `rocommunity public 127.0.0.1` (the
# same VACM check per varbind).  The agent's cache_ttl is 60 s so that
# every run is served from a snapshot already built (the scan is not what
# is measured here; snmpd's hrSWRun cache is warmed the same way).
# Not a test: it asserts nothing.  Private ports on loopback, its own
# configuration; everything it starts is stopped by pid.
set -euo pipefail
export LC_ALL=C

SRC=$(cd "$(dirname "$0")/.." && pwd)
PROCS=2000
RUNS=7
AGENT=${SIA_AGENT_BIN:-$SRC/build/src/sysinfo-agentx}
while getopts n:r:b:h opt; do
    case $opt in
    n) PROCS=$OPTARG ;;
    r) RUNS=$OPTARG ;;
    b) AGENT=$OPTARG ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2
        exit 2
        ;;
    esac
done
[ -x "$AGENT" ] || {
    echo "bench_listen: no agent at $AGENT" >&2
    exit 1
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sia-bench-listen.XXXXXX")
PIDS=()
IDLE=()
cleanup() {
    local status=$? p
    trap - EXIT INT TERM HUP
    if [ ${#IDLE[@]} -gt 0 ]; then
        kill -KILL "${IDLE[@]}" 2>/dev/null || true
        for p in "${IDLE[@]}"; do wait "$p" 2>/dev/null || true; done
    fi
    for p in "${PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null || continue
        for _ in $(seq 1 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    [ "$status" -eq 0 ] || tail -n 20 "$TMP"/*.log >&2 2>/dev/null || true
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# shellcheck source=../scripts/snmpenv.sh
. "$SRC/scripts/snmpenv.sh"
sia_snmp_isolate "$TMP/snmpenv"

HR_RUN=.1.3.6.1.2.1.25.4.2
PROC_TABLE=.$(sed -n 's/^#define SIA_OID_MIB  *\([0-9][0-9, ]*\).*/\1/p' \
    "$SRC/src/sysinfo_oids.h" | tr -d ' ' | tr ',' '.').1.2.1
CLIENT=(-v2c -c public -m '' -t 10 -r 1 -On)

free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 10000))
        [ -z "$(ss -Hantu "sport = :$p" 2>/dev/null)" ] && echo "$p" && return 0
    done
    return 1
}
answers() { snmpget "${CLIENT[@]}" "udp:127.0.0.1:$1" "$2" 2>/dev/null | grep -q ' = [A-Za-z0-9-]*: '; }
wait_for() {
    local deadline=$((SECONDS + 30))
    until answers "$1" "$2"; do
        [ "$SECONDS" -lt "$deadline" ] || {
            echo "bench_listen: nothing answers on port $1" >&2
            exit 1
        }
        sleep 0.2
    done
}

for _ in $(seq 1 "$PROCS"); do
    sleep 100000 >/dev/null 2>&1 &
    IDLE+=($!)
done

HR_PORT=$(free_port)
printf 'rocommunity public 127.0.0.1\ndontLogTCPWrappersConnects yes\n' >"$TMP/snmpd.conf"
snmpd -f -Lf "$TMP/snmpd.log" -C -c "$TMP/snmpd.conf" -m '' \
    -I -smux,hw_fsys,hrh_storage,hrh_filesys,hr_disk,hr_partition,disk_hw,diskio \
    "udp:127.0.0.1:$HR_PORT" >"$TMP/snmpd.out" 2>&1 &
PIDS+=($!)
OUR_PORT=$(free_port)
printf 'cache_ttl 60\nrocommunity public 127.0.0.1\n' >"$TMP/agent.conf"
"$AGENT" -f -Lf "$TMP/agent.log" -c "$TMP/agent.conf" \
    --listen "udp:127.0.0.1:$OUR_PORT" >"$TMP/agent.out" 2>&1 &
PIDS+=($!)
wait_for "$HR_PORT" .1.3.6.1.2.1.1.3.0
wait_for "$OUR_PORT" "${PROC_TABLE%.2.1}.1.14.0"

# walk NAME TOOL PORT OID [opts]: one timed walk; appends "us varbinds"
# to $TMP/NAME.
walk() {
    local name=$1 tool=$2 port=$3 oid=$4 t0 t1 n
    shift 4
    t0=${EPOCHREALTIME/./}
    "$tool" "${CLIENT[@]}" "$@" "udp:127.0.0.1:$port" "$oid" >"$TMP/out" 2>&1
    t1=${EPOCHREALTIME/./}
    n=$(grep -c "^$oid\\." "$TMP/out" || true)
    echo "$((t1 - t0)) $n" >>"$TMP/$name"
}
# one warm-up of each (the caches fill), then the measured runs
walk warm snmpbulkwalk "$HR_PORT" "$HR_RUN" -Cr50
walk warm snmpbulkwalk "$OUR_PORT" "$PROC_TABLE" -Cr50
for _ in $(seq 1 "$RUNS"); do
    walk hr snmpbulkwalk "$HR_PORT" "$HR_RUN" -Cr50
    walk ours snmpbulkwalk "$OUR_PORT" "$PROC_TABLE" -Cr50
done

# median of column 1 (us), and of us/varbind
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hr_per=$(awk '{ print $1 / $2 }' "$TMP/hr" | median)
echo "bench_listen: $(date -u '+%F %T UTC'), $(nproc) CPUs, $(find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' | wc -l) processes ($PROCS added), $RUNS runs each, medians"
printf '%-12s %9s %10s %10s %10s %11s %12s\n' walk varbinds "median ms" "min ms" "max ms" "us/varbind" "x hr/varb."
for name in hr ours; do
    f=$TMP/$name
    n=$(awk '{ print $2 }' "$f" | median)
    med=$(awk '{ print $1 }' "$f" | median)
    per=$(awk '{ print $1 / $2 }' "$f" | median)
    printf '%-12s %9s %10.1f %10.1f %10.1f %11.2f %12.2f\n' "$name" "$n" \
        "$(awk -v m="$med" 'BEGIN { print m / 1000 }')" \
        "$(sort -n "$f" | head -1 | awk '{ print $1 / 1000 }')" \
        "$(sort -n "$f" | tail -1 | awk '{ print $1 / 1000 }')" \
        "$per" "$(awk -v a="$per" -v b="$hr_per" 'BEGIN { print a / b }')"
done

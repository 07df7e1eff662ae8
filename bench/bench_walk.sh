#!/usr/bin/env bash
# bench/bench_walk.sh - how long a manager waits for the process table:
# snmpd's own hrSWRunTable (HOST-RESOURCES-MIB) served natively, the same
# hrSWRunTable served by `snmpd -X` as an AgentX subagent, and
# SYSINFO-MIB::sysinfoProcessTable (served by sysinfo-agentx through
# AgentX), on the same host, the same processes.
#
#   bench/bench_walk.sh [-n EXTRA_PROCS] [-r RUNS] [-b AGENT_BINARY]
#
#   -n  idle processes to add (sleep children), default 2000 (BENCH_PROCS)
#   -r  runs of each walk, alternating, default 5 (BENCH_RUNS)
#   -b  the agent, default $SIA_AGENT_BIN, else $SIA_BUILD/src/sysinfo-agentx,
#       else build/src/sysinfo-agentx.  Measure a plain build, not a
#       sanitizer one:
#         cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSIA_SANITIZE=OFF
#         cmake --build build-bench --target sysinfo-agentx
#         bench/bench_walk.sh -b build-bench/src/sysinfo-agentx
#   BENCH_CACHE_TTL  the agent's cache_ttl (default 5, the agent's default)
#
# Two private masters run side by side: master A serves hrSWRunTable
# natively; master B has its host resources process modules left out
# (-I -hrSWRunTable,hrSWRunPerfTable) and two AgentX subagents: a second
# snmpd started with -X that initializes only those modules
# (-I hrSWRunTable,swrun; net-snmp 5.9 calls them so, `snmpd -Dmib_init`
# lists the names), and sysinfo-agentx.  Each run times, with
# `snmpbulkwalk -v2c -Cr50 -On` and no MIB loaded:
#   hr      HOST-RESOURCES-MIB::hrSWRunTable (7 columns), master A, native;
#   hrX     the same table, master B, from the `snmpd -X` subagent;
#   sysinfo SYSINFO-MIB::sysinfoProcessTable (all 34 readable columns),
#           master B;
#   sub7    7 columns of ours comparable to hrSWRun's (Ppid, Name, Exe,
#           Args, State, CpuUser, Rss), one walk per column, times added,
#           master B.
# It prints varbinds, median/min/max wall time, the cost per varbind, the
# ratios to hr, the ratios to hrX (the fair one: the same AgentX path) and
# a short summary.  net-snmp's master turns each varbind of a GETBULK into
# one AgentX GetNext round trip to a subagent, so the subagents' walks
# cost (rows x columns) round trips; hr's cost none.
#
# Not a test: it asserts nothing.  It never touches the system's snmpd or
# ports 161/705: its masters listen on random loopback ports with their own
# configuration and AgentX sockets in a temp directory (the `snmpd -X`
# subagent listens on nothing), and everything it starts is stopped by pid
# on exit.
set -euo pipefail
export LC_ALL=C

SRC=$(cd "$(dirname "$0")/.." && pwd)
PROCS=${BENCH_PROCS:-2000}
RUNS=${BENCH_RUNS:-5}
TTL=${BENCH_CACHE_TTL:-5}
AGENT=${SIA_AGENT_BIN:-${SIA_BUILD:-$SRC/build}/src/sysinfo-agentx}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2
    exit 2
}
while getopts n:r:b:h opt; do
    case $opt in
    n) PROCS=$OPTARG ;;
    r) RUNS=$OPTARG ;;
    b) AGENT=$OPTARG ;;
    *) usage ;;
    esac
done
[[ $PROCS =~ ^[0-9]+$ && $RUNS =~ ^[1-9][0-9]*$ ]] || usage
for t in snmpd snmpbulkwalk snmpget snmpgetnext ss; do
    command -v "$t" >/dev/null || {
        echo "bench_walk: '$t' is not installed (scripts/deps.sh)" >&2
        exit 1
    }
done
[ -x "$AGENT" ] || {
    echo "bench_walk: no agent at $AGENT (build it, or pass -b)" >&2
    exit 1
}

# ------------------------------------------------------------ cleanup

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sia-bench.XXXXXX")
MASTER_PID=   # master A: hrSWRunTable native
MASTER_B_PID= # master B: no hrSWRunTable of its own
SUBX_PID=     # snmpd -X: hrSWRunTable as an AgentX subagent of B
AGENT_PID=    # sysinfo-agentx, subagent of B
IDLE=()       # the idle processes

# Stops everything by pid: the idle processes, the subagents, the masters.
cleanup() {
    local status=$? p
    trap - EXIT INT TERM HUP
    if [ ${#IDLE[@]} -gt 0 ]; then
        kill -KILL "${IDLE[@]}" 2>/dev/null || true
        for p in "${IDLE[@]}"; do wait "$p" 2>/dev/null || true; done
    fi
    for p in $AGENT_PID $SUBX_PID $MASTER_B_PID $MASTER_PID; do
        kill -TERM "$p" 2>/dev/null || continue
        for _ in $(seq 1 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        echo "bench_walk: failed (status $status); logs:" >&2
        tail -n 20 "$TMP"/*.log >&2 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ------------------------------------------------------------ OIDs

HR_RUN=.1.3.6.1.2.1.25.4.2 # HOST-RESOURCES-MIB::hrSWRunTable
PROC_TABLE=
# shellcheck source=scripts/mibpath.sh
if . "$SRC/scripts/mibpath.sh" && sia_mibpath_init 2>/dev/null; then
    PROC_TABLE=$(snmptranslate -M "$SIA_MIBDIRS" -m SYSINFO-MIB -On \
        SYSINFO-MIB::sysinfoProcessTable 2>/dev/null || true)
fi
if [ -z "$PROC_TABLE" ]; then # the C header's arc, as lib.sh reads it
    PROC_TABLE=.$(sed -n 's/^#define SIA_OID_MIB  *\([0-9][0-9, ]*\).*/\1/p' \
        "$SRC/src/sysinfo_oids.h" | tr -d ' ' | tr ',' '.').1.2.1
fi
ENTRY=$PROC_TABLE.1
PROC_COUNT=${PROC_TABLE%.2.1}.1.14.0 # sysinfoProcessCount.0
SUB7=(2 3 4 5 7 14 16)               # Ppid Name Exe Args State CpuUser Rss
SUB7_NAMES="Ppid Name Exe Args State CpuUser Rss"

# ------------------------------------------------------------ processes

# Started before the masters, so that their hrSWRun caches have them too.
count_procs() { find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' | wc -l; }
for _ in $(seq 1 "$PROCS"); do
    sleep 100000 >/dev/null 2>&1 &
    IDLE+=($!)
done

# ------------------------------------------------------------ masters, agents

free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 10000))
        [ -z "$(ss -Hantu "sport = :$p" 2>/dev/null)" ] && {
            echo "$p"
            return 0
        }
    done
    return 1
}

# shellcheck source=../scripts/snmpenv.sh
. "$SRC/scripts/snmpenv.sh"
sia_snmp_isolate "$TMP/snmpenv"

CLIENT=(-v2c -c public -m '' -t 10 -r 1)
# get [-options] PORT OID...: snmpget against the master on PORT
get() {
    local opts=(-On)
    while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
        opts+=("$1")
        shift
    done
    local port=$1
    shift
    snmpget "${CLIENT[@]}" "${opts[@]}" "udp:127.0.0.1:$port" "$@"
}
wait_for() { # SECONDS COMMAND...: until COMMAND succeeds
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}
has_value() { get "$1" "$2" 2>/dev/null | grep -q ' = [A-Za-z0-9-]*: '; }
# first_hr PORT: the first OID a GETNEXT of hrSWRunTable gives
first_hr() { snmpgetnext "${CLIENT[@]}" -On "udp:127.0.0.1:$1" "$HR_RUN" 2>&1 || true; }

# The modules that statfs mounts stay out of both masters (a hung mount
# elsewhere must not stall the bench), and SMUX (no port of its own).
NO_DISKS=-smux,hw_fsys,hrh_storage,hrh_filesys,hr_disk,hr_partition,disk_hw,diskio
# start_master NAME MODULES: snmpd as an AgentX master on a free loopback
# port, AgentX on $TMP/NAME.sock, reading only its own configuration (-C);
# MODULES is its -I list.  Sets PORT_OF[NAME] and STARTED (the pid).
declare -A PORT_OF
start_master() {
    local name=$1 port
    port=$(free_port)
    cat >"$TMP/$name.conf" <<CONF
master agentx
agentXSocket unix:$TMP/$name.sock
rocommunity public 127.0.0.1
dontLogTCPWrappersConnects yes
CONF
    snmpd -f -Lf "$TMP/$name.log" -C -c "$TMP/$name.conf" -m '' -I "$2" \
        -p "$TMP/$name.pid" "udp:127.0.0.1:$port" >"$TMP/$name.out" 2>&1 &
    STARTED=$!
    PORT_OF[$name]=$port
    wait_for 10 has_value "$port" .1.3.6.1.2.1.1.3.0 || {
        echo "bench_walk: master $name did not start" >&2
        exit 1
    }
}

# Master A serves hrSWRunTable itself (its host resources module).
start_master master "$NO_DISKS"
MASTER_PID=$STARTED
PORT=${PORT_OF[master]}
first=$(first_hr "$PORT")
case "$first" in
"$HR_RUN".*) ;;
*)
    echo "bench_walk: this snmpd does not serve hrSWRunTable: $first" >&2
    exit 1
    ;;
esac

# Master B: the same but for the process table and its performance
# table; nothing answers under hrSWRunTable until the subagent comes.
start_master masterB "$NO_DISKS,hrSWRunTable,hrSWRunPerfTable"
MASTER_B_PID=$STARTED
PORT_B=${PORT_OF[masterB]}
first=$(first_hr "$PORT_B")
case "$first" in
"$HR_RUN".*)
    echo "bench_walk: master B still serves hrSWRunTable natively: $first" >&2
    exit 1
    ;;
esac

# snmpd -X: an AgentX subagent of master B with only the process table
# (hrSWRunTable, and swrun, the process list it reads; without swrun
# snmpd 5.9.3 dies of SIGFPE on the first request).  A subagent opens no
# SNMP port.
printf 'agentXSocket unix:%s\n' "$TMP/masterB.sock" >"$TMP/subx.conf"
snmpd -f -X -x "unix:$TMP/masterB.sock" -Lf "$TMP/subx.log" -C \
    -c "$TMP/subx.conf" -m '' -I hrSWRunTable,swrun -p "$TMP/subx.pid" \
    >"$TMP/subx.out" 2>&1 &
SUBX_PID=$!
wait_for 10 has_value "$PORT_B" "$HR_RUN.1.1.1" || {
    echo "bench_walk: snmpd -X did not serve hrSWRunTable through master B" >&2
    exit 1
}

printf 'cache_ttl %s\n' "$TTL" >"$TMP/agent.conf"
"$AGENT" -f -x "unix:$TMP/masterB.sock" -Lf "$TMP/agent.log" \
    -c "$TMP/agent.conf" >"$TMP/agent.out" 2>&1 &
AGENT_PID=$!
wait_for 30 has_value "$PORT_B" "$PROC_COUNT" || {
    echo "bench_walk: the agent did not answer" >&2
    exit 1
}

# ------------------------------------------------------------ ready?

# Until the three tables have the added processes (the first and the
# last one): the agent's snapshot is refreshed every cache_ttl seconds,
# and snmpd caches hrSWRunTable too.
agent_count() { get -Oqv "$PORT_B" "$PROC_COUNT" 2>/dev/null | tr -dc 0-9; }
if [ "$PROCS" -gt 0 ]; then
    deadline=$((SECONDS + TTL + 90))
    until has_value "$PORT_B" "$ENTRY.2.${IDLE[0]}" &&
        has_value "$PORT_B" "$ENTRY.2.${IDLE[-1]}" &&
        has_value "$PORT" "$HR_RUN.1.7.${IDLE[0]}" &&
        has_value "$PORT" "$HR_RUN.1.7.${IDLE[-1]}" &&
        has_value "$PORT_B" "$HR_RUN.1.7.${IDLE[0]}" &&
        has_value "$PORT_B" "$HR_RUN.1.7.${IDLE[-1]}"; do
        [ "$SECONDS" -lt "$deadline" ] || {
            echo "bench_walk: agent or snmpd never listed pids ${IDLE[0]} and ${IDLE[-1]}" >&2
            exit 1
        }
        sleep 1
    done
fi

# ------------------------------------------------------------ runs

# walk PORT OID OUTFILE: one bulk walk; sets US to its wall time in
# microseconds.  A walk that fails (a timeout) ends the benchmark: its
# time would mean nothing.
walk() {
    local t0
    t0=${EPOCHREALTIME/./}
    if ! snmpbulkwalk "${CLIENT[@]}" -On -Cr50 "udp:127.0.0.1:$1" "$2" >"$3" 2>&1; then
        echo "bench_walk: the walk of $2 failed: $(tail -n 2 "$3")" >&2
        exit 1
    fi
    US=$((${EPOCHREALTIME/./} - t0))
}
varbinds() { grep -c '^\.' "$1" || true; }

declare -A TIMES COUNT
for r in $(seq 1 "$RUNS"); do
    walk "$PORT" "$HR_RUN" "$TMP/hr.out"
    TIMES[hr]+="$US "
    hr_us=$US
    COUNT[hr]=$(varbinds "$TMP/hr.out")
    walk "$PORT_B" "$HR_RUN" "$TMP/hrx.out"
    TIMES[hrx]+="$US "
    hrx_us=$US
    COUNT[hrx]=$(varbinds "$TMP/hrx.out")
    walk "$PORT_B" "$PROC_TABLE" "$TMP/sysinfo.out"
    TIMES[sysinfo]+="$US "
    sysinfo_us=$US
    COUNT[sysinfo]=$(varbinds "$TMP/sysinfo.out")
    total=0 n=0
    for c in "${SUB7[@]}"; do
        walk "$PORT_B" "$ENTRY.$c" "$TMP/sub.out"
        total=$((total + US))
        n=$((n + $(varbinds "$TMP/sub.out")))
        [ "$c" != 2 ] || COUNT[rows]=$(varbinds "$TMP/sub.out")
    done
    TIMES[sub7]+="$total "
    COUNT[sub7]=$n
    # the fixed cost of one client run: snmpget of the master's sysUpTime
    t0=${EPOCHREALTIME/./}
    get "$PORT" .1.3.6.1.2.1.1.3.0 >/dev/null
    TIMES[get]+="$((${EPOCHREALTIME/./} - t0)) "
    printf 'run %d/%d: hr %d ms, hrX %d ms, sysinfo %d ms, sub7 %d ms\n' \
        "$r" "$RUNS" $((hr_us / 1000)) $((hrx_us / 1000)) \
        $((sysinfo_us / 1000)) $((total / 1000)) >&2
done

# stats "US..." -> "median min max" in milliseconds
stats() {
    tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '
        { v[NR] = $1 }
        END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000
        }'
}

agent_kind=plain
if grep -aq __asan_init "$AGENT" 2>/dev/null; then agent_kind="ASan build: slower"; fi
echo "== bench_walk: $(nproc) CPUs, $(uname -sr), $(snmpd -v | sed -n 's/^NET-SNMP version: *//p')"
echo "   agent $AGENT ($agent_kind), cache_ttl $TTL"
echo "   processes: $(count_procs) in /proc ($PROCS idle ones added), agent's sysinfoProcessCount $(agent_count)"
echo "   $RUNS runs, alternating; snmpbulkwalk -v2c -Cr50 -On, no MIB loaded"
read -r gmed gmin gmax < <(stats "${TIMES[get]}")
echo "   one snmpget of sysUpTime.0 (client start-up + one round trip): median $gmed ms ($gmin..$gmax)"
echo "   master A serves hrSWRunTable natively; master B has snmpd -X (hrSWRunTable) and sysinfo-agentx as AgentX subagents"
echo
printf '%-34s %9s %10s %10s %10s %12s %8s\n' walk varbinds "median ms" "min ms" "max ms" "us/varbind" "x hr"
read -r hmed _ < <(stats "${TIMES[hr]}")
declare -A MED USV
for k in hr hrx sysinfo sub7; do
    case $k in
    hr) label="hrSWRunTable (snmpd, 7 cols)" ;;
    hrx) label="hrSWRunTable (snmpd -X, AgentX)" ;;
    sysinfo) label="sysinfoProcessTable (AgentX, all)" ;;
    sub7) label="sysinfo 7 cols, 7 walks (AgentX)" ;;
    esac
    read -r med min max < <(stats "${TIMES[$k]}")
    MED[$k]=$med
    USV[$k]=$(awk -v n="${COUNT[$k]}" -v med="$med" \
        'BEGIN { printf "%.1f", n ? med * 1000 / n : 0 }')
    awk -v l="$label" -v n="${COUNT[$k]}" -v med="$med" -v min="$min" \
        -v max="$max" -v h="$hmed" -v u="${USV[$k]}" 'BEGIN {
        printf "%-34s %9d %10.1f %10.1f %10.1f %12.1f %8.1f\n", l, n, med,
            min, max, u, (h > 0 ? med / h : 0) }'
done
echo
echo "sub7 columns: $SUB7_NAMES (its time includes 7 client start-ups; see the snmpget line)"
echo "rows: hrSWRunTable $((COUNT[hr] / 7)) (snmpd -X: $((COUNT[hrx] / 7))), sysinfoProcessTable ${COUNT[rows]} (Ppid column)"

# ratio A B: A / B with two decimals (0 when B is 0)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo
echo "against snmpd -X (the same AgentX path through the same master):"
for k in sub7 sysinfo; do
    case $k in
    sub7) label="sysinfo 7 cols, 7 walks" ;;
    sysinfo) label="sysinfoProcessTable, all" ;;
    esac
    printf '  %-26s time x%s, varbinds x%s, per varbind x%s\n' "$label" \
        "$(ratio "${MED[$k]}" "${MED[hrx]}")" \
        "$(ratio "${COUNT[$k]}" "${COUNT[hrx]}")" \
        "$(ratio "${USV[$k]}" "${USV[hrx]}")"
done
echo
printf 'summary: hrSWRunTable (%d rows x 7) takes %s ms from snmpd natively, %s ms (x%s) from snmpd -X as an AgentX subagent.\n' \
    $((COUNT[hr] / 7)) "${MED[hr]}" "${MED[hrx]}" "$(ratio "${MED[hrx]}" "${MED[hr]}")"
printf '  ours, the 7 comparable columns: %s ms = x%s snmpd -X (%s vs %s us/varbind), x%s native;\n' \
    "${MED[sub7]}" "$(ratio "${MED[sub7]}" "${MED[hrx]}")" "${USV[sub7]}" \
    "${USV[hrx]}" "$(ratio "${MED[sub7]}" "${MED[hr]}")"
printf '  ours, all 34 columns: %s ms = x%s snmpd -X for x%s its varbinds, x%s native.\n' \
    "${MED[sysinfo]}" "$(ratio "${MED[sysinfo]}" "${MED[hrx]}")" \
    "$(ratio "${COUNT[sysinfo]}" "${COUNT[hrx]}")" \
    "$(ratio "${MED[sysinfo]}" "${MED[hr]}")"

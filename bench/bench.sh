#!/usr/bin/env bash
# bench/bench.sh - what the agent costs, side by side with what users run
# today, in one run: walks per varbind, idle CPU, memory, scan time, the
# mount table.  One command (after a build):
#
#   bash bench/bench.sh [--processes N] [--quick] [--runs R] [--build DIR]
#                       [--json FILE]
#
#   --processes N  idle processes added, with realistic names and command
#                  lines (bench/idler.c through symlinks), default 2000;
#                  removed at the end whatever happens, by pid
#   --quick        3 runs, a 10 s idle window (about a minute in all)
#   --runs R       runs of each walk and scan, alternating (default 5)
#   --idle SECS    the idle window (default 60; 10 with --quick)
#   --build DIR    the build with the agent and bench/ helpers (default
#                  $SIA_BUILD, else build); measure a plain build:
#                    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release \
#                      -DSIA_BUILD_TESTS=OFF && cmake --build build-bench -j2
#   --json FILE    every figure as JSON (default bench-results.json here)
#   --instructions also count, with valgrind's callgrind, the instructions
#                  per varbind of (d) and (e): a fresh snmpd and a fresh
#                  standalone agent under callgrind each serve 1, then 3
#                  walks after a warm-up one; a walk costs half the
#                  difference.  Instruction counts do not move with the
#                  load of a shared machine; adds a few minutes
#   --scale M      after everything else, add idle processes up to M in
#                  all and time the scans again: the per-process cost at
#                  M beside that at N (default 10000 when N is below it;
#                  0, the default with --quick: no second scan)
#
# Walks (snmpbulkwalk -v2c -Cr50, no MIB loaded; medians of the runs; the
# masters wait 10 s for a subagent, so that a loaded machine does not make
# them drop snmpd -X while it loads 10,000 processes):
#   ours      sysinfoProcessTable through AgentX (master B)
#   floor     bench/floor_subagent.c: a trivial subagent on the same
#             library answering a static table of the same shape (rows x
#             34 columns) in O(1), through master B: the AgentX floor
#   snmpd-X   hrSWRunTable from `snmpd -X` through master B
#   native    hrSWRunTable served by snmpd itself (master A)
#   listen    ours standalone (--listen), when the agent has the option
# Idle: CPU (utime+stime from /proc/PID/stat) of the agent and of snmpd
# (master A) over the idle window with nobody asking, per minute; RSS
# steady (VmRSS after it) and peak (VmHWM).  Scan: bench/scantime.c (the
# agent's own process scan), `ps` with the equivalent columns, and
# bench/readfloor.c (only opens and reads the files a scan needs).  As
# root, the whole bench runs in a private mount namespace with 200 tmpfs
# mounts, and the mount table is walked.
#
# Not a test: it asserts nothing (tests/bench/test_bench_smoke.sh checks a
# --quick run is complete).  It never touches the system's snmpd or ports
# 161/705; everything it starts is stopped by pid on exit.
set -euo pipefail
export LC_ALL=C

SRC=$(cd "$(dirname "$0")/.." && pwd)
PROCS=2000
RUNS=5
IDLE_S=
QUICK=0
TTL=5
BUILD=${SIA_BUILD:-$SRC/build}
JSON=$PWD/bench-results.json
MOUNTS=200
SCALE=
INSTR=0

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case $1 in
    --processes) PROCS=$2; shift ;;
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --idle) IDLE_S=$2; shift ;;
    --build) BUILD=$2; shift ;;
    --json) JSON=$2; shift ;;
    --scale) SCALE=$2; shift ;;
    --instructions) INSTR=1 ;;
    *) usage ;;
    esac
    shift
done
[ "$QUICK" = 0 ] || { RUNS=3 && IDLE_S=${IDLE_S:-10} && SCALE=${SCALE:-0}; }
IDLE_S=${IDLE_S:-60}
SCALE=${SCALE:-10000}
[[ $PROCS =~ ^[0-9]+$ && $RUNS =~ ^[1-9][0-9]*$ && $IDLE_S =~ ^[1-9][0-9]*$ &&
    $SCALE =~ ^[0-9]+$ ]] || usage
[ "$SCALE" -gt "$PROCS" ] || SCALE=0
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
case $JSON in /*) ;; *) JSON=$PWD/$JSON ;; esac
AGENT=$BUILD/src/sysinfo-agentx
for t in snmpd snmpbulkwalk snmpget snmpgetnext ss ps; do
    command -v "$t" >/dev/null || {
        echo "bench: '$t' is not installed (scripts/deps.sh)" >&2
        exit 1
    }
done
for b in "$AGENT" "$BUILD"/bench/sia_{readfloor,scantime,floor_subagent,idler}; do
    [ -x "$b" ] || {
        echo "bench: no $b (build first, or pass --build)" >&2
        exit 1
    }
done

# As root: re-run in a private mount namespace, for the tmpfs mounts.
if [ "$(id -u)" = 0 ] && [ -z "${SIA_BENCH_NS:-}" ] && command -v unshare >/dev/null &&
    unshare -m --propagation private true 2>/dev/null; then
    again=(--processes "$PROCS" --runs "$RUNS" --idle "$IDLE_S" --build "$BUILD"
        --json "$JSON" --scale "$SCALE")
    [ "$INSTR" = 0 ] || again+=(--instructions)
    SIA_BENCH_NS=1 exec unshare -m --propagation private bash "$0" "${again[@]}"
fi

# ------------------------------------------------------------ cleanup

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sia-bench.XXXXXX")
PIDS=() # daemons, stopped in reverse order
IDLE=() # the idle processes

cleanup() {
    local status=$? p i
    trap - EXIT INT TERM HUP
    if [ ${#IDLE[@]} -gt 0 ]; then
        kill -KILL "${IDLE[@]}" 2>/dev/null || true
        for p in "${IDLE[@]}"; do wait "$p" 2>/dev/null || true; done
    fi
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        p=${PIDS[i]}
        kill -TERM "$p" 2>/dev/null || continue
        for _ in $(seq 1 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    if [ -d "$TMP/mnt" ]; then
        for p in "$TMP"/mnt/*; do umount "$p" 2>/dev/null || true; done
    fi
    if [ "$status" -ne 0 ]; then
        echo "bench: failed (status $status); logs:" >&2
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
FLOOR=.1.3.6.1.4.1.8072.9999.9999.13.1
MIB=.$(sed -n 's/^#define SIA_OID_MIB  *\([0-9][0-9, ]*\).*/\1/p' \
    "$SRC/src/sysinfo_oids.h" | tr -d ' ' | tr ',' '.')
PROC_TABLE=$MIB.1.2.1
ENTRY=$PROC_TABLE.1
PROC_COUNT=$MIB.1.1.14.0 # sysinfoProcessCount.0
MOUNT_TABLE=$MIB.1.3.1

# ------------------------------------------------------------ processes

# Idle processes named and called like a server's daemons: bench/idler.c
# through symlinks (the kernel's comm is the link's name).
mkdir -p "$TMP/bin"
NAMES=(nginx postgres java python3 node php-fpm8.2 gunicorn redis-server
    sshd cron containerd-shim memcached)
ARGS=("-g daemon off; master_process on;" "-D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf"
    "-Xms256m -Xmx2g -XX:+UseG1GC -Dspring.profiles.active=prod -jar /opt/app/service.jar --server.port=8080"
    "/usr/local/bin/worker.py --queue default --concurrency 4 --loglevel info"
    "/srv/app/dist/server.js --port 3000" "--nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf"
    "app.wsgi:application --bind 127.0.0.1:8000 --workers 4 --timeout 30" "127.0.0.1:6379"
    "-D -o PermitRootLogin=no" "-f" "-namespace moby -id 3f2a9c0e1b7d -address /run/containerd/containerd.sock"
    "-m 64 -p 11211 -u memcache -l 127.0.0.1")
for n in "${NAMES[@]}"; do ln -s "$BUILD/bench/sia_idler" "$TMP/bin/$n"; done
count_procs() { find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l; }
spawn_idle() { # COUNT
    local i k
    for i in $(seq 1 "$1"); do
        k=$(((${#IDLE[@]} + 1) % ${#NAMES[@]}))
        # shellcheck disable=SC2086 # the arguments are words
        "$TMP/bin/${NAMES[k]}" ${ARGS[k]} >/dev/null 2>&1 &
        IDLE+=($!)
    done
}
spawn_idle "$PROCS"

# 200 tmpfs mounts, when in our private mount namespace
NMOUNTS=0
if [ -n "${SIA_BENCH_NS:-}" ]; then
    mkdir -p "$TMP/mnt"
    for i in $(seq 1 "$MOUNTS"); do
        mkdir "$TMP/mnt/$i"
        mount -t tmpfs -o size=1m "bench$i" "$TMP/mnt/$i" && NMOUNTS=$((NMOUNTS + 1))
    done
fi

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
get() { # PORT OID...
    local port=$1
    shift
    snmpget "${CLIENT[@]}" -On "udp:127.0.0.1:$port" "$@"
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
first_of() { snmpgetnext "${CLIENT[@]}" -On "udp:127.0.0.1:$1" "$2" 2>&1 || true; }

NO_DISKS=-smux,hw_fsys,hrh_storage,hrh_filesys,hr_disk,hr_partition,disk_hw,diskio
declare -A PORT_OF
start_master() { # NAME MODULES
    local name=$1 port
    port=$(free_port)
    cat >"$TMP/$name.conf" <<CONF
master agentx
agentXSocket unix:$TMP/$name.sock
agentXTimeout 10
rocommunity public 127.0.0.1
dontLogTCPWrappersConnects yes
CONF
    snmpd -f -Lf "$TMP/$name.log" -C -c "$TMP/$name.conf" -m '' -I "$2" \
        -p "$TMP/$name.pid" "udp:127.0.0.1:$port" >"$TMP/$name.out" 2>&1 &
    PIDS+=($!)
    PORT_OF[$name]=$port
    wait_for 10 has_value "$port" .1.3.6.1.2.1.1.3.0 || {
        echo "bench: master $name did not start" >&2
        exit 1
    }
}

start_master master "$NO_DISKS"
SNMPD_PID=${PIDS[-1]}
PORT=${PORT_OF[master]}
case "$(first_of "$PORT" "$HR_RUN")" in
"$HR_RUN".*) ;;
*) echo "bench: this snmpd does not serve hrSWRunTable" >&2 && exit 1 ;;
esac
start_master masterB "$NO_DISKS,hrSWRunTable,hrSWRunPerfTable"
PORT_B=${PORT_OF[masterB]}

printf 'agentXSocket unix:%s\n' "$TMP/masterB.sock" >"$TMP/subx.conf"
snmpd -f -X -x "unix:$TMP/masterB.sock" -Lf "$TMP/subx.log" -C \
    -c "$TMP/subx.conf" -m '' -I hrSWRunTable,swrun -p "$TMP/subx.pid" \
    >"$TMP/subx.out" 2>&1 &
PIDS+=($!)
wait_for 90 has_value "$PORT_B" "$HR_RUN.1.1.1" || {
    echo "bench: snmpd -X did not serve hrSWRunTable through master B" >&2
    exit 1
}

printf 'cache_ttl %s\n' "$TTL" >"$TMP/agent.conf"
"$AGENT" -f -x "unix:$TMP/masterB.sock" -Lf "$TMP/agent.log" \
    -c "$TMP/agent.conf" >"$TMP/agent.out" 2>&1 &
AGENT_PID=$!
PIDS+=($!)
wait_for 90 has_value "$PORT_B" "$PROC_COUNT" || {
    echo "bench: the agent did not answer" >&2
    exit 1
}

# ours standalone, when the agent has --listen
LISTEN=n/a
if "$AGENT" --help 2>&1 | grep -q -- --listen; then
    PORT_L=$(free_port)
    printf 'cache_ttl %s\nrocommunity public 127.0.0.1\n' "$TTL" >"$TMP/listen.conf"
    "$AGENT" -f --listen "udp:127.0.0.1:$PORT_L" -Lf "$TMP/listen.log" \
        -c "$TMP/listen.conf" >"$TMP/listen.out" 2>&1 &
    PIDS+=($!)
    if wait_for 30 has_value "$PORT_L" "$PROC_COUNT"; then
        LISTEN=$PORT_L
    else
        echo "bench: the standalone agent did not answer; listen = n/a" >&2
    fi
fi

# Until both agents list the added processes (snmpd caches hrSWRun too).
if [ "$PROCS" -gt 0 ]; then
    deadline=$((SECONDS + TTL + 90))
    until has_value "$PORT_B" "$ENTRY.2.${IDLE[-1]}" &&
        has_value "$PORT" "$HR_RUN.1.7.${IDLE[-1]}" &&
        has_value "$PORT_B" "$HR_RUN.1.7.${IDLE[-1]}"; do
        [ "$SECONDS" -lt "$deadline" ] || {
            echo "bench: agent or snmpd never listed pid ${IDLE[-1]}" >&2
            exit 1
        }
        sleep 1
    done
fi

agent_count() { get "$PORT_B" "$PROC_COUNT" 2>/dev/null | sed 's/.*: //' | tr -dc 0-9; }
ROWS=$(agent_count)
"$BUILD/bench/sia_floor_subagent" -x "unix:$TMP/masterB.sock" -r "$ROWS" -c 34 \
    >"$TMP/floor.log" 2>&1 &
PIDS+=($!)
wait_for 10 has_value "$PORT_B" "$FLOOR.1.1.1" || {
    echo "bench: the floor subagent did not answer" >&2
    exit 1
}


# ------------------------------------------------------------ walks

# walk PORT OID OUTFILE: one bulk walk; US = its wall time in microseconds
walk() {
    local t0
    t0=${EPOCHREALTIME/./}
    if ! snmpbulkwalk "${CLIENT[@]}" -On -Cr50 "udp:127.0.0.1:$1" "$2" >"$3" 2>&1; then
        echo "bench: the walk of $2 on port $1 failed: $(tail -n 2 "$3")" >&2
        exit 1
    fi
    US=$((${EPOCHREALTIME/./} - t0))
}
varbinds() { grep -c '^\.' "$1" || true; }

declare -A TIMES COUNT IRV
KINDS=(ours floor hrx native)
[ "$LISTEN" = n/a ] || KINDS+=(listen)
[ "$NMOUNTS" = 0 ] || KINDS+=(mounts)
declare -A WPORT=([ours]=$PORT_B [floor]=$PORT_B [hrx]=$PORT_B [native]=$PORT
    [listen]=$LISTEN [mounts]=$PORT_B)
declare -A WOID=([ours]=$PROC_TABLE [floor]=$FLOOR [hrx]=$HR_RUN [native]=$HR_RUN
    [listen]=$PROC_TABLE [mounts]=$MOUNT_TABLE)
for r in $(seq 1 "$RUNS"); do
    line="run $r/$RUNS:"
    for k in "${KINDS[@]}"; do
        walk "${WPORT[$k]}" "${WOID[$k]}" "$TMP/$k.out"
        TIMES[$k]+="$US "
        COUNT[$k]=$(varbinds "$TMP/$k.out")
        line+=" $k $((US / 1000)) ms"
    done
    echo "$line" >&2
done

# ------------------------------------------------------------ idle

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
echo "idle window: ${IDLE_S} s with nobody asking" >&2
a0=$(cpu_ticks "$AGENT_PID") s0=$(cpu_ticks "$SNMPD_PID") t0=${EPOCHREALTIME/./}
sleep "$IDLE_S"
a1=$(cpu_ticks "$AGENT_PID") s1=$(cpu_ticks "$SNMPD_PID") t1=${EPOCHREALTIME/./}
HZ=$(getconf CLK_TCK)
per_min() { awk -v t="$1" -v hz="$HZ" -v us="$2" 'BEGIN { printf "%.3f", t / hz * 60e6 / us }'; }
IDLE_AGENT=$(per_min $((a1 - a0)) $((t1 - t0)))
IDLE_SNMPD=$(per_min $((s1 - s0)) $((t1 - t0)))
RSS_AGENT=$(status_kb "$AGENT_PID" VmRSS) HWM_AGENT=$(status_kb "$AGENT_PID" VmHWM)
RSS_SNMPD=$(status_kb "$SNMPD_PID" VmRSS) HWM_SNMPD=$(status_kb "$SNMPD_PID" VmHWM)

# ------------------------------------------------------------ scans

PS_COLS=pid,ppid,uid,user,stat,rss,vsz,nlwp,ni,pri,tty,lstart,time,comm,args
# The three alternate, one run each per round: the load of a shared
# machine drifts, and a batch of one kind would catch a different load.
to_us() { awk -v m="$1" 'BEGIN { printf "%d", m * 1000 }'; }
declare -A SCAN_ROWS SCAN_HWM
scans() { # SUFFIX: TIMES[ps|readfloor|scan SUFFIX], SCAN_ROWS/HWM[SUFFIX]
    local r t0 ms n
    for r in $(seq 1 "$RUNS"); do
        t0=${EPOCHREALTIME/./}
        ps -eo "$PS_COLS" >/dev/null
        TIMES[ps$1]+="$((${EPOCHREALTIME/./} - t0)) "
        read -r ms _ < <("$BUILD/bench/sia_readfloor" 1)
        TIMES[readfloor$1]+="$(to_us "$ms") "
        while read -r ms n; do
            [ "$ms" = rss_kb ] && { SCAN_HWM[n$1]=$n; continue; }
            TIMES[scan$1]+="$(to_us "$ms") "
            SCAN_ROWS[n$1]=$n
        done < <("$BUILD/bench/sia_scantime" 1)
    done
}
scans ""

# ------------------------------------------------------------ instructions

# cg_run KIND WALKS: a fresh snmpd (native) or standalone agent (listen)
# under callgrind serves a warm-up walk and WALKS more; prints its total
# instructions and the varbinds of a walk.  Both keep their tables 30 s (snmpd's hrSWRun cache time).
cg_run() {
    local port out=$TMP/cg.$1.$2 oid p i
    port=$(free_port)
    if [ "$1" = native ]; then
        printf 'rocommunity public 127.0.0.1\ndontLogTCPWrappersConnects yes\n' >"$TMP/cg.conf"
        valgrind --tool=callgrind --callgrind-out-file="$out" snmpd -f -C \
            -c "$TMP/cg.conf" -Lf "$TMP/cg-native.log" -m '' -I "$NO_DISKS" \
            "udp:127.0.0.1:$port" >/dev/null 2>&1 &
        oid=$HR_RUN
    else
        printf 'cache_ttl 30\nrocommunity public 127.0.0.1\n' >"$TMP/cg.conf"
        valgrind --tool=callgrind --callgrind-out-file="$out" "$AGENT" -f \
            --listen "udp:127.0.0.1:$port" -c "$TMP/cg.conf" \
            -Lf "$TMP/cg-listen.log" >/dev/null 2>&1 &
        oid=$PROC_TABLE
    fi
    p=$!
    PIDS+=("$p")
    wait_for 120 has_value "$port" .1.3.6.1.2.1.1.3.0 || {
        echo "bench: $1 under callgrind did not answer" >&2
        exit 1
    }
    for i in $(seq 0 "$2"); do walk "$port" "$oid" "$TMP/cg-$1.out"; done
    kill -TERM "$p"
    wait "$p" 2>/dev/null || true
    echo "$(sed -n 's/^totals: //p' "$out") $(varbinds "$TMP/cg-$1.out")"
}
if [ "$INSTR" = 1 ]; then
    command -v valgrind >/dev/null || {
        echo "bench: --instructions needs valgrind" >&2
        exit 1
    }
    for k in native listen; do
        [ "$k" = listen ] && [ "$LISTEN" = n/a ] && continue
        # valgrind cannot run an AddressSanitizer build
        [ "$k" = listen ] && grep -aq __asan_init "$AGENT" && {
            echo "instructions: listen n/a (the agent is an ASan build)" >&2
            continue
        }
        echo "instructions: $k under callgrind" >&2
        read -r one _ < <(cg_run "$k" 1)
        read -r three COUNT[cg_$k] < <(cg_run "$k" 3)
        IRV[$k]=$(awk -v a="$one" -v b="$three" -v n="${COUNT[cg_$k]}" \
            'BEGIN { printf "%.0f", (b - a) / 2 / n }')
    done
fi
# The same scans with SCALE processes in all: the per-process cost at
# both sizes comes from one run, on one machine state.
if [ "$SCALE" -gt 0 ]; then
    echo "scale: adding $((SCALE - PROCS)) idle processes" >&2
    spawn_idle $((SCALE - PROCS))
    scans _scale
fi

# ------------------------------------------------------------ report

median() { # "US..." -> median in ms
    tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f", m / 1000 }'
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", ($1) }"; }
declare -A MED USV
for k in "${KINDS[@]}" ps readfloor scan; do MED[$k]=$(median "${TIMES[$k]}"); done
if [ "$SCALE" -gt 0 ]; then
    for k in ps readfloor scan; do MED[${k}_scale]=$(median "${TIMES[${k}_scale]}"); done
fi
for k in "${KINDS[@]}"; do
    USV[$k]=$(calc "${COUNT[$k]} ? ${MED[$k]} * 1000 / ${COUNT[$k]} : 0" 2)
done
MED[listen]=${MED[listen]:-n/a} USV[listen]=${USV[listen]:-n/a} COUNT[listen]=${COUNT[listen]:-n/a}
MED[mounts]=${MED[mounts]:-n/a} USV[mounts]=${USV[mounts]:-n/a} COUNT[mounts]=${COUNT[mounts]:-n/a}
ratio() { [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && calc "$2 > 0 ? $1 / $2 : 0" || echo n/a; }
PER_PROC_US=$(calc "${MED[scan]} * 1000 / ${SCAN_ROWS[n]}" 1)
PER_PROC_SCALE=n/a
[ "$SCALE" = 0 ] || PER_PROC_SCALE=$(calc "${MED[scan_scale]} * 1000 / ${SCAN_ROWS[n_scale]}" 1)

kind=plain
grep -aq __asan_init "$AGENT" 2>/dev/null && kind="ASan build: slower"
echo "== bench: $(date -u +%FT%TZ), $(nproc) CPUs, $(uname -sr), net-snmp $(snmpd -v | sed -n 's/^NET-SNMP version: *//p')"
echo "   agent $AGENT ($kind), cache_ttl $TTL; $RUNS runs; processes in /proc: $(count_procs) ($PROCS idle ones added); table rows $ROWS"
echo
printf '%-46s %9s %10s %11s %9s\n' "walk (snmpbulkwalk -Cr50)" varbinds "median ms" "us/varbind" "x native"
for k in ours floor hrx native listen mounts; do
    case $k in
    ours) l="(a) ours, sysinfoProcessTable via AgentX" ;;
    floor) l="(b) AgentX floor: O(1) subagent, same shape" ;;
    hrx) l="(c) snmpd -X hrSWRunTable via AgentX" ;;
    native) l="(d) snmpd native hrSWRunTable" ;;
    listen) l="(e) ours standalone (--listen)" ;;
    mounts) l="ours, sysinfoMountTable ($NMOUNTS tmpfs) via AgentX" ;;
    esac
    printf '%-46s %9s %10s %11s %9s\n' "$l" "${COUNT[$k]}" "${MED[$k]}" "${USV[$k]}" \
        "$(if [ "$k" = mounts ]; then echo -; else ratio "${USV[$k]}" "${USV[native]}"; fi)"
done
echo
printf '%-46s %12s %12s\n' "" ours snmpd
printf '%-46s %12s %12s\n' "CPU s per minute, idle (${IDLE_S} s window)" "$IDLE_AGENT" "$IDLE_SNMPD"
printf '%-46s %12s %12s\n' "RSS steady MB" "$(calc "$RSS_AGENT / 1024" 1)" "$(calc "$RSS_SNMPD / 1024" 1)"
printf '%-46s %12s %12s\n' "RSS peak MB" "$(calc "$HWM_AGENT / 1024" 1)" "$(calc "$HWM_SNMPD / 1024" 1)"
echo
scan_table() { # SUFFIX
    local s=$1
    printf '%-46s %10s %12s\n' "process scan (${SCAN_ROWS[n$s]} processes)" "median ms" "x readfloor"
    printf '%-46s %10s %12s\n' "ours (bench/scantime: the agent's scan)" "${MED[scan$s]}" "$(ratio "${MED[scan$s]}" "${MED[readfloor$s]}")"
    printf '%-46s %10s %12s\n' "ps -eo $PS_COLS" "${MED[ps$s]}" "$(ratio "${MED[ps$s]}" "${MED[readfloor$s]}")"
    printf '%-46s %10s %12s\n' "readfloor (open+read the same files)" "${MED[readfloor$s]}" 1.00
}
scan_table ""
echo "   ours per process: $PER_PROC_US us; ours / ps: $(ratio "${MED[scan]}" "${MED[ps]}")"
if [ "$SCALE" -gt 0 ]; then
    echo
    scan_table _scale
    echo "   ours per process: $PER_PROC_SCALE us; ours / ps: $(ratio "${MED[scan_scale]}" "${MED[ps_scale]}");" \
        "per process, ${SCAN_ROWS[n_scale]} vs ${SCAN_ROWS[n]} processes: $(ratio "$PER_PROC_SCALE" "$PER_PROC_US")"
fi
if [ "$INSTR" = 1 ]; then
    echo
    printf '%-46s %9s %11s %9s\n' "instructions (callgrind), one walk" varbinds "Ir/varbind" "x native"
    printf '%-46s %9s %11s %9s\n' "(d) snmpd native hrSWRunTable" "${COUNT[cg_native]}" "${IRV[native]}" 1.00
    printf '%-46s %9s %11s %9s\n' "(e) ours standalone (--listen)" "${COUNT[cg_listen]:-n/a}" \
        "${IRV[listen]:-n/a}" "$(ratio "${IRV[listen]:-}" "${IRV[native]}")"
fi
echo
echo "targets: idle ours <= snmpd + 0.1 s/min: $IDLE_AGENT vs $(calc "$IDLE_SNMPD + 0.1" 3);" \
    "AgentX walk <= 1.2 x floor: $(ratio "${USV[ours]}" "${USV[floor]}");" \
    "standalone <= 1.0 x native: $(ratio "${USV[listen]}" "${USV[native]}")$(
        [ "$INSTR" = 0 ] || echo " (instructions: $(ratio "${IRV[listen]:-}" "${IRV[native]:-}"))");" \
    "scan < ps: $(ratio "${MED[scan]}" "${MED[ps]}"), <= 1.5 x readfloor: $(ratio "${MED[scan]}" "${MED[readfloor]}");" \
    "RSS < snmpd: $(ratio "$RSS_AGENT" "$RSS_SNMPD")$(
        [ "$SCALE" = 0 ] || echo "; per-process scan cost at $SCALE <= 1.3 x at $PROCS: $(ratio "$PER_PROC_SCALE" "$PER_PROC_US")")"

num() { [[ $1 =~ ^-?[0-9.]+$ ]] && echo "$1" || echo null; }
{
    echo "{"
    echo "  \"date\": \"$(date -u +%FT%TZ)\","
    echo "  \"machine\": \"$(nproc) CPUs, $(uname -sr)\","
    echo "  \"agent_build\": \"$kind\","
    echo "  \"runs\": $RUNS,"
    echo "  \"processes_added\": $PROCS,"
    echo "  \"table_rows\": $ROWS,"
    for k in ours floor hrx native listen mounts; do
        echo "  \"walk_${k}_varbinds\": $(num "${COUNT[$k]}"),"
        echo "  \"walk_${k}_median_ms\": $(num "${MED[$k]}"),"
        echo "  \"walk_${k}_us_per_varbind\": $(num "${USV[$k]}"),"
    done
    echo "  \"tmpfs_mounts\": $NMOUNTS,"
    echo "  \"idle_window_s\": $IDLE_S,"
    echo "  \"idle_cpu_s_per_min_ours\": $IDLE_AGENT,"
    echo "  \"idle_cpu_s_per_min_snmpd\": $IDLE_SNMPD,"
    echo "  \"rss_steady_kb_ours\": $RSS_AGENT,"
    echo "  \"rss_peak_kb_ours\": $HWM_AGENT,"
    echo "  \"rss_steady_kb_snmpd\": $RSS_SNMPD,"
    echo "  \"rss_peak_kb_snmpd\": $HWM_SNMPD,"
    echo "  \"scan_rows\": ${SCAN_ROWS[n]},"
    echo "  \"scan_median_ms\": ${MED[scan]},"
    echo "  \"scan_us_per_process\": $PER_PROC_US,"
    echo "  \"scan_peak_rss_kb\": ${SCAN_HWM[n]:-null},"
    echo "  \"scale_processes\": $SCALE,"
    echo "  \"scale_scan_rows\": $(num "${SCAN_ROWS[n_scale]:-}"),"
    echo "  \"scale_scan_median_ms\": $(num "${MED[scan_scale]:-}"),"
    echo "  \"scale_scan_us_per_process\": $(num "$PER_PROC_SCALE"),"
    echo "  \"scale_scan_peak_rss_kb\": $(num "${SCAN_HWM[n_scale]:-}"),"
    echo "  \"scale_ps_median_ms\": $(num "${MED[ps_scale]:-}"),"
    echo "  \"scale_readfloor_median_ms\": $(num "${MED[readfloor_scale]:-}"),"
    echo "  \"ratio_scan_per_process_scale\": $(num "$(ratio "$PER_PROC_SCALE" "$PER_PROC_US")"),"
    echo "  \"ps_median_ms\": ${MED[ps]},"
    echo "  \"readfloor_median_ms\": ${MED[readfloor]},"
    echo "  \"ratio_ours_to_floor_per_varbind\": $(num "$(ratio "${USV[ours]}" "${USV[floor]}")"),"
    echo "  \"ratio_listen_to_native_per_varbind\": $(num "$(ratio "${USV[listen]}" "${USV[native]}")"),"
    echo "  \"instructions_per_varbind_native\": $(num "${IRV[native]:-}"),"
    echo "  \"instructions_per_varbind_listen\": $(num "${IRV[listen]:-}"),"
    echo "  \"ratio_listen_to_native_instructions\": $(num "$(ratio "${IRV[listen]:-}" "${IRV[native]:-}")"),"
    echo "  \"ratio_scan_to_ps\": $(num "$(ratio "${MED[scan]}" "${MED[ps]}")"),"
    echo "  \"ratio_scan_to_readfloor\": $(num "$(ratio "${MED[scan]}" "${MED[readfloor]}")")"
    echo "}"
} >"$JSON"
echo "JSON: $JSON"

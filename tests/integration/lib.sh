# shellcheck shell=bash
# Variables set here are for the tests that source this file (SC2034);
# optional arguments are optional (SC2119, SC2120).
# shellcheck disable=SC2034,SC2119,SC2120
#
# tests/integration/lib.sh - end-to-end harness: a private snmpd master on
# loopback, the subagent under test, net-snmp clients, assertions.
#
# Sourced by tests/integration/test_*.sh (and scripts/demo.sh).  ctest gives
# SIA_BUILD (build directory) and SIA_SRC (source directory); both default to
# this checkout and ./build so a test also runs by hand:
#     bash tests/integration/test_system.sh
#
# Rules this file keeps:
#   - never the machine's own snmpd, never ports 161/705: every test starts a
#     private master on 127.0.0.1 with a random free port, reading no system
#     configuration (-C) and keeping its persistent state in the test's temp
#     directory;
#   - everything started is recorded by pid and stopped by pid on exit, also
#     on failure or interruption; the temp directory is removed (set
#     SIA_KEEP_TMP=1 to keep it for a post-mortem);
#   - a failing test prints the master's and the agents' logs.
#
# Public API (details above each function):
#   sia_tmpdir                  create $SIA_TMP (called on source)
#   sia_free_port               print a free loopback port
#   sia_start_master [unix|tcp] private master; sets SIA_MASTER_PORT,
#                               SIA_AGENTX, SIA_MASTER_PID, SIA_MASTER_LOG
#   sia_stop_master [SIGNAL]    stop it (TERM by default, KILL allowed)
#   sia_restart_master          start it again on the same port and socket
#   sia_run_agent LOG [args]    start the agent, do not wait; SIA_LAST_PID
#   sia_start_agent [args]      start the agent and wait until it answers
#                               through the master and serves its first
#                               snapshot; sets SIA_AGENT_PID, SIA_AGENT_LOG
#   sia_wait_agent [SECS]       wait until sysinfoAgentVersion.0 answers
#   sia_stop_agent [PID]        SIGTERM, wait, require exit status 0
#   sia_wait_exit PID SECS      wait for a child to end; SIA_EXIT_STATUS
#   sia_get/sia_walk/sia_bulkwalk/sia_set [-opts] OID...
#                               net-snmp tools against the private master
#                               (options must be attached: -Oqv, -Cr50)
#   sia_translate [-opts] NAME  snmptranslate with the same MIB path
#   sia_value OID               the value only (quotes stripped)
#   sia_type OID                the wire type label (STRING, Counter64, ...)
#   sia_alive PID               true while PID runs (zombies count as dead)
#   sia_ok / sia_fail / sia_die / sia_skip / sia_finish
#   sia_assert_eq / sia_assert_match / sia_assert_range / sia_assert_near
#   sia_now_ms                  wall clock in milliseconds
#
# Assertions count in the test's own shell: call them there, not inside
# $(...), where a failure would be lost with the subshell.
#
# Environment knobs: SIA_AGENT_BIN (default $SIA_BUILD/src/sysinfo-agentx),
# SIA_AGENT_WRAPPER (command words run in front of the agent, e.g. valgrind;
# an array or a plain string), SIA_AGENT_START_TIMEOUT (s, default 20),
# SIA_AGENT_STOP_TIMEOUT (s, default 15), SIA_AGENT_READY_OID (see below),
# SIA_SNMP_TIMEOUT (client timeout, s, default 2), SIA_SNMP_RETRIES
# (default 2), SIA_MIBDIRS, SIA_MIBS, SIA_KEEP_TMP; for the master's
# configuration SIA_MASTER_RW (the write access line, default
# "rwcommunity private 127.0.0.1"; empty: none) and SIA_MASTER_EXTRA_CONF
# (lines appended to the master's snmpd.conf, e.g. createUser/rwuser or a
# trap2sink; see trap_lib.sh).

if [ -n "${SIA_LIB_LOADED:-}" ]; then
    return 0
fi
SIA_LIB_LOADED=1

SIA_SRC=${SIA_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SIA_BUILD=${SIA_BUILD:-$SIA_SRC/build}
SIA_AGENT_BIN=${SIA_AGENT_BIN:-$SIA_BUILD/src/sysinfo-agentx}
SIA_AGENT_START_TIMEOUT=${SIA_AGENT_START_TIMEOUT:-20}
SIA_AGENT_STOP_TIMEOUT=${SIA_AGENT_STOP_TIMEOUT:-15}
SIA_SNMP_TIMEOUT=${SIA_SNMP_TIMEOUT:-2}
SIA_SNMP_RETRIES=${SIA_SNMP_RETRIES:-2}
SIA_NAME=${SIA_NAME:-$(basename "$0" .sh)}

# OIDs, numeric so that probes work without the MIB, taken from
# src/sysinfo_oids.h (the C code's one definition of the module's arc).
SIA_OID_MIB=.$(sed -n 's/^#define SIA_OID_MIB  *\([0-9][0-9, ]*\).*/\1/p' \
    "$SIA_SRC/src/sysinfo_oids.h" 2>/dev/null | tr -d ' ' | tr ',' '.')
[ "$SIA_OID_MIB" != . ] || SIA_OID_MIB=.1.3.6.1.4.1.8072.9999.9999.7337
SIA_OID_SYSTEM=$SIA_OID_MIB.1.1
SIA_OID_AGENT_VERSION=$SIA_OID_SYSTEM.16.0
SIA_OID_PROC_TABLE=$SIA_OID_MIB.1.2.1
SIA_OID_MOUNT_TABLE=$SIA_OID_MIB.1.3.1
SIA_OID_SYS_UPTIME=.1.3.6.1.2.1.1.3.0 # the master's own sysUpTime.0
# sia_start_agent returns once this answers (sysinfoProcessCount.0: the
# first snapshot is in); empty: once sysinfoAgentVersion.0 answers.
SIA_AGENT_READY_OID=${SIA_AGENT_READY_OID-$SIA_OID_SYSTEM.14.0}

SIA_TMP= # always our own: the cleanup removes it
SIA_PIDS=()        # every process we started and have not reaped
SIA_CHECKS=0       # assertions that passed
SIA_FAILURES=0     # assertions that failed
SIA_LOGS_SHOWN=0
SIA_MASTER_PID=
SIA_MASTER_PORT=
SIA_AGENTX=
SIA_AGENT_PID=
SIA_AGENT_LOG=
SIA_LAST_PID=
SIA_EXIT_STATUS=

# ------------------------------------------------------------ reporting

sia_log() {
    printf '%s: %s\n' "$SIA_NAME" "$*"
}

sia_ok() {
    SIA_CHECKS=$((SIA_CHECKS + 1))
    printf 'ok   %s\n' "$*"
}

# Records a failed check and goes on, so that one run shows every mismatch.
sia_fail() {
    SIA_FAILURES=$((SIA_FAILURES + 1))
    printf 'FAIL %s\n' "$*"
}

# A failure after which the test cannot go on: logs, cleanup, exit 1.
sia_die() {
    sia_fail "$*"
    exit 1
}

sia_skip() {
    sia_log "SKIPPED: $*"
    exit 77
}

# sia_assert_eq WHAT EXPECTED ACTUAL
sia_assert_eq() {
    if [ "$2" = "$3" ]; then
        sia_ok "$1 = '$3'"
    else
        sia_fail "$1: expected '$2', got '$3'"
    fi
}

# sia_assert_match WHAT ERE ACTUAL
sia_assert_match() {
    if [[ $3 =~ $2 ]]; then
        sia_ok "$1 = '$3'"
    else
        sia_fail "$1: expected to match /$2/, got '$3'"
    fi
}

sia_is_int() {
    [[ $1 =~ ^-?[0-9]+$ ]]
}

# sia_assert_range WHAT LOW HIGH ACTUAL  (integers, inclusive)
sia_assert_range() {
    if ! sia_is_int "$4"; then
        sia_fail "$1: expected an integer in [$2, $3], got '$4'"
    elif [ "$4" -ge "$2" ] && [ "$4" -le "$3" ]; then
        sia_ok "$1 = $4 (expected $2..$3)"
    else
        sia_fail "$1: expected $2..$3, got $4"
    fi
}

# sia_assert_near WHAT EXPECTED TOLERANCE ACTUAL  (integers)
sia_assert_near() {
    sia_assert_range "$1" $(($2 - $3)) $(($2 + $3)) "$4"
}

# Prints the logs of everything this test started (once).
sia_show_logs() {
    [ "$SIA_LOGS_SHOWN" = 1 ] && return 0
    SIA_LOGS_SHOWN=1
    [ -n "$SIA_TMP" ] && [ -d "$SIA_TMP" ] || return 0
    local f
    for f in "$SIA_TMP"/*.log "$SIA_TMP"/*.out; do
        [ -s "$f" ] || continue
        printf '\n----- %s (last 80 lines) -----\n' "$(basename "$f")"
        tail -n 80 "$f"
    done
    printf -- '----- end of logs -----\n'
}

# Ends the test: exit 0 if every check passed, else show logs and exit 1.
sia_finish() {
    if [ "$SIA_FAILURES" -gt 0 ]; then
        sia_log "$SIA_FAILURES check(s) FAILED, $SIA_CHECKS ok"
        sia_show_logs
        exit 1
    fi
    sia_log "all $SIA_CHECKS checks ok"
    exit 0
}

# ------------------------------------------------------------ processes

sia_now_ms() {
    local t=${EPOCHREALTIME/./}
    echo $((t / 1000))
}

# True while PID exists and is not a zombie (a child we have not reaped yet
# still answers kill -0).
sia_alive() {
    local st
    [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

sia_track() {
    SIA_PIDS+=("$1")
}

sia_untrack() {
    local p keep=()
    for p in "${SIA_PIDS[@]}"; do
        [ "$p" = "$1" ] || keep+=("$p")
    done
    SIA_PIDS=("${keep[@]}")
}

# sia_wait_exit PID SECONDS: waits for a child of this shell to end.  Sets
# SIA_EXIT_STATUS (128+n for signal n) and returns 0; returns 1 if it is
# still running after SECONDS (it is left running).
sia_wait_exit() {
    local pid=$1 deadline=$(($(sia_now_ms) + $2 * 1000))
    while sia_alive "$pid"; do
        if [ "$(sia_now_ms)" -ge "$deadline" ]; then
            return 1
        fi
        sleep 0.1
    done
    SIA_EXIT_STATUS=0
    wait "$pid" 2>/dev/null || SIA_EXIT_STATUS=$?
    sia_untrack "$pid"
    return 0
}

# Stops PID: SIGNAL (default TERM), then KILL after a grace period.
sia_kill() {
    local pid=$1 sig=${2:-TERM} grace=${3:-5}
    kill -s "$sig" "$pid" 2>/dev/null || true
    if ! sia_wait_exit "$pid" "$grace"; then
        kill -s KILL "$pid" 2>/dev/null || true
        sia_wait_exit "$pid" 5 || true
    fi
}

sia_cleanup() {
    local status=$? p
    trap - EXIT
    # Newest first (agents before their master), one at a time: an agent
    # that unregisters from a master that is itself going away is a
    # different test.
    local i
    for ((i = ${#SIA_PIDS[@]} - 1; i >= 0; i--)); do
        p=${SIA_PIDS[$i]}
        kill -s TERM "$p" 2>/dev/null || true
        sia_wait_exit "$p" 5 || { kill -s KILL "$p" 2>/dev/null || true; }
    done
    if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
        sia_show_logs
    fi
    if [ -n "$SIA_TMP" ] && [ -d "$SIA_TMP" ]; then
        if [ "${SIA_KEEP_TMP:-0}" = 1 ]; then
            sia_log "kept $SIA_TMP"
        else
            rm -rf "$SIA_TMP"
        fi
    fi
    exit "$status"
}

trap sia_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ------------------------------------------------------------ environment

# Creates the test's temp directory once ($SIA_TMP) and prints it.
sia_tmpdir() {
    if [ -z "$SIA_TMP" ] || [ ! -d "$SIA_TMP" ]; then
        SIA_TMP=$(mktemp -d "${TMPDIR:-/tmp}/sia-$SIA_NAME.XXXXXX") ||
            sia_die "cannot create a temp directory"
    fi
    echo "$SIA_TMP"
}

sia_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            sia_skip "'$t' is not installed (run scripts/deps.sh)"
    done
}

# The MIB search path: scripts/mibpath.sh (erlang-snmp's copies of the IETF
# base modules, net-snmp's own, the repository's mibs/), or the same list
# built here should it be missing or fail.  SIA_MIBS: the modules loaded
# (SYSINFO-MIB once the repository has it, and SNMPv2-MIB).
sia_mib_setup() {
    if [ -z "${SIA_MIBDIRS:-}" ] && [ -f "$SIA_SRC/scripts/mibpath.sh" ]; then
        # shellcheck disable=SC1091
        . "$SIA_SRC/scripts/mibpath.sh"
        sia_mibpath_init 2>/dev/null || SIA_MIBDIRS=
    fi
    if [ -z "${SIA_MIBDIRS:-}" ]; then
        local d dirs=""
        for d in /usr/lib/erlang/lib/snmp-*/mibs /usr/share/snmp/mibs; do
            [ -d "$d" ] && dirs="$dirs${dirs:+:}$d"
        done
        SIA_MIBDIRS="$dirs${dirs:+:}$SIA_SRC/mibs"
    fi
    if [ -z "${SIA_MIBS+set}" ]; then
        SIA_MIBS=SNMPv2-MIB
        [ -f "$SIA_SRC/mibs/SYSINFO-MIB.txt" ] && SIA_MIBS="SYSINFO-MIB:$SIA_MIBS"
    fi
}

# Keeps every net-snmp program we run (master, agent, clients) away from the
# machine's configuration and persistent state: no /etc/snmp, no ~/.snmp, no
# /var/lib/snmp (scripts/snmpenv.sh says why).
# shellcheck source=../../scripts/snmpenv.sh
. "$SIA_SRC/scripts/snmpenv.sh"
sia_env_setup() {
    sia_snmp_isolate "$SIA_TMP/snmpenv"
}

sia_tmpdir >/dev/null
sia_env_setup
sia_mib_setup

# ------------------------------------------------------------ clients

# sia_snmp TOOL [-options] ARGS...: TOOL against the private master.  Leading
# arguments that start with '-' are options (write them attached: -Cr50).
sia_snmp() {
    local tool=$1 opts=()
    shift
    while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
        opts+=("$1")
        shift
    done
    "$tool" -v2c -c "${SIA_COMMUNITY:-public}" -M "$SIA_MIBDIRS" \
        -m "$SIA_MIBS" -t "$SIA_SNMP_TIMEOUT" -r "$SIA_SNMP_RETRIES" \
        "${opts[@]}" "udp:127.0.0.1:$SIA_MASTER_PORT" "$@"
}

sia_get() { sia_snmp snmpget "$@"; }
sia_walk() { sia_snmp snmpwalk "$@"; }
sia_bulkwalk() { sia_snmp snmpbulkwalk "$@"; }
sia_set() { SIA_COMMUNITY=private sia_snmp snmpset "$@"; }

# sia_translate [-opts] NAME...: snmptranslate with the same MIB settings.
sia_translate() {
    snmptranslate -M "$SIA_MIBDIRS" -m "$SIA_MIBS" "$@"
}

# sia_value [-opts] OID: prints the bare value (numbers as numbers, time
# ticks raw, enums numeric; one pair of surrounding quotes removed).  Fails
# on noSuchObject/noSuchInstance or no answer.
sia_value() {
    local out
    out=$(sia_get -Oqv -Ot -Oe -OU "$@" 2>&1) || {
        printf '%s\n' "$out" >&2
        return 1
    }
    case "$out" in
    "No Such "* | "No more variables"*) return 1 ;;
    esac
    if [[ $out == \"*\" ]]; then
        out=${out#\"}
        out=${out%\"}
    fi
    printf '%s\n' "$out"
}

# sia_type OID: the type label the tools print (STRING, Counter64, ...).
sia_type() {
    local out
    out=$(sia_get -Ot "$@" 2>&1) || return 1
    out=${out#* = }
    case "$out" in
    *:*) printf '%s\n' "${out%%:*}" ;;
    *) printf '%s\n' "$out" ;; # e.g. "No Such Object available ..."
    esac
}

# ------------------------------------------------------------ ports

# Prints a port free on loopback for both TCP and UDP, chosen at random
# below the kernel's ephemeral range so that outgoing connections do not
# take it meanwhile.  Tests never use fixed ports: they run in parallel.
sia_free_port() {
    local lo=32768 p top
    read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    top=$((lo > 12000 ? lo - 1 : 30999))
    for _ in $(seq 1 200); do
        p=$((10000 + (RANDOM * 32768 + RANDOM) % (top - 10000)))
        if [ -z "$(ss -Hantu "sport = :$p" 2>/dev/null)" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# ------------------------------------------------------------ master

# sia_start_master [unix|tcp]: a private snmpd master agent on
# udp:127.0.0.1:$SIA_MASTER_PORT, AgentX on $SIA_AGENTX (a unix socket in
# the temp directory, or tcp:127.0.0.1:PORT).  Returns once the master
# answers SNMP.
sia_start_master() {
    local kind=${1:-unix} try
    sia_need snmpd snmpget ss
    for try in 1 2 3; do
        SIA_MASTER_PORT=$(sia_free_port) || sia_die "no free port found"
        case "$kind" in
        unix) SIA_AGENTX="unix:$SIA_TMP/agentx.sock" ;;
        tcp) SIA_AGENTX="tcp:127.0.0.1:$(sia_free_port)" ||
            sia_die "no free port found" ;;
        *) sia_die "sia_start_master: unknown AgentX transport '$kind'" ;;
        esac
        SIA_MASTER_CONF=$SIA_TMP/snmpd.conf
        SIA_MASTER_LOG=$SIA_TMP/master.log
        cat >"$SIA_MASTER_CONF" <<EOF
# private master for $SIA_NAME (tests/integration/lib.sh)
master agentx
agentXSocket $SIA_AGENTX
rocommunity public 127.0.0.1
${SIA_MASTER_RW-rwcommunity private 127.0.0.1}
dontLogTCPWrappersConnects yes
${SIA_MASTER_EXTRA_CONF:-}
EOF
        if sia_launch_master; then
            sia_log "master pid $SIA_MASTER_PID on udp:127.0.0.1:$SIA_MASTER_PORT, AgentX $SIA_AGENTX"
            return 0
        fi
        # Most likely a port taken between the check and the bind.
        sia_log "master did not come up (try $try), retrying on other ports"
        [ -n "$SIA_MASTER_PID" ] && sia_kill "$SIA_MASTER_PID" KILL 1
    done
    sia_die "could not start a private snmpd master"
}

# Starts snmpd with the current settings and waits until it answers.
# -C: no system configuration; -A: append to the log (restarts keep the
# earlier runs); -m '': load no MIB files (the master needs none and would
# log hundreds of lines without the IETF modules); -I: no SMUX port, and
# none of the modules that statfs mounts (hrStorage, hrFS, hrDisk, UCD
# disk and diskio): the tests never ask for them, and a hung FUSE mount
# made by a test running in parallel must not stall this master.
SIA_MASTER_EXCLUDE=-smux,hw_fsys,hrh_storage,hrh_filesys,hr_disk,hr_partition,disk_hw,diskio
sia_launch_master() {
    printf '=== %s: master starting on udp:127.0.0.1:%s, AgentX %s\n' \
        "$(date '+%T.%N')" "$SIA_MASTER_PORT" "$SIA_AGENTX" >>"$SIA_MASTER_LOG"
    snmpd -f -A -Lf "$SIA_MASTER_LOG" -C -c "$SIA_MASTER_CONF" -I "$SIA_MASTER_EXCLUDE" -m '' \
        -p "$SIA_TMP/snmpd.pid" "udp:127.0.0.1:$SIA_MASTER_PORT" \
        >>"$SIA_TMP/master.out" 2>&1 &
    SIA_MASTER_PID=$!
    sia_track "$SIA_MASTER_PID"
    local deadline=$(($(sia_now_ms) + 10000))
    while [ "$(sia_now_ms)" -lt "$deadline" ]; do
        sia_alive "$SIA_MASTER_PID" || return 1
        if SIA_SNMP_TIMEOUT=0.5 SIA_SNMP_RETRIES=0 SIA_MIBS='' \
            sia_get -On "$SIA_OID_SYS_UPTIME" 2>/dev/null | grep -q Timeticks; then
            sia_master_listening && return 0
        fi
        sleep 0.1
    done
    return 1
}

# Is the master's AgentX socket there?
sia_master_listening() {
    case "$SIA_AGENTX" in
    unix:*) [ -S "${SIA_AGENTX#unix:}" ] ;;
    tcp:*) [ -n "$(ss -Hltn "sport = :${SIA_AGENTX##*:}")" ] ;;
    esac
}

# sia_stop_master [SIGNAL]: TERM (default) or KILL; waits for it to end.
sia_stop_master() {
    local sig=${1:-TERM}
    [ -n "$SIA_MASTER_PID" ] || return 0
    sia_kill "$SIA_MASTER_PID" "$sig" 10
    sia_log "master pid $SIA_MASTER_PID stopped with SIG$sig (status $SIA_EXIT_STATUS)"
    SIA_MASTER_PID=
}

# sia_restart_master: a new master on the same UDP port and AgentX address
# (after sia_stop_master).  A TCP AgentX port may need a moment to be
# free again, so this retries for a few seconds.
sia_restart_master() {
    local try
    [ -z "$SIA_MASTER_PID" ] || sia_stop_master
    for try in 1 2 3 4 5; do
        if sia_launch_master; then
            sia_log "master restarted, pid $SIA_MASTER_PID"
            return 0
        fi
        [ -n "$SIA_MASTER_PID" ] && sia_kill "$SIA_MASTER_PID" KILL 1
        SIA_MASTER_PID=
        sleep 1
    done
    sia_die "could not restart the master on udp:127.0.0.1:$SIA_MASTER_PORT / $SIA_AGENTX"
}

# ------------------------------------------------------------ agent

# Skips the test when the daemon has not been built.
sia_need_agent() {
    [ -x "$SIA_AGENT_BIN" ] ||
        sia_skip "no agent binary at $SIA_AGENT_BIN (build it first)"
}

# sia_run_agent LOG [args]: starts the agent in the background, connected
# to the private master, logging to LOG (its stdout/stderr go to LOG.out).
# Does not wait.  Sets SIA_LAST_PID.
sia_run_agent() {
    local log=$1 wrap=()
    shift
    if [[ "$(declare -p SIA_AGENT_WRAPPER 2>/dev/null)" == "declare -a"* ]]; then
        wrap=("${SIA_AGENT_WRAPPER[@]}")
    elif [ -n "${SIA_AGENT_WRAPPER:-}" ]; then
        read -r -a wrap <<<"$SIA_AGENT_WRAPPER"
    fi
    printf '=== %s: starting %s\n' "$(date '+%T.%N')" \
        "${wrap[*]} $SIA_AGENT_BIN $*" >>"${log%.log}.out"
    "${wrap[@]}" "$SIA_AGENT_BIN" -f -x "$SIA_AGENTX" -Lf "$log" "$@" \
        >>"${log%.log}.out" 2>&1 &
    SIA_LAST_PID=$!
    sia_track "$SIA_LAST_PID"
}

# sia_wait_agent [SECONDS] [PID]: until sysinfoAgentVersion.0 answers
# through the master.  Fails the test if PID (default SIA_AGENT_PID) dies.
sia_wait_agent() {
    local secs=${1:-$SIA_AGENT_START_TIMEOUT} pid=${2:-$SIA_AGENT_PID}
    local deadline=$(($(sia_now_ms) + secs * 1000))
    while [ "$(sia_now_ms)" -lt "$deadline" ]; do
        if [ -n "$pid" ] && ! sia_alive "$pid"; then
            sia_wait_exit "$pid" 1 || true
            sia_die "agent pid $pid exited (status $SIA_EXIT_STATUS) before answering"
        fi
        if SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 SIA_MIBS='' \
            sia_get -On "$SIA_OID_AGENT_VERSION" 2>/dev/null | grep -q 'STRING'; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# sia_start_agent [args]: runs the agent (under $SIA_AGENT_WRAPPER if set)
# and waits until it answers through the master.
sia_start_agent() {
    sia_need_agent
    [ -n "$SIA_MASTER_PID" ] || sia_die "sia_start_agent: no master running"
    SIA_AGENT_LOG=$SIA_TMP/agent.log
    local t0
    t0=$(sia_now_ms)
    sia_run_agent "$SIA_AGENT_LOG" "$@"
    SIA_AGENT_PID=$SIA_LAST_PID
    sia_wait_agent "$SIA_AGENT_START_TIMEOUT" ||
        sia_die "agent pid $SIA_AGENT_PID did not answer through the master within ${SIA_AGENT_START_TIMEOUT}s"
    sia_log "agent pid $SIA_AGENT_PID answers after $(($(sia_now_ms) - t0)) ms"
    # sysinfoAgentVersion is a constant; the other objects come from the
    # first snapshot, which can take a while (under valgrind: seconds).
    if [ -n "$SIA_AGENT_READY_OID" ]; then
        local deadline=$((t0 + SIA_AGENT_START_TIMEOUT * 1000))
        until SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 SIA_MIBS='' \
            sia_get -On "$SIA_AGENT_READY_OID" 2>/dev/null | grep -q ' = [A-Za-z0-9-]*: '; do
            [ "$(sia_now_ms)" -lt "$deadline" ] ||
                sia_die "agent pid $SIA_AGENT_PID has no $SIA_AGENT_READY_OID after ${SIA_AGENT_START_TIMEOUT}s"
            sia_alive "$SIA_AGENT_PID" || sia_die "agent pid $SIA_AGENT_PID exited"
            sleep 0.1
        done
        sia_log "agent pid $SIA_AGENT_PID serves data after $(($(sia_now_ms) - t0)) ms"
    fi
}

# sia_stop_agent [PID]: SIGTERM, wait up to SIA_AGENT_STOP_TIMEOUT, and
# check the exit status is 0 (a failed check otherwise).  Sets
# SIA_EXIT_STATUS.
sia_stop_agent() {
    local pid=${1:-$SIA_AGENT_PID} t0
    [ -n "$pid" ] || return 0
    t0=$(sia_now_ms)
    kill -s TERM "$pid" 2>/dev/null || true
    if ! sia_wait_exit "$pid" "$SIA_AGENT_STOP_TIMEOUT"; then
        sia_kill "$pid" KILL 1
        sia_fail "agent pid $pid still running ${SIA_AGENT_STOP_TIMEOUT}s after SIGTERM (killed)"
        return 0
    fi
    if [ "$SIA_EXIT_STATUS" = 0 ]; then
        sia_ok "agent pid $pid exited with status 0 $(($(sia_now_ms) - t0)) ms after SIGTERM"
    else
        sia_fail "agent pid $pid exited with status $SIA_EXIT_STATUS after SIGTERM (expected 0)"
    fi
    [ "$pid" = "$SIA_AGENT_PID" ] && SIA_AGENT_PID=
    return 0
}

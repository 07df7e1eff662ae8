#!/usr/bin/env bash
# test_system.sh - every sysinfoSystem object, read by name through a
# private snmpd master, against what this machine says about itself; the
# same subtree by snmpwalk and snmpbulkwalk; and `sysinfo-agentx --dump`
# against the walk.
# shellcheck disable=SC2119,SC2317 # the lib's optional arguments; truth functions called by name
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpwalk snmpbulkwalk snmptranslate getconf nproc
sia_need_agent
[ -f "$SIA_SRC/mibs/SYSINFO-MIB.txt" ] || sia_skip "no mibs/SYSINFO-MIB.txt"

# sysinfoSystem.N, as src/sysinfo_oids.h numbers them.
NAMES=(- sysinfoBootTime sysinfoBootTimeUnix sysinfoUptime sysinfoSysName
    sysinfoHostName sysinfoRelease sysinfoVersion sysinfoMachine
    sysinfoWordSize sysinfoCpuCount sysinfoLoad1 sysinfoLoad5 sysinfoLoad15
    sysinfoProcessCount sysinfoThreadCount sysinfoAgentVersion)
COUNT=16

# The names must resolve, through the MIB file, to the numbers the C code
# serves; otherwise every check below would read the wrong object.
for n in $(seq 1 $COUNT); do
    oid=$(sia_translate -On "SYSINFO-MIB::${NAMES[$n]}" 2>&1)
    sia_assert_eq "MIB: ${NAMES[$n]}" "$SIA_OID_SYSTEM.$n" "$oid"
done
[ "$SIA_FAILURES" = 0 ] ||
    sia_die "mibs/SYSINFO-MIB.txt and src/sysinfo_oids.h disagree"

sia_start_master unix
# cache_ttl 1: the counts below are compared with /proc while other tests
# start and stop processes in parallel; a fresher snapshot keeps that fair.
printf 'cache_ttl 1\n' >"$SIA_TMP/system.conf"
sia_start_agent -c "$SIA_TMP/system.conf"

val() { sia_value "SYSINFO-MIB::$1.0"; }
typ() { sia_type "SYSINFO-MIB::$1.0"; }

# The truth, from the kernel.
proc_count() { find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' | wc -l; }
thread_count() { find /proc/[0-9]*/task -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
uptime_cs() { awk '{ printf "%d", $1 * 100 }' /proc/uptime; }
load_x100() { awk -v f="$1" '{ printf "%d", $f * 100 + 0.5 }' /proc/loadavg; }
min() { if [ "$1" -le "$2" ]; then echo "$1"; else echo "$2"; fi; }
max() { if [ "$1" -ge "$2" ]; then echo "$1"; else echo "$2"; fi; }

# --- uname, word size, CPUs, version: exact
sia_assert_eq sysinfoSysName "$(uname -s)" "$(val sysinfoSysName)"
sia_assert_eq sysinfoHostName "$(uname -n)" "$(val sysinfoHostName)"
sia_assert_eq sysinfoRelease "$(uname -r)" "$(val sysinfoRelease)"
sia_assert_eq sysinfoVersion "$(uname -v)" "$(val sysinfoVersion)"
sia_assert_eq sysinfoMachine "$(uname -m)" "$(val sysinfoMachine)"
sia_assert_eq sysinfoWordSize "$(getconf LONG_BIT)" "$(val sysinfoWordSize)"
sia_assert_eq "sysinfoCpuCount (nproc; online: $(getconf _NPROCESSORS_ONLN))" \
    "$(nproc)" "$(val sysinfoCpuCount)"

version=$(sed -n 's/^project(sysinfo-agentx VERSION \([0-9.]*\).*/\1/p' \
    "$SIA_SRC/CMakeLists.txt")
[ -n "$version" ] || sia_fail "no project version in CMakeLists.txt"
sia_assert_eq sysinfoAgentVersion "$version" "$(val sysinfoAgentVersion)"
sia_assert_eq "type of sysinfoAgentVersion" STRING "$(typ sysinfoAgentVersion)"
sia_assert_match "sysinfo-agentx --version" "(^|[^0-9.])${version//./\\.}([^0-9.]|$)" \
    "$("$SIA_AGENT_BIN" --version 2>&1 | head -n 1)"

# --- boot time: btime of /proc/stat, as a number and as DateAndTime
btime=$(awk '$1 == "btime" { print $2 }' /proc/stat)
sia_assert_eq sysinfoBootTimeUnix "$btime" "$(val sysinfoBootTimeUnix)"
sia_assert_eq "type of sysinfoBootTimeUnix" Counter64 "$(typ sysinfoBootTimeUnix)"

# DateAndTime (RFC 2579) as net-snmp shows it with the MIB's display hint,
# "2026-11-25,16:52:22.0,+0:0": year-month-day,hour:min:sec.decisec then
# optionally the direction and hours:minutes from UTC.  Without the zone
# the time is local.
date_and_time_to_unix() {
    local re='^([0-9]+)-([0-9]+)-([0-9]+),([0-9]+):([0-9]+):([0-9]+)\.([0-9])(,([-+])([0-9]+):([0-9]+))?$'
    [[ $1 =~ $re ]] || return 1
    local m=("${BASH_REMATCH[@]}") stamp secs off
    stamp=$(printf '%04d-%02d-%02d %02d:%02d:%02d' "${m[1]}" "${m[2]}" \
        "${m[3]}" "${m[4]}" "${m[5]}" "${m[6]}")
    if [ -z "${m[8]}" ]; then
        date -d "$stamp" +%s
        return
    fi
    secs=$(date -u -d "$stamp" +%s) || return 1
    off=$((10#${m[10]} * 3600 + 10#${m[11]} * 60))
    [ "${m[9]}" = - ] && off=$((-off))
    echo $((secs - off))
}
bt=$(val sysinfoBootTime)
bt_unix=$(date_and_time_to_unix "$bt" 2>/dev/null)
sia_assert_range "sysinfoBootTime '$bt' as Unix time (btime $btime)" \
    $((btime - 1)) $((btime + 1)) "${bt_unix:-unparsable}"

# --- uptime: live, hundredths, Counter64
u0=$(uptime_cs)
up=$(val sysinfoUptime)
u1=$(uptime_cs)
sia_assert_range "sysinfoUptime (/proc/uptime x100, +-3 s)" \
    $((u0 - 300)) $((u1 + 300)) "$up"
sia_assert_eq "type of sysinfoUptime" Counter64 "$(typ sysinfoUptime)"

# --- values that move: load averages x100 (the kernel updates them every
# 5 s) and the process and thread counts (other tests run in parallel).
# The agent's value must fall in the range the truth moved in while it
# was read, widened by a tolerance; a few tries, since the agent serves a
# snapshot up to cache_ttl (1 s here) old.
moving() {
    local name=$1 truth=$2 abs=$3 pct=$4 try a b got lo hi
    for try in 1 2 3 4 5 6; do
        a=$($truth)
        got=$(val "$name")
        b=$($truth)
        lo=$(min "$a" "$b")
        hi=$(max "$a" "$b")
        lo=$((lo - abs - lo * pct / 100))
        hi=$((hi + abs + hi * pct / 100))
        if sia_is_int "$got" && [ "$got" -ge "$lo" ] && [ "$got" -le "$hi" ]; then
            break
        fi
        sleep 1
    done
    sia_assert_range "$name ($truth: $a..$b, try $try)" "$lo" "$hi" "$got"
}
load1() { load_x100 1; }
load5() { load_x100 2; }
load15() { load_x100 3; }
moving sysinfoLoad1 load1 10 10
moving sysinfoLoad5 load5 10 10
moving sysinfoLoad15 load15 10 10
moving sysinfoProcessCount proc_count 5 5
moving sysinfoThreadCount thread_count 5 5
sia_assert_eq "type of sysinfoProcessCount" Gauge32 "$(typ sysinfoProcessCount)"

# --- the whole subtree: walk and bulk walk give the 16 objects, in order,
# and agree with the GETs on the stable fields.
STABLE=(sysinfoBootTime sysinfoBootTimeUnix sysinfoSysName sysinfoHostName sysinfoRelease
    sysinfoVersion sysinfoMachine sysinfoWordSize sysinfoCpuCount
    sysinfoAgentVersion)
declare -A walked
check_walk() {
    local tool=$1 out want got line name value
    out=$("$tool" -Os -Oq -Ot -Oe -OU SYSINFO-MIB::sysinfoSystem 2>&1)
    got=$(printf '%s\n' "$out" | awk '{ print $1 }' | tr '\n' ' ')
    want=""
    for n in $(seq 1 $COUNT); do want="$want${NAMES[$n]}.0 "; done
    sia_assert_eq "$tool of sysinfoSystem: objects" "$want" "$got"
    [ "$tool" = sia_walk ] || return 0
    while IFS= read -r line; do
        name=${line%% *}
        value=${line#* }
        value=${value#\"}
        walked[${name%.0}]=${value%\"}
    done <<<"$out"
}
check_walk sia_walk
check_walk sia_bulkwalk
for name in "${STABLE[@]}"; do
    sia_assert_eq "walk $name = get" "$(val "$name")" "${walked[$name]:-missing}"
done

# --- --dump: `name = value` lines for the scalars, same stable values.
if dump=$(timeout 60 "$SIA_AGENT_BIN" --dump 2>"$SIA_TMP/dump.out"); then
    printf '%s\n' "$dump" >"$SIA_TMP/dump.txt"
    for name in "${STABLE[@]}"; do
        got=$(printf '%s\n' "$dump" | sed -n "s/^$name = //p" | head -n 1)
        sia_assert_eq "--dump $name = walk" "${walked[$name]:-missing}" "$got"
    done
else
    sia_fail "sysinfo-agentx --dump failed (status $?)"
fi

sia_stop_agent
sia_stop_master
sia_finish

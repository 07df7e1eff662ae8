#!/usr/bin/env bash
# test_handoff.sh - the worker/main-thread hand-off under load: two
# clients walk the process table (GETBULK), the mount table and the
# system group (GETNEXT) without pause while the workers rebuild both
# snapshots every second and the agent reloads its configuration
# (SIGHUP) every half second, alternating two files whose TTLs, args_max
# and mount filters differ.  Checks: every walk ends cleanly, every
# reload is logged, the last configuration is the one served (args_max
# 64 cuts a long command line and flags it), SIGTERM exits 0.
#
# tests/tsan/run.sh runs this test on a ThreadSanitizer build (any race
# report fails it there); in the ASan build it runs like any other.
# SIA_HANDOFF_SECONDS: length of the load (default 8).
# shellcheck disable=SC2119 # the lib's optional arguments
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpwalk snmpbulkwalk
sia_need_agent
SIA_MIBS=''
SIA_SNMP_TIMEOUT=5
SIA_AGENT_START_TIMEOUT=60
SECS=${SIA_HANDOFF_SECONDS:-8}
PROC=$SIA_OID_PROC_TABLE.1

CONF=$SIA_TMP/handoff.conf
conf_a() {
    printf 'cache_ttl 1\nmount_ttl 1\nargs_max 4096\nsignals_allow CONT\n' >"$CONF"
}
conf_b() {
    printf 'cache_ttl 2\nmount_ttl 1\nargs_max 64\nmount_exclude_type tmpfs\n' >"$CONF"
}
conf_a

# A process with a long command line (args_max 64 must cut it).
LONG=$(printf 'x%.0s' $(seq 1 200))
(exec -a "$LONG" sleep 1000000) &
LONG_PID=$!
sia_track "$LONG_PID"

sia_start_master unix
sia_start_agent -c "$CONF"

# walker NAME TOOL OID...: walks until $SIA_TMP/stop exists; one line per
# walk in $SIA_TMP/NAME.res: "ok VARBINDS" or "bad FIRST-ERROR-LINE".
walker() {
    local name=$1 out=$SIA_TMP/$1.walk
    shift
    while [ ! -e "$SIA_TMP/stop" ]; do
        if "$@" >"$out" 2>&1 && ! grep -q -E '^Timeout|^Error|No Such|^End of MIB' "$out"; then
            echo "ok $(grep -c '^\.' "$out")"
        else
            echo "bad $(grep -m1 -v '^\.' "$out")"
        fi
    done >"$SIA_TMP/$name.res"
}
walker procs sia_bulkwalk -On -Cr25 "$SIA_OID_PROC_TABLE" &
W1=$!
sia_track "$W1"
# shellcheck disable=SC2317 # called through walker
others() { sia_walk -On "$SIA_OID_MOUNT_TABLE" && sia_walk -On "$SIA_OID_SYSTEM"; }
walker others others &
W2=$!
sia_track "$W2"

hups=0
t0=$(sia_now_ms)
while [ $(($(sia_now_ms) - t0)) -lt $((SECS * 1000)) ]; do
    sleep 0.5
    if [ $((hups % 2)) = 0 ]; then conf_b; else conf_a; fi
    kill -s HUP "$SIA_AGENT_PID"
    hups=$((hups + 1))
done
# End on configuration b (args_max 64).
if [ $((hups % 2)) = 0 ]; then
    conf_b
    kill -s HUP "$SIA_AGENT_PID"
    hups=$((hups + 1))
fi
touch "$SIA_TMP/stop"
sia_wait_exit "$W1" 60 || sia_fail "the process walker did not stop"
sia_wait_exit "$W2" 60 || sia_fail "the mount/system walker did not stop"

if sia_alive "$SIA_AGENT_PID"; then
    sia_ok "agent alive after ${SECS}s of load and $hups reloads"
else
    sia_die "agent died under load"
fi
for r in procs others; do
    good=$(grep -c '^ok' "$SIA_TMP/$r.res")
    bad=$(grep -c '^bad' "$SIA_TMP/$r.res")
    sia_assert_range "$r: complete walks" 1 100000 "$good"
    sia_assert_eq "$r: walks that failed ($(grep -m1 '^bad' "$SIA_TMP/$r.res"))" 0 "$bad"
done

# Every reload was taken (the log says so once per SIGHUP).
deadline=$(($(sia_now_ms) + 10000))
while n=$(grep -c 'configuration reloaded' "$SIA_AGENT_LOG") || true
    [ "$n" -lt "$hups" ] && [ "$(sia_now_ms)" -lt "$deadline" ]; do
    sleep 0.1
done
sia_assert_eq "reloads logged" "$hups" "$n"

# The last configuration is served once the next snapshot is in.
deadline=$(($(sia_now_ms) + 10000))
until trunc=$(sia_value "$PROC.6.$LONG_PID") && [ "$trunc" = 1 ]; do
    [ "$(sia_now_ms)" -lt "$deadline" ] || break
    sleep 0.2
done
sia_assert_eq "args truncated under args_max 64 (sysinfoProcessArgsTruncated)" 1 "$trunc"
args=$(sia_value "$PROC.5.$LONG_PID")
sia_assert_range "args length under args_max 64" 1 64 "${#args}"

sia_stop_agent
sia_finish

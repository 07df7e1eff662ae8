#!/usr/bin/env bash
# test_notifications.sh - watches, thresholds and their notifications end
# to end: the agent under a private snmpd master whose trap sink is
# Debian's snmptrapd on loopback (trap_lib.sh).
#
#   - a watch on a process name that does not run: sysinfoWatchStatus is
#     tooFew and sysinfoWatchProblem arrives at start-up (the first bad
#     state); the process starts: sysinfoWatchRecovered; it is killed:
#     sysinfoWatchProblem again; every varbind of each is checked;
#   - a small tmpfs with a threshold: filled past the critical level,
#     sysinfoMountThresholdCrossed; emptied, sysinfoMountThresholdCleared;
#     every varbind checked, the table's threshold columns too;
#   - a watch that is fine at start-up sends nothing.
#
# Root only (it mounts a tmpfs); everything started is stopped by pid and
# the tmpfs unmounted on exit.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/mount_lib.sh
. "$(dirname "$0")/mount_lib.sh"
# shellcheck source=tests/integration/trap_lib.sh
. "$(dirname "$0")/trap_lib.sh"

[ "$(id -u)" = 0 ] || sia_skip "needs root: it mounts a tmpfs"
sia_need snmpd snmpget snmptrapd mount umount
sia_need_agent
mnt_setup
mnt_can_mount || sia_skip "cannot mount tmpfs here"

WAIT_S=20 # for a notification (cache_ttl and mount_ttl are 1 s)
R=$SIA_OID_MIB
# A process name nothing else runs: a copy of sleep under that name.
NAME=sw$$
# The IMPLIED index of a name: its bytes as sub-identifiers.
implied() {
    printf '%s' "$1" | od -An -tu1 | tr -s ' \n' '..' | sed 's/^\.//; s/\.$//'
}
NAME_IDX=$(implied "$NAME")
W=$R.1.4.1.1 # sysinfoWatchEntry
BIN=$SIA_TMP/$NAME
cp "$(command -v sleep)" "$BIN"

FS=$MNT_DIR/full
mnt_mount -t tmpfs -o size=1m tmpfs "$FS" || sia_die "cannot mount $FS"
FS_IDX=$("$SIA_AGENT_BIN" --oid mount "$FS" | awk 'NR == 1 { n = split($1, a, "."); print a[n] }')
M=$SIA_OID_MOUNT_TABLE.1

cat >"$SIA_TMP/agent.conf" <<CONF
cache_ttl 1
mount_ttl 1
notify_interval 0
watch $NAME name ^$NAME\$ min 1
watch always name ^sysinfo-agentx\$ min 1
threshold "$FS" used 50% 80% hysteresis 5
CONF

sia_start_trap_sink
sia_start_master
sia_start_agent -c "$SIA_TMP/agent.conf"

# sia_check_vb LINE OID EXPECTED: one varbind of a received notification.
check_vb() {
    local got
    got=$(sia_trap_varbind "$1" "$2") || got="(absent)"
    sia_assert_eq "  varbind $2" "$3" "$got"
}

# The varbind OIDs of a notification, in order, after sysUpTime.0 and
# snmpTrapOID.0.
check_order() {
    local want=$2 got
    got=$(sia_trap_oids "$1" | tail -n +3 | paste -sd' ')
    sia_assert_eq "  varbinds of $3, in order" "$want" "$got"
}

# ------------------------------------------------------------- watches
sia_log "--- watch $NAME: down at start-up"
line=$(sia_wait_trap "$R.2.0.1" 0 "$WAIT_S") ||
    sia_die "no sysinfoWatchProblem within ${WAIT_S}s"
sia_ok "sysinfoWatchProblem received at start-up"
check_order "$line" "$R.1.4.2.0 $W.10.$NAME_IDX $W.11.$NAME_IDX $W.9.$NAME_IDX" \
    sysinfoWatchProblem
check_vb "$line" "$R.1.4.2.0" "STRING: \"$NAME\""
check_vb "$line" "$W.10.$NAME_IDX" "INTEGER: 2"
check_vb "$line" "$W.11.$NAME_IDX" "STRING: \"$NAME: 0 processes, expected at least 1\""
check_vb "$line" "$W.9.$NAME_IDX" "Gauge32: 0"
sia_assert_match "  sysUpTime.0 first" '^Timeticks: ' \
    "$(sia_trap_varbind "$line" .1.3.6.1.2.1.1.3.0)"
# the same through a GET, by the name alone
sia_assert_eq "sysinfoWatchStatus.$NAME" 2 "$(sia_value "$W.10.$NAME_IDX")"
sia_assert_eq "sysinfoWatchStatus (by name, IMPLIED)" 2 \
    "$(sia_value -On "SYSINFO-MIB::sysinfoWatchStatus.'$NAME'")"

sia_log "--- $NAME starts"
n=$(sia_trap_count)
"$BIN" 300 &
WPID=$!
sia_track "$WPID"
line=$(sia_wait_trap "$R.2.0.2" "$n" "$WAIT_S") ||
    sia_die "no sysinfoWatchRecovered within ${WAIT_S}s"
sia_ok "sysinfoWatchRecovered received"
check_vb "$line" "$R.1.4.2.0" "STRING: \"$NAME\""
check_vb "$line" "$W.10.$NAME_IDX" "INTEGER: 1"
check_vb "$line" "$W.11.$NAME_IDX" "STRING: \"$NAME: 1 process, ok (expected at least 1)\""
check_vb "$line" "$W.9.$NAME_IDX" "Gauge32: 1"
sia_assert_eq "sysinfoWatchCount" 1 "$(sia_value "$W.9.$NAME_IDX")"

sia_log "--- $NAME is killed"
n=$(sia_trap_count)
sia_kill "$WPID" KILL 5
line=$(sia_wait_trap "$R.2.0.1" "$n" "$WAIT_S") ||
    sia_die "no sysinfoWatchProblem after the kill within ${WAIT_S}s"
sia_ok "sysinfoWatchProblem received after the kill"
check_vb "$line" "$W.10.$NAME_IDX" "INTEGER: 2"
check_vb "$line" "$W.9.$NAME_IDX" "Gauge32: 0"

# ---------------------------------------------------------- thresholds
sia_log "--- $FS filled past 80%"
sia_assert_eq "sysinfoMountThresholdStatus, empty" 1 "$(sia_value "$M.24.$FS_IDX")"
n=$(sia_trap_count)
head -c 900K /dev/zero >"$FS/fill"
line=$(sia_wait_trap "$R.2.0.3" "$n" "$WAIT_S") ||
    sia_die "no sysinfoMountThresholdCrossed within ${WAIT_S}s"
# a warning may come first if a scan saw the file half written
if [[ "$(sia_trap_varbind "$line" "$M.24.$FS_IDX")" != "INTEGER: 3" ]]; then
    line=$(sia_wait_trap "$R.2.0.3" "$(($(sia_trap_count) - 1))" "$WAIT_S") || true
fi
sia_ok "sysinfoMountThresholdCrossed received"
check_order "$line" "$M.2.$FS_IDX $M.24.$FS_IDX $M.25.$FS_IDX $R.1.5.1.0 $R.1.5.2.0 $R.1.5.3.0" \
    sysinfoMountThresholdCrossed
pct=$(sia_value "$M.12.$FS_IDX") # df's Use%, rounded up
check_vb "$line" "$M.2.$FS_IDX" "STRING: \"$FS\""
check_vb "$line" "$M.24.$FS_IDX" "INTEGER: 3"
check_vb "$line" "$R.1.5.1.0" "INTEGER: 1"
check_vb "$line" "$R.1.5.3.0" "Gauge32: 8000"
value=$(sia_trap_varbind "$line" "$R.1.5.2.0")
value=${value#Gauge32: }
sia_assert_range "  sysinfoThresholdValue (hundredths, Use% $pct)" \
    $(((pct - 1) * 100 + 1)) $((pct * 100)) "$value"
sia_assert_match "  sysinfoMountThresholdMessage" \
    "^STRING: \"$FS: critical: [0-9]+\\.[0-9]{2}% used, critical at 80\\.00% \\(clears at 75\\.00%\\)\"\$" \
    "$(sia_trap_varbind "$line" "$M.25.$FS_IDX")"
sia_assert_eq "sysinfoMountThresholdStatus, full" 3 "$(sia_value "$M.24.$FS_IDX")"

sia_log "--- $FS emptied"
n=$(sia_trap_count)
rm -f "$FS/fill"
line=$(sia_wait_trap "$R.2.0.4" "$n" "$WAIT_S") ||
    sia_die "no sysinfoMountThresholdCleared within ${WAIT_S}s"
sia_ok "sysinfoMountThresholdCleared received"
check_vb "$line" "$M.2.$FS_IDX" "STRING: \"$FS\""
check_vb "$line" "$M.24.$FS_IDX" "INTEGER: 1"
check_vb "$line" "$R.1.5.1.0" "INTEGER: 1"
check_vb "$line" "$R.1.5.2.0" "Gauge32: 0"
check_vb "$line" "$R.1.5.3.0" "Gauge32: 7500"
sia_assert_match "  sysinfoMountThresholdMessage" "^STRING: \"$FS: ok: 0\\.00% used\"\$" \
    "$(sia_trap_varbind "$line" "$M.25.$FS_IDX")"

# ------------------------------------------------------ nothing else
# The agent's own watch was fine from the start: never notified.
always_idx=$(implied always)
if grep -qF "$W.10.$always_idx " "$SIA_TRAP_LOG"; then
    sia_fail "a notification about the watch that was always fine"
else
    sia_ok "nothing about the watch that was always fine"
fi
# ------------------------------------------------------------ reload
# A reload that adds a watch and keeps the others sends nothing about
# the kept ones ($NAME is still down, the agent's own still fine) and
# nothing about a new watch that is fine.
sia_log "--- reload with one more watch"
n=$(sia_trap_count)
printf 'watch init name . min 1\n' >>"$SIA_TMP/agent.conf"
kill -HUP "$SIA_AGENT_PID"
init_idx=$(implied init)
deadline=$(($(sia_now_ms) + WAIT_S * 1000))
until st=$(sia_value "$W.10.$init_idx" 2>/dev/null); do
    [ "$(sia_now_ms)" -lt "$deadline" ] || break
    sleep 0.2
done
sia_assert_eq "the new watch after the reload" 1 "${st:-(none)}"
sleep 3 # three more scans
sia_assert_eq "notifications after the reload" "$n" "$(sia_trap_count)"
# A bad file on SIGHUP keeps the running configuration.
printf 'watch bad name "(" min 1\n' >>"$SIA_TMP/agent.conf"
kill -HUP "$SIA_AGENT_PID"
sleep 2
sia_assert_match "the refused reload is logged" \
    "agent.conf:[0-9]+: watch: invalid regular expression" \
    "$(grep 'reload refused' "$SIA_AGENT_LOG" || true)"
sia_assert_eq "the old watches still served" 1 "$(sia_value "$W.10.$init_idx")"
sia_stop_agent
sia_finish

#!/usr/bin/env bash
# test_privdrop.sh - least privilege (issue 11, defect 5): started as root
# with -u nobody -g nogroup, the agent writes its pid file as root, then
# runs as nobody:nogroup with exactly the capabilities its configuration
# needs in /proc/PID/status (CapEff = CapPrm = CapBnd, nothing
# inheritable or ambient):
#   - default: CAP_DAC_READ_SEARCH + CAP_SYS_PTRACE, and CAP_KILL with
#     signals_allow: root's executable and working directory are served;
#   - `capabilities none` (and `user`/`group` in the file instead of -u/-g)
#     : no capability at all, and root's executable and working directory
#     are unknown (no instance).
# At exit the pid file, in a directory nobody may not write, is emptied
# (its owner can no longer unlink it).
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget setpriv
sia_need_agent
[ "$(id -u)" = 0 ] || sia_skip "needs root"
NOBODY=$(id -u nobody 2>/dev/null) || sia_skip "no user 'nobody'"
NOGROUP=$(getent group nogroup | cut -d: -f3) || sia_skip "no group 'nogroup'"

chmod 711 "$SIA_TMP"
mkdir -m 755 "$SIA_TMP/bin"
cp "$SIA_AGENT_BIN" "$SIA_TMP/bin/sysinfo-agentx"
SIA_AGENT_BIN=$SIA_TMP/bin/sysinfo-agentx
CONF=$SIA_TMP/agent.conf
PIDF=$SIA_TMP/agent.pid
col() { printf '%s.1.%s.%s' "$SIA_OID_PROC_TABLE" "$1" "$2"; }
field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^[ \t]+/, ""); print }' "/proc/$2/status"; }
# capability bits -> hex mask as /proc prints it (16 digits)
mask() {
    local m=0 b
    for b in "$@"; do m=$((m | (1 << b))); done
    printf '%016x' "$m"
}
DAC=2 KILL=5 PTRACE=19

sia_start_master tcp

# --- -u/-g, signals allowed: dac_read_search, sys_ptrace, kill
printf 'cache_ttl 1\nsignals_allow TERM\n' >"$CONF"
chmod 644 "$CONF"
sia_start_agent -c "$CONF" -p "$PIDF" -u nobody -g nogroup
a=$SIA_AGENT_PID
sia_assert_eq "pid file written (as root, before the drop)" "$a" "$(cat "$PIDF")"
sia_assert_eq "Uid (real, effective, saved, fs)" "$NOBODY $NOBODY $NOBODY $NOBODY" "$(field Uid "$a")"
sia_assert_eq "Gid" "$NOGROUP $NOGROUP $NOGROUP $NOGROUP" "$(field Gid "$a")"
want=$(mask $DAC $KILL $PTRACE)
sia_assert_eq "CapEff" "$want" "$(field CapEff "$a")"
sia_assert_eq "CapPrm" "$want" "$(field CapPrm "$a")"
sia_assert_eq "CapBnd" "$want" "$(field CapBnd "$a")"
sia_assert_eq "CapInh" 0000000000000000 "$(field CapInh "$a")"
sia_assert_eq "CapAmb" 0000000000000000 "$(field CapAmb "$a")"
sia_assert_match "log says so" "running as nobody:nogroup \\(capabilities kept: dac_read_search sys_ptrace kill\\)" \
    "$(cat "$SIA_AGENT_LOG")"
sia_assert_eq "root's master: executable served" "$(readlink "/proc/$SIA_MASTER_PID/exe")" \
    "$(sia_value "$(col 4 "$SIA_MASTER_PID")")"
sia_assert_eq "root's master: working directory served" "$(readlink "/proc/$SIA_MASTER_PID/cwd")" \
    "$(sia_value "$(col 33 "$SIA_MASTER_PID")")"
sia_stop_agent
if [ ! -s "$PIDF" ]; then
    sia_ok "pid file emptied or removed at exit"
else
    sia_fail "pid file still holds $(cat "$PIDF")"
fi
rm -f "$PIDF"

# --- from the configuration file, no capability
printf 'cache_ttl 1\nuser nobody\ngroup nogroup\ncapabilities none\n' >"$CONF"
sia_start_agent -c "$CONF"
a=$SIA_AGENT_PID
sia_assert_eq "Uid (user in the file)" "$NOBODY $NOBODY $NOBODY $NOBODY" "$(field Uid "$a")"
sia_assert_eq "CapEff without capabilities" 0000000000000000 "$(field CapEff "$a")"
sia_assert_eq "CapPrm without capabilities" 0000000000000000 "$(field CapPrm "$a")"
sia_assert_eq "CapBnd without capabilities" 0000000000000000 "$(field CapBnd "$a")"
for c in 4 33; do
    if sia_value "$(col "$c" "$SIA_MASTER_PID")" >/dev/null 2>&1; then
        sia_fail "column $c of root's master served without capabilities"
    else
        sia_ok "column $c of root's master: no instance without capabilities"
    fi
done
sia_stop_agent

# --- a bad user stops the start
printf 'cache_ttl 1\n' >"$CONF"
sia_run_agent "$SIA_TMP/bad.log" -c "$CONF" -u no-such-user-sia
if sia_wait_exit "$SIA_LAST_PID" 15; then
    sia_assert_eq "unknown -u user: exit status" 1 "$SIA_EXIT_STATUS"
else
    sia_fail "agent with an unknown user kept running"
fi
sia_stop_master
sia_finish

#!/usr/bin/env bash
# test_unprivileged.sh - the agent running as nobody: what the kernel
# hides from it about root's processes (executable, working directory,
# I/O counters) is reported as unknown - no instance, and the bit set in
# sysinfoProcessUnknown - never as 0 or a guess, and the rest of the row
# is served.  Its own process is fully readable.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget setpriv
sia_need_agent
[ "$(id -u)" = 0 ] || sia_skip "needs root to start the agent as another user"
NOBODY=$(id -u nobody 2>/dev/null) || sia_skip "no user 'nobody'"

# A copy of the binary nobody can reach (the build directory may sit in a
# private directory); the agent writes its log as nobody; the master's
# AgentX socket is TCP on loopback so no unix socket permissions matter.
chmod 711 "$SIA_TMP"
mkdir -m 755 "$SIA_TMP/bin"
cp "$SIA_AGENT_BIN" "$SIA_TMP/bin/sysinfo-agentx"
SIA_AGENT_BIN=$SIA_TMP/bin/sysinfo-agentx
setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
    test -x "$SIA_AGENT_BIN" || sia_skip "nobody cannot run $SIA_AGENT_BIN"
: >"$SIA_TMP/agent.log"
chown "$NOBODY" "$SIA_TMP/agent.log"
sia_start_master tcp
SIA_AGENT_WRAPPER=(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups)
sia_start_agent

col() { printf '%s.1.%s.%s' "$SIA_OID_PROC_TABLE" "$1" "$2"; }
has() { sia_value -On "$(col "$1" "$2")" >/dev/null 2>&1; }

# The Unknown column's bits as a list of column numbers.
unknown_columns() {
    local hex bits=() i byte
    hex=$(sia_get -Oqv -Ox -On "$(col 35 "$1")" | tr -d ' \n"')
    for ((i = 0; i < ${#hex}; i += 2)); do
        byte=$((16#${hex:i:2}))
        for b in 0 1 2 3 4 5 6 7; do
            ((byte & (0x80 >> b))) && bits+=($((i * 4 + b)))
        done
    done
    echo "${bits[*]}"
}

agent=$SIA_AGENT_PID
master=$SIA_MASTER_PID # runs as root
sia_assert_eq "the agent runs as" "$NOBODY" "$(stat -c %u "/proc/$agent")"

# root's master: exe (4), I/O (23, 24) and cwd (33) are hidden from nobody.
for c in 4 23 24 33; do
    if has "$c" "$master"; then
        sia_fail "column $c of root's pid $master: expected no instance"
    else
        sia_ok "column $c of root's pid $master has no instance"
    fi
done
sia_assert_eq "sysinfoProcessUnknown bits of root's pid $master" \
    "4 23 24 33" "$(unknown_columns "$master")"
# ... and the rest of its row is served.
sia_assert_eq "ppid of root's pid $master" "$$" \
    "$(sia_value -On "$(col 2 "$master")")"
sia_assert_eq "user of root's pid $master" root \
    "$(sia_value -On "$(col 12 "$master")")"
sia_assert_eq "uid of root's pid $master" 0 "$(sia_value -On "$(col 8 "$master")")"

# Its own process: everything readable, no Unknown bit.
sia_assert_eq "the agent's exe" "$SIA_AGENT_BIN" \
    "$(sia_value -On "$(col 4 "$agent")")"
sia_assert_eq "sysinfoProcessUnknown bits of the agent itself" "" \
    "$(unknown_columns "$agent")"

# Signals need no privilege to be refused: still notWritable by default.
out=$(SIA_COMMUNITY=private sia_snmp snmpset -On "$(col 27 "$master")" i 15 2>&1)
sia_assert_match "SET of a signal while disabled" "notWritable" "$out"

sia_stop_agent
sia_stop_master
sia_finish

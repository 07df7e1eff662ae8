#!/usr/bin/env bash
# test_sdnotify.sh - the systemd notification protocol end to end, with
# tests/tools/notify_listen standing in for systemd (NOTIFY_SOCKET) and a
# watchdog period in WATCHDOG_USEC, as systemd passes them to a Type=notify
# service with WatchdogSec=:
#   - no READY=1 while the master is down; STATUS says what it waits for;
#   - READY=1 once the master is up, and by then the subtree answers
#     through the master (registration first, readiness after);
#   - WATCHDOG=1 every half period from the main loop, none while the
#     agent is stopped (SIGSTOP: a wedged agent stops feeding systemd);
#   - a master restart: STATUS lines (lost, registered again), no second
#     READY=1;
#   - a second agent refused by the master never says READY=1;
#   - SIGTERM: STOPPING=1, exit status 0.
# Every message must come from the agent's own pid (NotifyAccess=main).
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget
sia_need_agent
LISTEN=$SIA_BUILD/tests/notify_listen
[ -x "$LISTEN" ] || sia_skip "no $LISTEN (build the tests first)"
if ! grep -q '^SIA_SYSTEMD:BOOL=ON' "$SIA_BUILD/CMakeCache.txt" 2>/dev/null; then
    sia_skip "built without SIA_SYSTEMD"
fi

WATCHDOG_US=400000 # systemd would say WatchdogSec=0.4: WATCHDOG=1 every 0.2 s
NOTIFY_OUT=$SIA_TMP/notify.out

"$LISTEN" "$SIA_TMP/notify.sock" >"$NOTIFY_OUT" 2>&1 &
LISTENER=$!
sia_track "$LISTENER"
for _ in $(seq 1 50); do
    [ -S "$SIA_TMP/notify.sock" ] && break
    sleep 0.1
done
[ -S "$SIA_TMP/notify.sock" ] || sia_die "notify_listen did not bind its socket"

# count PID PATTERN: messages from PID matching the ERE PATTERN so far
count() {
    awk -v pid="$1" -v re="$2" '{ m = $0; sub(/^[0-9]+ [0-9]+ /, "", m) }
        $2 == pid && m ~ re { n++ } END { print n + 0 }' "$NOTIFY_OUT"
}
# wait_for PID PATTERN SECS: until such a message has arrived
wait_for() {
    local deadline=$(($(sia_now_ms) + $3 * 1000))
    while [ "$(count "$1" "$2")" -eq 0 ]; do
        [ "$(sia_now_ms)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

SIA_AGENT_WRAPPER=(env "NOTIFY_SOCKET=$SIA_TMP/notify.sock"
    "WATCHDOG_USEC=$WATCHDOG_US")

# --- the master is down when the agent starts: a master that ran once,
# so the address is known and nothing listens there now.
sia_start_master unix
sia_stop_master
SIA_AGENT_LOG=$SIA_TMP/agent.log
sia_run_agent "$SIA_AGENT_LOG"
AGENT=$SIA_LAST_PID
SIA_AGENT_PID=$AGENT
wait_for "$AGENT" '^WATCHDOG=1' 15 || sia_die "no WATCHDOG=1 from the agent within 15 s"
sleep 3
sia_alive "$AGENT" || sia_die "the agent died while its master was down"
sia_assert_eq "READY=1 messages while the master is down" 0 "$(count "$AGENT" 'READY=1')"
sia_assert_eq "STATUS saying what it waits for" 1 \
    "$(count "$AGENT" "^STATUS=waiting for the AgentX master at $SIA_AGENTX\$")"
sia_assert_range "WATCHDOG=1 messages in 3 s without a master (every 0.2 s)" 8 20 \
    "$(count "$AGENT" '^WATCHDOG=1$')"

# --- the master comes up: READY=1, and at that moment we answer.
sia_restart_master
wait_for "$AGENT" '^READY=1' 20 || sia_die "no READY=1 within 20 s of the master starting"
version=$(SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 sia_value "$SIA_OID_AGENT_VERSION" 2>&1)
sia_assert_match "sysinfoAgentVersion.0 right after READY=1" '^[0-9]+\.[0-9]+\.[0-9]+' "$version"
sia_assert_eq "READY=1 message" 1 \
    "$(count "$AGENT" "^READY=1[|]STATUS=registered SYSINFO-MIB with the master at $SIA_AGENTX\$")"
others=$(awk -v pid="$AGENT" '$2 != pid' "$NOTIFY_OUT" | wc -l)
sia_assert_eq "messages from a pid other than the agent's" 0 "$others"

# --- the watchdog keeps coming, and stops while the agent is wedged.
n0=$(count "$AGENT" '^WATCHDOG=1$')
sleep 2
n1=$(count "$AGENT" '^WATCHDOG=1$')
sia_assert_range "WATCHDOG=1 messages in 2 s of serving (every 0.2 s)" 6 14 $((n1 - n0))
kill -STOP "$AGENT"
sleep 0.3 # one that was on its way
n2=$(count "$AGENT" '^WATCHDOG=1$')
sleep 1.5
n3=$(count "$AGENT" '^WATCHDOG=1$')
kill -CONT "$AGENT"
sia_assert_eq "WATCHDOG=1 messages while the agent is stopped (1.5 s)" 0 $((n3 - n2))
sleep 1
n4=$(count "$AGENT" '^WATCHDOG=1$')
sia_assert_range "WATCHDOG=1 messages in 1 s after SIGCONT" 3 10 $((n4 - n3))

# --- the master restarts: registered again, not READY again.
sia_stop_master
if wait_for "$AGENT" "^STATUS=lost the master at $SIA_AGENTX; reconnecting\$" 20; then
    sia_ok "STATUS=lost the master ... after the master stopped"
else
    sia_fail "no 'lost the master' STATUS within 20 s of the master stopping"
fi
sia_restart_master
if wait_for "$AGENT" "^STATUS=registered SYSINFO-MIB again with the master at $SIA_AGENTX\$" 20; then
    sia_ok "STATUS=registered SYSINFO-MIB again ... after the master restarted"
else
    sia_fail "no 'registered again' STATUS within 20 s of the master restart"
fi
sia_wait_agent 10 || sia_fail "agent does not answer after the master restart"
sia_assert_eq "READY=1 messages after a master restart" 1 "$(count "$AGENT" 'READY=1')"

# --- a second agent is refused by the master: never ready.
sia_run_agent "$SIA_TMP/agent2.log"
second=$SIA_LAST_PID
if sia_wait_exit "$second" 20; then
    sia_assert_eq "exit status of the refused second agent" 1 "$SIA_EXIT_STATUS"
else
    sia_kill "$second" KILL 1
    sia_fail "the second agent still runs 20 s after the master refused it"
fi
sia_assert_eq "READY=1 from the refused second agent" 0 "$(count "$second" 'READY=1')"

# --- SIGTERM: STOPPING=1 and a clean exit.
sia_stop_agent "$AGENT"
sleep 0.2
sia_assert_eq "STOPPING=1 at SIGTERM" 1 "$(count "$AGENT" '^STOPPING=1')"
sia_stop_master
sia_finish

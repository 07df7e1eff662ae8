#!/usr/bin/env bash
# test_restart.sh - the subagent outlives its master: kill -9 the master,
# start it again on the same AgentX socket, and the same agent process must
# answer again within 5 s; the same after a clean SIGTERM of the master,
# over a unix socket and over TCP, and after the master hung (SIGSTOP).  A second agent against the same master
# must stop loudly while the first keeps serving.
# shellcheck disable=SC2119 # the lib's optional arguments
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget
sia_need_agent

RECONNECT_LIMIT_MS=5000

# After the master is back, how long until the agent answers through it?
check_reconnect() {
    local how=$1 t0 ms
    sia_restart_master
    t0=$(sia_now_ms)
    if sia_wait_agent 30; then
        ms=$(($(sia_now_ms) - t0))
        sia_log "agent answers again ${ms} ms after the master restarted ($how)"
        sia_assert_range "reconnect time after $how, ms" 0 "$RECONNECT_LIMIT_MS" "$ms"
    else
        sia_fail "agent did not answer within 30 s after $how"
    fi
    if sia_alive "$SIA_AGENT_PID"; then
        sia_ok "agent pid $SIA_AGENT_PID kept running through $how"
    else
        sia_die "agent pid $SIA_AGENT_PID died during $how"
    fi
}

for transport in unix tcp; do
    sia_log "--- AgentX over $transport"
    sia_start_master "$transport"
    sia_start_agent
    agent=$SIA_AGENT_PID

    sia_stop_master KILL
    sleep 1 # the agent notices (or not) while nobody listens
    sia_alive "$agent" || sia_die "agent pid $agent died when its master was killed"
    check_reconnect "kill -9 of the master ($transport)"

    sia_stop_master TERM
    sleep 1
    sia_alive "$agent" || sia_die "agent pid $agent died when its master stopped"
    check_reconnect "SIGTERM of the master ($transport)"

    sia_stop_agent
    sia_stop_master
done

# --- a master that hangs (SIGSTOP) for longer than the AgentX ping
# timeout, then resumes: the agent must notice, re-register, answer again.
sia_log "--- master hung for 12 s"
sia_start_master unix
sia_start_agent
kill -STOP "$SIA_MASTER_PID"
sleep 12
sia_alive "$SIA_AGENT_PID" || sia_die "agent died while its master hung"
kill -CONT "$SIA_MASTER_PID"
t0=$(sia_now_ms)
if sia_wait_agent 30; then
    ms=$(($(sia_now_ms) - t0))
    sia_log "agent answers ${ms} ms after the master resumed"
    sia_assert_range "answer time after a hung master resumed, ms" 0 \
        "$RECONNECT_LIMIT_MS" "$ms"
else
    sia_fail "agent did not answer within 30 s after the master resumed"
fi
sia_stop_agent
sia_stop_master

# --- a second instance against the same master
sia_log "--- second agent on the same master"
sia_start_master unix
sia_start_agent
first=$SIA_AGENT_PID
second_log=$SIA_TMP/agent2.log
sia_run_agent "$second_log"
second=$SIA_LAST_PID
if sia_wait_exit "$second" 30; then
    if [ "$SIA_EXIT_STATUS" -ne 0 ]; then
        sia_ok "second agent exited with status $SIA_EXIT_STATUS"
    else
        sia_fail "second agent exited with status 0 (expected a failure)"
    fi
    if grep -q -i -E 'already (registered|serve)' "$second_log" "${second_log%.log}.out"; then
        sia_ok "second agent says why: $(grep -h -i -E 'already (registered|serve)' \
            "$second_log" "${second_log%.log}.out" | head -n 1)"
    else
        sia_fail "second agent's log does not say the subtree is already registered"
    fi
else
    sia_kill "$second" TERM 5
    sia_fail "second agent still running 30 s after it started (expected it to exit)"
fi
if sia_alive "$first"; then
    sia_ok "first agent pid $first still running"
else
    sia_fail "first agent pid $first died"
fi
if sia_wait_agent 5 "$first"; then
    sia_ok "first agent still answers through the master"
else
    sia_fail "first agent no longer answers"
fi
sia_stop_agent "$first"
sia_stop_master
sia_finish

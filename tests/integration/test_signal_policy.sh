#!/usr/bin/env bash
# test_signal_policy.sh - who may receive a signal through
# sysinfoProcessSignal (issue 11, defect 1), end to end:
#   - with only `signals_allow TERM`: the snmpd master, root's processes,
#     kernel threads are refused (noAccess) and keep running; an ordinary
#     user's process (uid 1000, no account needed) is signalled;
#   - signals_names and signals_users narrow and widen that;
#   - an index of 2^31 or more is logged as itself, not 4294967295
#     (defect 9);
#   - the README's example: the writable column restricted to one SNMPv3
#     user by snmpd's access control (createUser + rwuser); the community
#     can no longer SET, the user can;
#   - the master is recognised by its AgentX connection (SO_PEERCRED)
#     even under another name and with root allowed.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpset setpriv
sia_need_agent
[ "$(id -u)" = 0 ] || sia_skip "needs root (processes of other users)"

SIG=$SIA_OID_PROC_TABLE.1.27
TERM=$(kill -l TERM)
CONF=$SIA_TMP/agent.conf

# set_err OID VALUE [snmpset options...]: the error name, or noError.
set_err() {
    local oid=$1 val=$2 out
    shift 2
    if [ $# -gt 0 ]; then
        out=$(snmpset -On -t 2 -r 1 "$@" "udp:127.0.0.1:$SIA_MASTER_PORT" "$oid" i "$val" 2>&1)
    else
        out=$(SIA_MIBS='' sia_set -On "$oid" i "$val" 2>&1)
    fi
    if [ $? -eq 0 ]; then
        echo noError
    else
        case "$out" in
        *Timeout*) echo timeout ;;
        *) sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p;s/.*\(authorizationError\|noAccess\|notWritable\).*/\1/p' <<<"$out" | head -n 1 ;;
        esac
    fi
}

# spawn NAME UID: a copy of sleep called NAME, run as UID; sets SPAWNED.
spawn() {
    cp "$(command -v sleep)" "$SIA_TMP/$1"
    setpriv --reuid "$2" --regid "$2" --clear-groups "$SIA_TMP/$1" 1000 \
        </dev/null >/dev/null 2>&1 &
    SPAWNED=$!
    sia_track "$SPAWNED"
}

wait_row() {
    for _ in $(seq 1 50); do
        sia_get -Oqv "$SIA_OID_PROC_TABLE.1.3.$1" 2>/dev/null | grep -q '"' && return 0
        sleep 0.1
    done
    return 1
}

expect() { # WHAT WANT PID [opts]
    local what=$1 want=$2 pid=$3
    shift 3
    sia_assert_eq "$what" "$want" "$(set_err "$SIG.$pid" "$TERM" "$@")"
}

alive() {
    sleep 0.3
    if sia_alive "$2"; then sia_ok "$1: still running"; else sia_fail "$1: died"; fi
}
gone() {
    if sia_wait_exit "$2" 5; then sia_ok "$1: terminated"; else sia_fail "$1: still running"; fi
}

chmod 755 "$SIA_TMP"
# --- defaults: signals_allow only
printf 'cache_ttl 1\nsignals_allow TERM\n' >"$CONF"
sia_start_master unix
spawn usr-sleep 1000
user_p=$SPAWNED
spawn root-sleep 0
root_p=$SPAWNED
sia_start_agent -c "$CONF"
wait_row "$user_p" && wait_row "$root_p" || sia_fail "spawned processes not in the table"
expect "TERM to the snmpd master" noAccess "$SIA_MASTER_PID"
alive "the master" "$SIA_MASTER_PID"
grep -q "refused (the snmpd master" "$SIA_AGENT_LOG" && sia_ok "log says why (master)" ||
    sia_fail "log does not say the master is refused"
expect "TERM to root's process" noAccess "$root_p"
alive "root's process" "$root_p"
expect "TERM to kthreadd (pid 2)" noAccess 2
expect "TERM to uid 1000's process" noError "$user_p"
gone "uid 1000's process" "$user_p"
set_err "$SIG.2147483648" "$TERM" >/dev/null
sleep 0.3
sia_assert_match "index 2^31 logged as itself" "to pid 2147483648: no such process" \
    "$(grep -h 'pid 2147483648\|pid 4294967295' "$SIA_AGENT_LOG")"
sia_stop_agent

# --- narrowed by name, widened by user
printf 'cache_ttl 1\nsignals_allow TERM\nsignals_names root-sl*\nsignals_users root\n' >"$CONF"
spawn usr-sleep 1000
user_p=$SPAWNED
sia_start_agent -c "$CONF"
wait_row "$user_p" || sia_fail "spawned process not in the table"
expect "TERM to uid 1000's process, not in signals_names/users" noAccess "$user_p"
alive "uid 1000's process" "$user_p"
expect "TERM to the master (root, but not named)" noAccess "$SIA_MASTER_PID"
expect "TERM to root's root-sleep (named, root listed)" noError "$root_p"
gone "root's root-sleep" "$root_p"
sia_stop_agent
sia_stop_master

# --- the README's VACM example: only SNMPv3 user sigadmin may SET
SIA_MASTER_RW=
SIA_MASTER_EXTRA_CONF='createUser sigadmin SHA "sigadmin-auth-1" AES "sigadmin-priv-1"
rwuser sigadmin priv .1.3.6.1.4.1.8072.9999.9999.7337.1.2.1.1.27'
printf 'cache_ttl 1\nsignals_allow TERM\n' >"$CONF"
sia_start_master unix
sia_start_agent -c "$CONF"
wait_row "$user_p" || sia_fail "spawned process not in the table"
expect "v2c SET with the community 'private' (unknown now: no answer)" timeout "$user_p" -v2c -c private -t 1 -r 0
expect "v2c SET with the read community" noAccess "$user_p" -v2c -c public
alive "uid 1000's process after community SETs" "$user_p"
expect "v3 SET by sigadmin without privacy (noAuthNoPriv)" authorizationError "$user_p" \
    -v3 -u sigadmin -l noAuthNoPriv
expect "v3 SET by sigadmin (authPriv)" noError "$user_p" \
    -v3 -u sigadmin -l authPriv -a SHA -A sigadmin-auth-1 -x AES -X sigadmin-priv-1
gone "uid 1000's process after sigadmin's SET" "$user_p"
sia_stop_agent
sia_stop_master
# --- the master by its AgentX connection alone (SO_PEERCRED): a master
# binary with another name, and root allowed, so only that rule refuses
mkdir -p "$SIA_TMP/bin"
cp "$(command -v snmpd)" "$SIA_TMP/bin/axmaster"
snmpd() { exec "$SIA_TMP/bin/axmaster" "$@"; }
SIA_MASTER_RW='rwcommunity private 127.0.0.1'
SIA_MASTER_EXTRA_CONF=
printf 'cache_ttl 1\nsignals_allow CONT\nsignals_users root\n' >"$CONF"
sia_start_master unix
sia_assert_eq "the master's name" axmaster "$(cat "/proc/$SIA_MASTER_PID/comm")"
sia_start_agent -c "$CONF"
wait_row "$SIA_MASTER_PID" || sia_fail "master not in the table"
sia_assert_eq "CONT to the master named axmaster (root allowed)" noAccess \
    "$(set_err "$SIG.$SIA_MASTER_PID" "$(kill -l CONT)")"
sleep 0.3
sia_assert_match "refused as the master (the AgentX peer)" "refused \\(the snmpd master" \
    "$(grep "pid $SIA_MASTER_PID:" "$SIA_AGENT_LOG" | tail -n 1)"
sia_stop_agent
sia_stop_master
unset -f snmpd
sia_finish

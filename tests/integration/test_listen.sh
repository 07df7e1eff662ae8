#!/usr/bin/env bash
# test_listen.sh - the standalone SNMP agent (--listen), end to end:
#   1. on the fixture proc tree, a walk (GETNEXT) and a bulk walk (GETBULK)
#      of all of SYSINFO-MIB from the listener equal the AgentX subagent's
#      through a private master;
#   2. on this machine's /proc, with snmpd.conf access control in the
#      agent's file: SNMPv3 authPriv (SHA/AES, createUser + rouser), a
#      community whose view excludes the subtree, a wrong community (no
#      answer), sysinfoProcessSignal writable only with the rwcommunity
#      (a throwaway child gets SIGTERM), the system group and sysORTable,
#      udp6 on ::1 when the machine has it, -D sysinfo:request traces,
#      clean exit on SIGTERM (the sanitizer build checks leaks), the
#      engine ID kept in persistent_dir across a restart;
#   3. the shipped example configuration (uncommented) is accepted;
#      start-up refusals: a bad access-control line (FILE: line N), such a
#      line without --listen (FILE:LINE);
#   4. -x and --listen together: a subagent that also listens.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpwalk snmpbulkwalk snmpset
sia_need_agent

ROOT=$SIA_SRC/tests/fixtures/linux/procs
OID_AGE=$SIA_OID_MIB.1.2.2.0   # sysinfoProcessSnapshotAge
OID_UPTIME=$SIA_OID_SYSTEM.3.0 # sysinfoUptime: advances between scans
SIG=$SIA_OID_PROC_TABLE.1.27 # sysinfoProcessSignal
SYS_LOCATION=.1.3.6.1.2.1.1.6.0
SYSOR_ID=.1.3.6.1.2.1.1.9.1.2

# lget COMMUNITY [-opts] OID...: snmpget against the listener (numeric).
lget() {
    local c=$1
    shift
    SIA_TARGET=$SIA_LISTEN_TARGET SIA_COMMUNITY=$c SIA_MIBS='' sia_get -On "$@"
}

# A walk without the values that differ between two agents by nature
# (the objects stay), nor the end mark: nothing follows SYSINFO-MIB in the
# listener, so its walk ends with endOfMibView; the master has more.
stable() {
    sed -e "s/^\($OID_AGE\|$OID_UPTIME\) = .*/\1 = (varies)/" |
        grep -v ' = No more variables left'
}

# ---- 1. same answers as the AgentX path --------------------------------
sia_start_master unix
sia_start_agent --proc-root "$ROOT"
CONF1=$SIA_TMP/fixture.conf
printf 'rocommunity public 127.0.0.1\n' >"$CONF1"
sia_start_listener fixture "$CONF1" --proc-root "$ROOT"
FIXTURE_PID=$SIA_LISTEN_PID

SIA_MIBS='' sia_walk -On "$SIA_OID_MIB" | stable >"$SIA_TMP/agentx.walk"
SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_walk -On "$SIA_OID_MIB" |
    stable >"$SIA_TMP/listen.walk"
SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_bulkwalk -On -Cr25 "$SIA_OID_MIB" |
    stable >"$SIA_TMP/listen.bulkwalk"
n=$(wc -l <"$SIA_TMP/agentx.walk")
sia_assert_range "varbinds in the AgentX walk of the fixture" 300 100000 "$n"
if cmp -s "$SIA_TMP/agentx.walk" "$SIA_TMP/listen.walk"; then
    sia_ok "walk through the listener = walk through AgentX ($n varbinds)"
else
    sia_fail "walks differ: $(diff "$SIA_TMP/agentx.walk" "$SIA_TMP/listen.walk" | head -5)"
fi
if cmp -s "$SIA_TMP/listen.walk" "$SIA_TMP/listen.bulkwalk"; then
    sia_ok "GETBULK walk of the listener = its GETNEXT walk"
else
    sia_fail "bulk walk differs: $(diff "$SIA_TMP/listen.walk" "$SIA_TMP/listen.bulkwalk" | head -5)"
fi
sia_stop_agent
sia_stop_agent "$FIXTURE_PID"

# ---- 2. access control on the live /proc -------------------------------
V6=""
if [ -r /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6; then
    V6PORT=$(sia_free_port)
    V6="udp6:[::1]:$V6PORT"
fi
CONF2=$SIA_TMP/access.conf
cat >"$CONF2" <<EOF
# sysinfo-agentx's own keys and snmpd.conf's access control, one file
cache_ttl 1
signals_allow TERM
# the test's child runs as root, a system user the signal policy
# refuses unless named
signals_users root
persistent_dir $SIA_TMP/state
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1 $SIA_OID_MIB
view nosysinfo included .1.3.6.1.2.1.1
rocommunity narrow 127.0.0.1 -V nosysinfo
rocommunity6 public ::1
createUser alice SHA "alice pass phrase" AES "alice privacy phrase"
rouser alice priv $SIA_OID_MIB
sysLocation rack 7, test_listen
EOF
SIA_LISTEN_EXTRA=${V6:+,$V6} sia_start_listener access "$CONF2" -D sysinfo:request
LPID=$SIA_LISTEN_PID

out=$(lget public -Oqv "$SIA_OID_AGENT_VERSION")
sia_assert_match "v2c rocommunity reads sysinfoAgentVersion" '^"?[0-9]+\.[0-9]+' "$out"
sia_assert_match "sysLocation from the file (system group)" 'rack 7, test_listen' \
    "$(lget public -Oqv "$SYS_LOCATION")"
sia_assert_match "sysORTable lists SYSINFO-MIB" "$SIA_OID_MIB" \
    "$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_walk -On -Oqv "$SYSOR_ID")"

# A GETBULK that finds the process snapshot older than cache_ttl (1 s
# here) asks for a scan: it must be answered (net-snmp cannot resume a
# delegated GETBULK, it said genError), twice, after quiet spells.
for quiet in 1 2; do
    sleep 2
    out=$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_bulkwalk -On -Cr50 \
        "$SIA_OID_MIB.1.2.1.1.2" 2>&1) || true
    sia_assert_match "bulk walk after quiet spell $quiet: rows, no error" \
        "^$SIA_OID_MIB\.1\.2\.1\.1\.2\.1 = " "$out"
    sia_assert_eq "bulk walk after quiet spell $quiet: no error" "" \
        "$(grep -iE 'error|genError|timeout' <<<"$out" || true)"
done

# SNMPv3: authPriv with SHA and AES reads; a wrong pass phrase does not.
v3() {
    snmpget -v3 -l authPriv -u alice -a SHA -A "$1" -x AES -X "alice privacy phrase" \
        -t "$SIA_SNMP_TIMEOUT" -r 0 -On -Oqv "$SIA_LISTEN_TARGET" "$2" 2>&1
}
sia_assert_match "v3 authPriv SHA/AES reads sysinfoAgentVersion" '^"?[0-9]+\.[0-9]+' \
    "$(v3 "alice pass phrase" "$SIA_OID_AGENT_VERSION")"
sia_assert_match "v3 with a wrong auth pass phrase" 'Authentication failure|Timeout' \
    "$(v3 "not alice's phrase" "$SIA_OID_AGENT_VERSION")"
sia_assert_match "v3 user outside its view (sysLocation)" 'No Such Object' \
    "$(v3 "alice pass phrase" "$SYS_LOCATION")"

# A community whose view excludes the subtree: noSuchObject, empty walk.
sia_assert_match "community 'narrow' GET of sysinfoAgentVersion" 'No Such Object' \
    "$(lget narrow -Oqv "$SIA_OID_AGENT_VERSION" 2>&1)"
sia_assert_match "community 'narrow' still reads sysLocation" 'rack 7' \
    "$(lget narrow -Oqv "$SYS_LOCATION")"
rows=$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_COMMUNITY=narrow SIA_MIBS='' \
    sia_bulkwalk -On "$SIA_OID_MIB" 2>&1 | grep -c "^$SIA_OID_MIB\." || true)
sia_assert_eq "community 'narrow' walk of SYSINFO-MIB" 0 "$rows"

# A wrong community gets no answer at all.
if out=$(SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 lget wrong "$SIA_OID_AGENT_VERSION" 2>&1); then
    sia_fail "wrong community answered: $out"
else
    sia_assert_match "wrong community" 'Timeout' "$out"
fi

# The process table through the listener has this shell's row.
sia_assert_eq "sysinfoProcessName of this shell" "$(cat /proc/$$/comm)" \
    "$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_value -On "$SIA_OID_PROC_TABLE.1.3.$$")"

# Signals: a throwaway child; SET with the read-only community is refused
# by access control, with the read-write one it is delivered.
sleep 300 &
CHILD=$!
sia_track "$CHILD"
for _ in $(seq 1 50); do
    lget public "$SIA_OID_PROC_TABLE.1.3.$CHILD" 2>/dev/null | grep -q STRING && break
    sleep 0.1
done
lset() {
    local c=$1 out
    shift
    if out=$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_COMMUNITY=$c SIA_MIBS='' \
        SIA_SNMP_RETRIES=0 sia_snmp snmpset -On "$@" 2>&1); then
        echo noError
    else
        sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' <<<"$out" | head -n 1
    fi
}
sia_assert_match "SET TERM with the rocommunity" '^(noAccess|notWritable|authorizationError)$' \
    "$(lset public "$SIG.$CHILD" i 15)"
sleep 0.3
if sia_alive "$CHILD"; then
    sia_ok "child alive after the refused SET"
else
    sia_fail "child died after a SET with the read-only community"
fi
sia_assert_eq "SET TERM with the rwcommunity" noError "$(lset private "$SIG.$CHILD" i 15)"
if sia_wait_exit "$CHILD" 5; then
    sia_assert_eq "child's exit status (SIGTERM)" 143 "$SIA_EXIT_STATUS"
else
    sia_fail "child still running 5 s after SET TERM"
    kill "$CHILD" 2>/dev/null
fi
sia_assert_match "SET KILL (not in signals_allow) with the rwcommunity" '^wrongValue$' \
    "$(lset private "$SIG.$$" i 9)"

# udp6 on ::1, when the machine has it.
if [ -n "$V6" ]; then
    out=$(snmpget -v2c -c public -t "$SIA_SNMP_TIMEOUT" -r 1 -On -Oqv "$V6" \
        "$SIA_OID_AGENT_VERSION" 2>&1)
    sia_assert_match "v2c over udp6 [::1]" '^"?[0-9]+\.[0-9]+' "$out"
else
    sia_log "no ::1 on this machine: udp6 not tested"
fi

# -D sysinfo:request traces what the listener answered.
if grep -qF "sysinfo:request: GET sysinfoSystem" "$SIA_LISTEN_LOG"; then
    sia_ok "-D sysinfo:request traces GETs"
else
    sia_fail "no sysinfo:request trace in $SIA_LISTEN_LOG"
fi
# SIGHUP: the agent's own keys are reloaded, access control is not (a
# changed line is reported).
printf 'rocommunity later 127.0.0.1\n' >>"$CONF2"
kill -s HUP "$LPID"
for _ in $(seq 1 50); do
    grep -q 'restart to apply' "$SIA_LISTEN_LOG" && break
    sleep 0.1
done
sia_assert_match "SIGHUP with changed access control" 'access-control lines changed.*restart' \
    "$(grep 'restart to apply' "$SIA_LISTEN_LOG")"
if out=$(SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 lget later "$SIA_OID_AGENT_VERSION" 2>&1); then
    sia_fail "a community added by SIGHUP answered: $out"
else
    sia_ok "a community added by SIGHUP is not in effect"
fi
sia_stop_agent "$LPID"

# SNMPv3 engine state in persistent_dir: the engine ID and the boot count
# survive a restart; the users' keys are not stored (createUser is read
# from the file at every start).
STATE=$SIA_TMP/state/sysinfo-agentx.conf
engine() { sed -n "s/^$1 //p" "$STATE" 2>/dev/null; }
id1=$(engine oldEngineID)
sia_assert_match "engine ID saved in persistent_dir" '^0x[0-9a-f]{10,}$' "$id1"
sia_assert_eq "engineBoots saved" 1 "$(engine engineBoots)"
sia_assert_eq "no usmUser lines (keys) saved" 0 "$(grep -c '^usmUser' "$STATE")"
sia_start_listener again "$CONF2"
sia_assert_match "v3 after a restart" '^"?[0-9]+\.[0-9]+' \
    "$(v3 "alice pass phrase" "$SIA_OID_AGENT_VERSION")"
sia_stop_agent "$SIA_LISTEN_PID"
sia_assert_eq "same engine ID after a restart" "$id1" "$(engine oldEngineID)"
sia_assert_eq "engineBoots after a restart" 2 "$(engine engineBoots)"

# The shipped example, every line uncommented, is accepted by net-snmp's
# parsers too, and its rwcommunity reads.
EXAMPLE=$SIA_TMP/example.conf
sed 's/^#\([a-z]\)/\1/' "$SIA_SRC/packaging/sysinfo-agentx.conf" >"$EXAMPLE"
SIA_COMMUNITY=s3cret sia_start_listener example "$EXAMPLE"
sia_assert_match "the example's rwcommunity is limited to SYSINFO-MIB (sysContact)" \
    'No Such Object' "$(lget s3cret -Oqv .1.3.6.1.2.1.1.4.0)"
if grep -q 'Error' "$SIA_LISTEN_LOG"; then
    sia_fail "net-snmp reported errors in the example: $(grep Error "$SIA_LISTEN_LOG")"
else
    sia_ok "no errors from net-snmp's parsers on the example"
fi
sia_stop_agent "$SIA_LISTEN_PID"

# ---- 3. refusals at start-up --------------------------------------------
BAD=$SIA_TMP/bad.conf
printf 'cache_ttl 5\nrocommunity public 127.0.0.1\nview broken included\n' >"$BAD"
out=$("$SIA_AGENT_BIN" -f -Le -c "$BAD" --listen "udp:127.0.0.1:$(sia_free_port)" 2>&1)
st=$?
sia_assert_eq "exit status with a bad view line" 1 "$st"
sia_assert_match "the bad line is named" "$BAD: line 3: Error: " "$out"

out=$("$SIA_AGENT_BIN" -f -Le -c "$CONF2" -x unix:"$SIA_TMP/none.sock" 2>&1)
st=$?
sia_assert_eq "exit status: access control without --listen" 1 "$st"
line=$(grep -n "^rocommunity" "$CONF2" | head -n 1 | cut -d: -f1)
sia_assert_match "refused as FILE:LINE" "$CONF2:$line: rocommunity: only with --listen" "$out"

# ---- 4. -x and --listen together ----------------------------------------
# A subagent of the master that also answers on its own port, with its
# own access control; the master's answers stay the master's business.
sia_start_agent --proc-root "$ROOT" -c "$CONF1" --listen "udp:127.0.0.1:$(sia_free_port)"
BOTH_PORT=$(sed -n 's/^listening on udp:127.0.0.1:\([0-9]*\)$/\1/p' "$SIA_AGENT_LOG" | tail -1)
sia_assert_match "the subagent also listens" '^[0-9]+$' "$BOTH_PORT"
SIA_LISTEN_TARGET=udp:127.0.0.1:$BOTH_PORT
sia_assert_eq "through the master: sysinfoHostName" fixture-host \
    "$(SIA_MIBS='' sia_value -On "$SIA_OID_SYSTEM.5.0")"
sia_assert_eq "through its own port: sysinfoHostName" fixture-host \
    "$(SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_value -On "$SIA_OID_SYSTEM.5.0")"
SIA_TARGET=$SIA_LISTEN_TARGET SIA_MIBS='' sia_walk -On "$SIA_OID_MIB" |
    stable >"$SIA_TMP/both.walk"
if cmp -s "$SIA_TMP/agentx.walk" "$SIA_TMP/both.walk"; then
    sia_ok "walk through its own port = walk through AgentX"
else
    sia_fail "walks differ: $(diff "$SIA_TMP/agentx.walk" "$SIA_TMP/both.walk" | head -5)"
fi
if out=$(SIA_SNMP_TIMEOUT=1 SIA_SNMP_RETRIES=0 lget wrong "$SIA_OID_AGENT_VERSION" 2>&1); then
    sia_fail "wrong community answered on the subagent's port: $out"
else
    sia_assert_match "wrong community on the subagent's port" 'Timeout' "$out"
fi
sia_stop_agent

sia_finish

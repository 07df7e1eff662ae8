#!/usr/bin/env bash
# test_sysor.sh - the agent lists SYSINFO-MIB in the master's sysORTable
# (sysORID = sysinfoMIB, with a description), and -D sysinfo:request
# traces requests in the log, as net-snmp's own modules do.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpwalk
sia_need_agent

SYSOR_ID=.1.3.6.1.2.1.1.9.1.2   # sysORTable.sysOREntry.sysORID
SYSOR_DESCR=.1.3.6.1.2.1.1.9.1.3

sia_start_master unix
sia_start_agent -D sysinfo:request

# The master adds the AgentX AddAgentCaps to its sysORTable.
row=""
for _ in $(seq 1 50); do
    row=$(SIA_MIBS='' sia_walk -On "$SYSOR_ID" 2>/dev/null |
        grep -F "OID: $SIA_OID_MIB" | head -1)
    [ -n "$row" ] && break
    sleep 0.1
done
if [ -n "$row" ]; then
    sia_ok "sysORTable lists sysinfoMIB: $row"
    n=${row%% = *}
    n=${n##*.}
    descr=$(SIA_MIBS='' sia_value -On "$SYSOR_DESCR.$n")
    sia_assert_match "sysORDescr.$n" 'SYSINFO-MIB' "$descr"
else
    sia_fail "sysORTable has no sysORID $SIA_OID_MIB"
fi

# -D sysinfo:request: each request is traced with its group and OID.
SIA_MIBS='' sia_get -On "$SIA_OID_AGENT_VERSION" >/dev/null
found=0
tail=${SIA_OID_AGENT_VERSION#.1.} # the log prints the OID as iso.3.6...
for _ in $(seq 1 20); do
    grep -qF "sysinfo:request: GET sysinfoSystem iso.$tail: found" \
        "$SIA_AGENT_LOG" && found=1 && break
    sleep 0.1
done
[ "$found" = 1 ] && sia_ok "-D sysinfo:request traces a GET" ||
    sia_fail "no sysinfo:request trace of the GET in $SIA_AGENT_LOG"

sia_stop_agent
sia_finish

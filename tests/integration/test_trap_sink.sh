#!/usr/bin/env bash
# test_trap_sink.sh - the harness's trap sink (trap_lib.sh): a private
# master configured with its trap2sink sends its coldStart to snmptrapd
# on loopback, and the helpers read every varbind of it.  The
# notification tests of the agent stand on this.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=trap_lib.sh
. "$(dirname "$0")/trap_lib.sh"

sia_start_trap_sink
sia_start_master

COLD_START=.1.3.6.1.6.3.1.1.5.1
line=$(sia_wait_trap "$COLD_START" 0 10) ||
    sia_die "no coldStart from the master within 10 s (log: $(cat "$SIA_TRAP_LOG"))"
sia_ok "coldStart received: $line"
sia_assert_eq "first varbind" .1.3.6.1.2.1.1.3.0 "$(sia_trap_oids "$line" | head -1)"
sia_assert_eq "second varbind" "$SIA_OID_TRAP_OID" "$(sia_trap_oids "$line" | sed -n 2p)"
sia_assert_match "sysUpTime.0" '^Timeticks: \([0-9]+\)' \
    "$(sia_trap_varbind "$line" .1.3.6.1.2.1.1.3.0)"
sia_assert_eq "snmpTrapOID.0" "OID: $COLD_START" \
    "$(sia_trap_varbind "$line" "$SIA_OID_TRAP_OID")"
if sia_trap_varbind "$line" .1.3.6.1.9.9.9 >/dev/null; then
    sia_fail "sia_trap_varbind found a varbind that is not there"
else
    sia_ok "an absent varbind is reported absent"
fi
# Nothing after it: waiting for a second one times out.
n=$(sia_trap_count)
if sia_wait_trap "$COLD_START" "$n" 1 >/dev/null; then
    sia_fail "a second coldStart"
else
    sia_ok "no second coldStart ($n notification(s) in all)"
fi
sia_finish

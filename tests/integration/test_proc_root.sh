#!/usr/bin/env bash
# test_proc_root.sh - --proc-root is honoured for every read: the agent,
# pointed at the fixture tree tests/fixtures/linux/procs, serves that
# tree's host name, boot time, CPUs and processes (hostile name included)
# through a real master, and none of this machine's.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpbulkwalk
sia_need_agent

ROOT=$SIA_SRC/tests/fixtures/linux/procs
[ -d "$ROOT" ] || sia_die "fixture tree $ROOT is missing"

sia_start_master unix
sia_start_agent --proc-root "$ROOT"

val() { sia_value "SYSINFO-MIB::$1.0"; }

sia_assert_eq "sysinfoHostName from the fixture" fixture-host "$(val sysinfoHostName)"
sia_assert_eq "sysinfoRelease from the fixture" 6.1.0-fixture "$(val sysinfoRelease)"
sia_assert_eq "sysinfoBootTimeUnix (btime)" 1700000000 "$(val sysinfoBootTimeUnix)"
sia_assert_eq "sysinfoCpuCount (cpuN lines)" 3 "$(val sysinfoCpuCount)"
sia_assert_eq "sysinfoLoad15 (loadavg 12.00)" 1200 "$(val sysinfoLoad15)"
sia_assert_eq "sysinfoProcessCount" 11 "$(val sysinfoProcessCount)"

# The walk lists exactly the fixture's processes: 104 (no stat: vanished)
# and the non-pid entries are left out.  sysinfoProcessUnknown (35) is the
# column every row has; Ppid skips 105, whose ppid is unknown.
walked() {
    sia_bulkwalk -On -Cr50 "$SIA_OID_PROC_TABLE.1.$1" |
        sed -n "s/^\\.[0-9.]*\\.1\\.$1\\.\\([0-9]*\\) = .*/\\1/p" | tr '\n' ' '
}
sia_assert_eq "pids walked (Unknown column)" \
    "1 2 42 100 101 102 103 105 106 12345 4194304 " "$(walked 35)"
sia_assert_eq "pids walked (Ppid column: 105 unknown)" \
    "1 2 42 100 101 102 103 106 12345 4194304 " "$(walked 2)"

# pid 100's comm is `my) S 9 (x<newline>y`: exact bytes, no field shift.
hex=$(sia_get -Oqv -Ox -On "$SIA_OID_PROC_TABLE.1.3.100" | tr -d ' \n"')
want=$(printf 'my) S 9 (x\ny' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
sia_assert_eq "name of pid 100, hex" "$want" "$hex"
sia_assert_eq "ppid of pid 100 (after the hostile name)" 1 \
    "$(sia_value -On "$SIA_OID_PROC_TABLE.1.2.100")"
sia_assert_eq "state of pid 42 (zombie)" 6 \
    "$(sia_value -On "$SIA_OID_PROC_TABLE.1.7.42")"

# pid 105's stat is cut short: its ppid is unknown (no instance), the row
# and its name stay.
if out=$(sia_value -On "$SIA_OID_PROC_TABLE.1.2.105" 2>&1); then
    sia_fail "ppid of pid 105 (stat cut short): expected no instance, got $out"
else
    sia_ok "ppid of pid 105 (stat cut short) has no instance"
fi
sia_assert_eq "name of pid 105" trunc "$(sia_value -On "$SIA_OID_PROC_TABLE.1.3.105")"

# No mountinfo in the tree: an empty mount table and a logged reason, not
# this machine's mounts.
rows=$(sia_bulkwalk -On "$SIA_OID_MOUNT_TABLE" | grep -c "^$SIA_OID_MOUNT_TABLE\.1\." || true)
sia_assert_eq "mount rows from a tree without mountinfo" 0 "$rows"
if grep -q "cannot read the mount table" "$SIA_AGENT_LOG"; then
    sia_ok "the agent logs why the mount table is empty"
else
    sia_fail "no 'cannot read the mount table' in $SIA_AGENT_LOG"
fi

sia_stop_agent
sia_stop_master
sia_finish

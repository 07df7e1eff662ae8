#!/usr/bin/env bash
# test_demand_scans.sh - scans are demand-driven: with nobody asking the
# agent does not scan at all; a request that finds the snapshot older
# than cache_ttl (mount_ttl) gets a fresh one, and costs one scan.
#
# The agent runs with cache_ttl 1, mount_ttl 1 and a generous scan_wait
# (so a slow machine still gets its fresh answer), traced with
# -D sysinfo: each swapped-in snapshot logs "new <table> snapshot served".
# Counts are compared, and an age with the round trip that bounds it;
# no durations are assumed.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget
sia_need_agent

OID_AGE=$SIA_OID_MIB.1.2.2.0 # sysinfoProcessSnapshotAge.0
OID_MOUNT_TABLE=$SIA_OID_MIB.1.3.1
IDLE_S=4

served() { grep -c "new $1 snapshot served" "$SIA_AGENT_LOG" || true; }

printf 'cache_ttl 1\nmount_ttl 1\nscan_wait 5\n' >"$SIA_TMP/demand.conf"
sia_start_master unix
sia_start_agent -c "$SIA_TMP/demand.conf" -D sysinfo

# The start-up polling may have asked for scans: wait until none lands
# for 2 s (a scan of a few hundred processes takes well under that).
settled=0
for _ in $(seq 1 15); do
    p0=$(served "process table")
    m0=$(served "mount table")
    sleep 2
    if [ "$p0" = "$(served "process table")" ] && [ "$m0" = "$(served "mount table")" ]; then
        settled=1
        break
    fi
done
sia_assert_eq "scans settle after start-up" 1 "$settled"

# Idle: some TTLs go by and nothing is scanned.
sleep "$IDLE_S"
sia_assert_eq "process scans while nobody asks for ${IDLE_S} s (cache_ttl 1)" \
    "$p0" "$(served "process table")"
sia_assert_eq "mount scans while nobody asks for ${IDLE_S} s (mount_ttl 1)" \
    "$m0" "$(served "mount table")"

# One request after the quiet spell: one scan, and a fresh answer: the
# snapshot it comes from was started after the request was sent, so its
# age is at most the request's round trip (+ 10 ms for rounding).
t0=$(sia_now_ms)
age=$(SIA_MIBS='' sia_value -On "$OID_AGE")
rtt=$(($(sia_now_ms) - t0))
sia_assert_range "sysinfoProcessSnapshotAge x 10 ms of the first answer after ${IDLE_S} s idle (<= the request's ${rtt} ms)" \
    0 $((rtt + 10)) "$((age * 10))"
sia_assert_eq "process scans for that request" $((p0 + 1)) "$(served "process table")"

# The mount table likewise.
SIA_MIBS='' sia_snmp snmpgetnext -On "$OID_MOUNT_TABLE" >/dev/null
sia_assert_eq "mount scans for one GETNEXT after ${IDLE_S} s idle" $((m0 + 1)) \
    "$(served "mount table")"

# And quiet again afterwards: no scan follows by itself.
p1=$(served "process table")
sleep 3
sia_assert_eq "process scans in the 3 s after the request" "$p1" \
    "$(served "process table")"

# A walk of the mount table alone, the process snapshot stale: the
# GETNEXT that ends it lands on the (empty, no watches) watch table,
# which needs no process scan; the mount table gets its one.
m1=$(served "mount table")
out=$(SIA_MIBS='' sia_snmp snmpwalk -On "$OID_MOUNT_TABLE")
sia_assert_match "the mount walk has rows" "^$OID_MOUNT_TABLE\." "$out"
sleep 2 # a scan it had asked for would land by now
sia_assert_eq "process scans for a walk of the mount table (no watches)" \
    "$p1" "$(served "process table")"
sia_assert_eq "mount scans for that walk" $((m1 + 1)) "$(served "mount table")"

# Nor does that last GETNEXT keep the (stale) process snapshot as if a
# walk of the process table were going on: a request right after the
# mount walk gets a fresh one.
SIA_MIBS='' sia_snmp snmpwalk -On "$OID_MOUNT_TABLE" >/dev/null
t0=$(sia_now_ms)
age=$(SIA_MIBS='' sia_value -On "$OID_AGE")
rtt=$(($(sia_now_ms) - t0))
sia_assert_range "sysinfoProcessSnapshotAge x 10 ms right after a mount walk (<= the request's ${rtt} ms)" \
    0 $((rtt + 10)) "$((age * 10))"

sia_stop_agent
sia_finish

#!/usr/bin/env bash
# test_oids.sh - SYSINFO-MIB and src/sysinfo_oids.h must agree.
#
# The header is the authority.  The table below names, for every node of
# the module, the header constants its OID is made of (or, for nodes the
# header does not number - conformance, notifications, reserved arcs -
# the header prefix plus the fixed arc of the design), its type and its
# access.  A tiny C program compiled against the header prints the
# numeric OIDs, so the numbers come from the compiler, never from this
# script.  Then, with net-snmp's own parser:
#   - snmptranslate -On of every name gives exactly the header's OID,
#     and its type, access and enumeration labels (numbered by the
#     header and by platform/collector.h's process states) are right;
#   - the module defines no node that is missing from the table;
#   - every numbering constant of the header is used in the table, and
#     the header's *_MAX and SIA_OID_MIB_LEN match.
#
# Exit 77 (skip) when net-snmp's tools, a C compiler or the base modules
# are missing.
set -euo pipefail

src=${SIA_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
header="$src/src/sysinfo_oids.h"
mibfile="$src/mibs/SYSINFO-MIB.txt"

# shellcheck source=SCRIPTDIR/../../scripts/mibpath.sh
. "$src/scripts/mibpath.sh"
# shellcheck source=SCRIPTDIR/../../scripts/snmpenv.sh
. "$src/scripts/snmpenv.sh"
for tool in snmptranslate "${CC:-cc}"; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool not installed"
        exit 77
    fi
done
if ! sia_mibpath_init; then
    echo "SKIP: MIB base modules not found"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# snmptranslate below must print the same on a machine where net-snmp
# never ran (no "Created directory" notice) as on a used one, and must
# not see the machine's own snmp.conf.
sia_snmp_isolate "$tmp/snmpenv"

# --------------------------------------------------------------- the map
# name  prefix-macro  arcs-after-prefix(- for none)  type  access
# type: node (no SYNTAX), or what `snmptranslate -Td` shows: the textual
# convention if any, else Integer32 Unsigned32 Gauge32 Counter64
# OctetString Enum Bits.
map=$(
    cat <<'EOF'
sysinfoMIB                    SIA_OID_MIB         -                   node -
sysinfoObjects                SIA_OID_OBJECTS     -                   node -
sysinfoNotifications          SIA_OID_MIB         2                   node -
sysinfoNotificationPrefix     SIA_OID_MIB         2,0                 node -
sysinfoConformance            SIA_OID_MIB         3                   node -
sysinfoCompliances            SIA_OID_MIB         3,1                 node -
sysinfoGroups                 SIA_OID_MIB         3,2                 node -
sysinfoCompliance             SIA_OID_MIB         3,1,1               node -
sysinfoSystemGroup            SIA_OID_MIB         3,2,1               node -
sysinfoProcessGroup           SIA_OID_MIB         3,2,2               node -
sysinfoProcessSignalGroup     SIA_OID_MIB         3,2,3               node -
sysinfoMountGroup             SIA_OID_MIB         3,2,4               node -
sysinfoWatchGroup             SIA_OID_MIB         3,2,5               node -
sysinfoThresholdGroup         SIA_OID_MIB         3,2,6               node -
sysinfoWatchNotificationGroup SIA_OID_MIB         3,2,7               node -
sysinfoMountNotificationGroup SIA_OID_MIB         3,2,8               node -
sysinfoWatchProblem           SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_WATCH_PROBLEM node -
sysinfoWatchRecovered         SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_WATCH_RECOVERED node -
sysinfoMountThresholdCrossed  SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_THRESHOLD_CROSSED node -
sysinfoMountThresholdCleared  SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_THRESHOLD_CLEARED node -
sysinfoMountTimeout           SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_MOUNT_TIMEOUT node -
sysinfoMountResponding        SIA_OID_NOTIFY_PREFIX SIA_NOTIFY_MOUNT_RESPONDING node -
sysinfoSystem                 SIA_OID_SYSTEM      -                   node -
sysinfoProcesses              SIA_OID_PROCESSES   -                   node -
sysinfoMounts                 SIA_OID_MOUNTS      -                   node -
sysinfoWatches                SIA_OID_WATCHES     -                   node -
sysinfoThresholds             SIA_OID_THRESHOLDS  -                   node -
sysinfoBootTime               SIA_OID_SYSTEM      SIA_SYS_BOOT_TIME   DateAndTime read-only
sysinfoBootTimeUnix           SIA_OID_SYSTEM      SIA_SYS_BOOT_TIME_UNIX SysinfoGauge64 read-only
sysinfoUptime                 SIA_OID_SYSTEM      SIA_SYS_UPTIME      SysinfoGauge64 read-only
sysinfoSysName                SIA_OID_SYSTEM      SIA_SYS_SYS_NAME    OctetString read-only
sysinfoHostName               SIA_OID_SYSTEM      SIA_SYS_HOST_NAME   OctetString read-only
sysinfoRelease                SIA_OID_SYSTEM      SIA_SYS_RELEASE     OctetString read-only
sysinfoVersion                SIA_OID_SYSTEM      SIA_SYS_VERSION     OctetString read-only
sysinfoMachine                SIA_OID_SYSTEM      SIA_SYS_MACHINE     OctetString read-only
sysinfoWordSize               SIA_OID_SYSTEM      SIA_SYS_WORD_SIZE   Unsigned32 read-only
sysinfoCpuCount               SIA_OID_SYSTEM      SIA_SYS_CPU_COUNT   Unsigned32 read-only
sysinfoLoad1                  SIA_OID_SYSTEM      SIA_SYS_LOAD1       Unsigned32 read-only
sysinfoLoad5                  SIA_OID_SYSTEM      SIA_SYS_LOAD5       Unsigned32 read-only
sysinfoLoad15                 SIA_OID_SYSTEM      SIA_SYS_LOAD15      Unsigned32 read-only
sysinfoProcessCount           SIA_OID_SYSTEM      SIA_SYS_PROCESS_COUNT Gauge32 read-only
sysinfoThreadCount            SIA_OID_SYSTEM      SIA_SYS_THREAD_COUNT Gauge32 read-only
sysinfoAgentVersion           SIA_OID_SYSTEM      SIA_SYS_AGENT_VERSION OctetString read-only
sysinfoProcessTable           SIA_OID_PROC_TABLE  -                   node not-accessible
sysinfoProcessEntry           SIA_OID_PROC_TABLE  1                   node not-accessible
sysinfoProcessSnapshotAge     SIA_OID_PROCESSES   SIA_PROCS_SNAPSHOT_AGE TimeInterval read-only
sysinfoProcessSnapshotTtl     SIA_OID_PROCESSES   SIA_PROCS_SNAPSHOT_TTL Unsigned32 read-only
sysinfoProcessArgsMax         SIA_OID_PROCESSES   SIA_PROCS_ARGS_MAX  Unsigned32 read-only
sysinfoProcessPid             SIA_OID_PROC_TABLE  1,SIA_PROC_PID      Integer32 not-accessible
sysinfoProcessPpid            SIA_OID_PROC_TABLE  1,SIA_PROC_PPID     Integer32 read-only
sysinfoProcessName            SIA_OID_PROC_TABLE  1,SIA_PROC_NAME     OctetString read-only
sysinfoProcessExe             SIA_OID_PROC_TABLE  1,SIA_PROC_EXE      OctetString read-only
sysinfoProcessArgs            SIA_OID_PROC_TABLE  1,SIA_PROC_ARGS     OctetString read-only
sysinfoProcessArgsTruncated   SIA_OID_PROC_TABLE  1,SIA_PROC_ARGS_TRUNCATED TruthValue read-only
sysinfoProcessState           SIA_OID_PROC_TABLE  1,SIA_PROC_STATE    Enum read-only
sysinfoProcessUid             SIA_OID_PROC_TABLE  1,SIA_PROC_UID      Unsigned32 read-only
sysinfoProcessEuid            SIA_OID_PROC_TABLE  1,SIA_PROC_EUID     Unsigned32 read-only
sysinfoProcessGid             SIA_OID_PROC_TABLE  1,SIA_PROC_GID      Unsigned32 read-only
sysinfoProcessEgid            SIA_OID_PROC_TABLE  1,SIA_PROC_EGID     Unsigned32 read-only
sysinfoProcessUser            SIA_OID_PROC_TABLE  1,SIA_PROC_USER     OctetString read-only
sysinfoProcessStartTime       SIA_OID_PROC_TABLE  1,SIA_PROC_START_TIME DateAndTime read-only
sysinfoProcessCpuUser         SIA_OID_PROC_TABLE  1,SIA_PROC_CPU_USER Counter64 read-only
sysinfoProcessCpuSystem       SIA_OID_PROC_TABLE  1,SIA_PROC_CPU_SYSTEM Counter64 read-only
sysinfoProcessRss             SIA_OID_PROC_TABLE  1,SIA_PROC_RSS      SysinfoGauge64 read-only
sysinfoProcessVsz             SIA_OID_PROC_TABLE  1,SIA_PROC_VSZ      SysinfoGauge64 read-only
sysinfoProcessThreads         SIA_OID_PROC_TABLE  1,SIA_PROC_THREADS  Gauge32 read-only
sysinfoProcessNice            SIA_OID_PROC_TABLE  1,SIA_PROC_NICE     Integer32 read-only
sysinfoProcessPriority        SIA_OID_PROC_TABLE  1,SIA_PROC_PRIORITY Integer32 read-only
sysinfoProcessTty             SIA_OID_PROC_TABLE  1,SIA_PROC_TTY      OctetString read-only
sysinfoProcessOpenFiles       SIA_OID_PROC_TABLE  1,SIA_PROC_OPEN_FILES Gauge32 read-only
sysinfoProcessReadBytes       SIA_OID_PROC_TABLE  1,SIA_PROC_READ_BYTES Counter64 read-only
sysinfoProcessWriteBytes      SIA_OID_PROC_TABLE  1,SIA_PROC_WRITE_BYTES Counter64 read-only
sysinfoProcessCgroup          SIA_OID_PROC_TABLE  1,SIA_PROC_CGROUP   OctetString read-only
sysinfoProcessChildren        SIA_OID_PROC_TABLE  1,SIA_PROC_CHILDREN Gauge32 read-only
sysinfoProcessSignal          SIA_OID_PROC_TABLE  1,SIA_PROC_SIGNAL   Integer32 read-write
sysinfoProcessPgrp            SIA_OID_PROC_TABLE  1,SIA_PROC_PGRP     Integer32 read-only
sysinfoProcessSession         SIA_OID_PROC_TABLE  1,SIA_PROC_SESSION  Integer32 read-only
sysinfoProcessMinorFaults     SIA_OID_PROC_TABLE  1,SIA_PROC_MINOR_FAULTS Counter64 read-only
sysinfoProcessMajorFaults     SIA_OID_PROC_TABLE  1,SIA_PROC_MAJOR_FAULTS Counter64 read-only
sysinfoProcessShared          SIA_OID_PROC_TABLE  1,SIA_PROC_SHARED   SysinfoGauge64 read-only
sysinfoProcessCwd             SIA_OID_PROC_TABLE  1,SIA_PROC_CWD      OctetString read-only
sysinfoProcessStartTimeUnix   SIA_OID_PROC_TABLE  1,SIA_PROC_START_UNIX SysinfoGauge64 read-only
sysinfoProcessUnknown         SIA_OID_PROC_TABLE  1,SIA_PROC_UNKNOWN  Bits read-only
sysinfoMountTable             SIA_OID_MOUNT_TABLE -                   node not-accessible
sysinfoMountEntry             SIA_OID_MOUNT_TABLE 1                   node not-accessible
sysinfoMountIndex             SIA_OID_MOUNT_TABLE 1,SIA_MNT_INDEX     Unsigned32 not-accessible
sysinfoMountPoint             SIA_OID_MOUNT_TABLE 1,SIA_MNT_MOUNT_POINT OctetString read-only
sysinfoMountDevice            SIA_OID_MOUNT_TABLE 1,SIA_MNT_DEVICE    OctetString read-only
sysinfoMountFsType            SIA_OID_MOUNT_TABLE 1,SIA_MNT_FS_TYPE   OctetString read-only
sysinfoMountOptions           SIA_OID_MOUNT_TABLE 1,SIA_MNT_OPTIONS   OctetString read-only
sysinfoMountReadOnly          SIA_OID_MOUNT_TABLE 1,SIA_MNT_READ_ONLY TruthValue read-only
sysinfoMountRemote            SIA_OID_MOUNT_TABLE 1,SIA_MNT_REMOTE    TruthValue read-only
sysinfoMountSize              SIA_OID_MOUNT_TABLE 1,SIA_MNT_SIZE      SysinfoGauge64 read-only
sysinfoMountFree              SIA_OID_MOUNT_TABLE 1,SIA_MNT_FREE      SysinfoGauge64 read-only
sysinfoMountAvail             SIA_OID_MOUNT_TABLE 1,SIA_MNT_AVAIL     SysinfoGauge64 read-only
sysinfoMountUsed              SIA_OID_MOUNT_TABLE 1,SIA_MNT_USED      SysinfoGauge64 read-only
sysinfoMountUsedPercent       SIA_OID_MOUNT_TABLE 1,SIA_MNT_USED_PERCENT Unsigned32 read-only
sysinfoMountInodes            SIA_OID_MOUNT_TABLE 1,SIA_MNT_INODES    SysinfoGauge64 read-only
sysinfoMountInodesFree        SIA_OID_MOUNT_TABLE 1,SIA_MNT_INODES_FREE SysinfoGauge64 read-only
sysinfoMountInodesUsedPercent SIA_OID_MOUNT_TABLE 1,SIA_MNT_INODES_USED_PERCENT Unsigned32 read-only
sysinfoMountBlockSize         SIA_OID_MOUNT_TABLE 1,SIA_MNT_BLOCK_SIZE Unsigned32 read-only
sysinfoMountStatus            SIA_OID_MOUNT_TABLE 1,SIA_MNT_STATUS    Enum read-only
sysinfoMountStatusAge         SIA_OID_MOUNT_TABLE 1,SIA_MNT_STATUS_AGE TimeInterval read-only
sysinfoMountStatusText        SIA_OID_MOUNT_TABLE 1,SIA_MNT_STATUS_TEXT OctetString read-only
sysinfoMountId                SIA_OID_MOUNT_TABLE 1,SIA_MNT_MOUNT_ID  Unsigned32 read-only
sysinfoMountDeviceNumber      SIA_OID_MOUNT_TABLE 1,SIA_MNT_DEVICE_NUMBER OctetString read-only
sysinfoMountRoot              SIA_OID_MOUNT_TABLE 1,SIA_MNT_ROOT      OctetString read-only
sysinfoMountDuplicateOf       SIA_OID_MOUNT_TABLE 1,SIA_MNT_DUPLICATE_OF Unsigned32 read-only
sysinfoMountThresholdStatus   SIA_OID_MOUNT_TABLE 1,SIA_MNT_THRESHOLD_STATUS Enum read-only
sysinfoMountThresholdMessage  SIA_OID_MOUNT_TABLE 1,SIA_MNT_THRESHOLD_MESSAGE DisplayString read-only
sysinfoWatchTable             SIA_OID_WATCH_TABLE -                   node not-accessible
sysinfoWatchEntry             SIA_OID_WATCH_TABLE 1                   node not-accessible
sysinfoWatchName              SIA_OID_WATCH_TABLE 1,SIA_WATCH_NAME    DisplayString not-accessible
sysinfoWatchTarget            SIA_OID_WATCH_TABLE 1,SIA_WATCH_TARGET  Enum read-only
sysinfoWatchPattern           SIA_OID_WATCH_TABLE 1,SIA_WATCH_PATTERN DisplayString read-only
sysinfoWatchUser              SIA_OID_WATCH_TABLE 1,SIA_WATCH_USER    Unsigned32 read-only
sysinfoWatchParent            SIA_OID_WATCH_TABLE 1,SIA_WATCH_PARENT  Integer32 read-only
sysinfoWatchCgroup            SIA_OID_WATCH_TABLE 1,SIA_WATCH_CGROUP  OctetString read-only
sysinfoWatchMin               SIA_OID_WATCH_TABLE 1,SIA_WATCH_MIN     Unsigned32 read-only
sysinfoWatchMax               SIA_OID_WATCH_TABLE 1,SIA_WATCH_MAX     Unsigned32 read-only
sysinfoWatchCount             SIA_OID_WATCH_TABLE 1,SIA_WATCH_COUNT   Gauge32 read-only
sysinfoWatchStatus            SIA_OID_WATCH_TABLE 1,SIA_WATCH_STATUS  Enum read-only
sysinfoWatchMessage           SIA_OID_WATCH_TABLE 1,SIA_WATCH_MESSAGE DisplayString read-only
sysinfoWatchUnchecked         SIA_OID_WATCH_TABLE 1,SIA_WATCH_UNCHECKED Gauge32 read-only
sysinfoWatchOldestStart       SIA_OID_WATCH_TABLE 1,SIA_WATCH_OLDEST_START SysinfoGauge64 read-only
sysinfoWatchNewestStart       SIA_OID_WATCH_TABLE 1,SIA_WATCH_NEWEST_START SysinfoGauge64 read-only
sysinfoWatchRss               SIA_OID_WATCH_TABLE 1,SIA_WATCH_RSS     SysinfoGauge64 read-only
sysinfoWatchCpu               SIA_OID_WATCH_TABLE 1,SIA_WATCH_CPU     Counter64 read-only
sysinfoWatchThreads           SIA_OID_WATCH_TABLE 1,SIA_WATCH_THREADS Gauge32 read-only
sysinfoWatchOpenFiles         SIA_OID_WATCH_TABLE 1,SIA_WATCH_OPEN_FILES Gauge32 read-only
sysinfoWatchNotifyName        SIA_OID_WATCHES     SIA_WATCHES_NOTIFY_NAME DisplayString accessible-for-notify
sysinfoThresholdMeasure       SIA_OID_THRESHOLDS  SIA_THR_MEASURE     Enum accessible-for-notify
sysinfoThresholdValue         SIA_OID_THRESHOLDS  SIA_THR_VALUE       Unsigned32 accessible-for-notify
sysinfoThresholdLevel         SIA_OID_THRESHOLDS  SIA_THR_LEVEL       Unsigned32 accessible-for-notify
EOF
)

# Enumerations: MIB object, label, the C constant that numbers it.
enums=$(
    cat <<'EOF'
sysinfoMountStatus   ok            SIA_MOUNT_OK
sysinfoMountStatus   timeout       SIA_MOUNT_TIMEOUT
sysinfoMountStatus   error         SIA_MOUNT_ERROR
sysinfoMountStatus   notQueried    SIA_MOUNT_NOT_QUERIED
sysinfoMountThresholdStatus ok       SIA_THRESHOLD_OK
sysinfoMountThresholdStatus warning  SIA_THRESHOLD_WARNING
sysinfoMountThresholdStatus critical SIA_THRESHOLD_CRITICAL
sysinfoMountThresholdStatus unknown  SIA_THRESHOLD_UNKNOWN
sysinfoWatchTarget   name          SIA_WATCH_TARGET_NAME
sysinfoWatchTarget   args          SIA_WATCH_TARGET_ARGS
sysinfoWatchTarget   exe           SIA_WATCH_TARGET_EXE
sysinfoWatchStatus   ok            SIA_WATCH_OK
sysinfoWatchStatus   tooFew        SIA_WATCH_TOO_FEW
sysinfoWatchStatus   tooMany       SIA_WATCH_TOO_MANY
sysinfoWatchStatus   invalidPattern SIA_WATCH_INVALID_PATTERN
sysinfoWatchStatus   unknown       SIA_WATCH_UNKNOWN
sysinfoThresholdMeasure usedPercent SIA_MEASURE_USED_PERCENT
sysinfoThresholdMeasure availMiB   SIA_MEASURE_AVAIL_MIB
sysinfoThresholdMeasure inodesUsedPercent SIA_MEASURE_INODES_PERCENT
sysinfoThresholdMeasure timeout    SIA_MEASURE_TIMEOUT
sysinfoThresholdMeasure error      SIA_MEASURE_ERROR
sysinfoProcessState  running       PROC_STATE_RUNNING
sysinfoProcessState  sleeping      PROC_STATE_SLEEPING
sysinfoProcessState  diskSleep     PROC_STATE_DISK_SLEEP
sysinfoProcessState  stopped       PROC_STATE_STOPPED
sysinfoProcessState  tracingStop   PROC_STATE_TRACING_STOP
sysinfoProcessState  zombie        PROC_STATE_ZOMBIE
sysinfoProcessState  dead          PROC_STATE_DEAD
sysinfoProcessState  wakeKill      PROC_STATE_WAKE_KILL
sysinfoProcessState  waking        PROC_STATE_WAKING
sysinfoProcessState  parked        PROC_STATE_PARKED
sysinfoProcessState  idle          PROC_STATE_IDLE
sysinfoProcessState  other         PROC_STATE_OTHER
EOF
)

# Table's *_MAX: the highest sub-identifier under each node.
maxes=$(
    cat <<'EOF'
sysinfoSystem        SIA_SYS_MAX
sysinfoProcessEntry  SIA_PROC_COL_MAX
sysinfoMountEntry    SIA_MNT_COL_MAX
sysinfoWatchEntry    SIA_WATCH_COL_MAX
EOF
)

fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# ------------------------------------------- numbers from the C compiler
{
    cat <<'EOF'
#include "sysinfo_oids.h"
#include "collector.h"
#include <stdio.h>
static void pr(const char *name, const unsigned long *o, size_t n)
{
    printf("oid %s ", name);
    for (size_t i = 0; i < n; i++)
        printf(".%lu", o[i]);
    printf("\n");
}
#define PR(name, ...) do { \
    static const unsigned long o_[] = { __VA_ARGS__ }; \
    pr(name, o_, sizeof o_ / sizeof o_[0]); \
} while (0)
int main(void)
{
    static const unsigned long mib_[] = { SIA_OID_MIB };
    printf("miblen %zu %d\n", sizeof mib_ / sizeof mib_[0],
           (int)SIA_OID_MIB_LEN);
EOF
    while read -r name prefix arcs _; do
        if [[ "$arcs" == - ]]; then
            printf '    PR("%s", %s);\n' "$name" "$prefix"
        else
            printf '    PR("%s", %s, %s);\n' "$name" "$prefix" "$arcs"
        fi
    done <<<"$map"
    while read -r obj label const; do
        printf '    printf("enum %s %s %%d\\n", (int)%s);\n' \
            "$obj" "$label" "$const"
    done <<<"$enums"
    while read -r node const; do
        printf '    printf("max %s %%d\\n", (int)%s);\n' "$node" "$const"
    done <<<"$maxes"
    printf '    return 0;\n}\n'
} >"$tmp/oids.c"

if ! "${CC:-cc}" -std=c11 -Wall -Wextra -Werror -I "$src/src" \
    -I "$src/platform" -o "$tmp/oids" "$tmp/oids.c" 2>"$tmp/cc.err"; then
    echo "FAIL: the OID table does not compile against $header:"
    sed 's/^/  /' "$tmp/cc.err"
    exit 1
fi
"$tmp/oids" >"$tmp/expected"

# ------------------------------------------ every header constant is used
# Each numbering constant of the header (not the *_MAX markers) and each
# process state of the collector must appear in the tables above, so a
# new column or state cannot go unchecked.
mapfile -t consts < <({
    grep -oE '\bSIA_[A-Z0-9_]+[[:space:]]*=' "$header"
    grep -oE '\bPROC_STATE_[A-Z0-9_]+[[:space:]]*=' "$src/platform/collector.h"
} | tr -d ' =' | grep -vE '_MAX$' | sort -u)
((${#consts[@]} > 80)) || fail "found only ${#consts[@]} constants in the headers"
used=$(printf '%s\n%s\n' "$map" "$enums" | sed 's/[ ,][ ,]*/\n/g')
for c in "${consts[@]}"; do
    grep -qx -- "$c" <<<"$used" || fail "$c (header) is not in the tables of $0"
done

read -r _ n len < <(grep '^miblen ' "$tmp/expected")
[[ "$n" == "$len" ]] ||
    fail "SIA_OID_MIB has $n sub-identifiers but SIA_OID_MIB_LEN is $len"

# ------------------------------------------------- net-snmp's view of it
snmp() {
    snmptranslate -M "$SIA_MIBDIRS" -m SYSINFO-MIB "$@"
}

# Loading the module must be silent: net-snmp reports unresolved parents
# and unknown imports on stderr and carries on.  Its first-run notices are
# not load errors (the isolation above should keep them away; the filter
# is the second line of defence).  load_errors MIBDIRS MODULE OUT prints
# what the load said beyond those notices.
load_errors() {
    local dirs=$1 module=$2 out=$3
    snmptranslate -M "$dirs" -m "$module" -On "$module::sysinfoMIB" \
        >"$out" 2>"$tmp/load.raw" || echo "(exit status $?)"
    sia_snmp_notices <"$tmp/load.raw"
}

# The canary: the same module with an import that does not exist.  If the
# check stays silent on it, an empty result below proves nothing.
mkdir -p "$tmp/canary"
sed 's/^[[:space:]]*netSnmpPlaypen$/    netSnmpPlaypen, sysinfoNoSuchImport/' \
    "$mibfile" >"$tmp/canary/SYSINFO-MIB.txt"
grep -q sysinfoNoSuchImport "$tmp/canary/SYSINFO-MIB.txt" ||
    fail "canary: could not break the import list of $mibfile"
canary=$(load_errors "$SIA_MIB_BASEDIR:$SIA_NETSNMP_MIBDIR:$tmp/canary" \
    SYSINFO-MIB "$tmp/canary.out")
[[ -n "$canary" ]] ||
    fail "canary: a module with an unknown import loaded without a message"

load_err=$(load_errors "$SIA_MIBDIRS" SYSINFO-MIB "$tmp/root")
if [[ -n "$load_err" ]]; then
    fail "loading SYSINFO-MIB with -M $SIA_MIBDIRS:"
    sed 's/^/  /' <<<"$load_err"
    exit 1
fi
root=$(<"$tmp/root")
want_root=$(awk '$1 == "oid" && $2 == "sysinfoMIB" { print $3 }' "$tmp/expected")
if [[ "$root" != "$want_root" ]]; then
    fail "sysinfoMIB is $root in the MIB but SIA_OID_MIB is $want_root" \
        "(NET-SNMP-MIB: netSnmpPlaypen is" \
        "$(snmp -On NET-SNMP-MIB::netSnmpPlaypen 2>&1));" \
        "below, OIDs are compared relative to the module root, R"
fi

# An OID relative to the module root ("R.1.2"), so that a wrong root is
# reported once above rather than once per object.
rel() {
    if [[ "$1" == "$2" ]]; then
        echo "R"
    elif [[ "$1" == "$2".* ]]; then
        echo "R${1#"$2"}"
    else
        echo "$1"
    fi
}

# Canonical type name of an object from `snmptranslate -Td` output.
type_of() {
    awk '
        /^  -- TEXTUAL CONVENTION / { tc = $4 }
        /^  SYNTAX/ {
            s = $2
            if (s == "OCTET") s = "OctetString"
            else if (s == "INTEGER" && $0 ~ /\{/) s = "Enum"
            else if (s == "BITS") s = "Bits"
        }
        END { print (tc != "" ? tc : (s != "" ? s : "node")) }'
}
access_of() {
    awk '/^  MAX-ACCESS/ { a = $2 } END { print (a != "" ? a : "-") }'
}

matched=0
while read -r name _ _ want_type want_access; do
    before=$fails
    want=$(awk -v n="$name" '$1 == "oid" && $2 == n { print $3 }' "$tmp/expected")
    if ! got=$(snmp -On "SYSINFO-MIB::$name" 2>&1); then
        fail "$name: snmptranslate: $got"
        continue
    fi
    got_rel=$(rel "$got" "$root")
    want_rel=$(rel "$want" "$want_root")
    [[ -n "$want" && "$got_rel" == "$want_rel" ]] ||
        fail "$name is $got_rel, sysinfo_oids.h says $want_rel"
    def=$(snmp -Td "SYSINFO-MIB::$name" 2>&1)
    got_type=$(type_of <<<"$def")
    got_access=$(access_of <<<"$def")
    [[ "$got_type" == "$want_type" ]] ||
        fail "$name has type $got_type, expected $want_type"
    [[ "$got_access" == "$want_access" ]] ||
        fail "$name has MAX-ACCESS $got_access, expected $want_access"
    ((fails > before)) || matched=$((matched + 1))
done <<<"$map"

# Enumerations: the MIB's labels and numbers are exactly the C ones.
while read -r obj; do
    want=$(awk -v o="$obj" '$1 == "enum" && $2 == o { print $3 "(" $4 ")" }' \
        "$tmp/expected" | sort)
    got=$(snmp -Td "SYSINFO-MIB::$obj" |
        sed -n 's/^  SYNTAX.*{\(.*\)}.*/\1/p' | tr -d ' ' | tr ',' '\n' | sort)
    [[ "$got" == "$want" ]] ||
        fail "$obj enumeration is {$(paste -sd, <<<"$got")}," \
            "expected {$(paste -sd, <<<"$want")}"
done < <(awk '$1 == "enum" { print $2 }' "$tmp/expected" | sort -u)

# ------------------------------------------- nothing in the MIB unchecked
# Every node net-snmp knows under the module's root or by a sysinfo*
# name, and every definition in the file, must be in the table.
snmp -Tz | tr -d '"' >"$tmp/tree"
awk -v r="${root#.}" '$2 == r || index($2, r ".") == 1 || $1 ~ /^sysinfo/ {
    print $1 }' "$tmp/tree" >"$tmp/nodes"
grep -oE '^[a-z][A-Za-z0-9-]*[[:space:]]+(OBJECT-TYPE|OBJECT IDENTIFIER|MODULE-IDENTITY|OBJECT-IDENTITY|OBJECT-GROUP|NOTIFICATION-TYPE|NOTIFICATION-GROUP|MODULE-COMPLIANCE|AGENT-CAPABILITIES)' \
    "$mibfile" | awk '{ print $1 }' >>"$tmp/nodes"
(($(wc -l <"$tmp/nodes") > 50)) || fail "found too few MIB nodes to compare"
sort -u "$tmp/nodes" -o "$tmp/nodes"
awk '{ print $1 }' <<<"$map" | sort -u >"$tmp/mapped"
while read -r extra; do
    fail "$extra is defined by the MIB but not checked by $0"
done < <(comm -23 "$tmp/nodes" "$tmp/mapped")
while read -r missing; do
    fail "$missing is in the table but not in the MIB"
done < <(comm -13 "$tmp/nodes" "$tmp/mapped")

# The header's *_MAX is the highest sub-identifier under the node.
while read -r _ node max; do
    base=$(snmp -On "SYSINFO-MIB::$node")
    top=$(awk -v b="${base#.}." '
        index($2, b) == 1 {
            rest = substr($2, length(b) + 1)
            if (rest !~ /\./ && rest + 0 > m) m = rest + 0
        }
        END { print m + 0 }' "$tmp/tree")
    [[ "$top" == "$max" ]] ||
        fail "$node: highest sub-identifier is $top, the header's max is $max"
done < <(grep '^max ' "$tmp/expected")

if ((fails > 0)); then
    echo "$fails failure(s); $matched of $(wc -l <<<"$map") objects matched"
    exit 1
fi
echo "PASS: $matched objects, enumerations and limits match $header"

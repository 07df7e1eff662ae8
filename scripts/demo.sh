#!/usr/bin/env bash
# scripts/demo.sh - see the subagent work, without touching the system's
# snmpd: installs what is missing, builds (plain, in build-demo/), starts a
# private snmpd master on a random loopback port with the subagent
# attached, shows what net-snmp's own tools get from it, and stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
echo "=== building in build-demo/"
cmake -S . -B build-demo -DSIA_SANITIZE=OFF -DSIA_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-demo --target sysinfo-agentx -j "$(nproc)" >/dev/null

# read by lib.sh
export SIA_SRC=$PWD SIA_BUILD=$PWD/build-demo SIA_NAME=demo
set +e # lib.sh reports failures itself
# shellcheck source=tests/integration/lib.sh disable=SC1091
. tests/integration/lib.sh

sia_start_master unix
sia_start_agent

show() {
    printf '\n$ %s\n' "$*"
}
CLIENT="-v2c -c public -M $SIA_MIBDIRS -m SYSINFO-MIB"
ADDR="udp:127.0.0.1:$SIA_MASTER_PORT"

show "snmpwalk $CLIENT $ADDR SYSINFO-MIB::sysinfoSystem"
sia_walk SYSINFO-MIB::sysinfoSystem

# first_rows COLUMN N: the indexes of the first N rows, by a column that
# every row has (the index columns themselves are not-accessible).
first_rows() {
    sia_bulkwalk -Os -Oq -Cr20 "SYSINFO-MIB::$1" | head -n "$2" |
        sed -n "s/^$1\\.\\([0-9]*\\) .*/\\1/p"
}

mapfile -t pids < <(first_rows sysinfoProcessUnknown 5)
show "snmpget $CLIENT $ADDR sysinfoProcess{Ppid,User,State,Rss,Name,Args}.PID  (first ${#pids[@]} rows)"
for pid in "${pids[@]}"; do
    sia_get "SYSINFO-MIB::sysinfoProcessPpid.$pid" \
        "SYSINFO-MIB::sysinfoProcessUser.$pid" \
        "SYSINFO-MIB::sysinfoProcessState.$pid" \
        "SYSINFO-MIB::sysinfoProcessRss.$pid" \
        "SYSINFO-MIB::sysinfoProcessName.$pid" \
        "SYSINFO-MIB::sysinfoProcessArgs.$pid"
    echo
done

mapfile -t mounts < <(first_rows sysinfoMountPoint 5)
show "snmpget $CLIENT $ADDR sysinfoMount{Point,FsType,Size,Used,UsedPercent,Status}.INDEX  (first ${#mounts[@]} rows)"
for i in "${mounts[@]}"; do
    sia_get "SYSINFO-MIB::sysinfoMountPoint.$i" \
        "SYSINFO-MIB::sysinfoMountFsType.$i" \
        "SYSINFO-MIB::sysinfoMountSize.$i" \
        "SYSINFO-MIB::sysinfoMountUsed.$i" \
        "SYSINFO-MIB::sysinfoMountUsedPercent.$i" \
        "SYSINFO-MIB::sysinfoMountStatus.$i"
    echo
done

echo "=== the same, all at once: $SIA_BUILD/src/sysinfo-agentx --dump"
echo "=== stopping the subagent and the private master"
sia_stop_agent
sia_stop_master
sia_finish

#!/usr/bin/env bash
# test_valgrind.sh - the agent under valgrind memcheck, serving full walks
# of the system group, the process table, the mount table and the watch
# table (watches, a threshold and notifications configured) through a
# private master (twice, with 1 s snapshot TTLs, and across a SIGHUP
# reload, so that snapshots and configurations are built, swapped and
# freed), then SIGTERM: no memory errors, nothing definitely or indirectly
# lost.  Suppressions: tests/valgrind/netsnmp.supp (net-snmp's own noise
# only).
#
# valgrind and AddressSanitizer do not mix: when $SIA_BUILD is a sanitizer
# build, a plain build of the agent is made in $SIA_BUILD/valgrind-build.
# shellcheck disable=SC2119 # the lib's optional arguments
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpwalk snmpbulkwalk valgrind
SUPP=$SIA_SRC/tests/valgrind/netsnmp.supp
[ -r "$SUPP" ] || sia_die "missing $SUPP"

links_sanitizer() {
    ldd "$1" 2>/dev/null | grep -q -E 'lib(asan|ubsan)'
}

if grep -q '^SIA_SANITIZE:BOOL=ON' "$SIA_BUILD/CMakeCache.txt" 2>/dev/null ||
    links_sanitizer "$SIA_AGENT_BIN"; then
    sia_need cmake
    vb=$SIA_BUILD/valgrind-build
    sia_log "$SIA_BUILD is a sanitizer build: building a plain agent in $vb"
    t0=$(sia_now_ms)
    if ! { cmake -S "$SIA_SRC" -B "$vb" -DSIA_SANITIZE=OFF \
        -DSIA_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
        cmake --build "$vb" --target sysinfo-agentx -j "$(nproc)"; } \
        >"$SIA_TMP/valgrind-build.out" 2>&1; then
        sia_die "plain build for valgrind failed (see valgrind-build.out)"
    fi
    sia_log "plain build done in $(($(sia_now_ms) - t0)) ms"
    SIA_AGENT_BIN=$vb/src/sysinfo-agentx
    links_sanitizer "$SIA_AGENT_BIN" && sia_die "$SIA_AGENT_BIN still links a sanitizer"
fi
sia_need_agent

VG_LOG=$SIA_TMP/valgrind.log
SIA_AGENT_WRAPPER=(valgrind --leak-check=full
    "--show-leak-kinds=definite,indirect"
    "--errors-for-leak-kinds=definite,indirect" --error-exitcode=99
    --suppressions="$SUPP" --num-callers=40 --log-file="$VG_LOG")
SIA_AGENT_START_TIMEOUT=120
SIA_AGENT_STOP_TIMEOUT=180
SIA_SNMP_TIMEOUT=5
SIA_MIBS='' # numeric OIDs only: this test is about memory, not names

CONF=$SIA_TMP/sysinfo-agentx.conf
# Watches (one fine, one not: a notification at start-up) and a threshold
# on /, so that their evaluation, the notification memory and the AgentX
# Notify path run under valgrind too.
printf '%s\n' 'cache_ttl 1' 'mount_ttl 1' 'notify_interval 0' \
    'watch all name . min 1' 'watch none name ^no-such-process-sia$ min 1' \
    'threshold / used 99% 100% inodes 99% 100%' >"$CONF"

sia_start_master unix
sia_start_agent -c "$CONF"

# walk NAME TOOL ARGS...: a full walk into $SIA_TMP/walk-NAME.txt, which
# must end cleanly.
walk() {
    local out=$SIA_TMP/walk-$1.txt
    shift
    if ! "$@" >"$out" 2>&1 || grep -q -E '^Timeout|^Error|No Such' "$out"; then
        sia_fail "walk $(basename "$out") did not complete:" \
            "$(grep -m1 -E 'Timeout|Error|No Such' "$out")"
    fi
}

# rows OUT COLUMN_OID: indexes of the rows in a walk's output.  The index
# columns are not-accessible: count rows by a column that is always
# present (sysinfoProcessUnknown, sysinfoMountPoint).
rows() {
    sed -n "s/^\\$2\\.\\([0-9.]*\\) = .*/\\1/p" "$1"
}

one_round() {
    local round=$1 out n t0
    t0=$(sia_now_ms)
    walk "system-$round" sia_walk -On "$SIA_OID_SYSTEM"
    out=$SIA_TMP/walk-system-$round.txt
    n=$(grep -c "^\\$SIA_OID_SYSTEM\\.[0-9]*\\.0 = " "$out")
    sia_assert_eq "round $round: sysinfoSystem objects" 16 "$n"

    walk "proc-$round" sia_bulkwalk -On -Cr25 "$SIA_OID_PROC_TABLE"
    out=$SIA_TMP/walk-proc-$round.txt
    n=$(rows "$out" "$SIA_OID_PROC_TABLE.1.35" | wc -l)
    sia_assert_range "round $round: process rows" 1 1000000 "$n"
    if rows "$out" "$SIA_OID_PROC_TABLE.1.35" | grep -q -x "$SIA_AGENT_PID"; then
        sia_ok "round $round: the agent's own pid $SIA_AGENT_PID has a row"
    else
        sia_fail "round $round: no row for the agent's pid $SIA_AGENT_PID"
    fi

    walk "mount-$round" sia_bulkwalk -On -Cr25 "$SIA_OID_MOUNT_TABLE"
    out=$SIA_TMP/walk-mount-$round.txt
    n=$(rows "$out" "$SIA_OID_MOUNT_TABLE.1.2" | wc -l)
    sia_assert_range "round $round: mount rows" 1 1000000 "$n"
    if grep -q "^\\$SIA_OID_MOUNT_TABLE\\.1\\.2\\.[0-9]* = STRING: \"/\"$" "$out"; then
        sia_ok "round $round: the mount table has /"
    else
        sia_fail "round $round: no row with mount point /"
    fi
    walk "watch-$round" sia_walk -On "$SIA_OID_MIB.1.4.1"
    n=$(grep -c "^\\$SIA_OID_MIB\\.1\\.4\\.1\\.1\\.10\\." "$SIA_TMP/walk-watch-$round.txt")
    sia_assert_eq "round $round: watch rows" 2 "$n"
    sia_log "round $round: $(wc -l <"$out") mount varbinds," \
        "$(wc -l <"$SIA_TMP/walk-proc-$round.txt") process varbinds in" \
        "$(($(sia_now_ms) - t0)) ms"
}

one_round 1
sleep 2 # past the 1 s TTLs: the next round is served from new snapshots
one_round 2
kill -s HUP "$SIA_AGENT_PID"
sleep 2
one_round 3

sia_stop_agent

# The exit status already says "no errors, no definite/indirect leaks"
# (--error-exitcode); the log must agree, and must exist.
if ! grep -q 'Memcheck' "$VG_LOG" 2>/dev/null; then
    sia_fail "no valgrind log at $VG_LOG"
else
    grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|All heap blocks' "$VG_LOG"
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$VG_LOG" | tail -n 1)
    sia_assert_eq "valgrind errors" 0 "${errors//,/}"
    for kind in definitely indirectly; do
        bytes=$(sed -n "s/.*$kind lost: \\([0-9,]*\\) bytes.*/\\1/p" "$VG_LOG" | tail -n 1)
        if [ -z "$bytes" ] && grep -q 'All heap blocks were freed' "$VG_LOG"; then
            bytes=0
        fi
        sia_assert_eq "valgrind: $kind lost bytes" 0 "${bytes//,/}"
    done
fi
sia_stop_master
sia_finish

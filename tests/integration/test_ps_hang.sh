#!/usr/bin/env bash
# test_ps_hang.sh - the "ps hangs" case, for real (issue 11, defect 8): a
# process whose mmap lock is held makes every reader of its
# /proc/PID/cmdline block.  tests/tools/mmaplock maps a file of a hangfs
# FUSE mount; hangfs is stopped (SIGSTOP); one thread of mmaplock reads
# the mapping through /proc/self/mem (holding its mmap lock for reading,
# waiting on FUSE) and its main thread queues for the lock for writing.
# Then, checked first: `cat /proc/PID/cmdline` blocks, stat/statm/status/
# io/cgroup/exe/cwd do not.  And the agent:
#   - keeps producing snapshots where only that process's command line
#     is unknown (noSuchInstance), the rest of its row and every other
#     row are served: scans are demand-driven (README "Snapshots"), and
#     one with a stuck read takes longer than a request waits, so the
#     test keeps asking (bounded) until sysinfoProcessSnapshotAge says
#     the snapshot served was scanned after the read got stuck, five
#     times over;
#   - does not leave one more thread behind per scan (its thread count
#     stays flat while the read stays stuck);
#   - --dump finishes;
#   - SIGTERM stops it within 2 s, with exit status 0, while both the
#     cmdline read and a statfs of the hung mount are stuck.
# The agent runs with ASAN_OPTIONS=detect_leaks=0: LeakSanitizer's exit
# check stops every thread with ptrace and would wait for ever on the one
# left blocked in the kernel (a plain build exits at once).
#
# Runs in a private mount namespace (as test_hung_fs.sh, whose cleanup it
# follows); needs root and /dev/fuse, exits 77 otherwise.
# shellcheck disable=SC2317 # functions run through trap
set -u -o pipefail

NAME=$(basename "$0" .sh)
if [ -z "${SIA_PSHANG_OUTER_NS:-}" ]; then
    skip() {
        printf '%s: SKIPPED: %s\n' "$NAME" "$*"
        exit 77
    }
    [ "$(id -u)" = 0 ] || skip "needs root (FUSE mount in a private mount namespace)"
    [[ -c /dev/fuse && -r /dev/fuse && -w /dev/fuse ]] || skip "no usable /dev/fuse"
    command -v unshare >/dev/null 2>&1 || skip "unshare(1) is not installed"
    unshare --mount --propagation private true 2>/dev/null ||
        skip "cannot make a private mount namespace"
    SIA_PSHANG_OUTER_NS=$(readlink /proc/self/ns/mnt)
    export SIA_PSHANG_OUTER_NS
    exec unshare --mount --propagation private -- bash "$0" "$@"
fi

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
[ "$(readlink /proc/self/ns/mnt)" != "$SIA_PSHANG_OUTER_NS" ] ||
    sia_die "still in the outer mount namespace"
sia_need snmpd snmpget timeout
sia_need_agent
HANGFS=$SIA_BUILD/tests/hangfs
MMAPLOCK=$SIA_BUILD/tests/mmaplock
[ -x "$HANGFS" ] && [ -x "$MMAPLOCK" ] || sia_skip "test tools not built"

HANG_DIR=$SIA_TMP/hang
HANG_PID=
LOCK_PID=
WATCHDOG_PID=
export ASAN_OPTIONS=detect_leaks=0

release() {
    [ -n "$HANG_PID" ] && kill -s CONT "$HANG_PID" 2>/dev/null
    [ -n "$LOCK_PID" ] && kill -s KILL "$LOCK_PID" 2>/dev/null
    umount -l "$HANG_DIR" 2>/dev/null
    [ -n "$HANG_PID" ] && { sia_wait_exit "$HANG_PID" 5 || kill -s KILL "$HANG_PID"; }
    HANG_PID=
}
pshang_cleanup() {
    local status=$?
    set +e
    [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
    release
    pshang_return "$status"
    sia_cleanup
}
pshang_return() { return "$1"; }
trap pshang_cleanup EXIT

mkdir -p "$HANG_DIR"
"$HANGFS" "$HANG_DIR" >"$SIA_TMP/hangfs.out" 2>&1 &
HANG_PID=$!
sia_track "$HANG_PID"
(
    parent=$$
    trap - EXIT
    while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
    kill -s CONT "$HANG_PID"
    umount -l "$HANG_DIR"
) </dev/null >/dev/null 2>&1 &
WATCHDOG_PID=$!
for _ in $(seq 1 50); do
    [ -e "$HANG_DIR/file" ] && break
    sleep 0.1
done
[ -e "$HANG_DIR/file" ] || sia_skip "hangfs did not mount ($(tail -n 1 "$SIA_TMP/hangfs.out"))"
"$MMAPLOCK" "$HANG_DIR/file" >"$SIA_TMP/mmaplock.out" 2>&1 &
LOCK_PID=$!
sia_track "$LOCK_PID"
for _ in $(seq 1 50); do
    grep -q mapped "$SIA_TMP/mmaplock.out" && break
    sleep 0.1
done

# The hung mount is in the mount table too: its statfs blocks as well.
cat >"$SIA_TMP/agent.conf" <<EOF2
cache_ttl 1
mount_ttl 1
mount_include_path / "$HANG_DIR"
EOF2
sia_start_master unix
sia_start_agent -c "$SIA_TMP/agent.conf"
ARGS=$SIA_OID_PROC_TABLE.1.5
NAMECOL=$SIA_OID_PROC_TABLE.1.3
AGE=$SIA_OID_MIB.1.2.2.0
sia_assert_match "mmaplock's command line before the hang" "mmaplock" \
    "$(sia_value "$ARGS.$LOCK_PID")"

# --- hang
kill -s STOP "$HANG_PID"
kill -s USR1 "$LOCK_PID"
for _ in $(seq 1 50); do
    grep -q locked "$SIA_TMP/mmaplock.out" && break
    sleep 0.1
done
T_STUCK=$(sia_now_ms)
sleep 0.5
if timeout -s KILL 2 cat "/proc/$LOCK_PID/cmdline" >/dev/null 2>&1; then
    sia_skip "reading /proc/$LOCK_PID/cmdline did not block: this kernel does not reproduce the case"
fi
sia_ok "cat /proc/$LOCK_PID/cmdline blocks (killed after 2 s)"
for f in stat statm status io cgroup; do
    if timeout -s KILL 2 cat "/proc/$LOCK_PID/$f" >/dev/null 2>&1; then
        sia_ok "/proc/PID/$f does not block"
    else
        sia_fail "/proc/PID/$f blocks too: read it off the scan thread as well"
    fi
done
for f in exe cwd; do
    timeout -s KILL 2 readlink "/proc/$LOCK_PID/$f" >/dev/null 2>&1 &&
        sia_ok "/proc/PID/$f does not block" ||
        sia_fail "/proc/PID/$f blocks too"
done

# Scans go on.  Nobody asked since the hang began, so the snapshot served
# is older than cache_ttl (1 s); a request asks for a scan, and one that
# meets the stuck read takes longer than the request waits (scan_wait):
# the old snapshot answers until the scan lands.  fresh_since MS asks
# every 0.2 s, for at most 10 s, until the snapshot served was scanned
# after MS (its age, taken before the request was sent, is under the
# time since MS) and is at most 5 s old; AGE_MS is then its age.
AGE_MS=
fresh_since() {
    local deadline=$(($(sia_now_ms) + 10000)) t age
    while :; do
        t=$(sia_now_ms)
        age=$(sia_value -Ot "$AGE")
        if [[ $age =~ ^[0-9]+$ ]] && [ $((age * 10)) -lt $((t - $1)) ] &&
            [ "$age" -le 500 ]; then
            AGE_MS=$((age * 10))
            return 0
        fi
        [ "$t" -lt "$deadline" ] || break
        sleep 0.2
    done
    AGE_MS="$age (hundredths)"
    return 1
}
sleep 3
if fresh_since "$T_STUCK"; then
    sia_ok "a snapshot scanned after the read got stuck is served (age $AGE_MS ms)"
else
    sia_fail "no snapshot scanned after the read got stuck within 10 s of asking (age still $AGE_MS)"
fi
out=$(sia_get -Oqv "$ARGS.$LOCK_PID" 2>&1)
sia_assert_match "stuck process's args: no instance" "No Such Instance" "$out"
sia_assert_match "stuck process's name still served" "mmaplock" \
    "$(sia_value "$NAMECOL.$LOCK_PID")"
sia_assert_match "the master's args still served" "snmpd" \
    "$(sia_value "$ARGS.$SIA_MASTER_PID")"
threads1=$(ls "/proc/$SIA_AGENT_PID/task" | wc -l)
for n in 1 2 3 4; do # four more scans
    sleep 1.2         # past cache_ttl
    since=$(sia_now_ms)
    fresh_since "$since" ||
        sia_fail "scan $n more: no new snapshot within 10 s of asking (age $AGE_MS)"
done
sia_assert_match "stuck process's args still no instance" "No Such Instance" \
    "$(sia_get -Oqv "$ARGS.$LOCK_PID" 2>&1)"
threads2=$(ls "/proc/$SIA_AGENT_PID/task" | wc -l)
sia_assert_range "agent threads four scans later (was $threads1)" 1 "$threads1" "$threads2"

t0=$(sia_now_ms)
timeout -s KILL 20 "$SIA_AGENT_BIN" --dump -c "$SIA_TMP/agent.conf" >"$SIA_TMP/dump.txt" 2>&1
rc=$?
sia_assert_eq "--dump while the read is stuck: exit status" 0 "$rc"
sia_assert_range "--dump time, ms" 0 10000 $(($(sia_now_ms) - t0))

t0=$(sia_now_ms)
kill -s TERM "$SIA_AGENT_PID"
if sia_wait_exit "$SIA_AGENT_PID" 10; then
    sia_assert_range "SIGTERM to exit while a read is stuck, ms" 0 2000 $(($(sia_now_ms) - t0))
    sia_assert_eq "exit status" 0 "$SIA_EXIT_STATUS"
else
    sia_fail "agent still running 10 s after SIGTERM"
fi
SIA_AGENT_PID=
release
sia_stop_master
sia_finish

# shellcheck shell=bash
# Variables set here are read by the tests that source this file (SC2034).
# shellcheck disable=SC2034
#
# tests/integration/nms_lib.sh - filesystems for the monitoring-system
# tests (test_nms_nagios.sh, test_nms_zabbix.sh): a private mount
# namespace, tmpfs mounts of known usage and tests/tools/hangfs, a FUSE
# filesystem whose daemon the test stops to make the agent's statfs time
# out.  Always undone on exit, also when the test is SIGKILLed (watchdog).
#
# Use:
#   nms_enter_namespace "$0" "$@"   first line of the test, before lib.sh:
#                                   re-executes the test in a private
#                                   mount namespace (root, unshare; exits 77
#                                   otherwise; NMS_PID_NAMESPACE=1: and PID
#                                   namespace)
#   . lib.sh; . nms_lib.sh
#   nms_setup                       checks, EXIT trap
#   nms_mount_tmpfs DIR SIZE        a tmpfs (DIR created)
#   nms_start_hangfs DIR            hangfs on DIR, serving (NMS_HANG_PID)
#   nms_hang_stop / nms_hang_release   SIGSTOP it / resume and unmount it
#   nms_index_of PATH STATUS        the mount row of PATH whose
#                                   sysinfoMountStatus is STATUS (1 ok, 4
#                                   notQueried...)

# NMS_PID_NAMESPACE=1 before the call: a private PID namespace too, with
# its own /proc, so that the agent sees only the test's processes (not
# those of tests running in parallel).
nms_enter_namespace() {
    local name opts=(--mount --propagation private)
    name=$(basename "$1" .sh)
    [ -z "${SIA_NMS_OUTER_NS:-}" ] || return 0
    [ "${NMS_PID_NAMESPACE:-0}" = 0 ] || opts+=(--pid --fork --mount-proc)
    [ "$(id -u)" = 0 ] || { echo "$name: SKIPPED: needs root (mounts)"; exit 77; }
    unshare "${opts[@]}" true 2>/dev/null ||
        { echo "$name: SKIPPED: cannot make a private namespace (unshare ${opts[*]})"; exit 77; }
    SIA_NMS_OUTER_NS=$(readlink /proc/self/ns/mnt)
    export SIA_NMS_OUTER_NS
    exec unshare "${opts[@]}" -- bash "$@"
}

NMS_MOUNTS=()
NMS_HANG_PID=
NMS_HANG_DIR=
NMS_WATCHDOG_PID=

nms_setup() {
    [ "$(readlink /proc/self/ns/mnt)" != "$SIA_NMS_OUTER_NS" ] ||
        sia_die "still in the outer mount namespace: refusing to mount here"
    sia_need mount umount stat unshare
    NMS_HANGFS=$SIA_BUILD/tests/hangfs
    [ -x "$NMS_HANGFS" ] || sia_skip "no $NMS_HANGFS (build the tests)"
    trap nms_cleanup EXIT
}

nms_mount_tmpfs() {
    mkdir -p "$1"
    mount -t tmpfs -o "size=$2" "sia-nms-$(basename "$1")" "$1" ||
        sia_die "cannot mount a tmpfs on $1"
    NMS_MOUNTS+=("$1")
}

nms_start_hangfs() {
    [[ -c /dev/fuse && -r /dev/fuse && -w /dev/fuse ]] || sia_skip "no usable /dev/fuse"
    NMS_HANG_DIR=$1
    mkdir -p "$NMS_HANG_DIR"
    "$NMS_HANGFS" "$NMS_HANG_DIR" >"$SIA_TMP/hangfs.out" 2>&1 &
    NMS_HANG_PID=$!
    for _ in $(seq 1 100); do
        [ "$(stat -f -c %b "$NMS_HANG_DIR" 2>/dev/null)" = 1000000 ] && break
        sia_alive "$NMS_HANG_PID" ||
            sia_skip "hangfs could not mount: $(tail -n 1 "$SIA_TMP/hangfs.out")"
        sleep 0.1
    done
    [ "$(stat -f -c %b "$NMS_HANG_DIR" 2>/dev/null)" = 1000000 ] ||
        sia_die "hangfs pid $NMS_HANG_PID does not serve $NMS_HANG_DIR"
    # Should this shell be SIGKILLed (a ctest timeout), resume hangfs and
    # kill what would otherwise stay in this private namespace: every
    # process in it is this test's.
    local parent=$$
    (
        trap - EXIT
        trap 'exit 0' TERM
        while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
        kill -s CONT "$NMS_HANG_PID"
        umount -l "$NMS_HANG_DIR"
        sleep 1
        ns=$(readlink /proc/self/ns/mnt)
        for d in /proc/[0-9]*; do
            [ "${d#/proc/}" != "$BASHPID" ] || continue
            [ "$(readlink "$d/ns/mnt" 2>/dev/null)" = "$ns" ] && kill -s KILL "${d#/proc/}"
        done
    ) </dev/null >/dev/null 2>&1 &
    NMS_WATCHDOG_PID=$!
}

nms_hang_stop() {
    kill -s STOP "$NMS_HANG_PID"
}

nms_hang_release() {
    [ -n "$NMS_HANG_PID" ] || return 0
    kill -s CONT "$NMS_HANG_PID" 2>/dev/null || true
    umount -l "$NMS_HANG_DIR" 2>/dev/null || true
    sia_wait_exit "$NMS_HANG_PID" 5 || { kill -s KILL "$NMS_HANG_PID" 2>/dev/null || true; }
    NMS_HANG_PID=
}

# EXIT trap: hangfs and the mounts first (lib.sh's cleanup removes $SIA_TMP),
# then lib.sh's cleanup with the test's exit status.
nms_cleanup() {
    local status=$? i
    set +e
    [ -z "$NMS_WATCHDOG_PID" ] || kill -s TERM "$NMS_WATCHDOG_PID" 2>/dev/null
    nms_hang_release
    for ((i = ${#NMS_MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -l "${NMS_MOUNTS[$i]}" 2>/dev/null
    done
    (exit "$status")
    sia_cleanup
}

nms_index_of() {
    local m=$SIA_OID_MOUNT_TABLE.1
    awk -v p="\"$1\"" -v s="$2" '
        NR == FNR { i = $1; sub(/.*\./, "", i); $1 = ""; sub(/^ /, ""); if ($0 == p) want[i] = 1; next }
        { i = $1; sub(/.*\./, "", i); if ((i in want) && $2 == s) { print i; exit } }' \
        <(SIA_MIBS='' sia_walk -On -Oq "$m.2") <(SIA_MIBS='' sia_walk -On -Oq -Oe "$m.17")
}

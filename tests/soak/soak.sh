#!/usr/bin/env bash
# tests/soak/soak.sh - the agent driven hard in a loop while its world
# churns; passes only when its memory and descriptors stop growing.
#
#   bash tests/soak/soak.sh            short mode (~90 s; the test suite)
#   bash tests/soak/soak.sh --long     an hour
#   bash tests/soak/soak.sh --seconds N | --iterations N
#
# Every iteration, against a private master (tests/integration/lib.sh):
#   - full walks: the system group (GETNEXT), the process table (GETBULK,
#     25 per PDU; every third iteration a 1.1 s pause instead, so that a
#     new snapshot is not held back for the walk), the mount table
#     (GETNEXT);
#   - GETs of random existing rows and columns, of missing rows (pids
#     above pid_max, unknown mount indexes) and of missing columns;
#   - SETs of sysinfoProcessSignal: allowed (CONT to a throwaway child
#     run as nobody, signals_allow CONT), refused (KILL: not allowed; CONT
#     to a throwaway child of root's: a system user, noAccess; pid 1; the
#     agent itself; a missing pid), each answer checked;
#   - meanwhile processes come and go (short sleeps with odd names) and
#     tmpfs mounts too (root only: private PID and mount namespaces);
#   - every 10th iteration (SOAK_RESTART_EVERY) the master is restarted
#     (the agent must register again), every 7th (SOAK_RELOAD_EVERY) the
#     agent reloads its configuration (SIGHUP, alternating files);
#   - then a sample: RSS (/proc/PID/status VmRSS), open descriptors
#     (/proc/PID/fd) and live heap bytes (SIGUSR1: the agent logs
#     "memstat: heap_used=..." from glibc's mallinfo2).
# The verdict: a least-squares slope per iteration over the last half
# (the first half is warm-up) must stay under SOAK_MAX_HEAP (bytes,
# default 1024), SOAK_MAX_RSS (bytes, default 4096) and SOAK_MAX_FDS
# (default 0.02, i.e. not one descriptor per 50 iterations), every SET
# must get its expected answer, and the churn must reach the tables (a
# process walk after a 1.1 s pause sees other pids; mount counts vary).
# Prints the requests made and the slopes; SIA_KEEP_TMP=1 keeps the
# samples (samples.txt) and the logs.
#
# The agent measured is a plain build (no sanitizer: ASan's quarantine
# and shadow memory would be the growth seen); when $SIA_BUILD is a
# sanitizer build one is made in $SIA_BUILD/soak-build.
# shellcheck disable=SC2119 # the lib's optional arguments
set -u -o pipefail

mode_args=("$@")
seconds=75
iterations=0
while [ $# -gt 0 ]; do
    case "$1" in
    --long) seconds=3600 ;;
    --seconds) seconds=$2; shift ;;
    --iterations) iterations=$2; seconds=0; shift ;;
    -h | --help) sed -n '2,39p' "$0"; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# As root, into private PID and mount namespaces: the agent then sees
# only the processes of this test (the machine's own come and go with
# whatever else runs, and the heap follows the process count), and tmpfs
# mounts churn without touching the host.  Without them the figures are
# noise: skipped.
if [ -z "${SIA_SOAK_OUTER_NS:-}" ]; then
    [ "$(id -u)" = 0 ] ||
        { echo "soak: SKIPPED: needs root (private PID and mount namespaces)"; exit 77; }
    unshare --mount --pid --fork --mount-proc --propagation private true 2>/dev/null ||
        { echo "soak: SKIPPED: unshare --pid --mount failed (no CAP_SYS_ADMIN?)"; exit 77; }
    SIA_SOAK_OUTER_NS=$(readlink /proc/self/ns/mnt)
    export SIA_SOAK_OUTER_NS
    exec unshare --mount --pid --fork --mount-proc --propagation private -- \
        bash "$0" "${mode_args[@]}"
fi
[ "$(readlink /proc/self/ns/mnt)" != "$SIA_SOAK_OUTER_NS" ] || {
    echo "soak: still in the outer mount namespace: refusing to mount"
    exit 1
}

SIA_NAME=soak
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

sia_need snmpd snmpget snmpwalk snmpbulkwalk snmpset awk setpriv
SOAK_MAX_HEAP=${SOAK_MAX_HEAP:-512}
SOAK_MAX_RSS=${SOAK_MAX_RSS:-4096}
SOAK_MAX_FDS=${SOAK_MAX_FDS:-0.02}
SOAK_RESTART_EVERY=${SOAK_RESTART_EVERY:-10}
SOAK_RELOAD_EVERY=${SOAK_RELOAD_EVERY:-7}
SIA_MIBS='' # numeric OIDs: this test is about resources, not names

# ------------------------------------------------------------ the agent
links_sanitizer() {
    ldd "$1" 2>/dev/null | grep -q -E 'lib(asan|ubsan|tsan)'
}
if grep -q -E '^SIA_(SANITIZE|TSAN):BOOL=ON' "$SIA_BUILD/CMakeCache.txt" 2>/dev/null ||
    links_sanitizer "$SIA_AGENT_BIN"; then
    sia_need cmake
    sb=$SIA_BUILD/soak-build
    sia_log "$SIA_BUILD is a sanitizer build: building a plain agent in $sb"
    if ! { cmake -S "$SIA_SRC" -B "$sb" -DSIA_SANITIZE=OFF -DSIA_TSAN=OFF \
        -DSIA_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
        cmake --build "$sb" --target sysinfo-agentx -j "$(nproc)"; } \
        >"$SIA_TMP/soak-build.out" 2>&1; then
        cat "$SIA_TMP/soak-build.out"
        sia_die "plain build for the soak failed"
    fi
    SIA_AGENT_BIN=$sb/src/sysinfo-agentx
fi
sia_need_agent
# glibc's per-thread caches (tcache) keep up to 7 freed chunks of each
# size class, and mallinfo2 counts them as in use: they fill slowly with
# rare sizes and look like a leak of a few hundred bytes per iteration
# that stops on its own after thousands.  Without them heap_used is the
# live bytes (measured: flat over 50 master restarts and 200 walks).
SIA_AGENT_WRAPPER=(env GLIBC_TUNABLES=glibc.malloc.tcache_count=0)

PROC=$SIA_OID_PROC_TABLE.1
MOUNT=$SIA_OID_MOUNT_TABLE.1
SIG=$PROC.27
CONT=$(kill -l CONT)
KILL=$(kill -l KILL)
PID_MAX=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 4194304)

CONF=$SIA_TMP/soak.conf
write_conf() { # ARGS_MAX
    printf 'cache_ttl 1\nmount_ttl 1\nagentx_ping_interval 1\nargs_max %s\nsignals_allow CONT TERM\n' \
        "$1" >"$CONF"
}
write_conf 4096

# ------------------------------------------------------------ churn
MNT=$SIA_TMP/mnt
CHURN_PIDS=()

# Processes: every 0.2 s two sleeps of 0.1-1.5 s under odd names.
proc_churn() {
    local i=0
    trap 'exit 0' TERM
    while :; do
        i=$((i + 1))
        (exec -a "soak churn $i) S (x" sleep "0.$((RANDOM % 9 + 1))") &
        (exec -a $'soak\nchurn '"$i" sleep "1.$((RANDOM % 5))") &
        sleep 0.2
        wait -n 2>/dev/null || true
    done
}

# Mounts: a ring of 6 tmpfs mount points, one mounted and one unmounted
# every 0.3 s (their names hold a space and a tab).
mount_churn() {
    local i=0 d
    trap 'exit 0' TERM
    while :; do
        d=$MNT/m$((i % 6))$' a\tb'
        mkdir -p "$d"
        if mountpoint -q "$d"; then
            umount "$d" 2>/dev/null || umount -l "$d" 2>/dev/null
        else
            mount -t tmpfs -o size=1m "soak$i" "$d" 2>/dev/null
        fi
        i=$((i + 1))
        sleep 0.3
    done
}

stop_churn() {
    local p
    for p in "${CHURN_PIDS[@]}"; do
        kill -s TERM "$p" 2>/dev/null || true
        sia_wait_exit "$p" 5 || { kill -s KILL "$p" 2>/dev/null || true; }
    done
    CHURN_PIDS=()
    if [ -d "$MNT" ]; then
        awk -v m="$MNT" 'index($5, m) == 1 { print $5 }' /proc/self/mountinfo |
            sort -r | while read -r p; do
            umount -l "$(printf '%b' "$p")" 2>/dev/null || true
        done
    fi
}
# shellcheck disable=SC2317 # the EXIT trap
soak_exit() {
    local status=$?
    set +e
    stop_churn
    (exit "$status")
    sia_cleanup
}
trap soak_exit EXIT

# ------------------------------------------------------------ requests
REQS=0     # PDUs sent
VARBINDS=0 # varbinds answered
BAD=0      # unexpected answers
LAST_WALK_PIDS=()
NMOUNTS=0
# Does the churn reach the agent (scans are demand-driven: README
# "Snapshots")?  Process walks after a pause whose pids differ from the
# walk before, and the distinct mount counts seen.
PROC_WALKS=0
PROC_CHANGES=0
prev_pids=
declare -A MOUNT_COUNTS=()

count_walk() { # FILE PER_PDU: varbinds in a walk's output (into N)
    N=$(grep -c '^\.' "$1")
    VARBINDS=$((VARBINDS + N))
    REQS=$((REQS + N / $2 + 1))
}

walks() {
    local out=$SIA_TMP/walk.txt
    sia_walk -On -Ox "$SIA_OID_SYSTEM" >"$out" 2>&1
    count_walk "$out" 1
    [ "$N" -ge 10 ] || { BAD=$((BAD + 1)); sia_log "system walk: $N varbinds: $(tail -n 2 "$out")"; }
    # The agent holds a new process snapshot back while a walk of the
    # table goes on (GETNEXTs under 1 s apart, README "Snapshots"): every
    # third iteration pauses instead, so the churn reaches the table.
    if [ $((it % 3)) = 0 ]; then
        sleep 1.1
    else
        sia_bulkwalk -On -Ox -Cr25 "$PROC" >"$out" 2>&1
        count_walk "$out" 25
        [ "$N" -ge 100 ] || { BAD=$((BAD + 1)); sia_log "process walk: $N varbinds: $(tail -n 2 "$out")"; }
        mapfile -t LAST_WALK_PIDS < <(sed -n "s/^\\$PROC\\.35\\.\\([0-9]*\\) = .*/\\1/p" "$out")
        # after a pause (the iteration before slept 1.1 s), the snapshot
        # is stale: this walk must see a new one
        if [ $((it % 3)) = 1 ] && [ -n "$prev_pids" ]; then
            PROC_WALKS=$((PROC_WALKS + 1))
            [ "${LAST_WALK_PIDS[*]}" = "$prev_pids" ] || PROC_CHANGES=$((PROC_CHANGES + 1))
        fi
        prev_pids=${LAST_WALK_PIDS[*]}
    fi
    sia_walk -On -Ox "$MOUNT" >"$out" 2>&1
    NMOUNTS=$(grep -c "^\\$MOUNT\\.2\\." "$out")
    MOUNT_COUNTS[$NMOUNTS]=1
    count_walk "$out" 1
    [ "$N" -ge 1 ] || { BAD=$((BAD + 1)); sia_log "mount walk: $N varbinds: $(tail -n 2 "$out")"; }
}

gets() {
    local oids=() i pid n=${#LAST_WALK_PIDS[@]}
    [ "$n" -gt 0 ] || return 0
    for i in 1 2 3 4 5 6 7 8 9 10; do
        pid=${LAST_WALK_PIDS[RANDOM % n]}
        oids+=("$PROC.$((RANDOM % 35 + 1)).$pid")
    done
    sia_get -On "${oids[@]}" >/dev/null 2>&1
    oids=()
    for i in 1 2 3 4 5 6 7 8 9 10; do
        oids+=("$PROC.$((RANDOM % 35 + 1)).$((PID_MAX + RANDOM))")
    done
    sia_get -On "${oids[@]}" >/dev/null 2>&1
    sia_get -On "$MOUNT.2.$((RANDOM * 32768 + RANDOM))" "$MOUNT.99.1" \
        "$PROC.36.1" "$SIA_OID_SYSTEM.99.0" >/dev/null 2>&1
    REQS=$((REQS + 3))
    VARBINDS=$((VARBINDS + 24))
}

set_expect() { # WANT OID VALUE
    local want=$1 out got
    shift
    if out=$(sia_set -On "$1" i "$2" 2>&1); then
        got=noError
    else
        got=$(sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' <<<"$out" | head -n 1)
        got=${got:-"no answer: $(head -n 1 <<<"$out")"}
    fi
    REQS=$((REQS + 1))
    VARBINDS=$((VARBINDS + 1))
    if [ "$got" != "$want" ]; then
        BAD=$((BAD + 1))
        [ "$BAD" -le 10 ] && sia_log "SET $1 = $2: expected $want, got $got"
    fi
}

sets() {
    set_expect noError "$SIG.$CHILD" "$CONT"
    set_expect wrongValue "$SIG.$CHILD" "$KILL"
    set_expect noAccess "$SIG.$ROOT_CHILD" "$CONT"
    set_expect notWritable "$SIG.1" "$CONT"
    set_expect notWritable "$SIG.$SIA_AGENT_PID" "$CONT"
    set_expect noCreation "$SIG.$((PID_MAX + RANDOM))" "$CONT"
}

# ------------------------------------------------------------ samples
# iteration rss heap_used fds processes mounts
SAMPLES=$SIA_TMP/samples.txt

sample() { # ITERATION
    local before after line rss fds deadline
    before=$(grep -c 'memstat: ' "$SIA_AGENT_LOG")
    kill -s USR1 "$SIA_AGENT_PID"
    deadline=$(($(sia_now_ms) + 5000))
    while after=$(grep -c 'memstat: ' "$SIA_AGENT_LOG") || true
        [ "$after" -le "$before" ]; do
        [ "$(sia_now_ms)" -lt "$deadline" ] || sia_die "no memstat line 5 s after SIGUSR1"
        sleep 0.02
    done
    line=$(grep 'memstat: ' "$SIA_AGENT_LOG" | tail -n 1)
    rss=$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$SIA_AGENT_PID/status")
    fds=$(find "/proc/$SIA_AGENT_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
    [[ $line =~ heap_used=(-?[0-9]+) ]] || sia_die "bad memstat line: $line"
    echo "$1 $rss ${BASH_REMATCH[1]} $fds ${#LAST_WALK_PIDS[@]} $NMOUNTS" >>"$SAMPLES"
}

# slope COLUMN: least-squares growth per iteration over the second half.
slope() {
    awk -v c="$1" '{ x[NR] = $1; y[NR] = $c } END {
        h = int(NR / 2) + 1; n = NR - h + 1
        for (i = h; i <= NR; i++) { sx += x[i]; sy += y[i] }
        mx = sx / n; my = sy / n
        for (i = h; i <= NR; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
        printf "%.3f\n", (sxx > 0 ? sxy / sxx : 0) }' "$SAMPLES"
}

# ------------------------------------------------------------ the run
sia_start_master unix
# The signal policy refuses processes of system users (root included)
# unless signals_users names them (README "Security"): the child to be
# signalled runs as nobody, a second one as root is refused.
setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 1000000 &
CHILD=$!
sia_track "$CHILD"
# not before it is sleep as nobody (a first snapshot would hold setpriv
# as root for a second)
deadline=$(($(sia_now_ms) + 5000))
until [ "$(cat "/proc/$CHILD/comm" 2>/dev/null)" = sleep ] &&
    [ "$(awk '/^Uid:/ { print $2 }' "/proc/$CHILD/status" 2>/dev/null)" = "$(id -u nobody)" ]; do
    [ "$(sia_now_ms)" -lt "$deadline" ] || sia_die "the child did not become sleep as nobody"
    sleep 0.02
done
sleep 1000000 &
ROOT_CHILD=$!
sia_track "$ROOT_CHILD"
sia_start_agent -c "$CONF"

proc_churn &
CHURN_PIDS+=($!)
mkdir -p "$MNT"
mount_churn &
CHURN_PIDS+=($!)

t0=$SECONDS
it=0
restarts=0
reloads=0
: >"$SAMPLES"
while :; do
    it=$((it + 1))
    walks
    gets
    sets
    if [ $((it % SOAK_RESTART_EVERY)) = 0 ]; then
        sia_stop_master
        sia_restart_master
        sia_wait_agent 30 "$SIA_AGENT_PID" || sia_die "the agent did not register again after master restart $restarts"
        restarts=$((restarts + 1))
    fi
    if [ $((it % SOAK_RELOAD_EVERY)) = 0 ]; then
        write_conf $((reloads % 2 ? 4096 : 64))
        kill -s HUP "$SIA_AGENT_PID"
        reloads=$((reloads + 1))
    fi
    sample "$it"
    sia_alive "$SIA_AGENT_PID" || sia_die "the agent died in iteration $it"
    if [ "$iterations" -gt 0 ]; then
        [ "$it" -lt "$iterations" ] || break
    elif [ $((SECONDS - t0)) -ge "$seconds" ] && [ "$it" -ge 20 ]; then
        break
    fi
done
elapsed=$((SECONDS - t0))
stop_churn
sia_stop_agent

read -r _ rss0 heap0 fds0 _ < <(head -n 1 "$SAMPLES")
read -r _ rss1 heap1 fds1 _ < <(tail -n 1 "$SAMPLES")
s_rss=$(slope 2)
s_heap=$(slope 3)
s_fds=$(slope 4)
sia_log "$it iterations in $elapsed s: $REQS requests ($VARBINDS varbinds), $restarts master restarts, $reloads reloads"
sia_log "RSS  $rss0 -> $rss1 bytes, growth over the last half: $s_rss bytes/iteration (limit $SOAK_MAX_RSS)"
sia_log "heap $heap0 -> $heap1 bytes, growth over the last half: $s_heap bytes/iteration (limit $SOAK_MAX_HEAP)"
sia_log "fds  $fds0 -> $fds1, growth over the last half: $s_fds /iteration (limit $SOAK_MAX_FDS)"

# verdict WHAT SLOPE LIMIT UNIT
verdict() {
    if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v <= m) }'; then
        sia_ok "$1 growth $2 <= $3 $4/iteration"
    else
        sia_fail "$1 grows $2 $4/iteration after warm-up (limit $3)"
    fi
}
verdict RSS "$s_rss" "$SOAK_MAX_RSS" bytes
verdict heap "$s_heap" "$SOAK_MAX_HEAP" bytes
verdict "open descriptors" "$s_fds" "$SOAK_MAX_FDS" ""
sia_assert_eq "unexpected answers (failed walks, wrong SET results)" 0 "$BAD"
# Each process lives under 2 s and two start every 0.2 s: a walk more
# than 1.1 s after the one before must nearly always see other pids.
sia_log "process walks after a pause: $PROC_CHANGES of $PROC_WALKS saw other pids than the walk before; mount counts seen: ${!MOUNT_COUNTS[*]}"
if [ "$PROC_WALKS" -gt 0 ] && [ $((PROC_CHANGES * 4)) -ge $((PROC_WALKS * 3)) ]; then
    sia_ok "the process churn reaches the table"
else
    sia_fail "the process churn does not reach the table ($PROC_CHANGES of $PROC_WALKS walks changed)"
fi
if [ "${#MOUNT_COUNTS[@]}" -ge 2 ]; then
    sia_ok "the mount churn reaches the table"
else
    sia_fail "the mount churn does not reach the table (mount counts: ${!MOUNT_COUNTS[*]})"
fi
sia_finish

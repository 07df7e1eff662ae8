#!/usr/bin/env bash
# test_hung_fs.sh - a filesystem that stops answering never freezes the
# agent.  tests/tools/hangfs (a raw /dev/fuse filesystem) is mounted, the
# agent shows its row ok with hangfs's numbers; then hangfs is sent
# SIGSTOP, so every statfs on it blocks in the kernel, while this test
# keeps walking and reading the tables:
#
#   - within mount_ttl + mount_timeout (+ slack) the row says timeout(2)
#     with a StatusText, and has no usage instances at all (GET gives
#     noSuchInstance, a walk skips them) while the other mounts stay ok;
#   - every request (a scalar GET, a GET of / columns, a GET of the hung
#     row, a bulk walk of sysinfoMountTable and of sysinfoProcessPpid)
#     answers, correctly, on the first try, and about as fast as before;
#   - the agent keeps exactly one thread blocked in the FUSE statfs and
#     its thread count stays flat: the stuck call is not retried;
#   - after SIGCONT the row is ok again with numbers; after umount it is
#     gone;
#   - the master's trap sink (snmptrapd, trap_lib.sh) received
#     sysinfoMountTimeout and then sysinfoMountResponding for the row,
#     every varbind checked.
# The timings are printed at the end (baseline vs hung, median and max).
#
# A hung FUSE mount blocks every process on the machine that statfs'es
# it (df, other tests, an snmpd serving hrStorage), so the whole test runs
# in a private mount namespace it re-executes itself into: the mount, the
# master, the agent and the clients live there, and nothing outside sees
# the mount.  Needs root, /dev/fuse and unshare(1); exits 77 otherwise.
#
# The agent may be built with AddressSanitizer, whose leak check at exit
# stops every thread with ptrace and waits for ever on one blocked in a
# FUSE request: hangfs is always resumed (SIGCONT) and unmounted before the
# agent is stopped, also on failure, and killed with SIGKILL (which aborts
# the FUSE connection and so releases every blocked call) if it will not
# go.  A watchdog does the same should this shell be SIGKILLed.
#
# Only / and the mounts made here are shown (mount_include_path), and the
# hung phase lasts HUNG_SECS; the whole test takes about 20 s.
#
# Functions run through trap, wait_for and "check_$kind" (SC2317).
# shellcheck disable=SC2317
set -euo pipefail

HUNG_NAME=$(basename "$0" .sh)
hung_skip() {
    printf '%s: SKIPPED: %s\n' "$HUNG_NAME" "$*"
    exit 77
}

# ------------------------------------------------------------ namespace
# Outside the namespace: check what it needs, then exec into it.  Nothing
# is created before the exec (lib.sh makes its temp directory and EXIT
# trap on source, and exec would skip that trap).
if [ -z "${SIA_HUNG_OUTER_NS:-}" ]; then
    [ "$(id -u)" = 0 ] ||
        hung_skip "needs root (it mounts a FUSE filesystem in a private mount namespace)"
    [[ -c /dev/fuse && -r /dev/fuse && -w /dev/fuse ]] ||
        hung_skip "no usable /dev/fuse (modprobe fuse, or give the container the device)"
    command -v unshare >/dev/null 2>&1 || hung_skip "unshare(1) is not installed (util-linux)"
    unshare --mount --propagation private true 2>/dev/null ||
        hung_skip "cannot make a private mount namespace (unshare --mount failed: no CAP_SYS_ADMIN?)"
    SIA_HUNG_OUTER_NS=$(readlink /proc/self/ns/mnt)
    export SIA_HUNG_OUTER_NS
    exec unshare --mount --propagation private -- bash "$0" "$@"
fi

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/trap_lib.sh
. "$(dirname "$0")/trap_lib.sh"

[ "$(readlink /proc/self/ns/mnt)" != "$SIA_HUNG_OUTER_NS" ] ||
    sia_die "still in the outer mount namespace $SIA_HUNG_OUTER_NS: refusing to mount a hanging filesystem there"

sia_need snmpd snmpget snmpbulkwalk stat mount umount od awk sort
sia_need_agent
HANGFS=$SIA_BUILD/tests/hangfs
[ -x "$HANGFS" ] || sia_skip "no $HANGFS (build the tests: cmake --build $SIA_BUILD)"

# ------------------------------------------------------------ settings

MOUNT_TTL=1
MOUNT_TIMEOUT=1
CACHE_TTL=1
SLACK_S=3         # scheduling, a loaded 2-core machine, sanitizers
BASELINE_ROUNDS=12
HUNG_SECS=10      # how long requests are timed while the mount hangs
REQ_MAX_MS=500    # a request may take max(this, 2 x baseline's slowest)
MEDIAN_FACTOR=3   # hung median <= factor * baseline median + allowance
MEDIAN_PLUS_MS=50   # ms: the load of tests running in parallel varies
CLIENT_TIMEOUT=5  # s; no retries: a request answers on its first try

OID_SYSNAME=$SIA_OID_SYSTEM.4.0
OID_MNT_ENTRY=$SIA_OID_MOUNT_TABLE.1
OID_PPID=$SIA_OID_PROC_TABLE.1.2
ROOT_INDEX=705468254 # FNV-1a of "/", see src/mount_snapshot.h
USAGE_COLS=(8 9 10 11 12 13 14 15 16) # Size .. BlockSize
COL_STATUS=17
COL_STATUS_TEXT=19

HANG_DIR=$SIA_TMP/hang
OTHER_DIR=$SIA_TMP/other
HANG_PID=
HANG_IDX=
WATCHDOG_PID=
T0=$(sia_now_ms)

phase() {
    sia_log "--- $* (t=$(($(sia_now_ms) - T0)) ms)"
}

# ------------------------------------------------------------ cleanup

hang_mounted() {
    awk -v d="$HANG_DIR" '$5 == d { found = 1 } END { exit !found }' \
        /proc/self/mountinfo
}

# Resumes hangfs and unmounts it, then waits for it to exit (SIGKILL after
# 5 s).  Either way no call stays blocked on the mount afterwards.
hang_release() {
    [ -n "$HANG_PID" ] || return 0
    kill -s CONT "$HANG_PID" 2>/dev/null || true
    if hang_mounted; then
        umount -l "$HANG_DIR" 2>/dev/null || true
    fi
    if ! sia_wait_exit "$HANG_PID" 5; then
        sia_log "hangfs pid $HANG_PID still running after umount: SIGKILL"
        kill -s KILL "$HANG_PID" 2>/dev/null || true
        sia_wait_exit "$HANG_PID" 5 || true
    fi
    HANG_PID=
}

# EXIT trap: hangfs first, then lib.sh's cleanup (agent, master, temp
# directory; it reads the exit status from $?).
hung_cleanup() {
    local status=$?
    set +e
    trap - INT TERM HUP
    if [ -n "$WATCHDOG_PID" ]; then
        kill -s TERM "$WATCHDOG_PID" 2>/dev/null
        wait "$WATCHDOG_PID" 2>/dev/null
    fi
    hang_release
    if awk -v d="$OTHER_DIR" '$5 == d { f = 1 } END { exit !f }' /proc/self/mountinfo; then
        umount -l "$OTHER_DIR"
    fi
    hung_return "$status"
    sia_cleanup
}
hung_return() { return "$1"; }
trap hung_cleanup EXIT

# Should this shell be SIGKILLed (a ctest timeout kills the test's pid),
# the EXIT trap does not run: a watchdog then resumes and unmounts hangfs
# and kills the agent and master, which would otherwise stay behind in
# this namespace with a thread blocked for ever.
start_watchdog() {
    local parent=$$
    (
        trap - EXIT
        trap 'exit 0' TERM
        while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
        kill -s CONT "$HANG_PID"
        umount -l "$HANG_DIR"
        umount -l "$OTHER_DIR"
        sleep 2
        kill -s KILL "$HANG_PID" "$SIA_AGENT_PID" "$SIA_MASTER_PID"
        [ "${SIA_KEEP_TMP:-0}" = 1 ] || rm -rf "$SIA_TMP"
    ) </dev/null >/dev/null 2>&1 &
    WATCHDOG_PID=$!
}

# ------------------------------------------------------------ helpers

# FNV-1a 32-bit of the bytes of $1, masked to 31 bits, 0 -> 1.
fnv_index() {
    local h=2166136261 b
    for b in $(printf '%s' "$1" | od -An -tu1 -v); do
        h=$(((h ^ b) * 16777619 & 0xffffffff))
    done
    h=$((h & 0x7fffffff))
    [ "$h" != 0 ] || h=1
    echo "$h"
}

# snmp TOOL ARGS...: numeric OIDs, no MIBs, values only with -Oq; one
# try, so that a slow answer is seen as slow and not hidden by a retry.
snmp() {
    SIA_MIBS='' SIA_SNMP_TIMEOUT=$CLIENT_TIMEOUT SIA_SNMP_RETRIES=0 \
        sia_snmp "$1" -On -Oq -Ot -OU "${@:2}"
}

# Lines "OID VALUE" -> VALUE of OID, or "missing".
value_of() {
    awk -v o="$1" '$1 == o { $1 = ""; sub(/^ /, ""); gsub(/^"|"$/, ""); print; f = 1; exit }
        END { if (!f) print "missing" }' <<<"$2"
}

proc_state() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1
}

# The stat -f numbers of a mount, as the agent should show them:
# "size free avail used used% inodes inodes_free inodes_used% bsize".
# df's Use%: used / (used + avail) rounded up; inodes likewise.
expected_usage() {
    local b f a s c d used iu pct ipct
    read -r b f a s c d < <(stat -f -c '%b %f %a %S %c %d' "$1")
    used=$(((b - f) * s))
    pct=$(((used * 100 + (used + a * s) - 1) / (used + a * s)))
    iu=$((c - d))
    ipct=$(((iu * 100 + c - 1) / c))
    echo "$((b * s)) $((f * s)) $((a * s)) $used $pct $c $d $ipct $s"
}

# Threads of the agent, and how many of them are blocked in a FUSE request
# (wchan request_wait_answer, or fuse in the kernel stack).
agent_threads() {
    local n=0 t
    for t in /proc/"$SIA_AGENT_PID"/task/*; do
        [ -d "$t" ] && n=$((n + 1))
    done
    echo "$n"
}
agent_fuse_blocked() {
    local n=0 t w
    for t in /proc/"$SIA_AGENT_PID"/task/*; do
        w=$(cat "$t/wchan" 2>/dev/null) || continue
        if [[ $w == *request_wait_answer* || $w == *fuse* ]] ||
            grep -qs fuse_statfs "$t/stack"; then
            n=$((n + 1))
        fi
    done
    echo "$n"
}

# ------------------------------------------------------------ requests
# Each request is timed (client-observed: tool start, master, AgentX round
# trips, agent) and its answer checked.  REQ_ERR says what was wrong.

KINDS=(sysname root hungrow mountwalk ppidwalk)
declare -A KIND_DESC=(
    [sysname]="GET sysinfoSysName.0"
    [root]="GET 4 columns of / (Status Size Avail UsedPct)"
    [hungrow]="GET Status+Size of the hangfs row"
    [mountwalk]="bulk walk of sysinfoMountTable"
    [ppidwalk]="bulk walk of sysinfoProcessPpid"
)
declare -A TIMES   # phase:kind -> "us us us ..."
declare -A NREQ    # phase:kind -> requests made
declare -A NBAD    # phase:kind -> requests that failed or answered wrongly
declare -A BADSHOWN
REQ_OUT=
REQ_ERR=
HUNG_STATUS= # Status the last hungrow request saw

# What the answers must be (filled before the baseline).
SYSNAME=$(uname -s)
ROOT_SIZE=
MOUNT_OIDS_OK=   # OIDs of a mount table walk with the hangfs row ok
MOUNT_OIDS_HUNG= # the same without the hangfs row's usage columns
MOUNT_ROWS=0
SWITCH_STRADDLED=0 # switch-phase walks that straddled the swap

check_sysname() {
    local v
    v=$(value_of "$OID_SYSNAME" "$REQ_OUT")
    [ "$v" = "$SYSNAME" ] || REQ_ERR="sysinfoSysName.0: expected '$SYSNAME', got '$v'"
}

check_root() {
    local p=$OID_MNT_ENTRY st sz av pc
    st=$(value_of "$p.$COL_STATUS.$ROOT_INDEX" "$REQ_OUT")
    sz=$(value_of "$p.8.$ROOT_INDEX" "$REQ_OUT")
    av=$(value_of "$p.10.$ROOT_INDEX" "$REQ_OUT")
    pc=$(value_of "$p.12.$ROOT_INDEX" "$REQ_OUT")
    if [ "$st" != 1 ] || [ "$sz" != "$ROOT_SIZE" ] ||
        ! [[ $av =~ ^[0-9]+$ && $pc =~ ^[0-9]+$ ]]; then
        REQ_ERR="/ row: expected status 1, size $ROOT_SIZE, numeric avail and used%; got status '$st' size '$sz' avail '$av' used% '$pc'"
    fi
}

# $1: ok, timeout, or either (during the switch).  A row must never show
# a status without matching usage: ok with the numbers, timeout without.
check_hungrow() {
    local want=$1 st sz
    st=$(value_of "$OID_MNT_ENTRY.$COL_STATUS.$HANG_IDX" "$REQ_OUT")
    sz=$(value_of "$OID_MNT_ENTRY.8.$HANG_IDX" "$REQ_OUT")
    HUNG_STATUS=$st
    case "$st:$sz" in
    "1:$HANG_SIZE") [ "$want" != timeout ] && return 0 ;;
    "2:No Such Instance"*) [ "$want" != ok ] && return 0 ;;
    esac
    REQ_ERR="hangfs row: expected $want (ok: status 1 size $HANG_SIZE; timeout: status 2 and Size noSuchInstance), got status '$st' size '$sz'"
}

walk_oids() {
    awk '{ print $1 }' <<<"$REQ_OUT" | tr '\n' ' '
}

# The first OIDs only one of two lists has ("< " expected, "> " got).
oid_diff() {
    diff <(tr ' ' '\n' <<<"$1") <(tr ' ' '\n' <<<"$2") | grep '^[<>]' |
        head -n 5 | tr '\n' ' ' || true
}

# The baseline walk minus the hangfs usage columns from column $1 on.
mount_oids_from() {
    local c re=
    for c in "${USAGE_COLS[@]}"; do
        [ "$c" -lt "$1" ] || re="$re${re:+|}$c"
    done
    tr ' ' '\n' <<<"$MOUNT_OIDS_OK" | grep . |
        grep -Ev "^$OID_MNT_ENTRY\\.($re)\\.$HANG_IDX\$" | tr '\n' ' '
}

# During the switch a walk may also straddle the swap: it takes three
# GETBULKs (-Cr25), each answered from one snapshot, and the mount table
# does not pin its snapshot during a walk (the process table does, see
# README "Snapshots").  With demand-driven scans the swap comes about
# mount_timeout after the request that asked for it, often while the
# next walk runs.  Then the earlier PDUs show the ok row and the later
# ones the timed-out row: the hangfs usage columns from 8 up to some
# column, none after it (the OIDs are in column order), nothing else
# different.
check_mountwalk() {
    local want=$1 got c
    got=$(walk_oids)
    case "$want" in
    ok) [ "$got" = "$MOUNT_OIDS_OK" ] && return 0 ;;
    timeout) [ "$got" = "$MOUNT_OIDS_HUNG" ] && return 0 ;;
    *)
        [ "$got" = "$MOUNT_OIDS_OK" ] || [ "$got" = "$MOUNT_OIDS_HUNG" ] && return 0
        for c in "${USAGE_COLS[@]:1}"; do
            if [ "$got" = "$(mount_oids_from "$c")" ]; then
                SWITCH_STRADDLED=$((SWITCH_STRADDLED + 1))
                return 0
            fi
        done
        ;;
    esac
    local ref=$MOUNT_OIDS_HUNG
    [ "$want" != ok ] || ref=$MOUNT_OIDS_OK
    REQ_ERR="mount table walk ($want): expected the $(wc -w <<<"$ref") OIDs of the baseline walk$([ "$want" = ok ] || echo ' minus the hangfs usage columns'), got $(wc -w <<<"$got") OIDs, differing in: $(oid_diff "$ref" "$got")"
}

# The agent's own row (its parent is this shell), and only integers.
check_ppidwalk() {
    local n bad mine
    n=$(grep -c "^$OID_PPID\." <<<"$REQ_OUT" || true)
    bad=$(grep -cv "^$OID_PPID\.[0-9]* -\{0,1\}[0-9][0-9]*$" <<<"$REQ_OUT" || true)
    mine=$(value_of "$OID_PPID.$SIA_AGENT_PID" "$REQ_OUT")
    if [ "$n" -lt 3 ] || [ "$bad" != 0 ] || [ "$mine" != $$ ]; then
        REQ_ERR="sysinfoProcessPpid walk: expected >= 3 integer rows and the agent's ($SIA_AGENT_PID) parent $$; got $n rows, $bad other lines, agent's parent '$mine'"
    fi
}

# req PHASE KIND [WANT]: one timed request, recorded under PHASE:KIND.
req() {
    local phase=$1 kind=$2 want=${3:-ok} t0 t1 rc=0 us key=$1:$2 p=$OID_MNT_ENTRY
    REQ_ERR=
    t0=${EPOCHREALTIME/./}
    case "$kind" in
    sysname) REQ_OUT=$(snmp snmpget "$OID_SYSNAME" 2>&1) || rc=$? ;;
    root)
        REQ_OUT=$(snmp snmpget "$p.$COL_STATUS.$ROOT_INDEX" "$p.8.$ROOT_INDEX" \
            "$p.10.$ROOT_INDEX" "$p.12.$ROOT_INDEX" 2>&1) || rc=$?
        ;;
    hungrow)
        REQ_OUT=$(snmp snmpget "$p.$COL_STATUS.$HANG_IDX" "$p.8.$HANG_IDX" 2>&1) || rc=$?
        ;;
    mountwalk) REQ_OUT=$(snmp snmpbulkwalk -Cr25 "$SIA_OID_MOUNT_TABLE" 2>&1) || rc=$? ;;
    ppidwalk) REQ_OUT=$(snmp snmpbulkwalk -Cr25 "$OID_PPID" 2>&1) || rc=$? ;;
    esac
    t1=${EPOCHREALTIME/./}
    us=$((t1 - t0))
    if [ "$rc" != 0 ]; then
        REQ_ERR="exit status $rc: $(head -n 2 <<<"$REQ_OUT" | tr '\n' ' ')"
    else
        "check_$kind" "$want"
    fi
    TIMES[$key]="${TIMES[$key]:-} $us"
    NREQ[$key]=$((${NREQ[$key]:-0} + 1))
    if [ -n "$REQ_ERR" ]; then
        NBAD[$key]=$((${NBAD[$key]:-0} + 1))
        # Every bad answer is a failure; the first few are shown in full.
        if [ "${BADSHOWN[$key]:-0}" -lt 3 ]; then
            BADSHOWN[$key]=$((${BADSHOWN[$key]:-0} + 1))
            sia_fail "$phase ${KIND_DESC[$kind]} after $((us / 1000)) ms: $REQ_ERR"
        else
            SIA_FAILURES=$((SIA_FAILURES + 1))
        fi
    fi
}

# round PHASE WANT: every kind once; samples the agent's threads after.
THREADS=()
BLOCKED=()
round() {
    local k
    for k in "${KINDS[@]}"; do
        req "$1" "$k" "$2"
    done
    THREADS+=("$(agent_threads)")
    BLOCKED+=("$(agent_fuse_blocked)")
}

# stats PHASE KIND -> "n median max" in microseconds
stats() {
    local sorted n
    mapfile -t sorted < <(tr ' ' '\n' <<<"${TIMES[$1:$2]:-}" | grep . | sort -n)
    n=${#sorted[@]}
    if [ "$n" = 0 ]; then
        echo "0 0 0"
    else
        echo "$n ${sorted[$((n / 2))]} ${sorted[$((n - 1))]}"
    fi
}

ms() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }

min_of() { printf '%s\n' "$@" | sort -n | head -n 1; }
max_of() { printf '%s\n' "$@" | sort -n | tail -n 1; }

# wait_for SECS WHAT CMD...: polls CMD every 0.1 s; prints the ms taken.
wait_for() {
    local secs=$1 what=$2 t0
    shift 2
    t0=$(sia_now_ms)
    until "$@"; do
        if [ $(($(sia_now_ms) - t0)) -ge $((secs * 1000)) ]; then
            sia_fail "$what: not within $secs s"
            return 1
        fi
        sleep 0.1
    done
    WAITED_MS=$(($(sia_now_ms) - t0))
    sia_ok "$what after $WAITED_MS ms (limit $secs s)"
}

# ------------------------------------------------------------ start

phase "private mount namespace $(readlink /proc/self/ns/mnt) (outside: $SIA_HUNG_OUTER_NS)"
# Only / and the mounts made here are shown.  The namespace starts with a
# copy of the host's mounts, and those of tests running in parallel do
# not stay: when such a test removes its mount point on the host, the
# kernel detaches the copy here too (a mount point unlinked in one
# namespace is unmounted in all), so an unfiltered table would change
# under the walks.
CONF=$SIA_TMP/hung.conf
printf 'mount_ttl %s\nmount_timeout %s\ncache_ttl %s\nmount_include_path / %s/*\nnotify_interval 0\n' \
    "$MOUNT_TTL" "$MOUNT_TIMEOUT" "$CACHE_TTL" "$SIA_TMP" >"$CONF"
# A second filesystem that keeps answering, beside /.
mkdir -p "$OTHER_DIR"
mount -t tmpfs -o size=16m sia-hung-other "$OTHER_DIR" ||
    sia_die "cannot mount a tmpfs on $OTHER_DIR in the private namespace"
sia_start_trap_sink # sysinfoMountTimeout and sysinfoMountResponding
sia_start_master unix
sia_start_agent -c "$CONF"

phase "mounting hangfs on $HANG_DIR"
mkdir -p "$HANG_DIR"
"$HANGFS" "$HANG_DIR" >"$SIA_TMP/hangfs.out" 2>&1 &
HANG_PID=$!
start_watchdog
hangfs_up() {
    sia_alive "$HANG_PID" || return 2
    hang_mounted && [ "$(stat -f -c %b "$HANG_DIR" 2>/dev/null)" = 1000000 ]
}
for _ in $(seq 1 100); do
    rc=0
    hangfs_up || rc=$?
    [ "$rc" != 0 ] || break
    if [ "$rc" = 2 ]; then
        sia_wait_exit "$HANG_PID" 1 || true
        HANG_PID=
        sia_skip "hangfs could not mount a FUSE filesystem here (status $SIA_EXIT_STATUS: $(tail -n 1 "$SIA_TMP/hangfs.out"))"
    fi
    sleep 0.1
done
hangfs_up || sia_die "hangfs pid $HANG_PID runs but $HANG_DIR is not a hangfs mount after 10 s"
sia_ok "hangfs pid $HANG_PID serves $HANG_DIR"

# Nothing outside sees the mount: the process that ran this test (still in
# the outer namespace) has no such mount, and ours is not shared.
if [ "$(readlink "/proc/$PPID/ns/mnt" 2>/dev/null)" = "$SIA_HUNG_OUTER_NS" ]; then
    outside=$(awk -v d="$HANG_DIR" '$5 == d' "/proc/$PPID/mountinfo" | wc -l)
    sia_assert_eq "hangfs mounts seen by the parent process $PPID (outer namespace)" 0 "$outside"
fi
opt=$(awk -v d="$HANG_DIR" '$5 == d { for (i = 7; $i != "-"; i++) s = s $i " "; print s "." }' \
    /proc/self/mountinfo)
sia_assert_eq "shared peer groups of the hangfs mount (mountinfo optional fields '${opt%.}')" \
    "" "$(grep -o 'shared:[0-9]*' <<<"$opt" || true)"

# The row: found by walking sysinfoMountPoint, its index the FNV-1a hash.
HANG_IDX_FNV=$(fnv_index "$HANG_DIR")
sia_assert_eq "FNV-1a index of / (self-check of fnv_index)" "$ROOT_INDEX" "$(fnv_index /)"
find_row() {
    REQ_OUT=$(snmp snmpbulkwalk "$OID_MNT_ENTRY.2" 2>&1) || return 1
    HANG_IDX=$(awk -v d="\"$HANG_DIR\"" '$2 == d { n = split($1, a, "."); print a[n] }' <<<"$REQ_OUT")
    [ -n "$HANG_IDX" ]
}
wait_for $((MOUNT_TTL + SLACK_S + 5)) "hangfs row in sysinfoMountPoint" find_row ||
    sia_die "no row for $HANG_DIR; walk: $REQ_OUT"
sia_assert_eq "index of the hangfs row (FNV-1a of '$HANG_DIR')" "$HANG_IDX_FNV" "$HANG_IDX"

# Ok with hangfs's numbers (stat -f), which are fixed in hangfs.c.
read -r HANG_SIZE _ <<<"$(expected_usage "$HANG_DIR")"
sia_assert_eq "stat -f size of hangfs (hangfs.c: 1000000 blocks of 4096)" 4096000000 "$HANG_SIZE"
row_ok() {
    REQ_OUT=$(snmp snmpget "$OID_MNT_ENTRY.$COL_STATUS.$HANG_IDX" "$OID_MNT_ENTRY.8.$HANG_IDX" 2>&1) &&
        [ "$(value_of "$OID_MNT_ENTRY.$COL_STATUS.$HANG_IDX" "$REQ_OUT")" = 1 ] &&
        [ "$(value_of "$OID_MNT_ENTRY.8.$HANG_IDX" "$REQ_OUT")" = "$HANG_SIZE" ]
}
wait_for $((MOUNT_TTL + SLACK_S + 5)) "hangfs row ok(1) with Size $HANG_SIZE" row_ok ||
    sia_die "hangfs row never ok: $REQ_OUT"

# usage_of INDEX -> the nine usage columns, "missing" where absent
usage_of() {
    local c oids=()
    for c in "${USAGE_COLS[@]}"; do oids+=("$OID_MNT_ENTRY.$c.$1"); done
    REQ_OUT=$(snmp snmpget "${oids[@]}" 2>&1) || true
    for c in "${USAGE_COLS[@]}"; do
        printf '%s|' "$(value_of "$OID_MNT_ENTRY.$c.$1" "$REQ_OUT")"
    done
}
want=$(expected_usage "$HANG_DIR" | tr ' ' '|')
sia_assert_eq "hangfs row Size|Free|Avail|Used|UsedPct|Inodes|InodesFree|InodesUsedPct|BlockSize = stat -f" \
    "$want|" "$(usage_of "$HANG_IDX")"
sia_assert_eq "hangfs row StatusText while ok" "" \
    "$(snmp snmpget "$OID_MNT_ENTRY.$COL_STATUS_TEXT.$HANG_IDX" | sed 's/^[^ ]* //; s/^"//; s/"$//')"

# What the walks must show: the baseline walk of the mount table (every
# row ok) and the same minus the hangfs row's usage columns.
read -r ROOT_SIZE _ <<<"$(expected_usage /)"
REQ_OUT=$(snmp snmpbulkwalk -Cr25 "$SIA_OID_MOUNT_TABLE" 2>&1) ||
    sia_die "walk of sysinfoMountTable failed: $REQ_OUT"
MOUNT_OIDS_OK=$(walk_oids)
hung_oids_re="^$OID_MNT_ENTRY\\.($(
    IFS='|'
    echo "${USAGE_COLS[*]}"
))\\.$HANG_IDX\$"
MOUNT_OIDS_HUNG=$(tr ' ' '\n' <<<"$MOUNT_OIDS_OK" | grep . | grep -Ev "$hung_oids_re" | tr '\n' ' ')
MOUNT_ROWS=$(tr ' ' '\n' <<<"$MOUNT_OIDS_OK" | grep -c "^$OID_MNT_ENTRY\\.2\\." || true)
sia_assert_eq "usage OIDs of the hangfs row in the baseline walk" 9 \
    $(($(wc -w <<<"$MOUNT_OIDS_OK") - $(wc -w <<<"$MOUNT_OIDS_HUNG")))
OTHER_OK=()
for idx in $(tr ' ' '\n' <<<"$MOUNT_OIDS_OK" | sed -n "s/^$OID_MNT_ENTRY\\.8\\.//p"); do
    [ "$idx" = "$HANG_IDX" ] || OTHER_OK+=("$idx")
done
sia_assert_eq "rows of the mount table (/, $OTHER_DIR and $HANG_DIR)" 3 "$MOUNT_ROWS"
sorted() { printf '%s\n' "$@" | sort -n | tr '\n' ' '; }
sia_assert_eq "rows ok with numbers besides hangfs (/ and the tmpfs)" \
    "$(sorted "$ROOT_INDEX" "$(fnv_index "$OTHER_DIR")")" "$(sorted "${OTHER_OK[@]}")"
[[ " ${OTHER_OK[*]} " == *" $ROOT_INDEX "* ]] ||
    sia_die "/ ($ROOT_INDEX) has no Size in the mount table: cannot use it as the mount that keeps answering"

# ------------------------------------------------------------ baseline

phase "baseline: $BASELINE_ROUNDS rounds of ${KINDS[*]}"
for _ in $(seq 1 "$BASELINE_ROUNDS"); do
    round baseline ok
done
BASE_THREADS=("${THREADS[@]}")
BASE_BLOCKED=("${BLOCKED[@]}")
THREADS=()
BLOCKED=()
BASE_STEADY=$(min_of "${BASE_THREADS[@]}")
sia_assert_eq "agent threads blocked in FUSE before the hang (max of $BASELINE_ROUNDS samples)" 0 \
    "$(max_of "${BASE_BLOCKED[@]}")"

# ------------------------------------------------------------ hang

phase "SIGSTOP hangfs pid $HANG_PID"
kill -s STOP "$HANG_PID"
t_stop=$(sia_now_ms)
until [ "$(proc_state "$HANG_PID")" = T ]; do sleep 0.05; done
# Requests keep running while the agent notices: the row is ok or timeout
# (never a mix), every other answer as before.
limit_ms=$(((MOUNT_TTL + MOUNT_TIMEOUT + SLACK_S) * 1000))
while :; do
    round switch either
    [ "$HUNG_STATUS" != 2 ] || break
    if [ $(($(sia_now_ms) - t_stop)) -gt "$limit_ms" ]; then
        sia_fail "hangfs row status: expected timeout(2) within $limit_ms ms of SIGSTOP (mount_ttl $MOUNT_TTL s + mount_timeout $MOUNT_TIMEOUT s + slack $SLACK_S s), still '$HUNG_STATUS'"
        break
    fi
done
TIMEOUT_AFTER_MS=$(($(sia_now_ms) - t_stop))
[ "$HUNG_STATUS" != 2 ] ||
    sia_ok "hangfs row status timeout(2) $TIMEOUT_AFTER_MS ms after SIGSTOP (limit $limit_ms ms)"
sia_log "switch: $SWITCH_STRADDLED mount table walk(s) straddled the swap (ok row, then timed out)"
if [ "$(mount_oids_from 8)" = "$MOUNT_OIDS_HUNG" ]; then
    sia_ok "self-check: mount_oids_from 8 is the baseline walk minus every hangfs usage column"
else
    sia_fail "self-check: mount_oids_from 8 differs from the hung walk: $(oid_diff "$MOUNT_OIDS_HUNG" "$(mount_oids_from 8)")"
fi
SWITCH_THREADS=("${THREADS[@]}")
THREADS=()
BLOCKED=()

# The row now: timeout, a reason, no numbers; the other mounts unchanged.
text=$(snmp snmpget "$OID_MNT_ENTRY.$COL_STATUS_TEXT.$HANG_IDX" 2>&1 | sed 's/^[^ ]* //; s/^"//; s/"$//') || true
sia_assert_match "hangfs row StatusText while hung (non-empty)" '.' "$text"
sia_assert_eq "hangfs row usage columns while hung (GET)" \
    "$(printf 'No Such Instance currently exists at this OID|%.0s' "${USAGE_COLS[@]}")" \
    "$(usage_of "$HANG_IDX")"
fstype=$(snmp snmpget "$OID_MNT_ENTRY.4.$HANG_IDX" 2>&1 | sed 's/^[^ ]* //; s/^"//; s/"$//') || true
sia_assert_eq "hangfs row FsType while hung (the row stays)" fuse.hangfs "$fstype"
for idx in "${OTHER_OK[@]}"; do
    st=$(snmp snmpget "$OID_MNT_ENTRY.$COL_STATUS.$idx" 2>&1 | awk '{ print $2 }') || true
    sz=$(snmp snmpget "$OID_MNT_ENTRY.8.$idx" 2>&1 | awk '{ print $2 }') || true
    sia_assert_match "row $idx while hangfs hangs: status and Size" '^1 [0-9]+$' "$st $sz"
done

phase "hung: timing every request for $HUNG_SECS s"
t_end=$(($(sia_now_ms) + HUNG_SECS * 1000))
while [ "$(sia_now_ms)" -lt "$t_end" ]; do
    round hung timeout
done
HUNG_THREADS=("${THREADS[@]}")
HUNG_BLOCKED=("${BLOCKED[@]}")
THREADS=()
BLOCKED=()
sia_assert_eq "hangfs still stopped at the end of the hung phase" T "$(proc_state "$HANG_PID")"

# ------------------------------------------------------------ threads
# One probe thread is blocked in the FUSE statfs for the whole hang; the
# agent does not start another on that mount at each refresh (there were
# about $HUNG_SECS / $MOUNT_TTL refreshes), so its thread count stays at
# the baseline's plus that one (plus, at most, the short-lived probes of
# one refresh of the other mounts, should a sample catch them).
n=${#HUNG_THREADS[@]}
third=$((n / 3))
late=("${HUNG_THREADS[@]:$((n - third))}")
sia_assert_eq "threads blocked in FUSE during the hang: min over $n samples" 1 "$(min_of "${HUNG_BLOCKED[@]}")"
sia_assert_eq "threads blocked in FUSE during the hang: max over $n samples" 1 "$(max_of "${HUNG_BLOCKED[@]}")"
sia_assert_eq "agent threads during the hang, min of all $n samples (baseline min $BASE_STEADY + 1)" \
    $((BASE_STEADY + 1)) "$(min_of "${HUNG_THREADS[@]}")"
sia_assert_eq "agent threads during the hang, min of the last $third samples (no growth)" \
    $((BASE_STEADY + 1)) "$(min_of "${late[@]}")"
sia_assert_range "agent threads during the hang, max of $n samples" \
    $((BASE_STEADY + 1)) $((BASE_STEADY + 1 + MOUNT_ROWS - 1)) "$(max_of "${HUNG_THREADS[@]}")"

# ------------------------------------------------------------ timings

for phase_name in baseline switch hung; do
    for k in "${KINDS[@]}"; do
        key=$phase_name:$k
        sia_assert_eq "$phase_name ${KIND_DESC[$k]}: wrong or failed answers of ${NREQ[$key]:-0}" \
            0 "${NBAD[$key]:-0}"
    done
done
for k in "${KINDS[@]}"; do
    read -r bn bmed bmax <<<"$(stats baseline "$k")"
    read -r sn _ smax <<<"$(stats switch "$k")"
    read -r hn hmed hmax <<<"$(stats hung "$k")"
    cap=$((REQ_MAX_MS * 1000))
    [ $((2 * bmax)) -le "$cap" ] || cap=$((2 * bmax))
    sia_assert_range "hung ${KIND_DESC[$k]}: slowest of $hn + $sn (us; limit max($REQ_MAX_MS ms, 2 x baseline max))" \
        0 "$cap" "$(max_of "$hmax" "$smax")"
    sia_assert_range "hung ${KIND_DESC[$k]}: median of $hn (us; baseline $bmed of $bn)" \
        0 $((MEDIAN_FACTOR * bmed + MEDIAN_PLUS_MS * 1000)) "$hmed"
done

# ------------------------------------------------------------ recovery

phase "SIGCONT hangfs pid $HANG_PID"
kill -s CONT "$HANG_PID"
t_cont=$(sia_now_ms)
wait_for $((2 * MOUNT_TTL + SLACK_S)) "hangfs row ok(1) with Size $HANG_SIZE after SIGCONT" row_ok ||
    true
sia_assert_eq "hangfs row usage after recovery = stat -f" \
    "$(expected_usage "$HANG_DIR" | tr ' ' '|')|" "$(usage_of "$HANG_IDX")"
RECOVER_AFTER_MS=$(($(sia_now_ms) - t_cont))
no_blocked() { [ "$(agent_fuse_blocked)" = 0 ]; }
wait_for 5 "no agent thread blocked in FUSE after SIGCONT" no_blocked || true
back_to_base() { [ "$(agent_threads)" -le "$BASE_STEADY" ]; }
wait_for 5 "agent threads back to the baseline's $BASE_STEADY" back_to_base || true
REQ_OUT=$(snmp snmpbulkwalk -Cr25 "$SIA_OID_MOUNT_TABLE" 2>&1) || true
got=$(walk_oids)
if [ "$got" = "$MOUNT_OIDS_OK" ]; then
    sia_ok "mount table walk after recovery: the $(wc -w <<<"$got") OIDs of the baseline walk"
else
    sia_fail "mount table walk after recovery: expected the $(wc -w <<<"$MOUNT_OIDS_OK") OIDs of the baseline walk, got $(wc -w <<<"$got"): $(oid_diff "$MOUNT_OIDS_OK" "$got")"
fi

phase "notifications: the mount timed out, then answered again"
# check_trap NUMBER NAME STATUS TEXT: that notification about the hangfs
# row, with every varbind.
check_trap() {
    local line want
    if ! line=$(sia_wait_trap "$SIA_OID_MIB.2.0.$1" 0 "$SLACK_S"); then
        sia_fail "no $2 notification (received: $(sia_trap_count))"
        return
    fi
    sia_assert_eq "$2: varbinds" \
        "$OID_MNT_ENTRY.2.$HANG_IDX $OID_MNT_ENTRY.$COL_STATUS.$HANG_IDX $OID_MNT_ENTRY.$COL_STATUS_TEXT.$HANG_IDX" \
        "$(sia_trap_oids "$line" | tail -n +3 | paste -sd' ')"
    sia_assert_eq "$2: sysinfoMountPoint" "STRING: \"$HANG_DIR\"" \
        "$(sia_trap_varbind "$line" "$OID_MNT_ENTRY.2.$HANG_IDX")"
    sia_assert_eq "$2: sysinfoMountStatus" "INTEGER: $3" \
        "$(sia_trap_varbind "$line" "$OID_MNT_ENTRY.$COL_STATUS.$HANG_IDX")"
    want="STRING: \"$4\""
    [ -n "$4" ] || want='""' # how net-snmp prints an empty string
    sia_assert_eq "$2: sysinfoMountStatusText" "$want" \
        "$(sia_trap_varbind "$line" "$OID_MNT_ENTRY.$COL_STATUS_TEXT.$HANG_IDX")"
}
check_trap 5 sysinfoMountTimeout 2 "statfs did not answer before the deadline"
check_trap 6 sysinfoMountResponding 1 ""

phase "umount $HANG_DIR"
umount "$HANG_DIR"
sia_wait_exit "$HANG_PID" 5 || sia_fail "hangfs pid $HANG_PID still running 5 s after umount"
sia_assert_eq "hangfs exit status after umount" 0 "$SIA_EXIT_STATUS"
HANG_PID=
row_gone() {
    REQ_OUT=$(snmp snmpget "$OID_MNT_ENTRY.2.$HANG_IDX" 2>&1) &&
        [[ $REQ_OUT == *"No Such Instance"* ]]
}
wait_for $((2 * MOUNT_TTL + SLACK_S)) "hangfs row gone after umount" row_gone || true
REQ_OUT=$(snmp snmpbulkwalk "$OID_MNT_ENTRY.2" 2>&1) || true
sia_assert_eq "rows in sysinfoMountPoint after umount" $((MOUNT_ROWS - 1)) \
    "$(grep -c "^$OID_MNT_ENTRY\\.2\\." <<<"$REQ_OUT" || true)"

# ------------------------------------------------------------ report

printf '\nWhat every request costs while a filesystem hangs (client-observed ms:\n'
printf 'net-snmp tool start + master + AgentX + agent; mount_ttl %s s,\n' "$MOUNT_TTL"
printf 'mount_timeout %s s, cache_ttl %s s; %s mount rows)\n' "$MOUNT_TIMEOUT" "$CACHE_TTL" "$MOUNT_ROWS"
printf '%-48s %21s   %21s   %9s\n' "" "baseline (hangfs ok)" "hung (hangfs stopped)" "switching"
printf '%-48s %5s %7s %7s   %5s %7s %7s   %3s %5s\n' request n median max n median max n max
for k in "${KINDS[@]}"; do
    read -r bn bmed bmax <<<"$(stats baseline "$k")"
    read -r hn hmed hmax <<<"$(stats hung "$k")"
    read -r sn _ smax <<<"$(stats switch "$k")"
    printf '%-48s %5s %7s %7s   %5s %7s %7s   %3s %5s\n' "${KIND_DESC[$k]}" \
        "$bn" "$(ms "$bmed")" "$(ms "$bmax")" "$hn" "$(ms "$hmed")" "$(ms "$hmax")" \
        "$sn" "$(ms "$smax")"
done
printf 'timeout shown %s ms after SIGSTOP; ok again %s ms after SIGCONT\n' \
    "$TIMEOUT_AFTER_MS" "$RECOVER_AFTER_MS"
histogram() { printf '%s\n' "$@" | sort -n | uniq -c | awk '{ printf "%s%s threads x%s", s, $2, $1; s = ", " }'; }
printf 'agent thread samples (count x times): baseline %s; hung %s\n' \
    "$(histogram "${BASE_THREADS[@]}")" "$(histogram "${HUNG_THREADS[@]}")"
printf 'agent threads: baseline %s..%s, switching %s..%s, hung %s..%s (blocked in FUSE: %s..%s)\n\n' \
    "$BASE_STEADY" "$(max_of "${BASE_THREADS[@]}")" \
    "$(min_of "${SWITCH_THREADS[@]}")" "$(max_of "${SWITCH_THREADS[@]}")" \
    "$(min_of "${HUNG_THREADS[@]}")" "$(max_of "${HUNG_THREADS[@]}")" \
    "$(min_of "${HUNG_BLOCKED[@]}")" "$(max_of "${HUNG_BLOCKED[@]}")"

sia_stop_agent
sia_stop_master
kill -s TERM "$WATCHDOG_PID" 2>/dev/null || true
wait "$WATCHDOG_PID" 2>/dev/null || true
WATCHDOG_PID=
sia_finish

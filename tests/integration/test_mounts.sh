#!/usr/bin/env bash
# test_mounts.sh - sysinfoMountTable through a private snmpd master against
# tmpfs mounts this test makes (root only): mount points with a space, a
# tab, a newline, a backslash and a byte that is not UTF-8; a read-only
# one; a bind mount of a whole filesystem and of a subdirectory; an ext4
# image with blocks reserved for root (where Free and Avail differ).
#
#   - every column of those rows against /proc/self/mountinfo,
#     /proc/self/mounts, statvfs(3) and df -B1;
#   - the index is the FNV-1a hash of the mount point, computed here;
#   - indexes stay put when a mount goes, when one comes, when one is
#     mounted again, and across an agent restart;
#   - two mount points whose hashes collide: the bytewise smaller gets the
#     hash, the other the next index, and its hash once it is alone;
#   - the default filter hides proc/sysfs/cgroup; mount_include_type and
#     mount_exclude_path (globs) choose rows;
#   - `sysinfo-agentx --dump` shows the same rows.
#
# Everything mounted is unmounted on exit (umount -l as a fallback).
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/mount_lib.sh
. "$(dirname "$0")/mount_lib.sh"

[ "$(id -u)" = 0 ] ||
    sia_skip "needs root: it mounts tmpfs filesystems (run it as root)"
sia_need snmpd snmpget snmpwalk perl stat df mount umount od awk
sia_need_agent
mnt_setup
mnt_can_mount ||
    sia_skip "cannot mount tmpfs here (no CAP_SYS_ADMIN in this container?)"

WAIT_S=20          # for a change to show in the table (mount_ttl is 1 s)
STATUS_AGE_MAX=500 # hundredths: 5 TTLs (scans repeat every second)
CONF=$SIA_TMP/mounts.conf
printf 'mount_ttl 1\n' >"$CONF"
T_START=$(sia_now_ms)

phase() {
    sia_log "--- $* ($(($(sia_now_ms) - T_START)) ms)"
}

# --------------------------------------------------------------- the mounts
# name -> mount point; the sizes differ so that swapped rows show.
declare -A MP SIZE_OPT RO ROOT DUP TYPE DEV_RE
MP[space]="$MNT_DIR/sp ace"
MP[tab]="$MNT_DIR/ta"$'\t'"b"
MP[newline]="$MNT_DIR/new"$'\n'"line"
MP[backslash]="$MNT_DIR/back\\slash"
MP[plain]="$MNT_DIR/plain"
MP[ro]="$MNT_DIR/ro"
MP[bind]="$MNT_DIR/bind"
MP[subbind]="$MNT_DIR/subbind"
MP[fresh]="$MNT_DIR/fresh"$'\xff'"byte"
MP[ext4]="$MNT_DIR/ext4"
NAMES=(space tab newline backslash plain ro bind subbind)

tmpfs() { # tmpfs NAME SIZE_MB [extra options]
    local o="size=${2}m${3:+,$3}"
    mnt_mount -t tmpfs -o "$o" tmpfs "${MP[$1]}" ||
        sia_die "mount -t tmpfs -o $o tmpfs $(printf '%q' "${MP[$1]}") failed"
    SIZE_OPT[$1]="size=$(($2 * 1024))k"
    TYPE[$1]=tmpfs
    DEV_RE[$1]='^tmpfs$'
    RO[$1]=2
    ROOT[$1]=/
    DUP[$1]=
}

phase "mounting under $MNT_DIR"
tmpfs plain 64 nr_inodes=1000
tmpfs space 16
tmpfs tab 24
tmpfs newline 32
tmpfs backslash 40
tmpfs ro 8 ro
RO[ro]=1

# A file of known size (not a multiple of the page size) and a directory.
FILE_BYTES=$((5 * 1024 * 1024 + 1000))
head -c "$FILE_BYTES" /dev/urandom >"${MP[plain]}/file"
mkdir "${MP[plain]}/sub"
printf 'x' >"${MP[plain]}/sub/one"
sync -f "${MP[plain]}/file" 2>/dev/null || true

mnt_mount --bind "${MP[plain]}" "${MP[bind]}" || sia_die "mount --bind failed"
mnt_mount --bind "${MP[plain]}/sub" "${MP[subbind]}" || sia_die "mount --bind (subdirectory) failed"
for n in bind subbind; do
    SIZE_OPT[$n]=${SIZE_OPT[plain]}
    TYPE[$n]=tmpfs
    DEV_RE[$n]='^tmpfs$'
    RO[$n]=2
    DUP[$n]=plain
done
ROOT[bind]=/
ROOT[subbind]=/sub

# tmpfs reserves nothing for root, so Free = Avail there: an ext4 image
# with 10% reserved tells the two apart (and Use% from Size).  Optional.
img=$SIA_TMP/ext4.img
EXTRA=()
if command -v mkfs.ext4 >/dev/null && truncate -s 32M "$img" &&
    mkfs.ext4 -q -F -m 10 -O ^has_journal -E lazy_itable_init=0 "$img" >/dev/null 2>&1 &&
    mnt_mount -t ext4 -o loop "$img" "${MP[ext4]}" 2>/dev/null; then
    head -c 3000000 /dev/urandom >"${MP[ext4]}/file"
    sync -f "${MP[ext4]}/file" 2>/dev/null || sync
    EXTRA=(ext4)
    NAMES+=(ext4)
    SIZE_OPT[ext4]='' TYPE[ext4]=ext4 DEV_RE[ext4]='^/dev/loop[0-9]+$'
    RO[ext4]=2 ROOT[ext4]=/ DUP[ext4]=
else
    sia_log "no ext4 loop mount here (mkfs.ext4, loop devices?): Free vs Avail untested"
fi

# Pseudo filesystems of our own, so the default filter has something to
# hide even on a host without them (the host's count too).
PSEUDO=()
for t in proc sysfs cgroup2; do
    if mnt_mount -t "$t" "$t" "$MNT_DIR/my$t" 2>/dev/null; then
        PSEUDO+=("$t")
    else
        sia_log "cannot mount a $t here; the filter check uses the host's"
    fi
done

# The truth's own FNV-1a, against the examples of the MIB.
sia_assert_eq "test's FNV-1a index of '/' (MIB example)" 705468254 "$(mnt_pl fnv /)"
sia_assert_eq "test's FNV-1a index of '/home' (MIB example)" 464989681 "$(mnt_pl fnv /home)"

# --------------------------------------------------------------- helpers

# Until every named mount point is in the table (or WAIT_S).  IDX[name]
# is the index the name had when first seen (check_stable compares).
declare -A IDX
wait_rows() {
    local deadline=$(($(sia_now_ms) + WAIT_S * 1000)) n missing t0 idx
    t0=$(sia_now_ms)
    while :; do
        missing=()
        if mnt_read_map; then
            for n in "$@"; do
                idx=${MNT_BYHEX[$(mnt_hex "${MP[$n]}")]:-}
                if [ -z "$idx" ]; then
                    missing+=("$n")
                elif [ -z "${IDX[$n]:-}" ]; then
                    IDX[$n]=$idx # the first index seen; later ones are checked
                fi
            done
        else
            missing=("$@")
        fi
        if [ ${#missing[@]} = 0 ]; then
            sia_log "rows of [$*] present after $(($(sia_now_ms) - t0)) ms"
            return 0
        fi
        if [ "$(sia_now_ms)" -ge "$deadline" ]; then
            sia_fail "rows missing after ${WAIT_S}s: ${missing[*]}"
            return 1
        fi
        sleep 0.3
    done
}

# Until the mount point of NAME is no longer in the table.
wait_gone() {
    local hex deadline=$(($(sia_now_ms) + WAIT_S * 1000)) t0
    t0=$(sia_now_ms)
    hex=$(mnt_hex "${MP[$1]}")
    while :; do
        if mnt_read_map && [ -z "${MNT_BYHEX[$hex]:-}" ]; then
            sia_ok "row of $1 gone after $(($(sia_now_ms) - t0)) ms"
            return 0
        fi
        if [ "$(sia_now_ms)" -ge "$deadline" ]; then
            sia_fail "row of $1 (index ${MNT_BYHEX[$hex]:-?}) still there ${WAIT_S}s after umount"
            return 1
        fi
        sleep 0.3
    done
}

# Until column COL of row INDEX equals VALUE.
wait_cell() {
    local idx=$1 col=$2 want=$3 got deadline=$(($(sia_now_ms) + WAIT_S * 1000))
    while :; do
        got=$(sia_value -On "$MNT_ENTRY.$col.$idx" 2>/dev/null) || got=missing
        [ "$got" = "$want" ] && return 0
        if [ "$(sia_now_ms)" -ge "$deadline" ]; then
            sia_fail "column $col of row $idx: expected '$want' within ${WAIT_S}s, still '$got'"
            return 1
        fi
        sleep 0.3
    done
}

# Every column of the row of NAME against mountinfo, statvfs and df.
check_row() {
    local n=$1 path=${MP[$1]} idx want info id dev roothex typehex srchex
    local optshex opts sv df_out df_v col c
    idx=${IDX[$n]:-}
    [ -n "$idx" ] || {
        sia_fail "$n: no row"
        return 0
    }
    sia_assert_eq "$n: index = FNV-1a of the mount point" "$(mnt_pl fnv "$path")" "$idx"
    info=$(mnt_pl info "$path") || {
        sia_fail "$n: not in /proc/self/mountinfo"
        return 0
    }
    read -r id dev roothex typehex srchex optshex <<<"$info"
    mnt_get_row "$idx" || {
        sia_fail "$n: GET of row $idx failed"
        return 0
    }
    mnt_assert_hex "$n: MountPoint" "$(mnt_hex "$path")" "${MNT_ROW[2]:-missing}"
    sia_assert_match "$n: Device" "${DEV_RE[$n]}" "$(mnt_show "${MNT_ROW[3]:-}")"
    mnt_assert_hex "$n: Device = mountinfo source" "$srchex" "${MNT_ROW[3]:-missing}"
    mnt_assert_hex "$n: FsType" "$(mnt_hex "${TYPE[$n]}")" "${MNT_ROW[4]:-missing}"
    mnt_assert_hex "$n: FsType = mountinfo type" "$typehex" "${MNT_ROW[4]:-missing}"
    mnt_assert_hex "$n: Options = /proc/self/mounts" "$optshex" "${MNT_ROW[5]:-missing}"
    opts=$(mnt_show "${MNT_ROW[5]:-}")
    [ -z "${SIZE_OPT[$n]}" ] ||
        sia_assert_match "$n: Options has ${SIZE_OPT[$n]}" "(^|,)${SIZE_OPT[$n]}(,|$)" "$opts"
    if [ "${RO[$n]}" = 1 ]; then
        sia_assert_match "$n: Options start with ro" "^ro(,|$)" "$opts"
    else
        sia_assert_match "$n: Options start with rw" "^rw(,|$)" "$opts"
    fi
    sia_assert_eq "$n: ReadOnly" "${RO[$n]}" "${MNT_ROW[6]:-missing}"
    sia_assert_eq "$n: Remote" 2 "${MNT_ROW[7]:-missing}"

    # Usage: statvfs now (nothing writes to these filesystems meanwhile),
    # and df for a second opinion on the percentages.
    read -r -a sv <<<"$(mnt_statvfs "$path")"
    local names=(Size Free Avail Used UsedPercent Inodes InodesFree
        InodesUsedPercent BlockSize)
    for c in $(seq 0 8); do
        col=$((8 + c))
        sia_assert_eq "$n: ${names[$c]} (statvfs)" "${sv[$c]}" "${MNT_ROW[$col]:-missing}"
    done
    df_out=$(df -B1 --output=size,used,avail,pcent,itotal,iavail,ipcent -- "$path" |
        tail -n 1) || df_out="df failed"
    read -r -a df_v <<<"$df_out"
    sia_assert_eq "$n: Size (df)" "${df_v[0]:-}" "${MNT_ROW[8]:-missing}"
    sia_assert_eq "$n: Used (df)" "${df_v[1]:-}" "${MNT_ROW[11]:-missing}"
    sia_assert_eq "$n: Avail (df)" "${df_v[2]:-}" "${MNT_ROW[10]:-missing}"
    sia_assert_eq "$n: UsedPercent (df Use%)" "${df_v[3]%\%}" "${MNT_ROW[12]:-missing}"
    sia_assert_eq "$n: Inodes (df)" "${df_v[4]:-}" "${MNT_ROW[13]:-missing}"
    sia_assert_eq "$n: InodesFree (df)" "${df_v[5]:-}" "${MNT_ROW[14]:-missing}"
    sia_assert_eq "$n: InodesUsedPercent (df IUse%)" "${df_v[6]%\%}" "${MNT_ROW[15]:-missing}"

    sia_assert_eq "$n: Status" 1 "${MNT_ROW[17]:-missing}"
    sia_assert_range "$n: StatusAge (hundredths)" 0 "$STATUS_AGE_MAX" "${MNT_ROW[18]:-missing}"
    mnt_assert_hex "$n: StatusText" "" "${MNT_ROW[19]-missing}"
    sia_assert_eq "$n: MountId = mountinfo" "$id" "${MNT_ROW[20]:-missing}"
    mnt_assert_hex "$n: DeviceNumber = mountinfo" "$(mnt_hex "$dev")" "${MNT_ROW[21]:-missing}"
    mnt_assert_hex "$n: DeviceNumber = stat st_dev" "$(mnt_hex "$(mnt_stdev "$path")")" \
        "${MNT_ROW[21]:-missing}"
    mnt_assert_hex "$n: Root" "$(mnt_hex "${ROOT[$n]}")" "${MNT_ROW[22]:-missing}"
    mnt_assert_hex "$n: Root = mountinfo" "$roothex" "${MNT_ROW[22]:-missing}"
    if [ -n "${DUP[$n]}" ]; then
        want=${IDX[${DUP[$n]}]:-none}
        sia_assert_eq "$n: DuplicateOf = index of ${DUP[$n]}" "$want" "${MNT_ROW[23]:-missing}"
    else
        sia_assert_eq "$n: DuplicateOf" 0 "${MNT_ROW[23]:-missing}"
    fi
}

# check_dump NAME...: `sysinfo-agentx --dump` (one scan, no master) has
# one line for each, names escaped as \ooo, with the index and the usage.
check_dump() {
    local n out=$SIA_TMP/dump.txt rows d sv
    # -k: with SIA_SANITIZE, LeakSanitizer hangs the exit while a statfs
    # is stuck on a hung FUSE mount (of another test): never wait forever.
    if ! timeout -k 5 60 "$SIA_AGENT_BIN" --dump -c "$CONF" >"$out" 2>"$SIA_TMP/dump.out"; then
        sia_fail "sysinfo-agentx --dump failed (see dump.out)"
        return 0
    fi
    for n in "$@"; do
        rows=$(mnt_pl dumprows "$out" "$(mnt_hex "${MP[$n]}")") || rows=
        sia_assert_eq "--dump: lines for $n ($(mnt_pl show "$(mnt_hex "${MP[$n]}")"))" 1 \
            "$(printf '%s' "$rows" | grep -c '^' || true)"
        read -r -a d <<<"$rows"
        read -r -a sv <<<"$(mnt_statvfs "${MP[$n]}")"
        sia_assert_eq "--dump $n: INDEX STATUS SIZE USED AVAIL USE% TYPE" \
            "${IDX[$n]} 1 ${sv[0]} ${sv[3]} ${sv[2]} ${sv[4]} ${TYPE[$n]}" "${d[*]:-}"
    done
}

# BASE: index -> mount point hex, recorded by save_base.
declare -A BASE
save_base() {
    local i
    BASE=()
    for i in "${!MNT_MAP[@]}"; do
        BASE[$i]=${MNT_MAP[$i]}
    done
}

# Every mount point of BASE still in the table has the index it had; the
# test's own mounts must all still be there (other rows may come and go:
# other tests run in parallel).
check_stable() {
    local what=$1 i hex kept=0 gone=0 n
    shift
    mnt_read_map || {
        sia_fail "$what: walk of sysinfoMountPoint failed"
        return 0
    }
    for i in "${!BASE[@]}"; do
        hex=${BASE[$i]}
        if [ "${MNT_MAP[$i]:-}" = "$hex" ]; then
            kept=$((kept + 1))
        elif [ -n "${MNT_BYHEX[$hex]:-}" ]; then
            sia_fail "$what: '$(mnt_show "$hex")' moved from index $i to ${MNT_BYHEX[$hex]}"
        else
            gone=$((gone + 1))
        fi
    done
    for n in "$@"; do
        hex=$(mnt_hex "${MP[$n]}")
        sia_assert_eq "$what: index of $n" "${IDX[$n]:-?}" "${MNT_BYHEX[$hex]:-gone}"
    done
    sia_ok "$what: $kept of ${#BASE[@]} rows kept their index ($gone gone)"
}

# --------------------------------------------------------------- the agent
# The MIB's names must be the numbers the test reads.
sia_assert_eq "MIB: sysinfoMountPoint" "$MNT_ENTRY.2" \
    "$(sia_translate -On SYSINFO-MIB::sysinfoMountPoint 2>&1)"
sia_assert_eq "MIB: sysinfoMountDuplicateOf" "$MNT_ENTRY.23" \
    "$(sia_translate -On SYSINFO-MIB::sysinfoMountDuplicateOf 2>&1)"

phase "agent with mount_ttl 1"
sia_start_master unix
sia_start_agent -c "$CONF"
wait_rows "${NAMES[@]}" || sia_die "the test's mounts never showed"

mnt_assert_hex "row at index 705468254 (the MIB's example)" "$(mnt_hex /)" "${MNT_MAP[705468254]:-missing}"
got=$(sia_get -On "$MNT_ENTRY.1.${IDX[plain]}" 2>&1) || true
sia_assert_match "column 1 (the index) is not accessible" "No Such Object" "$got"

phase "every column of the test's rows"
for n in "${NAMES[@]}"; do
    check_row "$n"
done
# The file is in Used (tmpfs counts whole pages).
plain_used=$(sia_value -On "$MNT_ENTRY.11.${IDX[plain]}") || plain_used=missing
sia_assert_range "plain: Used covers the ${FILE_BYTES}-byte file" \
    "$FILE_BYTES" $((FILE_BYTES + 65536)) "$plain_used"

phase "--dump"
check_dump "${NAMES[@]}"

phase "default filter"
types=$(mnt_walk_col 4 | cut -f 2) || types=
for t in proc sysfs cgroup cgroup2 devpts mqueue; do
    shown=$(printf '%s\n' "$types" | grep -c -x "$(mnt_hex "$t")" || true)
    sia_assert_eq "default filter: rows of type $t (mountinfo has $(mnt_pl count "$t"))" 0 "$shown"
done
for t in "${PSEUDO[@]}"; do
    sia_assert_eq "default filter: our $t mount hidden" "" \
        "${MNT_BYHEX[$(mnt_hex "$MNT_DIR/my$t")]:-}"
done

phase "unmount one"
mnt_read_map || sia_die "walk of sysinfoMountPoint failed"
save_base
mnt_umount "${MP[tab]}"
wait_gone tab
sia_assert_eq "index ${IDX[tab]} of tab is free" "" "${MNT_MAP[${IDX[tab]}]:-}"
check_stable "after umount of tab" space newline backslash plain ro bind subbind "${EXTRA[@]}"

phase "mount a new one"
save_base
mnt_mount -t tmpfs -o size=12m tmpfs "${MP[fresh]}" || sia_die "mount of fresh failed"
SIZE_OPT[fresh]=size=12288k TYPE[fresh]=tmpfs DEV_RE[fresh]='^tmpfs$'
RO[fresh]=2 ROOT[fresh]=/ DUP[fresh]=
wait_rows fresh
check_row fresh
check_stable "after mount of fresh" space newline backslash plain ro bind subbind "${EXTRA[@]}"

phase "mount space again"
save_base
old_info=$(mnt_pl info "${MP[space]}")
mnt_umount "${MP[space]}"
wait_gone space
mnt_mount -t tmpfs -o size=20m tmpfs "${MP[space]}" || sia_die "mount of space again failed"
SIZE_OPT[space]=size=20480k
sia_log "space: mount id, device: $(cut -d ' ' -f 1,2 <<<"$old_info") -> $(mnt_pl info "${MP[space]}" | cut -d ' ' -f 1,2)"
# The new filesystem is 20 MiB (was 16): that is the sign it is in.  The
# kernel may give the new mount the old mount id.
wait_cell "${IDX[space]}" 8 $((20 * 1024 * 1024)) &&
    sia_ok "space: back at index ${IDX[space]} with the new filesystem's size"
check_row space
check_stable "after mounting space again" space newline backslash plain ro bind subbind fresh \
    "${EXTRA[@]}"

phase "agent restart"
mnt_read_map || sia_die "walk of sysinfoMountPoint failed"
save_base
sia_stop_agent
sia_start_agent -c "$CONF"
wait_rows space newline backslash plain ro bind subbind fresh "${EXTRA[@]}"
check_stable "after an agent restart" space newline backslash plain ro bind subbind fresh \
    "${EXTRA[@]}"

phase "--dump after the restart"
check_dump space fresh

phase "colliding mount points"
# Two names under MNT_DIR with the same 31-bit hash (found in ~0.1 s).
{ IFS= read -r -d '' 'MP[coll1]' && IFS= read -r -d '' 'MP[coll2]'; } < <(mnt_pl collide "$MNT_DIR")
h=$(mnt_pl fnv "${MP[coll1]}")
sia_assert_eq "test's search: same index for $(basename "${MP[coll1]}") and $(basename "${MP[coll2]}")" \
    "$h" "$(mnt_pl fnv "${MP[coll2]}")"
next=$((h == 2147483647 ? 1 : h + 1))
if [ -n "${MNT_MAP[$next]:-}" ]; then
    sia_log "index $next is taken by another mount: collision check skipped"
else
    save_base
    # Bytewise, "cI" < "cJ" as their order from the search need not be.
    [[ ${MP[coll1]} < ${MP[coll2]} ]] && lo=coll1 hi=coll2 || lo=coll2 hi=coll1
    for n in coll1 coll2; do
        mnt_mount -t tmpfs -o size=1m tmpfs "${MP[$n]}" || sia_die "mount of $n failed"
    done
    wait_rows coll1 coll2
    sia_assert_eq "collision: $(basename "${MP[$lo]}") (smaller) has the hash" "$h" "${IDX[$lo]}"
    sia_assert_eq "collision: $(basename "${MP[$hi]}") has the next index" "$next" "${IDX[$hi]}"
    check_stable "with colliding rows" space newline backslash plain ro bind subbind fresh \
        "${EXTRA[@]}"
    mnt_umount "${MP[$lo]}"
    wait_gone "$lo"
    sia_assert_eq "collision over: $(basename "${MP[$hi]}") has its hash" "$h" \
        "${MNT_BYHEX[$(mnt_hex "${MP[$hi]}")]:-missing}"
    mnt_umount "${MP[$hi]}"
fi

phase "filters: mount_include_type, mount_exclude_path"
{
    printf 'mount_ttl 1\n'
    printf 'mount_include_type proc tmpfs\n'
    printf 'mount_exclude_path %s %s\n' "$(mnt_glob_quote "$MNT_DIR/" '*bind')" \
        "$(mnt_glob_quote "${MP[space]}")"
} >"$SIA_TMP/filter.conf"
save_base
sia_stop_agent
sia_start_agent -c "$SIA_TMP/filter.conf"
wait_rows newline backslash plain ro fresh
types=$(mnt_walk_col 4 | cut -f 2 | sort | uniq -c | sed 's/^ *//') || types=
others=$(printf '%s\n' "$types" | grep -v -e " $(mnt_hex proc)\$" -e " $(mnt_hex tmpfs)\$" || true)
sia_assert_eq "include proc tmpfs: rows of other types" "" "$others"
shown_proc=$(printf '%s\n' "$types" | sed -n "s/ $(mnt_hex proc)\$//p")
sia_assert_eq "include proc: proc rows (mountinfo has $(mnt_pl count proc))" \
    "$(mnt_pl count proc)" "${shown_proc:-0}"
if [[ " ${PSEUDO[*]} " == *" proc "* ]]; then
    sia_assert_eq "include proc: our proc mount, index = FNV-1a" \
        "$(mnt_pl fnv "$MNT_DIR/myproc")" "${MNT_BYHEX[$(mnt_hex "$MNT_DIR/myproc")]:-missing}"
fi
for n in "${EXTRA[@]}"; do
    sia_assert_eq "include_type: $n (${TYPE[$n]}) hidden" "" "${MNT_BYHEX[$(mnt_hex "${MP[$n]}")]:-}"
done
for n in bind subbind space; do
    sia_assert_eq "exclude_path: $n hidden" "" "${MNT_BYHEX[$(mnt_hex "${MP[$n]}")]:-}"
done
check_stable "with filters" newline backslash plain ro fresh

sia_stop_agent
sia_stop_master
phase "done"
sia_finish

#!/usr/bin/env bash
# test_mount_namespace.sh - `mount_namespace init` reports the host's
# mount table from inside a sandbox.
#
# The agent is started in a mount namespace of its own (unshare -m) that
# imitates systemd's ProtectSystem=strict and PrivateTmp=: / remounted as
# a read-only bind, and a private tmpfs mounted (size 3m, under the test's
# directory, which stays writable for the agent's log).  Then:
#
#   - mount_namespace self (the default): the agent describes the sandbox:
#     sysinfoMountReadOnly of / is true(1), its options start with "ro",
#     the private tmpfs has a row (Size 3 MiB, index the FNV-1a of its
#     path);
#   - mount_namespace init: the agent describes pid 1's namespace (the
#     host's): / has ReadOnly and the leading rw/ro of /proc/1/mountinfo,
#     the private tmpfs has no row, and /'s Size, Inodes and BlockSize are
#     those of statvfs on / as pid 1 sees it, and a tmpfs the test mounts
#     in its own namespace (5 MiB), which the sandbox covers with another
#     (2 MiB), has the host's size: the statfs went through /proc/1/root.
#     Indexes are unchanged: / is still 705468254.
#
# "The host" is the test's own pid 1 and mount namespace (see below).
# Needs root (mount, unshare); exits 77 otherwise.  No timing is asserted
# beyond waiting (up to WAIT_S) for the first snapshot.
set -euo pipefail

NS_NAME=$(basename "$0" .sh)
ns_skip() {
    printf '%s: SKIPPED: %s\n' "$NS_NAME" "$*"
    exit 77
}

# pid 1 of the machine may be out of reach (a container's init in another
# user namespace: /proc/1/root denied even to root).  So the test makes
# its own "host": it re-executes itself as pid 1 of a new pid namespace,
# in a mount namespace of its own (a copy of the machine's, with a /proc
# for that pid namespace).  The agent's sandbox is then made inside that.
if [ -z "${SIA_MNTNS_INNER:-}" ]; then
    [ "$(id -u)" = 0 ] ||
        ns_skip "needs root: it makes namespaces and mounts in them"
    command -v unshare >/dev/null 2>&1 || ns_skip "unshare(1) is not installed (util-linux)"
    unshare --pid --fork --mount --mount-proc --propagation private true 2>/dev/null ||
        ns_skip "cannot make pid and mount namespaces (unshare failed: no CAP_SYS_ADMIN?)"
    export SIA_MNTNS_INNER=1
    exec unshare --pid --fork --mount --mount-proc --propagation private -- bash "$0" "$@"
fi

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/mount_lib.sh
. "$(dirname "$0")/mount_lib.sh"

[ "$$" = 1 ] || sia_die "not pid 1 of a pid namespace of our own (pid $$)"
sia_need snmpd snmpget unshare stat mount awk perl
sia_need_agent
mnt_setup
unshare --mount --propagation slave true 2>/dev/null ||
    sia_skip "cannot make a mount namespace (unshare --mount failed)"
[ -r /proc/1/mountinfo ] && [ -d /proc/1/root/ ] ||
    sia_die "cannot read our own /proc/1 (the test is pid 1)"

WAIT_S=30
ROOT_INDEX=705468254 # FNV-1a of "/"
PRIV=$SIA_TMP/private
mkdir -p "$PRIV"
PRIV_INDEX=$(mnt_pl fnv "$PRIV")

# A host mount that the sandbox covers with another tmpfs: statfs of its
# path inside the sandbox would measure the cover (2 MiB), through
# /proc/1/root the host's (5 MiB).
HOSTFS=$MNT_DIR/hostfs
mnt_mount -t tmpfs -o size=5m sia-host "$HOSTFS" ||
    sia_die "cannot mount a tmpfs on $HOSTFS"
HOST_INDEX=$(mnt_pl fnv "$HOSTFS")

# The sandbox: $SIA_TMP stays writable (a bind of itself), / becomes a
# read-only bind, a private tmpfs appears, $HOSTFS is covered.  Nothing
# leaks out (slave).
SIA_AGENT_WRAPPER=(unshare --mount --propagation slave sh -c
    'mount --bind "$1" "$1" && mount -o remount,bind,ro / &&
     mount -t tmpfs -o size=3m sia-private "$2" &&
     mkdir -p "$3" && mount -t tmpfs -o size=2m sia-cover "$3" &&
     shift 3 && exec "$@"'
    sh "$SIA_TMP" "$PRIV" "$HOSTFS")

# The host's truth: pid 1's / (leading rw/ro, as the MIB's TruthValue).
host_opt=$(awk '$5 == "/" { split($6, o, ","); print o[1]; exit }' /proc/1/mountinfo)
host_ro=$([ "$host_opt" = ro ] && echo 1 || echo 2)
read -r -a host_sv <<<"$(mnt_statvfs /proc/1/root/)"
sia_log "pid 1's / is $host_opt; Size ${host_sv[0]}"

# until_row INDEX: sysinfoMountPoint.INDEX answers (the first snapshot).
until_row() {
    local deadline=$(($(sia_now_ms) + WAIT_S * 1000))
    while [ "$(sia_now_ms)" -lt "$deadline" ]; do
        sia_value -On "$MNT_ENTRY.2.$1" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}

sia_start_master unix

# ---- the default: the agent's own namespace, i.e. the sandbox
printf 'mount_ttl 1\n' >"$SIA_TMP/self.conf"
sia_start_agent -c "$SIA_TMP/self.conf"
agent=$SIA_AGENT_PID
[ "$(readlink "/proc/$agent/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] &&
    sia_ok "self: the agent has a mount namespace of its own" ||
    sia_fail "self: the agent shares the test's mount namespace"
until_row "$ROOT_INDEX" || sia_fail "self: no row for / within ${WAIT_S}s"
sia_assert_eq "self: ReadOnly of / (the sandbox's read-only bind)" 1 \
    "$(sia_value -On "$MNT_ENTRY.6.$ROOT_INDEX" 2>&1)"
sia_assert_match "self: Options of / start with ro" '^ro(,|$)' \
    "$(sia_value -On "$MNT_ENTRY.5.$ROOT_INDEX" 2>&1)"
until_row "$PRIV_INDEX" || sia_fail "self: no row for the sandbox's tmpfs within ${WAIT_S}s"
sia_assert_eq "self: the sandbox's tmpfs is listed, Size 3 MiB" 3145728 \
    "$(sia_value -On "$MNT_ENTRY.8.$PRIV_INDEX" 2>&1)"
# (the host's tmpfs is still in the sandbox's table, hidden under the
# bind of $SIA_TMP: never statfs'ed, so no Size)
sizes=$(sia_walk -Oqv -OU -On "$MNT_ENTRY.8" 2>&1)
sia_log "sizes: $(tr '\n' ' ' <<<"$sizes")"
sia_assert_eq "self: a Size of 2 MiB (the sandbox's cover of $HOSTFS)" 1 \
    "$(grep -cx 2097152 <<<"$sizes")"
sia_assert_eq "self: no Size of 5 MiB (the host's $HOSTFS)" 0 \
    "$(grep -cx 5242880 <<<"$sizes" || true)"
sia_stop_agent

# ---- mount_namespace init: pid 1's table, statfs through /proc/1/root
printf 'mount_ttl 1\nmount_namespace init\n' >"$SIA_TMP/init.conf"
sia_start_agent -c "$SIA_TMP/init.conf"
until_row "$ROOT_INDEX" || sia_fail "init: no row for / within ${WAIT_S}s"
sia_assert_eq "init: ReadOnly of / (pid 1's: $host_opt)" "$host_ro" \
    "$(sia_value -On "$MNT_ENTRY.6.$ROOT_INDEX" 2>&1)"
sia_assert_match "init: Options of / start with $host_opt" "^$host_opt(,|\$)" \
    "$(sia_value -On "$MNT_ENTRY.5.$ROOT_INDEX" 2>&1)"
sia_assert_eq "init: MountPoint of row $ROOT_INDEX" "/" \
    "$(sia_value -On "$MNT_ENTRY.2.$ROOT_INDEX" 2>&1)"
if out=$(sia_value -On "$MNT_ENTRY.2.$PRIV_INDEX" 2>&1); then
    sia_fail "init: the sandbox's tmpfs is listed: $out"
else
    sia_ok "init: the sandbox's tmpfs is not listed"
fi
sia_assert_eq "init: StatusOk of /" 1 "$(sia_value -On "$MNT_ENTRY.17.$ROOT_INDEX" 2>&1)"
# Size, Inodes and BlockSize do not move while the test runs; Free does.
sia_assert_eq "init: Size of / (statvfs of pid 1's /)" "${host_sv[0]}" \
    "$(sia_value -On "$MNT_ENTRY.8.$ROOT_INDEX" 2>&1)"
sia_assert_eq "init: Inodes of / (statvfs of pid 1's /)" "${host_sv[5]}" \
    "$(sia_value -On "$MNT_ENTRY.13.$ROOT_INDEX" 2>&1)"
sia_assert_eq "init: BlockSize of / (statvfs of pid 1's /)" "${host_sv[8]}" \
    "$(sia_value -On "$MNT_ENTRY.16.$ROOT_INDEX" 2>&1)"
until_row "$HOST_INDEX" || sia_fail "init: no row for $HOSTFS within ${WAIT_S}s"
sia_assert_eq "init: $HOSTFS is the host's tmpfs, Size 5 MiB (statfs via /proc/1/root)" \
    5242880 "$(sia_value -On "$MNT_ENTRY.8.$HOST_INDEX" 2>&1)"
sizes=$(sia_walk -Oqv -OU -On "$MNT_ENTRY.8" 2>&1)
sia_log "sizes: $(tr '\n' ' ' <<<"$sizes")"
sia_assert_eq "init: no Size of 2 MiB (the sandbox's cover)" 0 \
    "$(grep -cx 2097152 <<<"$sizes" || true)"
sia_stop_agent
sia_stop_master
sia_finish

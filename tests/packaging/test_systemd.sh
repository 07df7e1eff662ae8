#!/usr/bin/env bash
# test_systemd.sh - the Debian package under a real systemd: a Debian 12
# container (debootstrap, booted with `systemd-nspawn -b`, systemd as its
# pid 1, a network namespace of its own) in which:
#   - `dpkg -i` of the package scripts/build-deb.sh builds from this tree
#     installs it (its dependencies are in the container already), the
#     unit is not enabled by the installation;
#   - the container's own snmpd gets the packaged snippet
#     (/usr/share/doc/sysinfo-agentx/snmpd.conf.snippet appended to
#     /etc/snmp/snmpd.conf, as the snippet says) and is restarted;
#   - `systemctl enable --now sysinfo-agentx`: active/running, Type=notify
#     (so it sent READY=1: `enable --now` waits for it), no restarts, as
#     _sysinfo-agentx; the readiness time (exec to READY=1);
#   - snmpget/snmpwalk through the container's snmpd on 127.0.0.1:161:
#     the agent's own row in sysinfoProcessTable (name, user, cgroup of
#     the unit), root's snmpd fully readable (exe, cwd), the mount table;
#   - the sandbox on the running process (/proc/MAINPID/status: Seccomp 2,
#     NoNewPrivs 1, CapEff/CapBnd the unit's two capabilities, its own
#     network namespace, / read-only); a probe unit made from the
#     installed unit (same [Service] sandbox, ExecStart a shell) shows a
#     syscall of @resources (setpriority) refused with EPERM and an
#     AF_INET socket refused, and the same probe without SystemCallFilter=
#     and RestrictAddressFamilies= succeeds at both (so the refusals are
#     the filters', not a missing capability's);
#   - `systemd-analyze security` on the running unit (exposure at most
#     2.0) and `systemd-analyze verify` (clean; --man=no: no man-db in the
#     container, test_deb.sh checks the man pages);
#   - the watchdog: with a drop-in WatchdogSec=5s (the packaged 30s would
#     make the test slow), the agent keeps running past 2 x WatchdogSec
#     (it feeds the watchdog), then frozen with SIGSTOP it is killed by
#     systemd ("Watchdog timeout"), restarted after RestartSec, answers
#     again with a new pid, NRestarts=1;
#   - `systemctl restart snmpd`: the agent answers again within 30s,
#     same pid, no restart;
#   - a reboot (powered off, booted again on the same overlay): enabled,
#     it starts by itself after snmpd's start job and answers;
#   - `dpkg -i` over it (the upgrade path): the running agent restarted;
#   - `systemctl stop`: within 5s, exit status 0, Result=success;
#   - `dpkg --purge` while it runs: stopped, unit and files gone, the
#     system user kept (packaging/debian/postrm).
# The root file system is debootstrapped once into a cache
# (SIA_SYSTEMD_CACHE, default /var/cache/sysinfo-agentx-systemd; the
# mirror is the one apt uses here, or SIA_DEBIAN_MIRROR) and each run
# boots an overlay over it, so the cache stays as debootstrap left it.
# Without the cache it needs Debian's mirror: skipped (77) when the mirror
# cannot be reached or the machine cannot run containers (not root, no
# systemd-nspawn), failed when the container does not boot.  Everything it
# starts (the container) and mounts (the overlay) is stopped and unmounted
# on exit; the machine's own snmpd and ports are not touched (the
# container has its own network namespace).  SIA_DEB=FILE uses a package
# built before instead of building one.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

sia_need debootstrap systemd-nspawn nsenter mount umount flock curl \
    dpkg-deb dpkg-buildpackage
[ "$(id -u)" = 0 ] || sia_skip "needs root (debootstrap, systemd-nspawn)"
PKG=sysinfo-agentx
USER_NAME=_sysinfo-agentx
UNIT=$PKG.service
CACHE=${SIA_SYSTEMD_CACHE:-/var/cache/sysinfo-agentx-systemd}
SUITE=bookworm
INCLUDE=systemd,systemd-sysv,dbus,snmpd,snmp,adduser,procps
WATCHDOG_S=5 # the test's drop-in
MACHINE=sia-systemd-$$
NSPAWN_PID=
LEADER=
OVERLAY=

exec 7>&2 # the cleanup reports here, wherever the trap fires
exec 9>/run/lock/sia-test_systemd.lock
flock -w 300 9 || sia_die "another test_systemd.sh holds /run/lock/sia-test_systemd.lock"

# A run killed before its cleanup (ctest's TIMEOUT sends SIGKILL) left
# this marker: its container's nspawn pid and machine name, its overlay
# and temp directory.  Finish that cleanup now.
LEFT=/run/lock/sia-test_systemd.left
NSPAWN_RUN_DIR=/run/systemd/nspawn # made by systemd-nspawn
nspawn_dir_existed=0
[ -d "$NSPAWN_RUN_DIR" ] && nspawn_dir_existed=1
if [ -f "$LEFT" ]; then
    read -r old_pid old_machine old_tmp nspawn_dir_existed <"$LEFT"
    sia_log "an earlier run left $LEFT ($old_machine, $old_tmp): cleaning up"
    if tr '\0' ' ' <"/proc/$old_pid/cmdline" 2>/dev/null | grep -q "systemd-nspawn .*-M $old_machine "; then
        kill -TERM "$old_pid" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$old_pid" 2>/dev/null
    fi
    case $old_tmp in
    */sia-test_systemd.*)
        mountpoint -q "$old_tmp/root" && umount -l "$old_tmp/root"
        mountpoint -q "$old_tmp/root" || rm -rf "$old_tmp"
        ;;
    esac
    rm -f "$LEFT"
fi

# ------------------------------------------------------------ cleanup

container_stop() { # poweroff through nspawn (SIGTERM), then SIGKILL
    [ -n "$NSPAWN_PID" ] || return 0
    if sia_alive "$NSPAWN_PID"; then
        kill -TERM "$NSPAWN_PID" 2>/dev/null
        if ! sia_wait_exit "$NSPAWN_PID" 30; then
            echo "test_systemd: the container did not power off in 30s: killed" >&7
            kill -KILL "$NSPAWN_PID" 2>/dev/null
            sia_wait_exit "$NSPAWN_PID" 10 || true
        fi
    fi
    # Its pid 1 dies with nspawn (PR_SET_PDEATHSIG); a pid namespace
    # whose init is killed loses all its processes.
    [ -n "$LEADER" ] && kill -0 "$LEADER" 2>/dev/null && kill -KILL "$LEADER" 2>/dev/null
    sia_untrack "$NSPAWN_PID"
    NSPAWN_PID=
}

systemd_cleanup() {
    container_stop
    if [ "$nspawn_dir_existed" = 0 ]; then
        rmdir "$NSPAWN_RUN_DIR"/propagate "$NSPAWN_RUN_DIR"/locks "$NSPAWN_RUN_DIR" 2>/dev/null
    fi
    if [ -n "$OVERLAY" ] && mountpoint -q "$OVERLAY"; then
        umount "$OVERLAY" 2>/dev/null || umount -l "$OVERLAY" || {
            echo "test_systemd: could not unmount $OVERLAY (kept)" >&7
            SIA_KEEP_TMP=1
        }
    fi
    mountpoint -q "$OVERLAY" 2>/dev/null || rm -f "$LEFT"
    return 0
}
trap 'st=$?; systemd_cleanup; (exit $st); sia_cleanup' EXIT

# ------------------------------------------------------------ the root fs

mirror() { # the Debian mirror apt uses here for SUITE main
    if [ -n "${SIA_DEBIAN_MIRROR:-}" ]; then
        echo "$SIA_DEBIAN_MIRROR"
        return
    fi
    apt-get indextargets --format '$(SITE)' "Codename: $SUITE" \
        'Component: main' 'Identifier: Packages' 2>/dev/null | head -n 1
}
MIRROR=$(mirror)
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
mirror_reachable() {
    curl -fsS --max-time 20 -o /dev/null "$MIRROR/dists/$SUITE/Release" 2>/dev/null
}

key=$(printf '%s %s %s' "$SUITE" "$INCLUDE" "$MIRROR" | md5sum | cut -c1-12)
BASE=$CACHE/$SUITE-$key
if [ ! -x "$BASE/usr/lib/systemd/systemd" ] || [ ! -f "$BASE/.complete" ]; then
    mirror_reachable || sia_skip "no root file system cached in $BASE and" \
        "the Debian mirror $MIRROR is unreachable (debootstrap needs it)"
    mkdir -p "$CACHE"
    rm -rf "$CACHE/$SUITE"-* "$CACHE"/tmp.* # older ones (another INCLUDE, mirror)
    tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
    t0=$(sia_now_ms)
    sia_log "debootstrap $SUITE from $MIRROR into $BASE (cached for later runs)"
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$tmp/root" \
        "$MIRROR" >"$SIA_TMP/debootstrap.log" 2>&1; then
        rm -rf "$tmp"
        mirror_reachable || sia_skip "debootstrap failed and $MIRROR is unreachable"
        tail -n 30 "$SIA_TMP/debootstrap.log"
        sia_die "debootstrap failed (mirror $MIRROR reachable)"
    fi
    touch "$tmp/root/.complete"
    mv "$tmp/root" "$BASE"
    rm -rf "$tmp"
    sia_log "debootstrap took $(($(sia_now_ms) - t0)) ms"
fi

# --- the package
if [ -n "${SIA_DEB:-}" ]; then
    deb=$SIA_DEB
else
    t0=$(sia_now_ms)
    bash "$SIA_SRC/scripts/build-deb.sh" "$SIA_TMP/deb" >"$SIA_TMP/build-deb.out" 2>&1 ||
        { cat "$SIA_TMP/build-deb.out"; sia_die "scripts/build-deb.sh failed"; }
    sia_log "package built in $(($(sia_now_ms) - t0)) ms"
    deb=$(ls "$SIA_TMP"/deb/${PKG}_*_*.deb)
fi
[ -f "$deb" ] || sia_die "no package $deb"
version=$(dpkg-deb -f "$deb" Version)

# --- an overlay over the cached root: this run's changes go to $SIA_TMP
mkdir -p "$SIA_TMP/upper" "$SIA_TMP/work" "$SIA_TMP/root"
OVERLAY=$SIA_TMP/root
echo "0 $MACHINE $SIA_TMP $nspawn_dir_existed" >"$LEFT"
mount -t overlay overlay \
    -o "lowerdir=$BASE,upperdir=$SIA_TMP/upper,workdir=$SIA_TMP/work" "$OVERLAY" ||
    sia_die "cannot mount an overlay over $BASE"
R=$OVERLAY
echo "$MACHINE" >"$R/etc/hostname"
# Quiet: no login prompt on the console, no apt timers.
for u in console-getty.service apt-daily.timer apt-daily-upgrade.timer \
    e2scrub_all.timer dpkg-db-backup.timer; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
done
cp "$deb" "$R/root/"
debname=$(basename "$deb")

# ------------------------------------------------------------ boot

c() { # c CMD...: CMD in the container (all its namespaces, its root)
    nsenter -t "$LEADER" -a -r -w env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"
}
prop() { # prop NAME [UNIT]: one property of a unit in the container
    c systemctl show -P "$1" "${2:-$UNIT}"
}
cget() { # cget OID: its value through the container's snmpd
    c snmpget -v2c -c public -t 2 -r 1 -m '' -On -Oqv 127.0.0.1 "$1" 2>&1 | tr -d '"'
}
wait_answer() { # wait_answer SECS: until sysinfoAgentVersion.0 answers
    local deadline=$(($(sia_now_ms) + $1 * 1000))
    while [ "$(sia_now_ms)" -lt "$deadline" ]; do
        [ "$(cget "$SIA_OID_AGENT_VERSION")" = "$version" ] && return 0
        sleep 0.2
    done
    return 1
}

boot() { # boot: the container, until its systemd says running
    local t0 state
    t0=$(sia_now_ms)
    # (The lock's descriptor is not passed on: a container left behind by
    # a killed run must not hold it.)
    # --register=no --keep-unit: this machine's pid 1 is not systemd (no
    # machined, no scope units); --private-network: only a loopback of its
    # own, so its snmpd on 127.0.0.1:161 is not this machine's.
    systemd-nspawn --quiet --register=no --keep-unit --private-network \
        --console=passive -M "$MACHINE" -D "$R" -b >>"$SIA_TMP/nspawn.log" 2>&1 </dev/null 7>&- 9>&- &
    NSPAWN_PID=$!
    sia_track "$NSPAWN_PID"
    echo "$NSPAWN_PID $MACHINE $SIA_TMP $nspawn_dir_existed" >"$LEFT"
    for _ in $(seq 1 100); do
        LEADER=$(pgrep -P "$NSPAWN_PID" | head -n 1)
        [ -n "$LEADER" ] && [ "$(cat "/proc/$LEADER/comm" 2>/dev/null)" = systemd ] && break
        sia_alive "$NSPAWN_PID" || break
        LEADER=
        sleep 0.1
    done
    [ -n "$LEADER" ] || { cat "$SIA_TMP/nspawn.log"; sia_die "systemd-nspawn did not start systemd"; }
    # systemctl answers once the container's systemd has its private socket.
    for _ in $(seq 1 100); do
        c test -S /run/systemd/private && break
        sleep 0.1
    done
    state=$(c timeout 90 systemctl is-system-running --wait 2>&1)
    sia_log "container booted in $(($(sia_now_ms) - t0)) ms (leader pid $LEADER)"
    sia_assert_eq "the container's systemd: is-system-running" running "$state"
    [ "$state" = running ] || c systemctl --failed --no-legend
}
boot
sia_assert_eq "pid 1 in the container" systemd "$(c cat /proc/1/comm)"
sia_assert_eq "the container's snmpd" active "$(prop ActiveState snmpd.service)"
[ "$(readlink "/proc/$LEADER/ns/net")" != "$(readlink /proc/self/ns/net)" ] &&
    sia_ok "the container has a network namespace of its own" ||
    sia_die "the container shares this machine's network namespace"

# ------------------------------------------------------------ install

c dpkg -i "/root/$debname" >"$SIA_TMP/dpkg-i.log" 2>&1 ||
    { cat "$SIA_TMP/dpkg-i.log"; sia_die "dpkg -i $debname failed in the container"; }
sia_assert_eq "dpkg status" installed "$(c dpkg-query -W -f='${db:Status-Status}' $PKG)"
sia_assert_eq "is-enabled after dpkg -i" disabled "$(c systemctl is-enabled $UNIT)"
sia_assert_eq "is-active after dpkg -i" inactive "$(c systemctl is-active $UNIT)"
sia_assert_eq "the system user" "$USER_NAME" "$(c getent passwd $USER_NAME | cut -d: -f1)"

c sh -c 'cat /usr/share/doc/sysinfo-agentx/snmpd.conf.snippet >>/etc/snmp/snmpd.conf' ||
    sia_die "cannot append the snippet to the container's snmpd.conf"
c systemctl restart snmpd.service || sia_die "systemctl restart snmpd failed"
sia_assert_eq "AgentX socket: mode, owner, group" "660 root $USER_NAME" \
    "$(c stat -c '%a %U %G' /var/agentx/master 2>&1)"

# ------------------------------------------------------------ enable --now

t0=$(sia_now_ms)
c systemctl enable --now $UNIT >"$SIA_TMP/enable.log" 2>&1
rc=$?
sia_log "systemctl enable --now took $(($(sia_now_ms) - t0)) ms"
sia_assert_eq "systemctl enable --now: exit status" 0 "$rc"
show=$(c systemctl show -p ActiveState,SubState,Type,NRestarts,WatchdogUSec,NotifyAccess $UNIT | sort | tr '\n' ' ')
sia_assert_eq "the unit" "ActiveState=active NRestarts=0 NotifyAccess=main SubState=running Type=notify WatchdogUSec=30s " "$show"
pid=$(prop MainPID)
start=$(prop ExecMainStartTimestampMonotonic)
ready=$(prop ActiveEnterTimestampMonotonic)
# Well under the AgentX ping interval (2 s): READY=1 once registered, not
# at the main loop's first wake-up (it used to be 2.07 s).
sia_assert_range "readiness (exec to READY=1), ms" 0 1500 $(((ready - start) / 1000))
sia_assert_eq "is-enabled" enabled "$(c systemctl is-enabled $UNIT)"
sia_assert_eq "the main process runs as" "$USER_NAME" "$(c ps -o user:32= -p "$pid")"
sia_assert_eq "its executable" /usr/sbin/sysinfo-agentx "$(c readlink "/proc/$pid/exe")"

# --- through the container's snmpd
sia_assert_eq "sysinfoAgentVersion.0 through the container's snmpd" "$version" \
    "$(cget "$SIA_OID_AGENT_VERSION")"
sia_assert_eq "sysinfoProcessName.$pid (the agent itself)" sysinfo-agentx \
    "$(cget "$SIA_OID_PROC_TABLE.1.3.$pid")"
sia_assert_eq "sysinfoProcessUser.$pid" "$USER_NAME" "$(cget "$SIA_OID_PROC_TABLE.1.12.$pid")"
sia_assert_match "sysinfoProcessCgroup.$pid (the unit's cgroup)" "/system\.slice/$PKG\.service\$" \
    "$(cget "$SIA_OID_PROC_TABLE.1.25.$pid")"
snmpd_pid=$(prop MainPID snmpd.service)
sia_assert_eq "sysinfoProcessExe of root's snmpd ($snmpd_pid)" /usr/sbin/snmpd \
    "$(cget "$SIA_OID_PROC_TABLE.1.4.$snmpd_pid")"
sia_assert_eq "sysinfoProcessCwd of root's snmpd" "$(c readlink "/proc/$snmpd_pid/cwd")" \
    "$(cget "$SIA_OID_PROC_TABLE.1.33.$snmpd_pid")"
# sysinfoProcessName (column 3) of every row: PID NAME lines
names=$(c snmpwalk -v2c -c public -t 2 -r 1 -m '' -On 127.0.0.1 "$SIA_OID_PROC_TABLE.1.3" 2>&1 |
    sed -n 's/^.*\.\([0-9]*\) = STRING: "\(.*\)"$/\1 \2/p')
sia_assert_eq "sysinfoProcessName.1 (the container's pid 1)" "1 systemd" "$(grep '^1 ' <<<"$names")"
sia_assert_near "rows of sysinfoProcessTable (ps -e in the container: $(c ps -e -o pid= | wc -l))" \
    "$(c ps -e -o pid= | wc -l)" 3 "$(wc -l <<<"$names")"
mounts=$(c snmpwalk -v2c -c public -t 2 -r 1 -m '' -On -Oqv 127.0.0.1 "$SIA_OID_MOUNT_TABLE.1.2" 2>&1 | tr -d '"')
sia_assert_range "rows of sysinfoMountTable" 1 1000 "$(grep -c '^/' <<<"$mounts")"
grep -qx / <<<"$mounts" && sia_ok "sysinfoMountPoint has /" || sia_fail "no / in sysinfoMountPoint: $mounts"

# --- the sandbox of the running process
status=$(c cat "/proc/$pid/status")
field() { sed -n "s/^$1:[[:space:]]*//p" <<<"$status"; }
sia_assert_eq "Seccomp of the agent" 2 "$(field Seccomp)"
sia_assert_eq "NoNewPrivs of the agent" 1 "$(field NoNewPrivs)"
sia_assert_eq "CapEff (CAP_DAC_READ_SEARCH CAP_SYS_PTRACE)" 0000000000080004 "$(field CapEff)"
sia_assert_eq "CapBnd" 0000000000080004 "$(field CapBnd)"
filters=$(field Seccomp_filters)
sia_assert_range "Seccomp_filters of the agent" 1 100 "$filters"
[ "$(c readlink "/proc/$pid/ns/net")" != "$(c readlink /proc/1/ns/net)" ] &&
    sia_ok "the agent has a network namespace of its own (PrivateNetwork=)" ||
    sia_fail "the agent shares the container's network namespace"
sia_assert_match "/ as the agent sees it (ProtectSystem=strict)" '^ro,' \
    "$(c awk '$5 == "/" { print $6; exit }' "/proc/$pid/mountinfo")"

# A probe unit: the installed unit's [Service] sandbox, a shell script
# instead of the agent.  probe NAME [SETTING...]: its output.
cat >"$R/usr/local/sbin/sia-probe" <<'EOF_PROBE'
#!/bin/bash
grep -E '^(Seccomp|Seccomp_filters|NoNewPrivs|CapEff):' /proc/self/status | tr '\t' ' '
nice -n 1 true 2>&1 | sed 's/^/nice: /'
(exec 3<>/dev/tcp/127.0.0.1/9) 2>&1 | sed 's/^.*: //; s/^/inet: /'
exit 0
EOF_PROBE
chmod 755 "$R/usr/local/sbin/sia-probe"
probe() {
    local name=$1 f=$R/etc/systemd/system/$1.service
    shift
    {
        echo '[Service]'
        sed -n '/^\[Service\]/,/^\[Install\]/p' "$R/lib/systemd/system/$UNIT" |
            grep -Ev '^(\[Service\]|\[Install\]|(Type|NotifyAccess|WatchdogSec|TimeoutStartSec|Restart|RestartSec|ExecStart|ExecReload)=)'
        printf '%s\n' Type=oneshot ExecStart=/usr/local/sbin/sia-probe \
            "StandardOutput=truncate:/run/$name.out" StandardError=inherit "$@"
    } >"$f"
    c systemctl daemon-reload
    c systemctl start "$name.service" || echo "probe: systemctl start $name failed"
    c cat "/run/$name.out"
    c systemctl reset-failed "$name.service" 2>/dev/null
    c rm -f "/run/$name.out"
    rm -f "$f"
    c systemctl daemon-reload
}
sandboxed=$(probe sia-probe)
sia_log "probe with the unit's sandbox: $(tr '\n' ';' <<<"$sandboxed")"
control=$(probe sia-probe-control SystemCallFilter= RestrictAddressFamilies=)
sia_log "probe without SystemCallFilter=/RestrictAddressFamilies=: $(tr '\n' ';' <<<"$control")"
sia_assert_eq "probe: Seccomp_filters as the agent's" "Seccomp_filters: $filters" \
    "$(grep '^Seccomp_filters' <<<"$sandboxed")"
sia_assert_eq "probe: CapEff as the agent's" "CapEff: 0000000000080004" "$(grep '^CapEff' <<<"$sandboxed")"
sia_assert_eq "probe: setpriority (@resources) refused" \
    "nice: nice: cannot set niceness: Operation not permitted" "$(grep '^nice' <<<"$sandboxed")"
sia_assert_eq "probe: socket(AF_INET) refused" "inet: Address family not supported by protocol" \
    "$(grep '^inet' <<<"$sandboxed" | head -n 1)"
sia_assert_eq "control: setpriority allowed" "" "$(grep '^nice' <<<"$control")"
sia_assert_eq "control: AF_INET socket made (nothing listens on port 9)" \
    "inet: Connection refused" "$(grep '^inet' <<<"$control" | head -n 1)"

# --- systemd-analyze, on the running unit
report=$(c systemd-analyze security $UNIT 2>&1)
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$report")
sia_log "systemd-analyze security $UNIT (online): exposure $score"
grep '✗' <<<"$report" | awk '{ print "    " $2 }'
c systemd-analyze security --threshold=20 $UNIT >/dev/null 2>&1 &&
    sia_ok "online exposure $score is 2.0 or lower" || sia_fail "online exposure $score is above 2.0"
# Offline (the unit file alone, as test_unit.sh rates it): the same score
# and items, so the explained list there holds for the running unit.
offline=$(c systemd-analyze security --offline=yes /lib/systemd/system/$UNIT 2>&1)
sia_assert_eq "offline exposure, in the container" "$score" \
    "$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$offline")"
sia_assert_eq "items counted online and offline" \
    "$(grep '✗' <<<"$offline" | awk '{ print $2 }' | sort | tr '\n' ' ')" \
    "$(grep '✗' <<<"$report" | awk '{ print $2 }' | sort | tr '\n' ' ')"
sia_assert_eq "systemd-analyze verify (--man=no)" "" \
    "$(c systemd-analyze verify --man=no /lib/systemd/system/$UNIT 2>&1)"

# ------------------------------------------------------------ watchdog

c mkdir -p /etc/systemd/system/$UNIT.d
c sh -c "printf '[Service]\nWatchdogSec=${WATCHDOG_S}s\n' >/etc/systemd/system/$UNIT.d/test-watchdog.conf"
c systemctl daemon-reload
c systemctl restart $UNIT || sia_fail "restart with the watchdog drop-in failed"
sia_assert_eq "WatchdogUSec with the drop-in" "${WATCHDOG_S}s" "$(prop WatchdogUSec)"
pid=$(prop MainPID)
sleep $((2 * WATCHDOG_S + 1))
sia_assert_eq "after $((2 * WATCHDOG_S + 1))s (fed): MainPID, NRestarts" "$pid 0" \
    "$(prop MainPID) $(prop NRestarts)"
t0=$(sia_now_ms)
c kill -STOP "$pid"
deadline=$((t0 + (WATCHDOG_S + 10 + 30) * 1000)) # + RestartSec + start
killed_ms='' new=''
while [ "$(sia_now_ms)" -lt "$deadline" ]; do
    [ -z "$killed_ms" ] && ! c kill -0 "$pid" 2>/dev/null && killed_ms=$(($(sia_now_ms) - t0))
    new=$(prop MainPID)
    [ "$new" != 0 ] && [ "$new" != "$pid" ] && [ "$(prop ActiveState)" = active ] && break
    sleep 0.2
done
restarted_ms=$(($(sia_now_ms) - t0))
sia_log "watchdog: frozen pid $pid killed after ${killed_ms:-?} ms, restarted (pid $new, active) after $restarted_ms ms"
sia_assert_range "frozen agent killed after (ms; WatchdogSec=${WATCHDOG_S}s, fed every $((WATCHDOG_S * 500)) ms)" \
    $((WATCHDOG_S * 500 - 500)) $((WATCHDOG_S * 1000 + 5000)) "${killed_ms:-none}"
sia_assert_eq "NRestarts after the watchdog" 1 "$(prop NRestarts)"
[ "$new" != "$pid" ] && [ "$new" != 0 ] && sia_ok "new MainPID $new" || sia_fail "MainPID still $pid"
c journalctl -u $UNIT --no-pager -o cat | grep -q 'Watchdog timeout' &&
    sia_ok "the journal says: Watchdog timeout" || sia_fail "no 'Watchdog timeout' in the journal"
wait_answer 30 && sia_ok "the restarted agent answers" || sia_fail "the restarted agent does not answer"
c rm -r /etc/systemd/system/$UNIT.d
c systemctl daemon-reload

# ------------------------------------------------------------ snmpd restart

pid=$(prop MainPID)
restarts=$(prop NRestarts)
t0=$(sia_now_ms)
c systemctl restart snmpd.service || sia_fail "systemctl restart snmpd failed"
if wait_answer 30; then
    sia_ok "answers again $(($(sia_now_ms) - t0)) ms after systemctl restart snmpd"
else
    sia_fail "no answer within 30s of systemctl restart snmpd"
fi
sia_assert_eq "after snmpd's restart: MainPID, NRestarts, ActiveState" "$pid $restarts active" \
    "$(prop MainPID) $(prop NRestarts) $(prop ActiveState)"

# ------------------------------------------------------------ reboot

# Enabled: after a reboot (the container powered off and booted again on
# the same overlay) it starts by itself, after snmpd (After=).
container_stop
boot
sia_assert_eq "after the reboot: ActiveState, SubState, NRestarts" "active running 0" \
    "$(prop ActiveState) $(prop SubState) $(prop NRestarts)"
snmpd_up=$(prop ActiveEnterTimestampMonotonic snmpd.service)
agent_exec=$(prop ExecMainStartTimestampMonotonic)
if [ "${agent_exec:-0}" -ge "${snmpd_up:-1}" ] 2>/dev/null; then
    sia_ok "started after snmpd's start job (After=): $(((agent_exec - snmpd_up) / 1000)) ms later"
else
    sia_fail "started at $agent_exec us, before snmpd's start job ended at $snmpd_up us"
fi
wait_answer 30 && sia_ok "answers after the reboot" || sia_fail "no answer after the reboot"

# ------------------------------------------------------------ upgrade

# dpkg -i of the same version again takes the upgrade path: the running
# agent is restarted (the new binary runs), it stays enabled.
pid=$(prop MainPID)
c dpkg -i "/root/$debname" >"$SIA_TMP/dpkg-upgrade.log" 2>&1 ||
    { cat "$SIA_TMP/dpkg-upgrade.log"; sia_fail "dpkg -i over the installed package failed"; }
new=$(prop MainPID)
[ "$new" != "$pid" ] && [ "$new" != 0 ] && sia_ok "dpkg -i over it restarted the agent (pid $pid -> $new)" ||
    sia_fail "dpkg -i over it did not restart the agent (MainPID $new)"
sia_assert_eq "after the upgrade: ActiveState, is-enabled" "active enabled" \
    "$(prop ActiveState) $(c systemctl is-enabled $UNIT)"
wait_answer 30 && sia_ok "the upgraded agent answers" || sia_fail "the upgraded agent does not answer"

# ------------------------------------------------------------ stop, purge

# For a post-mortem (shown when a check failed): the two units' journal.
c journalctl -u $UNIT -u snmpd.service --no-pager -o short-monotonic >"$SIA_TMP/journal.log" 2>&1

t0=$(sia_now_ms)
c systemctl stop $UNIT
stop_ms=$(($(sia_now_ms) - t0))
sia_assert_range "systemctl stop (ms)" 0 5000 "$stop_ms"
sia_assert_eq "after stop: Result, ExecMainCode, ExecMainStatus" "success 1 0" \
    "$(prop Result) $(prop ExecMainCode) $(prop ExecMainStatus)"
c systemctl start $UNIT || sia_fail "start again failed"
pid=$(prop MainPID)
c dpkg --purge $PKG >"$SIA_TMP/purge.log" 2>&1 ||
    { cat "$SIA_TMP/purge.log"; sia_fail "dpkg --purge failed"; }
sia_assert_eq "dpkg status after --purge" not-installed \
    "$(c dpkg-query -W -f='${db:Status-Status}' $PKG 2>/dev/null || echo not-installed)"
c kill -0 "$pid" 2>/dev/null && sia_fail "pid $pid still runs after --purge" ||
    sia_ok "the running agent was stopped by --purge"
sia_assert_eq "processes of $USER_NAME" "" "$(c pgrep -u $USER_NAME)"
sia_assert_eq "LoadState after --purge" not-found "$(prop LoadState)"
sia_assert_eq "files left" "" "$(c sh -c 'ls -d /lib/systemd/system/sysinfo-agentx* \
    /etc/systemd/system/*/sysinfo-agentx* /etc/snmp/sysinfo-agentx.conf* /usr/sbin/sysinfo-agentx \
    /usr/share/doc/sysinfo-agentx /var/lib/systemd/deb-systemd-helper-enabled/*sysinfo-agentx* 2>/dev/null')"
sia_assert_eq "$USER_NAME after --purge (kept, as postrm says)" "$USER_NAME" \
    "$(c getent passwd $USER_NAME | cut -d: -f1)"
sia_assert_eq "the container's snmpd still" active "$(prop ActiveState snmpd.service)"

# ------------------------------------------------------------ shutdown

t0=$(sia_now_ms)
container_stop
sia_log "container powered off in $(($(sia_now_ms) - t0)) ms"
systemd_cleanup
sia_finish

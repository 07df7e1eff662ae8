#!/usr/bin/env bash
# scripts/fresh-check.sh - the check to run before calling work done: the
# README's test command (.ci/run) from a clean clone of the committed tree,
# on this machine made to look like one where net-snmp has never run.
#
#   sudo bash scripts/fresh-check.sh [REV]     (default REV: HEAD)
#
# A green CI on a machine that has run everything before can hide a
# first-run failure: the first net-snmp program ever run creates
# /var/lib/snmp/cert_indexes and says so on stderr (issue 7), and
# uncommitted or ignored files can stand in for missing ones.  So:
#   1. `git clone` of REV into a temp directory (only committed files);
#   2. scripts/deps.sh from that clone, on the real machine (it installs
#      what is missing, as on a brand-new machine);
#   3. in a private mount namespace, an empty tmpfs over /var/lib/snmp (and
#      over ~/.snmp when there is one), then CI=true bash .ci/run, as CI
#      runs it, with no standard input.
# Nothing outside the namespace sees the empty directories; the clone is
# removed at the end unless SIA_KEEP_TMP=1.  Exit status: that of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

rev=${1:-HEAD}
if [ "$(id -u)" -ne 0 ]; then
    echo "fresh-check: needs root (unshare -m, mount)" >&2
    exit 1
fi
for tool in git unshare mount; do
    command -v "$tool" >/dev/null || {
        echo "fresh-check: $tool is missing" >&2
        exit 1
    }
done

clone=$(mktemp -d /tmp/sia-fresh.XXXXXX)
cleanup() {
    if [ "${SIA_KEEP_TMP:-0}" = 1 ]; then
        echo "fresh-check: clone kept in $clone"
    else
        rm -rf "$clone"
    fi
}
trap cleanup EXIT

git clone -q --no-hardlinks . "$clone"
git -C "$clone" checkout -q --detach "$rev"
echo "fresh-check: $(git -C "$clone" log -1 --format='%h %s') in $clone"

bash "$clone/scripts/deps.sh"
# The snmpd package makes /var/lib/snmp; on a machine with only the
# clients it may be missing, and a mount point must exist.
mkdir -p /var/lib/snmp

home_snmp=
[ -d "${HOME:-/root}/.snmp" ] && home_snmp="${HOME:-/root}/.snmp"
export SIA_FRESH_HOME_SNMP=$home_snmp
start=$SECONDS
set +e
unshare -m bash -c '
    set -e
    mount --make-rprivate /
    mount -t tmpfs fresh-var-lib-snmp /var/lib/snmp
    [ -z "$SIA_FRESH_HOME_SNMP" ] ||
        mount -t tmpfs fresh-home-snmp "$SIA_FRESH_HOME_SNMP"
    cd "$1"
    CI=true bash .ci/run </dev/null
' fresh-check "$clone"
rc=$?
set -e
echo "fresh-check: .ci/run exited $rc after $((SECONDS - start)) s"
exit "$rc"

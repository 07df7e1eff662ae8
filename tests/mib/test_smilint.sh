#!/usr/bin/env bash
# test_smilint.sh - SYSINFO-MIB must pass `smilint -l 6` without a single
# message (errors, warnings and level-6 notices alike).
#
# smilint exits 0 even on errors, so the test judges its output.  The IETF
# base modules come from erlang-snmp (see scripts/mibpath.sh); `-c
# /dev/null` keeps /etc/smi.conf and ~/.smirc out, so no local setting
# (Debian's hides namelength-32, for one) can hide a message.
#
# Exit 77 (skip) when smilint or the base modules are missing.
set -euo pipefail

src=${SIA_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
mib="$src/mibs/SYSINFO-MIB.txt"

# shellcheck source=SCRIPTDIR/../../scripts/mibpath.sh
. "$src/scripts/mibpath.sh"
if ! command -v smilint >/dev/null; then
    echo "SKIP: smilint not installed (apt-get install smitools)"
    exit 77
fi
if ! sia_mibpath_init; then
    echo "SKIP: MIB base modules not found"
    exit 77
fi
[[ -r "$mib" ]] || {
    echo "FAIL: $mib not found"
    exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints every message smilint has about the module file $1.
lint() {
    SMIPATH=$SIA_SMIPATH smilint -c /dev/null -l 6 -s -m "$1" 2>&1
}

# The canary: the same module plus an unreferenced type (a level-5
# warning).  If smilint stays silent on it, this setup cannot see
# problems and an empty result below would prove nothing.
sed 's/^END$/SysinfoCanary ::= TEXTUAL-CONVENTION\
    DISPLAY-HINT "d"\
    STATUS current\
    DESCRIPTION "Unreferenced on purpose."\
    SYNTAX Integer32\
END/' "$mib" >"$tmp/SYSINFO-MIB.txt"
if ! lint "$tmp/SYSINFO-MIB.txt" | grep -q 'SysinfoCanary'; then
    echo "FAIL: smilint did not report the canary warning; output:"
    lint "$tmp/SYSINFO-MIB.txt" | sed 's/^/  /'
    exit 1
fi

out=$(lint "$mib")
if [[ -n "$out" ]]; then
    echo "FAIL: smilint -l 6 has $(wc -l <<<"$out") message(s):"
    printf '%s\n' "$out" | sed 's/^/  /'
    echo "command: SMIPATH=$SIA_SMIPATH smilint -c /dev/null -l 6 -s -m $mib"
    exit 1
fi
echo "PASS: smilint -l 6 has no message about $mib"

#!/usr/bin/env bash
# test_oid_cli.sh - `sysinfo-agentx --oid mount PATH` and `--oid watch
# NAME` print OIDs that net-snmp, reading SYSINFO-MIB, agrees with: for
# every line, snmptranslate -On of the symbolic name gives the numeric
# OID printed beside it.  So the column names and numbers of the helper
# cannot drift from the MIB.
#
# Exit 77 (skip) when net-snmp's tools or the base modules are missing.
set -euo pipefail

src=${SIA_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build=${SIA_BUILD:-$src/build}
bin=${SIA_AGENT_BIN:-$build/src/sysinfo-agentx}

# shellcheck source=SCRIPTDIR/../../scripts/mibpath.sh
. "$src/scripts/mibpath.sh"
# shellcheck source=SCRIPTDIR/../../scripts/snmpenv.sh
. "$src/scripts/snmpenv.sh"
if ! command -v snmptranslate >/dev/null; then
    echo "SKIP: snmptranslate not installed"
    exit 77
fi
if ! sia_mibpath_init; then
    echo "SKIP: MIB base modules not found"
    exit 77
fi
[[ -x "$bin" ]] || {
    echo "FAIL: $bin not built"
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sia_snmp_isolate "$tmp/snmpenv" # no machine snmp.conf, no first-run notice

fails=0
checked=0
check() { # kind arg expected-line-count
    local out numeric name got
    if ! out=$("$bin" --oid "$1" "$2" 2>&1); then
        echo "FAIL: --oid $1 $2: $out"
        fails=$((fails + 1))
        return
    fi
    if [[ $(wc -l <<<"$out") != "$3" ]]; then
        echo "FAIL: --oid $1 $2 printed $(wc -l <<<"$out") lines, expected $3"
        fails=$((fails + 1))
    fi
    while read -r numeric name; do
        got=$(snmptranslate -M "$SIA_MIBDIRS" -m SYSINFO-MIB -On "$name" 2>&1)
        if [[ "$got" != "$numeric" ]]; then
            echo "FAIL: $name is $got for net-snmp, --oid printed $numeric"
            fails=$((fails + 1))
        fi
        checked=$((checked + 1))
    done <<<"$out"
}

check mount / 24
check mount /var/lib/docker 24
check watch nginx 17
check watch my-app_2.worker 17

# The mount index is the FNV-1a hash documented in the MIB: / is 705468254.
"$bin" --oid mount / | grep -q '^\.1\.3\.6\.1\.4\.1\.8072\.9999\.9999\.7337\.1\.3\.1\.1\.2\.705468254 ' ||
    {
        echo "FAIL: --oid mount / does not give index 705468254"
        fails=$((fails + 1))
    }
# Bad input: usage error, status 2, a reason on stderr.
for args in "mount var" "watch a/b" "disk /"; do
    # shellcheck disable=SC2086
    if err=$("$bin" --oid $args 2>&1 >/dev/null); then
        echo "FAIL: --oid $args was accepted"
        fails=$((fails + 1))
    elif [[ "$err" != "sysinfo-agentx: --oid "* ]]; then
        echo "FAIL: --oid $args: unexpected message: $err"
        fails=$((fails + 1))
    fi
done

if ((fails > 0)); then
    echo "$fails failure(s)"
    exit 1
fi
echo "PASS: $checked OIDs printed by --oid match SYSINFO-MIB"

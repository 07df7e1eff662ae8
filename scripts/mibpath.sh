#!/usr/bin/env bash
# mibpath.sh - where SYSINFO-MIB and the modules it imports are found.
#
# Debian ships no IETF base modules (SNMPv2-SMI, -TC, -CONF are non-free
# there), but the erlang-snmp package has them; NET-SNMP-MIB comes with
# snmp/libsnmp; SYSINFO-MIB is in this repository's mibs/.  The base
# modules are used in place, never copied into the repository.
#
# Source it:   . scripts/mibpath.sh && sia_mibpath_init || exit 77
#   SIA_MIB_BASEDIR  the erlang-snmp mibs directory (set it beforehand to
#                    use another directory with the IETF base modules)
#   SIA_MIBDIRS      for net-snmp (-M or MIBDIRS): base, net-snmp, repo.
#                    net-snmp takes a module found in several directories
#                    from the LAST one, so the repo's copy wins over an
#                    installed one.
#   SIA_SMIPATH      for libsmi (smilint, smidump: SMIPATH): repo,
#                    net-snmp, base.  libsmi takes the FIRST match, hence
#                    the reversed order.
# Run it:      scripts/mibpath.sh          prints SIA_MIBDIRS
#              scripts/mibpath.sh --smi    prints SIA_SMIPATH
#
# Example:
#   snmptranslate -M "$SIA_MIBDIRS" -m SYSINFO-MIB -On SYSINFO-MIB::sysinfoMIB
#   SMIPATH=$SIA_SMIPATH smilint -l 6 mibs/SYSINFO-MIB.txt
# (Debian's /etc/snmp/snmp.conf says `mibs :`, which turns MIB loading
# off: always pass -M and -m explicitly.)

SIA_NETSNMP_MIBDIR=${SIA_NETSNMP_MIBDIR:-/usr/share/snmp/mibs}
SIA_REPO_MIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../mibs" && pwd)

# Sets the variables above.  Returns 1, with a message on stderr, when the
# base modules or NET-SNMP-MIB cannot be found.
sia_mibpath_init() {
    local dir
    if [[ -z "${SIA_MIB_BASEDIR:-}" ]]; then
        # The newest erlang-snmp, should several versions be installed.
        dir=$(find /usr/lib/erlang/lib -maxdepth 2 -type d \
            -path '/usr/lib/erlang/lib/snmp-*/mibs' 2>/dev/null |
            sort -V | tail -n 1)
        SIA_MIB_BASEDIR=$dir
    fi
    if [[ ! -r "${SIA_MIB_BASEDIR}/SNMPv2-SMI.mib" &&
        ! -r "${SIA_MIB_BASEDIR}/SNMPv2-SMI.txt" &&
        ! -r "${SIA_MIB_BASEDIR}/SNMPv2-SMI" ]]; then
        echo "mibpath: no SNMPv2-SMI in '${SIA_MIB_BASEDIR}':" \
            "install erlang-snmp or set SIA_MIB_BASEDIR" >&2
        return 1
    fi
    if [[ ! -r "${SIA_NETSNMP_MIBDIR}/NET-SNMP-MIB.txt" ]]; then
        echo "mibpath: no NET-SNMP-MIB.txt in '${SIA_NETSNMP_MIBDIR}':" \
            "install snmp (or libsnmp-base)" >&2
        return 1
    fi
    SIA_MIBDIRS="${SIA_MIB_BASEDIR}:${SIA_NETSNMP_MIBDIR}:${SIA_REPO_MIBDIR}"
    SIA_SMIPATH="${SIA_REPO_MIBDIR}:${SIA_NETSNMP_MIBDIR}:${SIA_MIB_BASEDIR}"
    export SIA_MIB_BASEDIR SIA_MIBDIRS SIA_SMIPATH
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    sia_mibpath_init
    case "${1:-}" in
    --smi) printf '%s\n' "$SIA_SMIPATH" ;;
    "") printf '%s\n' "$SIA_MIBDIRS" ;;
    *)
        echo "usage: $0 [--smi]" >&2
        exit 2
        ;;
    esac
fi

# shellcheck shell=bash
# scripts/snmpenv.sh - run net-snmp's programs as if the machine had none of
# its own net-snmp state.  Sourced by the tests, the demo and the benchmark.
#
# Why: the first net-snmp program ever run on a machine creates
# /var/lib/snmp/cert_indexes and says "Created directory: ..." on stderr;
# the machine's /etc/snmp and ~/.snmp may load MIBs, set defaults or point
# at another persistent directory.  A test that reads a tool's stderr, or
# compares its output, must therefore see the same thing on a brand-new
# machine and on one that has run net-snmp for years.
#
#   sia_snmp_isolate DIR   net-snmp programs started afterwards (clients,
#                          snmpd, the agent) read configuration only from
#                          DIR/conf (which says `mibs :`, as Debian's
#                          /etc/snmp/snmp.conf does: nothing is loaded
#                          unless asked with -m) and keep their persistent
#                          state in DIR/persist, never /var/lib/snmp.
#                          MIBS, MIBDIRS and MIBFILES are unset.
#   sia_snmp_notices       filter for a tool's stderr: drops net-snmp's
#                          first-run notices (exactly "Created directory:
#                          PATH"), passes every other line through.  For
#                          the callers that cannot isolate the tool.

sia_snmp_isolate() {
    local dir=$1
    # cert_indexes made here, or the first tool run says it created it.
    mkdir -p "$dir/conf" "$dir/persist/cert_indexes"
    chmod 700 "$dir/persist/cert_indexes"
    printf 'mibs :\n' >"$dir/conf/snmp.conf"
    export SNMPCONFPATH="$dir/conf"
    export SNMP_PERSISTENT_DIR="$dir/persist"
    unset MIBS MIBDIRS MIBFILES
}

sia_snmp_notices() {
    grep -v -E '^Created directory: /[^[:cntrl:]]*$' || true
}

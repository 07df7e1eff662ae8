#!/usr/bin/env bash
# scripts/deps.sh - installs the Debian 12 packages that building, testing
# and the demo need, and only those that are missing.
#
# As root: apt-get update (once, only when something is missing), then
# apt-get install.  Not as root: prints the command to run as root and
# exits 1 when something is missing; exits 0 when nothing is.
#
# Services: the snmpd package (and erlang's epmd, pulled in by erlang-snmp;
# postgresql, zabbix-server, nagios4, prometheus and its snmp exporter) would
# start system services on installation.  The tests never use them:
# they start private daemons on loopback.  So while installing, this script
# forbids service starts (a temporary /usr/sbin/policy-rc.d, the standard
# Debian mechanism) and afterwards disables the services of the packages
# it newly installed.  Services that were there before are left alone.  To
# run the system snmpd as the AgentX master (README, "Deploying"):
#     systemctl enable --now snmpd
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config # the build
    libsnmp-dev libcmocka-dev        # net-snmp agent library, unit tests
    libmount-dev                     # util-linux: filesystem type lists
    libsystemd-dev                   # sd_notify: readiness, watchdog
    python3                          # scripts/gen-docs.py (man pages, --help)
    man-db groff-base bsdextrautils  # tests/packaging/test_docs.sh (man, col)
    dpkg-dev debhelper lintian       # scripts/build-deb.sh (the Debian package)
    devscripts                       # hardening-check (tests/packaging/test_deb.sh)
    adduser systemd                  # the package's postinst; systemd-analyze (tests)
    debootstrap systemd-container    # tests/packaging/test_systemd.sh (a booted container)
    snmpd snmp                       # private master, client tools
    libsnmp-base                     # NET-SNMP-MIB, net-snmp's own MIBs
    erlang-snmp                      # IETF base MIB modules (SNMPv2-SMI...)
    smitools                         # smilint (tests/mib)
    valgrind                         # tests/integration/test_valgrind.sh
    clang-format                     # scripts/test.sh format check
    clang libfuzzer-14-dev           # tests/fuzz (libFuzzer targets)
    fuse3 libfuse3-dev               # hung-filesystem tests
    procps iproute2                  # ps, ss
    git                              # lists the files to format-check
    # packaging/ checked against the real tools (tests/integration/test_nms_*):
    prometheus-snmp-exporter prometheus # snmp_exporter module; promtool
    nagios4-core monitoring-plugins-standard # nagios4 -v; check_snmp
    zabbix-server-pgsql postgresql      # Zabbix 6.0 server, its database
    zabbix-frontend-php php-pgsql       # its JSON-RPC API, served by
    php-cli                             # php -S (php also brings apache2-bin,
                                        # no apache2 service)
    curl                                # scrapes, API calls
)

missing=()
for p in "${PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: run as root:" >&2
    echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "deps: (or: sudo bash scripts/deps.sh, which also keeps the new snmpd service from running)" >&2
    exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# No service starts during the installation.  An existing policy-rc.d (as
# in Docker images) is kept as it is.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# scripts/deps.sh: no service starts while it installs\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
fi
restore_policy() {
    [ "$own_policy" = 1 ] && rm -f "$policy"
    return 0
}
trap restore_policy EXIT

before=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' | awk '$1 == "installed" { print $2 }' | sort)
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
after=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' | awk '$1 == "installed" { print $2 }' | sort)
mapfile -t new_packages < <(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))

# Disable the services that the packages installed just now brought.
disabled=()
for p in "${new_packages[@]}"; do
    while IFS= read -r f; do
        case "$f" in
        /lib/systemd/system/*.service | /lib/systemd/system/*.socket | \
            /usr/lib/systemd/system/*.service | /usr/lib/systemd/system/*.socket)
            unit=$(basename "$f")
            case "$unit" in *@.*) continue ;; esac # templates
            if [ -d /run/systemd/system ]; then
                systemctl disable --now "$unit" >/dev/null 2>&1 || true
            else
                systemctl disable "$unit" >/dev/null 2>&1 || true
            fi
            disabled+=("$unit")
            ;;
        /etc/init.d/*)
            [ -d /run/systemd/system ] && continue
            name=$(basename "$f")
            if command -v update-rc.d >/dev/null 2>&1; then
                update-rc.d "$name" disable >/dev/null 2>&1 || true
            fi
            disabled+=("$name")
            ;;
        esac
    done < <(dpkg -L "$p" 2>/dev/null)
done
if [ ${#disabled[@]} -gt 0 ]; then
    echo "deps: disabled the newly installed services: ${disabled[*]}"
    echo "deps: (enable the system snmpd with: systemctl enable --now snmpd)"
fi
echo "deps: done"

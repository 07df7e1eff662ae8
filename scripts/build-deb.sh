#!/usr/bin/env bash
# scripts/build-deb.sh [OUTDIR] - builds the Debian package sysinfo-agentx
# with dpkg-buildpackage and debhelper (packaging/debian/), and runs lintian
# on it.  The .deb, .changes and .buildinfo go to OUTDIR (default
# build/deb), with build.log and lintian.log.
#
# The repository's top level has no debian/ directory: this copies the
# source tree (tracked files and new ones not ignored, as scripts/test.sh
# sees them) into a temporary directory, adds packaging/debian as debian/
# there, and builds a binary package (dpkg-buildpackage -b) from it.
#
# Needs: dpkg-dev, debhelper, lintian and the Build-Depends of
# packaging/debian/control (scripts/deps.sh installs them).
# Exit status: 0 when the package is built and lintian reports nothing but
# overridden tags; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
OUT=${1:-$SRC/build/deb}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

version=$(sed -n 's/^project(sysinfo-agentx VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
deb_version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
if [ "$version" != "$deb_version" ]; then
    echo "build-deb: CMakeLists.txt says $version, packaging/debian/changelog $deb_version" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sia-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/sysinfo-agentx-$version
mkdir -p "$tree"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf - | tar -C "$tree" -xf -
else
    tar --exclude='./build*' -cf - . | tar -C "$tree" -xf -
fi
rm -rf "$tree/debian"
cp -a packaging/debian "$tree/debian"

rm -f "$OUT"/sysinfo-agentx*.deb "$OUT"/sysinfo-agentx*.ddeb \
    "$OUT"/sysinfo-agentx*.changes "$OUT"/sysinfo-agentx*.buildinfo
echo "build-deb: building sysinfo-agentx $version in $tree (log: $OUT/build.log)"
if ! (cd "$tree" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
    dpkg-buildpackage -b -us -uc) >"$OUT/build.log" 2>&1; then
    tail -n 40 "$OUT/build.log" >&2
    echo "build-deb: dpkg-buildpackage failed (see $OUT/build.log)" >&2
    exit 1
fi
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$OUT"/
mv "$work"/*.ddeb "$OUT"/ 2>/dev/null || true
deb=$(ls "$OUT"/sysinfo-agentx_"$version"_*.deb)
echo "build-deb: $deb"

# lintian: errors, warnings and info; overridden tags are listed apart.
changes=$(ls "$OUT"/sysinfo-agentx_"$version"_*.changes)
lintian --pedantic --info --display-info --show-overrides --tag-display-limit 0 \
    "$changes" >"$OUT/lintian.log" 2>&1 || true
if grep -Ev "^(N: |O: |N:$|$|running with root privileges)" "$OUT/lintian.log" >"$OUT/lintian.tags"; then
    cat "$OUT/lintian.tags"
    echo "build-deb: lintian reported the tags above (see $OUT/lintian.log)" >&2
    exit 1
fi
overridden=$(grep -c '^O: ' "$OUT/lintian.log" || true)
echo "build-deb: lintian clean ($overridden overridden tag(s), see $OUT/lintian.log)"

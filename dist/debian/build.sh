#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make deb: dist/debian/build.sh BUILD_DIR writes the tprun and tpgen packages of
# that build (made already: make all man) to BUILD_DIR/deb, and nothing outside
# BUILD_DIR.
#
# Debian's own tools do the work: dpkg-buildpackage -b runs dist/debian/rules (dh,
# debhelper compat 13), whose install step is `make install PREFIX=/usr` staged in
# debian/tmp. So the file lists are the Makefile's, split between the packages by
# dh_install (dh_missing fails on a file neither package takes);
# dh_shlibdeps/dpkg-shlibdeps compute each package's library dependencies
# (${shlibs:Depends}) from its binaries; dh_installsystemd enables tprun.service;
# dpkg-buildpackage takes the architecture from dpkg-architecture (dpkg
# --print-architecture's) and SOURCE_DATE_EPOCH from the changelog. dpkg-deb
# alone would need all of that written out by hand.
#
# dpkg-buildpackage builds the source tree it is run in and writes its results
# to that tree's parent: here a tree of dist/debian alone in BUILD_DIR/deb/build
# (nothing of it is compiled there), so the checkout stays as it was.
#
# The version is the tree's: the newest tag vX.Y... that HEAD descends from (as
# X.Y...+N.gHASH when past it), else 0.0~gitDATE.N.gHASH (DATE of the last
# commit, N commits); +dirty when tracked files differ from HEAD. The changelog's
# date, and so every file's mtime in the packages, is the last commit's
# (SOURCE_DATE_EPOCH), so one tree and build give the same .deb bytes.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "${1:?usage: dist/debian/build.sh BUILD_DIR}" && pwd)
out=$O/deb
work=$out/build
git=(git -C "$top" --no-optional-locks)

"${git[@]}" rev-parse --verify -q HEAD > /dev/null ||
	{ echo "make deb: $top is not a git checkout: the version comes from its history" >&2; exit 1; }
epoch=${SOURCE_DATE_EPOCH:-$("${git[@]}" log -1 --format=%ct)}
hash=$("${git[@]}" rev-parse --short=12 HEAD)
if tag=$("${git[@]}" describe --tags --abbrev=12 --match 'v[0-9]*' 2> /dev/null); then
	# v1.2 -> 1.2; v1.2-3-gabc -> 1.2+3.gabc
	version=$(echo "${tag#v}" | sed -E 's/-([0-9]+)-(g[0-9a-f]+)$/+\1.\2/')
else
	version=0.0~git$(date -u -d "@$epoch" +%Y%m%d).$("${git[@]}" rev-list --count HEAD).g$hash
fi
[ -z "$("${git[@]}" status --porcelain --untracked-files=no)" ] || version=$version+dirty

rm -rf "$work" "$out"/*.deb
mkdir -p "$work/tpgen"
cp -R "$top/dist/debian" "$work/tpgen/debian"
rm "$work/tpgen/debian/build.sh"
maint=$(sed -n 's/^Maintainer: //p' "$work/tpgen/debian/control")
cat > "$work/tpgen/debian/changelog" << EOF
tpgen ($version) unstable; urgency=medium

  * Built from commit $hash.

 -- $maint  $(date -u -R -d "@$epoch")
EOF

# the make that ran this passes nothing on (its O may be relative to another directory)
cd "$work/tpgen"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL SOURCE_DATE_EPOCH="$epoch" TPGEN_TOP="$top" \
	TPGEN_O="$O" dpkg-buildpackage -b --no-sign > "$work/build.log" 2>&1 || {
	tail -30 "$work/build.log" >&2
	echo "make deb: dpkg-buildpackage failed; all of it in $work/build.log" >&2
	exit 1
}
mv "$work"/*.deb "$out/"
for d in "$out"/*.deb; do echo "  DEB      $d"; done

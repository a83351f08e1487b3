#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# build-arm64.sh OUT: tprun for aarch64 in OUT (OUT/tprun), cross-compiled with
# Debian's aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu) against the arm64
# sysroot of arm64-sysroot.sh: its libbpf, libelf, libdw, libcurl, ... found by
# pkg-config there. Prints OUT/tprun.
set -euo pipefail
die() { echo "build-arm64: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 OUT"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v aarch64-linux-gnu-gcc > /dev/null ||
	die "aarch64-linux-gnu-gcc not found (scripts/install-deps.sh: gcc-aarch64-linux-gnu)"
sysroot=$("$here/arm64-sysroot.sh") || die "no arm64 sysroot"
mkdir -p "$1"
out=$(cd "$1" && pwd)
export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$sysroot
make -s -C "$root" O="$out" CC="aarch64-linux-gnu-gcc --sysroot=$sysroot" "$out/tprun" > /dev/null ||
	die "make failed"
echo "$out/tprun"

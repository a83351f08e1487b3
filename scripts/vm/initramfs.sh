#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# initramfs.sh KDIR BUSYBOX NAME < INIT
#
# A guest's initramfs (run.sh's, run-arm64.sh's) for the kernel in KDIR (a
# fetch-kernel.sh cache entry): BUSYBOX as /bin/busybox, INIT as /init,
# guest-init.sh (which INIT sources first), KDIR's modules and modules.list.
# Made once, from these files alone (no network), and kept as
# KDIR/NAME-KEY.cpio.gz, KEY a hash of INIT, guest-init.sh, modules.list and
# BUSYBOX: an edit to either init makes a new one, and NAME's older ones go.
# Prints its path.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 3 ] || { echo "usage: $0 KDIR BUSYBOX NAME < INIT" >&2; exit 1; }
kdir=$1 busybox=$2 name=$3
init=$(cat)

isum=$(printf '%s\n' "$init" | cat - "$here/guest-init.sh" "$kdir/modules.list" "$busybox" |
	sha256sum | cut -c1-16)
initrd=$kdir/$name-$isum.cpio.gz
if [ ! -s "$initrd" ]; then
	ir=$(mktemp -d)
	trap 'rm -rf "$ir"' EXIT
	mkdir -p "$ir"/{bin,dev,proc,sys,modules}
	cp "$busybox" "$ir/bin/busybox"
	printf '%s\n' "$init" > "$ir/init"
	chmod 755 "$ir/init"
	cp "$here/guest-init.sh" "$ir/guest-init.sh"
	cp "$kdir"/modules/*.ko "$ir/modules/" 2> /dev/null || true
	cp "$kdir/modules.list" "$ir/modules.list"
	(cd "$ir" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$initrd.tmp.$$"
	find "$kdir" -maxdepth 1 -name "$name-*.cpio.gz" -delete # older versions
	mv "$initrd.tmp.$$" "$initrd"
fi
echo "$initrd"

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# run-arm64.sh [--kernel VERSION_GLOB] [--timeout SECS] -- SCRIPT [ARG...]
#
# Boots Debian's arm64 kernel (fetch-kernel.sh, TPGEN_VM_ARCH=arm64) in
# qemu-system-aarch64 under TCG, the virt machine, and runs SCRIPT with the
# guest's busybox sh. No chroot into the host as scripts/vm/run.sh does (the
# host's programs are x86-64's): the initramfs is busybox, the arm64 sysroot
# (arm64-sysroot.sh) is mounted over 9p at /sysroot with /lib and /usr linked
# to it, so an arm64 program built against it (scripts/vm/build-arm64.sh) runs;
# the host root is at /host, read-only, and /host/... reaches the checkout.
# proc, sys, dev, tracefs, debugfs, bpffs and a /tmp are mounted. SCRIPT's
# stdout and stderr come back on this script's; the exit status through a file.
# Environment: TPGEN_VM_CACHE, TPGEN_VM_VERBOSE=1 (the guest console after).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "vm/run-arm64: $*" >&2; exit 125; }
kglob='6.12*'
tmo=900
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kglob=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "usage: $0 [--kernel GLOB] [--timeout SECS] -- SCRIPT [ARG...]"
script=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
shift
for t in qemu-system-aarch64 cpio gzip; do
	command -v "$t" > /dev/null || die "$t not found (scripts/install-deps.sh: qemu-system-arm)"
done
kdir=$(TPGEN_VM_ARCH=arm64 "$here/fetch-kernel.sh" "$kglob") || die "no arm64 kernel for '$kglob'"
sysroot=$("$here/arm64-sysroot.sh") || die "no arm64 sysroot"

read -r -d '' INIT <<'INIT' || true
#!/bin/busybox sh
. /guest-init.sh
fail() { echo "vm-init: $*"; echo "@@TPGEN-VM-EXIT 125@@"; sync; poweroff -f; }
mkdir -p /host /job /sysroot /tmp
mount -t 9p -o $o9p tpgenjob /job || fail "cannot mount the job share"
mount -t 9p -o $o9p,ro,cache=loose hostroot /host || fail "cannot mount the host root"
mount -t 9p -o $o9p,ro,cache=loose sysroot /sysroot || fail "cannot mount the sysroot"
ln -s /sysroot/usr /usr
ln -s /sysroot/usr/lib /lib
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug
mount -t securityfs securityfs /sys/kernel/security
mount -t bpf -o mode=700 bpf /sys/fs/bpf
cd /
/bin/sh /job/script.sh $(cat /job/args) < /dev/null > /job/out 2> /job/err
echo $? > /job/rc
echo "@@TPGEN-VM-EXIT $(cat /job/rc)@@"
sync
poweroff -f
INIT

initrd=$(printf '%s\n' "$INIT" | "$here/initramfs.sh" "$kdir" "$sysroot/bin/busybox" initramfs-arm64) ||
	die "cannot make the initramfs"

job=$(mktemp -d "${TMPDIR:-/tmp}/tpgen-vm-arm64.XXXXXX")
trap 'rm -rf "$job"' EXIT
cp "$script" "$job/script.sh"
printf '%s\n' "$*" > "$job/args"
start=$(date +%s)
set +e
timeout -k 5 "$tmo" qemu-system-aarch64 \
	-nodefaults -no-user-config -display none -no-reboot \
	-machine virt -accel tcg -cpu max,pauth-impdef=on -smp 1 -m 1G \
	-kernel "$kdir/Image" -initrd "$initrd" \
	-append "console=ttyAMA0 quiet loglevel=0 panic=-1 lsm=lockdown,capability,bpf nokaslr" \
	-serial "file:$job/console.log" \
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
	-virtfs "local,path=$sysroot,mount_tag=sysroot,security_model=none,readonly=on,multidevs=remap" \
	-virtfs "local,path=$job,mount_tag=tpgenjob,security_model=none" \
	< /dev/null > "$job/qemu.log" 2>&1
qrc=$?
set -e
[ "${TPGEN_VM_VERBOSE:-0}" != 1 ] || {
	echo "---- guest console ($(($(date +%s) - start)) s) ----" >&2
	tr -d '\r' < "$job/console.log" >&2
}
cat "$job/out" 2> /dev/null || true
cat "$job/err" >&2 2> /dev/null || true
rc=$(sed -n 's/^@@TPGEN-VM-EXIT \([0-9]*\)@@\r\?$/\1/p' "$job/console.log" | tail -n 1)
if [ -z "$rc" ]; then
	[ $qrc -ne 124 ] || echo "vm/run-arm64: timed out after ${tmo}s" >&2
	echo "vm/run-arm64: no exit marker from the guest (qemu status $qrc)" >&2
	cat "$job/qemu.log" >&2
	tr -d '\r' < "$job/console.log" | tail -n 40 >&2
	exit 125
fi
exit "$rc"

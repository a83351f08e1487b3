# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=sh
# The start of a guest's /init (busybox sh), the same for run.sh and run-arm64.sh:
# each copies this file into its initramfs as /guest-init.sh and sources it first.
# Installs busybox's applets, mounts proc, sysfs and devtmpfs, loads the kernel's
# modules (modules.list, in fetch-kernel.sh's order), brings the loopback up and
# sets o9p, the options of the 9p mounts that follow.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r m; do
	[ -n "$m" ] || continue
	insmod "/modules/$m.ko" 2> /dev/null || grep -q "^$m " /proc/modules ||
		echo "vm-init: insmod $m failed"
done < /modules.list
ip link set lo up || echo "vm-init: cannot bring lo up"
# shellcheck disable=SC2034 # read by the init that sources this
o9p=trans=virtio,version=9p2000.L,msize=262144

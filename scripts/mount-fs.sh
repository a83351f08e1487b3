#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Mount the kernel filesystems BPF tracing needs, when they are missing.
set -eu
m() { mountpoint -q "$2" 2>/dev/null || mount -t "$1" "$1" "$2" 2>/dev/null || \
	echo "mount-fs: cannot mount $1 on $2" >&2; }
m tracefs /sys/kernel/tracing
m debugfs /sys/kernel/debug
m bpf /sys/fs/bpf
m securityfs /sys/kernel/security
exit 0

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make bench-vm: scripts/bench/events.py on the kprobe and fentry hooks, which
# this host refuses, inside Debian's 6.12 kernel (scripts/vmtest.sh). The load,
# the floor and the policies are built here; the guest only measures.
# The guest runs under TCG unless TPGEN_VM_ACCEL=kvm: its nanoseconds are
# emulated ones, and only its ratios carry over to a real machine.
# Usage: vm.sh BUILD_DIR   Environment: BENCH_VM_CALLS (default 2000), BENCH_PASSES,
# TPGEN_VM_CACHE, TPGEN_VM_ACCEL.
set -eu
O=${1:-build}
work=$(cd "$O" && pwd -P)/bench-vm
rm -rf "$work"
mkdir -p "$work"
python3 scripts/bench/events.py "$O" "$work" --prepare
for v in kprobe fentry; do
	scripts/vmtest.sh --kernel 6.12 --timeout 3000 --smp 2 --mem 2G --share "$work" -- \
		python3 scripts/bench/events.py "$O" "/tmp/bench-$v" --prepared "$work" --variant "$v" \
		--no-scale --no-bpftrace --passes "${BENCH_PASSES:-3}" --calls "${BENCH_VM_CALLS:-2000}" \
		--mkdir
done

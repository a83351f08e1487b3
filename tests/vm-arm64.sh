#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# arm64 objects on an arm64 kernel: tpgen (this machine's) builds every policy
# of policies/ and a Sigkill policy with --target arm64 against the BTF of
# Debian's arm64 6.12 kernel; tprun is cross-built for aarch64
# (scripts/vm/build-arm64.sh); one boot of that kernel in qemu-system-aarch64
# (scripts/vm/run-arm64.sh) runs tests/vm/arm64/guest.sh: every object through
# the verifier (tprun --check), the kill enforced, with its event, and the same
# policy built for x86_64 refused.
# Usage: vm-arm64.sh BUILD_DIR (from the checkout's top). Totals in
# BUILD_DIR/results/vm-arm64. Environment: TPGEN_VM_CACHE.
set -u
O=${1:-build}
. "$(dirname "$0")/tally.sh"
. "$(dirname "$0")/e2e/policy_yaml.sh"
mkdir -p "$O/results"
rm -f "$O/results/vm-arm64"
d=$(cd "$O" && pwd -P)/arm64
rm -rf "$d/policies"
mkdir -p "$d/policies"
die() {
	echo "vm-arm64: FAIL: $*"
	echo "0 passed, 1 failed" > "$O/results/vm-arm64"
	exit 1
}

kdir=$(TPGEN_VM_ARCH=arm64 scripts/vm/fetch-kernel.sh '6.12*') || die "no arm64 kernel"
scripts/vm/build-arm64.sh "$d/build" > /dev/null || die "cannot cross-build tprun"
cp "$d/build/tprun" "$d/tprun"
for y in policies/*.yaml; do
	n=$(basename "$y" .yaml)
	"$O/tpgen" --target arm64 --btf "$kdir/vmlinux.btf" "$y" -o "$d/policies/$n.bpf.o" ||
		die "tpgen --target arm64 $y"
done
# Sigkill on openat of /tmp/victim (tests/e2e/policy_yaml.sh)
kill_selector /tmp/victim | openat_policy arm64-kill > "$d/kill.yaml"
"$O/tpgen" --target arm64 --btf "$kdir/vmlinux.btf" "$d/kill.yaml" -o "$d/kill.bpf.o" ||
	die "tpgen --target arm64 kill.yaml"
"$O/tpgen" --target x86_64 "$d/kill.yaml" -o "$d/kill-x86_64.bpf.o" || die "tpgen kill.yaml"
# Sigkill on sync(2) by busybox, its number from a syscalls list: arm64's 81, not
# x86-64's 162
{
	policy_head arm64-sync
	printf '  lists:\n  - name: "syncs"\n    type: "syscalls"\n    values: ["sys_sync"]\n'
	OPENER=/bin/busybox opener_sys_enter InMap "list:syncs" Sigkill < /dev/null
} > "$d/sync.yaml"
"$O/tpgen" --target arm64 --btf "$kdir/vmlinux.btf" "$d/sync.yaml" -o "$d/sync.bpf.o" ||
	die "tpgen --target arm64 sync.yaml"

out=$(scripts/vm/run-arm64.sh --timeout 900 -- tests/vm/arm64/guest.sh "$d" 2>&1)
rc=$?
printf '%s\n' "$out"
passed=0 failed=0
tally "vm-arm64 ($(cut -d' ' -f1,2 "$kdir/deb"))" "$rc" "$out" '^vm-arm64: [0-9]+ passed, [0-9]+ failed'
echo "$passed passed, $failed failed" > "$O/results/vm-arm64"
echo "vm-arm64: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

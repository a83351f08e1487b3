#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpgen --target arm64 --btf FILE: an object for aarch64, from Debian's arm64
# kernel's BTF (scripts/vm/fetch-kernel.sh with TPGEN_VM_ARCH=arm64, cached in
# TPGEN_VM_CACHE). Its .tp.meta names arm64 and its programs read arm64's
# syscall symbols; tprun on this x86_64 machine refuses it, run or --check,
# with one clear line, before anything is loaded. tests/vm/test_arm64.sh runs
# such an object in an aarch64 guest.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)

[ "$(uname -m)" = x86_64 ] || { echo "test_target_arch: an x86_64 host's test" >&2; exit 1; }
KDIR=$(TPGEN_VM_ARCH=arm64 "$ROOT/scripts/vm/fetch-kernel.sh" '6.12*') ||
	{ echo "test_target_arch: no arm64 kernel (scripts/vm/fetch-kernel.sh)" >&2; exit 1; }
BTF=$KDIR/vmlinux.btf

# sys_openat of $T/victim: Sigkill
policy() {
	kill_selector "$T/victim" | openat_policy target-arch
}

# the le32 at .tp.meta's byte 88: the object's architecture (include/tp/arch.h)
meta_arch() {
	local name type addr off size _
	read -r name type addr off size _ < <(readelf -SW "$1" | sed -E 's/^ *\[ *[0-9]+\] *//' |
		awk '$1 == ".tp.meta"')
	[ "$name" = .tp.meta ] || return 1
	od -An -tu4 -j $((16#$off + 88)) -N4 "$1" | tr -d ' '
}

test_an_arm64_object_is_refused_here() {
	policy > "$T/p.yaml"
	"$TPGEN" --target arm64 --btf "$BTF" -S "$T/p.c" "$T/p.yaml" -o "$T/a64.bpf.o" ||
		{ fail "tpgen --target arm64 failed"; return; }
	[ "$(meta_arch "$T/a64.bpf.o")" = 2 ] || fail "the meta does not say arm64 (2)"
	strings "$T/a64.bpf.o" | grep -qx '__arm64_sys_openat' || fail "no __arm64_sys_openat"
	! strings "$T/a64.bpf.o" | grep -q '__x64_sys_' || fail "an x86-64 syscall symbol"
	local mode rc
	for mode in run check; do
		rc=0
		if [ $mode = run ]; then
			timeout 20 "$TPRUN" "$T/a64.bpf.o" > "$T/out" 2> "$T/err" || rc=$?
		else
			timeout 20 "$TPRUN" --check "$T/a64.bpf.o" > "$T/out" 2> "$T/err" || rc=$?
		fi
		[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "tprun ($mode) exited $rc"; continue; }
		[ "$(cat "$T/err")" = "tprun: $T/a64.bpf.o: object built for arm64, this machine is x86_64" ] ||
			{ cat "$T/err" >&2; fail "tprun ($mode): not the one line that says why"; }
		[ ! -s "$T/out" ] || fail "tprun ($mode) printed something"
	done
}

# the same policy for this machine, named or not: the same bytes, and it runs here
test_x86_64_named_is_this_machine() {
	policy > "$T/p.yaml"
	"$TPGEN" "$T/p.yaml" -o "$T/host.bpf.o" || { fail "tpgen failed"; return; }
	"$TPGEN" --target x86_64 "$T/p.yaml" -o "$T/x64.bpf.o" || { fail "tpgen --target x86_64 failed"; return; }
	cmp -s "$T/host.bpf.o" "$T/x64.bpf.o" || fail "--target x86_64 is not this machine's build"
	[ "$(meta_arch "$T/x64.bpf.o")" = 1 ] || fail "the meta does not say x86_64 (1)"
	touch "$T/victim"
	start_tprun "$T/x64.bpf.o"
	expect_killed "$OPENER" open "$T/victim"
	stop_tprun
}

test_tpgen_refuses_what_it_cannot_build() {
	policy > "$T/p.yaml"
	local rc=0
	"$TPGEN" --target arm64 "$T/p.yaml" -o "$T/n.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 2 ] && grep -qF "tpgen: --target arm64 needs --btf FILE" "$T/err" ||
		{ cat "$T/err" >&2; fail "--target arm64 without --btf: exit $rc"; }
	rc=0
	"$TPGEN" --target riscv64 "$T/p.yaml" -o "$T/n.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 2 ] && grep -qF "'riscv64' is not an architecture tpgen builds for" "$T/err" ||
		{ cat "$T/err" >&2; fail "--target riscv64: exit $rc"; }
	[ ! -e "$T/n.bpf.o" ] || fail "an object was written"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpgen --btf FILE: built against a kernel's BTF file (here a copy of this
# machine's), with the vmlinux.h the generated C includes written from it, the
# object runs and kills as one built the usual way, and resolve's CO-RE reads
# pass the verifier; a file that is not BTF is a clear error and writes nothing. (Kernels other than this one: tests/corpus.sh
# and tests/vm/test_target_btf.sh, with the VM kernels' vmlinux.)
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# sys_openat of $T/victim by the opener: Sigkill
policy() {
	{
		printf '    - matchBinaries:\n      - operator: In\n        values: ["%s"]\n' "$OPENER"
		kill_on_open "$T/victim"
	} | openat_policy target-btf
}

test_built_against_a_btf_file_kills() {
	policy > "$T/p.yaml"
	cp /sys/kernel/btf/vmlinux "$T/vmlinux.btf"
	TPGEN_CACHE= "$TPGEN" -v --btf "$T/vmlinux.btf" "$T/p.yaml" -o "$T/p.bpf.o" 2> "$T/v.err" ||
		{ cat "$T/v.err" >&2; fail "tpgen --btf failed"; return; }
	# the vmlinux.h written from the file (whole, or cut: gen/link/vmlinux_cut.c) comes
	# first, before the installed one
	grep -qE -- "-I/tmp/tpgen-[0-9]+\.[^ ]+/(vmlinux|cut) " "$T/v.err" ||
		{ cat "$T/v.err" >&2; fail "clang did not get the vmlinux.h from the BTF file"; }
	[ -z "$(ls -d /tmp/tpgen-* 2> /dev/null | grep -F "$(grep -oE '/tmp/tpgen-[0-9]+\.[^/ ]+' "$T/v.err" | head -1)")" ] ||
		fail "the build folder was left behind"
	# with tpgen's cache (gen/link/cache.c), the vmlinux.h (whole or cut) kept for the file:
	# the same object
	TPGEN_CACHE="$T/cache" "$TPGEN" -v --btf "$T/vmlinux.btf" "$T/p.yaml" -o "$T/c.bpf.o" \
		2> "$T/c.err" || { cat "$T/c.err" >&2; fail "tpgen --btf with a cache failed"; }
	grep -qE -- "-I$T/cache/(vmlinux|cut)-[0-9a-f]{16} " "$T/c.err" ||
		{ cat "$T/c.err" >&2; fail "clang did not get the cached vmlinux.h of the BTF file"; }
	cmp "$T/p.bpf.o" "$T/c.bpf.o" || fail "objects differ with the cache"
	touch "$T/victim"
	start_tprun "$T/p.bpf.o"
	expect_killed "$OPENER" open "$T/victim"
	expect_alive "$OPENER" open /dev/null
	stop_tprun
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_SIGKILL']"
}

# resolve paths are CO-RE accesses through the structs of the written vmlinux.h
test_resolve_through_the_written_vmlinux_h_verifies() {
	cp /sys/kernel/btf/vmlinux "$T/vmlinux.btf"
	"$TPGEN" --btf "$T/vmlinux.btf" "$ROOT/policies/resolve-exec-parent.yaml" -o "$T/r.bpf.o" ||
		{ fail "tpgen --btf failed"; return; }
	"$TPRUN" --check "$T/r.bpf.o" > "$T/check" 2>&1 ||
		{ sed 's/^/      /' "$T/check" >&2; fail "tprun --check failed"; }
	grep -qE "[1-9][0-9]* programs? loaded, 0 rejected" "$T/check" ||
		{ sed 's/^/      /' "$T/check" >&2; fail "not every program loaded"; }
}

test_btf_that_is_not_btf_is_an_error() {
	local rc=0
	policy > "$T/p.yaml"
	echo "not btf" > "$T/junk"
	"$TPGEN" --btf "$T/junk" "$T/p.yaml" -o "$T/j.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -qF "$T/p.yaml:1:1: error: cannot read the kernel BTF in $T/junk" "$T/err" ||
		{ cat "$T/err" >&2; fail "no clear error"; }
	[ ! -e "$T/j.bpf.o" ] || fail "an output was written"
	rc=0
	"$TPGEN" --btf "$T/nonexistent" "$T/p.yaml" -o "$T/j.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc for a missing file"
	grep -qF "cannot read the kernel BTF in $T/nonexistent: No such file or directory" "$T/err" ||
		{ cat "$T/err" >&2; fail "no clear error for a missing file"; }
}

run_tests

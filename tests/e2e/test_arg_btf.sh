#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Declared arg types against the kernel's, as Tetragon's BTF validation
# checks them: its own test cases (pkg/btf/validation_test.go, copied to
# tests/unit/fixtures/specs) through tpgen, each refusal at its line with exit
# status 1 and no object; the accepted syscall case run under a real tprun.
. "$(dirname "$0")/lib.sh"
SPECS=$(cd "$(dirname "$0")/../unit/fixtures/specs" && pwd)

# refused NAME LINE:COL MESSAGE: tpgen exits 1, writes nothing and says MESSAGE at LINE:COL
refused() {
	local rc=0
	cp "$SPECS/$1.yaml" "$T/$1.yaml"
	"$TPGEN" "$T/$1.yaml" -o "$T/$1.bpf.o" 2> "$T/$1.err" || rc=$?
	[ $rc -eq 1 ] || { cat "$T/$1.err" >&2; fail "$1: exit status $rc, want 1"; return 1; }
	[ ! -e "$T/$1.bpf.o" ] || fail "$1: an object was written"
	grep -qF "$T/$1.yaml:$2: error: $3" "$T/$1.err" ||
		{ cat "$T/$1.err" >&2; fail "$1: no '$2: error: $3'"; return 1; }
}

test_nosuchcall_refused() {
	refused nosuchcall 7:5 "kprobe 'thiscalldoesnotexist': "
}

test_notasyscall_refused() {
	refused notasyscall 7:5 "kprobe 'vfs_llseek': "
}

test_syswrongargindex_refused() {
	refused syswrongargindex 10:7 "kprobe 'sys_lseek': arg 100: index out of range"
}

test_syswrongargtype_refused() {
	refused syswrongargtype 11:13 "kprobe 'sys_lseek': arg 0: type 'string' does not match 'unsigned int', the type of lseek's argument 0"
}

test_wrongargindex_refused() {
	refused wrongargindex 10:7 "kprobe 'vfs_llseek': arg 100: index out of range"
}

test_wrongargtype_refused() {
	refused wrongargtype 11:13 "kprobe 'vfs_llseek': arg 0: type 'string' does not match 'struct file *', the type of vfs_llseek's parameter 'file'"
}

test_lseek_accepted() {
	"$TPGEN" "$SPECS/lseek.yaml" -o "$T/lseek.bpf.o" 2> "$T/lseek.err" ||
		{ cat "$T/lseek.err" >&2; fail "lseek refused"; return 1; }
	[ ! -s "$T/lseek.err" ] || { cat "$T/lseek.err" >&2; fail "lseek: tpgen said something"; }
}

# syslseek (sys_lseek, args 0 and 2 int) compiles quietly and reports a real lseek(2)
test_syslseek_accepted_and_runs() {
	"$TPGEN" "$SPECS/syslseek.yaml" -o "$T/syslseek.bpf.o" 2> "$T/syslseek.err" ||
		{ cat "$T/syslseek.err" >&2; fail "syslseek refused"; return 1; }
	[ ! -s "$T/syslseek.err" ] || { cat "$T/syslseek.err" >&2; fail "syslseek: tpgen said something"; }
	start_tprun "$T/syslseek.bpf.o"
	python3 -c 'import os; fd = os.open("/dev/null", os.O_RDONLY); os.dup2(fd, 97); os.lseek(97, 12345, os.SEEK_END)'
	stop_tprun
	check_events "any(h['function_name'].endswith('sys_lseek') and [a['int_arg'] for a in h['args']] == [97, 2] for h in hooks())"
}

run_tests

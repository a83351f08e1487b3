#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# spec.fentries on this host, whose kernel refuses BPF trampolines: the same
# sys_openat hook that attaches as a kprobes entry (through the syscalls
# tracepoint here) is refused as a fentries entry, with a message naming the
# missing facility; a fentries hook never falls back to a kprobe or a
# tracepoint. Events, Sigkill and Override through fentries: tests/vm/test_fentries.sh.
. "$(dirname "$0")/lib.sh"

# openat_hook NAME SECTION: sys_openat under SECTION (kprobes or fentries)
openat_hook() {
	cat <<YAML | compile "$1"
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  $2:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/"
YAML
}

# tprun_refuses OBJ PATTERN: tprun exits 1 without attaching, PATTERN on stderr
tprun_refuses() {
	local rc=0
	"$TPRUN" "$1" -o json > "$T/out" 2> "$T/err" < /dev/null || rc=$?
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "tprun exited $rc, not 1"; return 1; }
	grep -Eq "$2" "$T/err" || { cat "$T/err" >&2; fail "stderr lacks: $2"; return 1; }
	! grep -q "tprun: ready\|attaches with" "$T/err" || fail "tprun attached something"
}

test_kprobes_entry_attaches() {
	openat_hook as-kprobe kprobes
	start_tprun "$T/as-kprobe.bpf.o" -o json
	grep -q "hook 'sys_openat' attaches with tracepoint" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "the kprobes entry did not attach as a tracepoint"; }
	stop_tprun
}

test_fentries_entry_refused() {
	openat_hook as-fentry fentries
	tprun_refuses "$T/as-fentry.bpf.o" \
		"^tprun: fentries hook 'sys_openat' \(policy line 7\) cannot attach on this kernel: fentry: BPF trampolines \(fentry\) refused by this kernel \(a fentries hook attaches only through BPF trampolines, never as a kprobe\)$"
}

test_fentries_override_refused() {
	cat <<YAML | compile fentry-override
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "fentry-override"
spec:
  fentries:
  - call: "security_file_open"
    syscall: false
    args:
    - index: 0
      type: "file"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$T/"
      matchActions:
      - action: Override
        argError: -1
YAML
	tprun_refuses "$T/fentry-override.bpf.o" \
		"^tprun: fentries hook 'security_file_open' \(policy line 7\) has an Override, which cannot be enforced on this kernel: fmod_ret: .*never as a kprobe\)$"
}

# tprun --check: the trampoline programs are skipped with the same reason
test_check_skips_trampolines() {
	openat_hook check-fentry fentries
	"$TPRUN" --check "$T/check-fentry.bpf.o" > "$T/out" 2>&1 || { cat "$T/out" >&2; fail "--check failed"; }
	grep -q "tp_h0_fentry *skipped (BPF trampolines (fentry) refused by this kernel)" "$T/out" ||
		{ cat "$T/out" >&2; fail "the fentry program was not skipped"; }
	! grep -q "tp_h0_kprobe\|tp_h0_tp" "$T/out" || fail "the object has a kprobe or tracepoint program"
}

run_tests

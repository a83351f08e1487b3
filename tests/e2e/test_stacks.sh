#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Post's kernelStackTrace and userStackTrace on sys_openat: the event carries
# kernel frames named in /proc/kallsyms and user frames of the opening binary
# (stacker: stack_outer -> stack_inner -> openat, built with frame pointers).
. "$(dirname "$0")/lib.sh"

STACKER="$T/stacker"
cp "$O/tests/e2e/stacker" "$STACKER"

# policy NAME ACTION-KEYS...: Post on openats of .../tp-stack-probe, with the given keys
policy() {
	local name=$1 keys="" k
	shift
	for k in "$@"; do keys="$keys
        $k: true"; done
	openat_policy "$name" <<YAML | compile "$name"
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "/tp-stack-probe"
      matchActions:
      - action: Post$keys
YAML
}

# the kernel frames of the stacker's events: each names a kallsyms function
KALLSYMS_CHECK='
syms = set()
for l in open("/proc/kallsyms"):
    f = l.split()
    if len(f) >= 3 and f[1] in "tTwW": syms.add(f[2])
ks = [f for h in hooks() for f in h.get("kernel_stack_trace", [])]
'

test_kernel_stack() {
	policy kstack kernelStackTrace
	start_tprun "$T/kstack.bpf.o" --expose-stack-addresses
	expect_alive "$STACKER" "$T/tp-stack-probe" 0
	stop_tprun
	check_events "len(hooks()) == 1"
	check_events "'user_stack_trace' not in hooks()[0]"
	python3 - "$T/tprun.out" <<PY || fail "kernel frames are not kallsyms functions"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
def hooks(): return [e["process_kprobe"] for e in ev if "process_kprobe" in e]
$KALLSYMS_CHECK
assert ks, "no kernel frames"
assert all(f["symbol"] in syms for f in ks), ks
assert all(int(f["address"]) >= 0xffff800000000000 for f in ks), ks
# the syscall entry path is on every syscall's stack
assert "do_syscall_64" in [f["symbol"] for f in ks], ks
assert all("module" not in f for f in ks if f["symbol"] == "do_syscall_64"), ks
PY
}

test_user_stack() {
	policy ustack userStackTrace
	start_tprun "$T/ustack.bpf.o"
	expect_alive "$STACKER" "$T/tp-stack-probe" 1500
	stop_tprun
	check_events "len(hooks()) == 1 and 'kernel_stack_trace' not in hooks()[0]"
	check_events "any(f.get('symbol') == 'stack_outer' and f.get('module') == '$STACKER'
		  for f in hooks()[0]['user_stack_trace'])"
	check_events "any(f.get('symbol') == 'main' and f.get('module') == '$STACKER'
		  for f in hooks()[0]['user_stack_trace'])"
	# without --expose-stack-addresses, no addresses (Tetragon's default)
	check_events "all('address' not in f for f in hooks()[0]['user_stack_trace'])"
	# offset: the address's offset in the file, inside stack_outer's bytes
	local lo size
	read -r lo size < <(nm -S "$STACKER" | awk '$4 == "stack_outer" { print $1, $2 }')
	check_events "[0x$lo < int(f['offset']) < 0x$lo + 0x$size
		  for f in hooks()[0]['user_stack_trace'] if f.get('symbol') == 'stack_outer'] == [True]"
}

test_both_stacks_compact() {
	policy both kernelStackTrace userStackTrace
	start_tprun "$T/both.bpf.o" -o compact
	expect_alive "$STACKER" "$T/tp-stack-probe" 1500
	stop_tprun
	grep -q '^Kernel:$' "$T/tprun.out" || fail "no Kernel: block"
	grep -q '^   0x0: do_syscall_64+0x[0-9a-f]*$' "$T/tprun.out" || fail "no do_syscall_64 frame"
	grep -q '^User:$' "$T/tprun.out" || fail "no User: block"
	grep -qF "   0x0: stack_outer ($STACKER+0x" "$T/tprun.out" || {
		cat "$T/tprun.out" >&2
		fail "no stack_outer frame"
	}
}

# return: true holds the entry until its return: the stack is the entry's
test_stack_with_return() {
	compile ret <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "stack-return"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    return: true
    args:
    - index: 1
      type: "string"
    returnArg:
      index: 0
      type: "int"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "/tp-stack-probe"
      matchActions:
      - action: Post
        kernelStackTrace: true
YAML
	start_tprun "$T/ret.bpf.o"
	expect_alive "$STACKER" "$T/tp-stack-probe" 0
	stop_tprun
	check_events "len(hooks()) == 1 and 'return' in hooks()[0]"
	check_events "'do_syscall_64' in [f['symbol'] for f in hooks()[0]['kernel_stack_trace']]"
}

# Tetragon refuses stack traces on an action other than Post (generickprobe.go)
test_stack_on_sigkill_refused() {
	openat_policy sigkill <<YAML > "$T/sigkill.yaml"
    - matchActions:
      - action: Sigkill
        kernelStackTrace: true
YAML
	if "$TPGEN" "$T/sigkill.yaml" -o "$T/sigkill.bpf.o" 2> "$T/sigkill.err"; then
		fail "kernelStackTrace on Sigkill compiled"
	fi
	grep -q "sigkill.yaml:19:9: error: .*kernelStackTrace or userStackTrace can only be used along Post action" \
		"$T/sigkill.err" || { cat "$T/sigkill.err" >&2; fail "wrong message"; }
}

run_tests

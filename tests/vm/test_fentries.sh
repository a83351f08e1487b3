#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# spec.fentries: kprobe-shaped hooks that attach only through BPF trampolines
# (fentry, fexit at return, fmod_ret for Override), never as a kprobe, and
# report process_kprobe events as Tetragon's generic_fentry sensor does
# (bpf/process/bpf_generic_fentry.c: MSG_OP_GENERIC_KPROBE).
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-vm/fe

# fentries_policy NAME SELECTORS: sys_openat and security_file_open as fentries,
# each with args, a return value and SELECTORS (YAML at the selectors' indent)
fentries_policy() {
	cat <<YAML | compile "$1"
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  fentries:
  - call: "sys_openat"
    syscall: true
    return: true
    args:
    - index: 1
      type: "string"
    - index: 2
      type: "int"
    returnArg:
      index: 0
      type: "int"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$D/"
  - call: "security_file_open"
    syscall: false
    return: true
    message: "a file opened"
    tags: ["fentries"]
    args:
    - index: 0
      type: "file"
    returnArg:
      index: 0
      type: "int"
    selectors:
$2
YAML
}

PREFIX_SEL="    - matchArgs:
      - index: 0
        operator: \"Prefix\"
        values:
        - \"$D/\""

setup() {
	mkdir -p "$D" /tmp/tpgen-vm/fe-other
	echo x > "$D/f"
	echo y > /tmp/tpgen-vm/fe-other/f
	rm -f "$D/missing"
}

# events with args and return values; the selectors keep other files out
test_events_args_return_filter() {
	setup
	fentries_policy fentries-events "$PREFIX_SEL"
	start_tprun "$T/fentries-events.bpf.o" -o json
	expect_variant sys_openat fentry __x64_sys_openat
	expect_variant security_file_open fentry security_file_open
	expect_alive cat "$D/f"
	expect_exit 1 cat "$D/missing"
	expect_alive cat /tmp/tpgen-vm/fe-other/f
	stop_tprun
	expect_events \
		"[(h['args'][0], h['return']['int_arg'] >= 0) for h in kprobes() if h['function_name'] == '__x64_sys_openat'] == [({'string_arg': '$D/f'}, True), ({'string_arg': '$D/missing'}, False)]" \
		"[h['return'] for h in kprobes() if h['args'][0] == {'string_arg': '$D/missing'}] == [{'int_arg': -2}]" \
		"all(h['args'][1]['int_arg'] & 3 == 0 and h['policy_name'] == 'fentries-events' and h['process']['binary'] == '/usr/bin/cat' and h['action'] == 'KPROBE_ACTION_POST' for h in kprobes() if h['function_name'] == '__x64_sys_openat')" \
		"[(h['args'][0]['file_arg']['path'], h['return'], h['message'], h['tags']) for h in kprobes() if h['function_name'] == 'security_file_open'] == [('$D/f', {'int_arg': 0}, 'a file opened', ['fentries'])]" \
		"not any('/tmp/tpgen-vm/fe-other' in str(h['args']) for h in kprobes())"
}

# a kernel stack through a trampoline starts at the function, as Tetragon's
# kprobe stack does: the hook's program and its trampoline ([bpf]) are left out
test_kernel_stack_starts_at_the_function() {
	setup
	fentries_policy fentries-stack "$PREFIX_SEL
      matchActions:
      - action: Post
        kernelStackTrace: true"
	start_tprun "$T/fentries-stack.bpf.o" -o json
	cat "$D/f" > /dev/null
	stop_tprun
	expect_events \
		"len([h for h in kprobes() if h['function_name'] == 'security_file_open']) >= 1" \
		"all(h['kernel_stack_trace'][0]['symbol'] == 'security_file_open' for h in kprobes() if h['function_name'] == 'security_file_open')" \
		"all(not f['symbol'].startswith(('bpf_trampoline_', 'bpf_prog_')) for h in kprobes() for f in h.get('kernel_stack_trace', []))"
}

# Sigkill from a fentry program (Tetragon refuses enforcement in fentries:
# genericfentry.go; tpgen builds it, bpf_send_signal works there)
test_sigkill() {
	setup
	fentries_policy fentries-kill "$PREFIX_SEL
      matchActions:
      - action: Sigkill"
	start_tprun "$T/fentries-kill.bpf.o" -o json
	expect_variant security_file_open fentry security_file_open
	expect_killed cat "$D/f"
	expect_alive cat /tmp/tpgen-vm/fe-other/f
	stop_tprun
	expect_events \
		"[(h['args'][0]['file_arg']['path'], h['action']) for h in kprobes() if h['function_name'] == 'security_file_open'] == [('$D/f', 'KPROBE_ACTION_SIGKILL')]" \
		"any(x['process']['binary'] == '/usr/bin/cat' and x.get('signal') == 'SIGKILL' for x in exits())"
}

# Override: fmod_ret on security_file_open (these kernels lack
# FUNCTION_ERROR_INJECTION, so only security_* functions take it)
test_override_fmod_ret() {
	setup
	fentries_policy fentries-override "$PREFIX_SEL
      matchActions:
      - action: Override
        argError: -1"
	start_tprun "$T/fentries-override.bpf.o" -o json
	expect_variant security_file_open fmod_ret security_file_open
	expect_exit 1 cat "$D/f"
	file_has "$T/cmd.out" "Operation not permitted" || fail "cat did not say EPERM: $(cat "$T/cmd.out")"
	expect_alive cat /tmp/tpgen-vm/fe-other/f
	stop_tprun
	expect_events \
		"[(h['args'][0]['file_arg']['path'], h['action'], h['return']) for h in kprobes() if h['function_name'] == 'security_file_open'] == [('$D/f', 'KPROBE_ACTION_OVERRIDE', {'int_arg': -1})]" \
		"not any(x.get('signal') for x in exits())"
}

# no kprobe fallback: with fentry forbidden the load fails, though this kernel has kprobes
test_no_kprobe_fallback() {
	local rc=0
	setup
	fentries_policy fentries-nofallback "$PREFIX_SEL"
	"$TPRUN" "$T/fentries-nofallback.bpf.o" --forbid fentry > "$T/out" 2> "$T/err" < /dev/null ||
		rc=$?
	[ $rc -ne 0 ] || fail "tprun ran a fentries hook with fentry forbidden"
	file_has "$T/err" "fentries hook 'sys_openat' (policy line 7) cannot attach on this kernel: fentry: forbidden (--forbid) (a fentries hook attaches only through BPF trampolines, never as a kprobe)" ||
		{ cat "$T/err" >&2; fail "the error does not say why"; }
	! file_has "$T/err" "attaches with kprobe" || fail "a fentries hook attached as a kprobe"
	! file_has "$T/err" "tprun: ready" || fail "tprun said ready"
}

run_tests

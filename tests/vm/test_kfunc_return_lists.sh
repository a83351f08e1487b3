#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel functions beyond the reference's examples: return: true with
# matchReturnArgs and matchReturnActions on fentry/fexit and kprobe/kretprobe,
# a __user string read from a kernel function, Signal from a kernel function,
# and "list:NAME" hooks through kprobe_multi (where the kernel has it) and
# kprobe, each event naming its own function.
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-vm/kfret

# do_sys_openat2 (dfd, const char __user *filename, struct open_how *) returns
# the fd or -errno: a failed open of a file under $D is killed
compile ret <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "kfunc-return"
spec:
  kprobes:
  - call: "do_sys_openat2"
    syscall: false
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
        operator: "Prefix"
        values:
        - "$D/"
      matchReturnArgs:
      - index: 0
        operator: "LT"
        values:
        - "0"
      matchReturnActions:
      - action: Sigkill
YAML

# one program for two functions; Signal (SIGUSR1) on rmdir, events only for mkdir
compile list <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "kfunc-list"
spec:
  lists:
  - name: "dirs"
    values:
    - "do_mkdirat"
    - "do_rmdir"
  kprobes:
  - call: "list:dirs"
    syscall: false
    args:
    - index: 0
      type: "int"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "/usr/bin/rmdir"
      matchActions:
      - action: Signal
        argSig: 10
    - matchBinaries:
      - operator: "In"
        values:
        - "/usr/bin/mkdir"
YAML

return_case() {
	rm -rf "$D"; mkdir -p "$D"; echo x > "$D/there"
	start_tprun "$T/ret.bpf.o" -o json "$@"
	expect_alive cat "$D/there"
	expect_killed cat "$D/missing"
	expect_alive cat /etc/hostname
	stop_tprun
	# the failed open only: the return half decides; -2 is ENOENT
	expect_events \
		"[(h['function_name'], h['args'], h['return'], h['return_action']) for h in kprobes()] == [('do_sys_openat2', [{'string_arg': '$D/missing'}], {'int_arg': -2}, 'KPROBE_ACTION_SIGKILL')]"
}

test_return_through_fexit() {
	return_case
	expect_variant do_sys_openat2 fentry do_sys_openat2
}

test_return_through_kretprobe() {
	return_case --forbid fentry
	expect_variant do_sys_openat2 kprobe do_sys_openat2
}

list_case() {
	rm -rf "$D"; mkdir -p "$D"
	start_tprun "$T/list.bpf.o" -o json "$@"
	expect_alive mkdir "$D/a"
	SIG=10 expect_killed rmdir "$D/a"
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['process']['binary']) for h in kprobes()] == [('do_mkdirat', 'KPROBE_ACTION_POST', '/usr/bin/mkdir'), ('do_rmdir', 'KPROBE_ACTION_SIGNAL', '/usr/bin/rmdir')]"
}

test_list_with_the_best_variant() {
	list_case
	# kprobe_multi where the kernel has it (6.12), kprobe attached per function (6.1)
	if file_has "$T/tprun.err" "attaches with kprobe_multi"; then
		case $(uname -r) in 6.1.*) fail "6.1 has no kprobe_multi";; esac
	else
		expect_variant list:dirs kprobe "2 functions"
	fi
}

test_list_without_kprobe_multi() {
	list_case --forbid kprobe_multi
	expect_variant list:dirs kprobe "2 functions"
}

run_tests

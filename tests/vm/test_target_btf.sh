#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Building for another kernel (tpgen --btf): the policies below name kernel
# functions the build host's kernel lacks, so they compile only against this
# guest's BTF (TARGET_BTF=1: the host's tpgen gets --btf with this kernel's
# vmlinux). On 6.1, kfree_skb_reason (the corpus' stack_traces.yaml) posts a
# real event for a UDP datagram to a closed port; on both, do_init_module and
# free_module (host-changes/monitor-kernel-modules.yaml) load and pass the
# verifier (no module can be loaded here to fire them).
. "$(dirname "$0")/lib.sh"

TARGET_BTF=1 compile modules <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "monitor-kernel-modules"
spec:
  kprobes:
  - call: "do_init_module"
    syscall: false
    args:
    - index: 0
      type: "module"
  - call: "free_module"
    syscall: false
    args:
    - index: 0
      type: "module"
YAML

test_a_function_the_host_lacks_loads_here() {
	"$TPRUN" --check "$T/modules.bpf.o" > "$T/check" 2>&1 ||
		{ sed 's/^/      /' "$T/check" >&2; fail "tprun --check failed"; return; }
	file_has "$T/check" "0 rejected" || fail "a program was rejected"
}

test_kfree_skb_reason_posts_a_drop() {
	case $(uname -r) in
	6.1.*) ;;
	*) return 0 ;; # inlined since 6.11 (sk_skb_reason_drop): not a hook there
	esac
	TARGET_BTF=1 compile drops <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "stack-traces-example"
spec:
  kprobes:
  - call: kfree_skb_reason
    syscall: false
    args:
    - index: 0
      type: skb
    - index: 1
      type: int
      label: "reason"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "2"
      matchActions:
      - action: Post
        kernelStackTrace: true
YAML
	start_tprun "$T/drops.bpf.o" -o json
	# SKB_DROP_REASON_NO_SOCKET (2 in 6.1's enum skb_drop_reason): nobody on port 9
	bash -c 'echo drop > /dev/udp/127.0.0.1/9' || true
	nap 1
	stop_tprun
	expect_events \
		"len([h for h in kprobes() if h['function_name'] == 'kfree_skb_reason']) >= 1" \
		"all(h['args'][1] == {'int_arg': 2, 'label': 'reason'} for h in kprobes())" \
		"any(h['args'][0]['skb_arg']['daddr'] == '127.0.0.1' and h['args'][0]['skb_arg']['dport'] == 9 for h in kprobes())" \
		"all('__udp4_lib_rcv' in [f['symbol'] for f in h['kernel_stack_trace']] for h in kprobes())"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# 100 selectors of a Prefix and a Mask each on sys_openat load on the VM
# kernels with fentry and with kprobe: the verifier's work grows in proportion
# to the selectors (tp_fresh in tp_common.bpf.h), and the right one kills
# (tests/e2e/test_selectors.sh covers the tracepoint).
. "$(dirname "$0")/lib.sh"

OPENER="$T/opener"
cp "$O/tests/e2e/opener" "$OPENER"
D=/tmp/tpgen-vm/many

{
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "many-selectors"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    - index: 2
      type: "int"
    selectors:
YAML
	for i in $(seq 0 99); do
		printf '    - matchArgs:\n      - index: 1\n        operator: "Prefix"\n'
		printf '        values:\n        - "%s/m%d/"\n' "$D" "$i"
		printf '      - index: 2\n        operator: "Mask"\n        values:\n'
		printf '        - "%d"\n      matchActions:\n      - action: Sigkill\n' $((1 << (i % 8)))
	done
} | compile many

many() {
	expect_variant sys_openat "$1"
	"$OPENER" openf "$D/m70/f" 64 || true # O_CREAT, bit 6: selector 70's, killed
	"$OPENER" openf "$D/m71/f" 64 # selector 71 wants bit 7
	stop_tprun
	expect_events "[(h['args'][0]['string_arg'], h['action']) for h in kprobes() if h['process']['binary'] == '$OPENER'] == [('$D/m70/f', 'KPROBE_ACTION_SIGKILL')]"
}

test_fentry() {
	rm -rf "$D"
	mkdir -p "$D/m70" "$D/m71"
	start_tprun "$T/many.bpf.o" -o json
	many fentry
}

test_kprobe() {
	rm -rf "$D"
	mkdir -p "$D/m70" "$D/m71"
	start_tprun "$T/many.bpf.o" -o json --forbid fentry
	many kprobe
}

run_tests

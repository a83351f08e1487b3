#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# SubString (a bpf_loop search), SubStringIgnCase and InRange on sys_openat,
# with fentry and with kprobe, on the VM kernels (the host's e2e tests cover the
# tracepoint path): the opens whose path holds the value and whose flags are in
# range are posted.
. "$(dirname "$0")/lib.sh"

OPENER="$T/opener"
cp "$O/tests/e2e/opener" "$OPENER"
D=/tmp/tpgen-vm/ops

compile ops <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "match-ops"
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
    - matchArgs:
      - index: 1
        operator: "SubString"
        values:
        - "/ops/"
      - index: 1
        operator: "SubStringIgnCase"
        values:
        - "NEEDLE"
      - index: 2
        operator: "InRange"
        values:
        - "0:1"
YAML

match_ops() {
	expect_variant sys_openat "$1"
	"$OPENER" open "$D/a-needle-b" openf "$D/NeEdLe" 1 open "$D/needl" openf "$D/needle2" 2 \
		open /tmp/needle
	stop_tprun
	expect_events "sorted(h['args'][0]['string_arg'] for h in kprobes()) == ['$D/NeEdLe', '$D/a-needle-b']"
}

test_fentry() {
	start_tprun "$T/ops.bpf.o" -o json
	match_ops fentry
}

test_kprobe() {
	start_tprun "$T/ops.bpf.o" -o json --forbid fentry
	match_ops kprobe
}

run_tests

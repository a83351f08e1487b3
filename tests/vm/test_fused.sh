#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Hooks on one function in one program (gen/lower/fuse.c), with fentry and with
# kprobe on the VM kernels (tests/e2e/test_fused.sh covers the tracepoint): two
# hooks on sys_openat share the path's read, two on security_file_open share
# the file's path walk; each hook still posts or kills as its own, in order.
. "$(dirname "$0")/lib.sh"

OPENER="$T/opener"
cp "$O/tests/e2e/opener" "$OPENER"
D=/tmp/tpgen-vm/fused

# hook FUNCTION SYSCALL TYPE OPERATOR VALUE ACTION [INDEX]: one kprobe, ACTION "" for a Post
hook() {
	cat <<YAML
  - call: "$1"
    syscall: $2
    args:
    - index: ${7:-0}
      type: "$3"
    selectors:
    - matchArgs:
      - index: ${7:-0}
        operator: "$4"
        values:
        - "$5"
YAML
	[ -z "$6" ] || printf '      matchActions:\n      - action: %s\n' "$6"
}

{
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "fused"
spec:
  kprobes:
YAML
	hook sys_openat true string Prefix "$D/" "" 1
	hook security_file_open false file Postfix "/file" ""
	hook sys_openat true string Equal "$D/secret" Sigkill 1
	hook security_file_open false file Equal "$D/file" Sigkill
} | compile fused

fused() {
	expect_variant sys_openat "$1"
	expect_variant security_file_open "$1" security_file_open
	"$OPENER" open "$D/a"
	"$OPENER" open "$D/secret" || true # killed
	"$OPENER" open "$D/file" || true # killed
	stop_tprun
	# sys_openat: hook 0 posts each open under $D, then hook 2 kills the secret's
	expect_events \
		"[(h['args'][0]['string_arg'], h['action']) for h in kprobes() if h['function_name'] == '__x64_sys_openat'] == [('$D/a', 'KPROBE_ACTION_POST'), ('$D/secret', 'KPROBE_ACTION_POST'), ('$D/secret', 'KPROBE_ACTION_SIGKILL'), ('$D/file', 'KPROBE_ACTION_POST')]" \
		"[(h['args'][0]['file_arg']['path'], h['action']) for h in kprobes() if h['function_name'] == 'security_file_open' and h['process']['binary'] == '$OPENER'] == [('$D/file', 'KPROBE_ACTION_POST'), ('$D/file', 'KPROBE_ACTION_SIGKILL')]" \
		"sorted(x['process']['arguments'] for x in exits() if x.get('signal') == 'SIGKILL') == ['open $D/file', 'open $D/secret']"
}

test_fentry() {
	rm -rf "$D"
	mkdir -p "$D"
	echo x > "$D/a"; echo x > "$D/secret"; echo x > "$D/file" # before the kills attach
	start_tprun "$T/fused.bpf.o" -o json
	fused fentry
}

test_kprobe() {
	rm -rf "$D"
	mkdir -p "$D"
	echo x > "$D/a"; echo x > "$D/secret"; echo x > "$D/file" # before the kills attach
	start_tprun "$T/fused.bpf.o" -o json --forbid fentry
	fused kprobe
}

run_tests

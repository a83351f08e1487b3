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

# 33 hooks of two selectors each on sys_openat: a full program of 32 (FUSE_MAX in
# gen/lower/fuse.c) and one of 1, both within the 6.1 verifier's limits
{
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "full-group"
spec:
  kprobes:
YAML
	for i in $(seq 0 32); do
		cat <<YAML
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
        operator: "Prefix"
        values:
        - "$D/g$i/"
      - index: 2
        operator: "Mask"
        values:
        - "64"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "/x$i"
YAML
	done
} | compile group

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

full_group() {
	expect_variant sys_openat "$1"
	"$OPENER" open "$D/g7/x7" open "$D/g32/x32" open "$D/g7/y"
	stop_tprun
	expect_events "[h['args'][0]['string_arg'] for h in kprobes() if h['process']['binary'] == '$OPENER'] == ['$D/g7/x7', '$D/g32/x32']"
}

test_full_group_fentry() {
	start_tprun "$T/group.bpf.o" -o json
	full_group fentry
}

test_full_group_kprobe() {
	start_tprun "$T/group.bpf.o" -o json --forbid fentry
	full_group kprobe
}

run_tests

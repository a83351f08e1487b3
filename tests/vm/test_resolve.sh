#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# resolve on kernel-function and LSM hooks, which this host cannot attach:
# security_file_open(struct file *) read through f_inode.i_ino and
# f_path.dentry.d_name.name as CO-RE reads, filtered and printed; the same
# path on the file_open LSM hook.
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-vm/resolve

# file_policy NAME KIND TYPE RESOLVE VALUE [KEYS]: Sigkill when the opened
# file's resolved field is VALUE (KIND: kprobes or lsmhooks); KEYS, more of the
# arg's keys (YAML lines at its indent)
file_policy() {
	local name=$1 kind=$2 type=$3 path=$4 value=$5 keys=${6:-} hook
	if [ "$kind" = kprobes ]; then
		hook=$'  - call: "security_file_open"\n    syscall: false'
	else
		hook='  - hook: "file_open"'
	fi
	compile "$name" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$name"
spec:
  $kind:
$hook
    args:
    - index: 0
      type: "$type"
      resolve: "$path"
      label: "resolved"$keys
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "$value"
      matchActions:
      - action: Sigkill
YAML
}

setup() {
	rm -rf "$D"
	mkdir -p "$D"
	echo secret > "$D/secret-file"
	echo other > "$D/other-file"
}

test_kprobe_resolve_name() {
	setup
	file_policy kname kprobes string f_path.dentry.d_name.name secret-file || return
	start_tprun "$T/kname.bpf.o" -o json
	expect_killed cat "$D/secret-file"
	expect_alive cat "$D/other-file"
	stop_tprun
	expect_events \
		"[h['args'] for h in kprobes()] == [[{'string_arg': 'secret-file', 'label': 'resolved'}]]" \
		"kprobes()[0]['process']['binary'] == '/usr/bin/cat'"
}

test_kprobe_resolve_inode() {
	local ino
	setup
	ino=$(stat -c %i "$D/secret-file")
	# btfType names the arg's struct (here the one it has), btfTypeModule its BTF
	file_policy kino kprobes uint64 f_inode.i_ino "$ino" \
		$'\n      btfType: "file"\n      btfTypeModule: "vmlinux"' || return
	start_tprun "$T/kino.bpf.o" -o json
	expect_killed cat "$D/secret-file"
	expect_alive cat "$D/other-file"
	stop_tprun
	expect_events "[h['args'] for h in kprobes()] == [[{'size_arg': '$ino', 'label': 'resolved'}]]"
}

test_lsm_resolve_name() {
	setup
	file_policy lname lsmhooks string f_path.dentry.d_name.name secret-file || return
	start_tprun "$T/lname.bpf.o" -o json
	expect_killed cat "$D/secret-file"
	expect_alive cat "$D/other-file"
	stop_tprun
	expect_events "[h['args'] for h in lsms()] == [[{'string_arg': 'secret-file', 'label': 'resolved'}]]"
}

run_tests

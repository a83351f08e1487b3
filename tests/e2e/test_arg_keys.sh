#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Arg keys that change how an arg is read. returnCopy: read()'s buffer is read
# when the call returns, as many bytes as it returned, and the event shows them
# in the arg's place (Tetragon's kretprobe copy, merged into the entry event).
# maxData: a char_buf captures up to 327360 bytes, as Tetragon's data events.
# imaHash on an lsmhook: tprun refuses the load and names what is missing.
. "$(dirname "$0")/lib.sh"

printf 'hello returnCopy\n' > "$T/small"
python3 -c "import sys; sys.stdout.write(''.join(chr(97 + i % 26) for i in range(5000)))" > "$T/big"
mkdir -p "$T/dir"

# read_policy NAME RETURN: sys_read by the opener, its buffer read at return
read_policy() {
	local ret=$2 retarg=""
	[ "$ret" = true ] && retarg=$'    returnArg:\n      index: 0\n      type: "int"'
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "read-return-copy"
spec:
  kprobes:
  - call: "sys_read"
    syscall: true
    return: $ret
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "char_buf"
      sizeArgIndex: 3
      returnCopy: true
      label: "data"
    - index: 2
      type: "size_t"
$retarg
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
YAML
}

# the python expression for the opener's reads of COUNT bytes (the loader's own reads
# of its libraries, with other counts, are left out)
reads() {
	echo "[h for h in hooks() if h['args'][2]['size_arg'] in [$1]]"
}

# the python expression for base64 of the file's first N bytes
b64_of() {
	echo "__import__('base64').b64encode(open('$1', 'rb').read()[:$2]).decode()"
}

test_return_copy_read() {
	read_policy rc true
	start_tprun "$T/rc.bpf.o"
	expect_alive "$OPENER" read "$T/small" 100
	expect_alive "$OPENER" read "$T/small" 5
	expect_alive "$OPENER" read "$T/big" 8000
	expect_alive "$OPENER" read "$T/dir" 10
	stop_tprun
	R=$(reads "'100', '5', '8000', '10'")
	check_events "len($R) == 4"
	# the buffer holds what was read, not what it held at entry; its size is the return value
	check_events "$R[0]['args'][1] == {'bytes_arg': $(b64_of "$T/small" 100), 'label': 'data'}"
	check_events "$R[0]['args'][2] == {'size_arg': '100'} and $R[0]['return'] == {'int_arg': 17}"
	check_events "$R[1]['args'][1]['bytes_arg'] == $(b64_of "$T/small" 5)"
	check_events "$R[1]['return'] == {'int_arg': 5}"
	# 5000 bytes read: the first 4096 captured, the size read kept
	check_events "$R[2]['args'][1]['truncated_bytes_arg'] == {'bytes_arg': $(b64_of "$T/big" 4096), 'orig_size': '5000'}"
	check_events "$R[2]['return'] == {'int_arg': 5000}"
	# a failed read (EISDIR) has no bytes
	check_events "$R[3]['return'] == {'int_arg': -21} and $R[3]['args'][1] == {'bytes_arg': '', 'label': 'data'}"
}

test_return_copy_without_return() {
	read_policy rcnoret false
	start_tprun "$T/rcnoret.bpf.o"
	expect_alive "$OPENER" read "$T/small" 64
	stop_tprun
	R=$(reads "'64'")
	check_events "len($R) == 1"
	check_events "$R[0]['args'][1]['bytes_arg'] == $(b64_of "$T/small" 64)"
	check_events "all('return' not in h for h in hooks())"
}

# write_policy NAME: sys_write of more than 4096 bytes by the opener, buffer with maxData
write_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "write-max-data"
spec:
  kprobes:
  - call: "sys_write"
    syscall: true
    args:
    - index: 1
      type: "char_buf"
      sizeArgIndex: 3
      maxData: true
    - index: 2
      type: "size_t"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchArgs:
      - index: 2
        operator: "GT"
        values:
        - "4096"
YAML
}

# the python expression for base64 of the opener's writepat N
b64_pat() {
	echo "__import__('base64').b64encode(bytes(97 + i % 26 for i in range($1))).decode()"
}

test_max_data() {
	write_policy md
	start_tprun "$T/md.bpf.o"
	expect_alive "$OPENER" writepat 100000
	expect_alive "$OPENER" writepat 400000
	stop_tprun
	check_events "len(hooks()) == 2"
	# all of 100000 bytes, where a char_buf without maxData stops at 4096
	check_events "hooks()[0]['args'] == [{'bytes_arg': $(b64_pat 100000)}, {'size_arg': '100000'}]"
	# 400000: the first 327360, the size written kept
	check_events "hooks()[1]['args'][0] == {'truncated_bytes_arg': {'bytes_arg': $(b64_pat 327360), 'orig_size': '400000'}}"
}

test_ima_hash_refused_at_load() {
	local rc=0
	compile ima <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "file-open-ima"
spec:
  lsmhooks:
  - hook: "file_open"
    args:
    - index: 0
      type: "file"
    selectors:
    - matchActions:
      - action: Post
        imaHash: true
YAML
	"$TPRUN" "$T/ima.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -ne 0 ] || fail "tprun loaded a policy whose imaHash it cannot compute"
	grep -q "hook 'file_open' (policy line 7) cannot attach on this kernel: lsm: imaHash needs bpf_ima_file_hash in a sleepable LSM program; " "$T/err" ||
		{ cat "$T/err" >&2; fail "the refusal names imaHash and what it needs"; }
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# char_buf: the reference's sys_write example. The bytes a process wrote come
# back base64 encoded, cut at 4096 with their original size; filters on the
# buffer compare the bytes written (count of them from the size argument).
. "$(dirname "$0")/lib.sh"

# policy NAME [MATCHARGS-YAML [ACTION]]: sys_write on fd 3 by the opener
policy() {
	local extra=${2:-} action=${3:-Post}
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "write-buffers"
spec:
  kprobes:
  - call: "sys_write"
    syscall: true
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "char_buf"
      sizeArgIndex: 3
    - index: 2
      type: "size_t"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "3"
$extra
      matchActions:
      - action: $action
YAML
}

# buf_filter OP VALUE...: a matchArgs entry on the buffer
buf_filter() {
	local op=$1 v
	shift
	printf '      - index: 1\n        operator: "%s"\n        values:\n' "$op"
	for v in "$@"; do
		printf '        - "%s"\n' "$v"
	done
}

# the python expression for base64 of a string
b64() {
	echo "__import__('base64').b64encode($1.encode()).decode()"
}

test_bytes_arg() {
	policy wr
	start_tprun "$T/wr.bpf.o"
	expect_alive "$OPENER" write "hello world"
	expect_alive "$OPENER" writen "hello world" 5
	expect_alive "$OPENER" write "x"
	expect_alive cat /dev/null
	stop_tprun
	check_events "len(hooks()) == 3"
	check_events "hooks()[0]['args'] == [{'int_arg': 3}, {'bytes_arg': $(b64 "'hello world'")}, {'size_arg': '11'}]"
	check_events "hooks()[1]['args'] == [{'int_arg': 3}, {'bytes_arg': $(b64 "'hello'")}, {'size_arg': '5'}]"
	check_events "hooks()[2]['args'][1:] == [{'bytes_arg': 'eA=='}, {'size_arg': '1'}]"
	check_events "all(h['function_name'] == '__x64_sys_write' for h in hooks())"
}

test_truncated_bytes_arg() {
	local big
	big=$(python3 -c "print(''.join(chr(97 + i % 26) for i in range(5000)))")
	policy wrbig
	start_tprun "$T/wrbig.bpf.o"
	expect_alive "$OPENER" write "$big"
	expect_alive "$OPENER" writen "$big" 4096
	expect_alive "$OPENER" writen "$big" 4097
	stop_tprun
	local s="''.join(chr(97 + i % 26) for i in range(5000))"
	check_events "len(hooks()) == 3"
	check_events "hooks()[0]['args'][1] == {'truncated_bytes_arg': {'bytes_arg': $(b64 "($s)[:4096]"), 'orig_size': '5000'}}"
	check_events "hooks()[0]['args'][2] == {'size_arg': '5000'}"
	check_events "hooks()[1]['args'][1] == {'bytes_arg': $(b64 "($s)[:4096]")}"
	check_events "hooks()[2]['args'][1] == {'truncated_bytes_arg': {'bytes_arg': $(b64 "($s)[:4096]"), 'orig_size': '4097'}}"
}

# filters see the bytes written, not the string that happens to follow them
test_prefix_filter_kills() {
	local big
	big=secret$(printf 'y%.0s' $(seq 1 5000))
	policy wrprefix "$(buf_filter Prefix secret)" Sigkill
	start_tprun "$T/wrprefix.bpf.o"
	expect_killed "$OPENER" write "secret-data"
	expect_killed "$OPENER" write "secret"
	expect_killed "$OPENER" write "$big"
	expect_alive "$OPENER" write "public"
	expect_alive "$OPENER" write "secre"
	expect_alive "$OPENER" writen "secret-data" 3
	expect_alive "$OPENER" write "xsecret"
	stop_tprun
	check_events "len(hooks()) == 3 and all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
}

test_equal_filter() {
	policy wreq "$(buf_filter Equal hello)" Sigkill
	start_tprun "$T/wreq.bpf.o"
	expect_killed "$OPENER" write "hello"
	expect_killed "$OPENER" writen "hello world" 5
	expect_alive "$OPENER" write "hello world"
	expect_alive "$OPENER" writen "hello" 4
	stop_tprun
	check_events "[h['args'][2]['size_arg'] for h in hooks()] == ['5', '5']"
}

test_postfix_filter() {
	policy wrpost "$(buf_filter Postfix .txt)" Sigkill
	start_tprun "$T/wrpost.bpf.o"
	expect_killed "$OPENER" write "name.txt"
	expect_killed "$OPENER" writen "name.txt-and-more" 8
	expect_alive "$OPENER" write "name.txt-and-more"
	expect_alive "$OPENER" write "txt"
	stop_tprun
	check_events "len(hooks()) == 2"
}

test_not_prefix_filter() {
	policy wrnotprefix "$(buf_filter NotPrefix ok)" Sigkill
	start_tprun "$T/wrnotprefix.bpf.o"
	expect_alive "$OPENER" write "ok-fine"
	expect_alive "$OPENER" writen "okay" 2
	expect_killed "$OPENER" writen "okay" 1
	expect_killed "$OPENER" write "bad"
	stop_tprun
	check_events "len(hooks()) == 2"
}

# more values than tpgen inlines: an LPM trie (Prefix) and a hash set (Equal)
test_large_value_sets() {
	policy wrlpm "$(buf_filter Prefix $(seq -f 'p%g-' 1 12) secret)" Sigkill
	start_tprun "$T/wrlpm.bpf.o"
	expect_killed "$OPENER" write "secret-data"
	expect_killed "$OPENER" write "p7-x"
	expect_alive "$OPENER" writen "secret-data" 5
	expect_alive "$OPENER" write "p7"
	stop_tprun
	policy wrhash "$(buf_filter Equal $(seq -f 'v%g' 1 12) hello)" Sigkill
	start_tprun "$T/wrhash.bpf.o"
	expect_killed "$OPENER" writen "hello world" 5
	expect_killed "$OPENER" write "v12"
	expect_alive "$OPENER" write "hello world"
	expect_alive "$OPENER" writen "hello" 4
	expect_alive "$OPENER" write "v13"
	stop_tprun
}

run_tests

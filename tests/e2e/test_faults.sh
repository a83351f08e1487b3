#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Arguments a hook could not read, or not whole (docs/captures.md). A bad
# pointer or a fault fails every filter on the arg, negated ones included,
# and a posted event carries Tetragon's error_arg (strings) or its
# "CharBufErrorPageFault" bytes (buffers). A comparison the cut bytes of a
# long string, buffer or path could decide fails, negated or not.
. "$(dirname "$0")/lib.sh"

FAULTER="$T/faulter"
cp "$O/tests/e2e/faulter" "$FAULTER"
O_NOCTTY=256 # x86-64; the faulter's openat calls carry it, the dynamic loader's do not

# long NAME N [END]: the python expression of an N-byte path under $T ending in END
long() {
	echo "('$T/' + 'a' * ($2 - len('$T/') - len('${3:-}')) + '${3:-}')"
}

py() {
	python3 -c "print($1, end='')"
}

# sel OP IDX VALUE... : a selector killing the faulter's openat (flags O_NOCTTY, which
# its dynamic loader's lack) when matchArgs index IDX OP VALUE...
sel() {
	local op=$1 idx=$2 v
	shift 2
	printf '    - matchArgs:\n      - index: 2\n        operator: "Equal"\n'
	printf '        values:\n        - "%s"\n' "$O_NOCTTY"
	printf '      - index: %s\n        operator: "%s"\n        values:\n' "$idx" "$op"
	for v in "$@"; do
		printf '        - "%s"\n' "$v"
	done
	printf '      matchBinaries:\n      - operator: "In"\n        values:\n'
	printf '        - "%s"\n' "$FAULTER"
	printf '      matchActions:\n      - action: Sigkill\n'
}

# nine values: past the inline limit, so a hash set or an LPM trie holds them
nine() {
	local i
	for i in 1 2 3 4 5 6 7 8; do echo "$1$i${2:-}"; done
	echo "$1${2:-}"
}

test_bad_pointer_fails_every_string_filter() {
	{
		sel Equal 1 /x
		sel NotEqual 1 /x
		sel Prefix 1 /
		sel NotPrefix 1 /x
		sel Postfix 1 x
		sel NotPostfix 1 /x
		# shellcheck disable=SC2046
		sel NotEqual 1 $(nine /x)
		# shellcheck disable=SC2046
		sel NotPrefix 1 $(nine /x)
		# shellcheck disable=SC2046
		sel NotPostfix 1 $(nine /x)
	} | openat_policy bad-pointer | compile badptr
	start_tprun "$T/badptr.bpf.o"
	expect_alive "$FAULTER" open-null
	expect_alive "$FAULTER" open-fault
	expect_killed "$FAULTER" open "$T/y" # the negated filters pass a string they could read
	stop_tprun
	check_events "len(hooks()) == 1 and hooks()[0]['args'][1] == {'string_arg': '$T/y'}"
}

test_error_arg_in_posted_event() {
	compile errarg <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "error-arg"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
      label: "name"
    - index: 2
      type: "int"
    selectors:
    - matchArgs:
      - index: 2
        operator: "Equal"
        values:
        - "$O_NOCTTY"
      matchBinaries:
      - operator: "In"
        values:
        - "$FAULTER"
YAML
	start_tprun "$T/errarg.bpf.o"
	expect_alive "$FAULTER" open-null open-fault open "$T/y"
	stop_tprun
	local err="{'error_arg': {'Message': 'Bad address for basic type'}, 'label': 'name'}"
	check_events "[h['args'][0] for h in hooks()] == [$err, $err, {'string_arg': '$T/y', 'label': 'name'}]"
	check_events "all(h['args'][1] == {'int_arg': $O_NOCTTY} for h in hooks())"
}

# write_policy NAME SELECTORS: sys_write's buffer (arg 1, size in arg 2) from the
# faulter, or the opener, on fd 3
write_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
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
$2
YAML
}

# wsel OP ACTION VALUE...: a selector on fd 3's buffer
wsel() {
	local op=$1 action=$2 v
	shift 2
	printf '    - matchBinaries:\n      - operator: "In"\n        values:\n'
	printf '        - "%s"\n        - "%s"\n' "$FAULTER" "$OPENER"
	printf '      matchArgs:\n      - index: 0\n        operator: "Equal"\n        values:\n'
	printf '        - "3"\n'
	if [ -n "$op" ]; then
		printf '      - index: 1\n        operator: "%s"\n        values:\n' "$op"
		for v in "$@"; do
			printf '        - "%s"\n' "$v"
		done
	fi
	printf '      matchActions:\n      - action: %s\n' "$action"
}

test_bad_buffer_fails_every_filter() {
	write_policy badbuf "$(wsel NotEqual Sigkill x)
$(wsel NotPrefix Sigkill x)
$(wsel NotPostfix Sigkill x)
$(wsel Prefix Sigkill a)
$(wsel "" Post)"
	start_tprun "$T/badbuf.bpf.o"
	expect_alive "$FAULTER" write-null 10
	expect_alive "$FAULTER" write-fault 100
	expect_killed "$OPENER" write hello
	stop_tprun
	# Tetragon's bytes for a fault (base64 of CharBufErrorPageFault), with the size
	local fault="{'bytes_arg': 'Q2hhckJ1ZkVycm9yUGFnZUZhdWx0'}"
	check_events "[h['args'][1:] for h in hooks()] == [[$fault, {'size_arg': '10'}], [$fault, {'size_arg': '100'}], [{'bytes_arg': 'aGVsbG8='}, {'size_arg': '5'}]]"
	check_events "[h['action'] for h in hooks()][:2] == ['KPROBE_ACTION_POST'] * 2"
}

# a 4095-byte Equal value, a Postfix its first 4095 bytes end with: neither matches
# the 5000-byte path that starts with them, inline or from a set
test_cut_string_does_not_match() {
	local v4095 l5000 l5000b
	v4095=$(py "$(long x 4095)")
	l5000="${v4095}$(py "'b' * 905")"
	l5000b="$(py "$(long x 4091)").bad$(py "'z' * 905")"
	[ ${#v4095} -eq 4095 ] && [ ${#l5000} -eq 5000 ] && [ ${#l5000b} -eq 5000 ] ||
		fail "lengths"
	{
		sel Equal 1 "$v4095"
		sel Postfix 1 .bad
		# shellcheck disable=SC2046
		sel Equal 1 "$v4095" $(nine /x)
		# shellcheck disable=SC2046
		sel Postfix 1 .bad $(nine /x)
	} | openat_policy cut-string | compile cutstr
	start_tprun "$T/cutstr.bpf.o"
	expect_alive "$FAULTER" open "$l5000"
	expect_alive "$FAULTER" open "$l5000b"
	expect_killed "$FAULTER" open "$v4095"
	expect_killed "$FAULTER" open "$T/name.bad"
	stop_tprun
	check_events "[len(h['args'][1]['string_arg']) for h in hooks()] == [4095, ${#T} + 9]"
}

# negated: unequal to a value no longer than what was kept is known (the arg is
# longer); whether it ends with a value is not
test_cut_string_negated() {
	local l5000
	l5000=$(py "$(long x 5000 .txt)")
	{
		sel NotPostfix 1 .txt
		# shellcheck disable=SC2046
		sel NotPostfix 1 .txt $(nine .x)
	} | openat_policy cut-neg | compile cutneg
	start_tprun "$T/cutneg.bpf.o"
	expect_alive "$FAULTER" open "$l5000"
	expect_alive "$FAULTER" open "$T/a.txt"
	expect_killed "$FAULTER" open "$T/a.dat"
	stop_tprun
	openat_policy cut-neq < <(sel NotEqual 1 "$(py "$(long x 4095)")") | compile cutneq
	start_tprun "$T/cutneq.bpf.o"
	expect_killed "$FAULTER" open "$(py "$(long x 4095)")b"
	expect_alive "$FAULTER" open "$(py "$(long x 4095)")"
	stop_tprun
}

# buffers: the filter's slot holds 4096 bytes; the event built from it keeps the
# buffer's size (a 4095-byte one is whole)
test_cut_buffer() {
	local b4095 b5000
	b4095=$(py "'a' * 4091 + '.bad'")
	b5000="${b4095}$(py "'z' * 905")"
	write_policy cutbuf "$(wsel Equal Sigkill "$b4095")
$(wsel Postfix Sigkill .bad)
$(wsel Prefix Post a)"
	start_tprun "$T/cutbuf.bpf.o"
	expect_alive "$OPENER" write "$b5000"
	expect_alive "$OPENER" writen "$b5000" 4096
	expect_killed "$OPENER" write "$b4095"
	expect_killed "$OPENER" write "x.bad"
	stop_tprun
	local s="('a' * 4091 + '.bad' + 'z' * 905)"
	local b64="__import__('base64').b64encode"
	check_events "hooks()[0]['args'][1] == {'truncated_bytes_arg': {'bytes_arg': $b64(($s)[:4096].encode()).decode(), 'orig_size': '5000'}}"
	check_events "hooks()[1]['args'][1] == {'bytes_arg': $b64(($s)[:4096].encode()).decode()}"
	check_events "hooks()[2]['args'][1] == {'bytes_arg': $b64(($s)[:4095].encode()).decode()}"
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_POST'] * 2 + ['KPROBE_ACTION_SIGKILL'] * 2"
}

# fdsel OP VALUE ACTION: a selector on the faulter's 5-byte writes, by their fd's path
fdsel() {
	printf '    - matchArgs:\n      - index: 2\n        operator: "Equal"\n        values:\n'
	printf '        - "5"\n      - index: 0\n        operator: "%s"\n        values:\n' "$1"
	printf '        - "%s"\n      matchBinaries:\n      - operator: "In"\n' "$2"
	printf '        values:\n        - "%s"\n      matchActions:\n      - action: %s\n' \
		"$FAULTER" "$3"
}

# an fd's path deeper than a walk keeps loses its start: Prefix, NotPrefix and
# NotEqual (a value longer than what was kept) cannot tell, Postfix can. Only
# the 5-byte write to it: the faulter's last words go to /dev/null.
test_cut_path() {
	local sels
	sels="$(fdsel Prefix / Sigkill)
$(fdsel NotPrefix /nowhere Sigkill)
$(fdsel NotEqual "$(py "'/' + 'd' * 4094")" Sigkill)
$(fdsel Postfix /deep.txt Post)"
	# the fd and the count, not the buffer
	local args=$'    - index: 0\n      type: "fd"\n    - index: 2\n      type: "size_t"'
	printf '%s\n' "$sels" | sys_write_policy cut-path "$args" | compile cutpath
	mkdir -p "$T/deep"
	start_tprun "$T/cutpath.bpf.o"
	( cd "$T/deep" && expect_alive "$FAULTER" deep-write 25 hello )
	stop_tprun
	check_events "len(hooks()) == 1 and hooks()[0]['args'][0]['file_arg']['path'].endswith('/deep.txt')"
	check_events "hooks()[0]['args'][0]['file_arg']['flags'] == 'unresolvedPathComponents'"
	check_events "hooks()[0].get('action', 'KPROBE_ACTION_POST') == 'KPROBE_ACTION_POST'"
}

run_tests

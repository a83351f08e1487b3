#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# uprobes on tp_probed(int n, const char *text) of the uprober test binary: events in
# Tetragon's process_uprobe shape, args from the registers, return values, matchArgs,
# matchBinaries, Sigkill and Signal, targets by symbol and by offset.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rec_btf.sh"

UPROBER="$T/uprober"
cp "$O/tests/e2e/uprober" "$UPROBER"

# policy NAME [EXTRA-HOOK-KEYS [SELECTORS]]: a uprobe on tp_probed with args 0 (int), 1 (string)
policy() {
	local extra=${2:-} sels=${3:-}
	[ -z "$sels" ] || sels=$(printf '    selectors:\n%s' "$sels")
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  uprobes:
  - path: "$UPROBER"
    symbols:
    - "tp_probed"
    message: "tp_probed called"
    tags: ["uprobe-test"]
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "string"
$extra
$sels
YAML
}

# uprobes(): the process_uprobe bodies, in order
UP="[body(e) for e in ev if kind(e) == 'process_uprobe']"

test_uprobe_post_args() {
	policy post
	start_tprun "$T/post.bpf.o"
	expect_alive "$UPROBER" 3 hello 4 world
	stop_tprun
	check_events "len($UP) == 2"
	check_events "[u['args'] for u in $UP] == [[{'int_arg': 3}, {'string_arg': 'hello'}], [{'int_arg': 4}, {'string_arg': 'world'}]]"
	check_events "all(u['path'] == '$UPROBER' and u['symbol'] == 'tp_probed' for u in $UP)"
	check_events "all(u['policy_name'] == 'post' and u['message'] == 'tp_probed called' for u in $UP)"
	check_events "all(u['tags'] == ['uprobe-test'] and u['action'] == 'KPROBE_ACTION_POST' for u in $UP)"
	check_events "all(u['process']['binary'] == '$UPROBER' and 'offset' not in u for u in $UP)"
}

test_uprobe_match_args() {
	policy margs "" "$(cat <<'YAML'
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "wor"
      - index: 0
        operator: "GT"
        values:
        - "4"
YAML
)"
	start_tprun "$T/margs.bpf.o"
	expect_alive "$UPROBER" 3 hello 4 world 5 worse 6 other
	stop_tprun
	check_events "[u['args'] for u in $UP] == [[{'int_arg': 5}, {'string_arg': 'worse'}]]"
}

test_uprobe_match_binaries() {
	cp "$UPROBER" "$T/other"
	policy mbin "" "$(printf '    - matchBinaries:\n      - operator: "In"\n        values:\n        - "%s"\n' "$T/other")"
	sed -i "s|path: \"$UPROBER\"|path: \"$T/other\"|" "$T/mbin.yaml"
	"$TPGEN" "$T/mbin.yaml" -o "$T/mbin.bpf.o"
	start_tprun "$T/mbin.bpf.o"
	expect_alive "$UPROBER" 1 a
	expect_alive "$T/other" 2 b
	stop_tprun
	check_events "[u['args'][0]['int_arg'] for u in $UP] == [2]"
	check_events "$UP[0]['path'] == '$T/other'"
}

test_uprobe_return() {
	policy ret "$(printf '    return: true\n    returnArg:\n      index: 0\n      type: "int"')"
	start_tprun "$T/ret.bpf.o"
	expect_alive "$UPROBER" 21 x
	stop_tprun
	# Tetragon's retprobeMerge appends the return value to args
	check_events "[u['args'] for u in $UP] == [[{'int_arg': 21}, {'string_arg': 'x'}, {'int_arg': 42}]]"
}

test_uprobe_sigkill() {
	policy kill "" "$(cat <<'YAML'
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "die"
      matchActions:
      - action: Sigkill
YAML
)"
	start_tprun "$T/kill.bpf.o"
	expect_alive "$UPROBER" 1 live
	expect_killed "$UPROBER" 1 live 2 die 3 after
	stop_tprun
	check_events "[u['args'][1]['string_arg'] for u in $UP if u['action'] == 'KPROBE_ACTION_SIGKILL'] == ['die']"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$UPROBER' and x.get('signal') == 'SIGKILL') == 1"
}

test_uprobe_signal() {
	policy sig "" "$(cat <<'YAML'
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "10"
      matchActions:
      - action: Signal
        argSig: 10
YAML
)"
	start_tprun "$T/sig.bpf.o"
	SIG=10 expect_killed "$UPROBER" 9 a 10 b
	stop_tprun
	check_events "[u['action'] for u in $UP] == ['KPROBE_ACTION_SIGNAL']"
}

# file_offset SYMBOL: the offset in $UPROBER's file of SYMBOL, as libbpf and the kernel take it
file_offset() {
	python3 - "$UPROBER" "$1" <<'PY'
import subprocess, sys
syms = subprocess.run(["readelf", "-Ws", sys.argv[1]], capture_output=True, text=True).stdout
addr = next(int(l.split()[1], 16) for l in syms.splitlines() if l.split()[-1:] == [sys.argv[2]])
segs = subprocess.run(["readelf", "-Wl", sys.argv[1]], capture_output=True, text=True).stdout
for l in segs.splitlines():
    f = l.split()
    if f[:1] == ["LOAD"] and int(f[2], 16) <= addr < int(f[2], 16) + int(f[5], 16):
        print(addr - int(f[2], 16) + int(f[1], 16))
PY
}

# offsets: the file offset of tp_probed; Tetragon reports it as offset, with no symbol
test_uprobe_offset() {
	local off
	off=$(file_offset tp_probed)
	[ -n "$off" ]
	policy off
	sed -i "s|^    symbols:|    offsets:|; s|^    - \"tp_probed\"|    - $off|" "$T/off.yaml"
	"$TPGEN" "$T/off.yaml" -o "$T/off.bpf.o"
	start_tprun "$T/off.bpf.o"
	expect_alive "$UPROBER" 8 y
	stop_tprun
	check_events "[u['args'] for u in $UP] == [[{'int_arg': 8}, {'string_arg': 'y'}]]"
	check_events "$UP[0]['offset'] == '$off' and 'symbol' not in $UP[0]"
}

# addrs: tp_probed's virtual address from the symbol table; tprun makes it the file
# offset (Tetragon's OffsetFromAddr), which the event reports as offset, with no symbol
test_uprobe_addrs() {
	local addr off
	addr=$(readelf -Ws "$UPROBER" | awk '$NF == "tp_probed" { print "0x" $2; exit }')
	off=$(file_offset tp_probed)
	[ -n "$addr" ] && [ -n "$off" ]
	[ "$((addr))" != "$off" ] || fail "address and offset are equal: the test shows nothing"
	policy addrs
	sed -i "s|^    symbols:|    addrs:|; s|^    - \"tp_probed\"|    - $addr|" "$T/addrs.yaml"
	"$TPGEN" "$T/addrs.yaml" -o "$T/addrs.bpf.o"
	start_tprun "$T/addrs.bpf.o"
	expect_alive "$UPROBER" 9 z
	stop_tprun
	check_events "[u['args'] for u in $UP] == [[{'int_arg': 9}, {'string_arg': 'z'}]]"
	check_events "$UP[0]['offset'] == '$off' and 'symbol' not in $UP[0]"
	# an address no executable segment holds: tprun says so and attaches nothing
	sed -i "s|^    - $addr|    - 0x7|" "$T/addrs.yaml"
	"$TPGEN" "$T/addrs.yaml" -o "$T/addrs.bpf.o"
	! "$TPRUN" "$T/addrs.bpf.o" > "$T/bad.out" 2> "$T/bad.err"
	grep -q "addrs: $UPROBER: no executable segment holds address 0x7" "$T/bad.err" ||
		{ cat "$T/bad.err" >&2; fail "no reason for a bad address"; }
}

# btfPath: BTF of uprober's record (uprober.h, made here by clang, as pahole -J makes a
# binary's), and resolve through it from tp_probed_rec's pointer args in user memory:
# fields, a nested struct's, one behind a pointer, a string and an array element
test_uprobe_btf_path() {
	rec_btf
	compile btf <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "btf"
spec:
  uprobes:
  - path: "$UPROBER"
    symbols:
    - "tp_probed_rec"
    btfPath: "$T/rec.btf"
$(rec_args "uint32 v32" "uint32 sub.v32" "uint64 next.v64" "string name" "uint32 arr[2]")
YAML
	start_tprun "$T/btf.bpf.o"
	expect_alive "$UPROBER" 2 two 3 three
	stop_tprun
	check_events "[u['args'] for u in $UP] == [[{'uint_arg': 2}, {'uint_arg': 6}, {'size_arg': '10'}, {'string_arg': 'two'}, {'uint_arg': 22}], [{'uint_arg': 3}, {'uint_arg': 9}, {'size_arg': '15'}, {'string_arg': 'three'}, {'uint_arg': 33}]]"
	# a field the BTF does not have, and a btfPath that is not there: refused at their line
	sed -i 's|resolve: "arr\[2\]"|resolve: "arr[2].x"|' "$T/btf.yaml"
	! "$TPGEN" "$T/btf.yaml" -o "$T/bad.bpf.o" 2> "$T/bad.err"
	grep -q "btf.yaml:31:24: error: .*arg 4: resolve 'arr\[2\].x': '\[2\]' is 'unsigned int', not a struct or union: it has no field 'x'" \
		"$T/bad.err" || { cat "$T/bad.err" >&2; fail "bad path"; }
	sed -i "s|btfPath: \"$T/rec.btf\"|btfPath: \"$T/none.btf\"|" "$T/btf.yaml"
	! "$TPGEN" "$T/btf.yaml" -o "$T/bad.bpf.o" 2> "$T/bad.err"
	grep -q "btf.yaml:10:5: error: .*arg 0: btfPath '$T/none.btf': No such file or directory" \
		"$T/bad.err" || { cat "$T/bad.err" >&2; fail "no btfPath file"; }
}

# refCtrOffsets: the kernel counts the attached uprobe in the binary's semaphore
test_uprobe_ref_ctr_offsets() {
	local ref
	ref=$(file_offset tp_probed_semaphore)
	[ -n "$ref" ]
	"$UPROBER" 1 a | grep -qx "uprober: done 2 semaphore 0"
	policy ref "    refCtrOffsets:
    - $ref"
	start_tprun "$T/ref.bpf.o"
	"$UPROBER" 1 a > "$T/ref.out"
	stop_tprun
	grep -qx "uprober: done 2 semaphore 1" "$T/ref.out" || { cat "$T/ref.out" >&2; fail "semaphore"; }
	check_events "[u['ref_ctr_offset'] for u in $UP] == ['$ref'] and $UP[0]['symbol'] == 'tp_probed'"
	"$UPROBER" 1 a | grep -qx "uprober: done 2 semaphore 0"
}

test_uprobe_compact() {
	policy compact
	start_tprun "$T/compact.bpf.o" -o compact
	expect_alive "$UPROBER" 1 a
	stop_tprun
	grep -q "^🕵️ uprobe  .*$UPROBER $UPROBER tp_probed\$" "$T/tprun.out" ||
		{ cat "$T/tprun.out" >&2; fail "no compact uprobe line"; }
}

run_tests

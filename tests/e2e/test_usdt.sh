#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# usdts on the tpgen:probe2(long n, char *text) note of the usdter test binary
# (<sys/sdt.h>): events in Tetragon's process_usdt shape, args from the note through
# libbpf's USDT support, matchArgs, Sigkill; and resolve through btfPath on tpgen:rec.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rec_btf.sh"

USDTER="$T/usdter"
cp "$O/tests/e2e/usdter" "$USDTER"

# policy NAME [SELECTORS]: a usdt on tpgen:probe2 with args 0 (int64), 1 (string)
policy() {
	local sels=${2:-}
	[ -z "$sels" ] || sels=$(printf '    selectors:\n%s' "$sels")
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  usdts:
  - path: "$USDTER"
    provider: "tpgen"
    name: "probe2"
    message: "probe2 fired"
    tags: ["usdt-test"]
    args:
    - index: 0
      type: "int64"
    - index: 1
      type: "string"
$sels
YAML
}

US="[body(e) for e in ev if kind(e) == 'process_usdt']"

test_usdt_post_args() {
	policy post
	start_tprun "$T/post.bpf.o"
	expect_alive "$USDTER" 3 hello -4 world
	stop_tprun
	check_events "[u['args'] for u in $US] == [[{'long_arg': '3'}, {'string_arg': 'hello'}], [{'long_arg': '-4'}, {'string_arg': 'world'}]]"
	check_events "all(u['path'] == '$USDTER' and u['provider'] == 'tpgen' and u['name'] == 'probe2' for u in $US)"
	check_events "all(u['policy_name'] == 'post' and u['message'] == 'probe2 fired' for u in $US)"
	check_events "all(u['tags'] == ['usdt-test'] and u['action'] == 'KPROBE_ACTION_POST' for u in $US)"
	check_events "all(u['process']['binary'] == '$USDTER' for u in $US)"
}

test_usdt_match_args_sigkill() {
	policy kill "$(cat <<'YAML'
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
	expect_alive "$USDTER" 1 live
	expect_killed "$USDTER" 1 live 2 die 3 after
	stop_tprun
	check_events "[(u['args'][1]['string_arg'], u['action']) for u in $US] == [('die', 'KPROBE_ACTION_SIGKILL')]"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$USDTER' and x.get('signal') == 'SIGKILL') == 1"
}

# btfPath: BTF of usdter's record (uprober.h, made here by clang), resolved from the
# tpgen:rec probe's args (a pointer to it, three times) in user memory
test_usdt_btf_path() {
	rec_btf
	compile btf <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "btf"
spec:
  usdts:
  - path: "$USDTER"
    provider: "tpgen"
    name: "rec"
    btfPath: "$T/rec.btf"
$(rec_args "uint32 v32" "uint64 next.v64" "string name")
YAML
	start_tprun "$T/btf.bpf.o"
	expect_alive "$USDTER" 2 two 3 three
	stop_tprun
	check_events "[u['args'] for u in $US] == [[{'uint_arg': 2}, {'size_arg': '10'}, {'string_arg': 'two'}], [{'uint_arg': 3}, {'size_arg': '15'}, {'string_arg': 'three'}]]"
	check_events "all(u['name'] == 'rec' for u in $US)"
}

test_usdt_compact() {
	policy compact
	start_tprun "$T/compact.bpf.o" -o compact
	expect_alive "$USDTER" 1 a
	stop_tprun
	grep -q "^🕵️ usdt    .*$USDTER $USDTER tpgen probe2\$" "$T/tprun.out" ||
		{ cat "$T/tprun.out" >&2; fail "no compact usdt line"; }
}

run_tests

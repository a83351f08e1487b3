#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Hooks on the same function run in one program (gen/lower/fuse.c): each
# still filters, acts and posts as its own, in policy order, and tprun
# attaches the program once. A hook with a return half keeps its own program.
. "$(dirname "$0")/lib.sh"

policy() {
	{
		openat_policy fused <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/watched/"
YAML
		kill_on_open "$T/watched/secret" | sed '1s/^      /    - /' | openat_hook
		openat_hook "$(printf '    return: true\n    returnArg:\n      index: 0\n      type: "int"')" <<YAML
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "/other"
YAML
	}
}

# attached_progs: the names of the programs tprun's links attach, sorted
attached_progs() {
	local fd
	for fd in /proc/$TPRUN_PID/fdinfo/*; do
		grep -q '^link_type:' "$fd" 2> /dev/null || continue
		bpftool -j prog show id "$(awk '/^prog_id:/ {print $2}' "$fd")"
		echo
	done | python3 -c '
import json, sys
print(" ".join(sorted(json.loads(l)["name"] for l in sys.stdin if l.strip())))'
}

test_hooks_on_one_function_share_a_program() {
	mkdir -p "$T/watched"
	echo x > "$T/watched/a"; echo x > "$T/watched/secret"; echo x > "$T/watched/other"
	policy | compile fused
	start_tprun "$T/fused.bpf.o"
	grep -c "hook 'sys_openat' attaches" "$T/tprun.err" | grep -qx 3 || fail "three hooks attach"
	attached_progs > "$T/progs"
	expect_alive "$OPENER" open "$T/watched/a"
	expect_killed "$OPENER" open "$T/watched/secret"
	expect_alive "$OPENER" open "$T/watched/other"
	stop_tprun
	# hooks 0 and 1 in hook 0's programs; hook 2 (a return half) in its own
	grep -q 'tp_h0_' "$T/progs" || fail "hook 0's program attached: $(cat "$T/progs")"
	grep -q 'tp_h1_' "$T/progs" && fail "hook 1 has a program of its own: $(cat "$T/progs")"
	grep -q 'tp_h2_' "$T/progs" || fail "hook 2's programs attached: $(cat "$T/progs")"
	[ "$(tr ' ' '\n' < "$T/progs" | grep -c '^tp_h0_')" = 1 ] ||
		fail "hook 0's program attached once: $(cat "$T/progs")"
	# each hook's own events, in policy order: the secret's open posts, then kills
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks() if h['action'] == 'KPROBE_ACTION_POST' and 'return' not in h] == [('$T/watched/a', 'KPROBE_ACTION_POST'), ('$T/watched/secret', 'KPROBE_ACTION_POST'), ('$T/watched/other', 'KPROBE_ACTION_POST')]"
	check_events "[h['args'][1]['string_arg'] for h in hooks() if h['action'] == 'KPROBE_ACTION_SIGKILL'] == ['$T/watched/secret']"
	check_events "[h['args'][1]['string_arg'] for h in hooks() if 'return' in h] == ['$T/watched/other']"
	check_events "[h['action'] for h in hooks() if h['args'][1]['string_arg'] == '$T/watched/secret'] == ['KPROBE_ACTION_POST', 'KPROBE_ACTION_SIGKILL']"
}

run_tests

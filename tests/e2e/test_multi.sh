#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Several objects in one tprun (tprun a.bpf.o b.bpf.o c.bpf.o): each enforces
# its policy and names it in its events, processes are told of once (one exec,
# one exit, one exec_id) from one process cache, one ready and one drained
# line; a bad object among them starts nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/etc"
echo root > "$T/etc/passwd"
echo grp > "$T/etc/group"

# multi-kill: Sigkill on opening $T/etc/passwd
kill_policy() {
	kill_selector "$T/etc/passwd" | openat_policy multi-kill
}

# multi-watch: Post on opening $T/etc/group (the same hook as multi-kill)
watch_policy() {
	kill_selector "$T/etc/group" | sed 's/Sigkill/Post/' | openat_policy multi-watch
}

# multi-ppid: Post on getppid from $OPENER (another hook; matchBinaries reads
# this object's own process table)
ppid_policy() {
	getppid_post_policy multi-ppid
}

compile_all() {
	kill_policy | compile kill
	watch_policy | compile watch
	ppid_policy | compile ppid
}

# by_policy NAME: the python list of NAME's hook events
by_policy() {
	echo "[h for h in hooks() if h['policy_name'] == '$1']"
}

test_three_policies_enforce_and_report() {
	compile_all
	start_tprun "$T/kill.bpf.o" "$T/watch.bpf.o" "$T/ppid.bpf.o"
	grep -q "^tprun: ready: policies 'multi-kill', 'multi-watch', 'multi-ppid', 3 hooks, " \
		"$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "ready line"; }
	expect_killed "$OPENER" open "$T/etc/passwd"
	expect_alive "$OPENER" open "$T/etc/group"
	expect_alive "$OPENER" getppid
	expect_alive "$OPENER" open "$T/etc/shadow-none" getppid
	expect_alive cat "$T/etc/group"
	stop_tprun
	[ "$(grep -c '^tprun: ready' "$T/tprun.err")" = 1 ] || fail "not one ready line"
	[ "$(grep -c '^tprun: drained' "$T/tprun.err")" = 1 ] || fail "not one drained line"
	# each policy's events, under its own name
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in $(by_policy multi-kill)] == [('$T/etc/passwd', 'KPROBE_ACTION_SIGKILL')]"
	check_events "sorted(h['process'].get('binary') for h in $(by_policy multi-watch)) == sorted(['$OPENER', '/usr/bin/cat'])"
	check_events "all(h['args'][1]['string_arg'] == '$T/etc/group' and h['action'] == 'KPROBE_ACTION_POST' for h in $(by_policy multi-watch))"
	check_events "len($(by_policy multi-ppid)) == 2 and all(h['process'].get('binary') == '$OPENER' for h in $(by_policy multi-ppid))"
	check_events "len(hooks()) == 5"
	# one exec and one exit per process, whatever the number of objects
	check_events "sum(1 for x in execs() if x['process'].get('binary') == '$OPENER') == 4"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$OPENER') == 4"
	check_events "len(set(x['process']['exec_id'] for x in execs())) == len(execs())"
	# every hook event's process is the one its exec told of: same exec_id, pid, parent
	check_events "all(any(x['process']['exec_id'] == h['process']['exec_id'] and x['process']['pid'] == h['process']['pid'] and x['parent']['exec_id'] == h['parent']['exec_id'] for x in execs()) for h in hooks())"
	check_events "all(h['process']['flags'] == 'execve clone' and h['parent']['pid'] > 0 for h in hooks())"
	check_events "sum(1 for x in exits() if x.get('signal') == 'SIGKILL' and x['process'].get('binary') == '$OPENER') == 1"
}

# many short-lived processes: each event of the second object, read from its own
# ring buffer, still finds the process the first object's exec told of, and its exit
# (read earlier from the first ring) does not take the process away before
test_short_lived_processes_keep_their_info() {
	compile_all
	start_tprun "$T/kill.bpf.o" "$T/watch.bpf.o"
	local i
	for ((i = 0; i < 200; i++)); do cat "$T/etc/group" > /dev/null; done
	stop_tprun
	check_events "len($(by_policy multi-watch)) == 200"
	check_events "all(h['process'].get('binary') == '/usr/bin/cat' and h['process'].get('arguments') == '$T/etc/group' for h in $(by_policy multi-watch))"
	check_events "sorted(h['process']['exec_id'] for h in $(by_policy multi-watch)) == sorted(x['process']['exec_id'] for x in execs() if x['process'].get('arguments') == '$T/etc/group')"
}

# only the first object sends exec and clone records (tp_proc_records): the
# second's tprun counts none to skip, however many processes exec and fork
test_second_object_sends_no_process_records() {
	compile_all
	start_tprun "$T/kill.bpf.o" "$T/ppid.bpf.o" -v
	local i
	for ((i = 0; i < 20; i++)); do cat "$T/etc/group" > /dev/null; done
	expect_alive "$OPENER" fork getppid
	stop_tprun
	grep -q "^tprun: $T/kill.bpf.o: 0 records another object prints were skipped" "$T/tprun.err" ||
		fail "the first object's records were skipped: $(grep skipped "$T/tprun.err")"
	grep -q "^tprun: $T/ppid.bpf.o: 0 records another object prints were skipped" "$T/tprun.err" ||
		fail "the second object sent exec or clone records: $(grep skipped "$T/tprun.err")"
	check_events "len([x for x in execs() if x['process'].get('arguments') == '$T/etc/group']) == 20"
}

# a forked child (no exec) is known through the first object's clone record,
# also to the events of the others
test_fork_known_to_every_object() {
	compile_all
	start_tprun "$T/kill.bpf.o" "$T/ppid.bpf.o"
	expect_alive "$OPENER" fork getppid
	stop_tprun
	check_events "len(hooks()) == 1"
	check_events "[h['process']['flags'] for h in hooks()] == ['clone']"
	check_events "[h['process'].get('binary') for h in hooks()] == ['$OPENER']"
	# its parent is the opener that exec'd
	check_events "[h['parent']['exec_id'] for h in hooks()] == [x['process']['exec_id'] for x in execs() if x['process'].get('binary') == '$OPENER']"
}

test_compact_names_each_policy() {
	compile_all
	start_tprun "$T/kill.bpf.o" "$T/watch.bpf.o" -o compact
	expect_killed "$OPENER" open "$T/etc/passwd"
	expect_alive "$OPENER" open "$T/etc/group"
	stop_tprun
	grep -q "$T/etc/passwd SIGKILL" "$T/tprun.out" || fail "no Sigkill line"
	[ "$(grep -c "🚀 process .* $OPENER open $T/etc/group" "$T/tprun.out")" = 1 ] || fail "exec lines"
}

# two policies with loader: true: each mapping told of once (Tetragon's loader is one
# sensor, __loader__, whichever policies ask for it)
test_loader_once_for_two_policies() {
	local dl="$T/dlopener" p
	cp "$O/tests/e2e/dlopener" "$dl"
	printf 'int tp_loaded(void) { return 42; }\n' > "$T/lib.c"
	cc -shared -fPIC -o "$T/lib.so" "$T/lib.c"
	for p in a b; do
		printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "loader-%s"\nspec:\n  loader: true\n' \
			"$p" | compile "loader-$p"
	done
	kill_policy | compile kill
	# the first object feeds the process cache; the first with a loader hook reports loads
	start_tprun "$T/kill.bpf.o" "$T/loader-a.bpf.o" "$T/loader-b.bpf.o"
	expect_alive "$dl" dlopen "$T/lib.so"
	stop_tprun
	check_events "[body(e)['path'] for e in ev if kind(e) == 'process_loader' and body(e)['path'] == '$T/lib.so'] == ['$T/lib.so']"
	check_events "sum(1 for x in execs() if x['process'].get('binary') == '$dl') == 1"
}

# what tprun says of a bad object: that one named, nothing started
refuses() {
	local want=$1 rc=0
	shift
	"$TPRUN" "$@" > "$T/bad.out" 2> "$T/bad.err" || rc=$?
	[ $rc -ne 0 ] || fail "tprun $* exited 0"
	grep -qF -- "$want" "$T/bad.err" || { cat "$T/bad.err" >&2; fail "no '$want'"; }
	! grep -q '^tprun: ready' "$T/bad.err" || fail "ready with a bad object"
	! grep -q 'attaches with' "$T/bad.err" || fail "a hook was chosen before the refusal"
}

test_bad_second_object_starts_nothing() {
	compile_all
	echo "not an object" > "$T/junk.bpf.o"
	refuses "tprun: $T/junk.bpf.o: not an ELF object" "$T/kill.bpf.o" "$T/junk.bpf.o"
	refuses "$T/none.bpf.o" "$T/kill.bpf.o" "$T/none.bpf.o"
	# Tetragon refuses a second policy of the same name
	cp "$T/kill.bpf.o" "$T/kill2.bpf.o"
	refuses "tprun: $T/kill2.bpf.o: policy 'multi-kill' is already loaded from $T/kill.bpf.o" \
		"$T/kill.bpf.o" "$T/watch.bpf.o" "$T/kill2.bpf.o"
	# nothing stayed attached
	expect_alive "$OPENER" open "$T/etc/passwd"
}

test_check_each_object() {
	compile_all
	"$TPRUN" --check "$T/kill.bpf.o" "$T/ppid.bpf.o" 2> "$T/check.err" || {
		cat "$T/check.err" >&2; fail "--check failed"; }
	grep -q "^tprun: $T/kill.bpf.o: [0-9]* programs loaded, 0 rejected" "$T/check.err" ||
		fail "no verdict for kill"
	grep -q "^tprun: $T/ppid.bpf.o: [0-9]* programs loaded, 0 rejected" "$T/check.err" ||
		fail "no verdict for ppid"
	echo junk > "$T/junk.bpf.o"
	! "$TPRUN" --check "$T/kill.bpf.o" "$T/junk.bpf.o" 2> "$T/check.err" || fail "--check junk passed"
	grep -q "^tprun: $T/kill.bpf.o: [0-9]* programs loaded" "$T/check.err" || fail "kill unchecked"
}

test_show_policy_each_object() {
	compile_all
	"$TPRUN" --show-policy "$T/kill.bpf.o" "$T/watch.bpf.o" > "$T/shown.yaml"
	python3 - "$T/shown.yaml" <<'PY' || fail "--show-policy is not the two policies"
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
sys.exit(0 if [d['metadata']['name'] for d in docs] == ['multi-kill', 'multi-watch'] else 1)
PY
}

# one object: the lines scripts read are as they were
test_single_object_lines_unchanged() {
	compile_all
	start_tprun "$T/kill.bpf.o"
	stop_tprun
	grep -q "^tprun: hook 'sys_openat' attaches with " "$T/tprun.err" || fail "hook line"
	grep -q "^tprun: ready: policy 'multi-kill', 1 hook, [0-9]* processes known$" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "ready line"; }
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A set of policies in one object (tpgen a.yaml b.yaml c.yaml -o set.bpf.o):
# each policy enforces as it would alone and each event names its own policy;
# tpgen refuses two policies of one name and state the object would share
# between them, and a bad file among good ones is named at its own line and
# column, with nothing written; tprun --show-policy prints every document.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/etc"
echo root > "$T/etc/passwd"
echo grp > "$T/etc/group"

# set-kill: Sigkill on opening $T/etc/passwd
kill_policy() {
	kill_on_open "$T/etc/passwd" | sed 's/^      matchArgs:/    - matchArgs:/' | openat_policy set-kill
}

# set-watch: Post on opening $T/etc/group (the same hook as set-kill)
watch_policy() {
	kill_on_open "$T/etc/group" | sed 's/^      matchArgs:/    - matchArgs:/; s/Sigkill/Post/' |
		openat_policy "${1:-set-watch}"
}

# set-ppid: Post on getppid from $OPENER (another hook)
ppid_policy() {
	getppid_post_policy set-ppid
}

# tpgen_set OUT YAML...: compile the files into one object, its stderr in $T/set.err
tpgen_set() {
	local out=$1
	shift
	"$TPGEN" "$@" -o "$out" 2> "$T/set.err"
}

compile_set() {
	kill_policy > "$T/kill.yaml"
	watch_policy > "$T/watch.yaml"
	ppid_policy > "$T/ppid.yaml"
	tpgen_set "$T/set.bpf.o" "$T/kill.yaml" "$T/watch.yaml" "$T/ppid.yaml" || {
		cat "$T/set.err" >&2
		fail "tpgen of the set failed"
	}
}

by_policy() {
	echo "[h for h in hooks() if h['policy_name'] == '$1']"
}

test_each_event_names_its_policy() {
	compile_set
	start_tprun "$T/set.bpf.o"
	grep -q "^tprun: ready: policies 'set-kill', 'set-watch', 'set-ppid', 3 hooks, " \
		"$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "ready line"; }
	expect_killed "$OPENER" open "$T/etc/passwd"
	expect_alive "$OPENER" open "$T/etc/group"
	expect_alive "$OPENER" getppid
	expect_alive cat "$T/etc/group"
	stop_tprun
	assert_drained
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in $(by_policy set-kill)] == [('$T/etc/passwd', 'KPROBE_ACTION_SIGKILL')]"
	check_events "sorted(h['process'].get('binary') for h in $(by_policy set-watch)) == sorted(['$OPENER', '/usr/bin/cat'])"
	check_events "all(h['args'][1]['string_arg'] == '$T/etc/group' and h['action'] == 'KPROBE_ACTION_POST' for h in $(by_policy set-watch))"
	check_events "len($(by_policy set-ppid)) == 1 and all(h['process'].get('binary') == '$OPENER' for h in $(by_policy set-ppid))"
	check_events "len(hooks()) == 4"
	check_events "sum(1 for x in exits() if x.get('signal') == 'SIGKILL' and x['process'].get('binary') == '$OPENER') == 1"
}

# compact output: the set's kill and its post
test_compact_output() {
	compile_set
	start_tprun "$T/set.bpf.o" -o compact
	expect_killed "$OPENER" open "$T/etc/passwd"
	expect_alive "$OPENER" open "$T/etc/group"
	stop_tprun
	grep -q "$T/etc/passwd SIGKILL" "$T/tprun.out" || fail "no Sigkill line"
	[ "$(grep -c "^📬 open .* $OPENER $T/etc/group\$" "$T/tprun.out")" = 1 ] || fail "no Post line"
}

test_show_policy_prints_every_document() {
	compile_set
	"$TPRUN" --show-policy "$T/set.bpf.o" > "$T/shown.yaml"
	{ cat "$T/kill.yaml"; echo ---; cat "$T/watch.yaml"; echo ---; cat "$T/ppid.yaml"; } > "$T/want.yaml"
	cmp "$T/want.yaml" "$T/shown.yaml" || { diff "$T/want.yaml" "$T/shown.yaml" >&2; fail "--show-policy"; }
}

# one policy alone is the object it always was: the same bytes, run after run
test_one_policy_is_reproducible() {
	kill_policy > "$T/kill.yaml"
	tpgen_set "$T/a.bpf.o" "$T/kill.yaml"
	tpgen_set "$T/b.bpf.o" "$T/kill.yaml"
	cmp "$T/a.bpf.o" "$T/b.bpf.o" || fail "two builds differ"
	compile_set
	cp "$T/set.bpf.o" "$T/set1.bpf.o"
	compile_set
	cmp "$T/set.bpf.o" "$T/set1.bpf.o" || fail "two builds of a set differ"
}

# tprun's unique names cover every policy of every object
test_tprun_refuses_a_name_twice_across_objects() {
	compile_set
	watch_policy > "$T/watch.yaml"
	tpgen_set "$T/watch.bpf.o" "$T/watch.yaml"
	local rc=0
	"$TPRUN" "$T/set.bpf.o" "$T/watch.bpf.o" > /dev/null 2> "$T/bad.err" || rc=$?
	[ $rc -ne 0 ] || fail "tprun ran set-watch twice"
	grep -qF "tprun: $T/watch.bpf.o: policy 'set-watch' is already loaded from $T/set.bpf.o" \
		"$T/bad.err" || { cat "$T/bad.err" >&2; fail "no refusal"; }
	! grep -q '^tprun: ready' "$T/bad.err" || fail "ready"
}

# refused: tpgen FILES... must fail, say WANT (a fixed string) and write nothing
refused() {
	local want=$1 rc=0
	shift
	rm -f "$T/out.bpf.o"
	tpgen_set "$T/out.bpf.o" "$@" || rc=$?
	[ $rc -ne 0 ] || fail "tpgen $* exited 0"
	grep -qF -- "$want" "$T/set.err" || { cat "$T/set.err" >&2; fail "no '$want'"; }
	[ ! -e "$T/out.bpf.o" ] || fail "an object was written"
	! ls "$T"/out.bpf.o.* > /dev/null 2>&1 || fail "a temporary file was left"
}

test_same_name_refused() {
	watch_policy > "$T/watch.yaml"
	watch_policy > "$T/watch2.yaml"
	refused "$T/watch2.yaml:4:9: error: policy name 'set-watch' is already the name of $T/watch.yaml: two policies of one name in a set are not supported" \
		"$T/watch.yaml" "$T/watch2.yaml"
}

test_shared_state_refused() {
	local p
	for p in a b; do
		printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "loader-%s"\nspec:\n  loader: true\n' \
			"$p" > "$T/loader-$p.yaml"
	done
	refused "$T/loader-b.yaml:6:3: error: loader: true is not supported in a set with policy 'loader-a' ($T/loader-a.yaml), which has loader: true" \
		"$T/loader-a.yaml" "$T/loader-b.yaml"
	# one of them with other policies is fine
	kill_policy > "$T/kill.yaml"
	tpgen_set "$T/ok.bpf.o" "$T/loader-a.yaml" "$T/kill.yaml" || { cat "$T/set.err" >&2; fail "loader and kill"; }
}

# every file is checked: each bad one named at its own line and column
test_bad_files_among_good_ones() {
	kill_policy > "$T/kill.yaml"
	watch_policy | sed 's/operator: "Equal"/operator: "Equals"/' > "$T/bad1.yaml"
	ppid_policy | sed 's/type: "syscall64"/type: "syscal64"/' > "$T/bad2.yaml"
	refused "$T/bad1.yaml:" "$T/kill.yaml" "$T/bad1.yaml" "$T/bad2.yaml"
	grep -q "^$T/bad1.yaml:[0-9]*:[0-9]*: error: .*Equals" "$T/set.err" || { cat "$T/set.err" >&2; fail "bad1 not located"; }
	grep -q "^$T/bad2.yaml:[0-9]*:[0-9]*: error: .*syscal64" "$T/set.err" || { cat "$T/set.err" >&2; fail "bad2 not located"; }
	! grep -q "kill.yaml" "$T/set.err" || fail "the good file was blamed"
	grep -q "^tpgen: 2 errors, $T/out.bpf.o not written" "$T/set.err" || { cat "$T/set.err" >&2; fail "summary"; }
}

# the tree's policies as one set: refused where two share the fd map, else every
# program of every policy loads through the verifier
test_the_trees_policies_as_one_set() {
	local dir
	dir=$(cd "$(dirname "$0")/../../policies" && pwd)
	refused "$dir/sys-write-signal.yaml:14:13: error: an fd arg is not supported in a set with policy 'sys-write-follow-fd'" \
		"$dir"/*.yaml
	tpgen_set "$T/all.bpf.o" $(ls "$dir"/*.yaml | grep -v sys-write-signal) ||
		{ cat "$T/set.err" >&2; fail "tpgen of the tree's policies"; }
	"$TPRUN" --check "$T/all.bpf.o" 2> "$T/check.err" || { cat "$T/check.err" >&2; fail "--check"; }
	grep -q "^tprun: $T/all.bpf.o: [0-9]* programs loaded, 0 rejected" "$T/check.err" ||
		{ cat "$T/check.err" >&2; fail "no verdict"; }
}

run_tests

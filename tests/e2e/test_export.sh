#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --export-file: a real file rotated under a flood (lumberjack's names,
# sizes and backups, gzip), no line lost or cut; --export-allowlist and
# --export-denylist: Tetragon's filters on real events, and refusals.
. "$(dirname "$0")/lib.sh"

FLOODER="$T/flooder"
cp "$O/tests/e2e/flooder" "$FLOODER"
. "$(dirname "$0")/flood_policy.sh"
MIB=1048576

# a directory of the test's own for the export file: $EXP
fresh_exp() {
	EXP=$(mktemp -d "$T/exp.XXXXXX")
}

# N of tprun's "drained: N events printed"
printed() {
	sed -nE 's/^tprun: drained: ([0-9]+) events? printed.*/\1/p' "$T/tprun.err"
}

# every line of the export file and its backups (gunzipped), oldest file first
all_lines() {
	local f
	for f in $(ls "$EXP" | grep -E '^ev-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}\.[0-9]{3}\.log(\.gz)?$' | sort); do
		case $f in
		*.gz) gzip -dc "$EXP/$f" ;;
		*) cat "$EXP/$f" ;;
		esac
	done
	cat "$EXP/ev.log"
}

# every line is a whole JSON event; prints how many of them are process_tracepoint
json_lines() {
	python3 -c '
import json, sys
n = t = 0
for line in sys.stdin:
    n += 1
    try:
        e = json.loads(line)
    except Exception as x:
        sys.exit(f"line {n} is not JSON ({x}): {line[:120]!r}")
    t += "process_tracepoint" in e
print(t)'
}

# the hook events of the flood lost in the kernel (0 when none)
lost_hooks() {
	sed -nE 's/^tprun: drained: .* \(([0-9]+) hook events\)$/\1/p' "$T/tprun.err" | grep . || echo 0
}

test_flood_rotated_compressed_no_line_lost() {
	fresh_exp
	flood_policy "$FLOODER" | compile flood
	start_tprun "$T/flood.bpf.o" --export-file "$EXP/ev.log" --export-max-size 1 \
		--export-max-backups 0 --export-compress
	local calls n lines hooks f size backups=0
	calls=$("$FLOODER" 1 20000 | cut -d' ' -f1)
	stop_tprun
	[ ! -s "$T/tprun.out" ] || fail "events went to stdout too"
	n=$(printed)
	grep -qx "tprun: export file $EXP/ev.log: $n lines written, [0-9]* rotations" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "no export line with $n lines"; }
	lines=$(all_lines | wc -l)
	[ "$lines" -eq "$n" ] || fail "$n events printed, $lines lines in the files"
	hooks=$(all_lines | json_lines) || fail "a line is not whole JSON"
	[ $((hooks + $(lost_hooks))) -eq "$calls" ] || fail "$calls calls: $hooks events + $(lost_hooks) lost"
	for f in "$EXP"/*; do
		case $f in
		"$EXP/ev.log") ;;
		*.log.gz)
			backups=$((backups + 1))
			size=$(gzip -dc "$f" | wc -c)
			# rotated before the line that would not fit: full to within a line (< 4 KiB here)
			[ "$size" -le $MIB ] && [ "$size" -gt $((MIB - 4096)) ] || fail "$f: $size bytes"
			[ "$(stat -c %a "$f")" = 600 ] || fail "$f: mode $(stat -c %a "$f")"
			;;
		*) fail "$f: not the file nor a compressed backup" ;;
		esac
	done
	[ $backups -ge 3 ] || fail "only $backups backups of $n lines"
	grep -q "$backups rotations" "$T/tprun.err" || fail "$backups backups, not the rotations said"
}

# a full filesystem: the lines the export file loses to ENOSPC are not counted
# as printed but said in the drained line; the file holds every line printed
test_write_errors_not_printed() {
	fresh_exp
	flood_policy "$FLOODER" | compile flood
	mkdir "$EXP/full"
	mount -t tmpfs -o size=64k,mode=0700 tpgen-export-full "$EXP/full"
	start_tprun "$T/flood.bpf.o" --export-file "$EXP/full/ev.log"
	"$FLOODER" 1 2000 > /dev/null
	stop_tprun
	local n dropped lines
	lines=$(wc -l < "$EXP/full/ev.log")
	umount "$EXP/full"
	n=$(printed)
	dropped=$(sed -nE 's/^tprun: drained: [0-9]+ events? printed, ([0-9]+) lost to export file write errors.*/\1/p' "$T/tprun.err")
	[ "${dropped:-0}" -gt 0 ] || { cat "$T/tprun.err" >&2; fail "no line lost said"; }
	grep -qxE "tprun: export file $EXP/full/ev.log: $n lines? written, 0 rotations, $dropped lines? lost to write errors" \
		"$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "the export line disagrees"; }
	[ "$lines" -eq "$n" ] || fail "$n events printed, $lines lines in the file"
}

test_backups_kept_newest() {
	fresh_exp
	flood_policy "$FLOODER" | compile flood
	start_tprun "$T/flood.bpf.o" --export-file "$EXP/ev.log" --export-max-size 1 \
		--export-max-backups 2
	"$FLOODER" 1 15000 > /dev/null
	stop_tprun
	local rot kept
	rot=$(sed -nE 's/^tprun: export file .*: [0-9]+ lines written, ([0-9]+) rotations$/\1/p' "$T/tprun.err")
	[ "${rot:-0}" -ge 4 ] || { cat "$T/tprun.err" >&2; fail "${rot:-no} rotations"; }
	kept=$(ls "$EXP" | grep -cE '^ev-.*\.log$')
	[ "$kept" -eq 2 ] || { ls -l "$EXP" >&2; fail "$kept backups kept, not 2"; }
	[ "$(ls "$EXP" | wc -l)" -eq 3 ] || { ls -l "$EXP" >&2; fail "other files"; }
	# the newest two: their lines are the last ones printed, and whole
	all_lines | json_lines > /dev/null || fail "a line is not whole JSON"
}

# tprun's own opens act on nothing: policies that kill whoever opens a file in
# the export file's folder leave tprun alive when it opens its file anew there
# at each rotation, and kill another process opening there; one that posts
# such opens posts none of tprun's. Their filters need no tgid, so the self
# check comes after them (gen/emit/entry.c's self_check): after one selector's
# filters (guard1, post), and after a chain's candidates (guard2).
# own_opens OBJECT...: tprun runs the flood policy and OBJECT..., which hold
# guard1, guard2 and post, with its export file where they act
own_opens() {
	start_tprun "$T/flood.bpf.o" "$@" \
		--export-file "$EXP/ev.log" --export-max-size 1 --export-max-backups 0
	local self rot i
	self=$(cat "$T/tprun.pid")
	"$FLOODER" 1 8000 > /dev/null
	# a rotation while the hooks are attached (a stopping tprun detaches, then drains)
	for ((i = 0; i < 600; i++)); do
		ls "$EXP" | grep -q '^ev-' && break
		sleep 0.05
	done
	ls "$EXP" | grep -q '^ev-' || fail "no rotation in 30 s"
	expect_killed "$OPENER" open "$EXP/ev.log"
	stop_tprun || return 1
	rot=$(sed -nE 's/^tprun: export file .*: [0-9]+ lines written, ([0-9]+) rotations$/\1/p' "$T/tprun.err")
	[ "${rot:-0}" -ge 1 ] || { cat "$T/tprun.err" >&2; fail "${rot:-no} rotations"; }
	all_lines > "$T/tprun.out"
	check_events "sorted(h['policy_name'] for h in hooks() if h['process']['binary'] == '$OPENER') == ['guard1', 'guard2', 'post']"
	check_events "not any(h['process'].get('pid') == $self for h in hooks())"
}

test_tprun_own_opens_not_enforced() {
	fresh_exp
	flood_policy "$FLOODER" | compile flood
	{ match_arg 1 Prefix "$EXP/" && match_action Sigkill; } | selector > "$T/kill_exp"
	openat_policy guard1 < "$T/kill_exp" | compile guard1
	{ open_selector "$EXP.other" && cat "$T/kill_exp"; } | openat_policy guard2 | compile guard2
	match_arg 1 Prefix "$EXP/" | selector | openat_policy post | compile post
	# not in a condition: set -e holds inside (tests/e2e/lib.sh's run_tests)
	own_opens "$T/guard1.bpf.o" "$T/guard2.bpf.o" "$T/post.bpf.o"
	# as one set: their hooks are fused, one program runs the three in turn
	"$TPGEN" "$T/guard1.yaml" "$T/guard2.yaml" "$T/post.yaml" -o "$T/guards.bpf.o" -S "$T/guards.c" ||
		fail "tpgen of the set failed"
	grep -q '^TP_SUBPROG long tp_g0_enter(' "$T/guards.c" || fail "the set's hooks are not fused"
	rm -f "$EXP"/*
	own_opens "$T/guards.bpf.o"
}

test_existing_file_appended() {
	fresh_exp
	getppid_post_policy appended | compile appended
	echo '{"earlier":1}' > "$EXP/ev.log"
	start_tprun "$T/appended.bpf.o" --export-file "$EXP/ev.log"
	expect_alive "$OPENER" getppid
	stop_tprun
	[ "$(head -n1 "$EXP/ev.log")" = '{"earlier":1}' ] || fail "the earlier line is gone"
	[ "$(grep -c '"process_tracepoint"' "$EXP/ev.log")" -eq 1 ] || fail "no event appended"
	[ "$(wc -l < "$EXP/ev.log")" -eq $(($(printed) + 1)) ] || fail "lines and events printed differ"
}

test_export_file_refused() {
	fresh_exp
	getppid_post_policy refused | compile refused
	local rc=0
	"$TPRUN" "$T/refused.bpf.o" --export-file "$EXP" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "a directory: exit status $rc"
	grep -qxF "tprun: --export-file: $EXP is a directory" "$T/err" || { cat "$T/err" >&2; fail "not said"; }
	! grep -q 'ready' "$T/err" || fail "started anyway"
	# a symbolic link (rotation would rename the link: /dev/stdout's, once)
	: > "$EXP/file"
	ln -s "$EXP/file" "$EXP/link"
	rc=0
	"$TPRUN" "$T/refused.bpf.o" --export-file "$EXP/link" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] && grep -qxF "tprun: --export-file: $EXP/link is a symbolic link: not supported" \
		"$T/err" || { cat "$T/err" >&2; fail "a symbolic link: exit status $rc"; }
	[ -L "$EXP/link" ] && [ ! -s "$EXP/file" ] || fail "the link or its file was touched"
	# a directory others may write to (no sticky bit): they could plant links as backups
	mkdir -m 0777 "$EXP/open"
	chmod 0777 "$EXP/open"
	rc=0
	"$TPRUN" "$T/refused.bpf.o" --export-file "$EXP/open/ev.log" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] && grep -qxF "tprun: --export-file: $EXP/open is writable by others: not supported" \
		"$T/err" || { cat "$T/err" >&2; fail "a directory writable by others: exit status $rc"; }
	[ ! -e "$EXP/open/ev.log" ] || fail "the file was made anyway"
	rc=0
	"$TPRUN" "$T/refused.bpf.o" --export-compress > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 2 ] && grep -qxF "tprun: --export-compress needs --export-file" "$T/err" ||
		{ cat "$T/err" >&2; fail "--export-compress alone: exit status $rc"; }
}

# kind of each event of stdout, one a line: "process_exec /path/binary pid policy"
kinds() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    k = next(x for x in e if x not in ("node_name", "time"))
    b = e[k]
    print(k, b["process"].get("binary", "-"), b["process"]["pid"], b.get("policy_name", "-"))' "$T/tprun.out"
}

test_allow_event_type_and_binary() {
	getppid_post_policy allowed | compile allowed
	start_tprun "$T/allowed.bpf.o" --export-allowlist '{"event_set":["PROCESS_TRACEPOINT"]}'
	expect_alive "$OPENER" getppid
	expect_alive "$OPENER" getppid
	stop_tprun
	[ "$(kinds | awk '{print $1}' | sort | uniq -c | awk '{print $1, $2}')" = "2 process_tracepoint" ] ||
		{ kinds >&2; fail "not two tracepoint events alone"; }
	grep -qE '^tprun: [1-9][0-9]* events filtered out' "$T/tprun.err" || fail "no filtered count"
	# by binary: the opener's exec, event and exit, nobody else's
	start_tprun "$T/allowed.bpf.o" --export-allowlist "{\"binary_regex\":[\"^$OPENER\$\"]}"
	expect_alive "$OPENER" getppid
	expect_alive cat /dev/null
	stop_tprun
	[ "$(kinds | awk '{print $1, $2}' | sort -u)" = "process_exec $OPENER
process_exit $OPENER
process_tracepoint $OPENER" ] || { kinds >&2; fail "not the opener's three events"; }
}

test_allow_pid() {
	getppid_post_policy bypid | compile bypid
	"$OPENER" waitfile "$T/go" getppid > /dev/null &
	local pid=$!
	start_tprun "$T/bypid.bpf.o" --export-allowlist "{\"pid\":[$pid]}"
	expect_alive "$OPENER" getppid # another pid
	touch "$T/go"
	wait $pid
	stop_tprun
	[ "$(kinds | awk '{print $1, $3}' | sort -u)" = "process_exit $pid
process_tracepoint $pid" ] || { kinds >&2; fail "not pid $pid's event and exit alone"; }
}

test_allow_policy_names() {
	getppid_post_policy pol-a | compile a
	getppid_post_policy pol-b | compile b
	start_tprun "$T/a.bpf.o" "$T/b.bpf.o" --export-allowlist '{"policy_names":["pol-b"]}'
	expect_alive "$OPENER" getppid
	stop_tprun
	# execs and exits have no policy name: none of them
	[ "$(kinds | awk '{print $1, $4}')" = "process_tracepoint pol-b" ] ||
		{ kinds >&2; fail "not pol-b's event alone"; }
}

# allow OR, AND within one, deny after: into the export file
test_allow_deny_combined() {
	fresh_exp
	getppid_post_policy combined | compile combined
	start_tprun "$T/combined.bpf.o" --export-file "$EXP/ev.log" \
		--export-allowlist "{\"binary_regex\":[\"^$OPENER\$\"],\"event_set\":[\"PROCESS_EXEC\",\"PROCESS_EXIT\"]}
{\"event_set\":[\"PROCESS_TRACEPOINT\"]}" \
		--export-denylist '{"event_set":["PROCESS_EXIT"]}'
	expect_alive "$OPENER" getppid
	expect_alive cat /dev/null
	stop_tprun
	cp "$EXP/ev.log" "$T/tprun.out"
	[ "$(kinds | awk '{print $1, $2}' | sort)" = "process_exec $OPENER
process_tracepoint $OPENER" ] || { kinds >&2; fail "not the opener's exec and event"; }
	[ "$(wc -l < "$EXP/ev.log")" -eq "$(printed)" ] || fail "lines and events printed differ"
}

# capabilities: process.cap as --enable-process-cred shows it, at exec
test_allow_capabilities() {
	getppid_post_policy bycap | compile bycap
	start_tprun "$T/bycap.bpf.o" --enable-process-cred --export-allowlist \
		'{"capabilities":{"effective":{"none":["CAP_SYS_ADMIN"]}},"event_set":["PROCESS_TRACEPOINT"]}'
	expect_alive "$OPENER" getppid
	expect_alive setpriv --bounding-set -sys_admin "$OPENER" getppid
	stop_tprun
	check_events "len(hooks()) == 1 and 'CAP_SYS_ADMIN' not in hooks()[0]['process']['cap']['effective'] and 'CAP_NET_ADMIN' in hooks()[0]['process']['cap']['effective']"
	# without process.cap shown, refused as Tetragon refuses it
	local rc=0
	"$TPRUN" "$T/bycap.bpf.o" --export-allowlist '{"capabilities":{"effective":{"any":["CAP_BPF"]}}}' \
		> /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] && grep -qF "capabilities are not enabled in process events" "$T/err" ||
		{ cat "$T/err" >&2; fail "capabilities without --enable-process-cred: exit status $rc"; }
}

test_filters_refused() {
	getppid_post_policy badf | compile badf
	local rc json want
	while IFS='|' read -r json want; do
		rc=0
		"$TPRUN" "$T/badf.bpf.o" --export-denylist "$json" > /dev/null 2> "$T/err" || rc=$?
		[ $rc -eq 1 ] || fail "$json: exit status $rc"
		grep -qF -- "tprun: --export-denylist: $want" "$T/err" || { cat "$T/err" >&2; fail "$json: not '$want'"; }
		! grep -q 'ready' "$T/err" || fail "$json: started anyway"
	done <<'EOF'
{"pid":[1]} {"pid":[2}|line 1, column 22: ']' expected near '}'
{"event_set":["PROCESS_NOPE"]}|filter 1: event_set[0]: unknown event type 'PROCESS_NOPE'
{"pid":[1]}{"bogus":true}|filter 2: unknown field 'bogus'
{"cel_expression":["true"]}|filter 1: 'cel_expression' is not supported: CEL is not evaluated
{"binary_regex":["a("]}|filter 1: binary_regex[0] 'a(': missing closing parenthesis at offset 2
{"pid_set":[1]}|filter 1: pid_set filters use a best-effort approach
EOF
}

run_tests

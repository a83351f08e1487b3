#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun as a tool: variant report, unattachable hooks, signals.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

simple() {
	match_arg 1 Prefix "$T/watched/" | selector | openat_path_policy cli
}

test_reports_the_variant_of_each_hook() {
	simple | compile cli
	start_tprun "$T/cli.bpf.o"
	grep -q "^tprun: hook 'sys_openat' attaches with tracepoint (syscalls/sys_enter_openat)$" "$T/tprun.err" ||
		fail "no variant line"
	stop_tprun
}

test_forbid_names_the_variants_it_refuses() {
	simple | compile cli
	local rc=0
	"$TPRUN" --forbid tracepoint "$T/cli.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -q "hook 'sys_openat' (policy line 7) cannot attach on this kernel: fentry: .*; kprobe: .*; tracepoint: forbidden (--forbid)" "$T/err" ||
		{ cat "$T/err" >&2; fail "the error does not say tracepoint was forbidden"; }
	rc=0
	"$TPRUN" --forbid fentry,bogus "$T/cli.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 2 ] || fail "unknown variant: exit status $rc"
	grep -qxF "tprun: --forbid: unknown variant 'bogus' (fentry, kprobe, tracepoint, raw_tracepoint, lsm, fmod_ret, kprobe_multi, uprobe, usdt)" "$T/err" ||
		{ cat "$T/err" >&2; fail "unknown variant not named, or the variants not listed"; }
	# forbidding what would not be chosen anyway changes nothing
	start_tprun "$T/cli.bpf.o" --forbid fentry --forbid kprobe_multi,lsm
	grep -q "attaches with tracepoint" "$T/tprun.err" || fail "no tracepoint variant"
	stop_tprun
}

test_check_skips_the_forbidden_variants() {
	simple | compile cli
	"$TPRUN" --check "$T/cli.bpf.o" 2> "$T/all.err" || { cat "$T/all.err" >&2; fail "--check"; }
	grep -qE "^verify: tp_h0_tp +ok " "$T/all.err" || { cat "$T/all.err" >&2; fail "tracepoint not verified"; }
	"$TPRUN" --check --forbid tracepoint,kprobe "$T/cli.bpf.o" 2> "$T/err" ||
		{ cat "$T/err" >&2; fail "--check --forbid"; }
	grep -qE "^verify: tp_h0_tp +skipped \(forbidden \(--forbid\)\)$" "$T/err" ||
		{ cat "$T/err" >&2; fail "the forbidden tracepoint was not skipped as such"; }
	grep -qE "^verify: tp_h0_kprobe +skipped \(forbidden \(--forbid\)\)$" "$T/err" ||
		{ cat "$T/err" >&2; fail "the forbidden kprobe was not skipped as such"; }
	grep -qE "^verify: tp_exec +ok " "$T/err" || fail "process tracking not verified"
	# two programs fewer loaded, two more skipped
	local all forbid
	all=$(sed -nE 's/.*: ([0-9]+) programs loaded, 0 rejected, ([0-9]+) skipped$/\1 \2/p' "$T/all.err")
	forbid=$(sed -nE 's/.*: ([0-9]+) programs loaded, 0 rejected, ([0-9]+) skipped$/\1 \2/p' "$T/err")
	[ -n "$all" ] && [ "$forbid" = "$(( ${all% *} - 2 )) $(( ${all#* } + 2 ))" ] ||
		fail "summary '$forbid' after '$all'"
}

# a power of two from the page size to 1 GiB, else exit status 2 before any load
test_ringbuf_size_must_be_a_power_of_two() {
	simple | compile cli
	local bad rc page
	page=$(getconf PAGESIZE)
	for bad in "16M:not a number of bytes" "abc:not a number of bytes" \
		":not a number of bytes" "-1:not a number of bytes" "2GiB:not a number of bytes" \
		"0:not a power of two" "3000:not a power of two" \
		"$((page / 2)):less than the page size" "2147483648:more than 1 GiB" \
		"4294967296:more than 1 GiB" "1099511627776:more than 1 GiB" \
		"18446744073709551616:more than 1 GiB"; do
		rc=0
		"$TPRUN" --ringbuf-size "${bad%%:*}" "$T/cli.bpf.o" > /dev/null 2> "$T/err" || rc=$?
		[ $rc -eq 2 ] || fail "--ringbuf-size '${bad%%:*}': exit status $rc"
		grep -qxF "tprun: --ringbuf-size '${bad%%:*}': ${bad#*:} (a power of two from $page to 1073741824 bytes)" "$T/err" ||
			{ cat "$T/err" >&2; fail "--ringbuf-size '${bad%%:*}': no clear error"; }
	done
	# nothing was loaded: the error is all tprun said
	[ "$(wc -l < "$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "more than the error"; }
	# a power of two, in hex too, runs; so does the page size
	start_tprun "$T/cli.bpf.o" --ringbuf-size 0x10000
	stop_tprun
	start_tprun "$T/cli.bpf.o" --ringbuf-size "$page"
	stop_tprun
}

test_an_override_no_variant_can_enforce_is_an_error() {
	{
		match_arg 1 Prefix "$T/denied"
		match_action Override "        argError: -13"
	} | selector | openat_path_policy ov | compile ov
	local rc=0
	"$TPRUN" "$T/ov.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	# this kernel has neither fmod_ret nor kprobes; the tracepoint cannot override
	grep -q "hook 'sys_openat' (policy line 7) has an Override, which cannot be enforced on this kernel: fmod_ret: .*; kprobe: " "$T/err" ||
		{ cat "$T/err" >&2; fail "the error does not say why the Override cannot be enforced"; }
	! grep -q "tracepoint" "$T/err" || fail "offered a tracepoint, which cannot override"
}

test_ignore_call_not_found_skips_a_missing_function_and_says_so() {
	{
		openat_path_policy ign < /dev/null
		cat <<YAML
  - call: "tpgen_no_such_function"
    syscall: false
    ignore:
      callNotFound: true
    args:
    - index: 0
      type: "int"
YAML
	} > "$T/ign.yaml"
	"$TPGEN" "$T/ign.yaml" -o "$T/ign.bpf.o" 2> "$T/tpgen.err" || { cat "$T/tpgen.err" >&2; fail "tpgen"; }
	grep -q "warning: kprobe 'tpgen_no_such_function': kernel function 'tpgen_no_such_function' not found in this kernel's BTF; tprun skips the hook where it is missing (ignore.callNotFound)" "$T/tpgen.err" ||
		{ cat "$T/tpgen.err" >&2; fail "no tpgen warning"; }
	start_tprun "$T/ign.bpf.o"
	grep -q "^tprun: hook 'tpgen_no_such_function' (policy line 11) skipped: 'tpgen_no_such_function' is not in this kernel (ignore.callNotFound)$" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "no skip line"; }
	grep -q "attaches with tracepoint" "$T/tprun.err" || fail "the other hook did not attach"
	stop_tprun
	# without the ignore: an error
	sed '/ignore:/d; /callNotFound/d' "$T/ign.yaml" > "$T/noign.yaml"
	! "$TPGEN" "$T/noign.yaml" -o "$T/noign.bpf.o" 2> /dev/null || fail "tpgen accepted a missing function"
}

test_sigterm_detaches_and_exits_0() {
	kill_selector "$T/deny" | openat_path_policy term | compile kill
	start_tprun "$T/kill.bpf.o"
	expect_killed "$OPENER" open "$T/deny"
	local pid rc=0
	pid=$(cat "$T/tprun.pid")
	rm -f "$T/tprun.pid"
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	[ $rc -eq 0 ] || fail "exit status $rc after SIGTERM"
	tail -n 1 "$T/tprun.err" | grep -q '^tprun: drained: ' || fail "no 'tprun: drained' line last"
	# detached: the same open no longer kills
	expect_alive "$OPENER" open "$T/deny"
}

test_events_flow_while_running() {
	simple | compile cli
	mkdir -p "$T/watched"
	start_tprun "$T/cli.bpf.o"
	"$OPENER" open "$T/watched/a" > /dev/null
	stop_tprun
	check_events "len(hooks()) == 1 and hooks()[0]['action'] == 'KPROBE_ACTION_POST'"
	# the drained line counts what stdout holds
	local n
	n=$(sed -nE 's/^tprun: drained: ([0-9]+) events? printed$/\1/p' "$T/tprun.err")
	[ "$n" = "$(wc -l < "$T/tprun.out")" ] ||
		fail "'tprun: drained' says '$n' events, stdout has $(wc -l < "$T/tprun.out")"
}

test_exec_events_carry_cwd_and_arguments() {
	simple | compile cli
	mkdir -p "$T/watched/deep/er"
	start_tprun "$T/cli.bpf.o"
	# short-lived: gone before user space could read /proc/PID/cwd
	(cd "$T/watched/deep/er" && "$OPENER" open "$T/watched/x" > /dev/null)
	stop_tprun
	check_events "[(h['process']['cwd'], h['process']['arguments']) for h in hooks()] == [('$T/watched/deep/er', 'open $T/watched/x')]"
	check_events "any(x['process']['binary'] == '$OPENER' and x['process']['cwd'] == '$T/watched/deep/er' and 'execve' in x['process']['flags'] for x in execs())"
}

# argv[0] is skipped however long (exec -a): up to 4 KiB, as Tetragon's read_args
# skips it with a 4096-byte read, so that its bytes never pass for arguments
test_long_argv0_is_not_an_argument() {
	local a0
	simple | compile cli
	mkdir -p "$T/watched"
	a0=$(printf 'A%.0s' $(seq 2000))
	start_tprun "$T/cli.bpf.o"
	(exec -a "$a0" "$OPENER" open "$T/watched/x" > /dev/null)
	stop_tprun
	check_events "[h['process']['arguments'] for h in hooks()] == ['open $T/watched/x']"
}

test_a_hook_nothing_can_attach_is_an_error() {
	# compiled against a tracefs that has an event this kernel lacks
	cat > "$T/tp.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "missing"
spec:
  tracepoints:
  - subsystem: "tptest"
    event: "fields"
    args:
    - index: 5
YAML
	"$TPGEN" --tracefs "$ROOT/tests/unit/fixtures/tracefs" "$T/tp.yaml" -o "$T/tp.bpf.o"
	local rc=0
	"$TPRUN" "$T/tp.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -q "hook 'tptest/fields' (policy line 7) cannot attach on this kernel: tracepoint: tracepoint not found in tracefs" "$T/err" ||
		{ cat "$T/err" >&2; fail "the error does not name the hook and what is missing"; }
	! grep -q "tprun: ready" "$T/err" || fail "said ready"
}

test_a_tracepoint_laid_out_otherwise_is_refused() {
	# an object built where raw_syscalls/sys_enter's id sits at another offset
	mkdir -p "$T/tracefs/events/raw_syscalls/sys_enter"
	sed 's/field:long id;	offset:8;/field:long id;	offset:24;/' \
		/sys/kernel/tracing/events/raw_syscalls/sys_enter/format \
		> "$T/tracefs/events/raw_syscalls/sys_enter/format"
	grep -q "offset:24;" "$T/tracefs/events/raw_syscalls/sys_enter/format" || fail "fixture"
	cat > "$T/tp.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "moved"
spec:
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    args:
    - index: 4
      type: "int64"
YAML
	"$TPGEN" --tracefs "$T/tracefs" "$T/tp.yaml" -o "$T/tp.bpf.o"
	local rc=0
	"$TPRUN" "$T/tp.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -q "hook 'raw_syscalls/sys_enter': field 'id' is at offset 8 (8 bytes) on this kernel, the object reads offset 24 (8 bytes): rebuild it with tpgen on this kernel" "$T/err" ||
		{ cat "$T/err" >&2; fail "no clear refusal"; }
	# built here, it runs; it posts every syscall but tprun's own, and still stops on SIGINT
	"$TPGEN" "$T/tp.yaml" -o "$T/ok.bpf.o"
	start_tprun "$T/ok.bpf.o"
	local self
	self=$(cat "$T/tprun.pid")
	"$OPENER" getppid > /dev/null
	stop_tprun
	check_events "len(hooks()) > 0 and not any(h['process'].get('pid') == $self for h in hooks())"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --pin on this kernel's fentry, kprobe and tracepoint links (tests/e2e/test_pin.sh on
# the host's tracepoint): a Sigkill policy pinned keeps killing after kill -9 of
# tprun; a tprun started again with the same variant adopts the kernel's same
# links and prints the events made meanwhile; another --forbid is refused (the
# variant was loaded with it); --unpin detaches.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../e2e/pin_lib.sh"

# pin_cycle VARIANT [TPRUN ARGS]: pin, kill -9, adopt, unpin, with VARIANT on sys_openat
pin_cycle() {
	local variant=$1 links
	shift
	pin_policy pin1 "$W/forbidden" | compile pin1
	start_tprun "$T/pin1.bpf.o" --pin "$P" "$@"
	file_has "$T/tprun.err" "hook 'sys_openat' attaches with $variant " ||
		{ cat "$T/tprun.err" >&2; fail "not $variant"; }
	file_has "$T/tprun.err" "tprun: pinned policy 'pin1' at $P/pin1" || fail "no pinned line"
	links=$(pinned_link_ids pin1)
	[ "$links" = "$(links_of_pinned_progs pin1)" ] || fail "links $links are not all pinned"

	kill9_tprun
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-while-dead"
	# the pinned programs were chosen and loaded under the pinned --forbid
	if [ $# -eq 0 ]; then
		refused "was pinned with --ringbuf-size" "$T/pin1.bpf.o" --pin "$P" --forbid fentry
	else
		refused "was pinned with --ringbuf-size" "$T/pin1.bpf.o" --pin "$P"
	fi

	start_tprun "$T/pin1.bpf.o" --pin "$P" "$@"
	file_has "$T/tprun.err" "tprun: adopted policy 'pin1' pinned at $P/pin1" ||
		{ cat "$T/tprun.err" >&2; fail "not adopted"; }
	file_has "$T/tprun.err" "hook 'sys_openat' attaches with $variant " || fail "not $variant"
	[ "$(pinned_link_ids pin1)" = "$links" ] || fail "link ids $(pinned_link_ids pin1), were $links"
	[ "$(links_of_pinned_progs pin1)" = "$links" ] ||
		fail "attached again: $(links_of_pinned_progs pin1)"
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-adopted"
	stop_tprun
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$W/forbidden', '$W/post-while-dead', '$W/forbidden', '$W/post-adopted']"

	"$TPRUN" --unpin "$P" 2> "$T/unpin.err" || { cat "$T/unpin.err" >&2; fail "--unpin failed"; }
	[ ! -e "$P" ] || fail "$P left"
	expect_alive "$OPENER" open "$W/forbidden"
}

test_fentry_pinned_outlives_tprun() {
	pin_cleanup
	pin_cycle fentry
}

test_kprobe_pinned_outlives_tprun() {
	pin_cleanup
	pin_cycle kprobe --forbid fentry
}

# the syscalls tracepoint: a perf_event link, which 6.1 pins too
test_tracepoint_pinned_outlives_tprun() {
	pin_cleanup
	pin_cycle tracepoint --forbid fentry,kprobe
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --pin DIR: programs, links and maps pinned in bpffs, so a Sigkill policy
# keeps killing when tprun is killed (-9); a tprun started again adopts the pin
# (the kernel's same links, none attached again) and prints on, the events made
# while no tprun ran included; --unpin DIR detaches and removes what tprun pinned,
# and only that. A different object, a different build of the same policy or
# other load options are refused at DIR; so is a second tprun on the same pin.
# Here on the tracepoint variant; tests/vm/test_pin.sh runs fentry and kprobe.
# Tetragon (--keep-sensors-on-exit) loads and attaches again on restart instead.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/../e2e/pin_lib.sh"
. "$(dirname "$0")/flood_policy.sh"

test_enforcement_outlives_tprun_and_is_adopted() {
	pin_cleanup
	pin_policy pin1 "$W/forbidden" | compile pin1
	start_tprun "$T/pin1.bpf.o" --pin "$P"
	grep -qF "tprun: pinned policy 'pin1' at $P/pin1" "$T/tprun.err" || fail "no pinned line"
	[ -e "$P/pin1/state" ] && [ -e "$P/pin1/maps/tp_events" ] && [ -e "$P/pin1/progs/tp_learn" ]
	[ -e "$P/pin1/maps/tp_audit" ] || fail "the audit ring is not pinned"
	local links
	links=$(pinned_link_ids pin1)
	[ "$links" = "$(links_of_pinned_progs pin1)" ] || fail "links $links are not all pinned"
	# process tracking (3) and the hook (1)
	[ "$(ls "$P/pin1/links" | wc -l)" -eq 4 ] || fail "links pinned: $(ls "$P/pin1/links")"
	# a second tprun on the same pin would split the ring buffer: refused
	refused "another tprun runs on it" "$T/pin1.bpf.o" --pin "$P"

	kill9_tprun
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-while-dead"

	start_tprun "$T/pin1.bpf.o" --pin "$P"
	grep -qF "tprun: adopted policy 'pin1' pinned at $P/pin1: 4 links" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "no adopted line"; }
	! grep -q "tprun: pinned policy" "$T/tprun.err" || fail "pinned again"
	# the kernel's same links, and no other link of the pinned programs
	[ "$(pinned_link_ids pin1)" = "$links" ] || fail "link ids $(pinned_link_ids pin1), were $links"
	[ "$(links_of_pinned_progs pin1)" = "$links" ] || fail "attached again: $(links_of_pinned_progs pin1)"
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-adopted"
	stop_tprun
	# the events made while no tprun ran, then the adopted tprun's own
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$W/forbidden', '$W/post-while-dead', '$W/forbidden', '$W/post-adopted']"
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_SIGKILL', 'KPROBE_ACTION_POST'] * 2"

	# stopped (SIGINT), the pin goes on enforcing; --unpin ends it
	expect_killed "$OPENER" open "$W/forbidden"
	"$TPRUN" --unpin "$P" 2> "$T/unpin.err" || { cat "$T/unpin.err" >&2; fail "--unpin failed"; }
	grep -qF "tprun: unpinned 1 object from $P" "$T/unpin.err" || fail "no unpinned line"
	[ ! -e "$P" ] || fail "$P left: $(find "$P")"
	[ -z "$(links_of_pinned_progs_ids "$links")" ] || fail "links $links still exist"
	expect_alive "$OPENER" open "$W/forbidden"
}

# stopped_flood CALLS: the running tprun stopped (SIGSTOP) while the flooder makes CALLS
# getppid calls, so that its 4 KiB ring overflows; it goes on after
stopped_flood() {
	kill -STOP "$TPRUN_PID"
	"$FLOODER" 1 "$1" > /dev/null || fail "flooder failed"
	kill -CONT "$TPRUN_PID"
}

# accounted CALLS: Posts printed + rate_limit_info's dropped == CALLS, exactly
accounted() {
	check_events "len(hooks()) + sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') == $1"
}

# a tprun that adopts the pin reports in rate_limit_info only the losses after the last
# one's report: the pin keeps what was reported ($P/NAME/reported)
test_adopted_pin_reports_no_loss_twice() {
	pin_cleanup
	FLOODER="$T/flooder"
	cp "$O/tests/e2e/flooder" "$FLOODER"
	flood_policy "$FLOODER" | compile flood
	start_tprun "$T/flood.bpf.o" --pin "$P" --ringbuf-size 4096
	[ -e "$P/flood/reported" ] || fail "no record of what was reported"
	stopped_flood 20000
	stop_tprun
	accounted 20000
	check_events "sum(1 for e in ev if kind(e) == 'rate_limit_info') >= 1"

	# nothing lost since: the adopting tprun reports nothing
	start_tprun "$T/flood.bpf.o" --pin "$P" --ringbuf-size 4096
	grep -qF "tprun: adopted policy 'flood'" "$T/tprun.err" || fail "not adopted"
	stop_tprun
	check_events "[e for e in ev if kind(e) == 'rate_limit_info'] == []"

	# lost again: only that is reported, exactly
	start_tprun "$T/flood.bpf.o" --pin "$P" --ringbuf-size 4096
	stopped_flood 20000
	stop_tprun
	accounted 20000
	check_events "sum(1 for e in ev if kind(e) == 'rate_limit_info') >= 1"
	"$TPRUN" --unpin "$P" 2> "$T/unpin.err" || { cat "$T/unpin.err" >&2; fail "--unpin failed"; }
	[ ! -e "$P" ] || fail "$P left: $(find "$P")"
}

test_mismatching_object_or_options_refused() {
	pin_cleanup
	pin_policy pin2 "$W/forbidden" | compile pin2
	# the same policy name, another build: a different path
	pin_policy pin2 "$W/other" | compile pin2b
	pin_policy pin3 "$W/forbidden" | compile pin3
	start_tprun "$T/pin2.bpf.o" --pin "$P"
	stop_tprun
	refused "holds policy 'pin2' from another object (sha256" "$T/pin2b.bpf.o" --pin "$P"
	refused "$P holds pinned 'pin2', which this run's 1 object is not exactly" \
		"$T/pin3.bpf.o" --pin "$P"
	refused "was pinned with --ringbuf-size" "$T/pin2.bpf.o" --pin "$P" --ringbuf-size 65536
	refused "and process credentials" "$T/pin2.bpf.o" --pin "$P" --enable-process-cred
	# refusals change nothing: the pinned policy enforces, and is adopted
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/other"
	start_tprun "$T/pin2.bpf.o" --pin "$P"
	grep -qF "tprun: adopted policy 'pin2'" "$T/tprun.err" || fail "not adopted"
	stop_tprun
	"$TPRUN" --unpin "$P" 2> /dev/null
}

# adopted OBJ ARGS...: tprun OBJ --pin $P ARGS adopts pin7, which kills on open
adopted() {
	local o=$1
	shift
	cmp -s "$T/pin7.bpf.o" "$o" && fail "$o is pin7.bpf.o"
	start_tprun "$o" --pin "$P" "$@"
	grep -qF "tprun: adopted policy 'pin7'" "$T/tprun.err" || fail "$o not adopted"
	expect_killed "$OPENER" open "$W/forbidden"
	stop_tprun
}

# The pin names its object by the digest its .tp.meta records (include/tp/meta.h):
# the same policy signed, or its file laid out otherwise, is adopted; the policy
# with only a message added is another object.
test_pin_names_the_object_by_its_meta_digest() {
	pin_cleanup
	pin_policy pin7 "$W/forbidden" | compile pin7
	openssl genpkey -algorithm ed25519 -out "$T/key.pem" 2> /dev/null
	openssl pkey -in "$T/key.pem" -pubout -out "$T/pub.pem"
	"$TPGEN" --sign "$T/key.pem" "$T/pin7.yaml" -o "$T/pin7s.bpf.o" 2> "$T/pin7s.tpgen.err" ||
		{ cat "$T/pin7s.tpgen.err" >&2; fail "tpgen --sign failed"; return 1; }
	# bytes past the section headers: no section's, in no digest
	{ cat "$T/pin7.bpf.o"; printf '\0\0\0\0\0\0\0\0'; } > "$T/pin7p.bpf.o"
	sed 's/^    selectors:/    message: "another"\n    selectors:/' "$T/pin7.yaml" | compile pin7m
	start_tprun "$T/pin7.bpf.o" --pin "$P"
	stop_tprun
	adopted "$T/pin7s.bpf.o" --verify-key "$T/pub.pem"
	adopted "$T/pin7p.bpf.o"
	refused "holds policy 'pin7' from another object (sha256" "$T/pin7m.bpf.o" --pin "$P"
	"$TPRUN" --unpin "$P" 2> /dev/null
}

test_unpin_removes_only_what_tprun_pinned() {
	pin_cleanup
	pin_policy pin4 "$W/forbidden" | compile pin4
	start_tprun "$T/pin4.bpf.o" --pin "$P"
	# not while a tprun runs on the pin: its links would stay until it exits
	refused "a tprun runs on it: stop it first" --unpin "$P"
	stop_tprun
	bpftool map create "$P/foreign" type array key 4 value 4 entries 1 name foreign
	mkdir "$P/dir"
	"$TPRUN" --unpin "$P" 2> "$T/unpin.err" || { cat "$T/unpin.err" >&2; fail "--unpin failed"; }
	[ ! -e "$P/pin4" ] || fail "$P/pin4 left"
	[ -e "$P/foreign" ] && [ -d "$P/dir" ] || fail "--unpin removed what tprun did not pin"
	expect_alive "$OPENER" open "$W/forbidden"
	refused "$P: tprun pinned nothing there" --unpin "$P"
	rm -r "$P"
}

test_pin_refuses_what_is_not_bpffs() {
	pin_cleanup
	pin_policy pin5 "$W/forbidden" | compile pin5
	refused "$W/pins is not on a bpf filesystem" "$T/pin5.bpf.o" --pin "$W/pins"
	[ ! -e "$W/pins" ] || fail "$W/pins made"
	RC=2 refused "--pin does not go with --check" "$T/pin5.bpf.o" --pin "$P" --check
	RC=2 refused "--unpin DIR takes no object" "$T/pin5.bpf.o" --unpin "$P"
	refused "(bpffs takes no '.' in a name)" "$T/pin5.bpf.o" --pin "$P.d"
}

# A tprun that died while pinning leaves its state incomplete (pin.h): never
# adopted, and --unpin removes it. Made here by hand: the state map alone,
# "tprunpin", version 1, complete 0, no hooks (struct tp_pin_state, 80 bytes).
test_incomplete_pin_refused_and_unpinned() {
	pin_cleanup
	local v="74 70 72 75 6e 70 69 6e 01 00 00 00" i # "tprunpin", version 1
	for ((i = 0; i < 68; i++)); do v="$v 00"; done
	pin_policy pin6 "$W/forbidden" | compile pin6
	mkdir -p "$P/pin6"
	bpftool map create "$P/pin6/state" type array key 4 value 80 entries 1 name tprun_state
	bpftool map update pinned "$P/pin6/state" key 0 0 0 0 value hex $v
	refused "$P/pin6: an incomplete pin (a tprun stopped while pinning)" "$T/pin6.bpf.o" --pin "$P"
	"$TPRUN" --unpin "$P" 2> "$T/unpin.err" || { cat "$T/unpin.err" >&2; fail "--unpin failed"; }
	[ ! -e "$P" ] || fail "$P left: $(find "$P")"
}

# bpffs takes no '.' in a name: a policy's becomes '_', and two policies that
# would then share a directory are refused
test_policy_names_as_directories() {
	pin_cleanup
	pin_policy "dot.x" "$W/forbidden" | compile dotx
	pin_policy "dot_x" "$W/forbidden" | compile dot_x
	refused "--pin: policies 'dot.x' and 'dot_x' would both pin in $P/dot_x" \
		"$T/dotx.bpf.o" "$T/dot_x.bpf.o" --pin "$P"
	start_tprun "$T/dotx.bpf.o" --pin "$P"
	[ -e "$P/dot_x/state" ] || fail "not pinned in $P/dot_x"
	stop_tprun
	"$TPRUN" --unpin "$P" 2> /dev/null
}

# A usdt is several uprobes under a link of libbpf's own, which the kernel cannot
# pin: --pin refuses it before loading, and leaves nothing pinned.
test_unpinnable_link_refused() {
	pin_cleanup
	cp "$O/tests/e2e/usdter" "$T/usdter"
	tracing_policy usdt <<YAML | compile usdt
  usdts:
  - path: "$T/usdter"
    provider: "tpgen"
    name: "probe2"
YAML
	refused "hook '$T/usdter' (policy line 7) attaches with usdt, which cannot be pinned" \
		"$T/usdt.bpf.o" --pin "$P"
	[ -z "$(ls "$P")" ] || fail "left in $P: $(ls "$P")"
}

# Several objects: a directory each, named by its policies; adopted all together,
# in the order they were pinned, or not at all.
test_several_objects_pin_and_adopt_together() {
	pin_cleanup
	pin_policy pa "$W/forbidden-a" | compile pa
	pin_policy pb "$W/forbidden-b" | compile pb
	start_tprun "$T/pa.bpf.o" "$T/pb.bpf.o" --pin "$P"
	[ -e "$P/pa/state" ] && [ -e "$P/pb/state" ] || fail "no directory per object: $(ls "$P")"
	kill9_tprun
	expect_killed "$OPENER" open "$W/forbidden-a"
	expect_killed "$OPENER" open "$W/forbidden-b"
	refused "$P holds pinned" "$T/pa.bpf.o" --pin "$P"
	refused "$P/pb was pinned as object 2 of 2, here it is 1 of 2" \
		"$T/pb.bpf.o" "$T/pa.bpf.o" --pin "$P"
	start_tprun "$T/pa.bpf.o" "$T/pb.bpf.o" --pin "$P"
	[ "$(grep -c "adopted policy" "$T/tprun.err")" -eq 2 ] || fail "not both adopted"
	expect_killed "$OPENER" open "$W/forbidden-b"
	stop_tprun
	check_events "sorted(h['policy_name'] for h in hooks()) == ['pa', 'pb', 'pb']"
	"$TPRUN" --unpin "$P" 2> "$T/unpin.err"
	grep -qF "tprun: unpinned 2 objects from $P" "$T/unpin.err" || fail "not 2 unpinned"
	expect_alive "$OPENER" open "$W/forbidden-a"
}

scripts_dir=$(cd "$(dirname "$0")/../../scripts" && pwd)
mountpoint -q /sys/fs/bpf || "$scripts_dir/mount-fs.sh" > /dev/null
run_tests

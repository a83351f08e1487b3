#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# What a path filter sees (docs/differences.md, "Paths in syscall arguments").
# A sys_openat filter compares the string as passed: "./secret", "//x", a
# symlink, a hardlink, an openat() from a directory fd and openat2() all pass
# it by, and its Sigkill lands after O_TRUNC emptied the file. The BPF LSM
# file_open hook of policies/lsm-file-open-guard.yaml sees the resolved path
# and refuses every one of them with EPERM before the file is touched.
. "$(dirname "$0")/lib.sh"

OPENER="$T/opener"
cp "$O/tests/e2e/opener" "$OPENER"
D=/tmp/tpgen-vm/guard

kill_selector "$D/secret" | openat_policy syscall-path | compile syscall

setup() {
	rm -rf "$D"
	mkdir -p "$D"
	echo secret > "$D/secret"
	ln -s "$D/secret" "$D/link"
	ln "$D/secret" "$D/hard"
}

# forms: every way to name the file, one opener run; its lines on stdout
forms() {
	(cd "$D" && "$OPENER" at "$D" secret at2 "$D/secret" at . ./secret \
		at / "/$D//secret" at "$D" link at "$D" hard)
}

test_syscall_argument_sees_the_string() {
	setup
	start_tprun "$T/syscall.bpf.o" -o json
	forms > "$T/forms.out" || fail "an open was killed: $(cat "$T/forms.out")"
	"$OPENER" trunc "$D/secret" > /dev/null || true # killed, after the truncation
	stop_tprun
	[ "$(grep -c ': 0$' "$T/forms.out")" = 6 ] || fail "not every form opened: $(cat "$T/forms.out")"
	[ ! -s "$D/secret" ] || fail "O_TRUNC did not empty the file before the kill"
	expect_events "[h['args'][1]['string_arg'] for h in kprobes()] == ['$D/secret']" \
		"[x['process']['arguments'] for x in exits() if x.get('signal') == 'SIGKILL'] == ['trunc $D/secret']"
}

test_lsm_file_open_sees_the_file() {
	setup
	start_policy lsm-file-open-guard
	expect_variant file_open lsm
	forms > "$T/forms.out"
	"$OPENER" trunc "$D/secret" >> "$T/forms.out"
	stop_tprun
	# EPERM (1) for each: at2, at, "//", the symlink, the hardlink in the guarded directory
	[ "$(grep -c ': 1$' "$T/forms.out")" = 7 ] || fail "not every form refused: $(cat "$T/forms.out")"
	[ "$(cat "$D/secret")" = secret ] || fail "the file changed"
	expect_events "len(lsms()) == 7" \
		"sorted(set(h['args'][0]['file_arg']['path'] for h in lsms())) == ['$D/hard', '$D/secret']" \
		"all(h['action'] == 'KPROBE_ACTION_OVERRIDE' for h in lsms())"
}

run_tests

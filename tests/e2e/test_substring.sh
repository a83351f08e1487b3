#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# SubString and SubStringIgnCase on a string arg (the openat path), with
# Sigkill: a value anywhere in the bytes matches, at the start, in the middle
# or at the end; IgnCase lowers ASCII capitals on both sides (Tetragon:
# bpf_strnstr, bpf_strncasestr in filter_char_substring, bpf/process/types/basic.h).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/sub"

test_substring() {
	openat_policy sub <<YAML | compile sub
    - matchArgs:
      - index: 1
        operator: "SubString"
        values:
        - "secret"
        - "/k3y-0123456789abcdef.pem"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/sub.bpf.o"
	expect_killed "$OPENER" open "$T/sub/my-secret-file"
	expect_killed "$OPENER" open "$T/sub/secret"
	expect_killed "$OPENER" open "$T/sub/x/k3y-0123456789abcdef.pem"
	expect_alive "$OPENER" open "$T/sub/Secret"
	expect_alive "$OPENER" open "$T/sub/secre"
	expect_alive "$OPENER" open "$T/sub/k3y-0123456789abcdef.pe"
	stop_tprun
	killed_paths "$T/sub/my-secret-file" "$T/sub/secret" "$T/sub/x/k3y-0123456789abcdef.pem"
}

test_substring_ign_case() {
	openat_policy subi <<YAML | compile subi
    - matchArgs:
      - index: 1
        operator: "SubStringIgnCase"
        values:
        - "SeCrEt@Z"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/subi.bpf.o"
	expect_killed "$OPENER" open "$T/sub/a-secret@z"
	expect_killed "$OPENER" open "$T/sub/SECRET@Z-b"
	expect_alive "$OPENER" open "$T/sub/secret[z"
	expect_alive "$OPENER" open "$T/sub/secret@"
	stop_tprun
	killed_paths "$T/sub/a-secret@z" "$T/sub/SECRET@Z-b"
}

# a value 900 bytes into the path: the search runs over every byte kept
test_substring_long_string() {
	local long
	long=$(printf 'a%.0s' $(seq 1 300))
	openat_policy subl <<YAML | compile subl
    - matchArgs:
      - index: 1
        operator: "SubString"
        values:
        - "needle"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/subl.bpf.o"
	expect_killed "$OPENER" open "$T/sub/$long/$long/$long/needle"
	expect_alive "$OPENER" open "$T/sub/$long/$long/$long/needl"
	stop_tprun
	killed_paths "$T/sub/$long/$long/$long/needle"
}

# on an fd (its path) and a char_buf (the bytes written): both must hold
test_substring_fd_and_buffer() {
	{
		echo "      matchArgs:"
		arg_filter 0 SubString "ev/nu"
		arg_filter 1 SubStringIgnCase "HELLO"
		match_binary "$OPENER"
		match_action Sigkill
	} | selector | sys_write_policy subfd | compile subfd
	start_tprun "$T/subfd.bpf.o"
	expect_killed "$OPENER" write "say hello"
	expect_killed "$OPENER" write "HeLLo!"
	expect_alive "$OPENER" write "say goodbye"
	expect_alive "$OPENER" write "hell"
	stop_tprun
	check_events "len(hooks()) == 2 and all(h['args'][0]['file_arg']['path'] == '/dev/null' for h in hooks())"
}

test_substring_errors() {
	local v
	v=$(printf 'x%.0s' $(seq 1 100))
	openat_policy bad <<YAML > "$T/bad.yaml"
    - matchArgs:
      - index: 1
        operator: "SubString"
        values:
        - "$v"
      - index: 2
        operator: "SubStringIgnCase"
        values:
        - "a"
YAML
	"$TPGEN" "$T/bad.yaml" -o "$T/bad.o" 2> "$T/bad.err" && fail "bad SubString compiled"
	grep -q "bad.yaml:21:11: error: .*a SubString value must be shorter than 100 bytes" "$T/bad.err" &&
		grep -q "bad.yaml:23:19: error: .*operator 'SubStringIgnCase' needs a string or buffer argument" \
			"$T/bad.err" || { cat "$T/bad.err" >&2; fail "no located errors"; }
}

run_tests

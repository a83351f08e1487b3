#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make test's fuzz-replay stage: every regression input of tests/fuzz/regress/
# and every seed, once, through the sanitizer build of its target (ASan,
# UBSan, LeakSanitizer; a libFuzzer binary given files runs each and stops).
# fuzz_policy: regress/policy, policies/*.yaml and the shared corpus's
# Tetragon policies; fuzz_object: regress/object, BUILD_DIR/policies/*.bpf.o
# and their .tp.meta sections (object-seeds.sh).
# Each input that runs clean is one passed, each crash, leak, UB or timeout one
# failed; the tally is in BUILD_DIR/results/fuzz-replay.
# Usage: replay.sh BUILD_DIR   (from the checkout's top directory)
set -u
O=$1
fz=$O/fuzz
corpus=${CORPUS:-../shared/corpus}
passed=0 failed=0
mkdir -p "$O/results"

# replay TARGET FILES...: all in one run; when it fails, each alone to name the bad ones
replay() {
	local t=$1 log=$fz/replay-$1.log f
	shift
	if [ ! -x "$fz/fuzz_$t" ]; then
		echo "  FAIL fuzz_$t: not built (make $fz/fuzz_$t)"
		failed=$((failed + 1))
		return
	fi
	if [ $# -eq 0 ]; then
		echo "  FAIL fuzz_$t: no inputs"
		failed=$((failed + 1))
		return
	fi
	if "$fz/fuzz_$t" -timeout=10 "$@" > "$log" 2>&1; then
		passed=$((passed + $#))
		echo "  ok   fuzz_$t: $# inputs"
		return
	fi
	for f in "$@"; do
		if "$fz/fuzz_$t" -timeout=10 "$f" > "$log.one" 2>&1; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "  FAIL fuzz_$t $f:"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log.one" | head -3
		fi
	done
}

shopt -s nullglob
policy_in=(tests/fuzz/regress/policy/* policies/*.yaml)
[ -d "$corpus/tetragon" ] &&
	mapfile -t -O ${#policy_in[@]} policy_in < <(find "$corpus/tetragon" -name '*.y*ml' | sort)
replay policy "${policy_in[@]}"
tests/fuzz/object-seeds.sh "$O" || failed=$((failed + 1))
replay object tests/fuzz/regress/object/* "$fz"/seeds/object/*
echo "$passed passed, $failed failed" > "$O/results/fuzz-replay"
echo "fuzz-replay: $passed passed, $failed failed"
[ $failed -eq 0 ]

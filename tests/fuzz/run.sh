#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make fuzz: each libFuzzer target of tests/fuzz/ for SECONDS, one after the
# other, with ASan, UBSan and LeakSanitizer. fuzz_policy starts from
# policies/*.yaml, the shared Tetragon corpus (../shared/corpus/tetragon, or
# $CORPUS/tetragon) and its regression inputs, with a dictionary of the
# grammar's words; fuzz_object from the objects tpgen made of policies/
# (BUILD_DIR/policies), their .tp.meta sections (object-seeds.sh) and its
# regression inputs. What each finds is kept in
# BUILD_DIR/fuzz/corpus/TARGET (reused by the next run) and a crash, leak or
# timeout in BUILD_DIR/fuzz/crash-TARGET-*: fix the bug, then copy the input
# into tests/fuzz/regress/TARGET/ (make test replays it, tests/fuzz/replay.sh).
# Usage: run.sh BUILD_DIR [SECONDS]   (from the checkout's top directory)
set -u
O=$1
secs=${2:-60}
fz=$O/fuzz
corpus=${CORPUS:-../shared/corpus}
status=0

tests/fuzz/policy-dict.sh > "$fz/policy.dict" || exit 1
mkdir -p "$fz/corpus/policy" "$fz/corpus/object"
tests/fuzz/object-seeds.sh "$O" || exit 1
policy_seeds=(policies tests/fuzz/regress/policy)
if [ -d "$corpus/tetragon" ]; then
	policy_seeds+=("$corpus/tetragon")
else
	echo "fuzz: no $corpus/tetragon: seeded from policies/ only"
fi

# run TARGET ARGS...: one target for secs seconds; its last lines and verdict
run() {
	local t=$1 log=$fz/$1.log rc
	shift
	echo "fuzz: $t for ${secs}s (log $log)"
	"$fz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$fz/crash-$t-" "$@" > "$log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
		echo "fuzz: $t FAILED (exit status $rc)"
		status=1
	else
		echo "fuzz: $t clean"
	fi
}

run policy -dict="$fz/policy.dict" "$fz/corpus/policy" "${policy_seeds[@]}"
run object "$fz/corpus/object" "$fz/seeds/object" tests/fuzz/regress/object
exit $status

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every policy of the shared Tetragon corpus goes through tpgen. Each must
# either compile into an object whose programs all pass the verifier, or be
# refused with FILE:LINE:COL diagnostics, exit status 1 and no output file.
# Anything else (a crash, another status, a half-written file) fails, and so
# does a run with nothing to check (no corpus directory, no policy in it).
# Usage: corpus.sh [BUILD_DIR]   (from the checkout's top directory)
# Environment: CORPUS, the corpus directory (default ../shared/corpus).
set -u
O=${1:-build}
corpus=${CORPUS:-../shared/corpus}
mkdir -p "$O/results"

# nothing_to_check WHY: fail the stage loudly rather than pass it with 0 checked
nothing_to_check() {
	echo "corpus: FAIL: $1; nothing was checked (CORPUS names the corpus directory)"
	echo "0 passed, 1 failed" > "$O/results/corpus"
	exit 1
}
[ -d "$corpus" ] || nothing_to_check "no corpus directory $corpus"
policies=$(find "$corpus" \( -name '*.yaml' -o -name '*.yml' \) -printf x | wc -c)
[ "$policies" -gt 0 ] || nothing_to_check "no *.yaml or *.yml policy under $corpus"

tmp=$(mktemp -d /tmp/tpgen-corpus.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
compiled=0 refused=0 failed=0
while IFS= read -r -d '' y; do
	obj="$tmp/out.bpf.o"
	rm -f "$obj"
	"$O/tpgen" "$y" -o "$obj" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		if "$O/tprun" --check "$obj" > "$tmp/check" 2>&1; then
			compiled=$((compiled + 1))
		else
			failed=$((failed + 1))
			echo "corpus: FAIL $y: compiled but the verifier rejected it"
			grep REJECTED "$tmp/check" | sed 's/^/  /'
		fi
	elif [ $rc -eq 1 ] && [ ! -e "$obj" ] && ! ls "$tmp"/out.bpf.o.* > /dev/null 2>&1 &&
	     grep -qE "^$(printf '%s' "$y" | sed 's/[.[\*^$/]/\\&/g'):([0-9]+:[0-9]+:)? error: " "$tmp/err"; then
		refused=$((refused + 1))
	else
		failed=$((failed + 1))
		echo "corpus: FAIL $y: exit status $rc"
		head -5 "$tmp/err" | sed 's/^/  /'
	fi
done < <(find "$corpus" -name '*.yaml' -print0 -o -name '*.yml' -print0 | sort -z)
if [ $((compiled + refused + failed)) -ne "$policies" ]; then
	echo "corpus: FAIL: $policies policies found, $((compiled + refused + failed)) checked"
	failed=$((failed + 1))
fi
if [ $compiled -eq 0 ]; then
	echo "corpus: FAIL: not one policy compiled and went through the verifier"
	failed=$((failed + 1))
fi
echo "$((compiled + refused)) passed, $failed failed" > "$O/results/corpus"
echo "corpus: $compiled compiled and verified, $refused refused with diagnostics, $failed failed"
[ $failed -eq 0 ]

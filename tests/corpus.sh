#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every policy of the shared Tetragon corpus goes through tpgen. Each must
# either compile into an object whose programs all pass the verifier, or be
# refused with FILE:LINE:COL diagnostics, exit status 1 and no output file.
# Anything else (a crash, another status, a half-written file) fails.
set -u
O=${1:-build}
corpus=${CORPUS:-../shared/corpus}
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
mkdir -p "$O/results"
echo "$((compiled + refused)) passed, $failed failed" > "$O/results/corpus"
echo "corpus: $compiled compiled and verified, $refused refused with diagnostics, $failed failed"
[ $failed -eq 0 ]

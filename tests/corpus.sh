#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every policy of the shared Tetragon corpus goes through tpgen, and must end
# as tests/corpus.expect says:
#   compiled  an object whose programs all pass this kernel's verifier (at
#             least one program loaded);
#   refused   FILE:LINE:COL diagnostics, exit status 1 and no output file.
# Anything else fails: a crash, another status, a half-written file, a policy
# that moved from compiled to refused or back, one the file does not list, a
# listed one that is gone, and a run with nothing to check.
# Usage: corpus.sh [BUILD_DIR]   (from the checkout's top directory)
# Environment: CORPUS, the corpus directory (default ../shared/corpus);
# CORPUS_UPDATE=1 rewrites tests/corpus.expect from this run (review its diff).
set -u
O=${1:-build}
corpus=${CORPUS:-../shared/corpus}
expect=tests/corpus.expect
mkdir -p "$O/results"

# nothing_to_check WHY: fail the stage loudly rather than pass it with 0 checked
nothing_to_check() {
	echo "corpus: FAIL: $1; nothing was checked (CORPUS names the corpus directory)"
	echo "0 passed, 1 failed" > "$O/results/corpus"
	exit 1
}
[ -d "$corpus" ] || nothing_to_check "no corpus directory $corpus"
[ -r "$expect" ] || nothing_to_check "no $expect"

declare -A want
while read -r verdict path; do
	case $verdict in '' | '#'*) continue ;; esac
	want[$path]=$verdict
done < "$expect"

tmp=$(mktemp -d /tmp/tpgen-corpus.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
compiled=0 refused=0 failed=0
seen=()
while IFS= read -r -d '' y; do
	rel=${y#"$corpus"/}
	seen+=("$rel")
	obj="$tmp/out.bpf.o"
	rm -f "$obj"
	"$O/tpgen" "$y" -o "$obj" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	got=
	if [ $rc -eq 0 ]; then
		if "$O/tprun" --check "$obj" > "$tmp/check" 2>&1 &&
		   ! tail -1 "$tmp/check" | grep -qE '(^|[^0-9])0 programs? loaded'; then
			got=compiled
		else
			echo "corpus: FAIL $rel: compiled but did not pass the verifier"
			grep -E 'REJECTED|tprun:' "$tmp/check" | sed 's/^/  /'
		fi
	elif [ $rc -eq 1 ] && [ ! -e "$obj" ] && ! ls "$tmp"/out.bpf.o.* > /dev/null 2>&1 &&
	     grep -qE "^$(printf '%s' "$y" | sed 's/[.[\*^$/]/\\&/g'):([0-9]+:[0-9]+:)? error: " "$tmp/err"; then
		got=refused
	else
		echo "corpus: FAIL $rel: exit status $rc"
		head -5 "$tmp/err" | sed 's/^/  /'
	fi
	case $got in
	'') failed=$((failed + 1)) ;;
	"${want[$rel]:-}") [ "$got" = compiled ] && compiled=$((compiled + 1)) || refused=$((refused + 1)) ;;
	*)
		failed=$((failed + 1))
		echo "corpus: FAIL $rel: $got, but $expect says '${want[$rel]:-nothing}'"
		[ "$got" = refused ] && head -3 "$tmp/err" | sed 's/^/  /'
		;;
	esac
	printf '%s %s\n' "${got:-failed}" "$rel" >> "$tmp/verdicts"
done < <(find "$corpus" \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)
[ ${#seen[@]} -gt 0 ] || nothing_to_check "no *.yaml or *.yml policy under $corpus"

declare -A found
for rel in "${seen[@]}"; do found[$rel]=1; done
for rel in "${!want[@]}"; do
	[ -n "${found[$rel]:-}" ] && continue
	failed=$((failed + 1))
	echo "corpus: FAIL $rel: listed in $expect, not in the corpus"
done

if [ "${CORPUS_UPDATE:-}" = 1 ]; then
	{
		echo "# What each policy of ../shared/corpus does under tpgen: compiled or refused."
		echo "# tests/corpus.sh fails on any change; CORPUS_UPDATE=1 rewrites this file."
		cat "$tmp/verdicts"
	} > "$expect"
	echo "corpus: $expect rewritten"
fi
echo "$((compiled + refused)) passed, $failed failed" > "$O/results/corpus"
echo "corpus: $compiled compiled and verified, $refused refused with diagnostics, $failed failed"
[ $failed -eq 0 ]

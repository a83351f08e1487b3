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
# A policy for kernel functions this machine lacks is listed in
# tests/corpus.targets with a Debian kernel series of the VM suite: it is built
# for that kernel (tpgen --btf with its vmlinux, --ftrace-functions with its
# available_filter_functions, read in one boot and kept in the kernel cache)
# and verified in that kernel's guest (scripts/vmtest.sh; the kernel is the one
# pinned in scripts/vm/kernels, fetched once into $TPGEN_VM_CACHE).
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

declare -A series
while read -r k path; do
	case $k in '' | '#'*) continue ;; esac
	series[$path]=$k
done < tests/corpus.targets

tmp=$(mktemp -d /tmp/tpgen-corpus.XXXXXX)
# objects for the guests: where they see them (the checkout is shared)
vmobj=$O/corpus-vm
rm -rf "$vmobj"
mkdir -p "$vmobj"
trap 'rm -rf "$tmp" "$vmobj"' EXIT
compiled=0 refused=0 failed=0
seen=()

# kernel SERIES: the directory of the pinned kernel of SERIES, after reading
# its available_filter_functions in a boot of it, once, into $O/corpus-kernels
kernel() {
	local k=$1 d glob fns
	case $k in 6.1) glob='6.1.0-*' ;; 6.12) glob='6.12*' ;; *) return 1 ;; esac
	d=$(scripts/vm/fetch-kernel.sh "$glob") || return 1
	fns=$O/corpus-kernels/${d##*/}/available_filter_functions
	if [ ! -s "$fns" ]; then
		mkdir -p "${fns%/*}"
		scripts/vmtest.sh --kernel "$k" -- cat /sys/kernel/tracing/available_filter_functions \
			> "$fns.tmp" 2> "$tmp/vm.err" && mv "$fns.tmp" "$fns" ||
			{ cat "$tmp/vm.err" >&2; return 1; }
	fi
	echo "$d"
}

# verdict REL GOT: count the policy against what $expect says
verdict() {
	local rel=$1 got=$2
	case $got in
	'') failed=$((failed + 1)) ;;
	"${want[$rel]:-}") [ "$got" = compiled ] && compiled=$((compiled + 1)) || refused=$((refused + 1)) ;;
	*)
		failed=$((failed + 1))
		echo "corpus: FAIL $rel: $got, but $expect says '${want[$rel]:-nothing}'"
		[ "$got" = refused ] && head -3 "$tmp/err.$rel_n" | sed 's/^/  /'
		;;
	esac
	printf '%s %s\n' "${got:-failed}" "$rel" >> "$tmp/verdicts"
}

declare -A guest   # series -> "N REL" lines of objects to verify there
n=0
while IFS= read -r -d '' y; do
	rel=${y#"$corpus"/}
	seen+=("$rel")
	n=$((n + 1))
	rel_n=$n
	obj="$tmp/out.bpf.o"
	target=()
	k=${series[$rel]:-}
	if [ -n "$k" ]; then
		if ! d=$(kernel "$k"); then
			echo "corpus: FAIL $rel: no $k kernel to build for (scripts/vm/fetch-kernel.sh)"
			verdict "$rel" ""
			continue
		fi
		obj="$vmobj/$n.bpf.o"
		target=(--btf "$d/vmlinux"
			--ftrace-functions "$O/corpus-kernels/${d##*/}/available_filter_functions")
	fi
	rm -f "$obj"
	"$O/tpgen" ${target[@]+"${target[@]}"} "$y" -o "$obj" > "$tmp/out" 2> "$tmp/err.$n"
	rc=$?
	got=
	if [ $rc -eq 0 ] && [ -n "$k" ]; then
		guest[$k]+="$n $rel"$'\n'
		continue	# verified in the guest below
	elif [ $rc -eq 0 ]; then
		if "$O/tprun" --check "$obj" > "$tmp/check" 2>&1 &&
		   ! tail -1 "$tmp/check" | grep -qE '(^|[^0-9])0 programs? loaded'; then
			got=compiled
		else
			echo "corpus: FAIL $rel: compiled but did not pass the verifier"
			grep -E 'REJECTED|tprun:' "$tmp/check" | sed 's/^/  /'
		fi
	elif [ $rc -eq 1 ] && [ ! -e "$obj" ] && ! ls "$tmp"/out.bpf.o.* > /dev/null 2>&1 &&
	     grep -qE "^$(printf '%s' "$y" | sed 's/[.[\*^$/]/\\&/g'):([0-9]+:[0-9]+:)? error: " "$tmp/err.$n"; then
		got=refused
	else
		echo "corpus: FAIL $rel: exit status $rc"
		head -5 "$tmp/err.$n" | sed 's/^/  /'
	fi
	verdict "$rel" "$got"
done < <(find "$corpus" \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)

# the objects built for a VM kernel: its verifier, in one boot of it
for k in "${!guest[@]}"; do
	# shellcheck disable=SC2016
	scripts/vmtest.sh --kernel "$k" -- bash -c 'while read -r n rel; do
		[ -n "$n" ] || continue
		if "$0/tprun" --check "$1/$n.bpf.o" > /tmp/check 2>&1 &&
		   ! tail -1 /tmp/check | grep -qE "(^|[^0-9])0 programs? loaded"; then
			echo "@@verified $n"
		else
			grep -E "REJECTED|tprun:" /tmp/check | sed "s/^/  /"
		fi
	done <<< "$2"' "$(cd "$O" && pwd)" "$(cd "$vmobj" && pwd)" "${guest[$k]}" \
		> "$tmp/vm.$k" 2>&1
	while read -r n rel; do
		[ -n "$n" ] || continue
		rel_n=$n
		if grep -qx "@@verified $n" "$tmp/vm.$k"; then
			verdict "$rel" compiled
		else
			echo "corpus: FAIL $rel: built for $k but did not pass its verifier in the guest"
			grep -v '^@@' "$tmp/vm.$k" | tail -5 | sed 's/^/  /'
			verdict "$rel" ""
		fi
	done <<< "${guest[$k]}"
done
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
		LC_ALL=C sort -k2 "$tmp/verdicts"
	} > "$expect"
	echo "corpus: $expect rewritten"
fi
echo "$((compiled + refused)) passed, $failed failed" > "$O/results/corpus"
echo "corpus: $compiled compiled and verified, $refused refused with diagnostics, $failed failed"
[ $failed -eq 0 ]

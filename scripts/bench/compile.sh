#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# How long tpgen takes per policy, wall-clock, the minimum of BENCH_RUNS runs:
# policies/demo.yaml and every corpus policy that compiles on this machine,
# with the cache warm (its entries made by a run before), fresh (warm but for
# the policies' objects, gen/link/compile.c: the first compile of a policy),
# new (fresh, and without the templates' subprograms' objects,
# gen/link/companion.c: the first compile of a policy whose switches and
# templates none had before) and cold (an empty cache each run: the run makes
# them). Prints one line per policy, then the minimum, median and maximum of
# each column and how many are within the goal (issue 10: 150 ms). Numbers,
# not assertions: these machines are noisy; the CPU columns (user and system
# time of tpgen and its clangs) move less with the load of others than the
# wall-clock ones.
# Usage: scripts/bench/compile.sh [BUILD_DIR]   (from the checkout's top directory)
# Environment: CORPUS (default ../shared/corpus), BENCH_RUNS (default 3),
# BENCH_GOAL_MS (default 150), BENCH_COLD=0 skips the cold column, BENCH_FRESH=0
# the fresh one, BENCH_NEW=0 the new one.
set -eu
O=${1:-build}
tpgen=$(realpath "$O/tpgen")
corpus=${CORPUS:-../shared/corpus}
runs=${BENCH_RUNS:-3}
goal=${BENCH_GOAL_MS:-150}
cold=${BENCH_COLD:-1}
fresh=${BENCH_FRESH:-1}
new=${BENCH_NEW:-1}
tmp=$(mktemp -d /tmp/tpgen-bench-compile.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/warm"

# ms CACHE POLICY: one run's wall-clock and CPU time in ms on stdout, or nothing if
# tpgen refused it
ms() {
	local TIMEFORMAT='%R %U %S' t
	t=$({ time TPGEN_CACHE=$1 "$tpgen" "$2" -o "$tmp/out.bpf.o" 2> /dev/null; } 2>&1) ||
		return 0
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<< "$t"
}

# best CACHE POLICY: the minimum of each over the runs; CACHE "cold" is a new, empty
# cache each run, "fresh" the warm one without the policies' objects, "new" without
# the templates' subprograms' objects too
best() {
	local i t b='' bc='' c=$1
	for ((i = 0; i < runs; i++)); do
		if [ "$1" = cold ]; then
			rm -rf "$tmp/cold"
			mkdir -m 700 "$tmp/cold"
			c=$tmp/cold
		elif [ "$1" = fresh ] || [ "$1" = new ]; then
			rm -f "$tmp/warm"/policy-*.o
			[ "$1" = fresh ] || rm -f "$tmp/warm"/lib-*.o
			c=$tmp/warm
		fi
		read -r -a t <<< "$(ms "$c" "$2")"
		[ ${#t[@]} = 2 ] || return 0
		if [ -z "$b" ] || [ "${t[0]}" -lt "$b" ]; then b=${t[0]}; fi
		if [ -z "$bc" ] || [ "${t[1]}" -lt "$bc" ]; then bc=${t[1]}; fi
	done
	echo "$b $bc"
}

policies=(policies/demo.yaml)
while IFS= read -r f; do policies+=("$f"); done < <(find "$corpus" -name '*.yaml' -o -name '*.yml' | sort)

# measure ON CACHE POLICY: "MS CPU" of best CACHE POLICY, kept in CACHE.txt and
# CACHE_cpu.txt; "- -" if not ON, "failed -" if the policy failed
measure() {
	local t
	if [ "$1" != 1 ]; then
		echo "- -"
		return
	fi
	read -r -a t <<< "$(best "$2" "$3")"
	if [ ${#t[@]} != 2 ]; then
		echo "failed -"
		return
	fi
	echo "${t[0]}" >> "$tmp/${2##*/}.txt"
	echo "${t[1]}" >> "$tmp/${2##*/}_cpu.txt"
	echo "${t[0]} ${t[1]}"
}

printf '%-70s %8s %8s %8s %8s %8s %8s %8s %8s\n' policy warm_ms warm_cpu fresh_ms fresh_cpu \
	new_ms new_cpu cold_ms cold_cpu
for k in warm warm_cpu fresh fresh_cpu new new_cpu cold cold_cpu; do : > "$tmp/$k.txt"; done
for f in "${policies[@]}"; do
	# the first run fills the warm cache, and tells whether the policy compiles
	[ -n "$(ms "$tmp/warm" "$f")" ] || continue
	read -r -a w <<< "$(measure 1 "$tmp/warm" "$f")"
	read -r -a n <<< "$(measure "$fresh" fresh "$f")"
	read -r -a e <<< "$(measure "$new" new "$f")"
	read -r -a c <<< "$(measure "$cold" cold "$f")"
	printf '%-70s %8s %8s %8s %8s %8s %8s %8s %8s\n' "${f#"$corpus"/}" "${w[0]}" "${w[1]}" \
		"${n[0]}" "${n[1]}" "${e[0]}" "${e[1]}" "${c[0]}" "${c[1]}"
done

# summary NAME FILE: min, median, max and how many within the goal
summary() {
	sort -n "$2" | awk -v name="$1" -v goal="$goal" '
		{ v[NR] = $1; if ($1 <= goal) ok++ }
		END {
			if (!NR) exit
			printf "%s: %d policies, min %d ms, median %d ms, max %d ms, %d within %d ms\n",
				name, NR, v[1], v[int((NR + 1) / 2)], v[NR], ok, goal
		}'
}
echo
summary "warm cache" "$tmp/warm.txt"
summary "warm cache, CPU" "$tmp/warm_cpu.txt"
summary "fresh" "$tmp/fresh.txt"
summary "fresh, CPU" "$tmp/fresh_cpu.txt"
summary "new configuration" "$tmp/new.txt"
summary "new configuration, CPU" "$tmp/new_cpu.txt"
summary "cold cache" "$tmp/cold.txt"
summary "cold cache, CPU" "$tmp/cold_cpu.txt"

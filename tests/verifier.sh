#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every program of every object in BUILD/policies goes through the kernel
# verifier (tprun --check loads each program the kernel can load, one by one).
# Every policies/*.yaml must have its object, and each object must load at
# least one program: a run with nothing to check fails.
# Usage: verifier.sh [BUILD_DIR]
set -u
O=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for y in "$src"/policies/*.yaml; do
	[ -e "$y" ] || continue
	obj=$O/policies/$(basename "$y" .yaml).bpf.o
	[ -e "$obj" ] || {
		failed=$((failed + 1))
		echo "verifier: FAIL $obj: not built (make policies)"
	}
done
for obj in "$O"/policies/*.bpf.o; do
	[ -e "$obj" ] || continue
	if out=$("$O/tprun" --check "$obj" 2>&1) &&
	   ! echo "$out" | tail -1 | grep -qE '(^|[^0-9])0 programs? loaded'; then
		passed=$((passed + 1))
		echo "verifier: $(echo "$out" | tail -1 | sed 's/^tprun: //')"
	else
		failed=$((failed + 1))
		echo "$out" | grep -E 'REJECTED|tprun:' | sed 's/^/  /'
		echo "verifier: FAIL $obj"
	fi
done
if [ $((passed + failed)) -eq 0 ]; then
	echo "verifier: FAIL: no policy objects in $O/policies; nothing was checked"
	failed=1
fi
mkdir -p "$O/results"
echo "$passed passed, $failed failed" > "$O/results/verifier"
echo "verifier: $passed passed, $failed failed"
[ $failed -eq 0 ]

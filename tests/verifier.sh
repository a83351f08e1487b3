#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every program of every object in BUILD/policies goes through the kernel
# verifier (tprun --check loads each program the kernel can load, one by one).
set -u
O=${1:-build}
passed=0 failed=0
for obj in "$O"/policies/*.bpf.o; do
	[ -e "$obj" ] || continue
	if out=$("$O/tprun" --check "$obj" 2>&1); then
		passed=$((passed + 1))
		echo "verifier: $(echo "$out" | tail -1 | sed 's/^tprun: //')"
	else
		failed=$((failed + 1))
		echo "$out" | grep -E 'REJECTED|tprun:' | sed 's/^/  /'
		echo "verifier: FAIL $obj"
	fi
done
mkdir -p "$O/results"
echo "$passed passed, $failed failed" > "$O/results/verifier"
echo "verifier: $passed passed, $failed failed"
[ $failed -eq 0 ]

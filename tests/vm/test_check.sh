#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every program of every example policy (and of every pending example tpgen
# already compiles) passes this kernel's verifier: fentry, fexit, fmod_ret and
# LSM variants included, which the development host refuses. A program may be
# skipped only for what these kernels lack by design: bpf_override_return
# (no CONFIG_FUNCTION_ERROR_INJECTION; Override goes through fmod_ret or LSM).
# Linux 6.1's verifier walks each object's exec program in about 680,000
# instructions, some 15 s under qemu without KVM: about 300 s for them all.
# vm-timeout: 900
. "$(dirname "$0")/lib.sh"

ALLOWED_SKIP='skipped \(no bpf_override_return in this kernel\)$'

check_obj() {
	local obj=$1 out sum bad
	CUR="check:$(basename "$obj" .bpf.o)"
	out=$("$TPRUN" --check "$obj" 2>&1)
	sum=$(echo "$out" | tail -1 | grep -E ": [0-9]+ programs loaded, 0 rejected, [0-9]+ skipped$")
	bad=$(echo "$out" | grep -E "REJECTED|skipped \(" | grep -vE "$ALLOWED_SKIP")
	if [ -n "$sum" ] && [ -z "$bad" ]; then
		echo "  ok   $CUR: ${sum##*: }"
		PASSED=$((PASSED + 1))
	else
		echo "  FAIL $CUR"
		echo "$out" | grep -E "REJECTED|skipped|tprun:|error" | sed 's/^/      /'
		FAILED=$((FAILED + 1))
	fi
}

n=0
for y in "$VM_SRC"/policies/*.yaml; do
	name=$(basename "$y" .yaml)
	if [ -s "$O/policies/$name.bpf.o" ]; then
		check_obj "$O/policies/$name.bpf.o"
	else
		echo "  FAIL check:$name: $O/policies/$name.bpf.o not built"
		FAILED=$((FAILED + 1))
	fi
	n=$((n + 1))
done
for obj in "$O"/vm/pending/*.bpf.o; do
	[ -e "$obj" ] && check_obj "$obj"
done
[ $n -gt 0 ] || { echo "  FAIL check: no policies"; FAILED=$((FAILED + 1)); }
echo "vmtest check: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

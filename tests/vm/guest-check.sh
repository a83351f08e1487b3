#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Runs inside a VM (scripts/vm/run.sh): every program of every example policy
# passes this kernel's verifier with nothing skipped, and the demo policy
# attaches through fentry and kills. Usage: guest-check.sh BUILD_DIR
set -u
O=$1
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "  ok   $1"; }
ko() { failed=$((failed + 1)); echo "  FAIL $1"; }

for obj in "$O"/policies/*.bpf.o; do
	out=$("$O/tprun" --check "$obj" 2>&1)
	if echo "$out" | tail -1 | grep -q " 0 rejected, 0 skipped$"; then
		ok "$(basename "$obj"): $(echo "$out" | tail -1 | sed 's/.*: //')"
	else
		ko "$(basename "$obj")"
		echo "$out" | grep -E "REJECTED|skipped|tprun:" | sed 's/^/    /'
	fi
done

# a real kill through the fentry variant
mkdir -p /tmp/tpgen-demo
echo secret > /tmp/tpgen-demo/secret
"$O/tprun" "$O/policies/demo.bpf.o" -o json > /tmp/events 2> /tmp/tprun.err &
pid=$!
for _ in $(seq 300); do grep -q '^tprun: ready' /tmp/tprun.err && break; sleep 0.1; done
rc=0
( cat /tmp/tpgen-demo/secret > /dev/null; exit $? ) 2> /dev/null || rc=$?
sleep 0.5
kill -INT $pid
wait $pid
if grep -q "attaches with fentry (__x64_sys_openat)" /tmp/tprun.err && [ $rc -eq 137 ] &&
   grep -q '"action":"KPROBE_ACTION_SIGKILL"' /tmp/events; then
	ok "demo: fentry variant attached, cat killed, SIGKILL event"
else
	ko "demo through fentry (cat exit status $rc)"
	sed 's/^/    /' /tmp/tprun.err
fi
echo "vm $(uname -r): $passed passed, $failed failed"
[ $failed -eq 0 ]

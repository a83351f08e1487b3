# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=sh
# Runs in the aarch64 guest under busybox sh (scripts/vm/run-arm64.sh), given
# the host directory tests/vm-arm64.sh filled: tprun (aarch64), kill.bpf.o
# (tpgen --target arm64: Sigkill on openat of /tmp/victim), sync.bpf.o (Sigkill
# on sync(2), a syscalls list: arm64's numbers), policies/*.bpf.o and
# kill-x86_64.bpf.o (the kill built for x86_64, which this tprun refuses).
# Prints "  ok   NAME" or "  FAIL NAME: why" per check, then the tally.
D=/host$1
TPRUN=$D/tprun
pass=0
failed=0
ok() { echo "  ok   $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1: $2"; failed=$((failed + 1)); }

# every program of every object through this kernel's verifier
for o in "$D"/policies/*.bpf.o; do
	n=$(basename "$o" .bpf.o)
	if "$TPRUN" --check "$o" > /tmp/check 2>&1 && grep -q ' 0 rejected' /tmp/check; then
		ok "verifier:$n ($(grep -o '[0-9]* programs* loaded' /tmp/check))"
	else
		sed 's/^/      /' /tmp/check
		bad "verifier:$n" "tprun --check failed"
	fi
done

# the kill: an openat of /tmp/victim dies of SIGKILL, the event says so
echo x > /tmp/victim
"$TPRUN" -o json "$D/kill.bpf.o" "$D/sync.bpf.o" > /tmp/events 2> /tmp/tprun.err &
pid=$!
i=0
while ! grep -q 'tprun: ready' /tmp/tprun.err && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
if grep -q 'tprun: ready' /tmp/tprun.err; then
	ok "kill:ready ($(grep -o 'hook [0-9]*.*' /tmp/tprun.err | head -1))"
	cat /tmp/victim > /dev/null 2>&1
	rc=$?
	[ $rc -eq 137 ] && ok "kill:cat /tmp/victim killed" || bad "kill:cat /tmp/victim" "exit $rc"
	cat /dev/null
	rc=$?
	[ $rc -eq 0 ] && ok "kill:cat /dev/null lives" || bad "kill:cat /dev/null" "exit $rc"
	sh -c sync 2> /dev/null
	rc=$?
	[ $rc -eq 137 ] && ok "kill:sync(2) by arm64's number" || bad "kill:sync(2)" "exit $rc"
	kill -INT $pid
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || bad "kill:tprun" "exit $rc"
	if grep -q '"function_name":"__arm64_sys_openat"' /tmp/events &&
		grep -q '"action":"KPROBE_ACTION_SIGKILL"' /tmp/events &&
		grep -q '"string_arg":"/tmp/victim"' /tmp/events; then
		ok "kill:event (__arm64_sys_openat, /tmp/victim, KPROBE_ACTION_SIGKILL)"
		grep -q '"policy_name":"arm64-sync"' /tmp/events &&
			ok "kill:sync event" || bad "kill:sync event" "no arm64-sync event"
	else
		sed 's/^/      /' /tmp/events | head -20
		bad "kill:event" "no process_kprobe of __arm64_sys_openat with Sigkill"
	fi
else
	kill $pid 2> /dev/null
	bad "kill:ready" "tprun did not get ready"
fi
sed 's/^/      /' /tmp/tprun.err | grep -v 'host_ns' | head -20

# an object of another machine's: refused with one line, nothing loaded
rc=0
"$TPRUN" "$D/kill-x86_64.bpf.o" > /tmp/out 2> /tmp/err || rc=$?
want="tprun: $D/kill-x86_64.bpf.o: object built for x86_64, this machine is aarch64"
if [ $rc -eq 1 ] && [ "$(cat /tmp/err)" = "$want" ] && [ ! -s /tmp/out ]; then
	ok "refuse:x86_64 object"
else
	sed 's/^/      /' /tmp/err
	bad "refuse:x86_64 object" "exit $rc"
fi
echo "vm-arm64: $pass passed, $failed failed"

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Set on usdts: argValue into the probe's argument, which the setter test binary
# prints back (usdt_set.sh). Set writes with bpf_probe_write_user, which kernel
# lockdown (integrity, as on this host) takes away: then tprun refuses the hook
# and says why. Where the kernel has the helper the write is tested here too;
# tests/vm/test_usdt_set.sh always tests it. Set where Tetragon does nothing
# with it (other hooks), and an argIndex past args, are refused at their line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/usdt_set.sh"

has_write_user() { grep -q '\[none\]' /sys/kernel/security/lockdown 2>/dev/null; }

test_usdt_set_writes_or_is_refused() {
	set_policy set 0
	if ! has_write_user; then
		"$TPRUN" "$T/set.bpf.o" > "$T/tprun.out" 2> "$T/tprun.err" &&
			fail "tprun loaded a Set without bpf_probe_write_user"
		grep -q "hook '$SETTER' .*cannot attach.*usdt: action Set needs bpf_probe_write_user, which kernel lockdown (integrity or confidentiality) takes away" \
			"$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "no reason given"; }
		[ "$("$SETTER" 7)" = "setter: 7 -> 0 0" ]
		return
	fi
	start_tprun "$T/set.bpf.o"
	"$SETTER" 5 7 > "$T/setter.out"
	stop_tprun
	[ "$(cat "$T/setter.out")" = "setter: 5 -> 0 0
setter: 7 -> 32 0" ] || { cat "$T/setter.out" >&2; fail "not set"; }
	check_events "[(u['args'], u['action']) for u in $US] == [([{'int_arg': 0}, {'int_arg': 7}, {'long_arg': '0'}], 'KPROBE_ACTION_SET')]"
}

test_usdt_set_refused() {
	local y
	set_policy far 3 2> /dev/null && fail "tpgen took argIndex 3"
	grep -q "far.yaml:26:9: error: .*action 'Set': argIndex 3 is not a position in args (the hook has 3)" \
		"$T/far.tpgen.err" || { cat "$T/far.tpgen.err" >&2; fail "argIndex 3"; }
	[ ! -e "$T/far.bpf.o" ]
	for y in "uprobes:
  - path: \"$SETTER\"
    symbols: [\"main\"]" "kprobes:
  - call: \"sys_getpid\"
    syscall: true" "tracepoints:
  - subsystem: \"syscalls\"
    event: \"sys_enter_getpid\""; do
		cat > "$T/other.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "other"
spec:
  $y
    selectors:
    - matchActions:
      - action: Set
        argIndex: 0
        argValue: 1
YAML
		! "$TPGEN" "$T/other.yaml" -o "$T/other.bpf.o" 2> "$T/other.err"
		grep -q "other.yaml:11:9: error: .*action 'Set' is not supported on [a-z]*: Tetragon's Set writes a USDT argument, and does nothing elsewhere" \
			"$T/other.err" || { cat "$T/other.err" >&2; fail "Set on ${y%%:*}"; }
	done
}

run_tests

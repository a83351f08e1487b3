#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Set on usdts where the kernel has bpf_probe_write_user (Debian's kernels boot
# here without lockdown): argValue lands in the probe's 4-byte argument, which the
# setter test binary (<sys/sdt.h>, tpgen:set3(RET, N, WIDE)) prints back. The
# event shows the argument as the probe passed it, action KPROBE_ACTION_SET, as
# Tetragon's TestUsdtResolve expects. A probe whose argument is not 4 bytes in
# memory is refused when tprun attaches, as Tetragon's addUsdt refuses it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../e2e/usdt_set.sh"
. "$(dirname "$0")/metrics.sh"

test_usdt_set_writes() {
	set_policy set 0
	start_tprun "$T/set.bpf.o"
	"$SETTER" 5 7 > "$T/setter.out"
	stop_tprun
	[ "$(cat "$T/setter.out")" = "setter: 5 -> 0 0
setter: 7 -> 32 0" ] || { cat "$T/setter.out" >&2; fail "not set"; }
	expect_events \
		"[(u['args'], u['action'], u['policy_name']) for u in $US] == [([{'int_arg': 0}, {'int_arg': 7}, {'long_arg': '0'}], 'KPROBE_ACTION_SET', 'set')]"
}

# without CAP_SYS_ADMIN the kernel withholds bpf_probe_write_user: the hook is refused,
# and the reason is the capability, not lockdown (this guest has none)
test_usdt_set_needs_sys_admin() {
	set_policy set 0
	capsh --drop=cap_sys_admin -- -c '"$1" "$2"' _ "$TPRUN" "$T/set.bpf.o" \
		> "$T/tprun.out" 2> "$T/tprun.err" && fail "tprun loaded a Set without CAP_SYS_ADMIN"
	grep -q "hook '$SETTER' .*cannot attach.*usdt: action Set needs bpf_probe_write_user, which the kernel gives only to a program loaded with CAP_SYS_ADMIN" \
		"$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "no reason given"; }
	[ "$("$SETTER" 7)" = "setter: 7 -> 0 0" ]
}

test_usdt_set_nopost() {
	set_policy nopost 0 "- action: NoPost"
	start_tprun "$T/nopost.bpf.o"
	"$SETTER" 7 > "$T/setter.out"
	stop_tprun
	file_has "$T/setter.out" "setter: 7 -> 32 0" || { cat "$T/setter.out" >&2; fail "not set"; }
	expect_events "$US == []"
}

# policy-mode: monitor reports the Set and writes nothing (Tetragon's enforce_mode), and
# counts it as monitor_set (Tetragon's do_action: POLICY_MONITOR_SET)
test_usdt_set_monitor() {
	set_policy monitor 0 "" 'options:
  - name: "policy-mode"
    value: "monitor"'
	start_tprun "$T/monitor.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	"$SETTER" 7 > "$T/setter.out"
	expect_actions 1 policy=monitor action=monitor_set
	expect_actions 0 policy=monitor action=set
	stop_tprun
	file_has "$T/setter.out" "setter: 7 -> 0 0" || { cat "$T/setter.out" >&2; fail "written"; }
	expect_events "[u['action'] for u in $US] == ['KPROBE_ACTION_SET']"
}

# N is in a register, WIDE 8 bytes in memory: Set cannot write either
test_usdt_set_not_4_bytes_in_memory() {
	local i
	for i in 1 2; do
		set_policy bad$i $i
		"$TPRUN" "$T/bad$i.bpf.o" > "$T/tprun.out" 2> "$T/tprun.err" &&
			fail "tprun attached a Set on argument $i"
		file_has "$T/tprun.err" "usdt 'tpgen:set3' in $SETTER: action Set: argument $i of the probe is not 4 bytes in memory" ||
			{ cat "$T/tprun.err" >&2; fail "argument $i: no reason"; }
	done
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# spec.enforcers and NotifyEnforcer on this host, which has neither fmod_ret
# (BPF trampolines are refused) nor bpf_override_return (no kprobes): a policy
# that only asks for a signal has it sent from the notifying hook, and tprun
# says so; one that asks for an error is refused at load, naming what is
# missing. tests/vm/test_enforcer.sh shows the enforcer itself, through
# fmod_ret on security_* functions.
. "$(dirname "$0")/lib.sh"

test_signal_only_is_sent_from_the_notifying_hook() {
	enforcer_policy enforce-sig "        argSig: 9" | compile sig
	start_tprun "$T/sig.bpf.o"
	grep -q "^tprun: enforcer 'sys_dup' (policy line 10) cannot override the return value of '__x64_sys_dup' on this kernel: fmod_ret: .*; kprobe: .*; the policy's NotifyEnforcer actions only send signals: the notifying hooks send them, no enforcer is attached$" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "tprun does not say the signal is sent from the notifying hook"; }
	expect_killed "$OPENER" dup
	expect_killed "$OPENER" getppid dup2
	expect_alive "$OPENER" getppid
	mkdir -p "$T/other" && cp "$OPENER" "$T/other/opener"
	expect_alive "$T/other/opener" dup
	stop_tprun
	check_events "sorted(h['args'][0]['syscall_id']['id'] for h in hooks()) == [32, 33]"
	check_events "all(h['action'] == 'KPROBE_ACTION_NOTIFYENFORCER' and h['policy_name'] == 'enforce-sig' for h in hooks())"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$OPENER' and x.get('signal') == 'SIGKILL') == 2"
}

# a raw tracepoint notifies too, and argSig is any signal (SIGUSR1 ends the process)
test_raw_tracepoint_signal() {
	cat <<YAML | compile raw
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "enforce-raw"
spec:
  enforcers:
  - calls:
    - "sys_dup"
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    raw: true
    args:
    - index: 1
      type: "int64"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "32"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchActions:
      - action: "NotifyEnforcer"
        argSig: 10
        argError: 0
YAML
	start_tprun "$T/raw.bpf.o"
	grep -q "the notifying hooks send them" "$T/tprun.err" || { cat "$T/tprun.err" >&2; fail "no inline notice"; }
	SIG=10 expect_killed "$OPENER" dup
	expect_alive "$OPENER" dup2
	stop_tprun
	check_events "[(h['args'][0]['long_arg'], h['action']) for h in hooks()] == [('32', 'KPROBE_ACTION_NOTIFYENFORCER')]"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$OPENER' and x.get('signal') == 'SIGUSR1') == 1"
}

# argError needs fmod_ret or bpf_override_return: refused at load, naming both
test_error_cannot_be_enforced_here() {
	local rc=0
	enforcer_policy enforce-err "        argError: -1
        argSig: 9" | compile err
	"$TPRUN" "$T/err.bpf.o" > "$T/out" 2> "$T/err" || rc=$?
	[ $rc -ne 0 ] || fail "tprun started a policy it cannot enforce"
	grep -q "^tprun: enforcer 'sys_dup' (policy line 10) cannot override the return value of '__x64_sys_dup' on this kernel: fmod_ret: fmod_ret refused (BPF trampolines refused by this kernel); kprobe: kprobes unavailable" "$T/err" ||
		{ cat "$T/err" >&2; fail "the refusal does not name what is missing"; }
	grep -q "ready" "$T/err" && fail "tprun said ready"
	# --check: the enforcer's programs are skipped for what this kernel lacks, the rest load
	"$TPRUN" --check -v "$T/err.bpf.o" > "$T/check" 2>&1 || { cat "$T/check" >&2; fail "--check"; }
	grep -q "tp_h1_fmod_ret .*skipped (fmod_ret refused (BPF trampolines refused by this kernel))" "$T/check" ||
		{ cat "$T/check" >&2; fail "--check does not skip the fmod_ret enforcer"; }
	grep -q "tp_h1_kprobe .*skipped (no bpf_override_return in this kernel)" "$T/check" ||
		{ cat "$T/check" >&2; fail "--check does not skip the kprobe enforcer"; }
}

# policy-mode: monitor notifies nobody: the event says NotifyEnforcer, nobody dies
test_monitor_notifies_nobody() {
	enforcer_policy enforce-mon "        argError: -1
        argSig: 9" | sed 's/^spec:$/spec:\n  options:\n  - name: "policy-mode"\n    value: "monitor"/' | compile mon
	start_tprun "$T/mon.bpf.o"
	expect_alive "$OPENER" dup
	stop_tprun
	check_events "[(h['args'][0]['syscall_id']['id'], h['action']) for h in hooks()] == [(32, 'KPROBE_ACTION_NOTIFYENFORCER')]"
	check_events "not any(x.get('signal') for x in exits() if x['process'].get('binary') == '$OPENER')"
}

# tpgen's refusals, each at its line
test_located_errors() {
	local rc=0
	enforcer_policy e1 "        argSig: 9" | sed 's/"list:dups"$/"list:nope"/' > "$T/e1.yaml"
	"$TPGEN" "$T/e1.yaml" -o "$T/e1.o" 2> "$T/e1.err" && fail "list:nope compiled"
	grep -q "e1.yaml:14:7: error: enforcer call 'list:nope': no list named 'nope' in spec.lists" "$T/e1.err" ||
		{ cat "$T/e1.err" >&2; fail "unknown list"; }
	enforcer_policy e2 "        argSig: 9" | sed 's/^  enforcers:$/  xenforcers:/' > "$T/e2.yaml"
	"$TPGEN" "$T/e2.yaml" -o "$T/e2.o" 2> "$T/e2.err" && fail "NotifyEnforcer without enforcers compiled"
	grep -q "e2.yaml:32:9: error: tracepoint 'raw_syscalls/sys_enter': action 'NotifyEnforcer' specified, but spec contains no enforcers" "$T/e2.err" ||
		{ cat "$T/e2.err" >&2; fail "NotifyEnforcer without enforcers"; }
	enforcer_policy e3 "        argSig: 9" | sed 's/^    - "list:dups"$/    - "do_dup"/' > "$T/e3.yaml"
	"$TPGEN" "$T/e3.yaml" -o "$T/e3.o" 2> "$T/e3.err" && fail "do_dup compiled"
	grep -q "e3.yaml:14:7: error: enforcer 'do_dup': enforcer calls must be syscalls or security_ functions" "$T/e3.err" ||
		{ cat "$T/e3.err" >&2; fail "a call neither syscall nor security_"; }
	[ ! -e "$T/e1.o" ] && [ ! -e "$T/e2.o" ] && [ ! -e "$T/e3.o" ] || fail "an object was written"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# spec.enforcers and NotifyEnforcer on Debian's kernels: a syscall tracepoint
# (or raw tracepoint) notifies, the enforcer on a security_* function takes
# the notification through fmod_ret: the call fails with argError, or the
# process gets argSig. These kernels have no CONFIG_FUNCTION_ERROR_INJECTION:
# an enforcer on a syscall cannot override it (neither fmod_ret nor
# bpf_override_return), so a policy that asks for an error is refused at
# load, naming that, and one that only asks for a signal has it sent from
# the notifying hook, which tprun says.
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-vm/enforcer

# openat_notifier NAME CALLS PARAMS: sys_enter_openat of $D/deny notifies the
# enforcer on CALLS (a YAML flow list) with the action parameters PARAMS
openat_notifier() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  enforcers:
  - calls: $2
  tracepoints:
  - subsystem: "syscalls"
    event: "sys_enter_openat"
    args:
    - index: 6
      type: "string"
    selectors:
    - matchArgs:
      - index: 6
        operator: "Equal"
        values:
        - "$D/deny"
      matchActions:
      - action: "NotifyEnforcer"
$3
YAML
}

# expect_said TEXT: tprun's stderr says TEXT
expect_said() {
	file_has "$T/tprun.err" "$1" || {
		sed 's/^/      /' "$T/tprun.err" >&2
		fail "tprun did not say \"$1\""
	}
}

test_error_through_fmod_ret_on_security_file_open() {
	mkdir -p "$D"
	echo x > "$D/deny"; echo y > "$D/allow"
	openat_notifier enforce-open '["security_file_open"]' "        argError: -1" | compile eopen
	start_tprun "$T/eopen.bpf.o" -o json
	expect_said "tprun: enforcer 'security_file_open' attaches with fmod_ret (security_file_open)"
	# a real process sees the errno: EPERM
	expect_exit 1 open_errno "$D/deny"
	expect_exit 0 open_errno "$D/allow"
	expect_exit 1 /usr/bin/cat "$D/deny"
	file_has "$T/cmd.out" "Operation not permitted" || fail "cat did not say EPERM: $(cat "$T/cmd.out")"
	# the notification was taken: the next open of the thread is not refused
	expect_exit 0 open_errno "$D/allow"
	stop_tprun
	expect_events \
		"len(tracepoints()) == 2" \
		"all((t['event'], t['action'], t['policy_name'], t['args'][0]['string_arg']) == ('sys_enter_openat', 'KPROBE_ACTION_NOTIFYENFORCER', 'enforce-open', '$D/deny') for t in tracepoints())" \
		"not any(x.get('signal') for x in exits())"
}

# mkdir_selector BINARY PARAMS: BINARY's mkdir and mkdirat notify with PARAMS
mkdir_selector() {
	cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "83"
        - "258"
      matchBinaries:
      - operator: "In"
        values:
        - "$1"
      matchActions:
      - action: "NotifyEnforcer"
$2
YAML
}

# a raw tracepoint notifies, the enforcer sends argSig (and returns argError)
test_signal_from_raw_tracepoint_through_security_inode_mkdir() {
	local py
	mkdir -p "$D"
	rm -rf "$D/made" "$D/kept"
	py=$(python3 -S -c 'import os, sys; print(os.path.realpath(sys.executable))')
	cat <<YAML | compile emkdir
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "enforce-mkdir"
spec:
  enforcers:
  - calls:
    - "security_inode_mkdir"
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    raw: true
    args:
    - index: 1
      type: "int64"
    selectors:
$(mkdir_selector /usr/bin/mkdir "        argError: -13
        argSig: 9")
$(mkdir_selector "$py" "        argError: -13")
YAML
	start_tprun "$T/emkdir.bpf.o" -o json
	expect_said "tprun: enforcer 'security_inode_mkdir' attaches with fmod_ret (security_inode_mkdir)"
	expect_killed /usr/bin/mkdir "$D/made"
	[ ! -e "$D/made" ] || fail "mkdir made $D/made"
	# EACCES, seen by a real process
	expect_exit 13 python3 -S -c '
import os, sys
try:
    os.mkdir(sys.argv[1])
except OSError as e:
    sys.exit(e.errno)' "$D/kept"
	[ ! -e "$D/kept" ] || fail "the refused mkdir made $D/kept"
	stop_tprun
	expect_events \
		"sorted(t['process']['binary'].split('/')[-1][:6] for t in tracepoints()) == ['mkdir', 'python']" \
		"all(t['action'] == 'KPROBE_ACTION_NOTIFYENFORCER' for t in tracepoints())" \
		"[x['signal'] for x in exits() if x['process']['binary'] == '/usr/bin/mkdir'] == ['SIGKILL']"
}

# argError on a syscall: neither fmod_ret (not error-injectable without
# CONFIG_FUNCTION_ERROR_INJECTION) nor bpf_override_return: refused at load
test_error_on_a_syscall_is_refused_naming_what_is_missing() {
	local rc=0
	openat_notifier enforce-sys '["sys_openat"]' "        argError: -1" | compile esys
	"$TPRUN" "$T/esys.bpf.o" > "$T/out" 2> "$T/tprun.err" < /dev/null || rc=$?
	[ $rc -ne 0 ] || fail "tprun started an enforcer it cannot enforce"
	expect_said "tprun: enforcer 'sys_openat' (policy line 7) cannot override the return value of '__x64_sys_openat' on this kernel: fmod_ret: fmod_ret refused: the function is not security_*, and this kernel has no error injection to allow it (CONFIG_FUNCTION_ERROR_INJECTION is not set); kprobe: no bpf_override_return in this kernel (CONFIG_BPF_KPROBE_OVERRIDE needs CONFIG_FUNCTION_ERROR_INJECTION, which is not set)"
	file_has "$T/tprun.err" "tprun: ready" && fail "tprun said ready"
	return 0
}

# signals only on a syscall: sent from the notifying hook, and tprun says so
test_signal_only_on_a_syscall_is_sent_from_the_notifying_hook() {
	mkdir -p "$D"
	echo x > "$D/deny"
	openat_notifier enforce-sig '["sys_openat"]' "        argSig: 9" | compile esig
	start_tprun "$T/esig.bpf.o" -o json
	expect_said "tprun: enforcer 'sys_openat' (policy line 7) cannot override the return value of '__x64_sys_openat' on this kernel: fmod_ret: fmod_ret refused: the function is not security_*"
	expect_said "; the policy's NotifyEnforcer actions only send signals: the notifying hooks send them, no enforcer is attached"
	expect_killed /usr/bin/cat "$D/deny"
	expect_alive /usr/bin/cat /etc/hostname
	stop_tprun
	expect_events \
		"[(t['action'], t['process']['binary']) for t in tracepoints()] == [('KPROBE_ACTION_NOTIFYENFORCER', '/usr/bin/cat')]" \
		"[(x['process']['arguments'], x.get('signal')) for x in exits() if x['process']['binary'] == '/usr/bin/cat'] == [('$D/deny', 'SIGKILL'), ('/etc/hostname', None)]"
}

run_tests

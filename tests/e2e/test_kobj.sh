#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel-object args on this host's raw tracepoints and syscall hooks:
# capability/cap_capable (cred, user_namespace, capability; filtered on the
# capability, names and numbers; nop args left out), iomap/iomap_dio_rw_begin
# (iov_iter: the bytes of an O_DIRECT write, ITER_UBUF and ITER_IOVEC),
# sys_writev (char_iovec, whole and truncated) and sched_process_exec's
# filename as data_loc. Kernel-function hooks (bpf, perf, modules, capsets)
# are tested in the VMs.
. "$(dirname "$0")/lib.sh"

B64="__import__('base64').b64encode"
UNB64="__import__('base64').b64decode"

TRIG="$T/kobj_trigger"
cp "$O/tests/e2e/kobj_trigger" "$TRIG"
mkdir -p "$T/other"
cp "$TRIG" "$T/other/kobj_trigger"

# cap_policy CAPVALUE: cap_capable with nop, cred, user_namespace and capability args,
# the capability Equal CAPVALUE, from $TRIG only
cap_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "cap-checks"
spec:
  tracepoints:
  - subsystem: "capability"
    event: "cap_capable"
    raw: true
    args:
    - index: 2
      type: "nop"
    - index: 0
      type: "cred"
    - index: 1
      type: "user_namespace"
    - index: 3
      type: "capability"
    selectors:
    - matchArgs:
      - index: 3
        operator: "Equal"
        values:
        - "$1"
      matchBinaries:
      - operator: "In"
        values:
        - "$TRIG"
YAML
}

test_cap_capable_cred_userns_capability() {
	cap_policy CAP_SYS_NICE | compile capname
	start_tprun "$T/capname.bpf.o"
	expect_alive "$TRIG" nice -3
	expect_alive "$TRIG" nice 19		# raising the nice value checks nothing (19: the suite may already run niced)
	expect_alive "$T/other/kobj_trigger" nice -3
	stop_tprun
	local capeff capprm capinh inum
	capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
	capprm=$(awk '/^CapPrm:/ {print $2}' /proc/self/status)
	capinh=$(awk '/^CapInh:/ {print $2}' /proc/self/status)
	inum=$(stat -L -c %i /proc/self/ns/user)
	check_events "len(hooks()) == 1"
	check_events "hooks()[0]['process']['binary'] == '$TRIG'"
	# nop is left out; the others in declaration order
	check_events "[list(a) for a in hooks()[0]['args']] == [['process_credentials_arg'], ['user_ns_arg'], ['capability_arg']]"
	check_events "hooks()[0]['args'][2] == {'capability_arg': {'value': 23, 'name': 'CAP_SYS_NICE'}}"
	check_events "hooks()[0]['args'][1] == {'user_ns_arg': {'level': 0, 'uid': 0, 'gid': 0, 'ns': {'inum': $inum, 'is_host': True}}}"
	local c="hooks()[0]['args'][0]['process_credentials_arg']"
	check_events "all($c[k] == $(id -u) for k in ('uid', 'euid', 'suid', 'fsuid')) and all($c[k] == $(id -g) for k in ('gid', 'egid', 'sgid', 'fsgid'))"
	check_events "$c['user_ns'] == hooks()[0]['args'][1]['user_ns_arg']"
	# the sets are this shell's (CapEff, CapPrm), named the way Tetragon names capabilities
	check_events "len($c['caps']['effective']) == bin(0x$capeff).count('1') and len($c['caps']['permitted']) == bin(0x$capprm).count('1')"
	check_events "('CAP_SYS_NICE' in $c['caps']['effective']) == bool(0x$capeff >> 23 & 1) and ('DAC_OVERRIDE' in $c['caps']['effective']) == bool(0x$capeff >> 1 & 1)"
	check_events "'inheritable' not in $c['caps'] if 0x$capinh == 0 else True"
}

test_cap_capable_number_filter() {
	cap_policy 21 | compile capnum		# CAP_SYS_ADMIN: the nice check does not match
	start_tprun "$T/capnum.bpf.o"
	expect_alive "$TRIG" nice -3 hostname
	stop_tprun
	check_events "len(hooks()) >= 1"
	check_events "all(h['args'][2] == {'capability_arg': {'value': 21, 'name': 'CAP_SYS_ADMIN'}} for h in hooks())"
}

test_iov_iter_direct_io() {
	compile dio <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "direct-io"
spec:
  tracepoints:
  - subsystem: "iomap"
    event: "iomap_dio_rw_begin"
    raw: true
    args:
    - index: 1
      type: "iov_iter"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$TRIG"
YAML
	start_tprun "$T/dio.bpf.o"
	expect_alive "$TRIG" direct "$T/dio-file" directv "$T/diov-file"
	stop_tprun
	# the write's buffer, whole (ITER_UBUF); pwritev's first iovec (ITER_IOVEC)
	check_events "any(h['args'][0].get('bytes_arg') == $B64(b'kobj-direct-io!\n' * 256).decode() for h in hooks())"
	check_events "any(h['args'][0].get('bytes_arg') == $B64(b'first-half-2048\n' * 128).decode() for h in hooks())"
	check_events "len(hooks()) == 3"
}

writev_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "writev-data"
spec:
  kprobes:
  - call: "sys_writev"
    syscall: true
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "char_iovec"
      sizeArgIndex: 3
    - index: 2
      type: "int"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$TRIG"
YAML
}

test_char_iovec_writev() {
	writev_policy | compile writev
	start_tprun "$T/writev.bpf.o"
	expect_alive "$TRIG" writev "hello," "kernel" "-object" "world"
	expect_alive "$TRIG" writevn 3000 3000
	expect_alive "$TRIG" writevn 100 100
	stop_tprun
	check_events "len(hooks()) == 3"
	check_events "hooks()[0]['args'][1] == {'bytes_arg': $B64(b'hello,kernel-objectworld').decode()}"
	check_events "hooks()[0]['args'][2] == {'int_arg': 4}"
	# the first iovec whole, the second past what a record holds: truncated, size kept
	check_events "hooks()[1]['args'][1]['truncated_bytes_arg']['orig_size'] == '6000'"
	check_events "$UNB64(hooks()[1]['args'][1]['truncated_bytes_arg']['bytes_arg']) == b'x' * 3000"
	check_events "hooks()[2]['args'][1] == {'bytes_arg': $B64(b'x' * 200).decode()}"
}

test_data_loc_filename() {
	compile dataloc <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "exec-data-loc"
spec:
  tracepoints:
  - subsystem: "sched"
    event: "sched_process_exec"
    args:
    - index: 4
      type: "data_loc"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Postfix"
        values:
        - "/other/kobj_trigger"
YAML
	start_tprun "$T/dataloc.bpf.o"
	expect_alive "$TRIG" nice 1
	expect_alive "$T/other/kobj_trigger" nice 1
	stop_tprun
	check_events "[h['args'] for h in hooks()] == [[{'string_arg': '$T/other/kobj_trigger'}]]"
}

run_tests

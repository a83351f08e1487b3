#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel-object args on kernel-function hooks (helper kobj): security_capset
# (cred, nop, the three capability sets, a Mask filter with capability
# names), security_bpf (bpf_attr), security_bpf_map, security_bpf_prog,
# security_perf_event_alloc and cap_capable (cred, user_namespace,
# capability Equal CAP_SYS_NICE), with fentry and with kprobe; and
# check_modstruct_version (load_info, module) when insmod loads 9p.ko a
# second time (it fails with EEXIST after the check). The policies are
# compiled here, against this kernel's BTF.
. "$(dirname "$0")/lib.sh"

TRIG="$T/kobj_trigger"
cp "$O/tests/e2e/kobj_trigger" "$TRIG"

compile kfuncs <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "kobj-kfuncs"
spec:
  kprobes:
  - call: "security_capset"
    syscall: false
    args:
    - index: 0
      type: "cred"
    - index: 1
      type: "nop"
    - index: 2
      type: "cap_effective"
    - index: 3
      type: "cap_inheritable"
    - index: 4
      type: "cap_permitted"
    selectors:
    - matchArgs:
      - index: 2
        operator: "Mask"
        values:
        - "CAP_SYS_ADMIN,CAP_NET_RAW"
      matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
  - call: "security_bpf"
    syscall: false
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "bpf_attr"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values: ["5"]
      matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
  - call: "security_bpf_map"
    syscall: false
    args:
    - index: 0
      type: "bpf_map"
    selectors:
    - matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
  - call: "security_bpf_prog"
    syscall: false
    args:
    - index: 0
      type: "bpf_prog"
    selectors:
    - matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
  - call: "security_perf_event_alloc"
    syscall: false
    args:
    - index: 0
      type: "perf_event"
    selectors:
    - matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
  - call: "cap_capable"
    syscall: false
    args:
    - index: 0
      type: "cred"
    - index: 1
      type: "user_namespace"
    - index: 2
      type: "capability"
    selectors:
    - matchArgs:
      - index: 2
        operator: "Equal"
        values: ["CAP_SYS_NICE"]
      matchBinaries:
      - operator: "In"
        values: ["$TRIG"]
YAML

# by function name: the one event of each hook
F="{h['function_name']: h for h in $KPROBES}"

check_kfunc_events() {
	local capeff capinh capprm inum kprobe_type
	capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
	capinh=$(awk '/^CapInh:/ {print $2}' /proc/self/status)
	capprm=$(awk '/^CapPrm:/ {print $2}' /proc/self/status)
	inum=$(stat -L -c %i /proc/self/ns/user)
	kprobe_type=$(cat /sys/bus/event_source/devices/kprobe/type 2>/dev/null || echo none)
	check_events "sorted(h['function_name'] for h in $KPROBES) == sorted(['security_capset', 'security_bpf', 'security_bpf_map', 'security_bpf_prog', 'security_perf_event_alloc', 'security_perf_event_alloc', 'cap_capable'])"
	check_events "all(h['process']['binary'] == '$TRIG' for h in $KPROBES)"
	# security_capset: nop left out; the sets as Tetragon prints them, in hex
	check_events "[list(a)[0] for a in $F['security_capset']['args']] == ['process_credentials_arg', 'cap_effective_arg', 'cap_inheritable_arg', 'cap_permitted_arg']"
	check_events "$F['security_capset']['args'][1:] == [{'cap_effective_arg': '$capeff'}, {'cap_inheritable_arg': '$capinh'}, {'cap_permitted_arg': '$capprm'}]"
	check_events "len($F['security_capset']['args'][0]['process_credentials_arg']['caps']['effective']) == bin(0x$capeff).count('1')"
	check_events "$F['security_capset']['args'][0]['process_credentials_arg']['user_ns'] == {'level': 0, 'uid': 0, 'gid': 0, 'ns': {'inum': $inum, 'is_host': True}}"
	check_events "$F['security_bpf']['args'] == [{'int_arg': 5}, {'bpf_attr_arg': {'ProgType': 'BPF_PROG_TYPE_SOCKET_FILTER', 'InsnCnt': 2, 'ProgName': 'kobj_prog'}}]"
	check_events "$F['security_bpf_map']['args'] == [{'bpf_map_arg': {'MapType': 'BPF_MAP_TYPE_ARRAY', 'KeySize': 4, 'ValueSize': 8, 'MaxEntries': 16, 'MapName': 'kobj_map'}}]"
	check_events "$F['security_bpf_prog']['args'] == [{'bpf_prog_arg': {'ProgType': 'BPF_PROG_TYPE_SOCKET_FILTER', 'InsnCnt': 2, 'ProgName': 'kobj_prog'}}]"
	check_events "sorted(json.dumps(h['args']) for h in $KPROBES if h['function_name'] == 'security_perf_event_alloc') == sorted([json.dumps([{'perf_event_arg': {'Type': 'PERF_TYPE_SOFTWARE', 'Config': '9'}}]), json.dumps([{'perf_event_arg': {'KprobeFunc': 'do_sys_openat2', 'Type': 'PERF_TYPE_MAX' if '$kprobe_type' == '6' else '$kprobe_type'}}])])"
	check_events "$F['cap_capable']['args'][1:] == [{'user_ns_arg': {'level': 0, 'uid': 0, 'gid': 0, 'ns': {'inum': $inum, 'is_host': True}}}, {'capability_arg': {'value': 23, 'name': 'CAP_SYS_NICE'}}]"
	check_events "$F['cap_capable']['args'][0]['process_credentials_arg']['euid'] == 0"
}

test_kobj_kfuncs_fentry() {
	start_tprun "$T/kfuncs.bpf.o"
	expect_variant security_capset fentry
	expect_alive "$TRIG" capset bpf perf nice -3
	stop_tprun
	check_kfunc_events
}

test_kobj_kfuncs_kprobe() {
	start_tprun "$T/kfuncs.bpf.o" --forbid fentry
	expect_variant security_capset kprobe
	expect_alive "$TRIG" capset bpf perf nice -3
	stop_tprun
	check_kfunc_events
}

test_kobj_load_info_module() {
	local ko
	ko=$VM_SRC/build/vm-kernels/$(uname -r)/modules/9p.ko
	[ -e "$ko" ] || ko=$(ls "${TPGEN_VM_CACHE:-/nonexistent}/$(uname -r)/modules/9p.ko" 2>/dev/null)
	[ -e "$ko" ] || { fail "no 9p.ko of $(uname -r) in the VM kernel cache"; return 1; }
	compile modules <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "kobj-modules"
spec:
  kprobes:
  - call: "check_modstruct_version"
    syscall: false
    args:
    - index: 0
      type: "load_info"
    - index: 1
      type: "module"
YAML
	start_tprun "$T/modules.bpf.o"
	expect_exit 1 insmod "$ko"		# 9p is loaded already: EEXIST
	stop_tprun
	# Debian signs its modules: the signature was checked before this point
	check_events "[h['args'] for h in $KPROBES] == [[{'module_arg': {'name': '9p', 'signature_ok': True}}, {'module_arg': {'name': '9p'}}]]"
	check_events "$KPROBES[0]['process']['binary'].endswith('insmod')"
}

run_tests

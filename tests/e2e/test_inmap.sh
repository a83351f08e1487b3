#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# InMap, NotInMap, InRange and NotInRange on integer args, with Sigkill:
# inline values (InMap's in base 10, InRange's in any base, as in Tetragon), min:max ranges (signed on an int), a set past --inline-max
# (a map), and a spec.lists syscalls list on raw_syscalls/sys_enter's id
# (Tetragon: writeMatchValuesInMap, writeRangeInMap, writeMatchValuesRange in
# pkg/selectors/kernel.go; listReader.Read in pkg/sensors/tracing/lists_linux.go).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/other"
cp "$OPENER" "$T/other/opener"

# flags_policy NAME OPERATOR VALUE...: kill opens under $T/NAME/ whose flags (arg 2) match
flags_policy() {
	local name=$1 op=$2 v
	shift 2
	{
		cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/$name/"
      - index: 2
        operator: "$op"
        values:
YAML
		for v in "$@"; do printf '        - "%s"\n' "$v"; done
		cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy "$name" | compile "$name"
}

test_in_map_values_and_ranges() {
	flags_policy im InMap 1 "524288:524290" "0101" "6:4"
	start_tprun "$T/im.bpf.o"
	expect_killed "$OPENER" openf "$T/im/a" 1
	expect_killed "$OPENER" openf "$T/im/b" 0x80000
	expect_killed "$OPENER" openf "$T/im/c" 0x80002
	expect_killed "$OPENER" openf "$T/im/d" 101
	expect_killed "$OPENER" openf "$T/im/e" 5
	expect_alive "$OPENER" openf "$T/im/f" 0
	expect_alive "$OPENER" openf "$T/im/g" 0x80003
	expect_alive "$OPENER" openf "$T/im/h" 7
	expect_alive "$OPENER" openf "$T/im/i" 0101
	expect_alive "$OPENER" openf "$T/other" 1
	stop_tprun
	killed_paths "$T/im/a" "$T/im/b" "$T/im/c" "$T/im/d" "$T/im/e"
}

test_not_in_map() {
	flags_policy nim NotInMap 0 "524288:524289"
	start_tprun "$T/nim.bpf.o"
	expect_alive "$OPENER" openf "$T/nim/a" 0
	expect_alive "$OPENER" openf "$T/nim/b" 0x80000
	expect_alive "$OPENER" openf "$T/nim/c" 0x80001
	expect_killed "$OPENER" openf "$T/nim/d" 2
	expect_killed "$OPENER" openf "$T/nim/e" 0x80002
	stop_tprun
	killed_paths "$T/nim/d" "$T/nim/e"
}

# past --inline-max the single values go to a hash map, the ranges stay inline
test_in_map_set_past_inline_max() {
	local vals=() i
	for ((i = 100; i < 140; i++)); do vals+=("$i"); done
	flags_policy big InMap "${vals[@]}" "524288:524289"
	grep -q "BPF_MAP_TYPE_HASH" < <("$TPGEN" "$T/big.yaml" -o /dev/null -S /dev/stdout) ||
		fail "no hash map for 40 values"
	start_tprun "$T/big.bpf.o"
	expect_killed "$OPENER" openf "$T/big/a" 100
	expect_killed "$OPENER" openf "$T/big/b" 139
	expect_killed "$OPENER" openf "$T/big/c" 0x80001
	expect_alive "$OPENER" openf "$T/big/d" 99
	expect_alive "$OPENER" openf "$T/big/e" 140
	stop_tprun
	killed_paths "$T/big/a" "$T/big/b" "$T/big/c"
}

test_in_range_and_not_in_range() {
	flags_policy ir InRange "1:2" "0x80000:0x80000"
	start_tprun "$T/ir.bpf.o"
	expect_killed "$OPENER" openf "$T/ir/a" 1
	expect_killed "$OPENER" openf "$T/ir/b" 2
	expect_killed "$OPENER" openf "$T/ir/c" 0x80000
	expect_alive "$OPENER" openf "$T/ir/d" 0
	expect_alive "$OPENER" openf "$T/ir/e" 0x80001
	stop_tprun
	killed_paths "$T/ir/a" "$T/ir/b" "$T/ir/c"
	flags_policy nir NotInRange "0:1"
	start_tprun "$T/nir.bpf.o"
	expect_alive "$OPENER" openf "$T/nir/a" 0
	expect_alive "$OPENER" openf "$T/nir/b" 1
	expect_killed "$OPENER" openf "$T/nir/c" 2
	stop_tprun
	killed_paths "$T/nir/c"
}

# arg 0 is an int: -200:-50 holds AT_FDCWD (-100); compared unsigned it would hold nothing
test_in_range_signed() {
	openat_policy irs <<YAML | compile irs
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/irs/"
      - index: 0
        operator: "InRange"
        values:
        - "-200:-50"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/irs.bpf.o"
	expect_killed "$OPENER" open "$T/irs/a"
	expect_alive "$OPENER" open "$T/other"
	stop_tprun
	killed_paths "$T/irs/a"
}

# list:NAME of a syscalls list: its syscall numbers (x64, and i386 with the ABI bit)
sys_enter_list_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "list-inmap"
spec:
  lists:
  - name: "dups"
    type: "syscalls"
    values:
    - "sys_dup"
    - "sys_dup2"
    - "__ia32_sys_dup"
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    args:
    - index: 4
      type: "$1"
    selectors:
    - matchArgs:
      - index: 0
        operator: "$2"
        values:
        - "list:dups"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchActions:
      - action: Sigkill
YAML
}

test_in_map_syscall_list() {
	sys_enter_list_policy syscall64 InMap | compile sl
	"$TPGEN" "$T/sl.yaml" -o /dev/null -S "$T/sl.c"
	grep -q "v == 0x80000029ULL" "$T/sl.c" || fail "no i386 dup (41 | 0x80000000)"
	start_tprun "$T/sl.bpf.o"
	expect_killed "$OPENER" dup
	expect_killed "$OPENER" getppid dup2
	expect_alive "$OPENER" getppid
	expect_alive "$T/other/opener" dup
	stop_tprun
	check_events "sorted(h['args'][0]['syscall_id']['id'] for h in hooks()) == [32, 33]"
	check_events "all(h['args'][0]['syscall_id']['abi'] == 'x64' for h in hooks())"
}

# a generated_syscalls list: every x64 syscall of the target's BTF (btf.GetSyscallsList)
generated_list() {
	sed -e '/^    values:$/,/"__ia32_sys_dup"$/d' -e 's/type: "syscalls"/type: "generated_syscalls"/'
}

test_in_map_generated_syscalls() {
	sys_enter_list_policy syscall64 InMap | generated_list | compile gl
	start_tprun "$T/gl.bpf.o"
	expect_killed "$OPENER" getppid
	expect_alive "$T/other/opener" getppid
	stop_tprun
	check_events "[h['args'][0]['syscall_id']['abi'] for h in hooks()] == ['x64']"
	# NotInMap: what BTF lacks, such as getppid (SYSCALL_DEFINE0 makes __x64_sys_getppid
	# an alias, which has no BTF function), is outside the list, as in Tetragon
	sys_enter_list_policy syscall64 NotInMap | generated_list | compile gln
	start_tprun "$T/gln.bpf.o"
	expect_alive "$OPENER" dup
	expect_killed "$OPENER" getppid
	stop_tprun
	check_events "[h['args'][0]['syscall_id']['id'] for h in hooks()] == [110]"
}

# refused as Tetragon refuses them, each at its value
test_bad_values_are_located_errors() {
	local rc=0
	sys_enter_list_policy uint64 InMap > "$T/bad1.yaml"
	"$TPGEN" "$T/bad1.yaml" -o "$T/bad1.o" 2> "$T/bad1.err" && fail "uint64 list compiled"
	grep -q "bad1.yaml:24:11: error: .*list 'dups' gives syscall numbers: the arg must be of type syscall64" \
		"$T/bad1.err" || { cat "$T/bad1.err" >&2; fail "no located syscall64 error"; }
	sys_enter_list_policy syscall64 InMap | sed 's/"list:dups"/"list:nope"/' > "$T/bad2.yaml"
	"$TPGEN" "$T/bad2.yaml" -o "$T/bad2.o" 2> "$T/bad2.err" && fail "unknown list compiled"
	grep -q "bad2.yaml:24:11: error: .*there is no list 'nope'" "$T/bad2.err" ||
		{ cat "$T/bad2.err" >&2; fail "no located list error"; }
	sys_enter_list_policy syscall64 InRange > "$T/bad3.yaml"
	"$TPGEN" "$T/bad3.yaml" -o "$T/bad3.o" 2> "$T/bad3.err" && fail "InRange list compiled"
	grep -q "bad3.yaml:24:11: error: .*list:NAME values are for InMap" "$T/bad3.err" ||
		{ cat "$T/bad3.err" >&2; fail "no InRange list error"; }
	sys_enter_list_policy syscall64 InMap | sed 's/"sys_dup2"/"sys_nosuchcall"/' > "$T/bad4.yaml"
	"$TPGEN" "$T/bad4.yaml" -o "$T/bad4.o" 2> "$T/bad4.err" && fail "unknown syscall compiled"
	grep -q "error: .*'sys_nosuchcall' is not a syscall" "$T/bad4.err" ||
		{ cat "$T/bad4.err" >&2; fail "no unknown syscall error"; }
	flags_policy bad5 InRange "5" 2> /dev/null && fail "InRange 5 compiled"
	grep -q "bad5.yaml:25:11: error: .*value '5' is not a range (write 'min:max')" "$T/bad5.tpgen.err" ||
		{ cat "$T/bad5.tpgen.err" >&2; fail "no range error"; }
	flags_policy bad6 InMap "1:2:3" "0x4:5" "1:99999999999" 2> /dev/null && fail "bad values compiled"
	grep -q "bad6.yaml:25:11: error: .*value '1:2:3' is not a range" "$T/bad6.tpgen.err" &&
		grep -q "bad6.yaml:26:11: error: .*value '0x4' is not a decimal integer" "$T/bad6.tpgen.err" &&
		grep -q "bad6.yaml:27:11: error: .*value '1:99999999999' is outside 0..4294967295" "$T/bad6.tpgen.err" ||
		{ cat "$T/bad6.tpgen.err" >&2; fail "no located value errors"; }
	openat_policy bad7 <<YAML > "$T/bad7.yaml"
    - matchArgs:
      - index: 1
        operator: "InMap"
        values:
        - "1"
YAML
	"$TPGEN" "$T/bad7.yaml" -o "$T/bad7.o" 2> "$T/bad7.err" && fail "InMap on a string compiled"
	grep -q "error: .*operator 'InMap' needs an integer argument" "$T/bad7.err" ||
		{ cat "$T/bad7.err" >&2; fail "no string error"; }
	return $rc
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Value sets past --inline-max become hash maps and LPM tries that tprun
# fills from .tp.meta: thousands of values still match exactly, at both
# ends of the set and in the middle. How long tprun takes to be ready with
# them is measured by make bench (scripts/bench/ready.py), not asserted here.
. "$(dirname "$0")/lib.sh"

# values FMT FROM TO: one "- value" line per i, the value printf FMT i
values() {
	local i
	for ((i = $2; i <= $3; i++)); do
		printf "        - \"$1\"\n" "$i"
	done
}

# compile_opts NAME [tpgen args] < yaml: $T/NAME.bpf.o and the C in $T/NAME.bpf.c
compile_opts() {
	local name=$1
	shift
	cat > "$T/$name.yaml"
	"$TPGEN" "$T/$name.yaml" -o "$T/$name.bpf.o" -S "$T/$name.bpf.c" "$@" \
		2> "$T/$name.tpgen.err" || {
		cat "$T/$name.tpgen.err" >&2
		fail "tpgen $name failed"
		return 1
	}
}

# maps_used NAME N: the generated C declares N tp_set_ maps and no inline value tables
maps_used() {
	local n
	n=$(grep -c '^} tp_set_[0-9]* SEC(".maps");' "$T/$1.bpf.c" || true)
	[ "$n" -eq "$2" ] || { fail "$1: $n tp_set_ maps, expected $2"; return 1; }
}

# 3000 Equal paths in a hash set
test_equal_3000() {
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
YAML
	values "$T/big/f%d" 0 2999
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-equal | compile_opts eq
	maps_used eq 1
	grep -q 'tp_key_str(key, ' "$T/eq.bpf.c"
	start_tprun "$T/eq.bpf.o"
	expect_killed "$OPENER" open "$T/big/f0"
	expect_killed "$OPENER" open "$T/big/f1500"
	expect_killed "$OPENER" open "$T/big/f2999"
	expect_killed "$OPENER" open "$T/big/f999"
	expect_alive "$OPENER" open "$T/big/f3000"
	expect_alive "$OPENER" open "$T/big/f15000"
	expect_alive "$OPENER" open "$T/big/f150"$'\x01'
	expect_alive "$OPENER" open "$T/big/f"
	expect_alive "$OPENER" open "$T/big/F1500"
	stop_tprun
	killed_paths "$T/big/f0" "$T/big/f1500" "$T/big/f2999" "$T/big/f999"
}

# 2000 Prefix directories of different lengths (d1/ must not catch d10/x) in an LPM trie
test_prefix_2000() {
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
YAML
	values "$T/bp/d%d/" 0 1999
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-prefix | compile_opts bp
	maps_used bp 1
	grep -q 'BPF_MAP_TYPE_LPM_TRIE' "$T/bp.bpf.c"
	grep -q 'tp_key_prefix(key, ' "$T/bp.bpf.c"
	start_tprun "$T/bp.bpf.o"
	expect_killed "$OPENER" open "$T/bp/d0/x"
	expect_killed "$OPENER" open "$T/bp/d1000/"
	expect_killed "$OPENER" open "$T/bp/d1999/y/z"
	expect_killed "$OPENER" open "$T/bp/d1/deep/er"
	expect_alive "$OPENER" open "$T/bp/d2000/x"
	expect_alive "$OPENER" open "$T/bp/d1000"
	expect_alive "$OPENER" open "$T/bp/d/x"
	expect_alive "$OPENER" open "$T/bp/dx/1/"
	stop_tprun
	killed_paths "$T/bp/d0/x" "$T/bp/d1000/" "$T/bp/d1999/y/z" "$T/bp/d1/deep/er"
}

# 2000 Postfix suffixes in a reversed LPM trie, ANDed with a Prefix filter
test_postfix_2000() {
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/"
      - index: 1
        operator: "Postfix"
        values:
YAML
	values ".e%d" 0 1999
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-postfix | compile_opts bs
	maps_used bs 1
	grep -q 'tp_key_postfix(key, ' "$T/bs.bpf.c"
	start_tprun "$T/bs.bpf.o"
	expect_killed "$OPENER" open "$T/x.e0"
	expect_killed "$OPENER" open "$T/dir/y.e1999"
	expect_killed "$OPENER" open "$T/z.e1000"
	expect_killed "$OPENER" open "$T/.e7"
	expect_alive "$OPENER" open "$T/x.e2000"
	expect_alive "$OPENER" open "$T/x.e0z"
	expect_alive "$OPENER" open "$T/x.f1"
	expect_alive "$OPENER" open "$T/x.e"
	stop_tprun
	killed_paths "$T/x.e0" "$T/dir/y.e1999" "$T/z.e1000" "$T/.e7"
}

# 3001 int values on the flags (a hash set of u64 keys)
test_int_equal_3000() {
	mkdir -p "$T/bi"
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/bi/"
      - index: 2
        operator: "Equal"
        values:
YAML
	values "%d" $((0x10000000)) $((0x10000000 + 1499))
	values "0x%x" 0x80041 0x80041
	values "0%o" $((0x10000000 + 1500)) $((0x10000000 + 2999))
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-int | compile_opts bi
	maps_used bi 1
	grep -q 'bpf_map_lookup_elem(&tp_set_0, &v)' "$T/bi.bpf.c"
	start_tprun "$T/bi.bpf.o"
	expect_killed "$OPENER" openf "$T/bi/a" 0x80041
	expect_killed "$OPENER" openf "$T/bi/b" 0x10000000
	expect_killed "$OPENER" openf "$T/bi/c" $((0x10000000 + 1499))
	expect_killed "$OPENER" openf "$T/bi/d" $((0x10000000 + 1500))
	expect_killed "$OPENER" openf "$T/bi/e" $((0x10000000 + 2999))
	expect_alive "$OPENER" openf "$T/bi/f" $((0x10000000 + 3000))
	expect_alive "$OPENER" openf "$T/bi/g" 0x41
	expect_alive "$OPENER" openf "$T/bi/h" 0x80000
	expect_alive "$OPENER" openf "$T/bi/i" 0
	expect_alive "$OPENER" openf "$T/other" 0x80041
	stop_tprun
	killed_paths "$T/bi/a" "$T/bi/b" "$T/bi/c" "$T/bi/d" "$T/bi/e"
	check_events "sorted(h['args'][2]['int_arg'] for h in hooks()) == sorted([0x80041, 0x10000000, 0x10000000 + 1499, 0x10000000 + 1500, 0x10000000 + 2999])"
}

# NotEqual over 3000 paths: AND of != (not in the set), under a Prefix
test_not_equal_3000() {
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/ne/"
      - index: 1
        operator: "NotEqual"
        values:
YAML
	values "$T/ne/f%d" 0 2999
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-notequal | compile_opts ne
	maps_used ne 1
	start_tprun "$T/ne.bpf.o"
	expect_alive "$OPENER" open "$T/ne/f0"
	expect_alive "$OPENER" open "$T/ne/f1234"
	expect_alive "$OPENER" open "$T/ne/f2999"
	expect_alive "$OPENER" open "$T/elsewhere"
	expect_killed "$OPENER" open "$T/ne/f3000"
	expect_killed "$OPENER" open "$T/ne/other"
	expect_killed "$OPENER" open "$T/ne/f12345678901234567890123456789012345678901234567890"
	stop_tprun
	killed_paths "$T/ne/f3000" "$T/ne/other" "$T/ne/f12345678901234567890123456789012345678901234567890"
}

# NotPrefix and NotPostfix over large sets
test_not_prefix_not_postfix_2000() {
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/nn/"
      - index: 1
        operator: "NotPrefix"
        values:
YAML
	values "$T/nn/ok%d/" 0 1999
	cat <<YAML
      - index: 1
        operator: "NotPostfix"
        values:
YAML
	values ".ok%d" 0 1999
	cat <<YAML
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy big-notprefix | compile_opts nn
	maps_used nn 2
	start_tprun "$T/nn.bpf.o"
	expect_alive "$OPENER" open "$T/nn/ok0/x"
	expect_alive "$OPENER" open "$T/nn/ok1999/x"
	expect_alive "$OPENER" open "$T/nn/y.ok1999"
	expect_alive "$OPENER" open "$T/nn/y.ok0"
	expect_killed "$OPENER" open "$T/nn/ok2000/x"
	expect_killed "$OPENER" open "$T/nn/y.ok2000"
	expect_killed "$OPENER" open "$T/nn/ok1"
	stop_tprun
	killed_paths "$T/nn/ok2000/x" "$T/nn/y.ok2000" "$T/nn/ok1"
}

# pathlen BASE LEN: BASE extended to LEN bytes with "/" every 100 bytes
pathlen() {
	local s=$1
	while [ ${#s} -lt "$2" ]; do
		if [ $(((${#s} + 1) % 100)) -eq 0 ]; then s="$s/"; else s="${s}a"; fi
	done
	printf '%s' "$s"
}

# values longer than an LPM key (256 bytes) in large Prefix/Postfix sets, and
# 600- and 4095-byte values in a large Equal set
test_long_values_in_maps() {
	local p256 p300 s300 e600
	p256=$(pathlen "$T/lv/p256/" 256)
	p300=$(pathlen "$T/lv/p300/" 300)
	s300="/$(pathlen "s300" 299)"
	e600=$(pathlen "$T/lv/e600/" 600)
	e4095=$(pathlen "$T/lv/e4095/" 4095)
	[ ${#p256} -eq 256 ] && [ ${#p300} -eq 300 ] && [ ${#s300} -eq 300 ] && [ ${#e600} -eq 600 ] &&
		[ ${#e4095} -eq 4095 ]
	{ cat <<YAML
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$p300"
        - "$p256"
YAML
	values "$T/lv/d%d/" 0 19
	cat <<YAML
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/lv/"
      - index: 1
        operator: "Postfix"
        values:
YAML
	values ".x%d" 0 19
	cat <<YAML
        - "$s300"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
YAML
	values "$T/lv/f%d" 0 19
	cat <<YAML
        - "$e600"
        - "$e4095"
      matchActions:
      - action: Sigkill
YAML
	} | openat_policy long-in-maps | compile_opts lv
	maps_used lv 3
	start_tprun "$T/lv.bpf.o"
	expect_killed "$OPENER" open "$T/lv/d7/x"
	expect_killed "$OPENER" open "${p300}tail"
	expect_killed "$OPENER" open "$p300"
	expect_alive "$OPENER" open "${p300%?}"
	expect_alive "$OPENER" open "${p300%?}b"
	expect_killed "$OPENER" open "${p256}tail"
	expect_alive "$OPENER" open "${p256%?}"
	expect_killed "$OPENER" open "$T/lv/q.x19"
	expect_killed "$OPENER" open "$T/lv/q$s300"
	expect_alive "$OPENER" open "$T/lv/q${s300%?}"
	expect_alive "$OPENER" open "$T/lv/q/b${s300:2}"
	expect_killed "$OPENER" open "$T/lv/f19"
	expect_killed "$OPENER" open "$e600"
	expect_alive "$OPENER" open "${e600}a"
	expect_alive "$OPENER" open "${e600%?}"
	expect_killed "$OPENER" open "$e4095"
	expect_alive "$OPENER" open "${e4095%?}"
	stop_tprun
	killed_paths "$T/lv/d7/x" "${p300}tail" "$p300" "${p256}tail" "$T/lv/q.x19" \
		"$T/lv/q$s300" "$T/lv/f19" "$e600" "$e4095"
}

# --inline-max 2: sets of three go through maps too, of every kind
test_inline_max_2() {
	mkdir -p "$T/im"
	openat_policy small-maps <<YAML | compile_opts im --inline-max 2
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/im/a"
        - "$T/im/b"
        - "$T/im/c"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/im/p1/"
        - "$T/im/p2/"
        - "$T/im/p3/"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - ".s1"
        - ".s2"
        - ".s3"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/im/"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 2
        operator: "Equal"
        values:
        - "0x80000"
        - "0x80001"
        - "0x80002"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/im/"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 2
        operator: "NotEqual"
        values:
        - "0"
        - "1"
        - "2"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/im/ne/"
      matchActions:
      - action: Sigkill
YAML
	maps_used im 5
	start_tprun "$T/im.bpf.o"
	expect_killed "$OPENER" open "$T/im/a"
	expect_killed "$OPENER" open "$T/im/c"
	expect_alive "$OPENER" open "$T/im/d"
	expect_killed "$OPENER" open "$T/im/p3/x"
	expect_alive "$OPENER" open "$T/im/p4/x"
	expect_killed "$OPENER" open "$T/im/x.s2"
	expect_alive "$OPENER" open "$T/im/x.s4"
	expect_killed "$OPENER" openf "$T/im/f" 0x80002
	expect_alive "$OPENER" openf "$T/im/g" 0x80003
	mkdir -p "$T/im/ne"
	expect_alive "$OPENER" openf "$T/im/ne/a" 0
	expect_alive "$OPENER" openf "$T/im/ne/b" 2
	expect_killed "$OPENER" openf "$T/im/ne/c" 0x800
	stop_tprun
	killed_paths "$T/im/a" "$T/im/c" "$T/im/p3/x" "$T/im/x.s2" "$T/im/f" "$T/im/ne/c"
	# the same policy at the default --inline-max needs no maps
	compile_opts im8 < "$T/im.yaml"
	maps_used im8 0
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Integer filters compare what Tetragon's compare (filter_arg_1, bpf/process/types/basic.h):
# a size_t's low 32 bits and a sint8's or sint16's low bits, unsigned; an int InMap looks up
# zero-extended; and the values and ranges Tetragon never matches are refused.
# The opener's own calls, Posted, show what passed.
. "$(dirname "$0")/lib.sh"

# int_hook NAME CALL INDEX TYPE: a policy with a hook on syscall CALL, arg INDEX of TYPE,
# for the opener only; its matchArgs entries (YAML indented for "matchArgs:") on stdin
int_hook() {
	local sels
	sels=$(cat)
	policy_head "$1"
	cat <<YAML
  kprobes:
  - call: "$2"
    syscall: true
    args:
    - index: $3
      type: $4
    selectors:
$sels
YAML
}

# opener_sel: a selector's process filter, the opener only
opener_sel() {
	cat <<YAML
    - matchBinaries:
      - operator: In
        values: ["$OPENER"]
      matchArgs:
YAML
}

# hook_args KEY: the hooks' arg 0 KEY values as integers, sorted (python)
hook_args() {
	echo "sorted(int(h['args'][0]['$1']) for h in hooks())"
}

# Tetragon stores a size_t as a u64 and filters its low 32 bits (filter_32ty), unsigned;
# its values are 32-bit ints: "-1" is 0xffffffff
test_size_t_low_32_bits() {
	{
		opener_sel
		cat <<YAML
      - {index: 2, operator: GT, values: ["100"]}
      - {index: 2, operator: LT, values: ["300"]}
YAML
		opener_sel
		echo '      - {index: 2, operator: Equal, values: ["-1"]}'
		opener_sel
		echo '      - {index: 2, operator: InRange, values: ["1000:2000"]}'
	} | int_hook sizet sys_read 2 size_t | compile sizet
	start_tprun "$T/sizet.bpf.o"
	"$OPENER" readnull 5 readnull 200 readnull 0x100000000 readnull 0x1000000c8 \
		readnull 0xffffffff readnull 0x7ffffffffffff readnull 0x1ffffffff \
		readnull 1500 readnull 0x1000005dc readnull 0x2000007d1 > /dev/null 2>&1
	stop_tprun
	check_events "$(hook_args size_arg) == [200, 1500, 0xffffffff, 0x1000000c8, 0x1000005dc,
		0x1ffffffff, 0x7ffffffffffff]"
}

# values past a 32-bit int are refused, as Tetragon's ParseInt(v, 0, 32) refuses them
test_size_t_values_are_32_bit_ints() {
	opener_sel | cat - <(echo '      - {index: 2, operator: Equal, values: ["0x80000000"]}') |
		int_hook sizet-big sys_read 2 size_t > "$T/big.yaml"
	expect_refused big "value '0x80000000' does not fit size_t (Tetragon reads its values as 32-bit ints"
	opener_sel | cat - <(echo '      - {index: 2, operator: InRange, values: ["0:4294967296"]}') |
		int_hook sizet-rg sys_read 2 size_t > "$T/rg.yaml"
	expect_refused rg "range bound '4294967296' is past 4294967295"
}

# InMap looks an int up zero-extended (filter_32ty_map: `__u64 arg = *(__u32 *)args`), its
# keys as written (ParseInt(v, 10, 64)): 4294967295 is -1's key, and "-1" is none's (refused)
test_int_in_map_zero_extended() {
	opener_sel | cat - <(echo '      - {index: 1, operator: InMap, values: ["4294967295", "5"]}') |
		int_hook intmap sys_lseek 1 int | compile intmap
	start_tprun "$T/intmap.bpf.o"
	"$OPENER" lseek -1 lseek 4 lseek 5 lseek 0x1ffffffff lseek 0x100000005 > /dev/null
	stop_tprun
	check_events "$(hook_args int_arg) == [-1, -1, 5, 5]"
	opener_sel | cat - <(echo '      - {index: 1, operator: NotInMap, values: ["-1"]}') |
		int_hook intneg sys_lseek 1 int > "$T/intneg.yaml"
	expect_refused intneg "value '-1' is outside 0..4294967295: Tetragon looks the int arg up zero-extended, so no key past those matches"
}

# writeMatchValuesRange does not turn a reversed range round (so InRange never matches it):
# refused; writeRangeInMap does, so InMap's is taken turned round
test_reversed_ranges() {
	local op
	for op in InRange NotInRange; do
		opener_sel | cat - <(echo "      - {index: 1, operator: $op, values: [\"10:5\"]}") |
			int_hook rev sys_lseek 1 int64 > "$T/rev.yaml"
		expect_refused rev "range '10:5' starts past its end (10:5 on the sint64 arg, as Tetragon compares it), and Tetragon does not turn it round"
	done
	opener_sel | cat - <(echo '      - {index: 1, operator: InMap, values: ["12:8"]}') |
		int_hook revmap sys_lseek 1 int64 | compile revmap
	start_tprun "$T/revmap.bpf.o"
	"$OPENER" lseek 3 lseek 8 lseek 10 lseek 12 lseek 13 > /dev/null
	stop_tprun
	check_events "$(hook_args long_arg) == [8, 10, 12]"
}

# filter_16ty compares *(u16 *) unsigned, whatever the sign (is_signed_type leaves s16
# out): GT 30000 holds every negative above -35537; Equal 65535 is -1's low bits
test_sint16_compares_unsigned() {
	{
		opener_sel
		echo '      - {index: 1, operator: GT, values: ["30000"]}'
		opener_sel
		echo '      - {index: 1, operator: Equal, values: ["65535"]}'
		opener_sel
		echo '      - {index: 1, operator: InRange, values: ["1:5"]}'
	} | int_hook s16 sys_lseek 1 sint16 | compile s16
	start_tprun "$T/s16.bpf.o"
	"$OPENER" lseek -1 lseek 40000 lseek 100 lseek -30000 lseek 30001 lseek 30000 \
		lseek 0x1ffff lseek 0x10003 lseek -3 lseek -40000 > /dev/null
	stop_tprun
	check_events "$(hook_args int_arg) == [-30000, -25536, -3, -1, -1, 3, 30001]"
}

# filter_8ty: Equal 255 and 128 are -1 and -128; InMap looks the byte up zero-extended
test_sint8_low_byte() {
	{
		opener_sel
		echo '      - {index: 1, operator: Equal, values: ["255", "128"]}'
		opener_sel
		echo '      - {index: 1, operator: InMap, values: ["1:3"]}'
	} | int_hook s8 sys_lseek 1 sint8 | compile s8
	start_tprun "$T/s8.bpf.o"
	"$OPENER" lseek -1 lseek -128 lseek 127 lseek 0x1ff lseek 2 lseek 0x102 lseek -2 > /dev/null
	stop_tprun
	check_events "$(hook_args int_arg) == [-128, -1, -1, 2, 2]"
}

# a negative value is 0xffffff.. to filter_8ty and filter_16ty, past what they compare:
# refused with what the operator would do
test_sint8_negative_values_refused() {
	local op want
	for op in Equal:never NotEqual:always LT:always GT:never; do
		opener_sel | cat - <(echo "      - {index: 1, operator: ${op%%:*}, values: [\"-1\"]}") |
			int_hook neg sys_lseek 1 sint8 > "$T/neg.yaml"
		want="value '-1' is 0xffffffff to Tetragon, past the 8 bits it compares of a sint8 arg"
		expect_refused neg "$want (zero-extended): ${op%%:*} would ${op#*:}"
	done
	opener_sel | cat - <(echo '      - {index: 1, operator: InMap, values: ["-1"]}') |
		int_hook negmap sys_lseek 1 sint16 > "$T/negmap.yaml"
	expect_refused negmap "value '-1' is outside 0..65535: Tetragon looks the sint16 arg up"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every matchArgs operator on a sys_openat hook, string arg 1 (the path) and
# int args 0 (dfd) and 2 (flags), with Sigkill: the opens that match die,
# the rest survive, and exactly the killing opens are reported.
. "$(dirname "$0")/lib.sh"

test_equal() {
	openat_policy op-equal <<YAML | compile equal
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/eq/a"
        - "$T/eq/bb"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/equal.bpf.o"
	expect_killed "$OPENER" open "$T/eq/a"
	expect_killed "$OPENER" open "$T/eq/bb"
	expect_alive "$OPENER" open "$T/eq/b"
	expect_alive "$OPENER" open "$T/eq/bbb"
	expect_alive "$OPENER" open "$T/eq/ab"
	expect_alive "$OPENER" open "$T/eq/"
	stop_tprun
	killed_paths "$T/eq/a" "$T/eq/bb"
}

# NotEqual is a set operation: arg != v1 AND arg != v2
test_not_equal_is_and() {
	openat_policy op-notequal <<YAML | compile ne
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/ne/"
      - index: 1
        operator: "NotEqual"
        values:
        - "$T/ne/a"
        - "$T/ne/b"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/ne.bpf.o"
	expect_alive "$OPENER" open "$T/ne/a"
	expect_alive "$OPENER" open "$T/ne/b"
	expect_alive "$OPENER" open "$T/other"
	expect_killed "$OPENER" open "$T/ne/c"
	expect_killed "$OPENER" open "$T/ne/ab"
	expect_killed "$OPENER" open "$T/ne/"
	stop_tprun
	killed_paths "$T/ne/c" "$T/ne/ab" "$T/ne/"
}

test_prefix() {
	openat_policy op-prefix <<YAML | compile prefix
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/p/"
        - "$T/pp/x"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/prefix.bpf.o"
	expect_killed "$OPENER" open "$T/p/x"
	expect_killed "$OPENER" open "$T/p/"
	expect_killed "$OPENER" open "$T/p/deeper/still/file"
	expect_killed "$OPENER" open "$T/pp/xylophone"
	expect_alive "$OPENER" open "$T/q/x"
	expect_alive "$OPENER" open "$T/p"
	expect_alive "$OPENER" open "$T/pp/"
	expect_alive "$OPENER" open "$T/P/x"
	stop_tprun
	killed_paths "$T/p/x" "$T/p/" "$T/p/deeper/still/file" "$T/pp/xylophone"
}

# NotPrefix: AND over its values; a Prefix filter keeps the rest of the system out
test_not_prefix() {
	openat_policy op-notprefix <<YAML | compile np
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/np/"
      - index: 1
        operator: "NotPrefix"
        values:
        - "$T/np/keep/"
        - "$T/np/also"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/np.bpf.o"
	expect_alive "$OPENER" open "$T/np/keep/x"
	expect_alive "$OPENER" open "$T/np/also"
	expect_alive "$OPENER" open "$T/np/alsothis/y"
	expect_alive "$OPENER" open "$T/elsewhere"
	expect_killed "$OPENER" open "$T/np/kee/x"
	expect_killed "$OPENER" open "$T/np/keepx"
	expect_killed "$OPENER" open "$T/np/als"
	stop_tprun
	killed_paths "$T/np/kee/x" "$T/np/keepx" "$T/np/als"
}

test_postfix() {
	openat_policy op-postfix <<YAML | compile postfix
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - ".secret"
        - "/id_rsa"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/postfix.bpf.o"
	expect_killed "$OPENER" open "$T/a.secret"
	expect_killed "$OPENER" open "$T/dir/.secret"
	expect_killed "$OPENER" open "$T/home/id_rsa"
	expect_alive "$OPENER" open "$T/a.secretx"
	expect_alive "$OPENER" open "$T/a.secre"
	expect_alive "$OPENER" open "$T/home/xid_rsa"
	expect_alive "$OPENER" open "$T/id_rsa.pub"
	stop_tprun
	killed_paths "$T/a.secret" "$T/dir/.secret" "$T/home/id_rsa"
}

# a postfix longer than the string must not match (nor read before it)
test_postfix_longer_than_arg() {
	openat_policy op-postfix-long <<YAML | compile pl
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "/tpgen-e2e-not-a-real-dir/zz"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/pl.bpf.o"
	expect_alive "$OPENER" open "zz"
	expect_alive "$OPENER" open "/zz"
	expect_killed "$OPENER" open "/tpgen-e2e-not-a-real-dir/zz"
	stop_tprun
	killed_paths "/tpgen-e2e-not-a-real-dir/zz"
}

test_not_postfix() {
	openat_policy op-notpostfix <<YAML | compile npf
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/npf/"
      - index: 1
        operator: "NotPostfix"
        values:
        - ".ok"
        - ".fine"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/npf.bpf.o"
	expect_alive "$OPENER" open "$T/npf/a.ok"
	expect_alive "$OPENER" open "$T/npf/b.fine"
	expect_alive "$OPENER" open "$T/other.bad"
	expect_killed "$OPENER" open "$T/npf/c.bad"
	expect_killed "$OPENER" open "$T/npf/d.okay"
	expect_killed "$OPENER" open "$T/npf/e.fin"
	stop_tprun
	killed_paths "$T/npf/c.bad" "$T/npf/d.okay" "$T/npf/e.fin"
}

# empty_policy NAME OP: $OPENER's opens of a relative path (not its loader's) that OP ""
# die
empty_policy() {
	openat_policy "op-$1" <<YAML | compile "$1"
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchArgs:
      - index: 1
        operator: "$2"
        values:
        - ""
      - index: 1
        operator: "NotPrefix"
        values:
        - "/"
      matchActions:
      - action: Sigkill
YAML
}

# "" has no prefix or postfix, not even "", and NotPrefix passes it (Tetragon:
# filter_char_buf_prefix and _postfix, bpf/process/types/basic.h, fail on a length of 0
# before the negation); it equals "" (filter_char_buf_equal)
test_empty_string() {
	local op
	for op in Prefix NotPrefix Equal NotEqual; do
		empty_policy "empty$op" "$op"
	done
	start_tprun "$T/emptyPrefix.bpf.o"
	expect_alive "$OPENER" open ""
	expect_killed "$OPENER" open e
	stop_tprun
	start_tprun "$T/emptyNotPrefix.bpf.o"
	expect_killed "$OPENER" open ""
	expect_alive "$OPENER" open e
	stop_tprun
	start_tprun "$T/emptyEqual.bpf.o"
	expect_killed "$OPENER" open ""
	expect_alive "$OPENER" open e
	stop_tprun
	start_tprun "$T/emptyNotEqual.bpf.o"
	expect_alive "$OPENER" open ""
	expect_killed "$OPENER" open e
	stop_tprun
}

# "…\0" in a double-quoted value: Equal on a string and Postfix on anything but a char_buf
# drop trailing NULs, Prefix keeps them (Tetragon's writeMatchStrings, writePrefix,
# writePostfix in pkg/selectors/kernel.go); a string never holds a NUL, so a Prefix value
# with one would never match: refused
test_trailing_nul() {
	openat_policy op-nul <<YAML | compile nul
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/nul/a\\0"
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - ".nulpost\\0\\0"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/nul/b"
      matchActions:
      - action: Sigkill
YAML
	grep -q 'a\\0"' "$T/nul.yaml"
	sed "s|\"$T/nul/b\"|\"$T/nul/b\\\\0\"|" "$T/nul.yaml" > "$T/nulprefix.yaml"
	expect_refused nulprefix "arg 1: value has a NUL byte, which string args never hold"
	# selector 0 posts, selector 1 kills
	start_tprun "$T/nul.bpf.o"
	expect_alive "$OPENER" open "$T/nul/a"
	expect_alive "$OPENER" open "$T/nul/ab"
	expect_killed "$OPENER" open "$T/nul/b/x.nulpost"
	expect_alive "$OPENER" open "$T/nul/b/x.nulpostx"
	expect_alive "$OPENER" open "$T/nul/c.nulpost"
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks()] == [('$T/nul/a', 'KPROBE_ACTION_POST'), ('$T/nul/b/x.nulpost', 'KPROBE_ACTION_SIGKILL')]"
}

# values longer than 64 bytes are compared with tp_words_eq
test_long_values() {
	local d="$T/long" seg p200 p150 p201 pfx sfx
	seg=$(printf 'abcdefghij%.0s' {1..10})	# 100 bytes
	p200="$d/${seg}/${seg:0:$((200 - ${#d} - 102))}"
	p201="${p200}z"
	pfx="$d/${seg}/"	# > 64 bytes
	sfx="/${seg:0:80}.long"
	[ ${#p200} -eq 200 ] && [ ${#pfx} -gt 64 ] && [ ${#sfx} -gt 64 ]
	openat_policy op-long <<YAML | compile long
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$p200"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$pfx"
      - index: 1
        operator: "Postfix"
        values:
        - "$sfx"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/lp/${seg}"
      matchActions:
      - action: Sigkill
YAML
	grep -q 'tp_words_eq' <("$TPGEN" "$T/long.yaml" -o "$T/long2.bpf.o" -S /dev/stdout)
	start_tprun "$T/long.bpf.o"
	expect_killed "$OPENER" open "$p200"
	expect_alive "$OPENER" open "$p201"
	expect_alive "$OPENER" open "${p200%?}"
	expect_alive "$OPENER" open "${p200%?}Z"
	expect_alive "$OPENER" open "X${p200:1}"
	# the middle of a long value counts too
	expect_alive "$OPENER" open "${p200:0:100}_${p200:101}"
	expect_killed "$OPENER" open "${pfx}sub${sfx}"
	expect_alive "$OPENER" open "${pfx}sub${sfx}x"
	expect_alive "$OPENER" open "${pfx%?}_sub${sfx}"
	expect_alive "$OPENER" open "${pfx}sub/X${sfx:2}"
	expect_killed "$OPENER" open "$T/lp/${seg}"
	expect_killed "$OPENER" open "$T/lp/${seg}more"
	expect_alive "$OPENER" open "$T/lp/${seg%?}"
	expect_alive "$OPENER" open "$T/lp/${seg%?}J"
	stop_tprun
	killed_paths "$p200" "${pfx}sub${sfx}" "$T/lp/${seg}" "$T/lp/${seg}more"
}

# int Equal with decimal, 0x hex and 0 octal values, on the flags
test_int_equal_bases() {
	mkdir -p "$T/ie"
	openat_policy op-int-equal <<YAML | compile ie
    - matchArgs:
      - index: 2
        operator: "Equal"
        values:
        - "0x80000"
        - "0101"
        - "2"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/ie/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/ie.bpf.o"
	expect_killed "$OPENER" openf "$T/ie/a" 0x80000
	expect_killed "$OPENER" openf "$T/ie/b" 0x41
	expect_killed "$OPENER" openf "$T/ie/c" 2
	expect_alive "$OPENER" openf "$T/ie/d" 0
	expect_alive "$OPENER" openf "$T/ie/e" 1
	expect_alive "$OPENER" openf "$T/ie/f" 0x80001
	expect_alive "$OPENER" openf "$T/ie/g" 101
	expect_alive "$OPENER" openf "$T/other" 2
	stop_tprun
	killed_paths "$T/ie/a" "$T/ie/b" "$T/ie/c"
	check_events "sorted(h['args'][2]['int_arg'] for h in hooks()) == [2, 0x41, 0x80000]"
}

test_int_not_equal() {
	mkdir -p "$T/ine"
	openat_policy op-int-ne <<YAML | compile ine
    - matchArgs:
      - index: 2
        operator: "NotEqual"
        values:
        - "0"
        - "0x80000"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/ine/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/ine.bpf.o"
	expect_alive "$OPENER" openf "$T/ine/a" 0
	expect_alive "$OPENER" openf "$T/ine/b" 0x80000
	expect_killed "$OPENER" openf "$T/ine/c" 1
	expect_killed "$OPENER" openf "$T/ine/d" 0x80001
	stop_tprun
	killed_paths "$T/ine/c" "$T/ine/d"
}

# Mask: arg & v != 0 for any v (the values fold into one OR)
test_int_mask() {
	mkdir -p "$T/im"
	openat_policy op-mask <<YAML | compile im
    - matchArgs:
      - index: 2
        operator: "Mask"
        values:
        - "0x40"
        - "01000"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/im/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/im.bpf.o"
	expect_killed "$OPENER" openf "$T/im/a" 0x41
	expect_killed "$OPENER" openf "$T/im/b" 0x42
	expect_killed "$OPENER" openf "$T/im/c" 0x201
	expect_alive "$OPENER" openf "$T/im/d" 1
	expect_alive "$OPENER" openf "$T/im/e" 0x80000
	expect_alive "$OPENER" openf "$T/im/f" 0x401
	stop_tprun
	killed_paths "$T/im/a" "$T/im/b" "$T/im/c"
}

# GT/GreaterThan and LT/LessThan are signed on an int: flags -1 is less than 1
test_int_gt_lt() {
	mkdir -p "$T/gt" "$T/lt"
	openat_policy op-gtlt <<YAML | compile gtlt
    - matchArgs:
      - index: 2
        operator: "GreaterThan"
        values:
        - "0x80000"
        - "0x100000"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/gt/"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 2
        operator: "LT"
        values:
        - "1"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/lt/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/gtlt.bpf.o"
	expect_killed "$OPENER" openf "$T/gt/a" 0x80001
	expect_killed "$OPENER" openf "$T/gt/b" 0x100002
	expect_alive "$OPENER" openf "$T/gt/c" 0x80000
	expect_alive "$OPENER" openf "$T/gt/d" 1
	expect_alive "$OPENER" openf "$T/gt/e" -1
	expect_killed "$OPENER" openf "$T/lt/a" 0
	expect_killed "$OPENER" openf "$T/lt/b" -1
	expect_alive "$OPENER" openf "$T/lt/c" 1
	expect_alive "$OPENER" openf "$T/lt/d" 0x80000
	stop_tprun
	killed_paths "$T/gt/a" "$T/gt/b" "$T/lt/a" "$T/lt/b"
	check_events "sorted(h['args'][2]['int_arg'] for h in hooks()) == [-1, 0, 0x80001, 0x100002]"
}

# two filters on one int arg in a selector: a range (GT AND LT)
test_int_range() {
	mkdir -p "$T/rg"
	openat_policy op-range <<YAML | compile rg
    - matchArgs:
      - index: 2
        operator: "GT"
        values:
        - "0x40"
      - index: 2
        operator: "LT"
        values:
        - "0x800"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/rg/"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/rg.bpf.o"
	expect_killed "$OPENER" openf "$T/rg/a" 0x41
	expect_killed "$OPENER" openf "$T/rg/b" 0x7ff
	expect_alive "$OPENER" openf "$T/rg/c" 0x40
	expect_alive "$OPENER" openf "$T/rg/d" 0x800
	expect_alive "$OPENER" openf "$T/rg/e" 1
	stop_tprun
	killed_paths "$T/rg/a" "$T/rg/b"
}

# a negative dfd: AT_FDCWD is -100 (every open the opener does)
test_negative_dfd() {
	openat_policy op-dfd <<YAML | compile dfd
    - matchArgs:
      - index: 0
        operator: "LT"
        values:
        - "-99"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/dfd/kill"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 0
        operator: "LessThan"
        values:
        - "-100"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/dfd/"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "-100"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/dfd/eq"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 0
        operator: "GT"
        values:
        - "5"
        - "-0x65"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/dfd/gt"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/dfd.bpf.o"
	expect_killed "$OPENER" open "$T/dfd/kill"
	expect_alive "$OPENER" open "$T/dfd/other"
	expect_killed "$OPENER" open "$T/dfd/eq"
	expect_killed "$OPENER" open "$T/dfd/gt"
	stop_tprun
	killed_paths "$T/dfd/kill" "$T/dfd/eq" "$T/dfd/gt"
	check_events "all(h['args'][0]['int_arg'] == -100 for h in hooks())"
}

# values at the longest a string arg can be (4095 bytes): Equal, Prefix, Postfix
test_max_length_values() {
	local seg e4095 p4000 s4088
	seg=$(printf 'abcdefghi/%.0s' {1..410})	# 4100 bytes
	e4095="$T/mx/e/${seg:0:$((4095 - ${#T} - 6))}"
	p4000="$T/mx/p/${seg:0:$((4000 - ${#T} - 6))}"
	# a relative path ending in it fits; 4088 = 8 * 511 tempts clang to bound n, not the offset
	s4088="/tpgen-e2e-mx/${seg:0:4074}"
	[ ${#e4095} -eq 4095 ] && [ ${#p4000} -eq 4000 ] && [ ${#s4088} -eq 4088 ]
	openat_policy op-max <<YAML | compile mx
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$e4095"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$p4000"
      matchActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: "Postfix"
        values:
        - "$s4088"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/mx.bpf.o"
	expect_killed "$OPENER" open "$e4095"
	expect_alive "$OPENER" open "${e4095%?}"
	expect_alive "$OPENER" open "${e4095%?}X"
	expect_killed "$OPENER" open "${p4000}tail"
	expect_alive "$OPENER" open "${p4000%?}X"
	expect_killed "$OPENER" open "x$s4088"
	expect_killed "$OPENER" open "$s4088"
	expect_alive "$OPENER" open "x${s4088%?}"
	expect_alive "$OPENER" open "x/X${s4088:2}"
	stop_tprun
	killed_paths "$e4095" "${p4000}tail" "x$s4088" "$s4088"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpgen as a tool: reproducible objects, make install, hostile values.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# policy_for PATH: Sigkill on an open of PATH
policy_for() {
	kill_selector "$1" | openat_path_policy hostile
}

# two_part_policy: hooks on two functions, which tpgen compiles in two parts
# (gen/lower/split.c): openat_hook with the selectors on stdin, and a Post on
# getppid from $OPENER at raw_syscalls/sys_enter
two_part_policy() {
	policy_head two-parts
	echo "  kprobes:"
	openat_hook
	opener_sys_enter Equal 110 Post < /dev/null
}

test_same_policy_gives_identical_bytes() {
	policy_for "$T/a" > "$T/p.yaml"
	"$TPGEN" "$T/p.yaml" -o "$T/one.bpf.o"
	mkdir -p "$T/elsewhere"
	cp "$T/p.yaml" "$T/elsewhere/p.yaml"
	(cd "$T/elsewhere" && "$TPGEN" p.yaml -o two.bpf.o)
	cmp "$T/one.bpf.o" "$T/elsewhere/two.bpf.o" || fail "objects differ"
}

# every example policy, whatever templates it pulls in (stacks, rate limits,
# resolve, imaHash, parent binaries...), from two directories, the second
# without the cache; the first again twice without its object (gen/link/compile.c),
# the second time on the templates precompiled for it (gen/link/cache.c: tp_cache__head)
test_every_example_policy_is_reproducible() {
	local y n i
	mkdir -p "$T/r1" "$T/r2"
	for y in "$(dirname "$0")"/../../policies/*.yaml; do
		n=$(basename "$y" .yaml)
		cp "$y" "$T/r1/$n.yaml"
		cp "$y" "$T/r2/$n.yaml"
		(cd "$T/r1" && TPGEN_CACHE="$T/cache-r" "$TPGEN" "$n.yaml" -o "$n.bpf.o" 2> /dev/null) &&
			(cd "$T/r2" && TPGEN_CACHE= "$TPGEN" "$n.yaml" -o "$n.bpf.o" 2> /dev/null) ||
			continue
		cmp "$T/r1/$n.bpf.o" "$T/r2/$n.bpf.o" || fail "$n: objects differ"
		for i in 1 2; do
			rm "$T/cache-r"/policy-*.o
			(cd "$T/r1" && TPGEN_CACHE="$T/cache-r" "$TPGEN" "$n.yaml" -o "$n-$i.bpf.o" 2> /dev/null) ||
				fail "$n: tpgen failed the second time"
			cmp "$T/r1/$n-$i.bpf.o" "$T/r2/$n.bpf.o" || fail "$n: objects differ: no cache, run $i"
		done
	done
	[ "$(ls "$T/cache-r"/head-*.pch | wc -l)" -ge 10 ] || fail "fewer than 10 heads precompiled"
	[ "$(ls "$T/r1"/*.bpf.o | wc -l)" -ge 10 ] || fail "fewer than 10 example policies compiled"
}

# no DWARF in an object (gen/link/shrink.c), but the BTF libbpf and the kernel read:
# the maps' types, the functions', CO-RE's; and what is left still loads
test_objects_keep_btf_but_no_dwarf() {
	local secs
	"$TPGEN" "$ROOT/policies/demo.yaml" -o "$T/demo.bpf.o" || fail "tpgen failed"
	secs=$(readelf -SW "$T/demo.bpf.o") || fail "readelf failed"
	! grep -q '\.debug_' <<< "$secs" || fail "DWARF left: $(grep -o '\.debug_[a-z_]*' <<< "$secs")"
	! grep -q '\.rel\.BTF' <<< "$secs" || fail "relocations against .BTF left"
	grep -q ' \.BTF ' <<< "$secs" || fail "no .BTF"
	grep -q ' \.BTF\.ext ' <<< "$secs" || fail "no .BTF.ext"
	bpftool btf dump file "$T/demo.bpf.o" > "$T/demo.btf" || fail "bpftool btf dump failed"
	grep -q "STRUCT 'task_struct'" "$T/demo.btf" ||
		fail "the CO-RE type task_struct is gone from .BTF"
	# the fields read, not the struct: whole, task_struct is 200-odd members
	# and brings a thousand types (a static function's argument once did)
	[ "$(sed -n "s/.*STRUCT 'task_struct' size=[0-9]* vlen=\([0-9]*\)$/\1/p" "$T/demo.btf")" -lt 40 ] ||
		fail "task_struct kept whole: $(grep "STRUCT 'task_struct'" "$T/demo.btf")"
	! grep -q "STRUCT 'netns_ipv4'" "$T/demo.btf" || fail "struct netns_ipv4 in .BTF: nothing reads it"
	timeout 60 "$TPRUN" --check "$T/demo.bpf.o" > /dev/null 2> "$T/err" ||
		fail "tprun --check: $(cat "$T/err")"
	grep -q ' 0 rejected' "$T/err" || fail "tprun --check: $(tail -1 "$T/err")"
}

# the cache (gen/link/cache.c: vmlinux.h cut for each policy, the structs it
# needed, preludes) only saves time: the object is the same bytes whether the
# cache is off, empty, knows the policy's structs (the prelude is built) or hit
test_cache_gives_the_same_bytes() {
	policy_for "$T/a" > "$T/p.yaml"
	TPGEN_CACHE= "$TPGEN" "$T/p.yaml" -o "$T/off.bpf.o"
	mkdir -m 700 "$T/cache"
	touch -d '8 days ago' "$T/cache/prelude-0000000000000000.pch"
	TPGEN_CACHE="$T/cache" "$TPGEN" "$T/p.yaml" -o "$T/miss.bpf.o"
	ls -d "$T/cache"/cut-* > /dev/null 2>&1 || fail "no cut vmlinux.h in the cache"
	[ ! -e "$T/cache/prelude-0000000000000000.pch" ] || fail "an unused prelude was kept"
	# without the kept object (gen/link/compile.c), the policy is compiled again
	rm "$T/cache"/policy-*.o
	TPGEN_CACHE="$T/cache" "$TPGEN" "$T/p.yaml" -o "$T/built.bpf.o"
	ls "$T/cache"/prelude-*.pch > /dev/null 2>&1 || fail "no precompiled prelude in the cache"
	TPGEN_CACHE="$T/cache" "$TPGEN" "$T/p.yaml" -o "$T/hit.bpf.o"
	cmp "$T/off.bpf.o" "$T/miss.bpf.o" || fail "objects differ: no cache, empty cache"
	cmp "$T/off.bpf.o" "$T/built.bpf.o" || fail "objects differ: no cache, prelude built"
	cmp "$T/off.bpf.o" "$T/hit.bpf.o" || fail "objects differ: no cache, cache hit"
}

# a target's vmlinux.h and prelude are kept by its BTF's bytes
test_cache_keeps_a_btf_target() {
	policy_for "$T/a" > "$T/p.yaml"
	TPGEN_CACHE= "$TPGEN" --btf /sys/kernel/btf/vmlinux "$T/p.yaml" -o "$T/off.bpf.o"
	mkdir -m 700 -p "$T/cache-btf/vmlinux-0000000000000000"
	touch "$T/cache-btf/vmlinux-0000000000000000"/{btf,vmlinux.h}
	touch -d '8 days ago' "$T/cache-btf/vmlinux-0000000000000000"
	TPGEN_CACHE="$T/cache-btf" "$TPGEN" --btf /sys/kernel/btf/vmlinux "$T/p.yaml" -o "$T/miss.bpf.o"
	[ ! -e "$T/cache-btf/vmlinux-0000000000000000" ] || fail "an unused target was kept"
	cmp -s "$T/cache-btf"/vmlinux-*/btf /sys/kernel/btf/vmlinux || fail "the entry does not hold the BTF"
	TPGEN_CACHE="$T/cache-btf" "$TPGEN" --btf /sys/kernel/btf/vmlinux "$T/p.yaml" -o "$T/hit.bpf.o"
	cmp "$T/off.bpf.o" "$T/miss.bpf.o" || fail "objects differ: no cache, cache built"
	cmp "$T/off.bpf.o" "$T/hit.bpf.o" || fail "objects differ: no cache, cache hit"
}

# a prelude clang refuses is not fatal, and is made anew by the next run
test_cache_survives_a_broken_prelude() {
	policy_for "$T/a" > "$T/p.yaml"
	# the second run makes the prelude of what the first found to compile
	TPGEN_CACHE="$T/cache-broken" "$TPGEN" "$T/p.yaml" -o "$T/good.bpf.o"
	# each run compiles the policy: its object is not kept (gen/link/compile.c)
	rm "$T/cache-broken"/policy-*.o
	TPGEN_CACHE="$T/cache-broken" "$TPGEN" "$T/p.yaml" -o "$T/good.bpf.o"
	rm "$T/cache-broken"/policy-*.o
	local pch
	pch=$(ls "$T/cache-broken"/prelude-*.pch)
	[ "$(echo "$pch" | wc -w)" = 1 ] || fail "not one prelude: $pch"
	echo garbage > "$pch"
	TPGEN_CACHE="$T/cache-broken" "$TPGEN" "$T/p.yaml" -o "$T/broken.bpf.o" 2> "$T/err" ||
		{ cat "$T/err" >&2; fail "tpgen failed on a broken prelude"; }
	[ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "clang's complaint about the prelude was shown"; }
	cmp "$T/good.bpf.o" "$T/broken.bpf.o" || fail "objects differ"
	rm "$T/cache-broken"/policy-*.o
	TPGEN_CACHE="$T/cache-broken" "$TPGEN" "$T/p.yaml" -o "$T/again.bpf.o"
	! grep -qx garbage "$pch" || fail "the broken prelude was kept"
}

# usdt_policy: a usdt on the usdter test binary's tpgen:probe2, whose template
# includes libbpf's usdt.bpf.h
usdt_policy() {
	cp "$O/tests/e2e/usdter" "$T/usdter"
	policy_head usdt
	cat <<YAML
  usdts:
  - path: "$T/usdter"
    provider: "tpgen"
    name: "probe2"
    args:
    - index: 0
      type: "int64"
YAML
}

# the templates a file includes are precompiled on its prelude, once for each
# configuration (gen/link/cache.c: tp_cache__head): made by the run that makes
# the prelude and used by the next, though each run touches the prelude; not
# for part 1, whose shared maps are externs (clang writes an extern's BTF only
# where the file itself declares it first), nor over libbpf's usdt.bpf.h (a
# __kconfig extern); evicted with its header, a header kept while its head is
# used; one clang refuses is made anew; the same bytes as with no cache
test_cache_precompiles_the_head() {
	local n i head
	policy_for "$T/a" > "$T/open.yaml"
	usdt_policy > "$T/usdt.yaml"
	kill_on_open "$T/a" | selector | two_part_policy > "$T/two.yaml"
	mkdir -m 700 "$T/cache-head"
	touch -d '8 days ago' "$T/cache-head"/head-{0000000000000000,1111111111111111}.{pch,h}
	rm "$T/cache-head/head-1111111111111111.pch"
	touch -d '8 days ago' "$T/cache-head/head-2222222222222222.h"
	touch "$T/cache-head/head-2222222222222222.pch"
	# used this week, in its access time only (a head on it is refused if its time moves)
	touch "$T/cache-head/prelude-3333333333333333.pch"
	touch -m -d '8 days ago' "$T/cache-head/prelude-3333333333333333.pch"
	for n in open usdt two; do
		TPGEN_CACHE= "$TPGEN" "$T/$n.yaml" -o "$T/$n-off.bpf.o" || fail "$n: tpgen failed"
		for i in 1 2 3; do
			rm -f "$T/cache-head"/policy-*.o
			stat -c '%n %y' "$T/cache-head"/prelude-*.pch > "$T/times" 2> /dev/null || true
			TPGEN_CACHE="$T/cache-head" "$TPGEN" -v "$T/$n.yaml" -o "$T/$n-$i.bpf.o" \
				2> "$T/$n-$i.err" || { cat "$T/$n-$i.err" >&2; fail "$n: tpgen failed"; }
			cmp "$T/$n-off.bpf.o" "$T/$n-$i.bpf.o" || fail "$n: objects differ: no cache, run $i"
		done
		# a head is refused once its prelude's time changes: a run that uses them keeps it
		[ "$(stat -c '%n %y' "$T/cache-head"/prelude-*.pch)" = "$(cat "$T/times")" ] ||
			fail "$n: the third run changed a prelude's time"
		! grep -q -- "-include-pch $T/cache-head/head-" "$T/$n-1.err" ||
			fail "$n: the first run used a precompiled head"
		grep -q -- "-include-pch $T/cache-head/head-" "$T/$n-3.err" ||
			fail "$n: the third run used no precompiled head"
		! grep -q -- "-x c-header" "$T/$n-3.err" || fail "$n: the third run precompiled again"
		# once each part: no head refused (as one would be, stale, if a run touched its prelude)
		[ "$(grep -c -- " -c " "$T/$n-3.err")" = "$( [ $n = two ] && echo 2 || echo 1)" ] ||
			fail "$n: the third run compiled a part twice"
	done
	[ "$(grep -c -- "-include-pch $T/cache-head/head-.* -DTP_PART=0 " "$T/two-3.err")" = 1 ] ||
		fail "part 0 not on a precompiled head"
	[ "$(grep -c -- "-include-pch $T/cache-head/prelude-.* -DTP_PART=1 " "$T/two-3.err")" = 1 ] ||
		fail "part 1 not on the prelude alone"
	[ ! -e "$T/cache-head/head-0000000000000000.pch" ] && [ ! -e "$T/cache-head/head-0000000000000000.h" ] ||
		fail "an unused head was kept"
	[ ! -e "$T/cache-head/head-1111111111111111.h" ] || fail "a header of no head was kept"
	[ -e "$T/cache-head/head-2222222222222222.h" ] || fail "the header of a used head was evicted"
	[ -e "$T/cache-head/prelude-3333333333333333.pch" ] || fail "a prelude read this week was evicted"
	# a head clang refuses: compiled without, no word of it, made anew by the next run
	head=$(grep -o -- "-include-pch $T/cache-head/head-[0-9a-f]*\.pch" "$T/open-3.err" | cut -d' ' -f2)
	echo garbage > "$head"
	rm "$T/cache-head"/policy-*.o
	TPGEN_CACHE="$T/cache-head" "$TPGEN" -v "$T/open.yaml" -o "$T/open-4.bpf.o" 2> "$T/err" ||
		{ cat "$T/err" >&2; fail "tpgen failed on a broken head"; }
	[ "$(grep -v '^clang ' "$T/err")" = "" ] ||
		{ cat "$T/err" >&2; fail "clang's complaint about the head was shown"; }
	grep -- " -c " "$T/err" | tail -1 | grep -q -- "-include-pch $T/cache-head/prelude-" ||
		fail "not compiled on the prelude once the head was refused"
	cmp "$T/open-off.bpf.o" "$T/open-4.bpf.o" || fail "objects differ: no cache, broken head"
	[ ! -e "$head" ] || fail "the broken head was kept"
	rm "$T/cache-head"/policy-*.o
	TPGEN_CACHE="$T/cache-head" "$TPGEN" "$T/open.yaml" -o "$T/open-5.bpf.o"
	[ -s "$head" ] && ! grep -qx garbage "$head" || fail "the broken head was not made anew"
}

# the process table's programs and the templates' subprograms are one object
# each for a configuration (gen/link/companion.c): two policies that differ in
# their sizes only (b has more selectors) share them, and the linked objects
# are the same bytes as without the cache; a switch (c's set looked up by key)
# makes subprograms of its own; an entry that does not link is made anew; one
# unused for a week goes, of any kind
test_cache_keeps_one_companion_a_configuration() {
	local kind entry
	policy_for "$T/a" > "$T/a.yaml"
	{ kill_selector "$T/b"; kill_selector "$T/c"; kill_selector "$T/d"; } |
		openat_path_policy hostile > "$T/b.yaml"
	kill_on_open "$T"/{1,2,3,4,5,6,7,8,9} | selector | openat_path_policy hostile > "$T/c.yaml"
	mkdir -m 700 "$T/cache-comp"
	for kind in proc lib policy policy-part1; do
		touch -d '8 days ago' "$T/cache-comp/$kind-0000000000000000-00.o"
	done
	mkdir "$T/off"
	(cd "$T/off" && TPGEN_CACHE= "$TPGEN" -S "$T/a.c" "$T/a.yaml" -o "$T/a-off.bpf.o")
	[ -z "$(ls -A "$T/off")" ] || fail "without a cache, tpgen wrote $(ls -A "$T/off")"
	TPGEN_CACHE= "$TPGEN" -S "$T/b.c" "$T/b.yaml" -o "$T/b-off.bpf.o"
	! cmp -s <(grep '^#define TP_ACT_KEYS' "$T/a.c") <(grep '^#define TP_ACT_KEYS' "$T/b.c") ||
		fail "a and b have the same sizes"
	TPGEN_CACHE="$T/cache-comp" "$TPGEN" "$T/a.yaml" -o "$T/a-miss.bpf.o"
	TPGEN_CACHE="$T/cache-comp" "$TPGEN" "$T/b.yaml" -o "$T/b-hit.bpf.o"
	cmp "$T/a-off.bpf.o" "$T/a-miss.bpf.o" || fail "objects differ: no cache, empty cache"
	cmp "$T/b-off.bpf.o" "$T/b-hit.bpf.o" || fail "objects differ: no cache, cache hit"
	[ -z "$(ls "$T/cache-comp" | grep -e -0000000000000000-)" ] ||
		fail "entries unused for a week kept: $(ls "$T/cache-comp" | grep -e -0000000000000000-)"
	for kind in proc lib; do
		entry=$(ls "$T/cache-comp/$kind"-*.o) || fail "no $kind object in the cache"
		[ "$(echo "$entry" | wc -w)" = 1 ] || fail "not one $kind object: $entry"
		cp "$entry" "$T/entry.o"
		echo garbage > "$entry"
		TPGEN_CACHE="$T/cache-comp" "$TPGEN" "$T/b.yaml" -o "$T/b-broken.bpf.o" 2> "$T/err" ||
			{ cat "$T/err" >&2; fail "tpgen failed on a damaged $kind entry"; }
		cmp "$T/b-off.bpf.o" "$T/b-broken.bpf.o" || fail "objects differ: damaged $kind entry"
		cmp "$entry" "$T/entry.o" || fail "the damaged $kind entry was not made anew"
	done
	TPGEN_CACHE= "$TPGEN" -S "$T/c.c" "$T/c.yaml" -o "$T/c-off.bpf.o"
	grep -q '^#define TP_HEAP_KEY 1' "$T/c.c" || fail "c has no switch of its own"
	TPGEN_CACHE="$T/cache-comp" "$TPGEN" "$T/c.yaml" -o "$T/c-miss.bpf.o"
	cmp "$T/c-off.bpf.o" "$T/c-miss.bpf.o" || fail "objects differ: no cache, a switch"
	[ "$(ls "$T/cache-comp"/lib-*.o | wc -l)" = 2 ] || fail "a switch shares the subprograms"
	[ "$(ls "$T/cache-comp"/proc-*.o | wc -l)" = 1 ] || fail "a switch of no process table's"
}

# the templates' subprograms' object is compiled with no size of the policy's
# (gen/link/companion.c takes its switches alone): the sizes change none of the
# code of any template's subprograms, with no switch on and with every one
# gen/emit/policy.c writes (a mutation that reads TP_OUT_MASK in tp_out_finish
# fails it)
test_sizes_change_no_subprogram() {
	local f switches=() flags sized
	for f in "$ROOT"/templates/bpf/tp_*.bpf.h; do
		! grep -q '^TP_LIBPROG ' "$f" || echo "#include \"$(basename "$f")\""
	done > "$T/inc.h"
	[ "$(wc -l < "$T/inc.h")" -ge 5 ] || fail "fewer than 5 templates hold subprograms"
	mapfile -t switches < <(sed -n 's/.*"#define \(TP_[A-Z_]*\) 1".*/-D\1/p' \
		"$ROOT/gen/emit/policy.c")
	[ "${#switches[@]}" -ge 8 ] || fail "fewer than 8 switches in gen/emit/policy.c"
	{ echo "#define TP_LIB_PROGS 1"; cat "$T/inc.h"; } > "$T/lib.c"
	flags=(-g -O2 -target bpf "-D__TARGET_ARCH_$(uname -m | sed 's/x86_64/x86/; s/aarch64/arm64/')"
		-Wall -Werror "-I$ROOT/templates/bpf" "-I$O/include" "-I$ROOT/include"
		"-idirafter/usr/include/$(gcc -print-multiarch)" -c "$T/lib.c")
	# the sizes the object does not take (those the head writes before its switches),
	# each at 3 (a mask of two bits)
	mapfile -t sized < <(sed -n '/^static void head(/,/TP_EMIT_SWITCHES/p' \
		"$ROOT/gen/emit/policy.c" | sed -n 's/.*"#define \(TP_[A-Z_]*\) .*/-D\1=3/p')
	[ "${#sized[@]}" -ge 7 ] || fail "fewer than 7 sizes in gen/emit/policy.c"
	for f in none all; do
		[ $f = none ] && set -- || set -- "${switches[@]}"
		clang "${flags[@]}" "$@" -o "$T/default.o" || fail "the subprograms do not compile"
		clang "${flags[@]}" "$@" "${sized[@]}" -o "$T/sized.o" ||
			fail "the subprograms do not compile with sizes"
		llvm-objdump -d -r --no-show-raw-insn "$T/default.o" | tail -n +3 > "$T/default.s"
		llvm-objdump -d -r --no-show-raw-insn "$T/sized.o" | tail -n +3 > "$T/sized.s"
		[ "$(grep -c '^[0-9a-f]* <tp_' "$T/default.s")" -ge 14 ] ||
			fail "fewer than 14 subprograms ($f switches)"
		diff "$T/default.s" "$T/sized.s" > "$T/diff" ||
			{ head -20 "$T/diff" >&2; fail "the sizes change a subprogram ($f switches)"; }
	done
}

# the policy's object is kept in the cache by its generated source (gen/link/compile.c):
# compiled again, the policy is only linked, to the same bytes; a policy that changed
# is compiled, and its object kept beside the first's; a damaged entry is made anew
test_cache_keeps_the_policy_object() {
	policy_for "$T/a" > "$T/p.yaml"
	# the same name: the generated file's banner names it
	mkdir "$T/changed"
	policy_for "$T/b" > "$T/changed/p.yaml"
	TPGEN_CACHE= "$TPGEN" "$T/p.yaml" -o "$T/off.bpf.o"
	TPGEN_CACHE= "$TPGEN" "$T/changed/p.yaml" -o "$T/changed-off.bpf.o"
	TPGEN_CACHE="$T/cache-policy" "$TPGEN" "$T/p.yaml" -o "$T/miss.bpf.o"
	[ "$(ls "$T/cache-policy"/policy-*.o | wc -l)" = 1 ] || fail "the policy's object not kept"
	TPGEN_CACHE="$T/cache-policy" "$TPGEN" -v "$T/p.yaml" -o "$T/hit.bpf.o" 2> "$T/hit.err"
	! grep -q -- " -c " "$T/hit.err" || fail "a policy kept in the cache was compiled again"
	TPGEN_CACHE="$T/cache-policy" "$TPGEN" -v "$T/changed/p.yaml" -o "$T/changed.bpf.o" \
		2> "$T/changed.err"
	grep -q -- " -c .*/policy.bpf.c " "$T/changed.err" || fail "a changed policy was not compiled"
	[ "$(ls "$T/cache-policy"/policy-*.o | wc -l)" = 2 ] || fail "not two policies' objects kept"
	cmp "$T/off.bpf.o" "$T/miss.bpf.o" || fail "objects differ: no cache, empty cache"
	cmp "$T/off.bpf.o" "$T/hit.bpf.o" || fail "objects differ: no cache, cache hit"
	cmp "$T/changed-off.bpf.o" "$T/changed.bpf.o" || fail "objects differ: changed policy"
	for entry in "$T/cache-policy"/policy-*.o; do echo garbage > "$entry"; done
	TPGEN_CACHE="$T/cache-policy" "$TPGEN" "$T/p.yaml" -o "$T/broken.bpf.o" 2> "$T/err" ||
		{ cat "$T/err" >&2; fail "tpgen failed on a damaged entry"; }
	cmp "$T/off.bpf.o" "$T/broken.bpf.o" || fail "objects differ: damaged entry"
	TPGEN_CACHE="$T/cache-policy" "$TPGEN" -v "$T/p.yaml" -o "$T/again.bpf.o" 2> "$T/again.err"
	! grep -q -- " -c " "$T/again.err" || fail "the damaged entry was not made anew"
}

# hooks on two functions are compiled in two parts at once, linked into one
# object (gen/lower/split.c, gen/link/compile.c): each part's hook enforces or
# reports; a constant table (a long value's words, a set's bloom filter) is in
# the object once and compiles in the part that does not use it; both parts'
# objects are kept in the cache, each with the structs its own compile needed,
# and the linked object is the same bytes with the cache or without
test_a_policy_compiled_in_two_parts() {
	local p0 p1 long i set=()
	long="$T/$(printf 'l%.0s' {1..70})"
	for i in 1 2 3 4 5 6 7 8 9; do set+=("$T/set$i"); done
	{ kill_on_open "$long" | selector; kill_on_open "$T/a" "${set[@]}" | selector; } |
		two_part_policy > "$T/two.yaml"
	TPGEN_CACHE= "$TPGEN" -S "$T/two.c" "$T/two.yaml" -o "$T/two-off.bpf.o" ||
		fail "tpgen failed"
	p0=$(grep -B2 '^/\* --- hook 0:' "$T/two.c" | sed -n 's/^#if TP_IN_PART(\([0-9]\))$/\1/p')
	p1=$(grep -B2 '^/\* --- hook 1:' "$T/two.c" | sed -n 's/^#if TP_IN_PART(\([0-9]\))$/\1/p')
	[ -n "$p0" ] && [ -n "$p1" ] && [ "$p0" != "$p1" ] || fail "hooks not in two parts: '$p0' '$p1'"
	grep -q '^static const __u64 tp_words_0\[' "$T/two.c" || fail "no long value's words"
	grep -q '^static const __u64 tp_set_0_bloom\[' "$T/two.c" || fail "no set's bloom filter"
	bpftool btf dump file "$T/two-off.bpf.o" > "$T/two.btf" || fail "bpftool btf dump failed"
	[ "$(grep -c "] VAR 'tp_set_0_bloom'" "$T/two.btf")" = 1 ] || fail "not one bloom filter"
	TPGEN_CACHE="$T/cache-two" "$TPGEN" "$T/two.yaml" -o "$T/two-miss.bpf.o" || fail "tpgen failed"
	ls "$T/cache-two"/policy-part1-*.o > /dev/null 2>&1 || fail "part 1's object not kept"
	[ "$(ls "$T/cache-two"/policy-*.o | wc -l)" = 2 ] || fail "not two parts' objects kept"
	TPGEN_CACHE="$T/cache-two" "$TPGEN" -v "$T/two.yaml" -o "$T/two-hit.bpf.o" 2> "$T/hit.err"
	! grep -q -- " -c " "$T/hit.err" || fail "a part kept in the cache was compiled again"
	# the structs each part needed kept, the objects not: each part compiled from its own
	rm "$T/cache-two"/policy-*.o
	TPGEN_CACHE="$T/cache-two" "$TPGEN" "$T/two.yaml" -o "$T/two-names.bpf.o" || fail "tpgen failed"
	cmp "$T/two-off.bpf.o" "$T/two-miss.bpf.o" || fail "objects differ: no cache, empty cache"
	cmp "$T/two-off.bpf.o" "$T/two-hit.bpf.o" || fail "objects differ: no cache, cache hit"
	cmp "$T/two-off.bpf.o" "$T/two-names.bpf.o" || fail "objects differ: no cache, structs kept"
	start_tprun "$T/two-off.bpf.o"
	expect_killed "$OPENER" open "$long"
	expect_killed "$OPENER" open "$T/set9"
	expect_alive "$OPENER" getppid
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks() if 'function_name' in h] == [('$long', 'KPROBE_ACTION_SIGKILL'), ('$T/set9', 'KPROBE_ACTION_SIGKILL')]"
	check_events "[h['action'] for h in hooks() if h.get('subsys') == 'raw_syscalls'] == ['KPROBE_ACTION_POST']"
}

# a cache folder others can write to is not used
test_cache_refuses_a_shared_folder() {
	policy_for "$T/a" > "$T/p.yaml"
	mkdir -m 777 "$T/shared"
	TPGEN_CACHE="$T/shared" "$TPGEN" "$T/p.yaml" -o "$T/s.bpf.o" || fail "tpgen failed"
	[ -z "$(ls -A "$T/shared")" ] || fail "tpgen wrote to a world-writable cache"
}

# -o /dev/null checks a policy: the device is written, never renamed over
test_output_to_dev_null_keeps_the_device() {
	policy_for "$T/a" > "$T/p.yaml"
	"$TPGEN" "$T/p.yaml" -o /dev/null || fail "tpgen -o /dev/null failed"
	[ -c /dev/null ] || fail "/dev/null is no longer a device"
	! ls /dev/null.* > /dev/null 2>&1 || fail "a temporary file was left in /dev"
}

test_policy_source_travels_in_the_object() {
	policy_for "$T/a" > "$T/p.yaml"
	"$TPGEN" "$T/p.yaml" -o "$T/p.bpf.o"
	"$TPRUN" --show-policy "$T/p.bpf.o" > "$T/src.yaml"
	cmp "$T/p.yaml" "$T/src.yaml" || fail ".tp.policy is not the source"
}

test_hostile_path_is_data_not_code() {
	# quotes, backslashes, a comment terminator, a newline, a format string, C
	local evil="$T/ev\"il\\\\'*/ %s%n;}{ bpf_send_signal(9);
//x"
	local yaml_evil
	# as a YAML double-quoted string: escape backslash, quote, newline
	yaml_evil=$(printf '%s' "$evil" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | sed -e ':a;N;$!ba;s/\n/\\n/g')
	policy_for "$yaml_evil" > "$T/evil.yaml"
	"$TPGEN" "$T/evil.yaml" -o "$T/evil.bpf.o" -S "$T/evil.bpf.c"
	! grep -q 'ev"il' "$T/evil.bpf.c" || fail "policy text pasted into C"
	"$TPRUN" --check "$T/evil.bpf.o" > /dev/null 2>&1
	mkdir -p "${evil%/*}"
	printf 'x' > "$evil"
	start_tprun "$T/evil.bpf.o"
	expect_killed "$OPENER" open "$evil"
	expect_alive "$OPENER" open "$T/ev"
	stop_tprun
	printf '%s' "$evil" > "$T/evil.path"
	check_events "[h['args'][0]['string_arg'] for h in hooks()] == [open('$T/evil.path').read()]"
}

test_make_install_gives_a_working_tpgen() {
	make -s -C "$ROOT" O="$O" install PREFIX="$T/prefix" > /dev/null
	policy_for "$T/a" > "$T/p.yaml"
	# a cache of its own: the user's would keep a prelude of this short-lived install
	# the second run precompiles the prelude of what the first found to compile
	TPGEN_CACHE="$T/inst-cache" "$T/prefix/bin/tpgen" "$T/p.yaml" -o "$T/inst.bpf.o"
	rm "$T/inst-cache"/policy-*.o # compiled again, not taken from the cache
	TPGEN_CACHE="$T/inst-cache" "$T/prefix/bin/tpgen" -v "$T/p.yaml" -o "$T/inst.bpf.o" 2> "$T/v.err"
	grep -q "share/tpgen/templates" "$T/v.err" || fail "installed tpgen does not use its own templates"
	grep -q -- "-include-pch $T/inst-cache/prelude-" "$T/v.err" ||
		fail "installed tpgen does not precompile its prelude"
	"$T/prefix/bin/tprun" --check "$T/inst.bpf.o" > /dev/null 2>&1
}

test_bad_policy_leaves_no_output() {
	# spelled out, not built: the errors' line:col below are this text's
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: x\nspec:\n  kprobes:\n  - call: "sys_nosuchcall"\n    bogus: 1\n' > "$T/bad.yaml"
	echo keep > "$T/out.bpf.o"
	rc=0
	"$TPGEN" "$T/bad.yaml" -o "$T/out.bpf.o" 2> "$T/bad.err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -qE "^$T/bad.yaml:8:5: error: unknown key 'bogus'" "$T/bad.err" || { cat "$T/bad.err" >&2; fail "no located error for the key"; }
	grep -qE "^$T/bad.yaml:7:[0-9]+: error: .*no such syscall" "$T/bad.err" || { cat "$T/bad.err" >&2; fail "no located error for the syscall"; }
	[ "$(cat "$T/out.bpf.o")" = keep ] || fail "the existing output was replaced"
	[ -z "$(ls "$T" | grep 'out.bpf.o.')" ] || fail "a temporary file was left"
}

test_clang_is_found_on_path_and_overridable() {
	policy_for "$T/a" > "$T/p.yaml"
	"$TPGEN" --clang clang-14 "$T/p.yaml" -o "$T/c14.bpf.o"
	CLANG=clang-14 "$TPGEN" "$T/p.yaml" -o "$T/env.bpf.o"
	cmp "$T/c14.bpf.o" "$T/env.bpf.o" || fail "--clang and \$CLANG disagree"
	local rc=0
	CLANG=/nonexistent/clang "$TPGEN" "$T/p.yaml" -o "$T/none.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc without clang"
	grep -q "/nonexistent/clang" "$T/err" || { cat "$T/err" >&2; fail "the error does not name the clang it tried"; }
	[ ! -e "$T/none.bpf.o" ] || fail "an output was written"
}

# the first clang starts with tpgen, before the generated C is written, and
# reads its arguments from its standard input (gen/link/clang.c:
# tp_clang__standby); the same bytes; one no compile takes (the objects are
# in the cache) is ended with the run; on one CPU, none
test_clang_starts_before_its_arguments() {
	policy_for "$T/a" > "$T/p.yaml"
	printf '#!/bin/sh\nprintf "%%s\\n" "$1" >> "%s/firsts"\nexec clang "$@"\n' "$T" \
		> "$T/wclang"
	chmod +x "$T/wclang"
	TPGEN_CACHE= "$TPGEN" "$T/p.yaml" -o "$T/plain.bpf.o"
	: > "$T/firsts"
	TPGEN_CACHE= "$TPGEN" --clang "$T/wclang" "$T/p.yaml" -o "$T/w.bpf.o"
	cmp "$T/plain.bpf.o" "$T/w.bpf.o" || fail "objects differ"
	# one standby (on two CPUs or more), the policy's first compile; the others
	# (the process table's, a second round on a cut vmlinux.h) started as they
	# are needed
	local standbys=1
	[ "$(nproc)" -ge 2 ] || standbys=0
	[ "$(grep -cx @/dev/stdin "$T/firsts")" = $standbys ] &&
		! grep -qvx -e @/dev/stdin -e -g "$T/firsts" ||
		fail "clangs started with: $(tr '\n' ' ' < "$T/firsts")"
	TPGEN_CACHE="$T/cache-w" "$TPGEN" --clang "$T/wclang" "$T/p.yaml" -o "$T/w.bpf.o"
	: > "$T/firsts"
	TPGEN_CACHE="$T/cache-w" setsid "$TPGEN" --clang "$T/wclang" "$T/p.yaml" -o "$T/w2.bpf.o" &
	local pid=$!
	wait "$pid" || fail "tpgen failed with its objects in the cache"
	cmp "$T/plain.bpf.o" "$T/w2.bpf.o" || fail "objects differ, from the cache"
	! pgrep -s "$pid" > /dev/null || fail "left $(pgrep -s "$pid" -a)"
	grep -qvx "@/dev/stdin" "$T/firsts" && fail "a clang ran: $(tr '\n' ' ' < "$T/firsts")"
	: > "$T/firsts"
	# the first CPU this shell may run on
	local cpu
	cpu=$(taskset -pc $$ | sed 's/.*: //' | cut -d, -f1 | cut -d- -f1)
	TPGEN_CACHE= taskset -c "$cpu" "$TPGEN" --clang "$T/wclang" "$T/p.yaml" -o "$T/one.bpf.o"
	cmp "$T/plain.bpf.o" "$T/one.bpf.o" || fail "objects differ, on one CPU"
	! grep -qx "@/dev/stdin" "$T/firsts" || fail "a standby on one CPU"
}

test_inline_max_must_be_a_number() {
	policy_for "$T/a" > "$T/p.yaml"
	local bad rc
	for bad in 2x abc "" -1 99999999999999999999999; do
		rc=0
		"$TPGEN" --inline-max "$bad" "$T/p.yaml" -o "$T/im.bpf.o" 2> "$T/err" || rc=$?
		[ $rc -eq 2 ] || fail "--inline-max '$bad': exit status $rc"
		grep -qF "tpgen: --inline-max: '$bad' is not a number" "$T/err" ||
			{ cat "$T/err" >&2; fail "--inline-max '$bad': no clear error"; }
		[ ! -e "$T/im.bpf.o" ] || fail "--inline-max '$bad': an output was written"
	done
	"$TPGEN" --inline-max 0x2 "$T/p.yaml" -o "$T/im.bpf.o" || fail "--inline-max 0x2 refused"
	rm -f "$T/im.bpf.o"
	rc=0
	"$TPGEN" --inline-max 4097 "$T/p.yaml" -o "$T/im.bpf.o" 2> "$T/err" || rc=$?
	[ $rc -eq 2 ] || fail "--inline-max 4097: exit status $rc"
	grep -qF "tpgen: --inline-max: 4097 is past 4096" "$T/err" ||
		{ cat "$T/err" >&2; fail "--inline-max 4097: no clear error"; }
	[ ! -e "$T/im.bpf.o" ] || fail "--inline-max 4097: an output was written"
}

# A signal stops tpgen: its clangs are ended (its own and its children's: the
# companions' objects, a policy's second part) and none starts after, its
# working directory removed, nothing written, and it dies of the signal. A directory left by a
# run killed outright (SIGKILL) is removed by the next run, once its lock is
# free and it is a minute old (gen/link/workdir.c).
test_signals_leave_nothing_behind() {
	policy_for "$T/a" > "$T/p.yaml"
	kill_selector "$T/a" | two_part_policy > "$T/two.yaml"
	printf '#!/bin/sh\necho "$$" >> "%s/starts"\nexec sleep 60\n' "$T" > "$T/slowclang"
	chmod +x "$T/slowclang"
	local y sig pid rc i n clangs
	# clangs at once: the policy's, its companions' (the process table's programs,
	# the templates' subprograms: no object of this clang is in the cache), and a
	# second part's
	for y in p:3 two:4; do
		n=${y#*:}
		y=${y%:*}
		for sig in TERM INT HUP; do
			: > "$T/starts"
			# a background job's SIGINT is ignored, and tpgen leaves an ignored signal
			# so; a session of its own holds all it starts
			setsid env --default-signal="$sig" "$TPGEN" --clang "$T/slowclang" \
				"$T/$y.yaml" -o "$T/sig.bpf.o" 2> "$T/err" &
			pid=$!
			for ((i = 0; i < 100; i++)); do
				clangs=$(pgrep -s "$pid" -x sleep | wc -l)
				[ "$clangs" -lt "$n" ] || break
				sleep 0.1
			done
			[ "$clangs" = "$n" ] || { fail "$y SIG$sig: $clangs clangs, not $n"; return 1; }
			ls -d /tmp/tpgen-"$pid".* > /dev/null 2>&1 || fail "$y SIG$sig: no working directory"
			kill -"$sig" "$pid"
			rc=0
			wait "$pid" 2> /dev/null || rc=$? # not bash's notice of the signal
			[ $rc -eq $((128 + $(kill -l "$sig"))) ] || fail "$y SIG$sig: exit status $rc"
			grep -qF "tpgen: interrupted, $T/sig.bpf.o not written" "$T/err" ||
				{ cat "$T/err" >&2; fail "$y SIG$sig: not said"; }
			grep -q "bug" "$T/err" && fail "$y SIG$sig: called a bug: $(cat "$T/err")"
			for ((i = 0; i < 50; i++)); do
				pgrep -s "$pid" > /dev/null || break
				sleep 0.1
			done
			pgrep -s "$pid" > /dev/null && fail "$y SIG$sig: left $(pgrep -s "$pid" -a)"
			[ "$(wc -l < "$T/starts")" = "$n" ] || fail "$y SIG$sig: a clang started after it"
			! ls -d /tmp/tpgen-"$pid".* > /dev/null 2>&1 ||
				fail "$y SIG$sig: working directory left"
			[ ! -e "$T/sig.bpf.o" ] || fail "$y SIG$sig: output written"
			ls "$T" | grep -q '^sig.bpf.o.' && fail "$y SIG$sig: a temporary output left"
		done
	done
	# a dead run's directory goes, once a minute old; a locked one (its run lives,
	# in whatever PID namespace) or a recent one stays
	mkdir -p /tmp/tpgen-1.aaaaaa/vmlinux /tmp/tpgen-1.bbbbbb /tmp/tpgen-1.cccccc
	touch /tmp/tpgen-1.aaaaaa/.lock /tmp/tpgen-1.aaaaaa/vmlinux/vmlinux.h
	touch /tmp/tpgen-1.bbbbbb/.lock /tmp/tpgen-1.cccccc/.lock
	touch -d '2 minutes ago' /tmp/tpgen-1.aaaaaa /tmp/tpgen-1.cccccc
	flock /tmp/tpgen-1.cccccc/.lock sleep 60 &
	pid=$!
	sleep 0.2
	"$TPGEN" "$T/p.yaml" -o "$T/ok.bpf.o" || fail "tpgen failed"
	# flock's sleep too: left alone, it held run.sh's output open for its minute;
	# flock itself may be gone by then, once its sleep is (set -e: no failure)
	pkill -P "$pid" sleep || true
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	[ ! -e /tmp/tpgen-1.aaaaaa ] || fail "a dead run's directory stayed"
	[ -d /tmp/tpgen-1.bbbbbb ] || fail "a recent directory was removed"
	[ -d /tmp/tpgen-1.cccccc ] || fail "a locked directory was removed"
	rm -rf /tmp/tpgen-1.*
}

run_tests

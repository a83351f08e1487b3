#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Bad input: tprun on objects that are not (or no longer) what tpgen wrote,
# tpgen on policies that are missing or wrong. Each is refused with a clear
# message and a non-zero exit, never a crash, and tpgen leaves no output.
. "$(dirname "$0")/lib.sh"

good_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "good"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    message: "an open under the test directory"
    tags: ["one", "two"]
    args:
    - index: 1
      type: "string"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/a/"
        - "$T/b/"
        - "$T/c/"
        - "$T/d/"
        - "$T/e/"
        - "$T/f/"
        - "$T/g/"
        - "$T/h/"
        - "$T/i/"
YAML
}

# refused FILE PATTERN [tprun args]: tprun exits 1 with one line on stderr matching PATTERN
refused() {
	local obj=$1 pat=$2 rc=0 mode
	shift 2
	for mode in run check; do
		rc=0
		if [ $mode = run ]; then
			timeout 20 "$TPRUN" "$obj" "$@" > "$T/out" 2> "$T/err" || rc=$?
		else
			timeout 60 "$TPRUN" --check "$obj" > "$T/out" 2> "$T/err" || rc=$?
		fi
		[ $rc -ne 124 ] || { fail "tprun ($mode) did not stop on '$obj'"; return 1; }
		[ $rc -lt 128 ] || { cat "$T/err" >&2; fail "tprun ($mode) crashed on '$obj': exit $rc"; return 1; }
		[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "tprun ($mode) exited $rc on '$obj'"; return 1; }
		[ "$(wc -l < "$T/err")" -eq 1 ] ||
			{ cat "$T/err" >&2; fail "tprun ($mode) said more than one line about '$obj'"; return 1; }
		grep -qE "^tprun: .*$pat" "$T/err" ||
			{ cat "$T/err" >&2; fail "tprun ($mode) on '$obj': message does not match '$pat'"; return 1; }
		[ ! -s "$T/out" ] || { fail "tprun ($mode) printed events for '$obj'"; return 1; }
	done
}

make_good() {
	good_policy | compile good
	cp "$T/good.bpf.o" "$T/obj.bpf.o"
}

# meta_off OBJ: the file offset and size of .tp.meta, from readelf -S
meta_off() {
	local name type addr off size _
	read -r name type addr off size _ < <(readelf -SW "$1" | sed -E 's/^ *\[ *[0-9]+\] *//' |
		awk '$1 == ".tp.meta"')
	[ "$name" = .tp.meta ] && echo "$((16#$off)) $((16#$size))"
}

# patch OBJ OFFSET HEXBYTES: overwrite bytes in place
patch() {
	printf "$(echo "$3" | sed 's/../\\x&/g')" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

test_random_bytes() {
	head -c 65536 /dev/urandom > "$T/random.bpf.o"
	refused "$T/random.bpf.o" "random.bpf.o: not an ELF object"
}

test_empty_and_missing_files() {
	: > "$T/empty.bpf.o"
	refused "$T/empty.bpf.o" "empty.bpf.o: not an ELF object"
	refused "$T/missing.bpf.o" "missing.bpf.o: No such file or directory"
	mkdir -p "$T/dir.bpf.o"
	refused "$T/dir.bpf.o" "dir.bpf.o: not a regular file"
}

test_truncated_objects() {
	make_good
	local size n
	size=$(stat -c %s "$T/good.bpf.o")
	for n in 4 63 64 1000 $((size / 3)) $((size / 2)) $((size - 100)) $((size - 1)); do
		head -c "$n" "$T/good.bpf.o" > "$T/trunc.bpf.o"
		# past the 64-byte ELF header the file is an ELF object cut short: say so
		if [ "$n" -lt 64 ]; then
			refused "$T/trunc.bpf.o" "trunc.bpf.o: (not an ELF object|.*truncated|.*corrupt)"
		else
			refused "$T/trunc.bpf.o" "trunc.bpf.o: .*(truncated|corrupt)"
		fi
	done
}

test_foreign_elf() {
	refused /bin/ls "/bin/ls: not a BPF object"
	cp /bin/true "$T/true.bpf.o"
	refused "$T/true.bpf.o" "not a BPF object"
}

test_bpf_object_without_meta() {
	cat > "$T/plain.bpf.c" <<'C'
#define SEC(name) __attribute__((section(name), used))
SEC("tracepoint/syscalls/sys_enter_getppid")
int plain(void *ctx)
{
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
C
	clang -target bpf -O2 -g -c "$T/plain.bpf.c" -o "$T/plain.bpf.o"
	refused "$T/plain.bpf.o" "plain.bpf.o: no .tp.meta section: not an object tpgen wrote"
}

# targeted damage to the section's header and tables
test_corrupt_meta_fields() {
	make_good
	local off size
	read -r off size < <(meta_off "$T/good.bpf.o")
	[ -n "$off" ] && [ "$size" -gt 64 ] || fail "no .tp.meta in readelf -S"
	# magic
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" "$off" 58
	refused "$T/m.bpf.o" "bad .tp.meta: bad magic"
	# version (u32 at 8)
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 8)) 07000000
	refused "$T/m.bpf.o" "bad .tp.meta: foreign version 7"
	# size (u32 at 12) past the section
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 12)) ffffff7f
	refused "$T/m.bpf.o" "bad .tp.meta: header size"
	# npolicies (u32 at 16): none
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 16)) 00000000
	refused "$T/m.bpf.o" "bad .tp.meta: 0 policy names"
	# policies_off (u32 at 20) past the section
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 20)) 00ffff00
	refused "$T/m.bpf.o" "bad .tp.meta: 1 policy names at .* overrunning"
	# nhooks (u32 at 24)
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 24)) ffffffff
	refused "$T/m.bpf.o" "bad .tp.meta: .*hooks at .* overrun"
	# hooks_off (u32 at 28)
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 28)) 00ffff00
	refused "$T/m.bpf.o" "bad .tp.meta: .*overrun"
	# nfills (u32 at 32)
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 32)) 00000001
	refused "$T/m.bpf.o" "bad .tp.meta: .*fills at .* overrun"
	# strtab_off (u32 at 40)
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 40)) 01000000
	refused "$T/m.bpf.o" "bad .tp.meta: string table"
	# the object's digest (32 bytes at 56): not this object's programs, maps and policy
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + 70)) 00ff
	refused "$T/m.bpf.o" "m.bpf.o: .tp.meta does not match the object's programs"
	# the string table's last NUL
	cp "$T/good.bpf.o" "$T/m.bpf.o"; patch "$T/m.bpf.o" $((off + size - 1)) 41
	refused "$T/m.bpf.o" "bad .tp.meta: (string table not NUL delimited|header size)"
}

# every byte of the first hook's record set to 0xff, one word at a time:
# refused, never a crash
test_corrupt_meta_hook_words() {
	make_good
	local off size hooks_off w
	read -r off size < <(meta_off "$T/good.bpf.o")
	hooks_off=$(od -An -tu4 -j $((off + 28)) -N4 "$T/good.bpf.o" | tr -d ' ')
	# 24 words, the last the hook's policy
	for w in $(seq 0 4 92); do
		cp "$T/good.bpf.o" "$T/h.bpf.o"
		patch "$T/h.bpf.o" $((off + hooks_off + w)) ffffffff
		# the words that only name things may stay valid: then it must start
		local rc=0
		timeout 20 "$TPRUN" --check "$T/h.bpf.o" > /dev/null 2> "$T/err" || rc=$?
		[ $rc -lt 128 ] && [ $rc -ne 124 ] ||
			{ cat "$T/err" >&2; fail "crash or hang with hook word $w: exit $rc"; }
		if [ $rc -ne 0 ]; then
			[ "$(grep -c '^tprun: ' "$T/err")" -ge 1 ] || { cat "$T/err" >&2; fail "no message for hook word $w"; }
		fi
	done
	# a hook of a policy the object does not list
	cp "$T/good.bpf.o" "$T/h.bpf.o"
	patch "$T/h.bpf.o" $((off + hooks_off + 92)) 01000000
	refused "$T/h.bpf.o" "bad .tp.meta: hook 0: policy 1 of 1"
}

# random byte flips anywhere in the section: no crash, no hang
test_corrupt_meta_random_flips() {
	make_good
	local off size i rc
	read -r off size < <(meta_off "$T/good.bpf.o")
	for i in $(seq 1 60); do
		python3 - "$T/good.bpf.o" "$T/r.bpf.o" "$off" "$size" "$i" <<'PY'
import random, sys
src, dst, off, size, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
data = bytearray(open(src, 'rb').read())
rnd = random.Random(seed)
for _ in range(rnd.randint(1, 8)):
    p = off + rnd.randrange(size)
    data[p] ^= 1 << rnd.randrange(8) if rnd.random() < 0.5 else rnd.randrange(1, 256)
open(dst, 'wb').write(data)
PY
		rc=0
		timeout 20 "$TPRUN" --check "$T/r.bpf.o" > /dev/null 2> "$T/err" || rc=$?
		[ $rc -lt 128 ] && [ $rc -ne 124 ] ||
			{ cat "$T/err" >&2; fail "crash or hang with flip seed $i: exit $rc"; }
	done
}

# one .tp.meta and one .tp.policy: a second is refused, an empty meta is said to be one
test_sections_once() {
	make_good
	llvm-objcopy --dump-section .tp.meta="$T/meta.bin" "$T/good.bpf.o" "$T/copy.bpf.o"
	llvm-objcopy --add-section .tp.meta="$T/meta.bin" "$T/good.bpf.o" "$T/m2.bpf.o"
	refused "$T/m2.bpf.o" "m2.bpf.o: two .tp.meta sections"
	printf 'policy' > "$T/policy.bin"
	llvm-objcopy --add-section .tp.policy="$T/policy.bin" "$T/good.bpf.o" "$T/p2.bpf.o"
	refused "$T/p2.bpf.o" "p2.bpf.o: two .tp.policy sections"
	llvm-objcopy --remove-section .tp.policy "$T/good.bpf.o" "$T/p0.bpf.o"
	refused "$T/p0.bpf.o" "p0.bpf.o: no .tp.policy section"
	: > "$T/empty.bin"
	llvm-objcopy --update-section .tp.meta="$T/empty.bin" "$T/good.bpf.o" "$T/e.bpf.o"
	refused "$T/e.bpf.o" "e.bpf.o: empty .tp.meta section"
}

# a name in the meta with a terminal escape: refused, and printed escaped
test_meta_names_escaped() {
	make_good
	local off size at
	read -r off size < <(meta_off "$T/good.bpf.o")
	at=$(python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); o, s = int(sys.argv[2]), int(sys.argv[3]); print(o + d[o:o + s].index(b"\0good\0") + 3)' \
		"$T/good.bpf.o" "$off" "$size")
	cp "$T/good.bpf.o" "$T/esc.bpf.o"; patch "$T/esc.bpf.o" "$at" 1b
	refused "$T/esc.bpf.o" "bad .tp.meta: policy 0: name 'go\\\\x1bd' holds control characters"
	! grep -q $'\x1b' "$T/err" || fail "a raw escape byte reached the terminal"
}

# --- tpgen ------------------------------------------------------------------

# tpgen_refuses YAML-FILE PATTERN...: exit 1, every PATTERN a located error line
tpgen_refuses() {
	local y=$1 rc=0 p
	shift
	"$TPGEN" "$y" -o "$T/out.bpf.o" -S "$T/out.bpf.c" > /dev/null 2> "$T/gen.err" || rc=$?
	[ $rc -eq 1 ] || { cat "$T/gen.err" >&2; fail "tpgen exited $rc on '$y'"; return 1; }
	for p in "$@"; do
		grep -qE "^$y:$p" "$T/gen.err" || { cat "$T/gen.err" >&2; fail "no error '$y:$p'"; return 1; }
	done
}

no_output_left() {
	[ ! -e "$T/out.bpf.o" ] || fail "an output object was left"
	[ ! -e "$T/out.bpf.c" ] || fail "the generated C was written for a bad policy"
	[ -z "$(ls -A "$T" | grep '^out\.bpf\.o\.')" ] || fail "a temporary file was left"
}

test_tpgen_missing_file() {
	local rc=0
	"$TPGEN" "$T/nope.yaml" -o "$T/out.bpf.o" 2> "$T/gen.err" || rc=$?
	[ $rc -eq 1 ] || fail "tpgen exited $rc"
	grep -q "nope.yaml.*No such file or directory" "$T/gen.err" || { cat "$T/gen.err" >&2; fail "unclear message"; }
	no_output_left
}

test_tpgen_yaml_syntax_error() {
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "x\nspec: {}\n' > "$T/syntax.yaml"
	tpgen_refuses "$T/syntax.yaml" "[0-9]+:[0-9]+: error: "
	no_output_left
	printf 'spec:\n  kprobes:\n  - call: a\n   bad: indent\n' > "$T/indent.yaml"
	tpgen_refuses "$T/indent.yaml" "[0-9]+:[0-9]+: error: "
	no_output_left
}

test_tpgen_reports_every_error() {
	cat > "$T/errs.yaml" <<'YAML'
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "errs"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "strin"
    selectors:
    - matchArgs:
      - index: 7
        operator: "Equal"
        values:
        - "x"
      matchActions:
      - action: Explode
YAML
	tpgen_refuses "$T/errs.yaml" "11:[0-9]+: error: .*strin" "14:[0-9]+: error: .*index 7" "19:[0-9]+: error: .*Explode"
	[ "$(grep -c ': error: ' "$T/gen.err")" -ge 3 ] || fail "not every error reported"
	no_output_left
}

test_tpgen_keeps_an_existing_output() {
	printf 'spec:\n  kprobes:\n  - call: "sys_openat"\n    args:\n    - index: x\n' > "$T/bad.yaml"
	echo "previous object" > "$T/out.bpf.o"
	echo "previous C" > "$T/out.bpf.c"
	tpgen_refuses "$T/bad.yaml" "[0-9]+:[0-9]+: error: "
	[ "$(cat "$T/out.bpf.o")" = "previous object" ] || fail "the existing object was replaced"
	[ "$(cat "$T/out.bpf.c")" = "previous C" ] || fail "the existing C was replaced"
	[ -z "$(ls -A "$T" | grep '^out\.bpf\.o\.')" ] || fail "a temporary file was left"
	rm -f "$T/out.bpf.o" "$T/out.bpf.c"
}

run_tests

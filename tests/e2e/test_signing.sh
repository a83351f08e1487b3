#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Object integrity: tpgen --sign KEY.pem signs an object with Ed25519 (.tp.sig),
# tprun --verify-key PUB.pem runs only what that key signed, unchanged; .tp.meta
# carries the digest of the object's programs, maps and policy, so a meta from
# another object is refused with or without a key (include/tp/meta.h).
. "$(dirname "$0")/lib.sh"

keys() {
	[ -s "$T/key.pem" ] && return 0
	openssl genpkey -algorithm ed25519 -out "$T/key.pem" 2> /dev/null
	openssl pkey -in "$T/key.pem" -pubout -out "$T/pub.pem"
	openssl genpkey -algorithm ed25519 -out "$T/other.pem" 2> /dev/null
	openssl pkey -in "$T/other.pem" -pubout -out "$T/other.pub.pem"
}

kill_policy() {
	openat_policy sign-kill <<YAML
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
$(kill_on_open "$T/secret")
YAML
}

# signed NAME: the kill policy compiled and signed with key.pem into $T/NAME.bpf.o
signed() {
	keys
	kill_policy > "$T/$1.yaml"
	"$TPGEN" --sign "$T/key.pem" "$T/$1.yaml" -o "$T/$1.bpf.o" 2> "$T/$1.tpgen.err" ||
		{ cat "$T/$1.tpgen.err" >&2; fail "tpgen --sign failed"; }
}

# section OBJ NAME: the file offset and size (decimal) of section NAME, from readelf -S
section() {
	local name type addr off size _
	read -r name type addr off size _ < <(readelf -SW "$1" | sed -E 's/^ *\[ *[0-9]+\] *//' |
		awk -v n="$2" '$1 == n')
	[ "$name" = "$2" ] && echo "$((16#$off)) $((16#$size))"
}

# flip OBJ OFFSET OUT: a copy of OBJ with one bit of the byte at OFFSET flipped (dd)
flip() {
	local b
	cp "$1" "$3"
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}

# refused MODE-ARGS... -- OBJ PATTERN: tprun --check exits 1 with one line matching PATTERN
refused() {
	local obj=$1 pat=$2 rc=0
	shift 2
	timeout 60 "$TPRUN" --check "$@" "$obj" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "tprun --check $* exited $rc on '$obj'"; return 1; }
	[ "$(wc -l < "$T/err")" -eq 1 ] && grep -qE "^tprun: .*$pat" "$T/err" ||
		{ cat "$T/err" >&2; fail "tprun --check $* on '$obj': not '$pat'"; return 1; }
}

checks() {
	local rc=0
	timeout 60 "$TPRUN" --check "$@" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 0 ] || { cat "$T/err" >&2; fail "tprun --check $* exited $rc"; return 1; }
}

test_signed_object_enforces_under_its_key() {
	signed s
	readelf -SW "$T/s.bpf.o" | grep -q ' \.tp\.sig ' || fail "no .tp.sig section"
	echo x > "$T/secret"; echo y > "$T/open"
	start_tprun "$T/s.bpf.o" --verify-key "$T/pub.pem"
	expect_killed "$OPENER" open "$T/secret"
	expect_alive "$OPENER" open "$T/open"
	stop_tprun
	killed_paths "$T/secret"
}

test_signed_object_loads_without_a_key() {
	signed s
	checks "$T/s.bpf.o"
	checks --verify-key "$T/pub.pem" "$T/s.bpf.o"
	# no temporary file left beside the output
	[ -z "$(ls -A "$T" | grep '^s\.bpf\.o\.')" ] || fail "a temporary file was left"
}

test_wrong_key_refused() {
	signed s
	refused "$T/s.bpf.o" "s.bpf.o: bad signature" --verify-key "$T/other.pub.pem"
	# a private key is not a public key; a missing one is said so
	refused "$T/s.bpf.o" "not a PEM public key" --verify-key "$T/key.pem"
	refused "$T/s.bpf.o" "nope.pem: No such file or directory" --verify-key "$T/nope.pem"
}

test_unsigned_refused_under_a_key() {
	keys
	kill_policy | compile u
	checks "$T/u.bpf.o"
	refused "$T/u.bpf.o" "u.bpf.o: not signed \(no .tp.sig section\)" --verify-key "$T/pub.pem"
}

# one byte changed in a program, a map's data, the BTF, the policy, the meta or
# the signature: refused under the key; without it, all but the meta's and the signature's
test_tampered_byte_refused() {
	signed s
	local sec off size prog
	prog=$(readelf -SW "$T/s.bpf.o" | sed -E 's/^ *\[ *[0-9]+\] *//' |
		awk '$2 == "PROGBITS" && $1 ~ /^(kprobe|fentry|tracepoint)/ { print $1; exit }')
	[ -n "$prog" ] || fail "no program section in the object"
	for sec in "$prog" .maps .rodata .BTF .BTF.ext license .symtab .strtab .tp.policy .tp.meta .tp.sig; do
		read -r off size < <(section "$T/s.bpf.o" "$sec") || { fail "no $sec"; return 1; }
		flip "$T/s.bpf.o" $((off + size / 2)) "$T/t.bpf.o"
		cmp -s "$T/s.bpf.o" "$T/t.bpf.o" && fail "flip changed nothing"
		refused "$T/t.bpf.o" "t.bpf.o: bad signature" --verify-key "$T/pub.pem"
		case $sec in
		.tp.meta | .tp.sig) ;;
		*) refused "$T/t.bpf.o" "t.bpf.o: .tp.meta does not match the object's programs" ;;
		esac
	done
	# an instruction of the program, by its ELF offset
	read -r off size < <(section "$T/s.bpf.o" "$prog")
	python3 - "$T/s.bpf.o" "$T/t.bpf.o" "$off" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
data[int(sys.argv[3]) + 8] ^= 0x40   # the second instruction's opcode
open(sys.argv[2], 'wb').write(data)
PY
	refused "$T/t.bpf.o" "bad signature" --verify-key "$T/pub.pem"
	refused "$T/t.bpf.o" "does not match"
}

# swap OBJ META-FROM OUT: OBJ with the .tp.meta of META-FROM (appended, its header pointed at it)
swap_meta() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
def sections(d):
    shoff, = struct.unpack_from('<Q', d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
    stroff, = struct.unpack_from('<Q', d, shoff + shstrndx * shentsize + 0x18)
    for i in range(shnum):
        h = shoff + i * shentsize
        name, = struct.unpack_from('<I', d, h)
        off, size = struct.unpack_from('<QQ', d, h + 0x18)
        n = d[stroff + name:d.index(b'\0', stroff + name)].decode()
        yield n, h, off, size
dst = bytearray(open(sys.argv[1], 'rb').read())
src = open(sys.argv[2], 'rb').read()
meta = next(src[o:o + s] for n, h, o, s in sections(src) if n == '.tp.meta')
hdr = next(h for n, h, o, s in sections(dst) if n == '.tp.meta')
dst += b'\0' * (-len(dst) % 8)
struct.pack_into('<QQ', dst, hdr + 0x18, len(dst), len(meta))
dst += meta
open(sys.argv[3], 'wb').write(dst)
PY
}

# the issue's case: a meta from another policy passed --check; now never
test_swapped_meta_refused() {
	local objs=(demo fd-install-kill mkdir-kill raw-syscalls sys-openat-passwd-kill sys-write-signal)
	local a b n=0
	for a in "${objs[@]}"; do
		[ -s "$O/policies/$a.bpf.o" ] || { fail "no $O/policies/$a.bpf.o (make policies)"; return 1; }
	done
	for a in "${objs[@]}"; do
		# the swap itself keeps an object's own meta acceptable
		swap_meta "$O/policies/$a.bpf.o" "$O/policies/$a.bpf.o" "$T/same.bpf.o"
		checks "$T/same.bpf.o"
		for b in "${objs[@]}"; do
			[ "$a" != "$b" ] || continue
			swap_meta "$O/policies/$a.bpf.o" "$O/policies/$b.bpf.o" "$T/swap.bpf.o"
			refused "$T/swap.bpf.o" "swap.bpf.o: .tp.meta does not match the object's programs, maps and policy"
			n=$((n + 1))
		done
	done
	[ $n -eq 30 ] || fail "$n swaps"
}

# a policy compiled twice, with its messages changed: the programs are the same,
# the meta of one still does not pass in the other (the policy is in the digest)
test_swapped_meta_same_programs_refused() {
	kill_policy | compile one
	kill_policy | sed 's/^    selectors:/    message: "another"\n    selectors:/' | compile two
	cmp -s "$T/one.bpf.o" "$T/two.bpf.o" && fail "the objects are the same"
	swap_meta "$T/one.bpf.o" "$T/two.bpf.o" "$T/swap.bpf.o"
	refused "$T/swap.bpf.o" "does not match"
}

test_tpgen_sign_refuses_bad_keys() {
	keys
	kill_policy > "$T/p.yaml"
	local k rc
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/ec.pem" 2> /dev/null
	openssl genpkey -algorithm ed25519 -aes-128-cbc -pass pass:x -out "$T/enc.pem" 2> /dev/null
	for k in "pub.pem:not a PEM private key" "ec.pem:not an Ed25519 key" \
		"enc.pem:not a PEM private key \(or an encrypted one" "nope.pem:No such file or directory"; do
		rc=0
		"$TPGEN" --sign "$T/${k%%:*}" "$T/p.yaml" -o "$T/out.bpf.o" < /dev/null 2> "$T/gen.err" || rc=$?
		[ $rc -eq 1 ] || { cat "$T/gen.err" >&2; fail "tpgen --sign ${k%%:*} exited $rc"; }
		grep -qE "^tpgen: --sign .*${k%%:*}: ${k#*:}" "$T/gen.err" ||
			{ cat "$T/gen.err" >&2; fail "tpgen --sign ${k%%:*}: not '${k#*:}'"; }
		[ ! -e "$T/out.bpf.o" ] || fail "an object was written with a bad key"
	done
}

# tpgen's object is the same with or without --sign but for .tp.sig: the meta's digest too
test_signing_adds_only_the_signature() {
	signed s
	kill_policy > "$T/u.yaml"
	"$TPGEN" "$T/u.yaml" -o "$T/u.bpf.o"
	local sec
	for sec in .tp.meta .tp.policy .maps; do
		cmp -s <(llvm-objcopy --dump-section "$sec=/dev/stdout" "$T/s.bpf.o" /dev/null) \
			<(llvm-objcopy --dump-section "$sec=/dev/stdout" "$T/u.bpf.o" /dev/null) ||
			fail "$sec differs between the signed and the unsigned object"
	done
	[ "$(section "$T/s.bpf.o" .tp.sig | cut -d' ' -f2)" = 72 ] || fail ".tp.sig is not 72 bytes"
}

run_tests

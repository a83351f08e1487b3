#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make deb (dist/debian/build.sh), of the test's build: tprun depends on exactly
# the packages of the libraries its binary needs, nothing to compile with; tpgen
# on clang and the headers its clang includes; each file of make install
# PREFIX=/usr is in exactly one package; both packages, extracted (dpkg -x), work
# from there: tpgen compiles policies/demo.yaml to the bytes the build's tpgen
# writes, tprun enforces. A clean clone in /tmp builds them twice to the same
# bytes, writing nothing to the clone or HOME. lintian reports no error or warning.
# tests/vm/test_deb.sh installs tprun with dpkg -i in a Debian 6.12 guest.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DEBS="$O/deb"

# make_deb TOP O LOG [make args]: make deb there, with an empty HOME of its own
make_deb() {
	local top=$1 o=$2 log=$3
	shift 3
	mkdir -p "$T/home"
	HOME=$T/home make -s -C "$top" O="$o" "$@" deb > "$log" 2>&1 ||
		{ tail -30 "$log" >&2; fail "make deb in $top failed"; }
}

# field DEB FIELD: a control field of DEB
field() {
	dpkg-deb -f "$1" "$2"
}

# depends DEB: its Depends, one package name a line (versions left out), sorted
depends() {
	field "$1" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | sort
}

# files DEB: the paths it installs (not its directories), one a line
files() {
	dpkg-deb --fsys-tarfile "$1" | tar -t | grep -v '/$' | sed 's|^\./|/|' | sort
}

make_deb "$TOP" "$O" "$T/deb.log"
TPRUN_DEB=$(ls "$DEBS"/tprun_*.deb 2> /dev/null)
TPGEN_DEB=$(ls "$DEBS"/tpgen_*.deb 2> /dev/null)

test_1_packages_are_built_for_this_machine_and_tree() {
	[ -f "$TPRUN_DEB" ] && [ -f "$TPGEN_DEB" ] || fail "not one tprun and one tpgen in $DEBS"
	local arch hash d
	arch=$(dpkg --print-architecture)
	hash=$(git -C "$TOP" rev-parse --short=12 HEAD)
	for d in "$TPRUN_DEB" "$TPGEN_DEB"; do
		[ "$(field "$d" Architecture)" = "$arch" ] || fail "$d: not $arch"
		# the tree's commit, in a version dpkg takes
		[[ $(field "$d" Version) == *"$hash"* ]] || fail "$d: version $(field "$d" Version) names no $hash"
		dpkg --compare-versions "$(field "$d" Version)" gt 0 || fail "$d: a bad version"
		[ "$(field "$d" Version)" = "$(field "$TPRUN_DEB" Version)" ] || fail "versions differ"
	done
}

# Depends is ${shlibs:Depends}: the package of each library tprun's binary names
# (NEEDED), as dpkg -S finds it in this machine's multiarch directory; none of the
# tools or headers a compile needs
test_2_tprun_depends_on_its_runtime_libraries_only() {
	local want got lib ma
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	want=$(for lib in $(readelf -d "$O/tprun" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		dpkg -S "*/$ma/$lib" 2> /dev/null | sed -n '1s/[:,].*//p' | grep . ||
			echo "no-package-for-$lib"
	done | sort -u)
	got=$(depends "$TPRUN_DEB")
	[ "$got" = "$want" ] || fail "tprun depends on ${got//$'\n'/ }, its libraries are ${want//$'\n'/ }"
	echo "$got" | grep -qx libbpf1 || fail "no libbpf1"
	echo "$got" | grep -qx libelf1 || fail "no libelf1"
	! echo "$got" | grep -E '^(libyaml|clang|llvm)|-dev$' || fail "a compile-time dependency"
}

test_3_tpgen_depends_on_clang_and_the_headers_it_includes() {
	local got p
	got=$(depends "$TPGEN_DEB")
	for p in clang libbpf-dev linux-libc-dev libbpf1 libyaml-0-2 libc6; do
		echo "$got" | grep -qx "$p" || fail "tpgen does not depend on $p: ${got//$'\n'/ }"
	done
}

test_4_each_installed_file_is_in_one_package() {
	files "$TPRUN_DEB" > "$T/tprun.files"
	files "$TPGEN_DEB" > "$T/tpgen.files"
	local f
	for f in /usr/bin/tprun /usr/libexec/tprun-service /usr/share/man/man1/tprun.1.gz \
		/usr/share/bash-completion/completions/tprun /lib/systemd/system/tprun.service \
		/lib/systemd/system/tprun@.service /usr/share/doc/tprun/copyright; do
		grep -qx "$f" "$T/tprun.files" || fail "tprun has no $f"
	done
	for f in /usr/bin/tpgen /usr/share/man/man1/tpgen.1.gz \
		/usr/share/bash-completion/completions/tpgen /usr/share/tpgen/templates/tp_prelude.bpf.h \
		/usr/share/tpgen/include/tp/event.h /usr/share/tpgen/include/vmlinux.h \
		/usr/share/tpgen/include/vmlinux.btf /usr/share/doc/tpgen/copyright; do
		grep -qx "$f" "$T/tpgen.files" || fail "tpgen has no $f"
	done
	# make install's files, as the packages' rules stage them: each in one package
	make -s -C "$TOP" O="$O" install PREFIX=/usr UNITDIR=/lib/systemd/system \
		DESTDIR="$T/inst" > "$T/inst.log" 2>&1 || { cat "$T/inst.log" >&2; fail "make install"; }
	(cd "$T/inst" && find . ! -type d | sed 's|^\.||' | sort) > "$T/inst.files"
	sort "$T/tprun.files" "$T/tpgen.files" | grep -Ev '^/usr/share/(doc|lintian)/' > "$T/both.files"
	diff "$T/inst.files" "$T/both.files" >&2 || fail "the packages' files are not make install's"
	[ -z "$(sort "$T/tprun.files" "$T/tpgen.files" | uniq -d)" ] || fail "a file in both"
	# the service names the installed paths; dpkg enables it (dh_installsystemd)
	dpkg-deb -x "$TPRUN_DEB" "$T/x"
	grep -qxF 'ExecStart=/usr/libexec/tprun-service /etc/tprun /sys/fs/bpf/tprun $TPRUN_OPTS' \
		"$T/x/lib/systemd/system/tprun.service" || fail "ExecStart is not /usr's"
	dpkg-deb -e "$TPRUN_DEB" "$T/x/DEBIAN"
	grep -q "deb-systemd-helper enable 'tprun.service'" "$T/x/DEBIAN/postinst" ||
		fail "postinst does not enable tprun.service"
}

test_5_extracted_tpgen_compiles_what_the_build_compiles() {
	dpkg-deb -x "$TPGEN_DEB" "$T/root"
	# no cache: each tpgen compiles with its own templates and headers
	TPGEN_CACHE='' "$O/tpgen" "$TOP/policies/demo.yaml" -o "$T/build.bpf.o" ||
		fail "the build's tpgen failed"
	TPGEN_CACHE='' "$T/root/usr/bin/tpgen" -v "$TOP/policies/demo.yaml" -o "$T/deb.bpf.o" \
		2> "$T/deb.tpgen.err" || { cat "$T/deb.tpgen.err" >&2; fail "the packaged tpgen failed"; }
	grep -qF -- "-I$T/root/usr/bin/../share/tpgen/templates" "$T/deb.tpgen.err" ||
		{ cat "$T/deb.tpgen.err" >&2; fail "the packaged tpgen used other templates"; }
	cmp "$T/build.bpf.o" "$T/deb.bpf.o" || fail "the objects differ"
}

test_6_extracted_tprun_enforces() {
	dpkg-deb -x "$TPRUN_DEB" "$T/root"
	kill_selector "$T/forbidden" | openat_policy debkill | compile debkill
	TPRUN="$T/root/usr/bin/tprun" start_tprun "$T/debkill.bpf.o"
	expect_killed "$OPENER" open "$T/forbidden"
	expect_alive "$OPENER" open "$T/allowed"
	stop_tprun
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$T/forbidden']"
	check_events "any(x.get('signal') == 'SIGKILL' for x in exits())"
}

# from a clean clone in /tmp, built outside it: twice the same bytes, the clone
# untouched (not even an ignored file), HOME empty
test_7_clean_clone_builds_the_same_bytes_twice() {
	local src=$T/clone o=$T/clone-o sums
	git clone -q "$TOP" "$src"
	make_deb "$src" "$o" "$T/clone1.log" -j2
	sums=$(cd "$o/deb" && sha256sum ./*.deb)
	[ "$(echo "$sums" | wc -l)" = 2 ] || fail "not two packages: $sums"
	rm -rf "$o"
	make_deb "$src" "$o" "$T/clone2.log" -j2
	[ "$(cd "$o/deb" && sha256sum ./*.deb)" = "$sums" ] || fail "another build, other bytes"
	[ -z "$(git -C "$src" status --porcelain --ignored)" ] ||
		{ git -C "$src" status --porcelain --ignored >&2; fail "the clone was written to"; }
	[ -z "$(ls -A "$T/home")" ] || fail "HOME was written to: $(ls -A "$T/home")"
}

test_8_lintian_finds_no_error_or_warning() {
	command -v lintian > /dev/null || fail "no lintian (scripts/install-deps.sh)"
	lintian "$TPRUN_DEB" "$TPGEN_DEB" > "$T/lintian.out" 2>&1
	! grep -E '^[EW]: ' "$T/lintian.out" || fail "lintian: errors or warnings"
}

run_tests

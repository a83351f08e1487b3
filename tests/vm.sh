#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The kernel matrix: tests/vm/guest-run.sh (every tests/vm/test_*.sh) in one
# boot of each of Debian's 6.1 and 6.12 kernels (scripts/vmtest.sh fetches them
# once, at the versions pinned in scripts/vm/kernels). The boots run side by
# side; each kernel's output is printed whole, with the exact kernel package it
# booted. The totals go to BUILD_DIR/results/vm, the kernel packages (one line a
# boot: SERIES PACKAGE VERSION pinned|fallback|unpinned SHA256-OF-THE-DEB) to
# BUILD_DIR/results/vm.kernels.
# Usage: vm.sh BUILD_DIR [TEST...]   (from the checkout's top directory)
# A kernel that none of the TESTs named runs on (tests/vm/kernels.sh) is not booted.
# Environment: TPGEN_VM_KERNELS (default "6.1 6.12"), TPGEN_VM_SERIAL=1 (one at a
# time), TPGEN_VM_TEST_TIMEOUT (seconds per test file, default 300),
# TPGEN_VM_TIMEOUT (seconds per boot, default 3600), TPGEN_VM_PINS (another pin
# file; /dev/null boots the newest kernels).
set -u
O=${1:-build}
shift || true
. "$(dirname "$0")/tally.sh"
. "$(dirname "$0")/vm/kernels.sh"
kernels=${TPGEN_VM_KERNELS:-"6.1 6.12"}
# a kernel that none of the tests named runs on is not booted (tests/vm/kernels.sh)
if [ $# -gt 0 ]; then
	keep=
	for k in $kernels; do
		for t in "$@"; do
			t=${t##*/}
			if runs_on "tests/vm/${t%.sh}.sh" "$k"; then
				keep="$keep $k"
				break
			fi
		done
		[[ " $keep " == *" $k "* ]] || echo "vm $k: not booted: no test named runs on it"
	done
	kernels=$keep
fi
tmo=${TPGEN_VM_TEST_TIMEOUT:-300}
vmtmo=${TPGEN_VM_TIMEOUT:-3600}
mkdir -p "$O/results" "$O/vm"
rm -f "$O/results/vm" "$O/results/vm.kernels"
[ -n "${kernels// /}" ] || {
	echo "vm: FAIL: no kernels to boot (TPGEN_VM_KERNELS is empty)"
	echo "0 passed, 1 failed" > "$O/results/vm"
	exit 1
}

# The guest sees the checkout at its own path (scripts/vm/run.sh shares it),
# and the build directory too (run.sh drops a share inside another).
obuild=$(cd "$O" && pwd -P)

# Examples waiting for a tpgen feature: compiled here, once, so that each test
# fails with tpgen's own message until the feature lands (then the YAML moves
# to policies/).
rm -rf "$O/vm/pending"
mkdir -p "$O/vm/pending"
for y in tests/vm/pending/*.yaml; do
	[ -e "$y" ] || continue
	n=$(basename "$y" .yaml)
	"$O/tpgen" "$y" -o "$O/vm/pending/$n.bpf.o" 2> "$O/vm/pending/$n.tpgen.err" ||
		rm -f "$O/vm/pending/$n.bpf.o"
done

# the packages, for tests/vm/test_deb.sh, which installs tprun's
make -s O="$O" deb > "$O/vm/deb.log" 2>&1 ||
	echo "vm: make deb failed, tests/vm/test_deb.sh will: $(tail -3 "$O/vm/deb.log")"

# make install, staged for tests/vm/test_service.sh, whose systemd runs the
# units from PREFIX=/run/tprun-vm
rm -rf "$O/vm/stage"
make -s O="$O" install DESTDIR="$obuild/vm/stage" PREFIX=/run/tprun-vm > "$O/vm/stage.log" 2>&1 ||
	echo "vm: make install failed, tests/vm/test_service.sh will: $(tail -3 "$O/vm/stage.log")"

# tpgen for the guests: clang under emulation takes a minute a policy, here a
# second. A test's compile (tests/vm/lib.sh) drops NAME.yaml into the shared
# directory; this loop answers with NAME.bpf.o and NAME.rc (and NAME.err).
share=$obuild/vm/share
vmcache=${TPGEN_VM_CACHE:-build/vm-kernels}
rm -rf "$share"
mkdir -p "$share/compile"
(
	while :; do
		for y in "$share"/compile/*.yaml; do
			[ -e "$y" ] || continue
			b=${y%.yaml}
			rc=0
			# NAME.target.yaml: built for the asking guest's kernel (tpgen --btf
			# with its vmlinux; the name starts with its release)
			target=()
			if [ "${b%.target}" != "$b" ]; then
				for k in "$vmcache"/*/vmlinux; do
					r=${k%/vmlinux}
					r=${r##*/}
					case ${b##*/} in "$r"-*) target=(--btf "$k") ;; esac
				done
			fi
			"$O/tpgen" ${target[@]+"${target[@]}"} "$y" -o "$b.bpf.o.tmp" 2> "$b.err" || rc=$?
			[ $rc -ne 0 ] || mv "$b.bpf.o.tmp" "$b.bpf.o"
			rm -f "$y" "$b.bpf.o.tmp"
			echo $rc > "$b.rc.tmp" && mv "$b.rc.tmp" "$b.rc"
		done
		sleep 0.2
	done
) &
compiler=$!
trap 'kill $compiler 2>/dev/null' EXIT

# boot SERIES [TEST...]: the suite in one boot; output in $O/vm/SERIES.log, exit
# status in SERIES.rc, the kernel package in SERIES.kernel (fetch-kernel.sh)
boot() {
	local k=$1
	shift
	rm -f "$O/vm/$k.kernel"
	TPGEN_VM_RECORD=$obuild/vm/$k.kernel scripts/vmtest.sh --kernel "$k" --timeout "$vmtmo" \
		--out "$share" --share "$obuild" -- \
		env TPGEN_VM_TEST_TIMEOUT="$tmo" bash tests/vm/guest-run.sh "$O" "$@" > "$O/vm/$k.log" 2>&1
	echo $? > "$O/vm/$k.rc"
}

start=$SECONDS
pids=()
for k in $kernels; do
	if [ "${TPGEN_VM_SERIAL:-0}" = 1 ]; then
		boot "$k" "$@"
	else
		boot "$k" "$@" &
		pids+=($!)
	fi
done
for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done

passed=0 failed=0
: > "$O/results/vm.kernels"
for k in $kernels; do
	echo "---- vm $k ----"
	# which kernel package this boot used, exactly
	if read -r pkg ver how sum 2>/dev/null < "$O/vm/$k.kernel" && [ -n "${sum:-}" ]; then
		echo "vm $k: kernel $pkg $ver ($how; .deb sha256 $sum)"
		echo "$k $pkg $ver $how $sum" >> "$O/results/vm.kernels"
		[ "$how" = pinned ] ||
			echo "vm $k: WARNING: not the kernel pinned in scripts/vm/kernels ($how)"
	else
		echo "vm $k: kernel unknown (no record from scripts/vm/fetch-kernel.sh)"
		echo "$k unknown" >> "$O/results/vm.kernels"
	fi
	cat "$O/vm/$k.log"
	tally "vm $k" "$(cat "$O/vm/$k.rc")" "$(cat "$O/vm/$k.log")" '^vm .*: [0-9]+ passed, [0-9]+ failed$'
done
echo "$passed passed, $failed failed" > "$O/results/vm"
echo "vm: $passed passed, $failed failed ($((SECONDS - start)) s)"
[ $failed -eq 0 ]

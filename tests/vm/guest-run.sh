#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Runs inside a VM (tests/vm.sh, scripts/vmtest.sh): every tests/vm/test_*.sh
# (or the ones named), one boot for all. Ends with "vm <release>: N passed, N failed".
# A file that runs no tests, hangs or dies fails (tests/tally.sh).
# Usage: guest-run.sh BUILD_DIR [TEST...]
# Environment: TPGEN_VM_TEST_TIMEOUT, seconds per test file (default 300; a
# file that needs more says so in a line "# vm-timeout: SECONDS").
set -u
tmo=${TPGEN_VM_TEST_TIMEOUT:-300}
O=$(cd "${1:?usage: guest-run.sh BUILD_DIR [TEST...]}" && pwd)
export O
shift
cd "$(dirname "$0")" || exit 1
. ../tally.sh
. ./kernels.sh
rel=$(uname -r)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test_*.sh)
log=$(mktemp /tmp/tpgen-vm-test.XXXXXX)
passed=0 failed=0
for t in "${tests[@]}"; do
	t=${t##*/}
	t=${t%.sh}.sh
	if ! runs_on "$t" "$rel"; then
		echo "  skip $t: not for $rel (its vm-kernels line)"
		continue
	fi
	start=$SECONDS
	ftmo=$(file_timeout "$t" "$tmo")
	# a watchdog: a hung test costs its file, not the kernel's whole run
	setsid bash "$t" > "$log" 2>&1 &
	pid=$!
	( sleep "$ftmo"
	  { echo "  FAIL $t: timed out after $ftmo s; processes then:"
	    ps -eo pid,ppid,stat,etime,args --forest | awk '$1 != 2 && $2 != 2' |
	    sed 's/^/      /'; } >> "$log"
	  kill -KILL -- -"$pid" ) 2>/dev/null &
	wd=$!
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	kill "$wd" 2>/dev/null
	out=$(cat "$log")
	echo "$out"
	tally "$t" "$rc" "$out" '^vmtest .*: [0-9]+ passed, [0-9]+ failed$'
	echo "    ($((SECONDS - start)) s)"
done
echo "vm $(uname -r): $passed passed, $failed failed"
[ $failed -eq 0 ]

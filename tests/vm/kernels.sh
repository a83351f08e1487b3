# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# What a VM test file's header lines ask (sourced by tests/vm.sh and
# tests/vm/guest-run.sh): which kernels it runs on, every series of the matrix
# (6.1, 6.12) unless a line "# vm-kernels: SERIES..." says otherwise
# (tests/vm/test_deb.sh: the issue asks for a Debian 6.12 guest), and how long
# its watchdog waits ("# vm-timeout: SECONDS").

# runs_on FILE SERIES: FILE runs on SERIES ("6.12"; or a release, "6.12.117+deb12-amd64")
runs_on() {
	local only s
	only=$(sed -n 's/^# vm-kernels: //p' "$1")
	[ -n "$only" ] || return 0
	for s in $only; do
		case $2 in "$s" | "$s".*) return 0 ;; esac
	done
	return 1
}

# file_timeout FILE DEFAULT: the seconds FILE's watchdog waits; its vm-timeout
# line's when that is longer than DEFAULT
file_timeout() {
	local t
	t=$(sed -n 's/^# vm-timeout: \([0-9]*\)$/\1/p' "$1")
	if [ -n "$t" ] && [ "$t" -gt "$2" ]; then echo "$t"; else echo "$2"; fi
}

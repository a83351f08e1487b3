# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# Which kernels a VM test file runs on (sourced by tests/vm.sh and
# tests/vm/guest-run.sh): every series of the matrix (6.1, 6.12), unless the
# file says otherwise in a line "# vm-kernels: SERIES..." (tests/vm/test_deb.sh:
# the issue asks for a Debian 6.12 guest).

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

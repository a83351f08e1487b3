#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Exec and exit events' own fields as Tetragon prints them, for real processes
# under a real tprun (each test says which field and where Tetragon sets it).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/d"
# a copy per case, so each case's events are told apart by the binary
for b in cwd; do cp /bin/sh "$T/$b"; done

# any policy will do: the exec and exit events are what is looked at
start() {
	getppid_post_policy exec-fields | compile fields
	start_tprun "$T/fields.bpf.o"
}

# process_exit.time: ProcessExit field 5, after signal and status
# (pkg/grpc/exec/exec.go GetProcessExit: the exit's ktime)
test_exit_time() {
	start
	(cd "$T/d" && "$T/cwd" -c :)
	stop_tprun
	check_events "[list(x) for x in exits() if x['process']['binary'] == '$T/cwd'] == [['process', 'parent', 'time']]"
	# its own time is the event's
	check_events "[e['process_exit']['time'] == e['time'] for e in ev if kind(e) == 'process_exit' and e['process_exit']['process']['binary'] == '$T/cwd'] == [True]"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel threads are processes, as Tetragon keeps them: those in /proc at start
# with their comm as the executable (pkg/sensors/exec/procevents: listRunningProcs),
# printed "[comm]" with uid 0 and no arguments (pushExecveEvents); those started
# since with kthreadd's (bpf/process/bpf_fork.c: event_wake_up_new_task copies the
# parent's binary), printed as kthreadd's clone. So matchBinaries NotIn passes for
# them, Postfix "kthreadd" matches kthreadd and its new children, matchPIDs [2]
# followForks covers its children; and a kernel thread's exit is a process_exit.
# workqueue/workqueue_execute_start runs in a kernel worker thread, always.
. "$(dirname "$0")/lib.sh"

# the writeback workqueue's nice: a new value makes new worker threads (a pool of its
# own), the old one back ends them
WB_NICE=/sys/devices/virtual/workqueue/writeback/nice
# one run at a time changes it (another's temporary value is not "the old one")
exec 9> /run/lock/tpgen-writeback-nice.lock
flock 9
WB_NICE_WAS=$(cat "$WB_NICE" 2>/dev/null || true)
restore_nice() {
	[ -z "$WB_NICE_WAS" ] || echo "$WB_NICE_WAS" > "$WB_NICE" 2>/dev/null || true
}
trap 'restore_nice; cleanup' EXIT

# workqueue_hook SELECTOR: an item of "tracepoints:", workqueue_execute_start's
# function, under one selector (YAML flow, after its "- ")
workqueue_hook() {
	cat <<YAML
  - subsystem: "workqueue"
    event: "workqueue_execute_start"
    args:
    - index: 5
      type: "uint64"
YAML
	echo "    - $1" | hook_selectors
}

# policy NAME SELECTOR: compiles a policy of workqueue_hook SELECTOR alone
policy() {
	{
		echo "  tracepoints:"
		workqueue_hook "$2"
	} | tracing_policy "$1" | compile "$1"
}

# some work for the kernel's workers: a file written and synced
work() {
	dd if=/dev/zero of="$T/dirty" bs=64k count=4 conv=fsync status=none
	sync
	sleep 0.5
}

# the events are all from kernel threads found in /proc, kthreadd's children, as
# Tetragon's procfs reader prints them
KWORKER="__import__('re').fullmatch(r'\[kworker/[^]]+\]', p['binary'])"
SCANNED="p['flags'] == 'procFS' and p['uid'] == 0 and p['auid'] == 4294967295 and not {'cwd', 'arguments'} & set(p) and p['pid'] == p['tid']"
KTHREADD="h['parent']['pid'] == 2 and h['parent']['binary'] == '[kthreadd]' and h['parent']['flags'] == 'procFS'"

test_not_in_passes_for_kernel_threads() {
	policy notin 'matchBinaries: [{operator: NotIn, values: ["/nonexistent"]}]'
	start_tprun "$T/notin.bpf.o"
	work
	stop_tprun
	check_events "len(hooks()) > 0"
	check_events "any((lambda p: $KWORKER and $SCANNED)(h['process']) for h in hooks())"
	check_events "all(h['process']['binary'][0] == '[' and h['process']['uid'] == 0 for h in hooks())"
	check_events "all($KTHREADD for h in hooks() if h['process']['pid'] != 2)"
}

# matchPIDs [2] with followForks: kthreadd's children, learned from /proc after it
test_pids_follow_forks_of_kthreadd() {
	policy pids 'matchPIDs: [{operator: In, followForks: true, values: [2]}]'
	start_tprun "$T/pids.bpf.o"
	work
	stop_tprun
	check_events "len(hooks()) > 0"
	check_events "all($KTHREADD for h in hooks())"
}

# matchPIDs [2] without followForks: kthreadd itself, which runs no work
test_pids_without_follow_forks() {
	policy pids1 'matchPIDs: [{operator: In, followForks: false, values: [2]}]'
	start_tprun "$T/pids1.bpf.o"
	work
	stop_tprun
	check_events "len(hooks()) == 0"
}

# Postfix "kthreadd": kthreadd (its fork of a new worker) and the workers it starts
# while tprun runs (they inherit its binary), not the workers found in /proc
test_postfix_kthreadd() {
	[ -w "$WB_NICE" ] || { echo "    skip: no $WB_NICE"; return 0; }
	local postfix='matchBinaries: [{operator: Postfix, values: ["kthreadd"]}]'
	{
		echo "  tracepoints:"
		workqueue_hook "$postfix"
		cat <<YAML
  - subsystem: "sched"
    event: "sched_process_fork"
    args:
    - index: 7
      type: "int"
YAML
		echo "    - $postfix" | hook_selectors
	} | tracing_policy postfix | compile postfix
	start_tprun "$T/postfix.bpf.o"
	echo $((WB_NICE_WAS == 7 ? 6 : 7)) > "$WB_NICE"
	sleep 0.3
	work
	restore_nice
	# the new pool's workers end once it is freed (after an RCU grace period)
	sleep 2
	stop_tprun
	local fork="[h for h in hooks() if h['event'] == 'sched_process_fork']"
	local wq="[h for h in hooks() if h['event'] == 'workqueue_execute_start']"
	local kids="{h['args'][0]['int_arg'] for h in $fork}"
	# kthreadd, from /proc: its comm is its executable
	check_events "len($fork) > 0"
	check_events "all(h['process']['pid'] == 2 and h['process']['binary'] == '[kthreadd]' for h in $fork)"
	check_events "all((lambda p: $SCANNED)(h['process']) for h in $fork)"
	# the new workers ran the sync's writeback: kthreadd's clones, and only they
	check_events "len($wq) > 0"
	check_events "all(h['process']['pid'] in $kids for h in $wq)"
	check_events "all(h['process']['binary'] == '[kthreadd]' and h['process']['flags'] == 'clone' and h['process']['uid'] == 0 for h in $wq)"
	check_events "all($KTHREADD for h in $wq)"
	# and their exits are process_exit events, as Tetragon's acct_process hook sends them
	check_events "any(x['process']['pid'] in $kids and x['process']['binary'] == '[kthreadd]' and x['process']['flags'] == 'clone' and x['parent']['pid'] == 2 for x in exits())"
}

run_tests

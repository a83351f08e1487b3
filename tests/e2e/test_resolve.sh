#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# resolve: fields of sched_process_exec's raw TP_PROTO args (task_struct *p,
# pid_t old_pid, struct linux_binprm *bprm) read with CO-RE, compared and
# captured; a path through a NULL pointer (bprm->mm is NULL once exec has
# taken the new mm) is unreadable: no filter passes, and the event shows
# Tetragon's error_arg with the depth that faulted.
. "$(dirname "$0")/lib.sh"

INO=$(stat -L -c %i "$OPENER")

# exec_policy NAME ARGS SELECTORS: sched_process_exec, raw
exec_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  tracepoints:
  - subsystem: "sched"
    event: "sched_process_exec"
    raw: true
    args:
$2
    selectors:
$3
YAML
}

test_resolve_filter_and_capture() {
	exec_policy resolve-exec "    - index: 0
      resolve: \"real_parent.tgid\"
    - index: 1
      type: \"int\"
    - index: 2
      type: \"uint64\"
      resolve: \"file.f_inode.i_ino\"" "    - matchArgs:
      - index: 2
        operator: \"Equal\"
        values:
        - \"$INO\"" | compile resolve
	start_tprun "$T/resolve.bpf.o"
	expect_alive "$OPENER" getppid
	expect_alive /usr/bin/true
	expect_alive "$OPENER" getppid
	stop_tprun
	check_events "len(hooks()) == 2" || { grep process_tracepoint "$T/tprun.out" | cut -c1-600 >&2; return 1; }
	check_events "all(h['args'][0] == {'int_arg': h['parent']['pid']} for h in hooks())"
	check_events "all(h['args'][1] == {'int_arg': h['process']['pid']} for h in hooks())"
	check_events "all(h['args'][2] == {'size_arg': '$INO'} for h in hooks())"
	check_events "all(h['process']['binary'] == '$OPENER' for h in hooks())"
}

# bprm->mm is NULL at sched_process_exec: mm.owner.pid faults at depth 1. A
# filter on it fails, NotEqual included (else the opener is killed); the
# event the next selector posts shows Tetragon's error_arg.
test_resolve_unreadable() {
	exec_policy resolve-null "    - index: 0
      type: \"string\"
      resolve: \"comm\"
    - index: 2
      type: \"int\"
      resolve: \"mm.owner.pid\"" "    - matchArgs:
      - index: 2
        operator: \"NotEqual\"
        values:
        - \"1\"
      matchBinaries:
      - operator: \"In\"
        values:
        - \"$OPENER\"
      matchActions:
      - action: Sigkill
    - matchBinaries:
      - operator: \"In\"
        values:
        - \"$OPENER\"" | compile resolvenull
	start_tprun "$T/resolvenull.bpf.o"
	expect_alive "$OPENER" getppid
	stop_tprun
	check_events "len(hooks()) == 1"
	check_events "hooks()[0]['args'][1] == {'error_arg': {'Message': 'Bad address encountered during resolve dereference at depth 1'}}"
	check_events "hooks()[0].get('action', 'KPROBE_ACTION_POST') == 'KPROBE_ACTION_POST'"
	check_events "hooks()[0]['args'][0] == {'string_arg': 'opener'}"
}

run_tests

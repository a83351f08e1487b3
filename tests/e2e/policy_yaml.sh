# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# Policy YAML for tests, on stdout: builders with no state of their own, so that
# scripts that are not e2e tests (scripts/stress/stress.sh) write the same
# policies. Sourced by lib.sh; OPENER is read when a builder names it.

# openat_policy NAME: a sys_openat hook with args 0 dfd (int), 1 path (string) and
# 2 flags (int); the selectors (YAML, indented for "selectors:") on stdin, none if empty
openat_policy() {
	policy_head "$1"
	echo "  kprobes:"
	openat_hook
}

# openat_hook [KEYS]: openat_policy's hook alone, an item of "kprobes:"; KEYS (YAML
# lines indented for the hook) after syscall:; its selectors on stdin
openat_hook() {
	local sels
	sels=$(cat)
	[ -z "$sels" ] || sels=$(printf '    selectors:\n%s' "$sels")
	cat <<YAML
  - call: "sys_openat"
    syscall: true
${1:+$1
}    args:
    - index: 0
      type: int
    - index: 1
      type: "string"
    - index: 2
      type: "int"
$sels
YAML
}

# kill_on_open PATH: a selector's rest (after its process filters) in the YAML of
# openat_policy: arg 1 Equal PATH, action Sigkill
kill_on_open() {
	cat <<YAML
      matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$1"
      matchActions:
      - action: Sigkill
YAML
}

# kill_selector PATH: openat_policy's selectors of one selector, kill_on_open PATH
kill_selector() {
	kill_on_open "$1" | sed '1s/^      /    - /'
}

# opener_sys_enter OPERATOR VALUE ACTION: a "tracepoints:" list of one hook on
# raw_syscalls/sys_enter, $OPENER only, the syscall number (arg 0) matched by
# OPERATOR VALUE, then ACTION; lines for the action entry follow on stdin
opener_sys_enter() {
	cat <<YAML
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    args:
    - index: 4
      type: "syscall64"
    selectors:
    - matchArgs:
      - index: 0
        operator: "$1"
        values:
        - "$2"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchActions:
      - action: $3
YAML
	cat
}

# symlinkat_follow_hook BINARY: a "kprobes:" item: symlinkat(NAME, fd, path) by
# BINARY follows fd as NAME (FollowFD argFd 1, argName 0)
symlinkat_follow_hook() {
	cat <<YAML
  - call: "sys_symlinkat"
    syscall: true
    args:
    - index: 0
      type: "string"
    - index: 1
      type: "int"
    selectors:
    - matchBinaries:
      - operator: In
        values:
        - "$1"
      matchActions:
      - action: FollowFD
        argFd: 1
        argName: 0
YAML
}

# policy_head NAME: a TracingPolicy's lines up to "spec:"
policy_head() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
YAML
}

# tracing_policy NAME: a TracingPolicy NAME, its spec (YAML indented for "spec:") on stdin
tracing_policy() {
	policy_head "$1"
	cat
}

# getppid_post_policy NAME: Post on getppid (x86-64: 110) from $OPENER, at raw_syscalls/sys_enter
getppid_post_policy() {
	policy_head "$1"
	opener_sys_enter Equal 110 Post < /dev/null
}

# enforcer_policy NAME ACTION_PARAMS [TP_LINES]: killer.yaml's shape: the
# thread entering dup or dup2 ($OPENER only) notifies the enforcer on them
enforcer_policy() {
	policy_head "$1"
	cat <<YAML
  lists:
  - name: "dups"
    type: "syscalls"
    values:
    - "sys_dup"
    - "sys_dup2"
  enforcers:
  - calls:
    - "list:dups"
YAML
	printf '%s\n' "$2" | opener_sys_enter InMap list:dups '"NotifyEnforcer"'
}

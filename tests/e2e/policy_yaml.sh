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
YAML
	hook_selectors
}

# openat_path_policy NAME: a hook on the function "sys_openat" (no syscall: true) with
# arg 1 (path, string) alone, which events show as their args[0]; the selectors on
# stdin, as openat_policy's
openat_path_policy() {
	policy_head "$1"
	cat <<YAML
  kprobes:
  - call: "sys_openat"
    args:
    - index: 1
      type: "string"
YAML
	hook_selectors
}

# sys_write_policy NAME [ARGS]: a sys_write hook with the args ARGS (YAML lines indented
# for "args:"), by default 0 fd (fd), 1 buf (char_buf, sizeArgIndex 3) and 2 count
# (size_t); the selectors on stdin, as openat_policy's
sys_write_policy() {
	local args=${2:-}
	[ -n "$args" ] || args='    - index: 0
      type: "fd"
    - index: 1
      type: "char_buf"
      sizeArgIndex: 3
    - index: 2
      type: "size_t"'
	policy_head "$1"
	cat <<YAML
  kprobes:
  - call: "sys_write"
    syscall: true
    args:
$args
YAML
	hook_selectors
}

# hook_selectors: a hook's "selectors:" with the selectors on stdin (YAML, indented for
# "selectors:"), nothing if there are none
hook_selectors() {
	local sels
	sels=$(cat)
	[ -z "$sels" ] || printf '    selectors:\n%s\n' "$sels"
}

# match_arg INDEX OPERATOR VALUE...: a selector's rest (after its process filters):
# matchArgs of arg INDEX, OPERATOR on the VALUEs
match_arg() {
	echo "      matchArgs:"
	arg_filter "$@"
}

# arg_filter INDEX OPERATOR VALUE...: one entry of a matchArgs: arg INDEX, OPERATOR on
# the VALUEs (each quoted)
arg_filter() {
	printf '      - index: %s\n        operator: "%s"\n        values:\n' "$1" "$2"
	shift 2
	printf '        - "%s"\n' "$@"
}

# match_binary BINARY: a selector's rest: matchBinaries In BINARY
match_binary() {
	printf '      matchBinaries:\n      - operator: "In"\n        values:\n        - "%s"\n' "$1"
}

# match_action ACTION [LINES]: a selector's rest: matchActions of ACTION; LINES (YAML,
# at the entry's indent) follow the entry: its keys ("        argSig: 10") or more entries
match_action() {
	printf '      matchActions:\n      - action: %s\n' "$1"
	[ -z "${2:-}" ] || printf '%s\n' "$2"
}

# selector: a selector's rest on stdin (match_arg, match_binary, match_action...) as
# one item of "selectors:"
selector() {
	sed '1s/^      /    - /'
}

# kill_on_open PATH...: a selector's rest in the YAML of openat_policy: arg 1 Equal
# one of the PATHs, action Sigkill
kill_on_open() {
	match_arg 1 Equal "$@"
	match_action Sigkill
}

# kill_selector PATH...: openat_policy's selectors of one selector, kill_on_open PATH...
kill_selector() {
	kill_on_open "$@" | selector
}

# open_selector PATH [ACTION [LINES]]: one of openat_policy's selectors: arg 1 Equal
# PATH, then match_action ACTION LINES when ACTION is given
open_selector() {
	{
		match_arg 1 Equal "$1"
		[ -z "${2:-}" ] || match_action "$2" "${3:-}"
	} | selector
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
YAML
	{
		match_arg 0 "$1" "$2"
		match_binary "$OPENER"
		match_action "$3"
	} | selector
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
YAML
	binary_selector "$1" FollowFD $'        argFd: 1\n        argName: 0'
}

# binary_selector BINARY ACTION [LINES]: one selector: matchBinaries In BINARY, then
# match_action ACTION LINES
binary_selector() {
	{
		match_binary "$1"
		match_action "$2" "${3:-}"
	} | selector
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

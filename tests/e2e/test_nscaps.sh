#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchNamespaces and matchCapabilities on real processes: unshare(1) puts the
# opener in new namespaces, setpriv(1) changes its capabilities. Every
# selector also needs an open of $T/f, so the rest of the system is untouched.
. "$(dirname "$0")/lib.sh"

# filter_policy NAME LIST KEYS VALUE...: Sigkill openat($T/f) under one filter of LIST,
# whose keys other than values are the YAML lines KEYS
filter_policy() {
	local name=$1 list=$2 keys=$3 v
	shift 3
	{
		echo "    - $list:"
		echo "$keys" | sed '1s/^/      - /; 2,$s/^/        /'
		echo "        values:"
		for v in "$@"; do
			echo "        - \"$v\""
		done
		${REST:-kill_on_open} "$T/f"
	} | openat_policy "$name"
}

# ns_policy NAME KIND OP VALUE...: one matchNamespaces filter
ns_policy() {
	local name=$1 kind=$2 op=$3
	shift 3
	filter_policy "$name" matchNamespaces "namespace: $kind
operator: $op" "$@"
}

# cap_policy NAME TYPE OP ISNS CAP...: one matchCapabilities filter
cap_policy() {
	local name=$1 type=$2 op=$3 isns=$4
	shift 4
	filter_policy "$name" matchCapabilities "type: $type
operator: $op
isNamespaceCapability: $isns" "$@"
}

# chg_policy NAME LIST KEYS VALUE...: one matchNamespaceChanges or matchCapabilityChanges
# filter (their keys as for filter_policy)
chg_policy() {
	filter_policy "$@"
}

# post_on_open PATH: as kill_on_open, with Post only
post_on_open() {
	kill_on_open "$1" | sed '/matchActions/,$d'
}

# the inode number of this shell's namespace of a kind ("net:[4026531840]")
ns_inode() {
	readlink "/proc/self/ns/$1" | tr -dc 0-9
}

test_net_not_in_host_ns() {
	touch "$T/f"
	ns_policy nsnet Net NotIn host_ns | compile nsnet
	start_tprun "$T/nsnet.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_killed unshare -n "$OPENER" open "$T/f"
	expect_alive unshare -n "$OPENER" open "$T/g"
	stop_tprun
	killed_paths "$T/f"
}

test_net_in_host_ns() {
	touch "$T/f"
	ns_policy nshost Net In host_ns | compile nshost
	start_tprun "$T/nshost.bpf.o"
	expect_alive unshare -n "$OPENER" open "$T/f"
	expect_killed "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# an inode number, as the corpus writes them; a value that is not ours matches nothing
test_mnt_in_inode() {
	touch "$T/f"
	ns_policy nsmnt Mnt In 4026531830 "$(ns_inode mnt)" | compile nsmnt
	start_tprun "$T/nsmnt.bpf.o"
	expect_alive unshare -m "$OPENER" open "$T/f"
	expect_killed "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# the user namespace is the new mm's: the one the opener was exec'd in
test_user_not_in_host_ns() {
	touch "$T/f"
	ns_policy nsuser User NotIn host_ns 4026531830 | compile nsuser
	start_tprun "$T/nsuser.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_killed unshare -U "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# the pid namespace is the one the task's pid lives in: a grandchild of unshare -p --fork
# (not the namespace's init, which ignores signals from inside)
test_pid_not_in_host_ns() {
	touch "$T/f"
	ns_policy nspid pid NotIn host_ns | compile nspid
	start_tprun "$T/nspid.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	unshare -p --fork sh -c "$OPENER open $T/f; echo rc=\$?" > "$T/nspid.out" 2>&1
	stop_tprun
	grep -q "rc=137" "$T/nspid.out" || { cat "$T/nspid.out" >&2; fail "not killed"; }
	killed_paths "$T/f"
}

# root's effective set is its bounding set: setpriv drops CAP_NET_RAW from it
test_caps_effective_in() {
	touch "$T/f"
	cap_policy capeff Effective In false CAP_NET_RAW CAP_SYSLOG | compile capeff
	start_tprun "$T/capeff.bpf.o"
	expect_alive setpriv --bounding-set -net_raw,-syslog "$OPENER" open "$T/f"
	expect_killed "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

test_caps_permitted_not_in() {
	touch "$T/f"
	cap_policy capperm Permitted NotIn false cap_net_raw | compile capperm
	start_tprun "$T/capperm.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_killed setpriv --bounding-set -net_raw "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

test_caps_inheritable_in() {
	touch "$T/f"
	cap_policy capinh inheritable In false CAP_NET_RAW | compile capinh
	start_tprun "$T/capinh.bpf.o"
	expect_alive setpriv --inh-caps -all "$OPENER" open "$T/f"
	expect_killed setpriv --inh-caps +net_raw "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# isNamespaceCapability: only a task outside the host's user namespace matches
test_caps_namespace_capability() {
	touch "$T/f"
	cap_policy capns Effective In true CAP_SYS_ADMIN | compile capns
	start_tprun "$T/capns.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_killed unshare -U -r "$OPENER" open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

NEWNET=0x40000000
NEWUTS=0x04000000

# Changes since exec: the opener calls unshare(2) itself before it opens
test_ns_changes_in() {
	touch "$T/f"
	chg_policy nschg matchNamespaceChanges "operator: In" Net Mnt | compile nschg
	start_tprun "$T/nschg.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$OPENER" unshare $NEWUTS open "$T/f"
	expect_killed "$OPENER" unshare $NEWNET open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# NotIn: a change of any namespace but those listed
test_ns_changes_not_in() {
	touch "$T/f"
	chg_policy nschgn matchNamespaceChanges "operator: NotIn" net | compile nschgn
	start_tprun "$T/nschgn.bpf.o"
	expect_alive "$OPENER" unshare $NEWNET open "$T/f"
	expect_killed "$OPENER" unshare $NEWUTS open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# once reported, the new namespace is the recorded one (Tetragon's match_ns update):
# the second open after the change is not reported
test_ns_changes_recorded_once() {
	touch "$T/f"
	REST=post_on_open chg_policy nschgr matchNamespaceChanges "operator: In" Net |
		compile nschgr
	start_tprun "$T/nschgr.bpf.o"
	expect_alive "$OPENER" open "$T/f" unshare $NEWNET open "$T/f" open "$T/f"
	stop_tprun
	check_events "len([h for h in hooks() if h['args'][1]['string_arg'] == '$T/f']) == 1"
}

# CAP_NET_RAW is 13, CAP_SYS_ADMIN 21: In, a listed one changed; NotIn, another one did
test_cap_changes() {
	touch "$T/f"
	chg_policy capchg matchCapabilityChanges "type: Effective
operator: In" CAP_NET_RAW | compile capchg
	chg_policy capchgn matchCapabilityChanges "type: Effective
operator: NotIn" CAP_NET_RAW | compile capchgn
	start_tprun "$T/capchg.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$OPENER" dropcap 21 open "$T/f"
	expect_killed "$OPENER" dropcap 13 open "$T/f"
	stop_tprun
	killed_paths "$T/f"
	start_tprun "$T/capchgn.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$OPENER" dropcap 13 open "$T/f"
	expect_killed "$OPENER" dropcap 21 open "$T/f"
	stop_tprun
	killed_paths "$T/f"
}

# a process tprun found in /proc has no record of its capabilities: no change matches
# (against a record of none, CAP_NET_RAW, which it holds, would have changed)
test_cap_changes_learned_process() {
	touch "$T/f"
	chg_policy capchgl matchCapabilityChanges "operator: In" CAP_NET_RAW | compile capchgl
	"$OPENER" waitfile "$T/go" dropcap 21 open "$T/f" > /dev/null 2>&1 &
	local pid=$!
	start_tprun "$T/capchgl.bpf.o"
	touch "$T/go"
	local rc=0
	wait $pid || rc=$?
	expect_killed "$OPENER" dropcap 13 open "$T/f"
	stop_tprun
	[ $rc -eq 0 ] || fail "the learned process exited $rc"
	killed_paths "$T/f"
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun's maps frozen on this kernel (tests/e2e/test_frozen.sh on the host's):
# kprobe, fentry and fmod_ret objects' maps, socket tracking's and the
# enforcer's among them, refuse user space's updates and deletes with EPERM
# while their programs keep writing them: the kill and the enforcer still act.
. "$(dirname "$0")/lib.sh"

# sk: sk_alloc's returned sock tracked (tp_socktrack), its return half pending (tp_pending)
sk_policy() {
	cat <<'YAML'
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "sk"
spec:
  kprobes:
  - call: "sk_alloc"
    syscall: false
    return: true
    args:
    - index: 1
      type: int
    returnArg:
      index: 0
      type: sock
    returnArgAction: TrackSock
YAML
}

test_maps_are_frozen_on_this_kernel() {
	local d=/tmp/tpgen-vm/mkdir names want
	rm -rf "$d"; mkdir -p "$d"
	sk_policy | compile sk
	enforcer_policy enf "        argSig: 9" | compile enf
	start_tprun "$O/policies/mkdir-kill.bpf.o" "$T/sk.bpf.o" "$T/enf.bpf.o" \
		"$O/policies/sys-write-follow-fd.bpf.o"
	names=$(maps_refuse_writes) || return 1
	for want in tp_procs tp_counters tp_socktrack tp_pending tp_enforcer tp_fd_follow; do
		[[ " $names " == *" $want "* ]] || fail "no map $want among tprun's: $names"
	done
	expect_killed mkdir "$d/test"
	expect_killed "$OPENER" dup
	expect_alive mkdir "$d/other"
	stop_tprun
}

run_tests

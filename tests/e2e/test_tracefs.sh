#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A tracepoint policy where tracefs is not mounted: tprun says so, and where it
# looked, rather than that the tracepoint was not found. tprun runs in a
# private mount namespace (unshare -m) where tracefs and debugfs are unmounted;
# the host's stay.
. "$(dirname "$0")/lib.sh"

getppid_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "tracefs"
spec:
  tracepoints:
  - subsystem: "syscalls"
    event: "sys_enter_getppid"
YAML
}

# no_tracefs CMD...: CMD in a mount namespace without tracefs and debugfs; 99
# when they could not be unmounted there
no_tracefs() {
	unshare -m sh -c 'umount -l /sys/kernel/debug 2>/dev/null
		umount -l /sys/kernel/tracing 2>/dev/null
		[ ! -d /sys/kernel/tracing/events ] && [ ! -d /sys/kernel/debug/tracing/events ] ||
			exit 99
		exec "$@"' no_tracefs "$@"
}

test_missing_tracefs_is_named() {
	getppid_policy | compile tracefs
	local rc=0
	no_tracefs "$TPRUN" "$T/tracefs.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -ne 99 ] || fail "tracefs is still mounted in the private namespace"
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "exit status $rc"; }
	grep -qF "hook 'syscalls/sys_enter_getppid' (policy line 7) cannot attach on this kernel: " "$T/err" ||
		{ cat "$T/err" >&2; fail "the hook is not named"; }
	grep -qF "tracepoint: tracefs is not mounted (neither /sys/kernel/tracing nor /sys/kernel/debug/tracing has events/; mount it: mount -t tracefs tracefs /sys/kernel/tracing)" "$T/err" ||
		{ cat "$T/err" >&2; fail "no 'tracefs is not mounted'"; }
	! grep -q "tracepoint not found" "$T/err" || fail "still 'tracepoint not found'"
	# the host's tracefs is where it was: the same object runs here
	start_tprun "$T/tracefs.bpf.o"
	stop_tprun
}

# with tracefs mounted, a tracepoint this kernel lacks is still "not found"
test_missing_tracepoint_is_not_found() {
	# built against a tracefs that has one tracepoint more than this kernel's
	local fake=$T/fake-tracefs/events/syscalls/sys_enter_nonesuch rc=0
	mkdir -p "$fake"
	cp /sys/kernel/tracing/events/syscalls/sys_enter_getppid/format "$fake/format"
	getppid_policy | sed 's/sys_enter_getppid/sys_enter_nonesuch/' > "$T/none.yaml"
	"$TPGEN" --tracefs "$T/fake-tracefs" "$T/none.yaml" -o "$T/none.bpf.o" 2> "$T/err" ||
		{ cat "$T/err" >&2; fail "tpgen --tracefs"; }
	"$TPRUN" "$T/none.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "exit status $rc"; }
	grep -qF "tracepoint: tracepoint not found in tracefs" "$T/err" ||
		{ cat "$T/err" >&2; fail "no 'tracepoint not found in tracefs'"; }
}

run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun.service and tprun@.service run for real, as make install stages them
# (tests/vm.sh: PREFIX=/run/tprun-vm): systemd is PID 1 of a pid namespace here
# (container mode; the guest's own PID 1 is vm-init, the host's is no systemd),
# and starts them with their sandbox: the bounding set, no_new_privs, a
# read-only system with bpffs writable, /proc/kcore hidden, /proc/kallsyms
# not. The service enforces; a restart adopts its pins (no attach again); a
# stop leaves them enforcing until tprun --unpin; the template runs one object.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../e2e/pin_lib.sh"

PFX=/run/tprun-vm
STAGE=$O/vm/stage$PFX
UNITS=/run/systemd/system
MASKED="systemd-sysctl.service systemd-udevd.service systemd-udev-trigger.service
	systemd-modules-load.service modprobe@.service systemd-binfmt.service
	proc-sys-fs-binfmt_misc.automount"
SD=

sd_cleanup() {
	# the namespace's PID 1: killing it kills all in it
	[ -z "$SD" ] || { kill -KILL "$SD"; while kill -0 "$SD"; do nap 0.1; done; } 2> /dev/null
	local d
	for d in /sys/fs/bpf/tprun /sys/fs/bpf/tprun@one; do
		[ ! -d "$d" ] || "$TPRUN" --unpin "$d" > /dev/null 2>&1 || true
	done
	for u in $MASKED tprun.service tprun@.service; do rm -f "$UNITS/$u"; done
	rm -rf "$PFX"
}
trap 'sd_cleanup; pin_cleanup; cleanup' EXIT

# in_sd CMD...: CMD in systemd's namespaces and root (the guest's tests run chrooted)
in_sd() {
	nsenter -t "$SD" -m -p -r -w "$@"
}

# journal_count UNIT TEXT: how many of UNIT's journal lines hold TEXT
journal_count() {
	in_sd journalctl --no-pager -o cat -u "$1" 2> /dev/null | grep -cF -- "$2"
}

# await_journal UNIT TEXT N: UNIT's journal holds TEXT N times (120 s at most)
await_journal() {
	local i
	for ((i = 0; i < 120; i++)); do
		[ "$(journal_count "$1" "$2")" -ge "$3" ] && return 0
		nap 1
	done
	in_sd journalctl --no-pager -o cat -u "$1" | grep -v host_ns >&2
	fail "$1: '$2' not $3 times in its journal"
}

boot_systemd() {
	local i
	[ -x "$STAGE/bin/tprun" ] || { fail "no install staged at $STAGE (tests/vm.sh)"; return 1; }
	cp -a "$STAGE" "$PFX"
	pin_policy svc "$W/forbidden" | compile svc
	cp "$T/svc.bpf.o" "$PFX/etc/tprun/"
	cp "$T/svc.bpf.o" "$PFX/etc/tprun/instance/one.bpf.o"
	mkdir -p "$UNITS"
	cp "$PFX"/lib/systemd/system/tprun.service "$PFX"/lib/systemd/system/tprun@.service "$UNITS/"
	# what would change the guest under the tests that follow: its sysctls, udev
	# and modules; /tmp is systemd's own (its tmpfiles empty /tmp)
	for u in $MASKED; do ln -sf /dev/null "$UNITS/$u"; done
	# systemctl and systemd would stop at the guest's chroot
	SYSTEMD_IGNORE_CHROOT=1 container=tpgen-vm unshare --pid --fork --mount-proc sh -c \
		'mount -t tmpfs -o mode=1777 tmpfs /tmp && exec "$@"' sh \
		/lib/systemd/systemd --unit=tprun.service --show-status=no > "$PFX/systemd.log" 2>&1 &
	for ((i = 0; i < 100; i++)); do
		SD=$(pgrep -f '^/lib/systemd/systemd --unit=tprun.service') && break
		nap 0.1
	done
	[ -n "$SD" ] || { cat "$PFX/systemd.log" >&2; fail "systemd did not start"; }
}
boot_systemd
export SYSTEMD_IGNORE_CHROOT=1

test_1_service_enforces_in_its_sandbox() {
	local pid want got
	await_journal tprun.service "tprun: ready" 1
	[ "$(in_sd systemctl is-active tprun.service)" = active ] || fail "tprun.service not active"
	file_has <(in_sd journalctl -o cat -u tprun.service) "pinned policy 'svc' at /sys/fs/bpf/tprun/svc" ||
		fail "not pinned"
	pid=$(in_sd systemctl show -p MainPID --value tprun.service)
	# the bounding set is the unit's, exactly
	want=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNITS/tprun.service" | tr 'A-Z ' 'a-z\n' | sort)
	got=$(capsh --decode="$(in_sd awk '/^CapBnd/ {print $2}' "/proc/$pid/status")" |
		sed 's/.*=//' | tr ',' '\n' | sort)
	[ "$want" = "$got" ] || fail "bounding set $(echo $got), not $(echo $want)"
	in_sd grep -qx 'NoNewPrivs:	1' "/proc/$pid/status" || fail "no no_new_privs"
	in_sd awk '$5 == "/" && $6 ~ /^ro/ { r = 1 } END { exit !r }' "/proc/$pid/mountinfo" ||
		fail "/ is writable"
	in_sd awk '$5 == "/proc/sys" && $6 ~ /^ro/ { r = 1 } END { exit !r }' "/proc/$pid/mountinfo" ||
		fail "/proc/sys is writable"
	in_sd awk '$5 == "/sys/fs/bpf" && $6 ~ /^rw/ { r = 1 } END { exit !r }' "/proc/$pid/mountinfo" ||
		fail "/sys/fs/bpf is not writable"
	in_sd nsenter -t "$pid" -m -r head -c 1 /proc/kallsyms > /dev/null || fail "no /proc/kallsyms"
	# InaccessiblePaths=: systemd's inaccessible node mounted over it
	in_sd awk '$5 == "/proc/kcore" { r = 1 } END { exit !r }' "/proc/$pid/mountinfo" ||
		fail "/proc/kcore is not hidden"
	in_sd awk '$5 == "/proc/kallsyms" { r = 1 } END { exit r }' "/proc/$pid/mountinfo" ||
		fail "/proc/kallsyms is hidden"
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-1"
	await_journal tprun.service "\"string_arg\":\"$W/post-1\"" 1
	[ "$(journal_count tprun.service '"action":"KPROBE_ACTION_SIGKILL"')" -ge 1 ] ||
		fail "no Sigkill event in the journal"
}

test_2_restart_adopts_the_pins() {
	in_sd systemctl restart tprun.service
	await_journal tprun.service "tprun: ready" 2
	file_has <(in_sd journalctl -o cat -u tprun.service) "adopted policy 'svc' pinned at /sys/fs/bpf/tprun/svc" ||
		fail "not adopted"
	expect_killed "$OPENER" open "$W/forbidden"
}

test_3_stop_leaves_enforcement_until_unpinned() {
	in_sd systemctl stop tprun.service
	[ "$(in_sd systemctl is-active tprun.service)" = inactive ] || fail "still active"
	expect_killed "$OPENER" open "$W/forbidden"
	"$TPRUN" --unpin /sys/fs/bpf/tprun 2> /dev/null || fail "--unpin"
	expect_alive "$OPENER" open "$W/forbidden"
}

test_4_template_runs_one_object() {
	in_sd systemctl start tprun@one.service
	await_journal tprun@one.service "tprun: ready" 1
	file_has <(in_sd journalctl -o cat -u tprun@one.service) \
		"pinned policy 'svc' at /sys/fs/bpf/tprun@one/svc" || fail "not pinned at tprun@one"
	expect_killed "$OPENER" open "$W/forbidden"
	in_sd systemctl stop tprun@one.service
	expect_killed "$OPENER" open "$W/forbidden"
	"$TPRUN" --unpin /sys/fs/bpf/tprun@one 2> /dev/null || fail "--unpin"
	expect_alive "$OPENER" open "$W/forbidden"
}

run_tests

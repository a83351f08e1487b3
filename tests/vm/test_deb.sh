#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# vm-kernels: 6.12
# The tprun package (make deb, which tests/vm.sh runs) installed for real in the
# Debian 6.12 guest, as on an appliance: dpkg -i, its dependencies checked against
# the guest's dpkg database (the host's), into a root made writable by
# fuse-overlayfs over the guest's read-only one (the kernel's overlay module is
# not in the guest; fuse is built in), chrooted into. The installed
# /usr/bin/tprun, not the build's, then enforces an object prebuilt on the host
# whose hook only the VM can attach: Sigkill on sys_openat, through fentry.
# tests/e2e/test_deb.sh checks the packages' contents on the host.

# its own mount namespace: what it mounts goes with it
[ -n "${TPGEN_DEB_NS:-}" ] || TPGEN_DEB_NS=1 exec unshare -m --propagation private bash "$0" "$@"
. "$(dirname "$0")/lib.sh"

R=$T/root
FUSE=
deb_cleanup() {
	stop_tprun > /dev/null 2>&1 || true
	# detached at once (lazily): cleanup's rm -rf $T must never walk into the
	# fuse mount or the read-only /usr, /etc and /var, so it runs only when
	# nothing is mounted under $T
	umount -R -l "$R" 2> /dev/null
	[ -z "$FUSE" ] || kill "$FUSE" 2> /dev/null
	umount -R -l "$T/lower" 2> /dev/null
	if grep -qF " $T/" /proc/self/mountinfo; then
		echo "test_deb: mounts left under $T: not removed" >&2
	else
		cleanup
	fi
}
trap deb_cleanup EXIT

# in_root CMD...: CMD chrooted into the writable root
in_root() {
	chroot "$R" "$@"
}

# the guest's root, writable in $T's tmpfs, with the guest's own mounts over it.
# The lower layer is /usr, /etc and /var (and /'s links into /usr), not / itself,
# whose /tmp holds the overlay: the fuse daemon never looks into its own mount.
mount_root() {
	local i d
	mkdir -p "$T/lower" "$T/upper" "$T/work" "$R"
	# a mount of its own, which cleanup detaches with all that is in it
	mount -t tmpfs -o mode=755 tmpfs "$T/lower"
	for d in usr etc var; do
		mkdir "$T/lower/$d"
		mount --bind "/$d" "$T/lower/$d"
	done
	for d in /*; do
		[ ! -L "$d" ] || cp -P "$d" "$T/lower/"
	done
	mkdir "$T/lower/proc" "$T/lower/sys" "$T/lower/dev" "$T/lower/tmp" "$T/lower/run" \
		"$T/lower/root"
	fuse-overlayfs -f -o "lowerdir=$T/lower,upperdir=$T/upper,workdir=$T/work" "$R" \
		2> "$T/fuse.err" &
	FUSE=$!
	for ((i = 0; i < 100; i++)); do
		mountpoint -q "$R" && break
		nap 0.1
	done
	mountpoint -q "$R" || { cat "$T/fuse.err" >&2; fail "fuse-overlayfs did not mount"; }
	mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
	mount -t tmpfs -o mode=755 tmpfs "$R/run"
	mount --rbind /proc "$R/proc"
	mount --rbind /sys "$R/sys"
	mount --rbind /dev "$R/dev"
}
mount_root

test_1_dpkg_installs_tprun() {
	local deb
	deb=$(ls "$O"/deb/tprun_*.deb 2> /dev/null) && [ -f "$deb" ] ||
		{ fail "no $O/deb/tprun_*.deb (tests/vm.sh runs make deb: $O/vm/deb.log)"; return 1; }
	in_root dpkg-query -W tprun > /dev/null 2>&1 && fail "tprun installed already"
	cp "$deb" "$R/tmp/"
	# man-db's trigger would index every manual page (minutes here); the setting
	# that turns it off (man-db/auto-update) is this file
	rm -f "$R/var/lib/man-db/auto-update"
	in_root dpkg -i "/tmp/${deb##*/}" > "$T/dpkg.out" 2>&1 ||
		{ cat "$T/dpkg.out" >&2; fail "dpkg -i failed"; }
	[ "$(in_root dpkg-query -W -f='${Status} ${Version}' tprun)" = \
		"install ok installed $(dpkg-deb -f "$deb" Version)" ] || fail "tprun not installed"
	[ "$(in_root dpkg -S /usr/bin/tprun)" = "tprun: /usr/bin/tprun" ] || fail "/usr/bin/tprun not tprun's"
	[ -x "$R/usr/bin/tprun" ] && [ ! -e /usr/bin/tprun ] || fail "not installed in the root only"
	# postinst enabled the service (with no systemd running, did not start it)
	[ "$(readlink "$R/etc/systemd/system/multi-user.target.wants/tprun.service")" = \
		/lib/systemd/system/tprun.service ] || fail "tprun.service not enabled"
}

test_2_installed_tprun_kills_through_fentry() {
	[ "$(in_root dpkg-query -W -f='${Status}' tprun)" = "install ok installed" ] ||
		{ fail "tprun not installed"; return 1; }
	mkdir -p "$W"
	kill_selector "$W/forbidden" | openat_policy debkill | compile debkill
	cp "$T/debkill.bpf.o" "$R/etc/tprun/"
	# start_tprun runs "$TPRUN" OBJ ARGS: here chroot ROOT /usr/bin/tprun OBJECT -o json
	TPRUN=chroot start_tprun "$R" /usr/bin/tprun /etc/tprun/debkill.bpf.o -o json
	[ "$(readlink "/proc/$TPRUN_PID/exe")" = "$R/usr/bin/tprun" ] ||
		fail "running $(readlink "/proc/$TPRUN_PID/exe"), not the installed tprun"
	expect_variant sys_openat fentry __x64_sys_openat
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/allowed"
	stop_tprun
	expect_events "[k['args'][1]['string_arg'] for k in kprobes()] == ['$W/forbidden']" \
		"kprobes()[0]['action'] == 'KPROBE_ACTION_SIGKILL'" \
		"kprobes()[0]['policy_name'] == 'debkill'" \
		"kprobes()[0]['function_name'] == '__x64_sys_openat'" \
		"any(x.get('signal') == 'SIGKILL' and x['process']['pid'] == kprobes()[0]['process']['pid'] for x in exits())"
}

W=$T/w
run_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make install, and the service it installs. Installed into a temporary
# PREFIX: tpgen compiles policies/demo.yaml from its own share/tpgen (not the
# checkout) and tprun --check passes the object; systemd-analyze verify passes
# the units; the exact command lines of their ExecStart= run under the units'
# capability bounding set and NoNewPrivileges (setpriv: systemd is not PID 1
# here), enforce, survive a stop (pinned) and are adopted on a restart. Only
# BPFFS is the test's own (a directory of /sys/fs/bpf), so that no pin of a
# real service is touched. A DESTDIR install names PREFIX's paths, never DESTDIR's.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/../e2e/pin_lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
PFX="$T/pfx"
BPFFS=/sys/fs/bpf/tpgen-e2e-svc-$$
CONF="$PFX/etc/tprun"
UNITS="$PFX/lib/systemd/system"

svc_cleanup() {
	stop_tprun > /dev/null 2>&1 || true
	local d
	for d in "$BPFFS"/*; do [ ! -d "$d" ] || "$O/tprun" --unpin "$d" > /dev/null 2>&1 || true; done
	rm -rf "$BPFFS"
	pin_cleanup
}
trap 'svc_cleanup; cleanup' EXIT

# install_to LOG ARGS...: make install ARGS, from the test's build
install_to() {
	local log=$1
	shift
	make -s -C "$TOP" O="$O" install "$@" > "$log" 2>&1 || { cat "$log" >&2; fail "make install $*"; }
}

install_to "$T/install.log" PREFIX="$PFX" BPFFS="$BPFFS"

# exec_start UNIT [INSTANCE]: the unit's ExecStart= as systemd runs it, one word a
# line: %i is INSTANCE, $TPRUN_OPTS split at spaces (this test sets it to -o json)
exec_start() {
	local line
	line=$(sed -n 's/^ExecStart=//p' "$UNITS/$1")
	line=${line//%i/${2:-}}
	line=${line//\$TPRUN_OPTS/-o json}
	printf '%s\n' $line
}

# SANDBOX: the command that runs another as the units do: their
# CapabilityBoundingSet (as setpriv names them) and NoNewPrivileges
SANDBOX=(setpriv --bounding-set="-all,$(sed -n 's/^CapabilityBoundingSet=//p' \
	"$UNITS/tprun.service" | tr 'A-Z' 'a-z' | sed -E 's/cap_/+/g; s/ /,/g')" --inh-caps=-all
	--no-new-privs)

# start_unit UNIT [INSTANCE]: its ExecStart=, sandboxed, until "tprun: ready"
start_unit() {
	local argv
	mapfile -t argv < <(exec_start "$@")
	: > "$T/tprun.out"
	: > "$T/tprun.err"
	"${SANDBOX[@]}" "${argv[@]}" > "$T/tprun.out" 2> "$T/tprun.err" &
	TPRUN_PID=$!
	await_ready "$1"
}

# stop_unit: SIGTERM, as systemctl stop sends it; tprun drains and exits 0
stop_unit() {
	local rc=0
	kill -TERM "$TPRUN_PID"
	wait "$TPRUN_PID" || rc=$?
	TPRUN_PID=
	rm -f "$T/tprun.pid"
	[ $rc -eq 0 ] || { cat "$T/tprun.err" >&2; fail "tprun exited $rc on SIGTERM"; }
	assert_drained
}

test_installed_tpgen_compiles_demo_from_its_prefix() {
	local v
	# its templates and headers from PREFIX/share/tpgen; no cache to lend them
	env -u TPGEN_DATADIR TPGEN_CACHE= "$PFX/bin/tpgen" -v "$TOP/policies/demo.yaml" \
		-o "$T/demo.bpf.o" 2> "$T/tpgen.err" || { cat "$T/tpgen.err" >&2; fail "tpgen"; }
	v=$(cat "$T/tpgen.err")
	[[ $v == *"-I$PFX/bin/../share/tpgen/templates "* ]] || fail "templates not from PREFIX: $v"
	[[ $v == *"-I$PFX/bin/../share/tpgen/include "* ]] || fail "headers not from PREFIX: $v"
	[[ $v != *"$TOP/templates"* && $v != *"$TOP/include"* ]] || fail "the checkout was read: $v"
	"$PFX/bin/tprun" --check "$T/demo.bpf.o" 2> "$T/check.err" ||
		{ cat "$T/check.err" >&2; fail "tprun --check"; }
	grep -q "rejected 0\|, 0 rejected" "$T/check.err" || fail "$(cat "$T/check.err")"
	# the same object as the checkout's tpgen makes
	"$O/tpgen" "$TOP/policies/demo.yaml" -o "$T/demo-dev.bpf.o"
	cmp -s "$T/demo.bpf.o" "$T/demo-dev.bpf.o" || fail "the installed tpgen's object differs"
}

test_install_layout() {
	local f
	for f in bin/tpgen bin/tprun libexec/tprun-service share/man/man1/tpgen.1.gz \
		share/man/man1/tprun.1.gz share/bash-completion/completions/tpgen \
		share/bash-completion/completions/tprun lib/systemd/system/tprun.service \
		lib/systemd/system/tprun@.service share/tpgen/templates/tp_prelude.bpf.h \
		share/tpgen/include/tp/meta.h share/tpgen/include/vmlinux.h; do
		[ -f "$PFX/$f" ] || fail "PREFIX/$f not installed"
	done
	[ -d "$CONF/instance" ] || fail "no SYSCONFDIR/tprun/instance"
	grep -qx 'NoNewPrivileges=yes' "$UNITS/tprun.service" || fail "no NoNewPrivileges=yes"
	grep -qx "ReadWritePaths=$BPFFS" "$UNITS/tprun@.service" || fail "no ReadWritePaths=BPFFS"
	! grep -q '@[A-Z]*@' "$UNITS"/* "$PFX/libexec/tprun-service" || fail "a @VAR@ left"
	grep -qx "ExecStart=$PFX/libexec/tprun-service $CONF $BPFFS/tprun \$TPRUN_OPTS" \
		"$UNITS/tprun.service" || fail "ExecStart: $(grep ExecStart "$UNITS/tprun.service")"
	cmp -s "$PFX/share/bash-completion/completions/tprun" "$TOP/dist/bash-completion/tprun" ||
		fail "the completion installed is not dist's"
	MANPATH="$PFX/share/man" man -w tprun | grep -qx "$PFX/share/man/man1/tprun.1.gz" ||
		fail "man does not find tprun(1) under PREFIX"
}

# DESTDIR stages, PREFIX is where it runs; PREFIX=/usr configures /etc
test_destdir_names_prefix_paths() {
	install_to "$T/dest.log" DESTDIR="$T/dest" PREFIX=/usr
	[ -x "$T/dest/usr/bin/tprun" ] && [ -f "$T/dest/usr/lib/systemd/system/tprun.service" ] ||
		fail "not staged under DESTDIR"
	[ -d "$T/dest/etc/tprun" ] || fail "no DESTDIR/etc/tprun"
	grep -qx 'ExecStart=/usr/libexec/tprun-service /etc/tprun /sys/fs/bpf/tprun $TPRUN_OPTS' \
		"$T/dest/usr/lib/systemd/system/tprun.service" ||
		fail "$(grep ExecStart "$T/dest/usr/lib/systemd/system/tprun.service")"
	grep -qx 'exec /usr/bin/tprun --pin "$pin" "$@"' "$T/dest/usr/libexec/tprun-service" ||
		fail "the wrapper does not run /usr/bin/tprun"
	! grep -rqF "$T/dest" "$T/dest/usr/lib" "$T/dest/usr/libexec" || fail "DESTDIR in a file"
	# the staged tpgen finds its data next to itself too
	TPGEN_CACHE= "$T/dest/usr/bin/tpgen" "$TOP/policies/demo.yaml" -o "$T/staged.bpf.o" ||
		fail "the staged tpgen"
	rm -rf "$T/dest"
}

test_units_verify() {
	# Documentation=man:tprun(1) is checked with man: the pages under PREFIX
	MANPATH="$PFX/share/man" systemd-analyze verify "$UNITS/tprun.service" \
		"$UNITS/tprun@demo.service" > "$T/verify.out" 2>&1 ||
		{ cat "$T/verify.out" >&2; fail "systemd-analyze verify failed"; }
	[ ! -s "$T/verify.out" ] || { cat "$T/verify.out" >&2; fail "systemd-analyze verify warns"; }
	# it can fail: a command that is not there
	sed "s|^ExecStart=$PFX/libexec/|ExecStart=$T/nowhere/|" "$UNITS/tprun.service" > "$T/bad.service"
	! MANPATH="$PFX/share/man" systemd-analyze verify "$T/bad.service" > /dev/null 2>&1 ||
		fail "verify passed a unit without its command"
}

# tprun.service: both objects of CONF in one tprun, pinned; enforcing across a
# stop; adopted by the next start; a changed CONF refused, the pin still enforcing
test_service_runs_every_object_pinned() {
	rm -f "$CONF"/*.bpf.o
	pin_policy svc_a "$W/forbidden" | compile svc_a
	getppid_post_policy svc_b | compile svc_b
	cp "$T/svc_a.bpf.o" "$T/svc_b.bpf.o" "$CONF/"
	start_unit tprun.service
	grep -qF "pinned policy 'svc_a' at $BPFFS/tprun/svc_a" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "svc_a not pinned"; }
	grep -qF "pinned policy 'svc_b' at $BPFFS/tprun/svc_b" "$T/tprun.err" ||
		fail "svc_b not pinned"
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" getppid
	stop_unit
	check_events "sorted(set(body(e)['policy_name'] for e in ev if kind(e) in ('process_kprobe', 'process_tracepoint'))) == ['svc_a', 'svc_b']"

	# stopped: still enforced; started again: adopted, not attached again
	expect_killed "$OPENER" open "$W/forbidden"
	start_unit tprun.service
	grep -qF "adopted policy 'svc_a'" "$T/tprun.err" || fail "svc_a not adopted"
	grep -qF "adopted policy 'svc_b'" "$T/tprun.err" || fail "svc_b not adopted"
	expect_killed "$OPENER" open "$W/forbidden"
	stop_unit

	# a third object: refused by the pin, which goes on enforcing
	openat_policy svc_c < /dev/null | compile svc_c
	cp "$T/svc_c.bpf.o" "$CONF/"
	local argv rc=0
	mapfile -t argv < <(exec_start tprun.service)
	"${SANDBOX[@]}" "${argv[@]}" > /dev/null 2> "$T/refused.err" || rc=$?
	[ $rc -eq 1 ] || fail "a changed CONF exited $rc"
	grep -qF "which this run's 3 objects are not exactly" "$T/refused.err" ||
		{ cat "$T/refused.err" >&2; fail "no refusal"; }
	expect_killed "$OPENER" open "$W/forbidden"
	"$PFX/bin/tprun" --unpin "$BPFFS/tprun" 2> /dev/null || fail "--unpin"
	expect_alive "$OPENER" open "$W/forbidden"
	rm -f "$CONF"/*.bpf.o
}

# tprun@NAME.service: CONF/instance/NAME.bpf.o alone, pinned at BPFFS/tprun@NAME
test_template_runs_one_object() {
	pin_policy svc_one "$W/forbidden" | compile svc_one
	cp "$T/svc_one.bpf.o" "$CONF/instance/one.bpf.o"
	start_unit tprun@.service one
	grep -qF "tprun: pinned policy 'svc_one' at $BPFFS/tprun@one/svc_one" "$T/tprun.err" ||
		{ cat "$T/tprun.err" >&2; fail "not pinned at tprun@one"; }
	expect_killed "$OPENER" open "$W/forbidden"
	expect_alive "$OPENER" open "$W/post-one"
	stop_unit
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$W/forbidden', '$W/post-one']"
	expect_killed "$OPENER" open "$W/forbidden"
	"$PFX/bin/tprun" --unpin "$BPFFS/tprun@one" 2> /dev/null || fail "--unpin"
	expect_alive "$OPENER" open "$W/forbidden"
	rm -f "$CONF/instance/one.bpf.o"
}

# no object: the wrapper says so (tprun.service's ConditionPathExistsGlob= skips it first)
test_service_without_objects_says_so() {
	local argv rc=0
	rm -f "$CONF"/*.bpf.o
	mapfile -t argv < <(exec_start tprun.service)
	"${argv[@]}" > /dev/null 2> "$T/none.err" || rc=$?
	[ $rc -eq 1 ] || fail "exited $rc"
	grep -qF "tprun-service: no $CONF/*.bpf.o to run" "$T/none.err" || fail "$(cat "$T/none.err")"
	grep -qx "ConditionPathExistsGlob=$CONF/\*.bpf.o" "$UNITS/tprun.service" ||
		fail "no ConditionPathExistsGlob"
}

run_tests

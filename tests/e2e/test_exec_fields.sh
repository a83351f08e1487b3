#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Exec and exit events' own fields as Tetragon prints them, for real processes
# under a real tprun (each test says which field and where Tetragon sets it).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/d"
# a copy per case, so each case's events are told apart by the binary
for b in cwd root rt usr1; do cp /bin/sh "$T/$b"; done
cp /bin/true "$T/args"

# any policy will do: the exec and exit events are what is looked at
start() {
	getppid_post_policy exec-fields | compile fields
	start_tprun "$T/fields.bpf.o"
}

# process_exit.time: ProcessExit field 5, after signal and status
# (pkg/grpc/exec/exec.go GetProcessExit: the exit's ktime)
test_exit_time() {
	start
	(cd "$T/d" && "$T/cwd" -c :)
	stop_tprun
	check_events "[list(x) for x in exits() if x['process'].get('binary') == '$T/cwd'] == [['process', 'parent', 'time']]"
	# its own time is the event's
	check_events "[e['process_exit']['time'] == e['time'] for e in ev if kind(e) == 'process_exit' and e['process_exit']['process'].get('binary') == '$T/cwd'] == [True]"
}

# the flag word rootcwd for a cwd of "/" (bpf_process_event.h getcwd)
test_rootcwd() {
	start
	(cd / && "$T/root" -c :)
	(cd "$T/d" && "$T/cwd" -c :)
	stop_tprun
	check_events "[x['process']['flags'] for x in execs() if x['process'].get('binary') == '$T/cwd'] == ['execve clone']"
	check_events "[(x['process']['cwd'], x['process']['flags']) for x in execs() if x['process'].get('binary') == '$T/root'] == [('/', 'execve rootcwd clone')]"
}

# a process started before tprun, learned from /proc: procFS, and rootcwd in /
test_rootcwd_procfs() {
	(cd / && exec "$OPENER" waitfile "$T/go.root" > /dev/null 2>&1) &
	local inroot=$!
	(cd "$T/d" && exec "$OPENER" waitfile "$T/go.d" > /dev/null 2>&1) &
	local ind=$!
	sleep 0.3
	start
	"$T/cwd" -c "kill -0 $inroot && kill -0 $ind"
	touch "$T/go.root" "$T/go.d"
	wait $inroot $ind
	stop_tprun
	check_events "[(x['process']['cwd'], x['process']['flags']) for x in exits() if x['process']['pid'] == $inroot] == [('/', 'procFS rootcwd')]"
	check_events "[(x['process']['cwd'], x['process']['flags']) for x in exits() if x['process']['pid'] == $ind] == [('$T/d', 'procFS')]"
}

# dataFilename and dataArgs where Tetragon's exec event would have sent the
# filename (254 bytes or more) or the arguments (what is left of its 1024
# bytes) in a data event (bpf_execve_event.h read_path, read_args)
test_data_flags() {
	local long
	long=$T/$(printf 'd%.0s' {1..250})
	mkdir -p "$long"
	cp /bin/true "$long/true"
	start
	(cd "$T/d" && "$T/args" "$(printf 'a%.0s' {1..100})")
	(cd "$T/d" && "$T/args" "$(printf 'a%.0s' {1..1000})")
	(cd "$T/d" && "$long/true" x)
	stop_tprun
	check_events "[x['process']['flags'] for x in execs() if x['process'].get('binary') == '$T/args'] == ['execve clone', 'execve clone dataArgs']"
	check_events "[x['process']['flags'] for x in execs() if x['process'].get('binary') == '$long/true'] == ['execve clone dataFilename']"
}

# the exec record is reserved at its own size and written in place (tp_exec):
# a 4095-byte filename is the binary whole (as typed: absolute), 1200 bytes
# of arguments are their first 1023 (read_args's buffer; truncArgs, dataArgs),
# a 1650-byte cwd its first 1023 bytes, a component cut at the 1023rd byte
test_long_filename_arguments_and_cwd() {
	local p=$T/L n long a
	# components of up to 200 bytes (digits, told apart where a piece starts)
	# to 3839, then a 255-byte name: 4095 bytes
	while [ ${#p} -lt 3839 ]; do
		n=$((3839 - ${#p} - 1))
		[ $n -le 200 ] || n=200
		p=$p/$(seq -s '' 1 200 | cut -c1-$n)
	done
	mkdir -p "$p" "$T/D"
	long=$p/$(printf 'b%.0s' {1..255})
	cp /bin/true "$long"
	cp /bin/true "$T/deep"
	a=$(printf 'a%.0s' {1..600})
	mkdir -p "$T/D$(printf '/cccccccccc%.0s' {1..150})"
	start
	(cd "$T/d" && "$long" "$a" "$a")
	(cd "$T/D$(printf '/cccccccccc%.0s' {1..150})" && "$T/deep" x y)
	# the names of a component longer than a stack chunk (128 bytes), in two
	(cd "$p" && "$T/deep" in-long)
	stop_tprun
	[ ${#long} -eq 4095 ] || fail "the filename has ${#long} bytes"
	check_events "[(x['process']['cwd'], x['process']['arguments'], x['process']['flags']) for x in execs() if x['process'].get('binary') == '$long'] == [('$T/d', 'a' * 600 + ' ' + 'a' * 422, 'execve truncArgs clone dataFilename dataArgs')]"
	check_events "[(x['process']['cwd'], x['process']['arguments']) for x in execs() if x['process'].get('binary') == '$T/deep'] == [(('$T/D' + '/cccccccccc' * 150)[:1023], 'x y'), ('$p'[:1023], 'in-long')]"
}

# a cwd deeper than the walk's buffer (300 components, 6300 bytes): the
# components that fit in 4096 bytes from the leaf up (tp_path_walk's), its
# first 1023 bytes; the cwd walked twice (past the 8 names the first walk
# keeps). And cwds across mounts, in their first 8 steps
test_deep_cwd() {
	cp /bin/true "$T/deep"
	mkdir -p "$T/E"
	start
	python3 -c '
import os, sys
os.chdir(sys.argv[1])
for i in range(300):
    os.mkdir("e" * 20)
    os.chdir("e" * 20)
os.execv(sys.argv[2], ["deep", "300"])' "$T/E" "$T/deep"
	(cd /dev/shm && "$T/deep" shm)
	(cd /proc/sys/kernel && "$T/deep" proc)
	stop_tprun
	check_events "[(x['process']['cwd'], x['process']['arguments']) for x in execs() if x['process'].get('binary') == '$T/deep'] == [((('/' + 'e' * 20) * 195)[:1023], '300'), ('/dev/shm', 'shm'), ('/proc/sys/kernel', 'proc')]"
}

# ArgsDecoder: a quoted argument gets a space before it even first, an empty
# argument adds nothing while nothing is there yet, a trailing empty one keeps
# its space unless the cwd is "/"
test_arguments() {
	start
	(cd "$T/d" && "$T/args" "a b" c)
	(cd "$T/d" && "$T/args" "" b)
	(cd "$T/d" && "$T/args" a "" "c d")
	(cd "$T/d" && "$T/args" a "")
	(cd / && "$T/args" a "")
	stop_tprun
	check_events "[x['process'].get('arguments', '') for x in execs() if x['process'].get('binary') == '$T/args'] == [' \"a b\" c', 'b', 'a  \"c d\"', 'a ', 'a']"
}

# an exit by a real-time signal has no "signal" (pkg/reader/exec/signal_linux.go
# Signal: Go's unix.SignalName names 1 to 31 only)
test_realtime_signal_exit() {
	start
	SIG=34 expect_killed "$T/rt" -c 'kill -s 34 $$'
	SIG=10 expect_killed "$T/usr1" -c 'kill -s USR1 $$'
	stop_tprun
	check_events "[x.get('signal', 'none') for x in exits() if x['process'].get('binary') == '$T/rt'] == ['none']"
	check_events "[x.get('status', 0) for x in exits() if x['process'].get('binary') == '$T/rt'] == [0]"
	check_events "[x.get('signal') for x in exits() if x['process'].get('binary') == '$T/usr1'] == ['SIGUSR1']"
}

# a Signal action's real-time signal: the kill happens, the kill event says
# KPROBE_ACTION_SIGNAL (no signal name in Tetragon's ProcessKprobe either), the
# exit has no "signal"
test_signal_action_realtime() {
	{
		policy_head signal-rt
		echo "        argSig: 34" | opener_sys_enter Equal 110 Signal
	} | compile sigrt
	start_tprun "$T/sigrt.bpf.o"
	SIG=34 expect_killed "$OPENER" getppid
	stop_tprun
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_SIGNAL']"
	check_events "[(x.get('signal'), x.get('status')) for x in exits() if x['process'].get('binary') == '$OPENER'] == [(None, None)]"
}

run_tests

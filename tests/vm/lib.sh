# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash disable=SC2034
# Helpers for VM end-to-end tests, on top of tests/e2e/lib.sh (compile,
# start_tprun, stop_tprun, expect_killed, expect_alive, check_events).
# A test script sources this file, defines test_* functions and calls run_tests.
# Runs inside the guest (tests/vm/guest-run.sh); O is the absolute build dir.
#
# Policies come precompiled from the host (tests/vm.sh): policies/NAME.yaml as
# $O/policies/NAME.bpf.o, and tests/vm/pending/NAME.yaml (examples that need a
# feature tpgen does not have yet) as $O/vm/pending/NAME.bpf.o, with tpgen's
# messages in NAME.tpgen.err when it refused.

# emulated CPUs verify slowly
TP_READY_TIMEOUT=${TP_READY_TIMEOUT:-120}
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
VM_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# compile NAME < yaml: writes $T/NAME.bpf.o. tpgen runs on the host when
# tests/vm.sh shares its compile directory ($TPGEN_VM_OUT/compile): clang under
# emulation takes about a minute a policy. Otherwise tpgen runs here.
_VM_COMPILES=0
# A function the host's kernel lacks fails there: then this kernel's tpgen decides.
_compile_here() {
	local name=$1
	"$TPGEN" "$T/$name.yaml" -o "$T/$name.bpf.o" 2> "$T/$name.tpgen.err" || {
		cat "$T/$name.tpgen.err" >&2
		fail "tpgen $name failed"
		return 1
	}
}

compile() {
	local name=$1 dir=${TPGEN_VM_OUT:-/nonexistent}/compile req i rc
	if [ ! -d "$dir" ]; then
		cat > "$T/$name.yaml"
		_compile_here "$name"
		return
	fi
	_VM_COMPILES=$((_VM_COMPILES + 1))
	# both kernels' guests share the directory
	[ -n "${_VM_REL:-}" ] || read -r _VM_REL < /proc/sys/kernel/osrelease
	req="$dir/$_VM_REL-${0##*/}-$BASHPID-$_VM_COMPILES-$name"
	# TARGET_BTF=1 compile NAME: against this kernel's BTF (tpgen --btf), not the host's
	[ "${TARGET_BTF:-0}" != 1 ] || req=$req.target
	tee "$T/$name.yaml" > "$req.yaml.tmp"
	mv "$req.yaml.tmp" "$req.yaml"
	for ((i = 0; i < 1200; i++)); do
		[ -e "$req.rc" ] && break
		nap 0.1
	done
	read -r rc < "$req.rc" 2>/dev/null || rc=timeout
	if [ "$rc" != 0 ] && [ "${TARGET_BTF:-0}" = 1 ]; then
		cat "$req.err" >&2
		fail "tpgen --btf (this kernel's) $name failed"
		return 1
	fi
	[ "$rc" = 0 ] || { _compile_here "$name"; return; }
	cp "$req.bpf.o" "$T/$name.bpf.o"
}

# Python expressions for tests/e2e/lib.sh's check_events: the events of one kind.
KPROBES="[body(e) for e in ev if kind(e) == 'process_kprobe']"
LSMS="[body(e) for e in ev if kind(e) == 'process_lsm']"
EXITS="[body(e) for e in ev if kind(e) == 'process_exit']"

# Under emulation every exec costs about 0.2 s of the one CPU (python 0.6 s), so
# the helpers below poll with builtins only, and expect_events checks many
# expressions in one python run.
mkfifo "$T/.nap"
exec {_NAP_FD}<> "$T/.nap"
# nap SECS: sleep without a process
nap() { read -r -t "$1" -u "$_NAP_FD" _ || true; }

# file_has FILE TEXT: a line of FILE contains TEXT
file_has() {
	local l
	while IFS= read -r l || [ -n "$l" ]; do
		[[ $l == *"$2"* ]] && return 0
	done < "$1"
	return 1
}

# proc_alive PID: PID exists and is not a zombie
proc_alive() {
	local st
	[ -r "/proc/$1/stat" ] || return 1
	read -r st < "/proc/$1/stat" 2>/dev/null || return 1
	st=${st##*) }
	[ "${st%% *}" != Z ]
}

# start_tprun OBJ [args]: as tests/e2e/lib.sh's, polling without forks
start_tprun() {
	local obj=$1 i
	shift
	: > "$T/tprun.out"
	: > "$T/tprun.err"
	"$TPRUN" "$obj" "$@" > "$T/tprun.out" 2> "$T/tprun.err" < /dev/null &
	TPRUN_PID=$!
	echo "$TPRUN_PID" > "$T/tprun.pid"
	for ((i = 0; i < TP_READY_TIMEOUT * 20; i++)); do
		file_has "$T/tprun.err" "tprun: ready" && return 0
		proc_alive "$TPRUN_PID" || break
		nap 0.05
	done
	sed 's/^/      /' "$T/tprun.err" >&2
	fail "tprun did not become ready"
}

# stop_tprun: SIGINT, expect exit status 0 within 30 s and "tprun: drained" as
# tprun's last line on stderr; events stay in $T/tprun.out
stop_tprun() {
	local pid=$TPRUN_PID rc=0 i
	if [ -z "$pid" ]; then read -r pid < "$T/tprun.pid" || pid=; fi 2>/dev/null
	: > "$T/tprun.pid"
	TPRUN_PID=
	[ -n "$pid" ] || return 0
	kill -INT "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 600; i++)); do
		proc_alive "$pid" || break
		nap 0.05
	done
	if proc_alive "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		fail "tprun did not exit within 30 s of SIGINT"
		return 1
	fi
	# not our child when the test ran in a subshell: 127, and nothing to report
	wait "$pid" 2>/dev/null || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 127 ] || {
		sed 's/^/      /' "$T/tprun.err" >&2
		fail "tprun exited $rc on SIGINT"
		return 1
	}
	assert_drained
}

# expect_events EXPR...: each Python expression holds over the JSON events in
# $T/tprun.out (after stop_tprun); all are checked, in one python run. Names:
# ev (every event), kind(e), body(e), kprobes(), lsms(), tracepoints(), exits(),
# execs() (bodies of that kind), b64(bytes).
expect_events() {
	python3 -S - "$T/tprun.out" "$@" <<'PY' || { fail "event checks failed"; return 1; }
import base64, json, sys
ev = []
for n, line in enumerate(open(sys.argv[1]), 1):
    try:
        ev.append(json.loads(line))
    except Exception as e:
        print(f"      line {n} is not JSON: {e}: {line[:200]!r}", file=sys.stderr)
        sys.exit(1)
def kind(e): return next(k for k in e if k not in ("node_name", "time"))
def body(e): return e[kind(e)]
def of(k): return [body(e) for e in ev if kind(e) == k]
def kprobes(): return of("process_kprobe")
def lsms(): return of("process_lsm")
def tracepoints(): return of("process_tracepoint")
def exits(): return of("process_exit")
def execs(): return of("process_exec")
def b64(b): return base64.b64encode(b).decode()
bad = 0
for x in sys.argv[2:]:
    try:
        ok = eval(x)
    except Exception as e:
        ok = False
        x = f"{x}  ({type(e).__name__}: {e})"
    if not ok:
        print("      event check failed:", x, file=sys.stderr)
        bad += 1
if bad:
    shown = [e for e in ev if kind(e) != "process_exec"]
    print(f"      events (process_exec left out, the last 40 of {len(shown)}):", file=sys.stderr)
    for e in shown[-40:]:
        b = dict(body(e)); b.pop("parent", None); b.pop("ancestors", None)
        p = b.pop("process", {})
        b = {"process": {k: p.get(k) for k in ("pid", "binary", "arguments")}, **b}
        print("        " + json.dumps({kind(e): b})[:1000], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# policy_obj NAME: prints the object compiled from NAME.yaml, or fails with tpgen's words
policy_obj() {
	local name=$1
	if [ -e "$VM_SRC/policies/$name.yaml" ]; then
		[ -s "$O/policies/$name.bpf.o" ] || { fail "$O/policies/$name.bpf.o not built"; return 1; }
		echo "$O/policies/$name.bpf.o"
	elif [ -e "$VM_SRC/tests/vm/pending/$name.yaml" ]; then
		if [ -s "$O/vm/pending/$name.bpf.o" ]; then
			echo "$O/vm/pending/$name.bpf.o"
			return 0
		fi
		sed 's/^/      /' "$O/vm/pending/$name.tpgen.err" >&2 2>/dev/null
		fail "tpgen does not compile $name.yaml yet"
		return 1
	else
		fail "no policy $name.yaml"
		return 1
	fi
}

# start_policy NAME [tprun options]: tprun -o json on NAME's object, waits for ready
start_policy() {
	local name=$1 obj
	shift
	obj=$(policy_obj "$name") || return 1
	start_tprun "$obj" -o json "$@"
}

# expect_variant HOOK VARIANT [TARGET]: tprun said HOOK attaches with VARIANT (TARGET)
expect_variant() {
	local want="tprun: hook '$1' attaches with $2 (${3:-}"
	[ -n "${3:-}" ] && want="$want)"
	file_has "$T/tprun.err" "$want" || {
		sed 's/^/      /' "$T/tprun.err" >&2
		fail "expected \"$want\""
		return 1
	}
}

# expect_exit STATUS CMD...: the command must exit with exactly STATUS
expect_exit() {
	local want=$1 rc=0
	shift
	( "$@"; exit $? ) > "$T/cmd.out" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] || {
		sed 's/^/      /' "$T/cmd.out" >&2
		fail "expected '$*' to exit $want, exit status $rc"
		return 1
	}
}

# open_errno PATH: exit status is the errno of open(PATH) (0 if it opened)
open_errno() {
	python3 -S -c '
import sys
try:
    open(sys.argv[1]).close()
except OSError as e:
    sys.exit(e.errno)' "$1"
}

# background CMD...: start a helper process that run_tests stops after the test
background() {
	"$@" > /dev/null 2>&1 &
	echo $! >> "$T/bg.pids"
}

stop_background() {
	local p
	[ -s "$T/bg.pids" ] || return 0
	while read -r p; do kill "$p" 2>/dev/null || true; done < "$T/bg.pids"
	: > "$T/bg.pids"
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (20 s)
wait_port() {
	local i
	for ((i = 0; i < 200; i++)); do
		(exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		nap 0.1
	done
	fail "nothing listens on 127.0.0.1:$1"
}

run_tests() {
	local t rc name
	name=$(basename "$0" .sh)
	for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		CUR="$name:$t"
		( set -e; "$t" )
		rc=$?
		stop_tprun > /dev/null 2>&1 || true
		stop_background
		if [ $rc -eq 0 ]; then
			echo "  ok   $CUR"
			PASSED=$((PASSED + 1))
		else
			echo "  FAIL $CUR"
			FAILED=$((FAILED + 1))
		fi
	done
	echo "vmtest $name: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

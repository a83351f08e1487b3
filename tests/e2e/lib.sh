# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for host end-to-end tests: real policies, a real tprun, real processes.
# A test script sources this file, defines test_* functions and calls run_tests.
# Environment: O (build dir, absolute), set by tests/e2e/run.sh.

set -u
: "${O:?O must point at the build directory}"
TPGEN="$O/tpgen"
TPRUN="$O/tprun"
OPENER_SRC="$O/tests/e2e/opener"
TP_READY_TIMEOUT=${TP_READY_TIMEOUT:-20}

T=$(mktemp -d /tmp/tpgen-e2e.XXXXXX)
# every test gets a private copy of the trigger under $T, so matchBinaries can name it
OPENER="$T/opener"
cp "$OPENER_SRC" "$OPENER"
TPRUN_PID=
PASSED=0
FAILED=0
CUR=

cleanup() {
	stop_tprun >/dev/null 2>&1 || true
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "    FAIL [$CUR]: $*" >&2
	return 1
}

# compile NAME < yaml: writes $T/NAME.bpf.o
compile() {
	local name=$1
	cat > "$T/$name.yaml"
	"$TPGEN" "$T/$name.yaml" -o "$T/$name.bpf.o" 2> "$T/$name.tpgen.err" || {
		cat "$T/$name.tpgen.err" >&2
		fail "tpgen $name failed"
		return 1
	}
}

# expect_refused NAME WANT: tpgen must refuse $T/NAME.yaml, saying WANT (a fixed string)
expect_refused() {
	local name=$1 want=$2
	if "$TPGEN" "$T/$name.yaml" -o "$T/$name.bpf.o" 2> "$T/$name.err"; then
		fail "tpgen accepted $name"
		return 1
	fi
	grep -qF -- "$want" "$T/$name.err" || { cat "$T/$name.err" >&2; fail "no '$want'"; return 1; }
}

# policy_head, openat_policy, kill_on_open, opener_sys_enter, enforcer_policy, ...
. "$(dirname "${BASH_SOURCE[0]}")/policy_yaml.sh"

# map_ids: the id of every map the running tprun holds, from its fdinfo
map_ids() {
	local f l
	for f in /proc/"$TPRUN_PID"/fdinfo/*; do
		while IFS= read -r l; do
			[[ $l == map_id:* ]] && echo "${l##*[[:space:]]}"
		done < "$f" 2>/dev/null
	done
}

# maps_refuse_writes: every map of the running tprun refuses an update and a
# delete from user space with EPERM (frozen), the ring buffer refuses them
# anyway (it is not frozen: libbpf maps its consumer page writable); prints
# the maps' names, one line
MAPWRITER="$O/tests/e2e/mapwriter"
maps_refuse_writes() {
	local id op names="" n=0
	for id in $(map_ids); do
		for op in update delete; do
			set -- $("$MAPWRITER" "$op" "$id")
			[ $# -eq 3 ] || { fail "mapwriter $op $id failed"; return 1; }
			n=$((n + 1))
			if [ "$2" = 27 ]; then # BPF_MAP_TYPE_RINGBUF
				[ "$3" != ok ] || { fail "ring buffer: $op done"; return 1; }
			elif [ "$3" != EPERM ]; then
				fail "$op of map $1 (id $id, type $2): $3, not EPERM"
				return 1
			fi
		done
		names="$names $1"
	done
	# 6 maps or more an object (process table, counters, heaps, ring buffer)
	[ $n -ge 12 ] || { fail "only $n writes tried"; return 1; }
	echo "$names"
}

# start_tprun OBJ [args]: starts tprun, waits for "tprun: ready"
start_tprun() {
	local obj=$1
	shift
	: > "$T/tprun.out"
	: > "$T/tprun.err"
	"$TPRUN" "$obj" "$@" > "$T/tprun.out" 2> "$T/tprun.err" &
	TPRUN_PID=$!
	await_ready
}

# await_ready [WHAT]: the tprun started as $TPRUN_PID says "tprun: ready" on $T/tprun.err
await_ready() {
	echo "$TPRUN_PID" > "$T/tprun.pid"
	local i
	for ((i = 0; i < TP_READY_TIMEOUT * 10; i++)); do
		grep -q '^tprun: ready' "$T/tprun.err" && return 0
		kill -0 "$TPRUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$T/tprun.err" >&2
	fail "${1:-tprun} did not become ready"
	return 1
}

# stop_tprun: SIGINT, expect exit status 0 and tprun's last word on stderr to be
# that it drained the ring buffer; events stay in $T/tprun.out
stop_tprun() {
	[ -n "$TPRUN_PID" ] || TPRUN_PID=$(cat "$T/tprun.pid" 2>/dev/null)
	rm -f "$T/tprun.pid"
	[ -n "$TPRUN_PID" ] || return 0
	local pid=$TPRUN_PID rc
	TPRUN_PID=
	kill -INT "$pid" 2>/dev/null
	# the tprun of a test that ran in a subshell is not our child: poll it
	if wait "$pid" 2>/dev/null; then rc=0; else rc=$?; fi
	if [ $rc -eq 127 ]; then
		local i
		for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$pid" 2>/dev/null && { fail "tprun did not exit within 30 s of SIGINT"; return 1; }
		rc=0
	fi
	[ $rc -eq 0 ] || { cat "$T/tprun.err" >&2; fail "tprun exited $rc on SIGINT"; return 1; }
	assert_drained
}

# last_line_has FILE PREFIX: the last line of FILE starts with PREFIX (no fork:
# the VM's busybox is slow to start commands)
last_line_has() {
	local l last=
	while IFS= read -r l || [ -n "$l" ]; do last=$l; done < "$1"
	[[ $last == "$2"* ]]
}

# assert_drained: tprun's last word on stderr is that it drained the ring buffer
assert_drained() {
	last_line_has "$T/tprun.err" "tprun: drained" || {
		sed 's/^/      /' "$T/tprun.err" >&2
		fail "tprun's last line is not 'tprun: drained'"
		return 1
	}
}

# expect_killed CMD...: the command must die of SIGKILL (or the given signal via SIG=)
expect_killed() {
	local sig=${SIG:-9} rc=0
	# a subshell waits for it, so bash's "Killed" notice goes to /dev/null too
	( "$@"; exit $? ) > /dev/null 2>&1 || rc=$?
	[ $rc -eq $((128 + sig)) ] || { fail "expected '$*' killed by signal $sig, exit status $rc"; return 1; }
}

# expect_alive CMD...: the command must exit 0
expect_alive() {
	local rc=0
	"$@" > /dev/null 2>&1 || rc=$?
	[ $rc -eq 0 ] || { fail "expected '$*' to survive, exit status $rc"; return 1; }
}

# events PYEXPR: run a python predicate over the JSON events (list `ev`), after stop_tprun.
# Every line must parse as JSON; the expression must be true.
check_events() {
	python3 - "$T/tprun.out" "$1" <<'PY' || { fail "event check failed: $1"; return 1; }
import json, sys
ev = []
for n, line in enumerate(open(sys.argv[1]), 1):
    try:
        ev.append(json.loads(line))
    except Exception as e:
        print(f"line {n} is not JSON: {e}: {line[:200]!r}", file=sys.stderr)
        sys.exit(1)
def kind(e): return next(iter(k for k in e if k not in ("node_name", "time")))
def body(e): return e[kind(e)]
def hooks(): return [body(e) for e in ev if kind(e) in ("process_kprobe", "process_tracepoint")]
def exits(): return [body(e) for e in ev if kind(e) == "process_exit"]
def execs(): return [body(e) for e in ev if kind(e) == "process_exec"]
ok = eval(sys.argv[2])
if not ok:
    print("events were:", file=sys.stderr)
    for e in ev:
        if kind(e) != "process_exec":
            b = dict(body(e)); b.pop("parent", None)
            print("  ", json.dumps({kind(e): b})[:400], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# killed_paths P...: the openat hook events are exactly $OPENER's Sigkills of these paths
killed_paths() {
	local list="" p
	for p in "$@"; do list="$list'$p',"; done
	check_events "sorted(h['args'][1]['string_arg'] for h in hooks()) == sorted([$list])"
	check_events "all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$OPENER' and x.get('signal') == 'SIGKILL') == $#" ||
		{ grep -F "$OPENER" "$T/tprun.out" | grep -v process_kprobe | cut -c1-300 >&2; cat "$T/tprun.err" >&2; return 1; }
}

run_tests() {
	local t rc
	for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		CUR="$(basename "$0" .sh):$t"
		# set -e works in a subshell that is not an if condition: any failed step fails the test
		( set -e; "$t" )
		rc=$?
		stop_tprun >/dev/null 2>&1 || true
		if [ $rc -eq 0 ]; then
			echo "  ok   $CUR"
			PASSED=$((PASSED + 1))
		else
			echo "  FAIL $CUR"
			FAILED=$((FAILED + 1))
		fi
	done
	echo "e2e $(basename "$0" .sh): $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

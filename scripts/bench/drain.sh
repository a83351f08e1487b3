#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Draining: how many events a second tprun writes as JSON lines to a file on
# /tmp while a flood of getppid calls (tests/e2e/bin/flooder.c) posts one event
# each, at the default ring-buffer size, and how many records the kernel lost.
#   - unpaced: THREADS flooder threads as fast as they go; events/s is what
#     tprun wrote over the time from the flood's start to its last write.
#   - paced: the flood held to RATE calls a second: lost must be 0 to sustain it.
# Each line is the run with the most events/s of ROUNDS (these machines are shared
# and noisy): tprun's user and system CPU per event, hook events lost in the kernel (ring buffer
# full) and calls whose hook the kernel did not run at all. Numbers, not assertions.
# Usage: drain.sh [BUILD_DIR]
# Environment: DRAIN_N (calls per thread, unpaced), DRAIN_THREADS (default 1),
# DRAIN_RATE (paced calls/s, default 1000000), DRAIN_SECS (paced seconds,
# default 3), DRAIN_ROUNDS (default 3), DRAIN_DIR (where the JSON goes, default a
# directory on /tmp; /dev/shm takes the disk out of it), DRAIN_ARGS (more tprun
# options, e.g. "--metrics-addr 127.0.0.1:9567" for the cost of the metrics).
set -eu
O=${1:-build}
N=${DRAIN_N:-2000000}
THREADS=${DRAIN_THREADS:-1}
RATE=${DRAIN_RATE:-1000000}
SECS=${DRAIN_SECS:-3}
ROUNDS=${DRAIN_ROUNDS:-3}
tmp=$(mktemp -d /tmp/tpgen-drain.XXXXXX)
out=${DRAIN_DIR:-$tmp}/tpgen-drain.$$.json
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp" "$out"' EXIT
ulimit -l unlimited 2>/dev/null || true
gcc -O2 -pthread -o "$tmp/flooder" tests/e2e/bin/flooder.c

. tests/e2e/flood_policy.sh
flood_policy "$tmp/flooder" > "$tmp/flood.yaml"
"$O/tpgen" "$tmp/flood.yaml" -o "$tmp/flood.bpf.o"

now() { date +%s.%N; }

# user and system CPU seconds of process $1 so far
cpu_secs() {
	awk -v hz="$(getconf CLK_TCK)" '{ print $14 / hz, $15 / hz }' "/proc/$1/stat"
}

# one run: flooder ARGS under tprun; sets calls, flood_secs (the flooder's own
# time: a paced flood slower than its rate was held back by the host), printed,
# lost, secs (flood start to last write), usr and sys (tprun's user and system CPU
# seconds meanwhile: system is mostly the kernel putting the lines in the page cache)
flood_once() {
	local pid i t0 size mtime last_size t_last
	# emptied first: the last run's "ready" must not pass for this one's
	: > "$tmp/err"
	# shellcheck disable=SC2086 # DRAIN_ARGS: words
	"$O/tprun" "$tmp/flood.bpf.o" -o json ${DRAIN_ARGS:-} > "$out" 2> "$tmp/err" &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^tprun: ready' "$tmp/err" && break
		sleep 0.1
	done
	grep -q '^tprun: ready' "$tmp/err" || { cat "$tmp/err" >&2; echo "tprun not ready" >&2; exit 1; }
	read -r u0 s0 < <(cpu_secs $pid)
	t0=$(now)
	read -r calls flood_secs < <("$tmp/flooder" "$@")
	# done when the file grows by less than 256 KiB in 0.2 s: the flood's events are
	# written, what still comes is the host's exec and exit events; the last write is
	# the file's time when it last grew, not when that was seen
	last_size=0
	t_last=$(now)
	while :; do
		read -r size mtime < <(stat -c '%s %.9Y' "$out")
		[ $((size - last_size)) -lt 262144 ] && break
		t_last=$mtime
		last_size=$size
		sleep 0.2
	done
	read -r u1 s1 < <(cpu_secs $pid)
	usr=$(python3 -c "print($u1 - $u0)")
	sys=$(python3 -c "print($s1 - $s0)")
	kill -INT $pid
	wait $pid
	printed=$(grep -c '"process_tracepoint"' "$out" || true)
	lost=$(sed -nE 's/^tprun: drained: .*\(([0-9]+) hook events\)$/\1/p' "$tmp/err")
	lost=${lost:-0}
	# calls neither printed nor lost: the kernel did not run the hook (see test_flood.sh)
	skipped=$((calls - printed - lost))
	secs=$(python3 -c "print(max($t_last - $t0, 1e-9))")
}

# the run with the most events/s of ROUNDS runs of flooder ARGS
flood_best() {
	local r rate ns
	best_rate=-1
	for ((r = 0; r < ROUNDS; r++)); do
		flood_once "$@"
		rate=$(python3 -c "print(int($printed / $secs))")
		usr_ns=$(python3 -c "print(int($usr * 1e9 / max($printed, 1)))")
		sys_ns=$(python3 -c "print(int($sys * 1e9 / max($printed, 1)))")
		echo "  flooder $*: $calls calls in ${flood_secs}s, $printed printed, $lost lost," \
			"$skipped not run, ${secs}s, $rate events/s," \
			"tprun $((usr_ns + sys_ns)) ns CPU/event ($usr_ns user, $sys_ns system)" >&2
		if [ "$rate" -gt "$best_rate" ]; then
			best_rate=$rate best_lost=$lost best_skipped=$skipped
			best_usr=$usr_ns best_sys=$sys_ns
		fi
	done
	return 0
}

row() { printf '%-36s %10s %10s %10s %10s %10s\n' "$@"; }

row "drain to ${DRAIN_DIR:-/tmp}${DRAIN_ARGS:+ ($DRAIN_ARGS)}, best of $ROUNDS" "events/s" "tprun user" "system" "lost" "not run"
row "" "" "ns/event" "ns/event" "" ""
flood_best "$THREADS" "$N"
row "unpaced: $THREADS x $N getppid" "$best_rate" "$best_usr" "$best_sys" "$best_lost" \
	"$best_skipped"
flood_best "$THREADS" "$(python3 -c "print(int($RATE * $SECS / $THREADS))")" "$RATE"
row "paced: $RATE/s for ${SECS}s" "$best_rate" "$best_usr" "$best_sys" "$best_lost" \
	"$best_skipped"

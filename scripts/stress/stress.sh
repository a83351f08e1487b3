#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make stress: enforcement under load. One tprun enforces a Sigkill on opening
# one file (sys_openat, Equal); WORKERS workers (default 8) run ATTEMPTS
# attempts each (default 2000), half opening that file, half a file beside it,
# each attempt a forked child (scripts/stress/worker.c). Every forbidden open
# must die of SIGKILL (0 missed), no allowed one may (0 false kills), and tprun
# must print a Sigkill event for every kill. Exit status 1 otherwise.
# Usage: stress.sh [BUILD_DIR]
set -eu
. "$(dirname "$0")/../../tests/e2e/policy_yaml.sh"
O=${1:-build}
WORKERS=${WORKERS:-8}
ATTEMPTS=${ATTEMPTS:-2000}
tmp=$(mktemp -d /tmp/tpgen-stress.XXXXXX)
tprun_pid=
cleanup() {
	[ -z "$tprun_pid" ] || kill -INT "$tprun_pid" 2> /dev/null || true
	wait 2> /dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -l unlimited 2> /dev/null || true
gcc -O2 -Wall -o "$tmp/worker" "$(dirname "$0")/worker.c"
echo forbidden > "$tmp/forbidden"
echo allowed > "$tmp/allowed"

kill_selector "$tmp/forbidden" | openat_policy stress > "$tmp/stress.yaml"
"$O/tpgen" "$tmp/stress.yaml" -o "$tmp/stress.bpf.o"
"$O/tprun" "$tmp/stress.bpf.o" -o json > "$tmp/events" 2> "$tmp/tprun.err" &
tprun_pid=$!
for ((i = 0; i < 300; i++)); do
	grep -q '^tprun: ready' "$tmp/tprun.err" && break
	kill -0 "$tprun_pid" 2> /dev/null || break
	sleep 0.1
done
grep -q '^tprun: ready' "$tmp/tprun.err" || { cat "$tmp/tprun.err" >&2; exit 1; }

start=$(date +%s.%N)
for ((w = 0; w < WORKERS; w++)); do
	"$tmp/worker" "$ATTEMPTS" "$tmp/forbidden" "$tmp/allowed" > "$tmp/out.$w" &
done
wait $(jobs -p | grep -vx "$tprun_pid")
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
kill -INT "$tprun_pid"
wait "$tprun_pid" || { cat "$tmp/tprun.err" >&2; exit 1; }
tprun_pid=

kills=$(grep -c '"action": *"KPROBE_ACTION_SIGKILL"' "$tmp/events" || true)
cat "$tmp"/out.* | awk -v secs="$secs" -v kills="$kills" '
{ f += $2; k += $4; a += $6; x += $8; o += $10 }
END {
	printf "stress: %d workers, %d forbidden opens, %d allowed, in %.1f s\n", NR, f, a, secs
	printf "  killed %d, missed %d, false kills %d, other outcomes %d\n", k, f - k, x, o
	printf "  Sigkill events printed: %d of %d kills\n", kills, k
	exit (k != f || x || o || kills != k) ? 1 : 0
}'

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make demo: compile policies/demo.yaml, run it under tprun, trigger it, show
# the events it prints and the process it kills.
set -eu
O=${1:-build}
dir=/tmp/tpgen-demo
obj=$O/policies/demo.bpf.o
logs=$O/demo

mkdir -p "$O/policies" "$dir" "$logs"
echo "hello" > "$dir/hello"
echo "the secret" > "$dir/secret"

echo "== tpgen policies/demo.yaml -o $obj"
"$O/tpgen" policies/demo.yaml -o "$obj"

echo "== tprun $obj -o compact"
"$O/tprun" "$obj" -o compact > "$logs/events" 2> "$logs/tprun.err" &
pid=$!
trap 'kill -INT $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^tprun: ready' "$logs/tprun.err" && break; sleep 0.1; done
cat "$logs/tprun.err"

echo "== cat $dir/hello          (watched: an event, no kill)"
cat "$dir/hello"
echo "== cat $dir/secret         (enforced: SIGKILL before cat can print it)"
set +e
cat "$dir/secret"
rc=$?
set -e
echo "   cat exited with status $rc$([ $rc -eq 137 ] && echo ' (killed by SIGKILL)')"

sleep 0.5
kill -INT $pid
wait $pid
trap - EXIT
echo "== events tprun printed"
grep -E "tpgen-demo|secret|hello" "$logs/events" || true
echo "== the same kill as Tetragon JSON (tprun -o json)"
"$O/tprun" "$obj" -o json > "$logs/events.json" 2> "$logs/tprun.err" &
pid=$!
for _ in $(seq 100); do grep -q '^tprun: ready' "$logs/tprun.err" && break; sleep 0.1; done
cat "$dir/secret" 2>/dev/null || true
sleep 0.5
kill -INT $pid
wait $pid
grep '"process_kprobe"' "$logs/events.json" | grep secret | head -1
[ $rc -eq 137 ]

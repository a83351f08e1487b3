#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel memory of a policy (issue 10): the maps tprun holds for
# policies/demo.yaml take at most 1 MiB besides the ring buffer on this host,
# as the kernel accounts them (memlock in fdinfo). Only the scratch heaps
# have a slot a CPU (a hook must never run without one: docs/differences.md);
# the counters are words, the process table is allocated as processes come.
# A bound, not a timing: scripts/bench/memory.sh prints the figures.
. "$(dirname "$0")/lib.sh"

# maps: one line per map tprun holds: name type max_entries memlock
maps() {
	local fd id
	for fd in /proc/$TPRUN_PID/fdinfo/*; do
		id=$(awk '/^map_id:/ {print $2}' "$fd" 2> /dev/null) || continue
		[ -z "$id" ] || bpftool -j map show id "$id"
		echo
	done | python3 -c '
import json, sys
seen = set()
for line in sys.stdin:
    if line.strip():
        m = json.loads(line)
        if m["id"] not in seen:
            seen.add(m["id"])
            print(m["name"], m["type"], m["max_entries"], m["bytes_memlock"], m["id"])
'
}

test_demo_maps_take_at_most_a_mebibyte() {
	"$TPGEN" "$(dirname "$0")/../../policies/demo.yaml" -o "$T/demo.bpf.o"
	start_tprun "$T/demo.bpf.o"
	maps > "$T/maps"
	stop_tprun
	sed 's/^/      /' "$T/maps"
	python3 - "$T/maps" "$(nproc --all)" <<'PY'
import sys
maps = [l.split() for l in open(sys.argv[1])]
by = {m[0]: m for m in maps}
rest = sum(int(m[3]) for m in maps if m[1] != "ringbuf")
assert rest <= 1 << 20, f"maps besides the ring buffer take {rest} bytes, more than 1 MiB"
# the counters are one word each, not one a CPU
assert by["tp_counters"][1] == "array", by["tp_counters"]
# the process table is allocated as processes come: far below its 32768 entries' worth
assert by["tp_procs"][1] == "hash" and by["tp_procs"][2] == "32768", by["tp_procs"]
assert int(by["tp_procs"][3]) < 1 << 20, by["tp_procs"]
# what scales with the CPUs: the scratch heaps (a slot each) and tp_file_heap, nothing else
scaled = sorted(m[0] for m in maps if "percpu" in m[1] or m[2] == sys.argv[2])
assert set(scaled) <= {"tp_heap_map", "tp_exec_heap_ma", "tp_learn_heap", "tp_file_heap"}, scaled
PY
}

run_tests

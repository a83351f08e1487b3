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
# no exec heap: demo has no matchBinaries, and the exec record is built in its ring reservation
assert "tp_exec_heap_ma" not in by, by["tp_exec_heap_ma"]
PY
}

# members OBJ STRUCT: the members of STRUCT in OBJ's BTF, one line
members() {
	bpftool btf dump file "$1" | awk -v s="STRUCT '$2'" '
		index($0, s) == 5 + length($1) - 3 { on = 1; next }
		on && /^\t/ { gsub(/'"'"'/, "", $1); printf "%s ", $1; next }
		on { exit }'
}

# set_selector BINARY...: a selector that kills a BINARY opening a BINARY's path,
# its matchBinaries and matchArgs sets (more values than tpgen inlines), for openat_policy
set_selector() {
	{
		printf '      matchBinaries:\n      - operator: "In"\n        values:\n'
		printf '        - "%s"\n' "$@"
		match_arg 1 Equal "$@"
		match_action Sigkill
	} | selector
}

# has MEMBERS WANT WHAT: MEMBERS (members' line) is WANT
has() {
	[ "$1" = "$2" ] || { fail "$3: members '$1', expected '$2'"; return 1; }
}

# A slot holds only what the policy's filters use: a map lookup key where a set
# is looked up or a rate limited, the executable's path where matchBinaries reads it
# (4 KiB a CPU each, and a path walk at every exec). No record is built there:
# records are written into their ring reservation (tp_capture.bpf.h, struct tp_rec).
test_heaps_hold_only_what_the_policy_uses() {
	local b=() i
	"$TPGEN" "$(dirname "$0")/../../policies/demo.yaml" -o "$T/demo.bpf.o"
	has "$(members "$T/demo.bpf.o" tp_heap)" "cand fresh slot " "demo's tp_heap" || return 1
	# the exec record is written in its ring reservation: no per-CPU exec heap
	# for a policy without matchBinaries or matchParentBinaries
	has "$(members "$T/demo.bpf.o" tp_exec_heap)" "" "demo's tp_exec_heap" || return 1
	if bpftool btf dump file "$T/demo.bpf.o" | grep -q "'tp_exec_heap_map'"; then
		fail "demo's object has a tp_exec_heap_map"
		return 1
	fi
	mkdir -p "$T/none"
	for i in $(seq 1 12); do b+=("$T/none/b$i"); done
	set_selector "${b[@]}" | openat_policy sets > "$T/sets.yaml"
	"$TPGEN" "$T/sets.yaml" -o "$T/sets.bpf.o"
	has "$(members "$T/sets.bpf.o" tp_heap)" "cand fresh key slot " "the sets' tp_heap" ||
		return 1
	has "$(members "$T/sets.bpf.o" tp_exec_heap)" "key exe path " \
		"the sets' tp_exec_heap" || return 1
	# the sets still decide, through those keys and that path
	cp "$OPENER" "$T/none/b3"
	touch "$T/none/b7" "$T/none/f"
	start_tprun "$T/sets.bpf.o"
	expect_killed "$T/none/b3" open "$T/none/b7"
	expect_alive "$T/none/b3" open "$T/none/f"
	expect_alive "$OPENER" open "$T/none/b7"
	stop_tprun
}

run_tests

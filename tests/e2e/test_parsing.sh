#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Parsing as Tetragon parses: an empty matchBinaries list is skipped
# (pkg/selectors/kernel.go ParseMatchBinary), "unsigned long" is uint64, and
# matchArgs integers take Go's base-0 forms (strconv.ParseUint(v, 0, 64)).
. "$(dirname "$0")/lib.sh"

# an empty In list would match no binary if it were kept: skipped, the kill happens
test_empty_match_binaries_is_skipped() {
	openat_policy empty-bins <<YAML | compile bins
    - matchBinaries:
      - operator: In
        values: []
      matchArgs:
      - index: 1
        operator: Equal
        values:
        - "$T/victim"
      matchActions:
      - action: Sigkill
YAML
	grep -q "matchBinaries without values is skipped" "$T/bins.tpgen.err" || fail "no warning"
	printf x > "$T/victim"
	printf x > "$T/other"
	start_tprun "$T/bins.bpf.o"
	expect_killed "$OPENER" open "$T/victim"
	expect_alive "$OPENER" open "$T/other"
	stop_tprun
	killed_paths "$T/victim"
}

# mmap(addr, unsigned long len, ...): "unsigned long" filters as uint64, values in Go's forms
test_unsigned_long_len_with_go_integers() {
	compile mmap <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "mmap-len"
spec:
  kprobes:
  - call: "sys_mmap"
    syscall: true
    args:
    - index: 1
      type: "unsigned long"
    selectors:
    - matchArgs:
      - index: 1
        operator: Equal
        values:
        - "0x13_57_000"
        - "0o1_1000_0000"
        - "0b1_0011_0101_1001_0000_0000_0000"
        - "20_000_000"
YAML
	[ ! -s "$T/mmap.tpgen.err" ] || { cat "$T/mmap.tpgen.err" >&2; fail "tpgen said something"; }
	start_tprun "$T/mmap.bpf.o"
	python3 -c 'import mmap; [mmap.mmap(-1, n) for n in (0x1357000, 0o110000000, 0x1358000, 0x1359000, 20000000)]'
	stop_tprun
	# 0x1359000 is the 0b value; 0x1358000 matches none
	check_events "sorted(int(h['args'][0]['size_arg']) for h in hooks()) == sorted([0o110000000, 0x1357000, 0x1359000, 20000000])"
}

run_tests

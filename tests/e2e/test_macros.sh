#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# spec.selectorsMacros and a selector's macros: the named filters are expanded into the
# selectors that use them (Tetragon's appendMacrosSelectors, pkg/sensors/tracing/generic.go).
. "$(dirname "$0")/lib.sh"

# policy: two selectors on sys_openat (openat_policy's), the macros after the hook.
# The first selector takes its matchArgs (the path is $T/m) and its matchBinaries and
# Sigkill from two macros; the second has its own matchArgs ($T/own) and takes the rest
# from a macro. $T/other matches neither.
policy() {
	openat_policy macros <<YAML
    - macros: ["path-m", "kill"]
    - matchArgs:
      - index: 1
        operator: "Equal"
        values: ["$T/own"]
      macros:
      - "kill"
YAML
	cat <<YAML
  selectorsMacros:
    path-m:
      matchArgs:
      - index: 1
        operator: "Equal"
        values: ["$T/m"]
    kill:
      matchBinaries:
      - {operator: "In", values: ["$OPENER"]}
      matchActions:
      - action: Sigkill
YAML
}

test_macros_expand_into_selectors() {
	touch "$T/m" "$T/own" "$T/other"
	policy | compile mac
	start_tprun "$T/mac.bpf.o"
	expect_killed "$OPENER" open "$T/m"
	expect_killed "$OPENER" open "$T/own"
	expect_alive "$OPENER" open "$T/other"
	# matchBinaries came from the macro too: cat opens $T/m unharmed
	expect_alive cat "$T/m"
	stop_tprun
	check_events "sorted(h['args'][1]['string_arg'] for h in hooks()) == ['$T/m', '$T/own']"
	check_events "all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
}


test_undefined_and_conflicting_macros() {
	policy | sed 's/- "kill"$/- "nosuch"/' > "$T/undef.yaml"
	expect_refused undef "undef.yaml:23:9: error: undefined macro 'nosuch'"
	# the first selector has its own matchArgs and path-m's: Tetragon refuses both
	policy | sed 's/- macros: \["path-m", "kill"\]/- macros: ["path-m", "kill"]\n      matchArgs: [{index: 1, operator: Equal, values: ["\/x"]}]/' \
		> "$T/twice.yaml"
	expect_refused twice "twice.yaml:17:16: error: macro 'path-m': matchArgs is not supported in both"
}

run_tests

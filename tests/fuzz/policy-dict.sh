#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A libFuzzer dictionary for fuzz_policy, on stdout: every word the grammar
# knows (keys of the tables in gen/parse/, the vocabularies of
# gen/model/ops.h and include/tp/: operators, actions, types), and the
# bits of YAML that join them. Usage: policy-dict.sh (from the top directory)
set -eu
grep -ohE '"[A-Za-z][A-Za-z0-9_]+"' gen/parse/*.c gen/model/ops.h include/tp/*.h | sort -u
printf '%s\n' '": "' '"- "' '"\x0a  "' '"\x0a- "' '"---\x0a"' '"[]"' '"{}"' '"&a "' '"*a"' '"!!str "' \
	'"0x"' '"-1"' '"4294967296"' '"/"' '"\"\""'

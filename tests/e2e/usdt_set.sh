# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# Set on usdts, shared by tests/e2e/test_usdt_set.sh and tests/vm/test_usdt_set.sh
# (after their lib.sh): the setter test binary, whose probe tpgen:set3(RET, N, WIDE)
# (<sys/sdt.h>) keeps RET (4 bytes) and WIDE (8 bytes) in memory and N in a register,
# and prints "setter: N -> RET WIDE".

SETTER="$T/setter"
cp "$O/tests/e2e/setter" "$SETTER"
US="[body(e) for e in ev if kind(e) == 'process_usdt']"

# set_policy NAME ARGINDEX [EXTRA-ACTION [OPTIONS]]: a usdt on tpgen:set3, args 0 (int32),
# 1 (int32), 2 (int64); its selector takes N == 7 and writes 32 into args[ARGINDEX]
# (argIndex is on line 26)
set_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  ${4:-options: []}
  usdts:
  - path: "$SETTER"
    provider: "tpgen"
    name: "set3"
    args:
    - index: 0
      type: "int32"
    - index: 1
      type: "int32"
    - index: 2
      type: "int64"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "7"
      matchActions:
      - action: Set
        argIndex: $2
        argValue: 32
      ${3:-}
YAML
}

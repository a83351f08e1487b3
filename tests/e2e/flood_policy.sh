# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# The flood's policy, shared by tests/e2e/test_flood.sh and scripts/bench/drain.sh.

# flood_policy FLOODER: a TracingPolicy that posts an event on every getppid FLOODER makes
flood_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "flood"
spec:
  tracepoints:
  - subsystem: "syscalls"
    event: "sys_enter_getppid"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$1"
YAML
}

# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# The flood's policy and its hook, shared by the e2e tests (test_flood, test_pin,
# test_export, test_audit, test_metrics) and scripts/bench/drain.sh.

# flooder_hook FLOODER: a "tracepoints:" item that posts an event on every getppid
# FLOODER makes
flooder_hook() {
	cat <<YAML
  - subsystem: "syscalls"
    event: "sys_enter_getppid"
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$1"
YAML
}

# flood_policy FLOODER: a TracingPolicy "flood" of flooder_hook FLOODER alone
flood_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "flood"
spec:
  tracepoints:
YAML
	flooder_hook "$1"
}

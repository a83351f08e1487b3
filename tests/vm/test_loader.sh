#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# loader: true on Debian's kernels (tests/e2e/test_loader.sh has the rest): a
# shared object built here is dlopen()ed, another mprotect()ed executable (through
# bpf_find_vma, 5.17+); tprun prints one process_loader for each, with the build id
# readelf sees, and nothing for a read-only mapping.
. "$(dirname "$0")/lib.sh"

test_loader_dlopen() {
	local id
	printf 'int tp_loaded(void) { return 42; }\n' > "$T/lib.c"
	cc -shared -fPIC -Wl,--build-id=sha1 -o "$T/libvm.so" "$T/lib.c"
	cp "$T/libvm.so" "$T/libro.so"
	cp "$T/libvm.so" "$T/libmp.so"
	id=$(LC_ALL=C readelf -n "$T/libvm.so" | sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
	cp "$O/tests/e2e/dlopener" "$T/dlopener"
	# the corpus' loader.yaml (the guest sees this checkout, not ../shared)
	compile loader <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "loader"
spec:
  loader: true
YAML
	start_tprun "$T/loader.bpf.o" -o json
	expect_alive "$T/dlopener" read "$T/libro.so" dlopen "$T/libvm.so" mprotect "$T/libmp.so"
	stop_tprun
	local loads="[body(e) for e in ev if kind(e) == 'process_loader' and body(e)['process'].get('binary') == '$T/dlopener']"
	expect_events \
		"[l['path'] for l in $loads if l['path'].startswith('$T/')] == ['$T/libvm.so', '$T/libmp.so']" \
		"[__import__('base64').b64decode(l['buildid']).hex() for l in $loads if l['path'].startswith('$T/')] == ['$id', '$id']" \
		"all(l['process']['tid'] == l['process']['pid'] and 'exec_id' in l['process'] for l in $loads)"
}

run_tests

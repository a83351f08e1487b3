#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Post's imaHash on lsmhooks: a sleepable LSM program hashes the hook's file
# with bpf_ima_file_hash after the selector matched, and the process_lsm event
# carries it as Tetragon prints it, "sha256:" and the hex digest (Debian's
# kernels hash with sha256, CONFIG_IMA_DEFAULT_HASH). Every expected digest is
# sha256sum's of the file's bytes. No IMA policy is loaded: since 6.0
# bpf_ima_file_hash computes the digest when IMA has none (ima_main.c,
# __ima_inode_hash), so a rewritten file gets its new one.
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-vm/ima

# digest FILE: its sha256, hex
digest() {
	local d
	d=$(sha256sum "$1") || return 1
	echo "${d%% *}"
}

# lsm_policy NAME HOOK: a policy on HOOK's file posting opens under $D/hashed/
# with imaHash and under $D/plain/ without
lsm_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  lsmhooks:
  - hook: "$2"
    args:
      - index: 0
        type: "file"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$D/hashed/"
      matchActions:
      - action: Post
        imaHash: true
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$D/plain/"
YAML
}

files() {
	rm -rf "$D"
	mkdir -p "$D/hashed" "$D/plain" "$D/other"
	head -c 1000000 /dev/urandom > "$D/hashed/big"
	echo one > "$D/hashed/small"
	echo plain > "$D/plain/f"
	echo other > "$D/other/f"
}

# file_open runs before the file can be read (do_dentry_open sets
# FMODE_CAN_READ after it), so the kernel hashes only a file opened for
# writing, which IMA opens again for reading (ima_calc_file_hash): that
# second open is IMA's, and no event. A read-only open gets no hash, in
# Tetragon too, and tprun says so once.
test_file_open_hash() {
	local small big
	files
	small=$(digest "$D/hashed/small")
	big=$(digest "$D/hashed/big")
	lsm_policy file-open-ima file_open
	start_tprun "$T/file-open-ima.bpf.o" -o json
	expect_variant file_open lsm
	echo two >> "$D/hashed/small"
	echo x >> "$D/hashed/big"
	cat "$D/hashed/small" "$D/plain/f" "$D/other/f" > /dev/null
	stop_tprun
	expect_events \
		"[h['args'][0]['file_arg']['path'] for h in lsms()] == ['$D/hashed/small', '$D/hashed/big', '$D/hashed/small', '$D/plain/f']" \
		"[h.get('ima_hash') for h in lsms()] == ['sha256:$small', 'sha256:$big', None, None]" \
		"all(h['action'] == 'KPROBE_ACTION_POST' and h['policy_name'] == 'file-open-ima' for h in lsms())"
	file_has "$T/tprun.err" "imaHash: hook 'file_open': the kernel gave no hash (bpf_ima_file_hash: Operation not supported)" ||
		fail "tprun did not say a hash was missing"
}

# file_post_open (Linux 6.9+) runs once the file is open: every open is hashed.
test_file_post_open_hash() {
	local small
	if ! grep -q ' bpf_lsm_file_post_open$' /proc/kallsyms; then
		echo "      (no file_post_open hook in this kernel)"
		return 0
	fi
	files
	lsm_policy file-post-open-ima file_post_open
	start_tprun "$T/file-post-open-ima.bpf.o" -o json
	expect_variant file_post_open lsm
	cat "$D/hashed/small" "$D/plain/f" "$D/other/f" "$D/hashed/big" > /dev/null
	echo two >> "$D/hashed/small"
	cat "$D/hashed/small" > /dev/null
	stop_tprun
	small=$(digest "$D/hashed/small")
	expect_events \
		"[h['args'][0]['file_arg']['path'] for h in lsms()] == ['$D/hashed/small', '$D/plain/f', '$D/hashed/big', '$D/hashed/small', '$D/hashed/small']" \
		"[h.get('ima_hash') for h in lsms()] == ['sha256:$(echo one | sha256sum | cut -d' ' -f1)', None, 'sha256:$(digest "$D/hashed/big")', 'sha256:$(echo one | sha256sum | cut -d' ' -f1)', 'sha256:$small']"
	file_has "$T/tprun.err" "gave no hash" && fail "tprun said a hash was missing"
	return 0
}

# The reference's example (policies/lsm-bprm-ima-hash.yaml): what bash
# executes is posted with its hash; what env executes is not.
test_docs_example() {
	start_policy lsm-bprm-ima-hash
	expect_variant bprm_check_security lsm
	expect_exit 0 /usr/bin/bash -c "/usr/bin/true; exit \$?"
	expect_exit 1 env /usr/bin/false
	stop_tprun
	expect_events \
		"[(h['args'][0]['linux_binprm_arg']['path'], h['ima_hash']) for h in lsms() if '/usr/bin/true; exit' in h['process']['arguments']] == [('/usr/bin/true', 'sha256:$(digest /usr/bin/true)')]" \
		"all(h['process']['binary'] == '/usr/bin/bash' and h['policy_name'] == 'file-integrity-monitoring' for h in lsms())" \
		"not [h for h in lsms() if h['args'][0]['linux_binprm_arg']['path'] == '/usr/bin/false']"
}

# Tetragon's own example (tracingpolicy/lsm_bprm_check.yaml): bash executing a
# file whose path ends in contrib/tester-progs/nop is refused (Override -1 on
# bprm_check_security, EPERM) and posted with the hash of that file; the hash
# program runs after the refusal was decided and returns it.
test_bprm_check_override_and_hash() {
	local nop=$D/contrib/tester-progs/nop
	rm -rf "$D"
	mkdir -p "${nop%/*}"
	cp /usr/bin/true "$nop"
	cp /usr/bin/false "$D/contrib/tester-progs/other"
	compile bprm < /work/shared/corpus/tetragon/tracingpolicy/lsm_bprm_check.yaml
	start_tprun "$T/bprm.bpf.o" -o json
	expect_variant bprm_check_security lsm
	expect_exit 126 /usr/bin/bash -c "$nop; exit \$?"
	file_has "$T/cmd.out" "Operation not permitted" || fail "bash did not say EPERM: $(cat "$T/cmd.out")"
	expect_exit 1 /usr/bin/bash -c "$D/contrib/tester-progs/other; exit \$?"
	expect_exit 0 env "$nop"
	stop_tprun
	expect_events \
		"[(h['function_name'], h['policy_name'], h['process']['binary']) for h in lsms()] == [('bprm_check_security', 'lsm', '/usr/bin/bash')]" \
		"lsms()[0]['args'][0]['linux_binprm_arg']['path'] == '$nop'" \
		"lsms()[0]['ima_hash'] == 'sha256:$(digest "$nop")'"
}

run_tests

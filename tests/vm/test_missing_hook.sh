#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# An object built where a hook exists, run where it does not: security_file_post_open
# and the file_post_open LSM hook came in Linux 6.10. On 6.1 tprun must refuse
# with an error naming the hook and what is missing, never attach half a policy;
# on 6.12 the same object attaches.
. "$(dirname "$0")/lib.sh"

compile post <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "post-open"
spec:
  kprobes:
  - call: "fd_install"
    syscall: false
    args:
    - index: 0
      type: "int"
  - call: "security_file_post_open"
    syscall: false
    args:
    - index: 0
      type: "file"
  lsmhooks:
  - hook: "file_post_open"
    args:
    - index: 0
      type: "file"
YAML

test_a_hook_this_kernel_lacks_is_an_error_naming_it() {
	local rc=0
	case $(uname -r) in
	6.1.*)
		"$TPRUN" "$T/post.bpf.o" > /dev/null 2> "$T/err" < /dev/null || rc=$?
		[ $rc -eq 1 ] || fail "exit status $rc"
		file_has "$T/err" "hook 'security_file_post_open' (policy line 12) cannot attach on this kernel: fentry: no BTF for the function; kprobe: function not in available_filter_functions" ||
			{ sed 's/^/      /' "$T/err" >&2; fail "the error does not name the hook and what is missing"; }
		! file_has "$T/err" "tprun: ready" || fail "said ready"
		# the LSM hook alone: named too
		"$TPRUN" --forbid fentry "$T/post.bpf.o" > /dev/null 2> "$T/err" < /dev/null || true
		file_has "$T/err" "hook 'security_file_post_open'" || fail "--forbid changed the error"
		;;
	*)
		start_tprun "$T/post.bpf.o"
		expect_variant security_file_post_open fentry security_file_post_open
		expect_variant file_post_open lsm file_post_open
		stop_tprun
		;;
	esac
}

# the same hook with ignore.callNotFound: skipped where missing, and said so
compile ignored <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "post-open-ignored"
spec:
  kprobes:
  - call: "fd_install"
    syscall: false
    args:
    - index: 0
      type: "int"
  - call: "security_file_post_open"
    syscall: false
    ignore:
      callNotFound: true
    args:
    - index: 0
      type: "file"
YAML

test_ignore_call_not_found_skips_only_a_missing_function() {
	start_tprun "$T/ignored.bpf.o"
	expect_variant fd_install fentry fd_install
	case $(uname -r) in
	6.1.*)
		file_has "$T/tprun.err" "tprun: hook 'security_file_post_open' (policy line 12) skipped: 'security_file_post_open' is not in this kernel (ignore.callNotFound)" ||
			{ sed 's/^/      /' "$T/tprun.err" >&2; fail "no skip line"; }
		;;
	*)
		expect_variant security_file_post_open fentry security_file_post_open
		! file_has "$T/tprun.err" "skipped" || fail "skipped a function this kernel has"
		;;
	esac
	expect_alive cat /etc/hostname
	stop_tprun
	expect_events "any(h['function_name'] == 'fd_install' for h in kprobes())"
}

run_tests

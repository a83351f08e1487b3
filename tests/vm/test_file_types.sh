#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# File-like args on kernel-function hooks (helper file), with fentry and with
# kprobe: security_file_open (file), security_path_mkdir (path, and the new
# dentry), security_path_unlink (dentry: its path within the /tmp tmpfs),
# do_mkdirat (filename: the name as the caller wrote it), security_bprm_check
# (linux_binprm), generic_write_checks (kiocb) and sys_close (fd, also of an
# unlinked file: the syscall's fentry and kprobe variants). Paths cross the
# /tmp mount; every hook filters on them.
# The policy is compiled here, against this kernel's BTF.
. "$(dirname "$0")/lib.sh"

FILER="$T/filer"
cp "$O/tests/e2e/filer" "$FILER"
D=/tmp/tpgen-vm/file

# hook CALL ARGS-YAML INDEX OP VALUE [SYSCALL]: a kernel-function (or syscall) hook
# filtering arg INDEX
hook() {
	cat <<YAML
  - call: "$1"
    syscall: ${6:-false}
    args:
$2
    selectors:
    - matchArgs:
      - index: $3
        operator: "$4"
        values:
        - "$5"
YAML
}

{
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "file-types"
spec:
  kprobes:
YAML
	hook security_file_open "    - {index: 0, type: file}" 0 Prefix "$D/"
	hook security_path_mkdir "    - {index: 0, type: path}
    - {index: 1, type: dentry}" 0 Equal "$D"
	hook security_path_unlink "    - {index: 1, type: dentry}" 1 Postfix "/victim"
	hook do_mkdirat "    - {index: 1, type: filename}" 1 Equal "rel"
	hook security_bprm_check "    - {index: 0, type: linux_binprm}" 0 Equal "$FILER"
	hook generic_write_checks "    - {index: 0, type: kiocb}" 0 Prefix "$D/"
	hook sys_close "    - {index: 0, type: fd}" 0 Prefix "$D/" true
} | compile filetypes

# by FUNCTION: python for the args of that function's events
by() {
	echo "[h['args'] for h in kprobes() if h['function_name'] == '$1']"
}

file_types() {
	expect_variant security_file_open "$1" security_file_open
	"$FILER" write "$D/w" hello fsync-unlinked "$D/gone" write "$D/victim" x unlink "$D/victim"
	mkdir "$D/newdir"
	(cd "$D" && mkdir rel)
	stop_tprun
	# mkdir: the parent directory, and the new dentry (no inode yet: no
	# permission) as a path within /tmp's tmpfs; unlink's dentry likewise
	local file="{'file_arg': {'path': '$D/w', 'permission': '-rw-r--r--'}}"
	local dir="{'path_arg': {'path': '$D', 'permission': 'drwxr-xr-x'}}"
	expect_events \
		"$(by security_file_open) == [[$file], [{'file_arg': {'path': '$D/gone', 'permission': '-rw-r--r--'}}], [{'file_arg': {'path': '$D/victim', 'permission': '-rw-r--r--'}}]]" \
		"$(by generic_write_checks) == [[$file], [{'file_arg': {'path': '$D/victim', 'permission': '-rw-r--r--'}}]]" \
		"$(by __x64_sys_close) == [[$file], [{'file_arg': {'path': '$D/gone (deleted)', 'permission': '-rw-r--r--'}}], [{'file_arg': {'path': '$D/victim', 'permission': '-rw-r--r--'}}]]" \
		"$(by security_path_mkdir) == [[$dir, {'path_arg': {'path': '${D#/tmp}/newdir'}}], [$dir, {'path_arg': {'path': '${D#/tmp}/rel'}}]]" \
		"$(by security_path_unlink) == [[{'path_arg': {'path': '${D#/tmp}/victim', 'permission': '-rw-r--r--'}}]]" \
		"$(by do_mkdirat) == [[{'string_arg': 'rel'}]]" \
		"$(by security_bprm_check) == [[{'linux_binprm_arg': {'path': '$FILER', 'permission': '-rwxr-xr-x'}}]]"
}

test_fentry() {
	rm -rf "$D"
	mkdir -p "$D"
	start_tprun "$T/filetypes.bpf.o" -o json
	file_types fentry
}

test_kprobe() {
	rm -rf "$D"
	mkdir -p "$D"
	start_tprun "$T/filetypes.bpf.o" -o json --forbid fentry
	file_types kprobe
}

run_tests

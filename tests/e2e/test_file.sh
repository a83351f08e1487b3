#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# File-like arguments on this host's hooks: linux_binprm, file, dentry and
# kiocb from raw tracepoints (kernel pointers), fd on sys_write (a syscall
# tracepoint here). Each is a full path walked in BPF across mount points,
# " (deleted)" for an unlinked file, filtered with the string operators and
# shown as Tetragon's file_arg / path_arg / linux_binprm_arg. FollowFD,
# UnfollowFD and CopyFD keep (tgid, fd) -> name; an fd argument takes the
# followed name over the real path.
. "$(dirname "$0")/lib.sh"

FILER="$T/filer"
cp "$O/tests/e2e/filer" "$FILER"

# A directory on a filesystem with ext4's tracepoints (the host's root is
# ext4; /tmp may be a tmpfs): under the build directory when $T is not ext4.
D="$T/files"
if [ "$(stat -f -c %T "$T")" != ext2/ext3 ]; then
	D=$(mktemp -d "$O/tests/e2e-file.XXXXXX")
	trap 'umount "$D/m2" 2>/dev/null; rm -rf "$D"; cleanup' EXIT
else
	trap 'umount "$D/m2" 2>/dev/null; cleanup' EXIT
fi
mkdir -p "$D/m1" "$D/m2"

# hook YAML: a policy of one raw tracepoint SUBSYS EVENT, arg INDEX of TYPE, a matchArgs
# OP VALUE on it (values with a space are not needed here)
raw_policy() {
	local name=$1 subsys=$2 event=$3 index=$4 type=$5 op=$6 value=$7
	tracing_policy "$name" <<YAML | compile "$name"
  tracepoints:
  - subsystem: "$subsys"
    event: "$event"
    raw: true
    args:
    - index: $index
      type: "$type"
    selectors:
    - matchArgs:
      - index: 0
        operator: "$op"
        values:
        - "$value"
YAML
}

# what a tracepoint hook's events say: their first arg, as JSON
TP_ARGS="[h['args'][0] for h in hooks()]"

test_linux_binprm_from_sched_process_exec() {
	raw_policy binprm sched sched_process_exec 2 linux_binprm Postfix "/filer"
	start_tprun "$T/binprm.bpf.o"
	"$FILER" unlink /nonexistent 2>/dev/null || true
	/bin/true
	stop_tprun
	check_events "$TP_ARGS == [{'linux_binprm_arg': {'path': '$FILER', 'permission': '-rwxr-xr-x'}}]"
	check_events "hooks()[0]['process']['binary'] == '$FILER'"
}

test_file_across_a_bind_mount_and_deleted() {
	[ "$(stat -f -c %T "$D")" = ext2/ext3 ] || { echo "    (skipped: $D is not ext4)"; return 0; }
	mount --bind "$D/m1" "$D/m2"
	raw_policy fsync ext4 ext4_sync_file_enter 0 file Prefix "$D/"
	start_tprun "$T/fsync.bpf.o"
	"$FILER" fsync "$D/a" fsync-unlinked "$D/b" fsync "$D/m2/c" fsync /tmp/elsewhere.$$
	stop_tprun
	umount "$D/m2"
	rm -f /tmp/elsewhere.$$
	check_events "[a['file_arg']['path'] for a in $TP_ARGS] == ['$D/a', '$D/b (deleted)', '$D/m2/c']"
	check_events "all(a['file_arg']['permission'] == '-rw-r--r--' for a in $TP_ARGS)"
}

test_dentry_is_the_path_within_its_filesystem() {
	[ "$(stat -f -c %T "$D")" = ext2/ext3 ] || { echo "    (skipped: $D is not ext4)"; return 0; }
	mount --bind "$D/m1" "$D/m2"
	raw_policy unlink ext4 ext4_unlink_enter 1 dentry Postfix "/victim"
	start_tprun "$T/unlink.bpf.o"
	"$FILER" write "$D/m2/victim" x unlink "$D/m2/victim" write "$D/m2/other" x unlink "$D/m2/other"
	stop_tprun
	umount "$D/m2"
	# no vfsmount to cross: the dentry's path in the root filesystem, through m1
	check_events "$TP_ARGS == [{'path_arg': {'path': '$D/m1/victim', 'permission': '-rw-r--r--'}}]"
}

test_kiocb_of_a_direct_write() {
	[ "$(stat -f -c %T "$D")" = ext2/ext3 ] || { echo "    (skipped: $D is not ext4)"; return 0; }
	raw_policy dio iomap iomap_dio_rw_begin 0 kiocb Equal "$D/direct"
	start_tprun "$T/dio.bpf.o"
	"$FILER" direct "$D/direct" direct "$D/direct2"
	stop_tprun
	check_events "$TP_ARGS == [{'file_arg': {'path': '$D/direct', 'permission': '-rw-r--r--'}}]"
}

# fd_policy NAME OP VALUE [ACTION]: sys_write with an fd arg filtered by OP VALUE
fd_policy() {
	{
		match_arg 0 "$2" "$3"
		match_action "${4:-Post}"
	} | selector | sys_write_policy "$1" | compile "$1"
}

W="[h for h in hooks() if h['function_name'].endswith('sys_write')]"

test_fd_resolves_to_its_path() {
	fd_policy fdpre Prefix "$T/fd/"
	mkdir -p "$T/fd"
	start_tprun "$T/fdpre.bpf.o"
	"$FILER" write "$T/fd/one" hello write "$T/other" nope write "$T/fd/two" bye
	stop_tprun
	check_events "[h['args'][0] for h in $W] == [{'file_arg': {'path': '$T/fd/one', 'permission': '-rw-r--r--'}}, {'file_arg': {'path': '$T/fd/two', 'permission': '-rw-r--r--'}}]"
	check_events "[h['args'][1:] for h in $W][0] == [{'bytes_arg': 'aGVsbG8='}, {'size_arg': '5'}]"
}

test_fd_equal_kills_the_writer() {
	fd_policy fdkill Equal "$T/fd/secret" Sigkill
	mkdir -p "$T/fd"
	start_tprun "$T/fdkill.bpf.o"
	expect_killed "$FILER" write "$T/fd/secret" x
	expect_alive "$FILER" write "$T/fd/secret2" x write "$T/fd/secre" x
	# an integer value is a path too (Tetragon): fd 3 is not "3"
	stop_tprun
	check_events "[(h['args'][0]['file_arg']['path'], h['action']) for h in $W] == [('$T/fd/secret', 'KPROBE_ACTION_SIGKILL')]"
}

# A pipe's or socket's path walk adds nothing: the path is empty, every path filter fails on
# it, negated too (Tetragon: prepend_path, bpf/lib/bpf_d_path.h; filter_file_buf,
# bpf/process/types/basic.h), and the event has no "path" (protojson omits "").
test_fd_without_a_path_fails_every_filter() {
	{
		match_binary "$FILER"
		match_arg 0 NotPrefix "$T/fd/"
		match_action Sigkill
	} | selector | sys_write_policy fdnone | compile fdnone
	match_binary "$FILER" | selector | sys_write_policy fdall | compile fdall
	start_tprun "$T/fdnone.bpf.o"
	expect_alive "$FILER" pipe x
	expect_killed "$FILER" write "$T/elsewhere" x
	stop_tprun
	start_tprun "$T/fdall.bpf.o"
	"$FILER" pipe x
	stop_tprun
	check_events "[h['args'][0] for h in $W] == [{'file_arg': {'permission': 'prw-------'}}, {'file_arg': {'permission': 'srwxrwxrwx'}}]"
}

# The walk takes as many steps as Tetragon's on 6.1+ (2048): a file 300 directories deep
# has its whole path, and a Prefix on it matches.
test_fd_path_300_deep() {
	local dir=$T/deep
	dir+=$(printf '/d%.0s' $(seq 300))
	mkdir -p "$dir"
	fd_policy fddeep Prefix "$T/deep/"
	start_tprun "$T/fddeep.bpf.o"
	"$FILER" write "$dir/f" x
	stop_tprun
	check_events "[h['args'][0]['file_arg']['path'] for h in $W] == ['$dir/f']"
}

# A Postfix value drops its trailing NULs on every type but char_buf (Tetragon's
# writePostfix, pkg/selectors/kernel.go): "/null\0" on an fd matches /dev/null
test_fd_postfix_trailing_nul() {
	{
		match_binary "$FILER"
		match_arg 0 Postfix '/null\0'
	} | selector | sys_write_policy fdnul | compile fdnul
	start_tprun "$T/fdnul.bpf.o"
	"$FILER" write /dev/null x write "$T/nulx" x
	stop_tprun
	check_events "[h['args'][0]['file_arg']['path'] for h in $W] == ['/dev/null']"
}

test_fd_integer_value_is_a_path() {
	fd_policy fdint Equal 3
	start_tprun "$T/fdint.bpf.o"
	"$FILER" write "$T/x" x
	stop_tprun
	check_events "len($W) == 0"
}

# Follow: symlinkat(NAME, fd, abs path) names fd with NAME (the kernel ignores
# fd for an absolute link path); writes on fd then carry NAME, on its dup2 copy
# only with CopyFD; close unfollows.
follow_policy() {
	local copy=$2 copy_args=$'        argFd: 0\n        argName: 1'
	# a Post reads no argFd or argName: tpgen refuses them there
	[ "$copy" = Post ] && copy_args=""
	{
		policy_head "$1"
		echo "  kprobes:"
		symlinkat_follow_hook "$FILER"
		cat <<YAML
  - call: "sys_dup2"
    syscall: true
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "int"
    selectors:
$(binary_selector "$FILER" "$copy" "$copy_args")
  - call: "sys_close"
    syscall: true
    args:
    - index: 0
      type: "int"
    selectors:
$(binary_selector "$FILER" UnfollowFD "        argFd: 0")
  - call: "sys_write"
    syscall: true
    args:
    - index: 0
      type: "fd"
    selectors:
$(match_arg 0 Prefix /followed/ | selector)
YAML
	} | compile "$1"
}

test_follow_copy_unfollow() {
	follow_policy follow CopyFD
	start_tprun "$T/follow.bpf.o"
	"$FILER" follow "$T/f1" /followed/name one
	# the fd numbers come back after close: no longer followed
	"$FILER" write "$T/f2" two write "$T/f3" three
	stop_tprun
	check_events "[h['args'][0]['file_arg']['path'] for h in $W] == ['/followed/name', '/followed/name']"
	check_events "[h['action'] for h in hooks() if h['function_name'].endswith('sys_symlinkat')] == ['KPROBE_ACTION_FOLLOWFD']"
	check_events "[h['action'] for h in hooks() if h['function_name'].endswith('sys_dup2')] == ['KPROBE_ACTION_COPYFD']"
}

test_follow_without_copy() {
	follow_policy nocopy Post
	start_tprun "$T/nocopy.bpf.o"
	"$FILER" follow "$T/f1" /followed/name one
	stop_tprun
	# fd 9 (the dup2 copy) resolves through current->files to the real file
	check_events "[h['args'][0]['file_arg']['path'] for h in $W] == ['/followed/name']"
}

run_tests

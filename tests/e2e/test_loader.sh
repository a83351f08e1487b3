#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# loader: true: a real process dlopen()s and mmap()s shared objects built here; tprun
# prints Tetragon's process_loader events (process, path, buildid) for the files mapped
# executable (by mmap or mprotect), once per process and path, with the build id
# readelf and file see.
. "$(dirname "$0")/lib.sh"

DLOPENER="$T/dlopener"
cp "$O/tests/e2e/dlopener" "$DLOPENER"

# lib NAME [LDFLAGS]: $T/NAME.so, a shared object with tp_loaded() returning 42
lib() {
	printf 'int tp_loaded(void) { return 42; }\n' > "$T/$1.c"
	cc -shared -fPIC ${2:-} -o "$T/$1.so" "$T/$1.c"
}

# build_id FILE: its GNU build id in hex, as readelf -n shows it ("" when none)
build_id() {
	LC_ALL=C readelf -n "$1" | sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p'
}

# The shared corpus (tests/corpus.sh's default), for its two loader policies
CORPUS=${CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpus}

# loader_policy: the corpus' tracingpolicy/loader.yaml, spec.loader alone
loader_policy() {
	compile loader < "$CORPUS/tetragon/tracingpolicy/loader.yaml"
}

# LOADS: the process_loader bodies of $DLOPENER, in order
LOADS="[body(e) for e in ev if kind(e) == 'process_loader' and body(e)['process'].get('binary') == '$DLOPENER']"
B64HEX="__import__('base64').b64decode(l['buildid']).hex()"

test_loader_dlopen_path_buildid_process() {
	lib libone "-Wl,--build-id=sha1"
	local id
	id=$(build_id "$T/libone.so")
	[ ${#id} -eq 40 ] || fail "readelf found no sha1 build id: '$id'"
	# file(1) agrees with readelf
	file "$T/libone.so" | grep -q "BuildID\[sha1\]=$id" || fail "file(1) disagrees: $(file "$T/libone.so")"
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" dlopen "$T/libone.so"
	stop_tprun
	local one="[l for l in $LOADS if l['path'] == '$T/libone.so']"
	check_events "len($one) == 1"
	check_events "[$B64HEX for l in $one] == ['$id']"
	# the process is the dlopener's exec, as Tetragon's cached process: tid is the pid
	local exec="[x for x in execs() if x['process']['binary'] == '$DLOPENER']"
	check_events "len($exec) == 1"
	check_events "all(l['process'] == $exec[0]['process'] for l in $one)"
	check_events "all(l['process']['tid'] == l['process']['pid'] for l in $one)"
	check_events "all(l['parent']['exec_id'] == l['process']['parent_exec_id'] for l in $one)"
	check_events "all(set(e) == {'process_loader', 'node_name', 'time'} for e in ev if kind(e) == 'process_loader')"
	check_events "all(set(l) <= {'process', 'path', 'buildid', 'parent'} for l in $one)"
	# libc, mapped by ld.so at start, is a load of the dlopener too
	check_events "any(l['path'].endswith('/libc.so.6') and len($B64HEX) == 40 for l in $LOADS)"
}

test_loader_only_executable_mappings() {
	lib libx "-Wl,--build-id=sha1"
	cp "$T/libx.so" "$T/libro.so"
	printf 'just data\n' > "$T/data.txt"
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" read "$T/libro.so" read "$T/data.txt" anon exec "$T/libx.so"
	stop_tprun
	# the executable mapping is reported, the read-only and anonymous ones are not
	check_events "[l['path'] for l in $LOADS if l['path'].startswith('$T/')] == ['$T/libx.so']"
	check_events "[$B64HEX for l in $LOADS if l['path'] == '$T/libx.so'] == ['$(build_id "$T/libx.so")']"
}

# mprotect(2) making a file's mapping executable is a load too (mprotect_fixup() tells
# perf as mmap does); a memfd's path is d_path's, "/memfd:NAME (deleted)", and its
# build id is read through the mapping while it lasts (/proc/PID/map_files)
test_loader_mprotect_and_memfd() {
	lib libmp "-Wl,--build-id=sha1"
	local id
	id=$(build_id "$T/libmp.so")
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" keep mprotect "$T/libmp.so" memfd "$T/libmp.so" anon-mprotect
	stop_tprun
	check_events "[l['path'] for l in $LOADS if not l['path'].endswith('/libc.so.6')] == ['$T/libmp.so', '/memfd:tp-loader (deleted)']"
	check_events "[$B64HEX for l in $LOADS if not l['path'].endswith('/libc.so.6')] == ['$id', '$id']"
}

test_loader_once_per_process_and_path() {
	lib libtwice "-Wl,--build-id=sha1"
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" dlopen "$T/libtwice.so" exec "$T/libtwice.so" exec "$T/libtwice.so"
	expect_alive "$DLOPENER" exec "$T/libtwice.so"
	stop_tprun
	local mine="[l for l in $LOADS if l['path'] == '$T/libtwice.so']"
	# once in each process, as Tetragon's (pid, path) cache lets through
	check_events "len($mine) == 2"
	check_events "len(set(l['process']['exec_id'] for l in $mine)) == 2"
}

test_loader_build_id_kinds() {
	lib libmd5 "-Wl,--build-id=md5"
	lib libnone "-Wl,--build-id=none"
	[ -z "$(build_id "$T/libnone.so")" ] || fail "libnone.so has a build id"
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" dlopen "$T/libmd5.so" dlopen "$T/libnone.so"
	stop_tprun
	# a 16-byte build id as it is; no build id, no buildid key (proto3's empty bytes)
	check_events "[$B64HEX for l in $LOADS if l['path'] == '$T/libmd5.so'] == ['$(build_id "$T/libmd5.so")']"
	check_events "[l for l in $LOADS if l['path'] == '$T/libnone.so'][0].get('buildid') is None"
}

# The build id is the mapped file's: a file put at its path since is never read
test_loader_replaced_file() {
	lib libold "-Wl,--build-id=sha1"
	lib libnew "-Wl,--build-id=md5"
	local old
	old=$(build_id "$T/libold.so")
	loader_policy
	start_tprun "$T/loader.bpf.o"
	expect_alive "$DLOPENER" exec "$T/libold.so"
	mv "$T/libnew.so" "$T/libold.so"
	stop_tprun
	# the old file's id when tprun read it in time, else none: never the new file's
	check_events "[($B64HEX if 'buildid' in l else '') for l in $LOADS if l['path'] == '$T/libold.so'] in (['$old'], [''])"
}

test_loader_compact() {
	lib libc1 "-Wl,--build-id=sha1"
	loader_policy
	start_tprun "$T/loader.bpf.o" -o compact
	expect_alive "$DLOPENER" dlopen "$T/libc1.so"
	stop_tprun
	grep -qF "🧬 loader  $(uname -n) $DLOPENER $(build_id "$T/libc1.so") $T/libc1.so" "$T/tprun.out" ||
		{ grep loader "$T/tprun.out" | tail -3 >&2; fail "no compact loader line"; }
}

# The policy library's loader policy (with its options) runs too
test_loader_policy_library() {
	compile library < "$CORPUS/tetragon/policylibrary/library.yaml"
	lib liblib "-Wl,--build-id=sha1"
	start_tprun "$T/library.bpf.o"
	expect_alive "$DLOPENER" dlopen "$T/liblib.so"
	stop_tprun
	check_events "[$B64HEX for l in $LOADS if l['path'] == '$T/liblib.so'] == ['$(build_id "$T/liblib.so")']"
}

run_tests

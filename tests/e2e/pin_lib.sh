# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# tprun --pin's tests, on the host (tests/e2e/test_pin.sh) and in the VM
# (tests/vm/test_pin.sh): a pin directory under /sys/fs/bpf, removed at exit,
# a Sigkill-and-Post policy, the link ids of a pin. After lib.sh.

W="$T/w"
mkdir -p "$W"
P=/sys/fs/bpf/tpgen-e2e-pin-$$

# pin_cleanup: nothing left at $P, whatever a test left there
pin_cleanup() {
	stop_tprun > /dev/null 2>&1 || true
	[ ! -d "$P" ] || "$TPRUN" --unpin "$P" > /dev/null 2>&1 || true
	rm -rf "$P"
}
trap 'pin_cleanup; cleanup' EXIT

# pin_policy NAME FORBIDDEN: openat Sigkill on FORBIDDEN, Post on any path under $W/post
pin_policy() {
	openat_policy "$1" <<YAML
$(kill_selector "$2")
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$W/post"
      matchActions:
      - action: Post
YAML
}

# kill9_tprun: the running tprun dies of SIGKILL, its pins stay
kill9_tprun() {
	kill -9 "$TPRUN_PID"
	wait "$TPRUN_PID" 2> /dev/null || true
	TPRUN_PID=
	rm -f "$T/tprun.pid"
}

# pinned_link_ids SUB: the ids of the links pinned in $P/SUB/links, sorted, one line
pinned_link_ids() {
	local f
	for f in "$P/$1"/links/*; do bpftool -j link show pinned "$f"; echo; done |
		python3 -c 'import json,sys; print(sorted(json.loads(l)["id"] for l in sys.stdin if l.strip()))'
}

# links_of_pinned_progs SUB: every link in the kernel whose program is pinned in $P/SUB
links_of_pinned_progs() {
	local f ids=""
	for f in "$P/$1"/progs/*; do ids="$ids $(bpftool -j prog show pinned "$f" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"; done
	bpftool -j link show | python3 -c "import json,sys
progs = {int(i) for i in '$ids'.split()}
print(sorted(l['id'] for l in json.load(sys.stdin) if l.get('prog_id') in progs))"
}

# refused WANT ARGS...: tprun ARGS must exit 1 (RC=2: a usage error) before ready,
# saying WANT on stderr
refused() {
	local want=$1 rc=0
	shift
	"$TPRUN" "$@" > "$T/refused.out" 2> "$T/refused.err" || rc=$?
	[ "$rc" -eq "${RC:-1}" ] || { cat "$T/refused.err" >&2; fail "tprun $* exited $rc, not ${RC:-1}"; return 1; }
	grep -qF -- "$want" "$T/refused.err" || { cat "$T/refused.err" >&2; fail "no '$want'"; return 1; }
	! grep -q '^tprun: ready' "$T/refused.err" || fail "tprun $* became ready"
}

# links_of_pinned_progs_ids "[A, B]": those of the link ids that still exist
links_of_pinned_progs_ids() {
	bpftool -j link show | python3 -c "import json,sys
want = set($1)
print(' '.join(str(l['id']) for l in json.load(sys.stdin) if l['id'] in want))"
}

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# --enable-process-cred and --enable-process-ns on real processes: the opener
# runs in new user, net and uts namespaces (unshare(1)), with changed
# capabilities or ids (setpriv(1)), opens $T/f (a syscall hook) and calls
# getppid (a tracepoint), then waits while the test reads /proc/PID; its exec,
# hook and exit events must show what /proc showed: process.ns inums as
# /proc/PID/ns/* links name them, is_host against /proc/1/ns/*, process.cap as
# CapPrm, CapEff and CapInh decode, process_credentials as Uid and Gid say; so
# must its parent's (this test's shell, learned from /proc). A child forked after
# unshare(2) shows its own namespaces, read at fork.
. "$(dirname "$0")/lib.sh"

SYS_GETPPID=110 # x86-64
touch "$T/f"
# the opener runs as another user in one test: it must reach $T/opener and $T/f
chmod 755 "$T"
chmod 644 "$T/f"

policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "process-cred-ns"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/f"
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    args:
    - index: 4
      type: "int64"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "$SYS_GETPPID"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
YAML
}

# observe NAME CMD...: run CMD (which execs the opener in its own pid), which opens
# $T/f, calls getppid and waits for $T/go.NAME; meanwhile record its /proc view in
# $T/NAME.json (pid, ns, host ns, CapPrm/CapEff/CapInh, Uid, Gid)
observe() {
	local name=$1 pid i
	shift
	"$@" "$OPENER" open "$T/f" getppid waitfile "$T/go.$name" > "$T/$name.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$OPENER" ] &&
			grep -q . "/proc/$pid/status" && break
		sleep 0.05
	done
	python3 - "$pid" > "$T/$name.json" <<'PY'
import json, os, sys
pid = sys.argv[1]
kinds = ["uts", "ipc", "mnt", "pid", "pid_for_children", "net", "time", "time_for_children",
         "cgroup", "user"]
def link(p, k):
    return int(os.readlink(f"/proc/{p}/ns/{k}").split("[")[1].rstrip("]"))
def ns(p):
    out = {}
    for k in kinds:
        try:
            out[k] = link(p, k)
        except PermissionError:
            if p != 1:
                raise
            # a sandbox hiding its init: tprun takes its own (our) namespaces for the host's
            out[k] = link("self", k)
        except OSError:
            out[k] = 0
    return out
def view(p):
    st = dict(l.split(":", 1) for l in open(f"/proc/{p}/status").read().splitlines() if ":" in l)
    return {"pid": int(p), "ns": ns(p), "host": ns(1),
            "caps": {k: int(st[k], 16) for k in ("CapPrm", "CapEff", "CapInh")},
            "uid": [int(x) for x in st["Uid"].split()],
            "gid": [int(x) for x in st["Gid"].split()], "ppid": int(st["PPid"])}
me = view(pid)
# its parent: this test's shell, older than tprun (learned from /proc)
me["parent"] = view(me["ppid"])
print(json.dumps(me))
PY
	touch "$T/go.$name"
	wait "$pid" || fail "$name: the opener failed: $(cat "$T/$name.out")"
}

# check_observed NAME CRED NS: the opener's exec, hook and exit events (and the
# parent in each) carry what /proc showed, the fields of the options given (1/0)
check_observed() {
	python3 - "$T/tprun.out" "$T/$1.json" "$2" "$3" "$OPENER" <<'PY' || fail "$1: differs"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
want = json.load(open(sys.argv[2]))
cred, nsf = sys.argv[3] == "1", sys.argv[4] == "1"
# tetragon.CapabilitiesType, literally: bit 1 is DAC_OVERRIDE
names = ["CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
         "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
         "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
         "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
         "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
         "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
         "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
         "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
         "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"]
def decode(v):
    return [names[i] if i < len(names) else i for i in range(64) if v >> i & 1]
# what /proc showed as (cap, ns, process_credentials), None where the option is off
def expect(want):
    cap = {}
    for key, field in (("permitted", "CapPrm"), ("effective", "CapEff"),
                       ("inheritable", "CapInh")):
        if want["caps"][field]:
            cap[key] = decode(want["caps"][field])
    ns = {}
    for k, inum in want["ns"].items():
        if k.startswith("time") and not want["ns"]["time"]:
            continue
        n = {"inum": inum} if inum else {}
        if inum == want["host"][k] and (not k.startswith("time") or want["host"][k]):
            n["is_host"] = True
        ns[k] = n
    u, g = want["uid"], want["gid"]
    ids = {"uid": u[0], "gid": g[0], "euid": u[1], "egid": g[1], "suid": u[2], "sgid": g[2],
           "fsuid": u[3], "fsgid": g[3]}
    return (cap if cred else None, ns if nsf else None, ids if cred else None)
def fields(p):
    return (p.get("cap"), p.get("ns"), p.get("process_credentials"))
# the opener's: the same pid ran unshare or setpriv before
mine = [(k, b) for e in ev for k, b in e.items()
        if k.startswith("process_") and b["process"].get("pid") == want["pid"] and
        b["process"].get("binary") == sys.argv[5]]
kinds = sorted(set(k for k, b in mine))
ok = kinds == ["process_exec", "process_exit", "process_kprobe", "process_tracepoint"]
if not ok:
    print("kinds:", kinds, file=sys.stderr)
for k, b in mine:
    for who, p, w in (("process", b["process"], want),
                      ("parent", b.get("parent", {}), want["parent"])):
        if fields(p) != expect(w):
            ok = False
            print(k, who, "got", json.dumps(fields(p)), "\n  want", json.dumps(expect(w)),
                  file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# new user, net and uts namespaces: those three not the host's, the others the host's
test_new_namespaces() {
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o" --enable-process-ns --enable-process-cred
	observe userns unshare -U -n -u
	stop_tprun
	check_observed userns 1 1
	python3 - "$T/userns.json" <<'PY' || fail "unshare did not make new namespaces"
import json, sys
w = json.load(open(sys.argv[1]))
sys.exit(0 if all(w["ns"][k] != w["host"][k] for k in ("user", "net", "uts")) and
         w["ns"]["mnt"] == w["host"]["mnt"] else 1)
PY
}

# root's capabilities changed by setpriv: a smaller bounding set (so permitted and
# effective), one inheritable capability
test_dropped_capabilities() {
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o" --enable-process-cred --enable-process-ns
	observe caps setpriv --bounding-set -net_raw,-sys_admin,-chown --inh-caps +kill
	stop_tprun
	check_observed caps 1 1
	python3 - "$T/caps.json" <<'PY' || fail "setpriv did not change the capabilities"
import json, sys
c = json.load(open(sys.argv[1]))["caps"]
sys.exit(0 if not c["CapEff"] >> 13 & 1 and c["CapEff"] >> 12 & 1 and c["CapInh"] == 1 << 5
         else 1)
PY
}

# other ids (real, effective, saved, filesystem uids and gids), no capabilities left
test_other_ids() {
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o" --enable-process-cred
	observe ids setpriv --reuid 4321 --regid 4322 --clear-groups
	stop_tprun
	check_observed ids 1 0
	grep -q '"process_credentials":{"uid":4321,"gid":4322,"euid":4321,"egid":4322' \
		"$T/tprun.out" || fail "no event with the ids setpriv set"
}

# process.uid is the effective uid, as ps shows it (Tetragon's execve_send sets
# it from creds.euid, its /proc reader from the second Uid: field): a setuid-root
# program run by uid 4321 is uid 0, in its exec and its hook events alike
test_uid_is_effective() {
	policy | compile pcred
	cp "$OPENER" "$T/suid-opener"
	chmod 4755 "$T/suid-opener"
	touch "$T/f"
	start_tprun "$T/pcred.bpf.o" --enable-process-cred
	setpriv --reuid 4321 --regid 4322 --clear-groups "$T/suid-opener" open "$T/f" ||
		fail "the setuid opener failed"
	stop_tprun
	python3 - "$T/tprun.out" "$T/suid-opener" <<'PY' || fail "process.uid is not the euid"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
mine = [(k, b["process"]) for e in ev for k, b in e.items()
        if k.startswith("process_") and b["process"].get("binary") == sys.argv[2]]
kinds = sorted(set(k for k, p in mine))
assert "process_exec" in kinds and "process_kprobe" in kinds, kinds
for k, p in mine:
    c = p["process_credentials"]
    assert (p.get("uid", 0), c["uid"], c.get("euid", 0)) == (0, 4321, 0), (k, p)
PY
}

# without the options no process shows cap, ns or process_credentials
test_absent_without_options() {
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o"
	observe plain unshare -n
	stop_tprun
	check_observed plain 0 0
	! grep -q '"cap"\|"ns"\|"process_credentials"' "$T/tprun.out" ||
		fail "a field without its option"
}

# unshare(2) after exec, then fork: the child's records carry its own (new) uts namespace,
# read at fork; the process's own events keep those of its exec, as Tetragon's cache does
test_fork_after_unshare() {
	local pid child= i
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o" --enable-process-ns
	"$OPENER" unshare 0x04000000 fork open "$T/f" getppid waitfile "$T/go.fork" \
		> "$T/fork.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		child=$(tr -dc 0-9 < "/proc/$pid/task/$pid/children" 2>/dev/null) || true
		[ -z "$child" ] || break
		sleep 0.05
	done
	[ -n "$child" ] || fail "no child"
	echo "$pid $child $(readlink "/proc/$child/ns/uts" | tr -dc 0-9)" > "$T/fork.ids"
	touch "$T/go.fork"
	wait "$pid"
	stop_tprun
	read -r pid child uts < "$T/fork.ids"
	[ "$uts" != "$(readlink /proc/self/ns/uts | tr -dc 0-9)" ] || fail "no new uts namespace"
	check_events "[h['process']['ns']['uts'] for h in hooks() if h['process']['pid'] == $child] == [{'inum': $uts}] * 2"
	check_events "all(h['parent']['pid'] == $pid and h['parent']['ns']['uts'].get('is_host') for h in hooks() if h['process']['pid'] == $child)"
	check_events "[x['process']['ns']['uts'].get('is_host') for x in execs() if x['process']['pid'] == $pid] == [True]"
}

# the options are in tprun's usage
test_help() {
	"$TPRUN" --help > "$T/help"
	grep -q -- "--enable-process-cred" "$T/help" || fail "no --enable-process-cred in --help"
	grep -q -- "--enable-process-ns" "$T/help" || fail "no --enable-process-ns in --help"
}

# -o compact: Tetragon's trailer for a process holding CAP_SYS_ADMIN, none without it
test_compact_cap_trailer() {
	policy | compile pcred
	start_tprun "$T/pcred.bpf.o" -o compact --enable-process-cred
	"$OPENER" open "$T/f" > /dev/null
	setpriv --bounding-set -sys_admin "$OPENER" getppid > /dev/null
	stop_tprun
	grep -q "^📬 open .*$OPENER $T/f  *🛑 CAP_SYS_ADMIN\$" "$T/tprun.out" ||
		fail "no trailer on the open: $(grep -F "$T/f" "$T/tprun.out")"
	grep -q "^☎  syscall .*$OPENER 110\$" "$T/tprun.out" ||
		fail "the getppid line has a trailer: $(grep -F "$OPENER" "$T/tprun.out")"
}

run_tests

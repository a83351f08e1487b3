# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""make bench-host, make bench-vm: what an event the policy does not match
costs, against baselines measured in the same run on the same hook: no BPF at
all, an empty BPF program (scripts/bench/empty.bpf.c), one that only reads the
path into its stack (the same file: what any filter on the path pays before it
compares a byte), and bpftrace doing the same filter.

Usage: python3 events.py BUILD_DIR WORK_DIR [--variant tracepoint|kprobe|fentry]
                         [--passes N] [--calls N] [--no-scale] [--no-bpftrace]
                         [--prepare | --prepared DIR]
--prepare builds the load, the floor and the policies into WORK_DIR and
stops; --prepared DIR measures with what DIR holds (a VM guest, where clang
runs under emulation: scripts/bench/vm.sh).

The load is scripts/bench/openat_loop.c: openat + close of a path no policy
matches. For each configuration two figures, each its minimum over the
passes, the configurations interleaved within a pass (a noisy spell hits them
all alike):
  - in the kernel: run_time_ns over run_cnt of the configuration's programs
    (kernel.bpf_stats_enabled=1, read from the process's /proc fdinfo), summed
    over the programs that run on every openat;
  - added: wall-clock ns per openat + close above "no BPF", with the stats off.
The ratio is a configuration's added ns over the empty program's. Then the
cost against the number of values (1 to 100k) and of policies (1 to 20: one object
of all, and as many objects), as
tables, CSV and SVG plots (gnuplot) in WORK_DIR. Numbers, not assertions.
"""
import argparse
import glob
import os
import re
import signal
import subprocess
import threading
import time

from policy import policy, values

COUNTS = [1, 10, 100, 1000, 10000, 100000]  # values in one set
NPOL = [1, 2, 5, 10, 20]  # policies in one tprun

HOOKS = {  # variant: (bpftrace probe, its filename arg, tprun --forbid)
    "tracepoint": ("tracepoint:syscalls:sys_enter_openat", "args->filename", "fentry,kprobe"),
    "kprobe": ("kprobe:__x64_sys_openat", "((struct pt_regs *)arg0)->si", "fentry,tracepoint"),
    "fentry": ("kfunc:__x64_sys_openat", "args->regs->si", "kprobe,tracepoint"),
}


def sh(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def stats(on):
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write("1" if on else "0")


def prog_stats(pid):
    """{prog_id: (run_time_ns, run_cnt)} of the BPF programs pid holds"""
    out = {}
    for f in glob.glob(f"/proc/{pid}/fdinfo/*"):
        try:
            text = open(f).read()
        except OSError:
            continue
        m = re.search(r"^prog_id:\s*(\d+)", text, re.M)
        t = re.search(r"^run_time_ns:\s*(\d+)", text, re.M)
        c = re.search(r"^run_cnt:\s*(\d+)", text, re.M)
        if m and t and c:
            out[int(m.group(1))] = (int(t.group(1)), int(c.group(1)))
    return out


def per_event_ns(before, after):
    """ns per event of the programs that ran on (nearly) every event: the hook
    programs, not exec or fork tracking that other processes set off"""
    d = {k: (after[k][0] - before[k][0], after[k][1] - before[k][1])
         for k in after if k in before}
    most = max((c for _, c in d.values()), default=0)
    if most == 0:
        return float("nan")
    return sum(t for t, c in d.values() if c * 2 >= most) / most


class Config:
    """one thing measured: a command that attaches (or none), and its figures"""

    def __init__(self, name, cmd=None, ready=None, stream="stderr", settle=0):
        self.name, self.cmd, self.ready, self.stream = name, cmd, ready, stream
        self.settle = settle  # seconds from the ready line to attached
        self.kernel = self.wall = float("inf")
        self.failed = None

    def start(self, log):
        if not self.cmd:
            return None
        err = open(log, "a")
        p = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, text=True,
                             stdout=subprocess.PIPE if self.stream == "stdout" else subprocess.DEVNULL,
                             stderr=subprocess.PIPE if self.stream == "stderr" else err)
        # a command that never says it is ready is killed, and its figures left out
        watchdog = threading.Timer(120, p.kill)
        watchdog.start()
        for line in getattr(p, self.stream):
            err.write(line)
            if line.startswith(self.ready):
                watchdog.cancel()
                if self.settle:
                    time.sleep(self.settle)
                # keep reading what follows, so the pipe never fills
                p.reader = subprocess.Popen(["cat"], stdin=getattr(p, self.stream), stdout=err)
                return p
        watchdog.cancel()
        p.wait()
        self.failed = f"exit status {p.returncode}, see {log}"
        return None

    @staticmethod
    def stop(p):
        if not p:
            return
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        p.reader.wait(timeout=30)


def measure(configs, loop, miss, calls, passes, log):
    base = Config("no BPF")
    for _ in range(passes):
        for c in [base] + configs:
            if c.failed:
                continue
            p = c.start(log)
            if c.cmd and not p:
                continue
            try:
                stats(False)
                c.wall = min(c.wall, float(sh(loop, miss, str(calls))))
                if p:
                    stats(True)
                    before = prog_stats(p.pid)
                    sh(loop, miss, str(calls // 5))
                    c.kernel = min(c.kernel, per_event_ns(before, prog_stats(p.pid)))
                    stats(False)
            finally:
                Config.stop(p)
    for c in configs:
        c.added = c.wall - base.wall
    return base


def table(title, rows, floor, bt=None):
    print(title)
    print(f"  {'configuration':30} {'kernel ns':>9} {'added ns':>9} {'ratio':>6}"
          + (f" {'bpftrace added':>14}" if bt else ""))
    for c in rows:
        if c.failed:
            print(f"  {c.name:30} {'-':>9} {'-':>9} {'-':>6}   ({c.failed})")
            continue
        ratio = c.added / floor.added if floor.added > 0.5 else float("nan")
        extra = ""
        if bt:
            b = bt.get(c.name)
            extra = f" {b.added:14.1f}" if b and not b.failed else f" {'-':>14}"
        print(f"  {c.name:30} {c.kernel:9.1f} {c.added:9.1f} {ratio:6.2f}{extra}")


def plot(work, name, xlabel, rows, logx):
    """rows: (x, config); writes NAME.csv and, with gnuplot, NAME.svg"""
    csv = os.path.join(work, name + ".csv")
    with open(csv, "w") as f:
        f.write(f"# {xlabel}, kernel ns per event, added wall-clock ns per openat\n")
        for x, c in rows:
            if not c.failed:
                f.write(f"{x} {c.kernel:.1f} {c.added:.1f}\n")
    svg = os.path.join(work, name + ".svg")
    gp = (f'set terminal svg size 640,400; set output "{svg}"; set key top left;'
          f' set xlabel "{xlabel}"; set ylabel "ns"; set yrange [0:*];'
          + (" set logscale x;" if logx else "")
          + f' plot "{csv}" using 1:2 with linespoints title "in the kernel, per event",'
          f' "{csv}" using 1:3 with linespoints title "added wall-clock, per openat"')
    try:
        subprocess.run(["gnuplot"], input=gp, text=True, check=True)
        print(f"  plotted: {svg}")
    except (OSError, subprocess.CalledProcessError):
        print(f"  no gnuplot: {csv} only")


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("build")
    ap.add_argument("work")
    ap.add_argument("--variant", choices=HOOKS, default="tracepoint")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--calls", type=int, default=100000)
    ap.add_argument("--no-scale", action="store_true")
    ap.add_argument("--no-bpftrace", action="store_true")
    ap.add_argument("--prepare", action="store_true")
    ap.add_argument("--prepared")
    ap.add_argument("--mkdir", action="store_true", help="make WORK_DIR first")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    if a.mkdir:
        os.makedirs(work, exist_ok=True)
    objs = os.path.abspath(a.prepared or a.work)
    tpgen, tprun = os.path.join(a.build, "tpgen"), os.path.join(a.build, "tprun")
    here = os.path.dirname(os.path.abspath(__file__))
    loop, empty_bin = os.path.join(objs, "openat_loop"), os.path.join(objs, "empty")
    empty_obj = os.path.join(objs, "empty.bpf.o")
    if not a.prepared:
        sh("gcc", "-O2", "-o", loop, os.path.join(here, "openat_loop.c"))
        sh("clang", "-O2", "-g", "-target", "bpf", "-idirafter", "/usr/include/x86_64-linux-gnu",
           "-c", os.path.join(here, "empty.bpf.c"), "-o", empty_obj)
        sh("sh", "-c", f"gcc -O2 -o {empty_bin} {here}/empty.c $(pkg-config --cflags --libs libbpf)")
    # the path opened: as long as the sets' shortest values (f1..f9), so that the
    # sets' length test (TP_LEN_IN) passes and their lookup is timed too
    miss, hit = os.path.join(objs, "v/m1"), os.path.join(objs, "etc/passwd")
    if not a.prepared:
        os.makedirs(os.path.dirname(miss), exist_ok=True)
        open(miss, "w").write("x\n")
    probe, filename, forbid = HOOKS[a.variant]
    log = os.path.join(work, "events.log")

    built = set()

    def obj(name, sels):
        y, o = os.path.join(objs, name + ".yaml"), os.path.join(objs, name + ".bpf.o")
        if not a.prepared and o not in built:
            built.add(o)
            with open(y, "w") as f:
                f.write(policy(name, sels, "Sigkill"))
            sh(tpgen, y, "-o", o)
        return o

    def tprun_cfg(name, files):
        return Config(name, [tprun, "--forbid", forbid] + files, "tprun: ready")

    def bpftrace_cfg(name, prog):
        # bpftrace says "Attaching" before it attaches
        return Config(name, ["bpftrace", "-e", prog], "Attaching", "stdout", 1)

    def equal(n):
        return [[(1, "Equal", [hit] + values(f"{objs}/v/f%d", 1, n - 1))]]

    ten = [[(1, ("Equal", "Prefix", "Postfix")[i % 3],
             [f"{objs}/s{i}/f", f"{objs}/s{i}/", f".s{i}"][i % 3:i % 3 + 1])] for i in range(10)]
    empty = Config("empty program", [empty_bin, empty_obj, "empty", a.variant], "empty: ready")
    read = Config("reading the path only", [empty_bin, empty_obj, "read", a.variant],
                  "empty: ready")
    bt = bpftrace_cfg("bpftrace, 1 value",
                      f'{probe} /str({filename}) == "{hit}"/ {{ printf("%d\\n", pid); }}')
    one = tprun_cfg("tprun, 1 value", [obj("values-1", equal(1))])
    configs = [empty, read] + ([] if a.no_bpftrace else [bt]) + [one,
               tprun_cfg("tprun, 3000 values", [obj("values-3000", equal(3000))]),
               tprun_cfg("tprun, 10 selectors", [obj("selectors-10", ten)])]
    if not a.prepared:  # every object, before anything is measured
        for n in COUNTS:
            obj(f"values-{n}", equal(n))
        for i in range(max(NPOL)):
            obj(f"policy-{i}", [[(1, "Equal", [f"{objs}/p{i}/passwd"])]])
        for n in NPOL:  # the first n policies as one object: tpgen a.yaml b.yaml ...
            sh(tpgen, *[os.path.join(objs, f"policy-{i}.yaml") for i in range(n)], "-o",
               os.path.join(objs, f"set-{n}.bpf.o"))
    if a.prepare:
        return
    measure(configs, loop, miss, a.calls, a.passes, log)
    table(f"openat on the {a.variant} hook, minimum over {a.passes} interleaved passes"
          " (ratio: added ns over the empty program's):", configs,
          empty, None if a.no_bpftrace else {"tprun, 1 value": bt})
    if a.no_scale:
        return

    by_values = [(n, one if n == 1 else tprun_cfg(f"{n} values", [obj(f"values-{n}", equal(n))]))
                 for n in COUNTS]
    multi = "POLICY.bpf.o..." in subprocess.run([tprun, "--help"], capture_output=True,
                                                  text=True).stdout
    pols = [os.path.join(objs, f"policy-{i}.bpf.o") for i in range(max(NPOL))]
    by_policies = [(n, tprun_cfg(f"{n} objects", pols[:n])) for n in NPOL] if multi else []
    by_set = [(n, tprun_cfg(f"{n} policies, one object",
                            [os.path.join(objs, f"set-{n}.bpf.o")])) for n in NPOL]
    # the baselines again, so that every figure below shares one "no BPF"
    measure([empty] + [c for _, c in by_values] + [c for _, c in by_policies]
            + [c for _, c in by_set], loop, miss, a.calls, a.passes, log)
    print()
    table("cost against the number of Equal values (one selector, a hash set past 8):",
          [c for _, c in by_values], empty)
    plot(work, f"values-{a.variant}", "values", by_values, True)
    print()
    table("cost against the number of policies (each one Equal value), compiled as one object"
          " (tpgen a.yaml b.yaml ...: their hooks share a program and its read):",
          [c for _, c in by_set], empty)
    plot(work, f"policies-{a.variant}", "policies", by_set, False)
    if by_policies:
        print()
        table("the same policies as separate objects in one tprun (a program each):",
              [c for _, c in by_policies], empty)
        plot(work, f"objects-{a.variant}", "objects", by_policies, False)
    else:
        print("objects: this tprun runs one object at a time")


if __name__ == "__main__":
    try:
        main()
    finally:
        stats(False)

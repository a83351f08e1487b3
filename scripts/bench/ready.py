# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""make bench: how long tprun takes from its start to "tprun: ready" for the
value sets of tests/e2e/test_large_sets.sh (thousands of values in hash maps
and LPM tries that tprun fills from .tp.meta), against the same sys_openat hook
with one value, measured in the same run. Numbers, not assertions.

Usage: python3 ready.py BUILD_DIR WORK_DIR [ROUNDS]
Compiles each policy once with BUILD_DIR/tpgen into WORK_DIR, then starts
BUILD_DIR/tprun on each in turn, ROUNDS times round-robin (default 3), and
prints each one's minimum and median and its minimum over the baseline's.
"""
import os
import signal
import statistics
import subprocess
import sys
import time

from policy import pathlen, policy, values


def policies(d):
    """(name, what, yaml, extra tpgen args); the first is the baseline"""
    big = 0x10000000
    lv = f"{d}/lv/"
    return [
        ("equal-1", "1 Equal path, inline (the baseline)",
         [[(1, "Equal", [f"{d}/big/f0"])]], []),
        ("equal-3000", "3000 Equal paths, a hash set",
         [[(1, "Equal", values(f"{d}/big/f%d", 0, 2999))]], []),
        ("prefix-2000", "2000 Prefix directories, an LPM trie",
         [[(1, "Prefix", values(f"{d}/bp/d%d/", 0, 1999))]], []),
        ("postfix-2000", "2000 Postfix suffixes, a reversed LPM trie",
         [[(1, "Prefix", [f"{d}/"]), (1, "Postfix", values(".e%d", 0, 1999))]], []),
        ("int-3001", "3001 int flags, a hash set of u64",
         [[(1, "Prefix", [f"{d}/bi/"]),
           (2, "Equal", values("%d", big, big + 1499) + ["0x80041"] +
            values("0%o", big + 1500, big + 2999))]], []),
        ("notequal-3000", "3000 NotEqual paths under a Prefix",
         [[(1, "Prefix", [f"{d}/ne/"]), (1, "NotEqual", values(f"{d}/ne/f%d", 0, 2999))]], []),
        ("notprefix-notpostfix-2000", "2000 NotPrefix and 2000 NotPostfix",
         [[(1, "Prefix", [f"{d}/nn/"]), (1, "NotPrefix", values(f"{d}/nn/ok%d/", 0, 1999)),
           (1, "NotPostfix", values(".ok%d", 0, 1999))]], []),
        ("long-values", "3 sets of 20 with 256- to 4095-byte values",
         [[(1, "Prefix", [pathlen(lv + "p300/", 300), pathlen(lv + "p256/", 256)] +
            values(lv + "d%d/", 0, 19))],
          [(1, "Prefix", [lv]),
           (1, "Postfix", values(".x%d", 0, 19) + ["/" + pathlen("s300", 299)])],
          [(1, "Equal", values(lv + "f%d", 0, 19) +
            [pathlen(lv + "e600/", 600), pathlen(lv + "e4095/", 4095)])]], []),
        ("inline-max-2", "5 sets of 3 values, maps with --inline-max 2",
         [[(1, "Equal", values(f"{d}/im/%c", ord("a"), ord("c")))],
          [(1, "Prefix", values(f"{d}/im/p%d/", 1, 3))],
          [(1, "Postfix", values(".s%d", 1, 3)), (1, "Prefix", [f"{d}/im/"])],
          [(2, "Equal", ["0x80000", "0x80001", "0x80002"]), (1, "Prefix", [f"{d}/im/"])],
          [(2, "NotEqual", ["0", "1", "2"]), (1, "Prefix", [f"{d}/im/ne/"])]],
         ["--inline-max", "2"]),
    ]


def ready_ms(tprun, obj, log):
    """start tprun on obj; milliseconds until it says "tprun: ready"; then SIGINT"""
    t0 = time.monotonic()
    p = subprocess.Popen([tprun, obj], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, text=True)
    ms = None
    lines = []
    for line in p.stderr:
        lines.append(line)
        if line.startswith("tprun: ready"):
            ms = (time.monotonic() - t0) * 1000
            break
    p.send_signal(signal.SIGINT)
    _, rest = p.communicate(timeout=60)
    with open(log, "a") as f:
        f.writelines(lines)
        f.write(rest)
    if ms is None:
        sys.exit(f"bench: tprun {obj} never became ready (exit status {p.returncode}); see {log}")
    return ms


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    build, work = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    tpgen, tprun = os.path.join(build, "tpgen"), os.path.join(build, "tprun")
    runs = []
    for name, what, sels, args in policies(work):
        y, o = os.path.join(work, name + ".yaml"), os.path.join(work, name + ".bpf.o")
        with open(y, "w") as f:
            f.write(policy(name, sels))
        subprocess.run([tpgen, y, "-o", o] + args, check=True)
        runs.append((name, what, o, []))
    log = os.path.join(work, "tprun-ready.log")
    for _ in range(rounds):  # round-robin: a noisy spell hits every policy alike
        for name, what, o, ms in runs:
            ms.append(ready_ms(tprun, o, log))
    base = min(runs[0][3])
    print(f"tprun start to 'tprun: ready', ms over {rounds} round-robin passes"
          " (ratio: minimum over equal-1's minimum):")
    print(f"  {'policy':26} {'min':>7} {'median':>7} {'ratio':>6}")
    for name, what, o, ms in runs:
        print(f"  {name:26} {min(ms):7.1f} {statistics.median(ms):7.1f}"
              f" {min(ms) / base:6.2f}   {what}")


main()

# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""The bench's policies: a sys_openat kprobe whose selectors the caller gives
(ready.py, events.py)."""


def values(fmt, lo, hi):
    return [fmt % i for i in range(lo, hi + 1)]


def pathlen(base, n):
    """base extended to n bytes, with a "/" every 100 bytes"""
    s = base
    while len(s) < n:
        s += "/" if (len(s) + 1) % 100 == 0 else "a"
    return s


def policy(name, selectors, action=None):
    """a sys_openat kprobe on (dfd int, path string, flags int); selectors is a
    list of selectors, each a list of (index, operator, values); each selector
    takes action when one is given"""
    out = [
        "apiVersion: cilium.io/v1alpha1",
        "kind: TracingPolicy",
        "metadata:",
        f'  name: "{name}"',
        "spec:",
        "  kprobes:",
        '  - call: "sys_openat"',
        "    syscall: true",
        "    args:",
    ]
    for i, t in enumerate(("int", "string", "int")):
        out += [f"    - index: {i}", f'      type: "{t}"']
    out.append("    selectors:")
    for sel in selectors:
        out.append("    - matchArgs:")
        for index, op, vals in sel:
            out += [f"      - index: {index}", f'        operator: "{op}"', "        values:"]
            out += [f'        - "{v}"' for v in vals]
        if action:
            out += ["      matchActions:", f"      - action: {action}"]
    return "\n".join(out) + "\n"

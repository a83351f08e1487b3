# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# tprun --metrics-addr in the VM tests: the kernel's selector action counts
# (tetragon_tracingpolicy_selector_actions_total) scraped over HTTP. After lib.sh.

PORT=9187

# actions [LABEL=VALUE...]: the sum of the scraped selector action counts with these labels
actions() {
	python3 -S - "$PORT" "$@" <<'PY'
import re, sys, urllib.request
want = dict(a.split("=", 1) for a in sys.argv[2:])
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5).read().decode()
n = 0
for l in text.splitlines():
    m = re.match(r'tetragon_tracingpolicy_selector_actions_total\{(.*)\} (\d+)$', l)
    if m and all(f'{k}="{v}"' in m.group(1).split(",") for k, v in want.items()):
        n += int(m.group(2))
print(n)
PY
}

# expect_actions WANT LABEL=VALUE...: the count is WANT, once tprun has read the kernel's
expect_actions() {
	local want=$1 got i
	shift
	for ((i = 0; i < 30; i++)); do
		got=$(actions "$@")
		[ "$got" = "$want" ] && return 0
		nap 0.1
	done
	fail "$*: $got, want $want"
}

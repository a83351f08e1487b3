#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --metrics-addr: Override as the kernel counted it
# (tetragon_tracingpolicy_selector_actions_total), through fmod_ret on
# security_file_open and the BPF LSM file_open hook, scraped over HTTP.
. "$(dirname "$0")/lib.sh"

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

test_fmod_ret_override_counted() {
	local d=/tmp/tpgen-vm/deny
	mkdir -p "$d"
	echo x > "$d/f"
	start_policy override-file-open --metrics-addr "127.0.0.1:$PORT"
	expect_variant security_file_open fmod_ret security_file_open
	expect_exit 1 open_errno "$d/f"
	expect_exit 1 cat "$d/f"
	expect_actions 2 policy=override-file-open hook=kprobe:security_file_open \
		selector_index=0 action=override
	expect_actions 2 policy=override-file-open action=post
	stop_tprun
}

test_lsm_override_counted() {
	local d=/tmp/tpgen-vm/lsm-deny
	mkdir -p "$d"
	echo x > "$d/f"
	start_policy lsm-file-open-override --metrics-addr "127.0.0.1:$PORT"
	expect_variant file_open lsm
	expect_exit 1 /usr/bin/cat "$d/f"
	expect_alive head "$d/f"
	expect_actions 1 policy=lsm-file-open-override hook=lsm:file_open action=override
	stop_tprun
}

run_tests

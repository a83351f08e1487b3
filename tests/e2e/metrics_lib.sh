# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# tprun --metrics-addr in the e2e tests: a free port, a scrape of /metrics over
# HTTP (curl) and the sums of its series. After lib.sh; PORT is the test's.

# free_port: a TCP port nothing listens on now
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# scrape [URL]: GET /metrics into $T/scrape (curl fails on an HTTP error)
scrape() {
	curl -sSf --max-time 5 "${1:-http://127.0.0.1:$PORT/metrics}" > "$T/scrape" ||
		{ fail "scrape of ${1:-port $PORT} failed"; return 1; }
}

# metric NAME [LABEL=VALUE...]: the sum of the scraped series NAME whose labels
# have these values (parsed as the text format escapes them); 0 for none
metric() {
	python3 - "$T/scrape" "$@" <<'PY'
import re, sys
want = dict(a.split("=", 1) for a in sys.argv[3:])
line = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
label = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')
total = 0
for l in open(sys.argv[1], encoding="utf-8"):
    if l.startswith("#"):
        continue
    m = line.match(l.rstrip("\n"))
    if not m:
        sys.exit(f"not the text format: {l!r}")
    if m.group(1) != sys.argv[2]:
        continue
    labels = {k: re.sub(r'\\(.)', lambda e: "\n" if e.group(1) == "n" else e.group(1), v)
              for k, v in label.findall(m.group(3) or "")}
    if all(labels.get(k) == v for k, v in want.items()):
        total += int(m.group(4))
print(total)
PY
}

# expect_metric WANT NAME [LABEL=VALUE...]: the scraped sum is WANT
expect_metric() {
	local want=$1 got
	shift
	got=$(metric "$@")
	[ "$got" = "$want" ] || { fail "$*: $got, want $want"; return 1; }
}

# await_metric WANT NAME [LABEL=VALUE...]: scrape until the sum is WANT (10 s at most)
await_metric() {
	local i
	for ((i = 0; i < 50; i++)); do
		scrape
		[ "$(metric "${@:2}")" = "$1" ] && return 0
		sleep 0.2
	done
	expect_metric "$@"
}

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make bench-host: on this host's syscall tracepoint, what an event costs
# against an empty program, one that only reads the path, and bpftrace, and
# against the number of values
# and of policies (scripts/bench/events.py, tables and SVG plots); how long
# tprun takes to be ready (ready.py); the kernel memory of a policy's maps
# (memory.sh); how fast tprun drains a flood into a
# file, and what is lost (drain.sh); tpgen's time per policy (compile.sh); the
# size of policies/demo.yaml's object.
# Numbers, not assertions: these machines are noisy.
# Usage: host.sh [BUILD_DIR]   Environment: BENCH_PASSES (default 3), BENCH_CALLS.
set -eu
O=${1:-build}
work=$(cd "$O" && pwd -P)/bench
rm -rf "$work"
mkdir -p "$work/events" "$work/ready"
ulimit -l unlimited 2>/dev/null || true

python3 scripts/bench/events.py "$O" "$work/events" --passes "${BENCH_PASSES:-3}" \
	--calls "${BENCH_CALLS:-100000}"
echo
python3 scripts/bench/ready.py "$O" "$work/ready" "${BENCH_PASSES:-3}"
echo
scripts/bench/memory.sh "$O"
echo
scripts/bench/drain.sh "$O"
echo
scripts/bench/compile.sh "$O"

# the size of policies/demo.yaml's object (issue 10 wants at most 64 KiB): a figure, not a test
echo
"$O/tpgen" policies/demo.yaml -o "$work/demo.bpf.o"
text=0 btf=0 ext=0
while read -r _ name size _ type; do
	case $name in
	.BTF) btf=$((16#$size)) ;;
	.BTF.ext) ext=$((16#$size)) ;;
	esac
	[ "${type:-}" != TEXT ] || text=$((text + 16#$size))
done < <(llvm-objdump -h "$work/demo.bpf.o" | tail -n +6)
echo "policies/demo.yaml object: $(stat -c %s "$work/demo.bpf.o") bytes (goal: at most 65536):" \
	"programs $text, .BTF $btf, .BTF.ext $ext"

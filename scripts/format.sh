#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The tree's C sources against .clang-format (clang-format 14, Debian 12's).
#   scripts/format.sh            reformat them in place (make fmt)
#   scripts/format.sh --check O  report each unformatted file and leave
#                                "N passed, M failed" in O/results/format
#                                (make test's format stage)
set -u
cd "$(dirname "$0")/.."

dirs=(common gen runtime loader include templates tests/unit tests/e2e/bin tests/fuzz scripts/bench)
mapfile -t srcs < <(find "${dirs[@]}" -name '*.[ch]' | sort)

if [ "${1:-}" != --check ]; then
	exec clang-format -i "${srcs[@]}"
fi

O=${2:?usage: format.sh --check BUILD_DIR}
mkdir -p "$O/results"
# one clang-format for all files; each unformatted one is named in its errors
out=$(clang-format --dry-run --Werror "${srcs[@]}" 2>&1)
rc=$?
mapfile -t bad < <(printf '%s\n' "$out" |
	sed -nE 's/^([^:]+):[0-9]+:[0-9]+: error: code should be clang-formatted.*/\1/p' | sort -u)
for f in "${bad[@]}"; do
	echo "  FAIL format: $f differs from .clang-format (make fmt rewrites it)"
done
failed=${#bad[@]}
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
	printf '%s\n' "$out" | head -5
	echo "  FAIL format: clang-format exited $rc"
	failed=1
fi
passed=$((${#srcs[@]} - failed))
echo "format: $passed passed, $failed failed"
echo "$passed passed, $failed failed" > "$O/results/format"
[ "$failed" -eq 0 ]

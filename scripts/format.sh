#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The tree's C sources against .clang-format (clang-format 14, Debian 12's).
#   scripts/format.sh            reformat them in place (make fmt)
#   scripts/format.sh --check O  report each unformatted file and leave
#                                "N passed, M failed" in O/results/format
#                                (make test's format stage)
set -u
cd "$(dirname "$0")/.."

dirs=(common gen runtime loader include templates tests/unit tests/e2e/bin scripts/bench)
mapfile -t srcs < <(find "${dirs[@]}" -name '*.[ch]' | sort)

if [ "${1:-}" != --check ]; then
	exec clang-format -i "${srcs[@]}"
fi

O=${2:?usage: format.sh --check BUILD_DIR}
mkdir -p "$O/results"
passed=0 failed=0
for f in "${srcs[@]}"; do
	if clang-format --dry-run --Werror "$f" 2>/dev/null; then
		passed=$((passed + 1))
	else
		echo "  FAIL format: $f differs from .clang-format (make fmt rewrites it)"
		failed=$((failed + 1))
	fi
done
echo "format: $passed passed, $failed failed"
echo "$passed passed, $failed failed" > "$O/results/format"
[ "$failed" -eq 0 ]

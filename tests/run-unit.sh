#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run the check unit test binaries given as arguments; fail if any fails.
set -u
rc=0
for t in "$@"; do
	CK_FORK=yes "$t" || rc=1
done
exit $rc

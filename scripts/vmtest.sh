#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# vmtest.sh [--kernel 6.1|6.12] [run.sh options] -- CMD...
#
# Runs CMD under Debian's own kernel of that series (default 6.1) in qemu without
# KVM, booted with lsm=lockdown,capability,bpf: the host root read-only, this
# checkout at the same path, a writable /tmp, tracefs, debugfs, bpffs and
# securityfs mounted, loopback up. Exits with CMD's status; on a failure the
# guest console follows on stderr. The kernel is fetched once with apt-get
# download and cached under build/vm-kernels ($TPGEN_VM_CACHE overrides).
# A thin front over scripts/vm/run.sh; see scripts/vm/README.md.
#
#   scripts/vmtest.sh -- uname -r
#   scripts/vmtest.sh --kernel 6.12 -- build/tprun --check build/policies/demo.bpf.o
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
series=6.1
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel)
		[ $# -ge 2 ] || { echo "vmtest: --kernel needs 6.1 or 6.12" >&2; exit 125; }
		series=$2
		shift 2
		;;
	--) break ;;
	*) args+=("$1"); shift ;;
	esac
done
case $series in
6.1) glob='6.1.0-*' ;;
6.12) glob='6.12*' ;;
*) echo "vmtest: unknown kernel series '$series' (6.1 or 6.12)" >&2; exit 125 ;;
esac
exec "$here/vm/run.sh" --kernel "$glob" ${args[@]+"${args[@]}"} "$@"

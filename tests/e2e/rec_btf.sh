# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# btfPath tests (test_uprobe.sh, test_usdt.sh), after lib.sh: BTF of the record
# uprober and usdter pass (bin/uprober.h), and args that resolve its fields.

# rec_btf: $T/rec.btf, made by clang from uprober.h, as pahole -J makes a binary's
rec_btf() {
	printf '#include "uprober.h"\nstruct tp_rec *tp_rec_btf;\n' |
		clang -target bpf -g -c -x c -I "$(dirname "$0")/bin" -o "$T/rec.btf" -
}

# rec_args "TYPE PATH"...: YAML args 0, 1, ... each a struct tp_rec pointer resolved by PATH
rec_args() {
	local i=0 a
	echo "    args:"
	for a in "$@"; do
		printf '    - index: %d\n      type: "%s"\n      btfType: "tp_rec"\n      resolve: "%s"\n' \
			"$i" "${a%% *}" "${a#* }"
		i=$((i + 1))
	done
}

#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# fuzz_object's seeds, in BUILD_DIR/fuzz/seeds/object: the objects tpgen made
# of policies/ (BUILD_DIR/policies/*.bpf.o) and the .tp.meta section of each
# alone (NAME.meta; fuzz_object reads an input that is not ELF as a meta).
# Usage: object-seeds.sh BUILD_DIR
set -eu
O=$1
seeds=$O/fuzz/seeds/object
rm -rf "$seeds"
mkdir -p "$seeds"
for o in "$O"/policies/*.bpf.o; do
	[ -e "$o" ] || { echo "object-seeds: no objects in $O/policies (make policies)" >&2; exit 1; }
	cp "$o" "$seeds/"
	llvm-objcopy --dump-section .tp.meta="$seeds/$(basename "$o" .bpf.o).meta" "$o" /dev/null
done

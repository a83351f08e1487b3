#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# --help, the man pages and the bash completions agree: each option a tool's
# --help defines is defined in its man page's OPTIONS and offered by its
# completion, and nothing else is; so are tprun's --forbid variants. The man
# pages as make builds them (docs/man/*.scd through scdoc, in O/man), the
# completions as make install installs them (dist/bash-completion/).
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
COMPLETIONS="$TOP/dist/bash-completion"
make -s -C "$TOP" O="$O" man > "$T/make.out" 2>&1 || cat "$T/make.out" >&2

# help_opts TOOL: the options TOOL --help defines, one a line, sorted: the
# lines "  -o, --output FMT" and "      --check ...", not options named in prose
help_opts() {
	"$O/$1" --help | grep -oE '^ {2,}(-[a-zA-Z], )?--[a-z0-9-]+' |
		grep -oE -- '--?[a-zA-Z][a-z0-9-]*' | sort
}

# man_opts PAGE.gz: the options the OPTIONS section defines, one a line, sorted:
# the bold words starting with "-" on its definition lines (outside .RS ... .RE,
# where the descriptions are)
man_opts() {
	zcat "$1" | awk '/^\.SH / { opts = ($0 == ".SH OPTIONS"); next }
		!opts { next }
		/^\.RS/ { rs = 1; next }
		/^\.RE/ { rs = 0; next }
		!rs && !/^\./' | grep -oE '\\fB-[^\\]+\\fR' | sed -E 's/^\\fB//; s/\\fR$//' | sort
}

# complete_words TOOL WORD...: what TOOL's completion offers for the last
# WORD, one a line, sorted (COMP_WORDS as bash would set them)
complete_words() {
	local tool=$1
	shift
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); "_$1"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETIONS/$tool" "$tool" "$@" | sort
}

# agree WHAT A B: the lists in files A and B are equal, else say what differs
agree() {
	diff "$2" "$3" > "$T/diff" || { cat "$T/diff" >&2; fail "$1 differ"; return 1; }
	[ -s "$2" ] || fail "$1: none found"
}

man_agrees() {
	help_opts "$1" > "$T/help"
	man_opts "$O/man/$1.1.gz" > "$T/man"
	agree "$1 --help and $1(1)" "$T/help" "$T/man"
}

completion_agrees() {
	help_opts "$1" > "$T/help"
	complete_words "$1" "$1" - > "$T/completion"
	agree "$1 --help and its completion" "$T/help" "$T/completion"
}

test_tpgen_man_page_has_the_help_options() {
	man_agrees tpgen
}

test_tprun_man_page_has_the_help_options() {
	man_agrees tprun
}

test_tpgen_completion_has_the_help_options() {
	completion_agrees tpgen
}

test_tprun_completion_has_the_help_options() {
	completion_agrees tprun
}

# the comparison can fail: a man page short of an option, or with one more
test_a_missing_or_extra_option_is_seen() {
	help_opts tprun > "$T/help"
	zcat "$O/man/tprun.1.gz" | grep -v '^\\fB--pin\\fR' | gzip > "$T/short.1.gz"
	man_opts "$T/short.1.gz" > "$T/man"
	! diff -q "$T/help" "$T/man" > /dev/null || fail "--pin left out, yet they agree"
	zcat "$O/man/tprun.1.gz" | sed 's/^\\fB--pin\\fR/\\fB--pin\\fR, \\fB--pinned\\fR/' |
		gzip > "$T/long.1.gz"
	man_opts "$T/long.1.gz" > "$T/man"
	! diff -q "$T/help" "$T/man" > /dev/null || fail "--pinned added, yet they agree"
	diff <(help_opts tprun) <(man_opts "$O/man/tprun.1.gz") > /dev/null ||
		fail "the real man page disagrees"
}

# tprun --help lists --forbid's variants (include/tp's vocabulary); the
# completion offers them, the man page names them
test_forbid_variants_agree() {
	"$O/tprun" --help | grep -A1 -- '--forbid VARIANT' | tail -1 | tr -d ' ' | tr ',' '\n' |
		sort > "$T/help"
	complete_words tprun tprun --forbid "" > "$T/completion"
	agree "--forbid's variants in --help and the completion" "$T/help" "$T/completion"
	zcat "$O/man/tprun.1.gz" | tr '\n' ' ' | grep -oE 'variants are listed by [^.]*\.' |
		sed -E 's/.*: //; s/\.$//' | tr -d ' ' | tr ',' '\n' | sort > "$T/man"
	agree "--forbid's variants in --help and tprun(1)" "$T/help" "$T/man"
	# a comma list completes its last item
	[ "$(complete_words tprun tprun --forbid fentry,kprobe_m)" = "fentry,kprobe_multi" ] ||
		fail "--forbid fentry,kprobe_m: $(complete_words tprun tprun --forbid fentry,kprobe_m)"
}

# values and files: -o's formats, objects for tprun, policies for tpgen
test_completion_values_and_files() {
	[ "$(complete_words tprun tprun -o "" | tr '\n' ' ')" = "compact json " ] ||
		fail "tprun -o: $(complete_words tprun tprun -o "")"
	mkdir "$T/c"
	touch "$T/c/a.bpf.o" "$T/c/b.yaml" "$T/c/c.txt"
	[ "$(complete_words tprun tprun "$T/c/")" = "$T/c/a.bpf.o" ] ||
		fail "tprun objects: $(complete_words tprun tprun "$T/c/")"
	[ "$(complete_words tpgen tpgen "$T/c/")" = "$T/c/b.yaml" ] ||
		fail "tpgen policies: $(complete_words tpgen tpgen "$T/c/")"
}

# man renders both pages without a warning from groff
test_man_pages_render_cleanly() {
	local m
	for m in tpgen tprun; do
		MANWIDTH=80 man --warnings -l "$O/man/$m.1.gz" > "$T/$m.txt" 2> "$T/$m.warn"
		[ ! -s "$T/$m.warn" ] || { cat "$T/$m.warn" >&2; fail "$m(1) renders with warnings"; }
		grep -q '^OPTIONS' "$T/$m.txt" || fail "$m(1) has no OPTIONS"
	done
}

run_tests

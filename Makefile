# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# make            build/tpgen, build/tprun
# make test       install deps, mount filesystems, build, run every test
# make vmtest     the VM end-to-end suite on Debian's 6.1 and 6.12 kernels (in make test too)
# make vmtest-arm64  tpgen --target arm64 objects in an aarch64 guest (in make test too)
# make fuzz       the libFuzzer targets (tests/fuzz/), FUZZ_SECONDS each (default 60)
# make demo       compile policies/demo.yaml and show it working
# make install    PREFIX=/usr/local (DESTDIR honoured; SYSCONFDIR: PREFIX/etc, /etc for /usr)
# make man        the man pages (docs/man/*.scd, through scdoc) in O/man
# make deb        Debian packages tprun and tpgen of this build in O/deb (dist/debian/build.sh)
# O=dir           out-of-tree build directory (default build)
# V=1             show full commands

O ?= build
PREFIX ?= /usr/local
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
LIBEXECDIR ?= $(PREFIX)/libexec
UNITDIR ?= $(PREFIX)/lib/systemd/system
BPFFS ?= /sys/fs/bpf
SCDOC ?= scdoc
CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

PKGS := libbpf libelf yaml-0.1 zlib libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
	    -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS := $(CFLAGS) $(WARNINGS) -std=gnu11 -D_GNU_SOURCE -MMD -MP $(PKG_CFLAGS) -Iinclude
LDLIBS := $(PKG_LIBS)
# libtp's user stack traces: elfutils' libdwfl (tprun and what links libtp only)
# and GetUrl's libcurl, DnsLookup's libresolv, the user-action worker's threads,
# the export filters' JSON (jansson) and regexes (PCRE2), --metrics-addr's HTTP
# server (libmicrohttpd); the export file's gzip is zlib's (PKGS)
RT_LIBS := $(shell pkg-config --libs libdw libcurl jansson libpcre2-8 libmicrohttpd 2>/dev/null) \
	-lresolv -lpthread

# The rooms, in pipeline order: include/tp (the ABI every room shares), common
# (vocabulary lookups and helpers tpgen and libtp share), gen (tpgen), runtime
# (libtp), loader (tprun), templates/bpf (the BPF C tpgen's output includes).
# Each room sees the ABI, common and itself: nothing else crosses rooms.
srcs = $(sort $(shell find $(1) -name '*.c'))
COMMON_SRCS := $(call srcs,common)
GEN_SRCS := $(call srcs,gen)
RT_SRCS := $(call srcs,runtime)
LOADER_SRCS := $(call srcs,loader)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEMPLATES := $(wildcard templates/bpf/*)
ABI_HEADERS := $(wildcard include/tp/*.h)
POLICIES := $(sort $(wildcard policies/*.yaml))
MAN_SRCS := $(wildcard docs/man/*.scd)

COMMON_CFLAGS := -iquote common
GEN_CFLAGS := -Icommon -iquote gen -iquote $(O)/include \
	-DTP_SRC_TEMPLATES='"$(abspath templates/bpf)"' \
	-DTP_SRC_INCLUDE='"$(abspath include)"' \
	-DTP_SRC_VMLINUX='"$(abspath $(O)/include)"'
RT_CFLAGS := -Icommon -iquote runtime
$(O)/obj/common/%.o: ROOM_CFLAGS := $(COMMON_CFLAGS)
$(O)/obj/gen/%.o: ROOM_CFLAGS := $(GEN_CFLAGS)
$(O)/obj/runtime/%.o: ROOM_CFLAGS := $(RT_CFLAGS)
$(O)/obj/loader/%.o: ROOM_CFLAGS := -Icommon -Iruntime
$(O)/obj/tests/unit/%.o: ROOM_CFLAGS := -Icommon -iquote gen -iquote runtime $(CHECK_CFLAGS) \
	-Wno-missing-prototypes -DTP_SRC_TEMPLATES='"$(abspath templates/bpf)"'

COMMON_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(COMMON_SRCS))
GEN_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(GEN_SRCS))
GEN_LIB_OBJS := $(filter-out $(O)/obj/gen/main.o,$(GEN_OBJS))
RT_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(RT_SRCS))
LOADER_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(LOADER_SRCS))
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
POLICY_OBJS := $(patsubst policies/%.yaml,$(O)/policies/%.bpf.o,$(POLICIES))
E2E_BINS := $(patsubst tests/e2e/bin/%.c,$(O)/tests/e2e/%,$(wildcard tests/e2e/bin/*.c))
MAN_PAGES := $(patsubst docs/man/%.scd,$(O)/man/%.gz,$(MAN_SRCS))

TPGEN := $(O)/tpgen
TPRUN := $(O)/tprun
LIBTP := $(O)/libtp.a
LIBCOMMON := $(O)/libtpcommon.a
VMLINUX_H := $(O)/include/vmlinux.h
VMLINUX_BTF := $(O)/include/vmlinux.btf
SYSCALL_NRS_H := $(O)/include/syscall_nrs.h

.DELETE_ON_ERROR:
.PHONY: all test unit policies verifier corpus e2e vmtest vmtest-arm64 demo deps mounts install deb clean bench bench-host bench-vm stress fmt \
	fuzz fuzz-replay man

all: $(TPGEN) $(TPRUN)

$(O)/tests $(O)/tests/e2e $(O)/include $(O)/policies $(O)/man:
	$(Q)mkdir -p $@

$(O)/obj/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(ROOM_CFLAGS) -c $< -o $@

$(LIBCOMMON): $(COMMON_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBTP): $(RT_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(TPGEN): $(GEN_OBJS) $(LIBCOMMON) $(VMLINUX_H) $(VMLINUX_BTF)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $(GEN_OBJS) $(LIBCOMMON) $(LDLIBS)

$(TPRUN): $(LOADER_OBJS) $(LIBTP) $(LIBCOMMON)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $(LOADER_OBJS) $(LIBTP) $(LIBCOMMON) $(RT_LIBS) $(LDLIBS)

# vmlinux.h comes from the build machine's BTF; it is never committed.
$(VMLINUX_H): | $(O)/include
	$(call msg,GEN,$@)
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

# and its BTF, which tpgen cuts to the structs a policy reaches (gen/link/vmlinux_cut.c)
$(VMLINUX_BTF): | $(O)/include
	$(call msg,GEN,$@)
	$(Q)cp /sys/kernel/btf/vmlinux $@.tmp && mv $@.tmp $@

# The syscall numbers of list: values, from this machine's uapi headers; never committed.
$(SYSCALL_NRS_H): scripts/gen-syscall-nrs.sh | $(O)/include
	$(call msg,GEN,$@)
	$(Q)sh scripts/gen-syscall-nrs.sh > $@.tmp && mv $@.tmp $@

$(O)/obj/gen/check/syscall_nrs.o: $(SYSCALL_NRS_H)

# --- tests -----------------------------------------------------------------

$(O)/tests/test_%: $(O)/obj/tests/unit/test_%.o $(GEN_LIB_OBJS) $(LIBTP) $(LIBCOMMON) | $(O)/tests
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(UNIT_EXTRA) $(GEN_LIB_OBJS) $(LIBTP) $(LIBCOMMON) $(CHECK_LIBS) $(RT_LIBS) \
		$(LDLIBS)

# tprun's command line, tested alone
$(O)/tests/test_options: UNIT_EXTRA := $(O)/obj/loader/options.o
$(O)/tests/test_options: $(O)/obj/loader/options.o

# stacker's user stack is walked by its frame pointers
$(O)/tests/e2e/stacker: E2E_CFLAGS := -fno-omit-frame-pointer
# uprober is not position-independent: its addresses differ from its file offsets (addrs)
$(O)/tests/e2e/uprober: E2E_CFLAGS := -no-pie
$(O)/tests/e2e/%: tests/e2e/bin/%.c | $(O)/tests/e2e
	$(call msg,CC,$@)
	$(Q)$(CC) -O2 -g -Wall -Werror $(E2E_CFLAGS) -o $@ $<

$(O)/policies/%.bpf.o: policies/%.yaml $(TPGEN) $(TEMPLATES) $(ABI_HEADERS) | $(O)/policies
	$(call msg,TPGEN,$@)
	$(Q)$(TPGEN) $< -o $@

policies: $(POLICY_OBJS)

# --- fuzzing ---------------------------------------------------------------
# libFuzzer targets (tests/fuzz/), with ASan and UBSan, in a build of their
# own: gen/, common/ and runtime/ compiled again with the sanitizers.
FUZZ_O := $(O)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	$(filter-out $(CFLAGS),$(ALL_CFLAGS))
FUZZ_BINS := $(FUZZ_O)/fuzz_policy $(FUZZ_O)/fuzz_object
FUZZ_GEN_OBJS := $(patsubst $(O)/obj/%,$(FUZZ_O)/obj/%,$(GEN_LIB_OBJS))
FUZZ_COMMON_OBJS := $(patsubst $(O)/obj/%,$(FUZZ_O)/obj/%,$(COMMON_OBJS))
FUZZ_RT_OBJS := $(patsubst $(O)/obj/%,$(FUZZ_O)/obj/%,$(RT_OBJS))

$(FUZZ_O)/obj/common/%.o: ROOM_CFLAGS := $(COMMON_CFLAGS)
$(FUZZ_O)/obj/gen/%.o: ROOM_CFLAGS := $(GEN_CFLAGS)
$(FUZZ_O)/obj/runtime/%.o: ROOM_CFLAGS := $(RT_CFLAGS)
$(FUZZ_O)/obj/tests/fuzz/fuzz_policy.o: ROOM_CFLAGS := -Icommon -iquote gen \
	-DTP_SRC_TEMPLATES='"$(abspath templates/bpf)"'
$(FUZZ_O)/obj/tests/fuzz/fuzz_object.o: ROOM_CFLAGS := -Icommon -Iruntime
$(FUZZ_O)/obj/gen/check/syscall_nrs.o: $(SYSCALL_NRS_H)

$(FUZZ_O)/obj/%.o: %.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(ROOM_CFLAGS) -c $< -o $@

$(FUZZ_O)/libtpcommon.a: $(FUZZ_COMMON_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_O)/libtp.a: $(FUZZ_RT_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_O)/fuzz_policy: $(FUZZ_O)/obj/tests/fuzz/fuzz_policy.o $(FUZZ_GEN_OBJS) $(FUZZ_O)/libtpcommon.a
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

$(FUZZ_O)/fuzz_object: $(FUZZ_O)/obj/tests/fuzz/fuzz_object.o $(FUZZ_O)/libtp.a \
		$(FUZZ_O)/libtpcommon.a
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(RT_LIBS) $(LDLIBS)

# each target for FUZZ_SECONDS, seeded from policies/, the shared corpus and
# the objects tpgen makes of policies/; what it finds is left in $(FUZZ_O)
fuzz: deps $(FUZZ_BINS) $(POLICY_OBJS)
	$(Q)tests/fuzz/run.sh $(O) $(FUZZ_SECONDS)

# every regression input and seed, once, through the sanitizer builds (in make test too)
fuzz-replay: $(FUZZ_BINS) $(POLICY_OBJS)
	$(Q)tests/fuzz/replay.sh $(O)

unit: $(UNIT_BINS)
	$(Q)tests/run-unit.sh $(UNIT_BINS)

verifier: all $(POLICY_OBJS)
	$(Q)tests/verifier.sh $(O)

corpus: all
	$(Q)tests/corpus.sh $(O)

e2e: all $(E2E_BINS) $(MAN_PAGES)
	$(Q)tests/e2e/run.sh $(O)

# the VM suite (tests/vm/) in one boot each of Debian's 6.1 and 6.12 kernels
vmtest: deps
	$(Q)$(MAKE) --no-print-directory all $(POLICY_OBJS) $(E2E_BINS)
	$(Q)tests/vm.sh $(O)

# objects built with --target arm64, a cross-built tprun, Debian's arm64 kernel under qemu
vmtest-arm64: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/vm-arm64.sh $(O)

deps:
	$(Q)scripts/install-deps.sh

mounts:
	$(Q)scripts/mount-fs.sh

# `make test` does its own set-up: a fresh machine needs nothing else.
test: deps mounts
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS) $(POLICY_OBJS) $(E2E_BINS) $(FUZZ_BINS) \
		$(MAN_PAGES)
	$(Q)tests/run-all.sh $(O) $(UNIT_BINS)

demo: deps mounts
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh $(O)

# Figures, not tests: the host's hooks, then kprobe and fentry in a 6.12 guest.
bench: bench-host bench-vm

bench-host: deps mounts
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/bench/host.sh $(O)

bench-vm: deps mounts
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/bench/vm.sh $(O)

# Enforcement under load: 8 workers x 2000 opens, 0 missed and 0 false kills, or it fails.
stress: deps mounts
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/stress/stress.sh $(O)

# --- man pages and install ---------------------------------------------------

# dated by their source's last commit, so that a build gives the same bytes;
# compressed as Debian installs them (dh_compress: gzip -9n)
$(O)/man/%.gz: docs/man/%.scd | $(O)/man
	$(call msg,SCDOC,$@)
	$(Q)e=$$(git log -1 --format=%ct -- $< 2>/dev/null); \
		SOURCE_DATE_EPOCH=$${e:-$$(date +%s)} $(SCDOC) < $< > $(@:.gz=).tmp && \
		gzip -9n < $(@:.gz=).tmp > $@.tmp && rm $(@:.gz=).tmp && mv $@.tmp $@

man: $(MAN_PAGES)

# The service files name the paths they run from (never DESTDIR) and the bpffs
# their pins go under (BPFFS); each unit gets the one sandbox,
# dist/systemd/sandbox.inc, in place of its "# @SANDBOX@".
SANDBOX := sed -e '/^\# @SANDBOX@$$/{r dist/systemd/sandbox.inc' -e 'd}'
SUBST := sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	-e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' -e 's|@BPFFS@|$(BPFFS)|g'
DATADIR := $(DESTDIR)$(PREFIX)/share

install: all man
	install -d $(DESTDIR)$(PREFIX)/bin $(DATADIR)/tpgen/templates $(DATADIR)/tpgen/include/tp \
		$(DATADIR)/man/man1 $(DATADIR)/bash-completion/completions $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SYSCONFDIR)/tprun/instance
	install -m 755 $(TPGEN) $(TPRUN) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(TEMPLATES) $(DATADIR)/tpgen/templates/
	install -m 644 $(ABI_HEADERS) $(DATADIR)/tpgen/include/tp/
	install -m 644 $(VMLINUX_H) $(VMLINUX_BTF) $(DATADIR)/tpgen/include/
	install -m 644 $(MAN_PAGES) $(DATADIR)/man/man1/
	install -m 644 dist/bash-completion/tpgen dist/bash-completion/tprun \
		$(DATADIR)/bash-completion/completions/
	for u in tprun.service tprun@.service; do \
		$(SANDBOX) dist/systemd/$$u.in | $(SUBST) > $(DESTDIR)$(UNITDIR)/$$u && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$u || exit; done
	$(SUBST) dist/systemd/tprun-service.in > $(DESTDIR)$(LIBEXECDIR)/tprun-service
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/tprun-service

# Debian packages, cut from `make install PREFIX=/usr` by debhelper (dist/debian/)
deb: all man
	$(Q)dist/debian/build.sh $(O)

fmt:
	$(Q)scripts/format.sh

clean:
	rm -rf $(O)

-include $(shell find $(O)/obj $(FUZZ_O)/obj -name '*.d' 2>/dev/null)

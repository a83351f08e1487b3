/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The .tp.meta section: the hook table tpgen writes into every object and
 * tprun reads back. This header is the one definition of the format, of hook kinds and
 * flags and of attach variants.
 *
 * Layout, all integers little-endian u32, offsets relative to the section:
 *
 *   tp_meta_header
 *   u32 policies[npolicies]      at policies_off (string offsets: the policies' names)
 *   tp_meta_hook[nhooks]         at hooks_off
 *   tp_meta_arg[...]             at each hook's args_off
 *   u32 tags[...]                at each hook's tags_off (string offsets)
 *   tp_meta_variant[...]         at each hook's variants_off
 *   tp_meta_fill[nfills]         at fills_off
 *   tp_meta_user_act[nuser_acts] at user_acts_off
 *   fill data                    at each fill's data_off
 *   string table                 at strtab_off; offset 0 is ""
 *
 * Every offset and count is validated by the reader before use. The header's
 * digest ties the section to the object it was written for (the object digest
 * below, TP_DIGEST_META): tprun refuses a meta whose digest is not its object's.
 */
#ifndef TP_META_H
#define TP_META_H

#include "arch.h"
#include "arg_types.h"

#define TP_META_SECTION	  ".tp.meta"
#define TP_POLICY_SECTION ".tp.policy"
#define TP_META_MAGIC	  "TPMETA\0\0"
/*
 * 2: exec and clone records carry tp_creds; enforcer hooks; data and Set args
 * 3: records wake tprun past tp_wake_bytes only; tp_proc_records
 * 4: a set of policies in one object (tpgen a.yaml b.yaml): the header lists
 *    their names, each hook names its own
 * 5: the header ends in the object's digest (TP_DIGEST_META); .tp.sig
 * 6: the header names the architecture the object is built for (tpgen --target)
 */
#define TP_META_VERSION	  6

/*
 * The object digest: SHA-256 over the ELF header's identity and over the
 * sections, in section-header order, skipping .shstrtab (each section's name
 * is hashed instead) and the sections a kind leaves out:
 *
 *   ident     e_ident[0..16), then le16 e_type, le16 e_machine, le32 e_version,
 *             le32 e_flags, le16 e_shstrndx
 *   per section, for every section index i from 1 to e_shnum - 1:
 *             le32 i, le32 strlen(name), name,
 *             le32 sh_type, le64 sh_flags, le64 sh_addr, le32 sh_link, le32 sh_info,
 *             le64 sh_addralign, le64 sh_entsize, le64 sh_size,
 *             then the sh_size bytes of the section (none for SHT_NOBITS);
 *             a SHT_SYMTAB's then each symbol's name: le32 strlen(name), name
 *
 * That is every byte libbpf loads: programs, their relocations, maps (.maps,
 * .rodata, .data, .bss), .BTF, .BTF.ext, license, symbol and string tables.
 * Not hashed: the layout (sh_offset, e_shoff, padding between sections) and
 * the bytes of the section e_shstrndx names, which tpgen grows when it adds a
 * section (libbpf's linker makes it .strtab, the symbols' too: the names in
 * it are hashed, with their sections and symbols).
 *
 *   TP_DIGEST_META  skips .tp.meta and .tp.sig: covers the programs, maps
 *                   and .tp.policy; stored in .tp.meta's header
 *   TP_DIGEST_SIG   skips .tp.sig only: covers .tp.meta too; what is signed
 */
#define TP_DIGEST_SIZE 32
enum tp_digest_kind {
	TP_DIGEST_META,
	TP_DIGEST_SIG,
};

/*
 * .tp.sig (tpgen --sign KEY.pem): magic, then an Ed25519 signature (RFC 8032,
 * pure) over the 16 bytes of TP_SIG_CONTEXT followed by the TP_DIGEST_SIG
 * digest of the object.
 */
#define TP_SIG_SECTION ".tp.sig"
#define TP_SIG_MAGIC   "TPSIG01\0"
#define TP_SIG_CONTEXT "tpgen object v1\0"
#define TP_SIG_SIZE    64

enum tp_hook_kind {
	TP_HOOK_KPROBE = 1,	/* kprobes: (syscall or kernel function) */
	TP_HOOK_TRACEPOINT = 2, /* tracepoints: */
	TP_HOOK_LSM = 3,	/* lsmhooks: */
	TP_HOOK_UPROBE = 4, /* uprobes: call is the binary's path, a list of symbols or offsets */
	TP_HOOK_USDT =
	    5, /* usdts: call is the binary's path, subsys the provider, event the name */
	TP_HOOK_ENFORCER = 6, /* spec.enforcers: one per enforced function; no records */
	TP_HOOK_LOADER = 7,   /* loader: true; call is "loader", events are TP_EV_LOADER records */
};

/*
 * A uprobe's targets, its variants' target one per line (TP_HOOKF_LIST):
 * "NAME", "NAME+OFF" (a symbol as the policy writes it), "+0xOFF" (an
 * offset in the file) or "@0xADDR" (addrs: a virtual address, which tprun
 * turns into "+0xOFF" through the binary's program headers), then "\t0xREF"
 * when refCtrOffsets gives the target's reference counter (semaphore) offset.
 */
#define TP_UPROBE_REF_SEP '\t'

#define TP_HOOKF_SYSCALL  (1u << 0) /* kprobe with syscall: true */
#define TP_HOOKF_RETURN	  (1u << 1) /* return: true, events carry a return value */
#define TP_HOOKF_RAW	  (1u << 2) /* raw tracepoint */
#define TP_HOOKF_LIST	  (1u << 3) /* call: "list:NAME": one program, many functions */
#define TP_HOOKF_OVERRIDE (1u << 4) /* a selector overrides the return value */
#define TP_HOOKF_IGNORE_MISSING \
	(1u << 5) /* ignore.callNotFound: skipped where the function is missing */
#define TP_HOOKF_IMA_HASH    (1u << 6) /* a Post has imaHash: prog_exit is the hash program */
#define TP_HOOKF_FENTRY	     (1u << 7) /* spec.fentries: trampoline variants only, no kprobe */
/*
 * an enforcer whose policy's NotifyEnforcer actions only send a signal: where
 * no variant attaches, the notifying hooks send it (tp_enforcer_inline)
 */
#define TP_HOOKF_SIGNAL_ONLY (1u << 8)
/* a data entry reads a register (source: pt_regs): kprobe and uprobe variants only */
#define TP_HOOKF_PT_REGS     (1u << 9)
#define TP_HOOKF_ALL	     ((1u << 10) - 1)

/* Arg flags. */
#define TP_ARGF_META_RETURN_COPY (1u << 0) /* returnCopy: the return record carries its bytes */
/*
 * resolve: a u64 status comes before the arg in the record, 0 or 1 + the
 * path step whose read faulted (Tetragon's arg_status); the arg follows
 * only when it is 0
 */
#define TP_ARGF_META_RESOLVE	 (1u << 1)
/* usdts: a Set action writes this argument, which the probe must keep in 4 bytes of memory */
#define TP_ARGF_META_SET	 (1u << 2)
/* a data entry (source current_task or pt_regs): printed in the event's data, not its args */
#define TP_ARGF_META_DATA	 (1u << 3)
#define TP_ARGF_META_ALL	 ((1u << 4) - 1)

/*
 * How a hook is attached; within a hook's variant list, best first.
 * X(ID, NUMBER, NAME, TRAMPOLINE)
 *   NAME        as tprun prints it and --forbid takes it
 *   TRAMPOLINE  attaches through a BPF trampoline (BTF target, fentry-like)
 */
/* clang-format off */
#define TP_VARIANT_KINDS(X)						\
	X(FENTRY,	1, "fentry",		1)	/* fentry (+ fexit) on the function */ \
	X(KPROBE,	2, "kprobe",		0)	/* kprobe (+ kretprobe) */	\
	X(TRACEPOINT,	3, "tracepoint",	0)	/* subsys/event (+ its exit tracepoint) */ \
	X(RAW_TP,	4, "raw_tracepoint",	0)	/* raw tracepoint */		\
	X(LSM,		5, "lsm",		1)	/* BPF LSM program on the hook */ \
	X(FMOD_RET,	6, "fmod_ret",		1)	/* fentry that can set the return value */ \
	X(KPROBE_MULTI,	7, "kprobe_multi",	0)	/* one kprobe.multi link for a list */ \
	X(UPROBE,	8, "uprobe",		0)	/* uprobe (+ uretprobe) per symbol or offset */ \
	X(USDT,		9, "usdt",		0)	/* libbpf's USDT attach: a uprobe per note */
/* clang-format on */

enum tp_variant_kind {
/* clang-format off */
#define TP_VAR_ENUM(id, num, ...) TP_VAR_##id = num,
	TP_VARIANT_KINDS(TP_VAR_ENUM)
#undef TP_VAR_ENUM
	TP_VAR__MAX,
	/* clang-format on */
};

#ifndef __bpf__
#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct tp_meta_header {
	char magic[8];	       /* TP_META_MAGIC */
	uint32_t version;      /* TP_META_VERSION */
	uint32_t size;	       /* whole section, bytes */
	uint32_t npolicies;    /* at least 1: one object of tpgen a.yaml b.yaml holds 2 */
	uint32_t policies_off; /* u32 string offsets: the policies' metadata.name, in order */
	uint32_t nhooks;
	uint32_t hooks_off;
	uint32_t nfills;
	uint32_t fills_off;
	uint32_t strtab_off;
	uint32_t strtab_size;
	uint32_t nuser_acts;
	uint32_t user_acts_off;
	/* bytes, not words: left out of the le32 conversion */
	uint8_t digest[TP_DIGEST_SIZE]; /* the object's TP_DIGEST_META digest */
	uint32_t arch; /* le32, enum tp_arch: the machine the programs are built for */
};

/* The header's run of u32s: after the magic, up to the digest. */
#define TP_META_HDR_WORDS_OFF sizeof(((struct tp_meta_header *)0)->magic)
#define TP_META_HDR_WORDS_LEN (offsetof(struct tp_meta_header, digest) - TP_META_HDR_WORDS_OFF)

struct tp_sig {
	char magic[8]; /* TP_SIG_MAGIC */
	uint8_t sig[TP_SIG_SIZE];
};

struct tp_meta_arg {
	uint32_t index;	     /* function arg index / tracepoint field index */
	uint32_t type;	     /* enum tp_arg_type */
	uint32_t label;	     /* string offset, "" when none */
	uint32_t size_arg;   /* char_buf/const_buf: 1-based arg index of the size, 0 none */
	uint32_t max_len;    /* strings and buffers: bytes captured at most */
	uint32_t field_name; /* tracepoint: format field name, "" otherwise */
	uint32_t field_off;  /* tracepoint: offset in the record */
	uint32_t field_size; /* tracepoint: size in the record */
	uint32_t flags;	     /* TP_ARGF_META_* */
};

struct tp_meta_variant {
	uint32_t kind;	      /* enum tp_variant_kind */
	uint32_t target;      /* function name or "subsys/event" */
	uint32_t target_exit; /* "subsys/event" of the exit tracepoint, "" otherwise */
	uint32_t prog;	      /* entry program name */
	uint32_t prog_exit;   /* exit program name, "" when the hook has no return; */
			      /* TP_HOOKF_IMA_HASH: the sleepable hash program after prog */
};

struct tp_meta_hook {
	uint32_t kind;	/* enum tp_hook_kind */
	uint32_t flags; /* TP_HOOKF_* */
	uint32_t call;	/* as written in the policy: "sys_openat", "sched/x"; a uprobe's path */
	uint32_t function_name; /* printed name: "__x64_sys_openat" */
	uint32_t subsys;	/* tracepoints; usdts: the provider */
	uint32_t event;		/* tracepoints; usdts: the probe's name */
	uint32_t message;	/* string offset */
	uint32_t ntags;
	uint32_t tags_off; /* u32 string offsets */
	uint32_t nargs;
	uint32_t args_off;	/* tp_meta_arg[nargs] */
	struct tp_meta_arg ret; /* returnArg; type TP_ARG_NONE when none */
	uint32_t nvariants;
	uint32_t variants_off; /* tp_meta_variant[nvariants], best first */
	uint32_t line;	       /* where the hook is in the policy, for messages */
	uint32_t policy;       /* which of the header's policies the hook is from */
};

/* A map tprun fills from the object after load, then freezes. */
struct tp_meta_fill {
	uint32_t map_name; /* string offset */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t count;	   /* entries */
	uint32_t data_off; /* count * (key_size + value_size) bytes */
};

/*
 * An action tprun performs in user space when a record of the hook's
 * selector arrives: GetUrl (arg: the URL) or DnsLookup (arg: the name).
 * The string stays in the string table; it never reaches the BPF C.
 */
struct tp_meta_user_act {
	uint32_t hook;	   /* index into the hooks */
	uint32_t selector; /* 0-based, as records carry it */
	uint32_t action;   /* enum tp_action: TP_ACT_GETURL or TP_ACT_DNSLOOKUP */
	uint32_t arg;	   /* string offset */
};

/*
 * The decoded form of the section: tpgen's writer takes these, libtp's reader
 * gives them. Strings point into the caller's memory or into the section.
 */
struct tp_meta_arg_view {
	uint32_t index;
	enum tp_arg_type type;
	const char *label; /* "" when none */
	uint32_t size_arg; /* 1-based, 0 none */
	uint32_t max_len;
	const char *field_name; /* "" unless a tracepoint field */
	uint32_t field_off;
	uint32_t field_size;
	uint32_t flags; /* TP_ARGF_META_* */
};

struct tp_meta_variant_view {
	enum tp_variant_kind kind;
	const char *target;
	const char *target_exit; /* "" when none */
	const char *prog;
	const char *prog_exit; /* "" when none */
};

struct tp_meta_hook_view {
	enum tp_hook_kind kind;
	uint32_t flags; /* TP_HOOKF_* */
	const char *call;
	const char *function_name;
	const char *subsys;
	const char *event;
	const char *message; /* "" when none */
	const char **tags;
	size_t ntags;
	struct tp_meta_arg_view *args;
	size_t nargs;
	struct tp_meta_arg_view ret; /* ret.type == TP_ARG_NONE: no return arg */
	struct tp_meta_variant_view *variants;
	size_t nvariants;
	uint32_t line;
	uint32_t policy; /* index into the object's policies */
};

struct tp_meta_fill_view {
	const char *map_name;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t count;
	const void *data; /* count * (key_size + value_size) bytes */
};

struct tp_meta_user_act_view {
	uint32_t hook;
	uint32_t selector;
	uint32_t action; /* enum tp_action */
	const char *arg;
};

/* Every on-disk struct is a run of little-endian u32s (after the header's magic). */
static inline void tp_meta__le32_words(void *p, size_t nbytes, int to_le)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i + 4 <= nbytes; i += 4) {
		uint32_t v;

		memcpy(&v, b + i, 4);
		v = to_le ? htole32(v) : le32toh(v);
		memcpy(b + i, &v, 4);
	}
}
#endif /* !__bpf__ */

#endif /* TP_META_H */

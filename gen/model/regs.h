/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The registers a data entry with source: pt_regs reads (its resolve names
 * one): the one table the parser (which names exist, how wide each reads) and
 * the emitter (which field of struct pt_regs) derive from. x86-64 only, as
 * tpgen builds for it.
 *
 * X(ID, FIELD, N64, N32, N16, N8)
 *   FIELD  the register's field in the kernel's struct pt_regs (vmlinux.h)
 *   N64..N8  the names Tetragon takes for it, each reading the register's low
 *            8, 4, 2 or 1 bytes; NULL where it has none (Tetragon's
 *            pkg/asm/regoffset_linux_amd64.go, RegOffsetSize)
 */
#ifndef TP_REGS_H
#define TP_REGS_H

/* clang-format off */
#define TP_PT_REGS(X)						\
	X(IP,	"ip",	"rip",	"eip",	NULL,	NULL)		\
	X(AX,	"ax",	"rax",	"eax",	"ax",	"al")		\
	X(BX,	"bx",	"rbx",	"ebx",	"bx",	"bl")		\
	X(CX,	"cx",	"rcx",	"ecx",	"cx",	"cl")		\
	X(DX,	"dx",	"rdx",	"edx",	"dx",	"dl")		\
	X(SI,	"si",	"rsi",	"esi",	"si",	"sil")		\
	X(DI,	"di",	"rdi",	"edi",	"di",	"dil")		\
	X(BP,	"bp",	"rbp",	"ebp",	"bp",	"bpl")		\
	X(SP,	"sp",	"rsp",	"esp",	"sp",	"spl")		\
	X(R8,	"r8",	"r8",	"r8d",	"r8w",	"r8b")		\
	X(R9,	"r9",	"r9",	"r9d",	"r9w",	"r9b")		\
	X(R10,	"r10",	"r10",	"r10d",	"r10w",	"r10b")		\
	X(R11,	"r11",	"r11",	"r11d",	"r11w",	"r11b")		\
	X(R12,	"r12",	"r12",	"r12d",	"r12w",	"r12b")		\
	X(R13,	"r13",	"r13",	"r13d",	"r13w",	"r13b")		\
	X(R14,	"r14",	"r14",	"r14d",	"r14w",	"r14b")		\
	X(R15,	"r15",	"r15",	"r15d",	"r15w",	"r15b")
/* clang-format on */

enum tp_reg {
	TP_REG_NONE = 0,
/* clang-format off */
#define TP_REG_ENUM(id, ...) TP_REG_##id,
	TP_PT_REGS(TP_REG_ENUM)
#undef TP_REG_ENUM
	/* clang-format on */
	TP_REG__N,
};

/* The register a name of Tetragon's names, and the bytes it reads; TP_REG_NONE if unknown. */
enum tp_reg tp_reg__by_name(const char *name, int *size);
/* Its field in struct pt_regs ("di"); NULL for TP_REG_NONE. */
const char *tp_reg__field(enum tp_reg r);

#endif /* TP_REGS_H */

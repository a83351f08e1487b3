/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The operators of matchArgs, matchReturnArgs, matchPIDs and (Parent)Binaries:
 * the one table the parser, checker, lowering and emitter derive from.
 *
 * X(ID, NAME, BASE, NEGATE, WHERE, NET, PRIV)
 *   NAME    the policy's spelling (exactly; other spellings: TP_OP_ALIASES)
 *   BASE    TP_BASE_<BASE>: the comparison; NONE for operators tpgen refuses
 *           ("not supported yet")
 *   NEGATE  the Not form: it passes when no value matches
 *   WHERE   TP_OPW_* bits: the selector lists that take it
 *   NET     TP_NF_<NET>: the field a network operator tests
 *   PRIV    SPortPriv, DPortPriv: port < 1024 (negated: >= 1024), no values
 */
#ifndef TP_OPS_H
#define TP_OPS_H

#include <stdbool.h>
#include <stddef.h>

#define TP_OPW_ARGS (1u << 0) /* matchArgs, matchReturnArgs */
#define TP_OPW_PIDS (1u << 1) /* matchPIDs */
#define TP_OPW_BINS (1u << 2) /* matchBinaries, matchParentBinaries */

/* clang-format off */
#define TP_OPS(X)								\
	X(EQUAL,		"Equal",	EQ,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(NOT_EQUAL,		"NotEqual",	EQ,	 1, TP_OPW_ARGS,		NONE,	  0) \
	X(PREFIX,		"Prefix",	PREFIX,	 0, TP_OPW_ARGS | TP_OPW_BINS,	NONE,	  0) \
	X(NOT_PREFIX,		"NotPrefix",	PREFIX,	 1, TP_OPW_ARGS | TP_OPW_BINS,	NONE,	  0) \
	X(POSTFIX,		"Postfix",	POSTFIX, 0, TP_OPW_ARGS | TP_OPW_BINS,	NONE,	  0) \
	X(NOT_POSTFIX,		"NotPostfix",	POSTFIX, 1, TP_OPW_ARGS | TP_OPW_BINS,	NONE,	  0) \
	X(MASK,			"Mask",		MASK,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(GT,			"GT",		GT,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(LT,			"LT",		LT,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(IN,			"In",		EQ,	 0, TP_OPW_PIDS | TP_OPW_BINS,	NONE,	  0) \
	X(NOT_IN,		"NotIn",	EQ,	 1, TP_OPW_PIDS | TP_OPW_BINS,	NONE,	  0) \
	X(SPORT,		"SPort",	NET,	 0, TP_OPW_ARGS,		SPORT,	  0) \
	X(NOT_SPORT,		"NotSPort",	NET,	 1, TP_OPW_ARGS,		SPORT,	  0) \
	X(SPORT_PRIV,		"SPortPriv",	NET,	 0, TP_OPW_ARGS,		SPORT,	  1) \
	X(NOT_SPORT_PRIV,	"NotSPortPriv",	NET,	 1, TP_OPW_ARGS,		SPORT,	  1) \
	X(DPORT,		"DPort",	NET,	 0, TP_OPW_ARGS,		DPORT,	  0) \
	X(NOT_DPORT,		"NotDPort",	NET,	 1, TP_OPW_ARGS,		DPORT,	  0) \
	X(DPORT_PRIV,		"DPortPriv",	NET,	 0, TP_OPW_ARGS,		DPORT,	  1) \
	X(NOT_DPORT_PRIV,	"NotDPortPriv",	NET,	 1, TP_OPW_ARGS,		DPORT,	  1) \
	X(SADDR,		"SAddr",	NET,	 0, TP_OPW_ARGS,		SADDR,	  0) \
	X(NOT_SADDR,		"NotSAddr",	NET,	 1, TP_OPW_ARGS,		SADDR,	  0) \
	X(DADDR,		"DAddr",	NET,	 0, TP_OPW_ARGS,		DADDR,	  0) \
	X(NOT_DADDR,		"NotDAddr",	NET,	 1, TP_OPW_ARGS,		DADDR,	  0) \
	X(PROTOCOL,		"Protocol",	NET,	 0, TP_OPW_ARGS,		PROTOCOL, 0) \
	X(FAMILY,		"Family",	NET,	 0, TP_OPW_ARGS,		FAMILY,	  0) \
	X(STATE,		"State",	NET,	 0, TP_OPW_ARGS,		STATE,	  0) \
	X(IN_MAP,		"InMap",	RANGE,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(NOT_IN_MAP,		"NotInMap",	RANGE,	 1, TP_OPW_ARGS,		NONE,	  0) \
	X(IN_RANGE,		"InRange",	RANGE,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(NOT_IN_RANGE,		"NotInRange",	RANGE,	 1, TP_OPW_ARGS,		NONE,	  0) \
	X(SUBSTRING,		"SubString",	SUBSTR,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(SUBSTRING_IGN_CASE,	"SubStringIgnCase", SUBSTR, 0, TP_OPW_ARGS,		NONE,	  0) \
	X(FILE_TYPE,		"FileType",	FTYPE,	 0, TP_OPW_ARGS,		NONE,	  0) \
	X(NOT_FILE_TYPE,	"NotFileType",	FTYPE,	 1, TP_OPW_ARGS,		NONE,	  0) \
	X(CAPABILITIES_GAINED,	"CapabilitiesGained", CAPGAIN, 0, TP_OPW_ARGS,		NONE,	  0) \
	X(CEL_EXPR,		"CelExpr",	NONE,	 0, TP_OPW_ARGS,		NONE,	  0)

/*
 * Other spellings, exactly those of Tetragon's SelectorOp (pkg/selectors/
 * kernel.go): names match as written, as there. X(NAME, ID).
 */
#define TP_OP_ALIASES(X)							\
	X("gt", GT) X("GreaterThan", GT) X("lt", LT) X("LessThan", LT)		\
	X("eq", EQUAL) X("neq", NOT_EQUAL)					\
	X("prefix", PREFIX) X("notprefix", NOT_PREFIX)				\
	X("postfix", POSTFIX) X("notpostfix", NOT_POSTFIX) X("mask", MASK)	\
	X("saddr", SADDR) X("Saddr", SADDR) X("daddr", DADDR) X("Daddr", DADDR)	\
	X("notsaddr", NOT_SADDR) X("NotSaddr", NOT_SADDR)			\
	X("notdaddr", NOT_DADDR) X("NotDaddr", NOT_DADDR)			\
	X("sport", SPORT) X("Sport", SPORT) X("dport", DPORT) X("Dport", DPORT)	\
	X("notsport", NOT_SPORT) X("NotSport", NOT_SPORT)			\
	X("notdport", NOT_DPORT) X("NotDport", NOT_DPORT)			\
	X("sportpriv", SPORT_PRIV) X("SportPriv", SPORT_PRIV)			\
	X("dportpriv", DPORT_PRIV) X("DportPriv", DPORT_PRIV)			\
	X("notsportpriv", NOT_SPORT_PRIV) X("NotSportPriv", NOT_SPORT_PRIV)	\
	X("notdportpriv", NOT_DPORT_PRIV) X("NotDportPriv", NOT_DPORT_PRIV)	\
	X("protocol", PROTOCOL) X("family", FAMILY) X("state", STATE)
/* clang-format on */

enum tp_op {
	TP_OP_NONE = 0, /* unknown (the parser reported it) */
			/* clang-format off */
#define TP_OP_ENUM(id, ...) TP_OP_##id,
	TP_OPS(TP_OP_ENUM)
#undef TP_OP_ENUM
	TP_OP__MAX,
			/* clang-format on */
};

/* What an operator compares. */
enum tp_base_op {
	TP_BASE_NONE = 0, /* not built: refused */
	TP_BASE_EQ,	  /* Equal, NotEqual, In, NotIn */
	TP_BASE_PREFIX,
	TP_BASE_POSTFIX,
	TP_BASE_MASK,
	TP_BASE_GT,
	TP_BASE_LT,
	TP_BASE_NET,	 /* a field of a socket or packet (net) */
	TP_BASE_RANGE,	 /* InMap, InRange: values, min:max ranges, syscall lists */
	TP_BASE_SUBSTR,	 /* SubString, SubStringIgnCase: the value anywhere in the bytes */
	TP_BASE_FTYPE,	 /* FileType: the type bits of a file or path's inode mode */
	TP_BASE_CAPGAIN, /* CapabilitiesGained: bits of a second set (args[1]) not in the first */
};

/* The field of a sock, socket, skb or sockaddr argument a network operator tests. */
enum tp_net_field {
	TP_NF_NONE = 0,
	TP_NF_SPORT,
	TP_NF_DPORT,
	TP_NF_SADDR,
	TP_NF_DADDR,
	TP_NF_PROTOCOL,
	TP_NF_FAMILY,
	TP_NF_STATE,
};

struct tp_op_info {
	const char *name;
	enum tp_base_op base;
	bool negate;
	unsigned int where; /* TP_OPW_* */
	enum tp_net_field net;
	bool priv;
};

/* The row of op; NULL for TP_OP_NONE. */
const struct tp_op_info *tp_op__info(enum tp_op op);
/* The operator a policy names (as written, aliases too); TP_OP_NONE for none. */
enum tp_op tp_op__by_name(const char *name, size_t len);
/* The names of the operators a selector list takes, "A, B or C", for messages. */
const char *tp_op__names(unsigned int where);

#endif /* TP_OPS_H */

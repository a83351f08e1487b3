/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The parameters of a matchActions entry and the actions that read them: the
 * one table the parser (which keys exist) and the checker (where each may
 * stand) derive from. Tetragon ignores a parameter its action does not read;
 * tpgen refuses it at its line (docs/differences.md).
 *
 * X(ID, KEY, USERS)
 *   KEY    the policy's spelling
 *   USERS  TP_AB(action) bits: the actions that read it (Tetragon's
 *          pkg/k8s/apis/cilium.io/v1alpha1/types.go ActionSelector, and
 *          pkg/selectors/kernel.go ParseMatchAction)
 */
#ifndef TP_ACTION_PARAMS_H
#define TP_ACTION_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include <tp/actions.h>

#define TP_AB(id) (1u << TP_ACT_##id)

/*
 * UnfollowFD reads only argFd; Tetragon's own examples give it an argName as
 * well, which it ignores: accepted, since those policies are copied as they are.
 * argRegs, argNewAddr, argNewOffset and argNewSymbol are read by Override on
 * uprobes only, which tpgen does not build.
 */
/* clang-format off */
#define TP_ACTION_PARAMS(X)								\
	X(ARG_SIG,	  "argSig",	  TP_AB(SIGNAL) | TP_AB(NOTIFYENFORCER))		\
	X(ARG_ERROR,	  "argError",	  TP_AB(OVERRIDE) | TP_AB(NOTIFYENFORCER))	\
	X(ARG_FD,	  "argFd",	  TP_AB(FOLLOWFD) | TP_AB(UNFOLLOWFD) | TP_AB(COPYFD)) \
	X(ARG_NAME,	  "argName",	  TP_AB(FOLLOWFD) | TP_AB(UNFOLLOWFD) | TP_AB(COPYFD)) \
	X(ARG_URL,	  "argUrl",	  TP_AB(GETURL))				\
	X(ARG_FQDN,	  "argFqdn",	  TP_AB(DNSLOOKUP))				\
	X(ARG_SOCK,	  "argSock",	  TP_AB(TRACKSOCK) | TP_AB(UNTRACKSOCK))	\
	X(ARG_INDEX,	  "argIndex",	  TP_AB(SET))					\
	X(ARG_VALUE,	  "argValue",	  TP_AB(SET))					\
	X(ARG_REGS,	  "argRegs",	  0)						\
	X(ARG_NEW_ADDR,	  "argNewAddr",	  0)						\
	X(ARG_NEW_OFFSET, "argNewOffset", 0)						\
	X(ARG_NEW_SYMBOL, "argNewSymbol", 0)
/* clang-format on */

enum tp_action_param {
/* clang-format off */
#define TP_AP_ENUM(id, key, users) TP_AP_##id,
	TP_ACTION_PARAMS(TP_AP_ENUM)
#undef TP_AP_ENUM
	/* clang-format on */
	TP_AP__N,
};

/* The key of p as policies spell it. */
const char *tp_action_param__key(enum tp_action_param p);
/* Whether action reads parameter p. */
bool tp_action_param__read_by(enum tp_action_param p, enum tp_action action);
/* The actions that read p, as "Signal or NotifyEnforcer" into buf; "" for none. */
const char *tp_action_param__readers(enum tp_action_param p, char *buf, size_t size);

#endif /* TP_ACTION_PARAMS_H */

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The namespace kinds of matchNamespaces and the capability sets of
 * matchCapabilities, numbered as Tetragon numbers them (namespaceTypeTable
 * and capabilitiesTypeTable, pkg/selectors/kernel.go). Policies name them in
 * any case, as there.
 *
 * X(ID, NAME, PROC): NAME as the CRD spells it, PROC the file in /proc/PID/ns.
 */
#ifndef TP_NSCAPS_H
#define TP_NSCAPS_H

/* clang-format off */
#define TP_NS_KINDS(X)						\
	X(UTS,			"Uts",			"uts")			\
	X(IPC,			"Ipc",			"ipc")			\
	X(MNT,			"Mnt",			"mnt")			\
	X(PID,			"Pid",			"pid")			\
	X(PID_FOR_CHILDREN,	"PidForChildren",	"pid_for_children")	\
	X(NET,			"Net",			"net")			\
	X(TIME,			"Time",			"time")			\
	X(TIME_FOR_CHILDREN,	"TimeForChildren",	"time_for_children")	\
	X(CGROUP,		"Cgroup",		"cgroup")		\
	X(USER,			"User",			"user")

/* X(ID, NAME): the cred field is cap_<id in lower case> */
#define TP_CAP_SETS(X)			\
	X(EFFECTIVE,	"Effective")	\
	X(INHERITABLE,	"Inheritable")	\
	X(PERMITTED,	"Permitted")

#define TP_NS_ENUM(ID, NAME, PROC) TP_NS_##ID,
enum tp_ns_kind { TP_NS_KINDS(TP_NS_ENUM) TP_NS__N };
#undef TP_NS_ENUM

#define TP_CAPSET_ENUM(ID, NAME) TP_CAPSET_##ID,
enum tp_cap_set { TP_CAP_SETS(TP_CAPSET_ENUM) TP_CAPSET__N };
#undef TP_CAPSET_ENUM
/* clang-format on */

/* matchNamespaces: at most this many values per filter (Tetragon's namespaceSelectorValue) */
#define TP_NS_VALUES_MAX 4

#endif /* TP_NSCAPS_H */

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Process.cap, Process.ns and Process.process_credentials, in protojson's
 * rules as the rest of the event: proto3 defaults (empty lists, zero inum,
 * false is_host) left out, wrapper ids always printed, enum values by name
 * (a number for one the enum does not name).
 */
#include "cap_names.h"
#include "json_creds.h"
#include "names.h"

void tp_json_creds__bits(struct tp_json *j, const char *key, uint64_t bits,
			 const char *(*name)(unsigned int bit), bool number_unnamed)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		if (!number_unnamed && !name(i))
			bits &= ~((uint64_t)1 << i);
	if (!bits)
		return;
	tp_json__begin_arr(j, key);
	for (i = 0; i < 64; i++) {
		if (!(bits & ((uint64_t)1 << i)))
			continue;
		if (name(i))
			tp_json__str(j, NULL, name(i));
		else
			tp_json__uint(j, NULL, i);
	}
	tp_json__end_arr(j);
}

static const char *cap_bit_name(unsigned int bit)
{
	return tp_cap_name(bit);
}

void tp_json_creds__caps(struct tp_json *j, const char *key, const struct tp_creds *c)
{
	tp_json__begin_obj(j, key);
	tp_json_creds__bits(j, "permitted", c->caps[TP_CAPSET_PERMITTED], cap_bit_name, true);
	tp_json_creds__bits(j, "effective", c->caps[TP_CAPSET_EFFECTIVE], cap_bit_name, true);
	tp_json_creds__bits(j, "inheritable", c->caps[TP_CAPSET_INHERITABLE], cap_bit_name, true);
	tp_json__end_obj(j);
}

/*
 * One Namespace. is_host as namespace.GetMsgNamespaces decides it: equal to
 * the host's, and for the time kinds only where the host has them.
 */
static void put_one_ns(struct tp_json *j, const char *key, uint32_t inum, uint32_t host, bool time)
{
	tp_json__begin_obj(j, key);
	if (inum)
		tp_json__uint(j, "inum", inum);
	if (inum == host && (!time || host))
		tp_json__bool(j, "is_host", true);
	tp_json__end_obj(j);
}

void tp_json_creds__ns(struct tp_json *j, const char *key, const struct tp_creds *c,
		       const uint32_t *host)
{
	static const uint32_t none[TP_NS__N];
	/* clang-format off */
#define NS_KEY(ID, NAME, PROC) [TP_NS_##ID] = PROC,
	static const char *const keys[TP_NS__N] = { TP_NS_KINDS(NS_KEY) };
#undef NS_KEY
	/* clang-format on */
	int i;

	if (!host)
		host = none;
	tp_json__begin_obj(j, key);
	for (i = 0; i < TP_NS__N; i++) {
		bool time = i == TP_NS_TIME || i == TP_NS_TIME_FOR_CHILDREN;

		/* a kernel without time namespaces: both left out */
		if (time && !c->ns[TP_NS_TIME])
			continue;
		put_one_ns(j, keys[i], c->ns[i], host[i], time);
	}
	tp_json__end_obj(j);
}

void tp_json_creds__ids(struct tp_json *j, const struct tp_creds *c)
{
	/* wrapper types: printed when zero too */
	tp_json__uint(j, "uid", c->uid);
	tp_json__uint(j, "gid", c->gid);
	tp_json__uint(j, "euid", c->euid);
	tp_json__uint(j, "egid", c->egid);
	tp_json__uint(j, "suid", c->suid);
	tp_json__uint(j, "sgid", c->sgid);
	tp_json__uint(j, "fsuid", c->fsuid);
	tp_json__uint(j, "fsgid", c->fsgid);
	tp_json_creds__bits(j, "securebits", c->securebits, tp_names__securebit, false);
}

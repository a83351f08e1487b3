/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The network matchArgs operators (SPort ... State) and their values: which
 * field of a sock, socket, skb or sockaddr argument an operator tests, and
 * port ranges, addresses, CIDRs and IPPROTO_/AF_/TCP_ names parsed into
 * numbers. The checker reports what does not parse; lowering uses the same
 * parse, so what the checker accepts is what the program compares.
 */
#ifndef TP_NET_VALUES_H
#define TP_NET_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

enum tp_net_field {
	TP_NF_SPORT = 1,
	TP_NF_DPORT,
	TP_NF_SADDR,
	TP_NF_DADDR,
	TP_NF_PROTOCOL,
	TP_NF_FAMILY,
	TP_NF_STATE,
};

/* What a network operator tests. */
struct tp_net_op {
	enum tp_net_field field;
	bool negate;		/* NotSPort, NotSAddr, ...: no value matches */
	bool priv;		/* SPortPriv, DPortPriv: port < 1024 (negate: >= 1024), no values */
};

/* Fills *out and returns true for SPort ... State; false for any other operator. */
bool tp_op__net(enum tp_op op, struct tp_net_op *out);

/* One parsed value. */
struct tp_net_value {
	uint32_t lo, hi;	/* ports, protocol, family, state: lo..hi (one number: lo == hi) */
	uint8_t addr[16];	/* addresses: network order, bits past the prefix cleared */
	int alen;		/* addresses: 4 or 16 */
	int bits;		/* addresses: prefix length (32 or 128 for a single address) */
};

/*
 * Parse v for field f: ports "443" or "1024:65535" (a reversed range is
 * turned round, as Tetragon does); protocol, family and state as decimal
 * numbers, min:max ranges or exact IPPROTO_/AF_/TCP_ names; addresses as
 * IPv4 or IPv6, with an optional /bits. Returns 0, or -EINVAL with a message
 * in err ("port '70000' is out of range 0 to 65535").
 */
int tp_net_value__parse(enum tp_net_field f, const struct tp_value *v, struct tp_net_value *out,
			char *err, size_t errlen);

#endif /* TP_NET_VALUES_H */

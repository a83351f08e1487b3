/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The values of the network matchArgs operators (SPort ... State): port
 * ranges, addresses, CIDRs and IPPROTO_/AF_/TCP_ names parsed into numbers. The checker reports
 * what does not parse; lowering uses the same parse, so what the checker accepts is what the
 * program compares.
 */
#ifndef TP_NET_VALUES_H
#define TP_NET_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ops.h"
#include "model/policy.h"

/* One parsed value. */
struct tp_net_value {
	uint32_t lo, hi;  /* ports, protocol, family, state: lo..hi (one number: lo == hi) */
	uint8_t addr[16]; /* addresses: network order, bits past the prefix cleared */
	int alen;	  /* addresses: 4 or 16 */
	int bits;	  /* addresses: prefix length (32 or 128 for a single address) */
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

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON for sock, skb, sockaddr, socket, net_device arguments: Tetragon's
 * KprobeSock, KprobeSkb, KprobeSockaddr and KprobeNetDev, spelled as its
 * pkg/reader/network spells them (numbers without a name print as numbers,
 * in a string) and addresses as Go's net.IP.String() prints them ("<nil>"
 * for a family that has none, as Tetragon shows).
 */
#include <stdio.h>
#include <string.h>

#include "net_names.h"
#include "json_arg.h"

static void put_name(struct tp_json *j, const char *key, const char *name, unsigned int num)
{
	char buf[16];

	if (!name) {
		snprintf(buf, sizeof(buf), "%u", num);
		name = buf;
	}
	tp_json__str(j, key, name);
}

static void put_addr(struct tp_json *j, const char *key, const uint8_t *addr, unsigned int family)
{
	char buf[64];

	tp_net_ip_str(addr, family == TP_AF_INET ? 4 : family == TP_AF_INET6 ? 16 : 0, buf,
		      sizeof(buf));
	tp_json__str(j, key, buf);
}

/* proto3: zero scalars are not printed */
static void put_u32(struct tp_json *j, const char *key, uint32_t v)
{
	if (v)
		tp_json__uint(j, key, v);
}

/* The blob into a zeroed record: a short blob leaves the rest zero. */
static void load(void *rec, size_t size, const struct tp_arg_val *a)
{
	memset(rec, 0, size);
	if (a->bytes)
		memcpy(rec, a->bytes, a->len < size ? a->len : size);
}

static void put_sock(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_ev_sock r;

	load(&r, sizeof(r), a);
	tp_json__begin_obj(j, "sock_arg");
	put_name(j, "family", tp_net_family_name(r.t.family), r.t.family);
	put_name(j, "type", tp_net_type_name(r.type), r.type);
	put_name(j, "protocol", tp_net_protocol_name(r.t.protocol), r.t.protocol);
	put_u32(j, "mark", r.mark);
	put_u32(j, "priority", r.priority);
	put_addr(j, "saddr", r.t.saddr, r.t.family);
	put_addr(j, "daddr", r.t.daddr, r.t.family);
	put_u32(j, "sport", r.t.sport);
	put_u32(j, "dport", r.t.dport);
	if (r.cookie)
		tp_json__uint_str(j, "cookie", r.cookie);
	put_name(j, "state", tp_net_state_name(r.t.state), r.t.state);
	tp_json__end_obj(j);
}

static void put_skb(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_ev_skb r;

	load(&r, sizeof(r), a);
	tp_json__begin_obj(j, "skb_arg");
	put_u32(j, "hash", r.hash);
	put_u32(j, "len", r.len);
	put_u32(j, "priority", r.priority);
	put_u32(j, "mark", r.mark);
	put_addr(j, "saddr", r.t.saddr, r.t.family);
	put_addr(j, "daddr", r.t.daddr, r.t.family);
	put_u32(j, "sport", r.t.sport);
	put_u32(j, "dport", r.t.dport);
	put_u32(j, "proto", r.t.protocol);
	put_u32(j, "sec_path_len", r.secpath_len);
	put_u32(j, "sec_path_olen", r.secpath_olen);
	put_name(j, "protocol", tp_net_protocol_name(r.t.protocol), r.t.protocol);
	put_name(j, "family", tp_net_family_name(r.t.family), r.t.family);
	tp_json__end_obj(j);
}

static void put_sockaddr(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_ev_sockaddr r;

	load(&r, sizeof(r), a);
	tp_json__begin_obj(j, "sockaddr_arg");
	put_name(j, "family", tp_net_family_name(r.t.family), r.t.family);
	put_addr(j, "addr", r.t.saddr, r.t.family);
	put_u32(j, "port", r.t.sport);
	tp_json__end_obj(j);
}

static void put_net_device(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_ev_net_device r;

	load(&r, sizeof(r), a);
	tp_json__begin_obj(j, "net_dev_arg");
	if (r.name[0])
		tp_json__strn(j, "name", r.name, strnlen(r.name, sizeof(r.name)));
	tp_json__end_obj(j);
}

bool tp_output_json__net_arg(struct tp_json *j, const struct tp_arg_val *a)
{
	switch (a->type) {
	case TP_ARG_SOCK:
	case TP_ARG_SOCKET:
		put_sock(j, a);
		return true;
	case TP_ARG_SKB:
		put_skb(j, a);
		return true;
	case TP_ARG_SOCKADDR:
		put_sockaddr(j, a);
		return true;
	case TP_ARG_NET_DEVICE:
		put_net_device(j, a);
		return true;
	default:
		return false;
	}
}

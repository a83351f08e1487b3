// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON for sock, skb, sockaddr, socket, net_device, sockaddr_un arguments:
 * Tetragon's KprobeSock, KprobeSkb, KprobeSockaddr, KprobeNetDev and
 * KprobeSockaddrUn, spelled as its pkg/reader/network spells them (numbers
 * without a name print as numbers, in a string) and addresses as Go's net.IP.String() prints them
 * ("<nil>" for a family that has none, as Tetragon shows).
 */
#include <stdio.h>
#include <string.h>

#include "json_arg_printers.h"
#include "net_names.h"

static void put_addr(struct tp_json *j, const char *key, const uint8_t *addr, unsigned int family)
{
	char buf[64];

	tp_net_ip_str(addr,
		      family == TP_AF_INET    ? 4
		      : family == TP_AF_INET6 ? 16
					      : 0,
		      buf, sizeof(buf));
	tp_json__str(j, key, buf);
}

/* Both ends of a connection, as sock and skb print them. */
static void put_ends(struct tp_json *j, const struct tp_net_tuple *t)
{
	put_addr(j, "saddr", t->saddr, t->family);
	put_addr(j, "daddr", t->daddr, t->family);
	tp_json_arg__put_u32(j, "sport", t->sport);
	tp_json_arg__put_u32(j, "dport", t->dport);
}

void tp_json_arg__sock(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_ev_sock r;

	tp_arg_val__copy(a, &r, sizeof(r));
	tp_json__begin_obj(j, key);
	tp_json_arg__put_enum(j, "family", tp_net_family_name(r.t.family), r.t.family);
	tp_json_arg__put_enum(j, "type", tp_net_type_name(r.type), r.type);
	tp_json_arg__put_enum(j, "protocol", tp_net_protocol_name(r.t.protocol), r.t.protocol);
	tp_json_arg__put_u32(j, "mark", r.mark);
	tp_json_arg__put_u32(j, "priority", r.priority);
	put_ends(j, &r.t);
	if (r.cookie)
		tp_json__uint_str(j, "cookie", r.cookie);
	tp_json_arg__put_enum(j, "state", tp_net_state_name(r.t.state), r.t.state);
	tp_json__end_obj(j);
}

void tp_json_arg__skb(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_ev_skb r;

	tp_arg_val__copy(a, &r, sizeof(r));
	tp_json__begin_obj(j, key);
	tp_json_arg__put_u32(j, "hash", r.hash);
	tp_json_arg__put_u32(j, "len", r.len);
	tp_json_arg__put_u32(j, "priority", r.priority);
	tp_json_arg__put_u32(j, "mark", r.mark);
	put_ends(j, &r.t);
	tp_json_arg__put_u32(j, "proto", r.t.protocol);
	tp_json_arg__put_u32(j, "sec_path_len", r.secpath_len);
	tp_json_arg__put_u32(j, "sec_path_olen", r.secpath_olen);
	tp_json_arg__put_enum(j, "protocol", tp_net_protocol_name(r.t.protocol), r.t.protocol);
	tp_json_arg__put_enum(j, "family", tp_net_family_name(r.t.family), r.t.family);
	tp_json__end_obj(j);
}

void tp_json_arg__sockaddr(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_ev_sockaddr r;

	tp_arg_val__copy(a, &r, sizeof(r));
	tp_json__begin_obj(j, key);
	tp_json_arg__put_enum(j, "family", tp_net_family_name(r.t.family), r.t.family);
	put_addr(j, "addr", r.t.saddr, r.t.family);
	tp_json_arg__put_u32(j, "port", r.t.sport);
	tp_json__end_obj(j);
}

void tp_json_arg__net_dev(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_ev_net_device r;

	if (a->error) { /* its name is read as a string is */
		tp_json_arg__put_error(j);
		return;
	}
	tp_arg_val__copy(a, &r, sizeof(r));
	tp_json__begin_obj(j, key);
	if (r.name[0])
		tp_json__strn(j, "name", r.name, strnlen(r.name, sizeof(r.name)));
	tp_json__end_obj(j);
}

/*
 * tetragon.KprobeSockaddrUn: the family as Tetragon's familyString names it
 * (AF_INET, AF_INET6, AF_UNIX, else none) and the path as its
 * decodeSockaddrUnPath makes it (pkg/sensors/tracing/args_linux.go): a
 * filesystem name up to its NUL; an abstract one '@' and its bytes without
 * their NULs. An unreadable one is the empty object Tetragon's zeroed
 * sockaddr_un_type prints.
 */
void tp_json_arg__sockaddr_un(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	unsigned int family = a->info & TP_SUN_FAMILY_MASK;
	char path[TP_SUN_PATH_MAX + 1];
	size_t i, n = 0;

	tp_json__begin_obj(j, key);
	if (a->error) {
		tp_json__end_obj(j);
		return;
	}
	if (family == TP_AF_UNIX || family == TP_AF_INET || family == TP_AF_INET6)
		tp_json__str(j, "family", tp_net_family_name(family));
	if (a->info & TP_SUN_ABSTRACT) {
		path[n++] = '@';
		for (i = 0; i < a->len && n < sizeof(path); i++)
			if (a->bytes[i])
				path[n++] = (char)a->bytes[i];
		if (n == 1)
			n = 0; /* nothing after the NULs: no path */
	} else {
		while (n < a->len && n < TP_SUN_PATH_MAX && a->bytes[n])
			n++;
		if (n)
			memcpy(path, a->bytes, n);
	}
	if (n)
		tp_json__strn(j, "path", path, n);
	tp_json__end_obj(j);
}

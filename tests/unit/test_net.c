// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Network args and operators: sock/skb/sockaddr/net_device JSON in Tetragon's
 * shape, IP addresses as Go prints them, the value parser (ports, ranges,
 * CIDRs, names), and the lowering of network filters (inline or LPM tries).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/diag.h"
#include "lower/plan.h"
#include "net_names.h"
#include "check/net_values.h"
#include "parse/parse.h"
#include "records.h"
#include "tp_argjson.h"
#include "tp_test.h"

/* --- JSON ------------------------------------------------------------------ */

static char *arg_json(enum tp_arg_type type, const void *blob, uint32_t len)
{
	return tp_test_blob_json(type, blob, len, 0);
}

#define ASSERT_ARG(type, blob, len, want) TP_ASSERT_JSON(#type, arg_json(type, blob, len), want)

START_TEST(test_sock_json)
{
	struct tp_ev_sock s = {
		.t = { .saddr = { 127, 0, 0, 1 },
		       .daddr = { 10, 1, 2, 3 },
		       .family = 2,
		       .protocol = 6,
		       .sport = 40986,
		       .dport = 443,
		       .state = 2 },
		.cookie = 18446635753140567040ull,
		.type = 1,
	};

	ASSERT_ARG(TP_ARG_SOCK, &s, sizeof(s),
		   "{\"sock_arg\":{\"family\":\"AF_INET\",\"type\":\"SOCK_STREAM\","
		   "\"protocol\":\"IPPROTO_TCP\",\"saddr\":\"127.0.0.1\",\"daddr\":\"10.1.2.3\","
		   "\"sport\":40986,\"dport\":443,\"cookie\":\"18446635753140567040\","
		   "\"state\":\"TCP_SYN_SENT\"}}");
	/* socket prints as sock; mark and priority when set; v6; unnamed numbers as strings */
	memset(&s, 0, sizeof(s));
	s.t.family = 10;
	s.t.saddr[15] = 1;
	s.t.daddr[0] = 0x20, s.t.daddr[1] = 0x01, s.t.daddr[2] = 0x0d, s.t.daddr[3] = 0xb8;
	s.t.daddr[15] = 0x10;
	s.t.protocol = 17;
	s.t.state = 7;
	s.type = 2;
	s.mark = 5;
	s.priority = 6;
	ASSERT_ARG(TP_ARG_SOCKET, &s, sizeof(s),
		   "{\"sock_arg\":{\"family\":\"AF_INET6\",\"type\":\"SOCK_DGRAM\","
		   "\"protocol\":\"IPPROTO_UDP\",\"mark\":5,\"priority\":6,\"saddr\":\"::1\","
		   "\"daddr\":\"2001:db8::10\",\"state\":\"TCP_CLOSE\"}}");
	/* a unix socket: no IP addresses, which Tetragon prints as Go's nil net.IP */
	memset(&s, 0, sizeof(s));
	s.t.family = 1;
	s.type = 99;
	s.t.protocol = 300;
	ASSERT_ARG(TP_ARG_SOCK, &s, sizeof(s),
		   "{\"sock_arg\":{\"family\":\"AF_UNIX\",\"type\":\"99\",\"protocol\":\"300\","
		   "\"saddr\":\"<nil>\",\"daddr\":\"<nil>\",\"state\":\"0\"}}");
	/* a short blob is zeros past its end */
	ASSERT_ARG(TP_ARG_SOCK, "", 0,
		   "{\"sock_arg\":{\"family\":\"AF_UNSPEC\",\"type\":\"0\",\"protocol\":"
		   "\"IPPROTO_IP\",\"saddr\":\"<nil>\",\"daddr\":\"<nil>\",\"state\":\"0\"}}");
}
END_TEST

START_TEST(test_skb_sockaddr_netdev_json)
{
	struct tp_ev_skb k = {
		.t = { .saddr = { 192, 168, 1, 1 },
		       .daddr = { 192, 168, 1, 2 },
		       .family = 2,
		       .protocol = 6,
		       .sport = 443,
		       .dport = 8080 },
		.hash = 7,
		.len = 60,
		.mark = 3,
	};
	struct tp_ev_sockaddr sa = { .t = { .family = 10, .sport = 53 } };
	struct tp_ev_net_device nd = { .name = "eth0" };
	static const uint8_t mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4 };

	ASSERT_ARG(TP_ARG_SKB, &k, sizeof(k),
		   "{\"skb_arg\":{\"hash\":7,\"len\":60,\"mark\":3,\"saddr\":\"192.168.1.1\","
		   "\"daddr\":\"192.168.1.2\",\"sport\":443,\"dport\":8080,\"proto\":6,"
		   "\"protocol\":\"IPPROTO_TCP\",\"family\":\"AF_INET\"}}");
	memcpy(sa.t.saddr, mapped, 16);
	ASSERT_ARG(TP_ARG_SOCKADDR, &sa, sizeof(sa),
		   "{\"sockaddr_arg\":{\"family\":\"AF_INET6\",\"addr\":\"1.2.3.4\",\"port\":53}}");
	ASSERT_ARG(TP_ARG_NET_DEVICE, &nd, sizeof(nd), "{\"net_dev_arg\":{\"name\":\"eth0\"}}");
	memset(nd.name, 'x', sizeof(nd.name));
	ASSERT_ARG(TP_ARG_NET_DEVICE, &nd, sizeof(nd),
		   "{\"net_dev_arg\":{\"name\":\"xxxxxxxxxxxxxxxx\"}}");
}
END_TEST
/* Go's net.IP.String(): RFC 5952, the first longest zero run of two or more groups. */
START_TEST(test_ip_str)
{
	static const struct {
		uint8_t a[16];
		size_t len;
		const char *want;
	} t[] = {
		{ { 0 }, 16, "::" },
		{ { [15] = 1 }, 16, "::1" },
		{ { 0xfe, 0x80, [15] = 1 }, 16, "fe80::1" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 },
		  16,
		  "2001:db8:0:1::1" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 },
		  16,
		  "2001:db8::1:0:0:1" },
		{ { 0x20, 0x01, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 },
		  16,
		  "2001:0:1:1:1:1:1:1" },
		{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1 }, 16, "10.0.0.1" },
		{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1 }, 16, "::a00:1" },
		{ { 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23,
		    0x45, 0x67, 0x89 },
		  16,
		  "abcd:ef01:2345:6789:abcd:ef01:2345:6789" },
		{ { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 16, "100::" },
		{ { 255, 255, 255, 255 }, 4, "255.255.255.255" },
		{ { 1, 2, 3, 4 }, 0, "<nil>" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		tp_net_ip_str(t[i].a, t[i].len, buf, sizeof(buf));
		ck_assert_msg(!strcmp(buf, t[i].want), "case %zu: got %s, want %s", i, buf,
			      t[i].want);
	}
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(tp_net_family_name(10), "AF_INET6");
	ck_assert_ptr_null(tp_net_family_name(22));
	ck_assert_str_eq(tp_net_type_name(5), "SOCK_SEQPACKET");
	ck_assert_str_eq(tp_net_protocol_name(262), "IPPROTO_MPTCP");
	ck_assert_str_eq(tp_net_state_name(12), "TCP_NEW_SYN_RECV");
	ck_assert_ptr_null(tp_net_state_name(0));
	ck_assert_int_eq(tp_net_family_number("AF_INET"), 2);
	ck_assert_int_eq(tp_net_protocol_number("IPPROTO_UDP"), 17);
	ck_assert_int_eq(tp_net_state_number("TCP_LISTEN"), 10);
	ck_assert_int_eq(tp_net_state_number("tcp_listen"), -1);
	ck_assert_int_eq(tp_net_family_number(NULL), -1);
}
END_TEST

/* --- values ---------------------------------------------------------------- */

static int parse(enum tp_net_field f, const char *s, struct tp_net_value *v)
{
	struct tp_value tv = { .str = (char *)s, .len = strlen(s) };
	char err[256];

	return tp_net_value__parse(f, &tv, v, err, sizeof(err));
}

START_TEST(test_values)
{
	static const uint8_t net10[16] = { 10 };
	static const uint8_t db8[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct tp_net_value v;

	ck_assert_int_eq(parse(TP_NF_DPORT, " 443 ", &v), 0);
	ck_assert_msg(v.lo == 443 && v.hi == 443 && !v.alen, "one port");
	ck_assert_int_eq(parse(TP_NF_SPORT, "8080:8000", &v), 0);
	ck_assert_msg(v.lo == 8000 && v.hi == 8080, "a reversed range turns round");
	ck_assert_int_eq(parse(TP_NF_SPORT, "0:65535", &v), 0);
	ck_assert_int_eq(parse(TP_NF_SPORT, "65536", &v), -EINVAL);
	ck_assert_int_eq(parse(TP_NF_SPORT, "1:2:3", &v), -EINVAL);
	ck_assert_int_eq(parse(TP_NF_SPORT, "", &v), -EINVAL);
	ck_assert_int_eq(parse(TP_NF_PROTOCOL, "IPPROTO_TCP", &v), 0);
	ck_assert_msg(v.lo == 6 && v.hi == 6, "IPPROTO_TCP");
	ck_assert_int_eq(parse(TP_NF_FAMILY, "AF_INET6", &v), 0);
	ck_assert_msg(v.lo == 10, "AF_INET6");
	ck_assert_int_eq(parse(TP_NF_STATE, "TCP_CLOSE", &v), 0);
	ck_assert_msg(v.lo == 7, "TCP_CLOSE");
	ck_assert_int_eq(parse(TP_NF_STATE, "AF_INET", &v), -EINVAL);
	ck_assert_int_eq(parse(TP_NF_DADDR, "10.1.2.3/8", &v), 0);
	ck_assert_msg(v.alen == 4 && v.bits == 8 && !memcmp(v.addr, net10, 4), "host bits cleared");
	ck_assert_int_eq(parse(TP_NF_DADDR, "2001:db8:ffff::1/33", &v), 0);
	ck_assert_msg(v.alen == 16 && v.bits == 33 && v.addr[4] == 0x80 &&
			  !memcmp(v.addr, db8, 4) && !v.addr[15],
		      "v6 prefix masked");
	ck_assert_int_eq(parse(TP_NF_SADDR, "127.0.0.1", &v), 0);
	ck_assert_msg(v.bits == 32, "an address is a /32");
	ck_assert_int_eq(parse(TP_NF_SADDR, "::ffff:1.2.3.4", &v), 0);
	ck_assert_msg(v.alen == 16 && v.bits == 128 && v.addr[12] == 1, "v4-mapped stays v6");
	ck_assert_int_eq(parse(TP_NF_SADDR, "1.2.3.4/", &v), -EINVAL);
	ck_assert_int_eq(parse(TP_NF_SADDR, "localhost", &v), -EINVAL);
}
END_TEST

/* --- lowering -------------------------------------------------------------- */

static struct tp_plan *lower(const char *sel, size_t inline_max, struct tp_policy **pp)
{
	char yaml[4096], err[256];
	struct tp_lower_opts o = { .inline_max = inline_max };
	struct tp_diag d;
	struct tp_policy *p;
	struct tp_plan *plan;
	size_t i;

	snprintf(yaml, sizeof(yaml),
		 "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\n"
		 "spec:\n  tracepoints:\n  - subsystem: sock\n    event: inet_sock_set_state\n"
		 "    raw: true\n    args:\n    - index: 0\n      type: sock\n"
		 "    - index: 2\n      type: int\n    selectors:\n    - matchArgs:\n%s",
		 sel);
	tp_diag__init(&d, "t.yaml", stderr);
	p = tp_policy__parse("t.yaml", yaml, strlen(yaml), &d);
	ck_assert_msg(p && !d.errors, "parses");
	/* what the checker fills, without a tracefs: positions are the indexes */
	for (i = 0; i < p->hooks[0].selectors[0].nargs; i++)
		p->hooks[0].selectors[0].args[i].arg_pos = p->hooks[0].selectors[0].args[i].index;
	p->hooks[0].args[0].type = TP_ARG_SOCK;
	plan = tp_plan__new(p, &o, err, sizeof(err));
	ck_assert_msg(plan, "lowers: %s", err);
	*pp = p;
	return plan;
}

START_TEST(test_lower_inline)
{
	struct tp_policy *p;
	struct tp_plan *plan =
	    lower("      - {index: 0, operator: DPort, values: [\"443\", \"8000:8010\"]}\n"
		  "      - {index: 0, operator: NotDAddr, values: [\"10.0.0.0/8\", \"::1\"]}\n"
		  "      - {index: 0, operator: SPortPriv}\n"
		  "      - {index: 1, operator: Equal, values: [\"1\"]}\n",
		  8, &p);
	const struct tp_lselector *ls = &plan->hooks[0].sels[0];

	ck_assert_int_eq(ls->nnets, 3);
	ck_assert_int_eq(ls->nints, 1);
	ck_assert_int_eq(ls->nstrs, 0);
	ck_assert_int_eq(plan->hooks[0].slot[0], -1);
	ck_assert_msg(ls->nets[0].field == TP_NF_DPORT && !ls->nets[0].negate &&
			  ls->nets[0].nranges == 2 && ls->nets[0].ranges[1].lo == 8000 &&
			  ls->nets[0].ranges[1].hi == 8010 && ls->nets[0].map == -1,
		      "DPort inline");
	ck_assert_msg(ls->nets[1].field == TP_NF_DADDR && ls->nets[1].negate &&
			  ls->nets[1].nv4 == 1 && ls->nets[1].nv6 == 1 &&
			  ls->nets[1].v4[0].bits == 8 && ls->nets[1].map4 == -1,
		      "NotDAddr inline, by family");
	ck_assert_msg(ls->nets[2].priv && !ls->nets[2].negate && ls->nets[2].field == TP_NF_SPORT,
		      "SPortPriv");
	ck_assert_int_eq(plan->nmaps, 0);
	tp_plan__free(plan);
	tp_policy__free(p);
}
END_TEST

START_TEST(test_lower_maps)
{
	struct tp_policy *p;
	struct tp_plan *plan =
	    lower("      - {index: 0, operator: DPort, values: [\"1024:65535\", \"80\"]}\n"
		  "      - {index: 0, operator: SAddr, values: [\"10.0.0.0/8\", "
		  "\"192.168.0.0/16\", \"::1\"]}\n",
		  1, &p);
	const struct tp_lselector *ls = &plan->hooks[0].sels[0];
	const struct tp_lmap *m;

	ck_assert_int_eq(plan->nmaps, 2);
	ck_assert_int_eq(ls->nets[0].map, 0);
	m = &plan->maps[0];
	/* 1024:65535 is the six prefixes /6 /5 /4 /3 /2 /1; 80 one /16 */
	ck_assert_msg(m->kind == TP_MAP_LPM && m->key_size == 6 && m->count == 7, "port trie %u %u",
		      m->key_size, m->count);
	ck_assert_msg(m->entries[0] == 6 && m->entries[4] == 0x04 && m->entries[5] == 0 &&
			  m->entries[6] == 1,
		      "first block 1024/6");
	ck_assert_msg(m->entries[6 * 7] == 16 && m->entries[6 * 7 + 5] == 80, "80/16");
	ck_assert_msg(ls->nets[1].map4 == 1 && ls->nets[1].map6 == -1, "two v4 past 1: a trie");
	m = &plan->maps[1];
	ck_assert_msg(m->key_size == 8 && m->count == 2 && m->entries[0] == 8 &&
			  m->entries[4] == 10 && m->entries[9] == 16 && m->entries[13] == 192 &&
			  m->entries[14] == 168,
		      "v4 trie entries");
	tp_plan__free(plan);
	tp_policy__free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("net");

	tcase_add_test(tc, test_sock_json);
	tcase_add_test(tc, test_skb_sockaddr_netdev_json);
	tcase_add_test(tc, test_ip_str);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_lower_inline);
	tcase_add_test(tc, test_lower_maps);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}

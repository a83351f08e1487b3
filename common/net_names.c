// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Socket family, type, protocol and TCP state names; IP addresses as Go prints them. */
#include <stdio.h>
#include <string.h>

#include "net_names.h"

struct name {
	unsigned int num;
	const char *name;
};

static const struct name families[] = {
	{ 0, "AF_UNSPEC" },	{ 1, "AF_UNIX" },     { 2, "AF_INET" },
	{ 3, "AF_AX25" },	{ 4, "AF_IPX" },      { 5, "AF_APPLETALK" },
	{ 6, "AF_NETROM" },	{ 7, "AF_BRIDGE" },   { 8, "AF_ATMPVC" },
	{ 9, "AF_X25" },	{ 10, "AF_INET6" },   { 11, "AF_ROSE" },
	{ 12, "AF_DECnet" },	{ 13, "AF_NETBEUI" }, { 14, "AF_SECURITY" },
	{ 15, "AF_KEY" },	{ 16, "AF_NETLINK" }, { 17, "AF_PACKET" },
	{ 18, "AF_ASH" },	{ 19, "AF_ECONET" },  { 20, "AF_ATMSVC" },
	{ 21, "AF_RDS" },	{ 23, "AF_IRDA" },    { 24, "AF_PPPOX" },
	{ 25, "AF_WANPIPE" },	{ 26, "AF_LLC" },     { 27, "AF_IB" },
	{ 28, "AF_MPLS" },	{ 29, "AF_CAN" },     { 30, "AF_TIPC" },
	{ 31, "AF_BLUETOOTH" }, { 32, "AF_IUCV" },    { 33, "AF_RXRPC" },
	{ 34, "AF_ISDN" },	{ 35, "AF_PHONET" },  { 36, "AF_IEEE802154" },
	{ 37, "AF_CAIF" },	{ 38, "AF_ALG" },     { 39, "AF_NFC" },
	{ 40, "AF_VSOCK" },	{ 41, "AF_KCM" },     { 42, "AF_QIPCRTR" },
	{ 43, "AF_SMC" },	{ 44, "AF_XDP" },     { 45, "AF_MCTP" },
};

/* Tetragon names 7 SOCK_PACKET (Linux's is 10); events print what Tetragon prints */
static const struct name types[] = {
	{ 1, "SOCK_STREAM" },	 { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" },    { 4, "SOCK_RDM" },
	{ 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },  { 7, "SOCK_PACKET" },
};

static const struct name protocols[] = {
	{ 0, "IPPROTO_IP" },	     { 1, "IPPROTO_ICMP" },	 { 2, "IPPROTO_IGMP" },
	{ 4, "IPPROTO_IPIP" },	     { 6, "IPPROTO_TCP" },	 { 8, "IPPROTO_EGP" },
	{ 12, "IPPROTO_PUP" },	     { 17, "IPPROTO_UDP" },	 { 22, "IPPROTO_IDP" },
	{ 29, "IPPROTO_TP" },	     { 33, "IPPROTO_DCCP" },	 { 41, "IPPROTO_IPV6" },
	{ 46, "IPPROTO_RSVP" },	     { 47, "IPPROTO_GRE" },	 { 50, "IPPROTO_ESP" },
	{ 51, "IPPROTO_AH" },	     { 92, "IPPROTO_MTP" },	 { 94, "IPPROTO_BEETPH" },
	{ 98, "IPPROTO_ENCAP" },     { 103, "IPPROTO_PIM" },	 { 108, "IPPROTO_COMP" },
	{ 132, "IPPROTO_SCTP" },     { 136, "IPPROTO_UDPLITE" }, { 137, "IPPROTO_MPLS" },
	{ 143, "IPPROTO_ETHERNET" }, { 255, "IPPROTO_RAW" },	 { 262, "IPPROTO_MPTCP" },
};

static const struct name states[] = {
	{ 1, "TCP_ESTABLISHED" }, { 2, "TCP_SYN_SENT" },   { 3, "TCP_SYN_RECV" },
	{ 4, "TCP_FIN_WAIT1" },	  { 5, "TCP_FIN_WAIT2" },  { 6, "TCP_TIME_WAIT" },
	{ 7, "TCP_CLOSE" },	  { 8, "TCP_CLOSE_WAIT" }, { 9, "TCP_LAST_ACK" },
	{ 10, "TCP_LISTEN" },	  { 11, "TCP_CLOSING" },   { 12, "TCP_NEW_SYN_RECV" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *by_num(const struct name *t, size_t n, unsigned int num)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	return NULL;
}

static int by_name(const struct name *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return (int)t[i].num;
	return -1;
}

const char *tp_net_family_name(unsigned int family)
{
	return by_num(families, N(families), family);
}

const char *tp_net_type_name(unsigned int type)
{
	return by_num(types, N(types), type);
}

const char *tp_net_protocol_name(unsigned int proto)
{
	return by_num(protocols, N(protocols), proto);
}

const char *tp_net_state_name(unsigned int state)
{
	return by_num(states, N(states), state);
}

int tp_net_family_number(const char *name)
{
	return by_name(families, N(families), name);
}

int tp_net_protocol_number(const char *name)
{
	return by_name(protocols, N(protocols), name);
}

int tp_net_state_number(const char *name)
{
	return by_name(states, N(states), name);
}

void tp_net_ip_str(const uint8_t *a, size_t len, char *buf, size_t size)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	int zs = -1, ze = -1, i, j, n = 0;

	if (!size)
		return;
	buf[0] = 0;
	if (len == 16 && !memcmp(a, mapped, sizeof(mapped))) {
		a += 12;
		len = 4;
	}
	if (len == 4) {
		snprintf(buf, size, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return;
	}
	if (len != 16) {
		snprintf(buf, size, "<nil>");
		return;
	}
	/* the first longest run of at least two zero groups becomes "::" */
	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && !a[2 * j] && !a[2 * j + 1]; j++)
			;
		if (j - i >= 2 && j - i > ze - zs) {
			zs = i;
			ze = j;
		}
	}
	for (i = 0; i < 8 && n >= 0 && (size_t)n < size; i++) {
		if (i == zs) {
			n += snprintf(buf + n, size - n, "::");
			i = ze - 1;
			continue;
		}
		n += snprintf(buf + n, size - n, "%s%x", n && buf[n - 1] != ':' ? ":" : "",
			      (unsigned int)(a[2 * i] << 8 | a[2 * i + 1]));
	}
}

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading the args of class TP_ACL_NET (include/tp/arg_types.h): tp_out_T
 * appends one to a record, T the type's reader. The network filters
 * (gen/emit/net.c) read an arg once with tp_net_tuple_T(&t, raw) and compare
 * the tuple's fields against constants or look them up in LPM tries.
 *
 * Kernel structs are read with CO-RE; packet headers and sockaddrs at their
 * wire offsets, which no kernel changes.
 */
#ifndef TP_NET_BPF_H
#define TP_NET_BPF_H

#include "tp_capture.bpf.h"

#define TP_IPPROTO_TCP 6
#define TP_IPPROTO_UDP 17

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TP_BE16(x) __builtin_bswap16(x)
#define TP_BE32(x) __builtin_bswap32(x)
#else
#define TP_BE16(x) (x)
#define TP_BE32(x) (x)
#endif

/* Word i (0..3) of a network-order address, as a number: 127.0.0.1 is 0x7f000001. */
#define TP_NET_W(a, i) TP_BE32(*(const __u32 *)((const __u8 *)(a) + 4 * (i)))

/* LPM lookups the filters make: a 16-bit field, an IPv4 or an IPv6 address. */
#define TP_NET_LPM16(map, v)                                               \
	({                                                                 \
		__u8 k_[8] = { 16, 0, 0, 0, (__u8)((v) >> 8), (__u8)(v) }; \
		bpf_map_lookup_elem(map, k_) != 0;                         \
	})
#define TP_NET_LPM4(map, a)                                \
	({                                                 \
		__u32 k_[2] = { 32, *(const __u32 *)(a) }; \
		bpf_map_lookup_elem(map, k_) != 0;         \
	})
#define TP_NET_LPM6(map, a)                                                            \
	({                                                                             \
		__u32 k_[5] = { 128, ((const __u32 *)(a))[0], ((const __u32 *)(a))[1], \
				((const __u32 *)(a))[2], ((const __u32 *)(a))[3] };    \
		bpf_map_lookup_elem(map, k_) != 0;                                     \
	})

static __always_inline void tp_net_tuple_sk(struct tp_net_tuple *t, struct sock *sk)
{
	__builtin_memset(t, 0, sizeof(*t));
	if (!sk)
		return;
	t->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	bpf_core_read(&t->state, sizeof(t->state), &sk->__sk_common.skc_state);
	t->protocol = BPF_CORE_READ(sk, sk_protocol);
	t->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	t->dport = TP_BE16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (t->family == TP_AF_INET) {
		bpf_core_read(t->saddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(t->daddr, 4, &sk->__sk_common.skc_daddr);
	} else if (t->family == TP_AF_INET6 &&
		   bpf_core_field_exists(sk->__sk_common.skc_v6_daddr)) {
		bpf_core_read(t->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(t->daddr, 16, &sk->__sk_common.skc_v6_daddr);
	}
}

static __always_inline void tp_net_tuple_sock(struct tp_net_tuple *t, __u64 raw)
{
	tp_net_tuple_sk(t, (struct sock *)raw);
}

static __always_inline struct sock *tp_net_socket_sk(__u64 raw)
{
	return raw ? BPF_CORE_READ((struct socket *)raw, sk) : 0;
}

static __always_inline void tp_net_tuple_socket(struct tp_net_tuple *t, __u64 raw)
{
	tp_net_tuple_sk(t, tp_net_socket_sk(raw));
}

/*
 * The transport protocol after an IPv6 header at l3, skipping the extension
 * headers Tetragon skips (hop-by-hop, routing, fragment, AH, destination
 * options); *l4 is where that protocol's header starts. 0 when not found.
 */
TP_LIBPROG __u8 tp_net_ip6_proto(const unsigned char *head, __u32 l3, __u32 *l4) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	__u32 off = l3 + 40;
	__u8 next = 0, eh[2];
	int i;

	bpf_probe_read_kernel(&next, 1, head + l3 + 6);
#pragma unroll
	for (i = 0; i < 7; i++) {
		if (next != 0 && next != 43 && next != 44 && next != 51 && next != 60) {
			*l4 = off;
			return next;
		}
		if (bpf_probe_read_kernel(eh, 2, head + off))
			return 0;
		off += next == 44   ? 8
		       : next == 51 ? ((__u32)eh[1] + 2) * 4
				    : ((__u32)eh[1] + 1) * 8;
		next = eh[0];
	}
	return 0;
}
#endif

static __always_inline void tp_net_tuple_skb(struct tp_net_tuple *t, __u64 raw)
{
	struct sk_buff *skb = (struct sk_buff *)raw;
	const unsigned char *head;
	__u32 l3, l4;
	__u8 b0 = 0, proto = 0;
	__u16 ports[2];

	__builtin_memset(t, 0, sizeof(*t));
	if (!skb)
		return;
	head = BPF_CORE_READ(skb, head);
	l3 = BPF_CORE_READ(skb, network_header);
	l4 = BPF_CORE_READ(skb, transport_header);
	bpf_probe_read_kernel(&b0, 1, head + l3);
	if (b0 >> 4 == 4) {
		t->family = TP_AF_INET;
		bpf_probe_read_kernel(&proto, 1, head + l3 + 9);
		bpf_probe_read_kernel(t->saddr, 4, head + l3 + 12);
		bpf_probe_read_kernel(t->daddr, 4, head + l3 + 16);
	} else if (b0 >> 4 == 6) {
		t->family = TP_AF_INET6;
		bpf_probe_read_kernel(t->saddr, 16, head + l3 + 8);
		bpf_probe_read_kernel(t->daddr, 16, head + l3 + 24);
		proto = tp_net_ip6_proto(head, l3, &l4);
	} else {
		return;
	}
	t->protocol = proto;
	/* TCP and UDP headers both start with the source and destination ports */
	if ((proto == TP_IPPROTO_TCP || proto == TP_IPPROTO_UDP) &&
	    !bpf_probe_read_kernel(ports, sizeof(ports), head + l4)) {
		t->sport = TP_BE16(ports[0]);
		t->dport = TP_BE16(ports[1]);
	}
}

/* A kernel sockaddr: sockaddr_in and sockaddr_in6 at their ABI offsets. */
static __always_inline void tp_net_tuple_sockaddr(struct tp_net_tuple *t, __u64 raw)
{
	const __u8 *sa = (const __u8 *)raw;
	__u16 port = 0;

	__builtin_memset(t, 0, sizeof(*t));
	if (!sa || bpf_probe_read_kernel(&t->family, sizeof(t->family), sa))
		return;
	if (t->family == TP_AF_INET) {
		bpf_probe_read_kernel(&port, 2, sa + 2);
		bpf_probe_read_kernel(t->saddr, 4, sa + 4);
	} else if (t->family == TP_AF_INET6) {
		bpf_probe_read_kernel(&port, 2, sa + 2);
		bpf_probe_read_kernel(t->saddr, 16, sa + 8);
	}
	t->sport = TP_BE16(port);
}

#ifdef TP_SOCK_TRACK
/*
 * Tracked socks: a sock's kernel address -> the process that made it
 * (tgid << 32 | tid), as Tetragon's socktrack_map (bpf/process/types/
 * basic.h). TrackSock and returnArgAction fill it, UntrackSock empties it; a
 * sock or socket arg of a later event names its owner as the event's process.
 */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32768);
	__type(key, __u64);
	__type(value, __u64);
} tp_socktrack SEC(".maps");

static __always_inline void tp_sock_track(__u64 sk)
{
	__u64 owner = bpf_get_current_pid_tgid();

	if (sk)
		bpf_map_update_elem(&tp_socktrack, &sk, &owner, BPF_ANY);
}

static __always_inline void tp_sock_untrack(__u64 sk)
{
	if (sk)
		bpf_map_delete_elem(&tp_socktrack, &sk);
}

/* A socket arg's sock, the key TrackSock takes from it. */
static __always_inline __u64 tp_sock_of_socket(__u64 raw)
{
	return (__u64)tp_net_socket_sk(raw);
}

/* The record's process becomes sk's owner when sk is tracked (tp_out_finish). */
static __always_inline void tp_sock_owner(struct tp_rec *r, struct sock *sk)
{
	__u64 key = (__u64)sk;
	__u64 *owner = sk ? bpf_map_lookup_elem(&tp_socktrack, &key) : 0;

	if (owner)
		r->sock_owner = *owner;
}
#endif

/*
 * The blobs: each tp_out_T reads the arg's tuple, and tp_out_T_tuple takes
 * the one the filters read (t): what they compared, not read again. A
 * subprogram's kernel pointer is a __u64: its prototype's types stay in the
 * object's BTF whole (gen/link/btf_min.c), and struct sock's are a few hundred.
 */
TP_LIBPROG __u32 tp_net_out_sk(int mode, struct tp_rec *r, __u32 off, __u64 raw,
			       const struct tp_net_tuple *t) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_ev_sock *ev = tp_blob_begin(mode, r, off, sizeof(*ev));
	struct sock *sk = (struct sock *)raw;

	if (!ev)
		return tp_blob_end(off, sizeof(*ev));
	if (t)
		ev->t = *t;
	else
		tp_net_tuple_sk(&ev->t, sk);
	ev->cookie = (__u64)sk;
	ev->mark = sk ? BPF_CORE_READ(sk, sk_mark) : 0;
	ev->priority = sk ? BPF_CORE_READ(sk, sk_priority) : 0;
	ev->type = sk ? BPF_CORE_READ(sk, sk_type) : 0;
#ifdef TP_SOCK_TRACK
	tp_sock_owner(r, sk);
#endif
	return tp_blob_end(off, sizeof(*ev));
}
#endif

static __always_inline __u32 tp_out_sock(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_net_out_sk(mode, r, off, raw, 0);
}

static __always_inline __u32 tp_out_sock_tuple(int mode, struct tp_rec *r, __u32 off, __u64 raw,
					       const struct tp_net_tuple *t)
{
	return tp_net_out_sk(mode, r, off, raw, t);
}

static __always_inline __u32 tp_out_socket(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_net_out_sk(mode, r, off, (__u64)tp_net_socket_sk(raw), 0);
}

static __always_inline __u32 tp_out_socket_tuple(int mode, struct tp_rec *r, __u32 off, __u64 raw,
						 const struct tp_net_tuple *t)
{
	return tp_net_out_sk(mode, r, off, (__u64)tp_net_socket_sk(raw), t);
}

TP_LIBPROG __u32 tp_net_out_skb(int mode, struct tp_rec *r, __u32 off, __u64 raw,
				const struct tp_net_tuple *t) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_ev_skb *ev = tp_blob_begin(mode, r, off, sizeof(*ev));
	struct sk_buff *skb = (struct sk_buff *)raw;

	if (!ev)
		return tp_blob_end(off, sizeof(*ev));
	if (t)
		ev->t = *t;
	else
		tp_net_tuple_skb(&ev->t, raw);
	ev->hash = skb ? BPF_CORE_READ(skb, hash) : 0;
	ev->len = skb ? BPF_CORE_READ(skb, len) : 0;
	ev->priority = skb ? BPF_CORE_READ(skb, priority) : 0;
	ev->mark = skb ? BPF_CORE_READ(skb, mark) : 0;
	ev->secpath_len = 0;
	ev->secpath_olen = 0;
	return tp_blob_end(off, sizeof(*ev));
}
#endif

static __always_inline __u32 tp_out_skb(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_net_out_skb(mode, r, off, raw, 0);
}

static __always_inline __u32 tp_out_skb_tuple(int mode, struct tp_rec *r, __u32 off, __u64 raw,
					      const struct tp_net_tuple *t)
{
	return tp_net_out_skb(mode, r, off, raw, t);
}

TP_LIBPROG __u32 tp_net_out_sockaddr(int mode, struct tp_rec *r, __u32 off, __u64 raw,
				     const struct tp_net_tuple *t) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_ev_sockaddr *ev = tp_blob_begin(mode, r, off, sizeof(*ev));

	if (!ev)
		return tp_blob_end(off, sizeof(*ev));
	if (t)
		ev->t = *t;
	else
		tp_net_tuple_sockaddr(&ev->t, raw);
	return tp_blob_end(off, sizeof(*ev));
}
#endif

static __always_inline __u32 tp_out_sockaddr(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_net_out_sockaddr(mode, r, off, raw, 0);
}

static __always_inline __u32 tp_out_sockaddr_tuple(int mode, struct tp_rec *r, __u32 off, __u64 raw,
						   const struct tp_net_tuple *t)
{
	return tp_net_out_sockaddr(mode, r, off, raw, t);
}

#endif /* TP_NET_BPF_H */

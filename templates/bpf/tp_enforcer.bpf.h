/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * spec.enforcers and NotifyEnforcer, as Tetragon's bpf_enforcer.h: a
 * notifying hook records {error, signal} for the current thread; the
 * enforcer program on an enforced function takes the record on entry,
 * sends the signal and returns the error (fmod_ret) or overrides the
 * return value with it (kprobe + bpf_override_return).
 *
 * tp_enforcer_inline is set by tprun before load where no enforcer variant
 * attaches and the policy only asks for signals: the notifying hook then
 * sends the signal itself, and records nothing.
 */
#ifndef TP_ENFORCER_BPF_H
#define TP_ENFORCER_BPF_H

#include "tp_common.bpf.h"

#define TP_ENFORCER_MAX 32768 /* Tetragon's enforcerMapMaxEntries */

struct tp_enforcer_data {
	__s16 error;
	__s16 signal;
};

TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TP_ENFORCER_MAX);
	__type(key, __u64); /* tgid << 32 | tid */
	__type(value, struct tp_enforcer_data);
} tp_enforcer SEC(".maps");

TP_SHARED const volatile __u32 tp_enforcer_inline TP_INIT(0);

/* NotifyEnforcer: a later notification of the thread replaces an earlier one */
static __always_inline void tp_enforcer_notify(int error, int signal)
{
	struct tp_enforcer_data d = { .error = (__s16)error, .signal = (__s16)signal };
	__u64 id = bpf_get_current_pid_tgid();

	if (tp_enforcer_inline) {
		if (signal)
			bpf_send_signal(signal);
		return;
	}
	bpf_map_update_elem(&tp_enforcer, &id, &d, BPF_ANY);
}

/* CleanupEnforcerNotification */
static __always_inline void tp_enforcer_clear(void)
{
	__u64 id = bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&tp_enforcer, &id);
}

/* The enforcer program: the thread's notification taken, its signal sent, its error returned. */
static __always_inline long tp_enforcer_take(void)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct tp_enforcer_data *d = bpf_map_lookup_elem(&tp_enforcer, &id);
	long error;

	if (!d)
		return 0;
	error = d->error;
	if (d->signal)
		bpf_send_signal(d->signal);
	bpf_map_delete_elem(&tp_enforcer, &id);
	return error;
}

#endif /* TP_ENFORCER_BPF_H */

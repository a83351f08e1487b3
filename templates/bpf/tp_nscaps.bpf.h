/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * matchNamespaces and matchCapabilities: the current task's namespace inode
 * numbers and capability sets, read as Tetragon's get_namespaces() and
 * get_current_subj_caps() read them (bpf/process/bpf_process_event.h,
 * bpf/lib/bpf_cred.h): the pid namespace is the one the task's pid lives in,
 * the user namespace is its mm's (its credentials' when the kernel has no
 * mm->user_ns), capabilities are the subjective credentials' (task->cred).
 */
#ifndef TP_NSCAPS_BPF_H
#define TP_NSCAPS_BPF_H

#include "tp_common.bpf.h"

#include <tp/nscaps.h>

/*
 * The host's namespaces, the inode numbers of /proc/1/ns/<kind>: tprun writes
 * them before load (host_ns is the host where the policy runs, not where it
 * was built). 0 where the host has no such namespace.
 */
TP_SHARED const volatile __u32 tp_host_ns[TP_NS__N] TP_INIT({ 0 });

struct mm_struct___tp_user_ns {
	struct user_namespace *user_ns;
} __attribute__((preserve_access_index));

static __always_inline __u32 tp_pid_ns_inum(struct task_struct *task)
{
	struct pid *p = BPF_CORE_READ(task, thread_pid);
	struct pid_namespace *ns = NULL;
	unsigned int level;

	if (!p)
		return 0;
	level = BPF_CORE_READ(p, level);
	bpf_core_read(&ns, sizeof(ns), &p->numbers[level & 31].ns);
	return ns ? BPF_CORE_READ(ns, ns.inum) : 0;
}

static __always_inline __u32 tp_user_ns_inum(struct task_struct *task)
{
	struct mm_struct___tp_user_ns *mm = (void *)BPF_CORE_READ(task, mm);

	if (bpf_core_field_exists(mm->user_ns) && mm)
		return BPF_CORE_READ(mm, user_ns, ns.inum);
	return BPF_CORE_READ(task, cred, user_ns, ns.inum);
}

/* A task's namespace of kind (enum tp_ns_kind), 0 when it has none. */
static __always_inline __u32 tp_task_ns_inum(struct task_struct *task, int kind)
{
	struct nsproxy *nsp = BPF_CORE_READ(task, nsproxy);

	if (!nsp && kind != TP_NS_PID && kind != TP_NS_USER)
		return 0; /* an exiting task */
	switch (kind) {
	case TP_NS_UTS:
		return BPF_CORE_READ(nsp, uts_ns, ns.inum);
	case TP_NS_IPC:
		return BPF_CORE_READ(nsp, ipc_ns, ns.inum);
	case TP_NS_MNT:
		return BPF_CORE_READ(nsp, mnt_ns, ns.inum);
	case TP_NS_PID:
		return tp_pid_ns_inum(task);
	case TP_NS_PID_FOR_CHILDREN:
		return BPF_CORE_READ(nsp, pid_ns_for_children, ns.inum);
	case TP_NS_NET:
		return BPF_CORE_READ(nsp, net_ns, ns.inum);
	case TP_NS_TIME:
		if (!bpf_core_field_exists(nsp->time_ns))
			return 0;
		return BPF_CORE_READ(nsp, time_ns, ns.inum);
	case TP_NS_TIME_FOR_CHILDREN:
		if (!bpf_core_field_exists(nsp->time_ns_for_children))
			return 0;
		return BPF_CORE_READ(nsp, time_ns_for_children, ns.inum);
	case TP_NS_CGROUP:
		return BPF_CORE_READ(nsp, cgroup_ns, ns.inum);
	case TP_NS_USER:
		return tp_user_ns_inum(task);
	}
	return 0;
}

static __always_inline __u32 tp_ns_inum(int kind)
{
	return tp_task_ns_inum((struct task_struct *)bpf_get_current_task(), kind);
}

/* A task's capability set (enum tp_cap_set), as a 64-bit mask. */
static __always_inline __u64 tp_task_caps(struct task_struct *task, int set)
{
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u64 caps = 0;

	switch (set) {
	case TP_CAPSET_EFFECTIVE:
		bpf_core_read(&caps, sizeof(caps), &cred->cap_effective);
		break;
	case TP_CAPSET_INHERITABLE:
		bpf_core_read(&caps, sizeof(caps), &cred->cap_inheritable);
		break;
	case TP_CAPSET_PERMITTED:
		bpf_core_read(&caps, sizeof(caps), &cred->cap_permitted);
		break;
	}
	return caps;
}

static __always_inline __u64 tp_caps(int set)
{
	return tp_task_caps((struct task_struct *)bpf_get_current_task(), set);
}

/*
 * What exec and fork records carry for --enable-process-cred and
 * --enable-process-ns (struct tp_creds): the task's subjective credentials
 * and its namespaces, as Tetragon's get_current_subj_creds() and
 * get_namespaces() read them for its exec event. recorded: the task's process
 * table entry when it has just recorded them (TP_PROC_CREDS), else NULL.
 */
static __always_inline void tp_creds_read(struct tp_creds *c, struct task_struct *task,
					  const struct tp_proc *recorded)
{
	const struct cred *cred = BPF_CORE_READ(task, cred);
	int i;

	c->uid = BPF_CORE_READ(cred, uid.val);
	c->gid = BPF_CORE_READ(cred, gid.val);
	c->euid = BPF_CORE_READ(cred, euid.val);
	c->egid = BPF_CORE_READ(cred, egid.val);
	c->suid = BPF_CORE_READ(cred, suid.val);
	c->sgid = BPF_CORE_READ(cred, sgid.val);
	c->fsuid = BPF_CORE_READ(cred, fsuid.val);
	c->fsgid = BPF_CORE_READ(cred, fsgid.val);
	c->securebits = BPF_CORE_READ(cred, securebits);
	c->known = 1;
#ifdef TP_PROC_CREDS
	if (recorded) { /* what the process table just recorded is not read again */
		__builtin_memcpy(c->caps, recorded->caps, sizeof(c->caps));
		__builtin_memcpy(c->ns, recorded->ns, sizeof(c->ns));
		return;
	}
#endif
	for (i = 0; i < TP_CAPSET__N; i++)
		c->caps[i] = tp_task_caps(task, i);
	for (i = 0; i < TP_NS__N; i++)
		c->ns[i] = tp_task_ns_inum(task, i);
}

/*
 * isNamespaceCapability: the filter passes only for a task outside the host's
 * user namespace (Tetragon's process_filter_capabilities, bpf/process/pfilter.h).
 */
static __always_inline bool tp_in_host_userns(void)
{
	return tp_ns_inum(TP_NS_USER) == tp_host_ns[TP_NS_USER];
}

#ifdef TP_PROC_CREDS
/* exec and fork have just recorded the task's namespaces and capabilities in np */
#define TP_CREDS_RECORDED(np) (np)
#else
#define TP_CREDS_RECORDED(np) ((const struct tp_proc *)0)
#endif

#ifdef TP_PROC_CREDS
/*
 * matchNamespaceChanges and matchCapabilityChanges compare the current task
 * with what the process table recorded at exec or fork (Tetragon's
 * execve_map_value ns and caps), and record the new state once a selector
 * that saw the change is chosen (generic_process_event's match_ns, match_cap).
 * A process learned from /proc has no record of its capabilities
 * (TP_PROCF_NOCREDS) until it execs: no capability change matches for it.
 */
#define TP_PROCF_NOCREDS (1u << 4)

static __always_inline void tp_proc_ns_record(struct tp_proc *p, struct task_struct *task)
{
	int i;

	for (i = 0; i < TP_NS__N; i++)
		p->ns[i] = tp_task_ns_inum(task, i);
}

static __always_inline void tp_proc_caps_record(struct tp_proc *p, struct task_struct *task)
{
	int i;

	for (i = 0; i < TP_CAPSET__N; i++)
		p->caps[i] = tp_task_caps(task, i);
	p->flags &= ~TP_PROCF_NOCREDS;
}

/* Namespace kind changed since it was recorded (an unrecorded one never did). */
static __always_inline bool tp_ns_changed(const struct tp_proc *p, int kind)
{
	__u32 was = p->ns[kind];

	return was && was != tp_ns_inum(kind);
}

/*
 * Capability set changed: In, one of mask changed; NotIn, only others did
 * (Tetragon's process_filter_capability_change).
 */
static __always_inline bool tp_caps_changed(const struct tp_proc *p, int set, __u64 mask,
					    bool not_in)
{
	__u64 was = p->caps[set], now = tp_caps(set);

	if (p->flags & TP_PROCF_NOCREDS)
		return false;
	if ((was & mask) != (now & mask))
		return !not_in;
	return was != now && not_in;
}
#endif /* TP_PROC_CREDS */

#endif /* TP_NSCAPS_BPF_H */

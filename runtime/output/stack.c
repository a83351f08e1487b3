// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A hook record's stacks: the blobs after its args, symbolised when the
 * event is printed, kernel frames from kallsyms (read the first time a
 * kernel stack comes), user frames from the process's mapped files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libtp.h"
#include "record.h"
#include "stack.h"

struct tp_stacks {
	bool addresses; /* --expose-stack-addresses */
	struct tp_ksyms *ksyms;
	bool ksyms_failed; /* said once, not read again */
	struct tp_usyms *usyms;
	uint64_t addr[TP_STACK_DEPTH];
	struct tp_stack_frame kernel[TP_STACK_DEPTH];
	struct tp_stack_frame user[TP_STACK_DEPTH];
};

static int stack_blob(const void *rec, size_t size, size_t *off, const uint8_t **addr, uint32_t *n)
{
	const uint8_t *bytes;
	uint32_t len, info;

	if (tp_record__blob(rec, size, off, &bytes, &len, &info) || len % 8 ||
	    len > TP_STACK_DEPTH * 8)
		return -EINVAL;
	*addr = info & TP_BLOB_ERROR ? NULL : bytes;
	*n = info & TP_BLOB_ERROR ? 0 : len / 8;
	return 0;
}

int tp_stack_raw__decode(const void *rec, size_t size, size_t off, uint32_t flags,
			 struct tp_stack_raw *raw)
{
	memset(raw, 0, sizeof(*raw));
	if ((flags & TP_HOOKEV_KERNEL_STACK) &&
	    stack_blob(rec, size, &off, &raw->kernel, &raw->nkernel))
		return -EINVAL;
	if ((flags & TP_HOOKEV_USER_STACK) && stack_blob(rec, size, &off, &raw->user, &raw->nuser))
		return -EINVAL;
	return 0;
}

struct tp_stacks *tp_stacks__new(bool addresses)
{
	struct tp_stacks *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->addresses = addresses;
	s->usyms = tp_usyms__new();
	if (!s->usyms) {
		free(s);
		return NULL;
	}
	return s;
}

void tp_stacks__free(struct tp_stacks *s)
{
	if (!s)
		return;
	tp_ksyms__free(s->ksyms);
	tp_usyms__free(s->usyms);
	free(s);
}

void tp_stacks__forget(struct tp_stacks *s, uint32_t pid)
{
	tp_usyms__forget(s->usyms, pid);
}

static size_t kernel_frames(struct tp_stacks *s, const struct tp_stack_raw *raw)
{
	size_t i, n = 0;

	if (!s->ksyms && !s->ksyms_failed) {
		s->ksyms = tp_ksyms__load(NULL);
		s->ksyms_failed = !s->ksyms;
		if (!s->ksyms)
			tp_log(TP_LOG_WARN, "kernel stack traces: reading /proc/kallsyms: %s\n",
			       strerror(errno));
	}
	if (!s->ksyms)
		return 0;
	memcpy(s->addr, raw->kernel, raw->nkernel * 8);
	for (i = 0; i < raw->nkernel; i++) {
		/* frames kallsyms does not name are left out, as Tetragon leaves them */
		if (!s->addr[i] || tp_ksyms__resolve(s->ksyms, s->addr[i], &s->kernel[n]))
			continue;
		/*
		 * BPF trampolines ([bpf] in kallsyms), and the hook's own program
		 * before the function: a fentry's stack starts there, and passes
		 * through the trampoline of any function another fentry or fexit
		 * hooks, where Tetragon's kprobes leave no frame
		 */
		if (!strcmp(s->kernel[n].module, "bpf") &&
		    (!n || !strncmp(s->kernel[n].symbol, "bpf_trampoline_", 15)))
			continue;
		s->kernel[n++].address = s->addresses ? s->addr[i] : 0;
	}
	return n;
}

static size_t user_frames(struct tp_stacks *s, const struct tp_stack_raw *raw, uint32_t pid,
			  uint64_t ktime)
{
	size_t i, n = 0;

	for (i = 0; i < raw->nuser; i++) {
		memcpy(&s->addr[n], raw->user + 8 * i, 8);
		n += s->addr[n] != 0;
	}
	n = tp_usyms__resolve(s->usyms, pid, ktime, s->addr, n, s->user);
	for (i = 0; i < n; i++)
		if (!s->addresses)
			s->user[i].address = 0;
	return n;
}

void tp_stacks__symbolise(struct tp_stacks *s, const struct tp_stack_raw *raw, uint32_t pid,
			  uint64_t ktime, const struct tp_stack_frame **kernel, size_t *nkernel,
			  const struct tp_stack_frame **user, size_t *nuser)
{
	*nkernel = raw->kernel ? kernel_frames(s, raw) : 0;
	*nuser = raw->user ? user_frames(s, raw, pid, ktime) : 0;
	*kernel = *nkernel ? s->kernel : NULL;
	*user = *nuser ? s->user : NULL;
}

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What a decoded event says beyond its fields: the function a list hook's
 * event is about, how an exited process ended.
 */
#include "event.h"
#include "vocab.h"

const char *tp_out_event__function(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				   uint32_t func)
{
	size_t n;
	const char *const *funcs = tp_meta__list_funcs(m, h, &n);

	if (funcs)
		return func < n ? funcs[func] : h->call;
	return *h->function_name ? h->function_name : h->call;
}

/*
 * The signal that ended the process, named as Tetragon names it: none for a
 * real-time signal (pkg/grpc/exec/exec.go GetProcessExit takes
 * pkg/reader/exec/signal_linux.go Signal, Go's unix.SignalName, which knows
 * 1 to 31 only: "signal" is then left out).
 */
const char *tp_out_event__exit_signal(const struct tp_out_event *ev)
{
	return tp_signal__name(ev->exit_code & 0x7f);
}

unsigned int tp_out_event__exit_status(const struct tp_out_event *ev)
{
	return (ev->exit_code >> 8) & 0xff;
}

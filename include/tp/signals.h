/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Signal numbers and names (x86-64 and arm64 share them): what generated code
 * sends (bpf_send_signal(TP_SIGKILL)) and what events print for an exit.
 * vmlinux.h has no signal numbers: they are macros in the kernel.
 *
 * X(NUMBER, NAME)
 */
#ifndef TP_SIGNALS_H
#define TP_SIGNALS_H

/* clang-format off */
#define TP_SIGNALS(X)								\
	X(1, SIGHUP)	X(2, SIGINT)	X(3, SIGQUIT)	X(4, SIGILL)		\
	X(5, SIGTRAP)	X(6, SIGABRT)	X(7, SIGBUS)	X(8, SIGFPE)		\
	X(9, SIGKILL)	X(10, SIGUSR1)	X(11, SIGSEGV)	X(12, SIGUSR2)		\
	X(13, SIGPIPE)	X(14, SIGALRM)	X(15, SIGTERM)	X(16, SIGSTKFLT)	\
	X(17, SIGCHLD)	X(18, SIGCONT)	X(19, SIGSTOP)	X(20, SIGTSTP)		\
	X(21, SIGTTIN)	X(22, SIGTTOU)	X(23, SIGURG)	X(24, SIGXCPU)		\
	X(25, SIGXFSZ)	X(26, SIGVTALRM) X(27, SIGPROF)	X(28, SIGWINCH)		\
	X(29, SIGIO)	X(30, SIGPWR)	X(31, SIGSYS)
/* clang-format on */

enum tp_signal {
/* clang-format off */
#define TP_SIG_ENUM(num, name) TP_##name = num,
	TP_SIGNALS(TP_SIG_ENUM)
#undef TP_SIG_ENUM
	TP_SIG_NAMED_MAX = 31, /* 32 to 64 are real-time signals, without names */
	/* clang-format on */
	TP_SIG_MAX = 64,
};

#endif /* TP_SIGNALS_H */

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* tprun's command line. */
#ifndef TPRUN_OPTIONS_H
#define TPRUN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "export_file.h"
#include "libtp.h"
#include "output.h"
#include "useract.h"

struct tprun_opts {
	const char *object;	   /* POLICY.bpf.o: the first of objects */
	enum tp_output_fmt fmt;	   /* -o json|compact */
	struct tp_runtime_opts rt; /* --ringbuf-size, --forbid */
	struct tp_useract_opts ua; /* --dns-server, --action-timeout */
	const char *verify_key;	   /* --verify-key PUB.pem: only objects it signed */
	bool verbose;		   /* -v: libbpf's messages and verifier logs (tp_log__set_level) */
	bool check;		   /* --check: verify every program and exit */
	bool show_policy;	   /* --show-policy: print .tp.policy and exit */
	bool help;		   /* -h: usage printed on stdout */
	bool stack_addresses;	   /* --expose-stack-addresses */
	bool process_cred;	   /* --enable-process-cred */
	bool process_ns;	   /* --enable-process-ns */
	const char *pin;	   /* --pin DIR: pin in bpffs, or adopt what is pinned there */
	const char *unpin;	   /* --unpin DIR: detach and remove what tprun pinned there */
	/* --export-file PATH, --export-max-size, --export-max-backups, --export-compress */
	struct tp_export_file_opts export;
	const char *allowlist;	  /* --export-allowlist JSON, unparsed */
	const char *denylist;	  /* --export-denylist JSON, unparsed */
	bool pid_set_filter;	  /* --enable-pid-set-filter: pid_set allowed in them */
	const char *metrics_addr; /* --metrics-addr ADDR:PORT: serve /metrics there */

	/* every POLICY.bpf.o, in argv's order (pointers into argv); at least one, none with --unpin
	 */
	const char *const *objects;
	size_t nobjects;
};

/* Parse argv into o; 0, or -EINVAL after saying why (with the usage) on stderr. */
int tprun_opts__parse(struct tprun_opts *o, int argc, char **argv);

#endif /* TPRUN_OPTIONS_H */

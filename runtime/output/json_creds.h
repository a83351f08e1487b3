/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Credentials and namespaces in Tetragon's shapes: Process.cap
 * (Capabilities), Process.ns (Namespaces) and Process.process_credentials
 * (ProcessCredentials), as pkg/process fills them from the exec event; the
 * same ids and Capabilities in a cred argument.
 */
#ifndef TP_JSON_CREDS_H
#define TP_JSON_CREDS_H

#include <stdbool.h>
#include <stdint.h>

#include <tp/event.h>

#include "json.h"

/*
 * A set of bits as a repeated enum, omitted when empty: capability sets
 * (their enum numbers the bits) print a bit without a name as its number;
 * securebits and module taints leave it out, as Tetragon's converters do
 * (caps.GetCapabilitiesTypes, caps.GetSecureBitsTypes).
 */
void tp_json_creds__bits(struct tp_json *j, const char *key, uint64_t bits,
			 const char *(*name)(unsigned int bit), bool number_unnamed);

/* "cap": permitted, effective, inheritable as lists of capability names */
void tp_json_creds__caps(struct tp_json *j, const char *key, const struct tp_creds *c);
/* "ns": each kind's inum and is_host (against host[TP_NS__N]) */
void tp_json_creds__ns(struct tp_json *j, const char *key, const struct tp_creds *c,
		       const uint32_t *host);
/*
 * ProcessCredentials' uid, gid, euid, egid, suid, sgid, fsuid, fsgid and
 * securebits, as members of the object open (process_credentials, a cred
 * argument's process_credentials_arg).
 */
void tp_json_creds__ids(struct tp_json *j, const struct tp_creds *c);

#endif /* TP_JSON_CREDS_H */

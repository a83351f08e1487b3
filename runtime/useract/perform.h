/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Performing one user action: 0, or -1 with a reason in why. */
#ifndef TP_USERACT_PERFORM_H
#define TP_USERACT_PERFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* stop: read while the request runs; when it turns true the request is cut short */
int tp_useract__get_url(const char *url, uint32_t timeout_ms, const volatile bool *stop, char *why,
			size_t whylen);
/* server_be 0: the system's resolvers */
int tp_useract__dns_lookup(const char *fqdn, uint32_t server_be, uint16_t port, uint32_t timeout_ms,
			   char *why, size_t whylen);

#endif /* TP_USERACT_PERFORM_H */

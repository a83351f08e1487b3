/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Capability names as Tetragon spells them (tetragon.CapabilitiesType:
 * CAP_CHOWN, DAC_OVERRIDE, CAP_DAC_READ_SEARCH, ...), both ways. Shared by
 * the JSON printer and the policy checker, so a name a policy may use is a
 * name an event shows.
 */
#ifndef TP_CAP_NAMES_H
#define TP_CAP_NAMES_H

#include <stdint.h>

/* "CAP_SYS_ADMIN" for 21; NULL for a number without a name. */
const char *tp_cap_name(int64_t cap);

/*
 * The number of a capability name: "CAP_SYS_ADMIN", "DAC_OVERRIDE" or
 * "CAP_DAC_OVERRIDE" (both spellings of 1), or -1.
 */
int tp_cap_number(const char *name);

#endif /* TP_CAP_NAMES_H */

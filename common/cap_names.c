// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Capability names, as uapi/linux/capability.h numbers them and Tetragon names them. */
#include <string.h>

#include "cap_names.h"

/* tetragon.CapabilitiesType: 1 is DAC_OVERRIDE, without the prefix */
static const char *const cap_names[] = {
	"CAP_CHOWN",
	"DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

#define NCAPS ((int)(sizeof(cap_names) / sizeof(cap_names[0])))

const char *tp_cap_name(int64_t cap)
{
	return cap >= 0 && cap < NCAPS ? cap_names[cap] : NULL;
}

int tp_cap_number(const char *name)
{
	int i;

	if (!strcmp(name, "CAP_DAC_OVERRIDE"))
		return 1;
	for (i = 0; i < NCAPS; i++)
		if (!strcmp(name, cap_names[i]))
			return i;
	return -1;
}

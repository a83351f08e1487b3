/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The names of an export file's backups, as lumberjack (the rotating writer
 * Tetragon's --export-filename uses, vendor/github.com/cilium/lumberjack/v2)
 * makes them: DIR/NAME.EXT rotated at 2026-11-30 09:45:01.123 UTC becomes
 * DIR/NAME-2026-11-30T09-45-01.123.EXT (backupName), and NAME-STAMP.EXT.gz
 * once compressed. EXT is Go's filepath.Ext: from the last '.' of the base.
 */
#ifndef TP_EXPORT_NAME_H
#define TP_EXPORT_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* lumberjack's backupTimeFormat, "2006-01-02T15-04-05.000": 23 characters */
#define TP_EXPORT_STAMP_LEN 23

struct tp_export_name {
	char *dir;    /* the file's directory ("." for a bare name) */
	char *prefix; /* its base without EXT, then "-" */
	char *ext;    /* "" or from the base's last '.' */
};

/* Split path; 0 or -ENOMEM. */
int tp_export_name__init(struct tp_export_name *n, const char *path);
void tp_export_name__free(struct tp_export_name *n);

/* The base name of the backup made at ms (Unix time, milliseconds, UTC); -ENAMETOOLONG. */
int tp_export_name__backup(const struct tp_export_name *n, int64_t ms, char *buf, size_t len);

/*
 * A base name in the directory that is one of the file's backups: its time
 * in ms and whether it is compressed (".gz"); -EINVAL for any other name
 * (lumberjack's timeFromName: prefix, a stamp time.Parse takes, EXT[.gz]).
 */
int tp_export_name__parse(const struct tp_export_name *n, const char *base, int64_t *ms, bool *gz);

#endif /* TP_EXPORT_NAME_H */

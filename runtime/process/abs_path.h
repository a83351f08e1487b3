/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* process.binary as Tetragon makes it from an exec's filename. */
#ifndef TP_ABS_PATH_H
#define TP_ABS_PATH_H

/*
 * Tetragon's GetBinaryAbsolutePath (pkg/reader/path/path.go): an absolute
 * name as it is, a relative one joined to cwd and cleaned lexically as Go's
 * filepath.Join does ("./bin/cat" in "/usr" is "/usr/bin/cat"; symlinks are
 * not followed). malloc'd, or NULL.
 */
char *tp_abs_path(const char *cwd, const char *name);

#endif /* TP_ABS_PATH_H */

/* The files of a zip archive in memory (minizip): a report a partner
 * zipped is read, never written out, and a bomb is not unpacked past a
 * limit. */
#ifndef MAILGW_ZIPFILE_H
#define MAILGW_ZIPFILE_H

#include <stddef.h>

/* 1 when data[0..len) starts as a zip archive's first file does. */
int zipfile_magic(const void *data, size_t len);

/* One file of the archive: its name as stored, its bytes (NUL after
 * them), and whether they were cut at the limit. */
typedef void (*zipfile_fn)(const char *name, const char *bytes, size_t n,
    int cut, void *arg);

/* For each file of the zip archive data[0..len) whose name want accepts,
 * its bytes to fn, in the archive's order, at most max bytes for all of
 * them together. -1 when data is no archive minizip can read; else the
 * number of wanted files not given whole (encrypted, broken, cut at or
 * past the limit, past the 10,000th entry). */
int zipfile_each(const void *data, size_t len, size_t max,
    int (*want)(const char *name), zipfile_fn fn, void *arg);

#endif

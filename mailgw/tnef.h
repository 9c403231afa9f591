/* The files of a TNEF stream (winmail.dat, application/ms-tnef: what
 * Outlook sends in its rich text format in place of attachments), read
 * in memory, never written out. */
#ifndef MAILGW_TNEF_H
#define MAILGW_TNEF_H

#include <stddef.h>

/* 1 when data[0..len) starts with TNEF's signature. */
int tnef_magic(const void *data, size_t len);

/* One attached file: its title (the name Outlook gives it, as stored;
 * "" when it has none), its bytes (a NUL after them), and whether they
 * were cut at the limit. */
typedef void (*tnef_fn)(const char *name, const char *bytes, size_t n,
    int cut, void *arg);

/* For each file attached in the TNEF stream data[0..len), in the
 * stream's order, its bytes to fn, at most max bytes for all of them
 * together. -1 when data is no TNEF stream; else the number of files
 * not given whole (cut at or past the limit, or the stream broken in
 * or before them: an attribute longer than what is left, or whose
 * checksum is wrong, ends the reading). */
int tnef_each(const void *data, size_t len, size_t max, tnef_fn fn,
    void *arg);

#endif

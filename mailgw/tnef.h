/* The files of a TNEF stream (winmail.dat, application/ms-tnef: what
 * Outlook sends in its rich text format in place of attachments), read
 * in memory, never written out. */
#ifndef MAILGW_TNEF_H
#define MAILGW_TNEF_H

#include <stddef.h>

/* 1 when data[0..len) starts with TNEF's signature. */
int tnef_magic(const void *data, size_t len);

/* What tnef_each gives. */
enum tnef_kind {
	TNEF_FILE,	/* an attached file's bytes */
	TNEF_MESSAGE,	/* an Outlook message attached: its own TNEF
			 * stream, which tnef_each reads as this one */
	TNEF_TEXT	/* the stream's message's subject and body, UTF-8
			 * (with TNEF_BODY) */
};

/* One thing given: its kind, its name (the name Outlook gives the file
 * or message attached, made UTF-8 from its long name or its title; ""
 * when it has none, and for TNEF_TEXT), its bytes (a NUL after them),
 * and whether they were cut at the limit (to nothing, past it). */
typedef void (*tnef_fn)(enum tnef_kind kind, const char *name,
    const char *bytes, size_t n, int cut, void *arg);

/* flags: TNEF_BODY gives the message's own subject and body first (a
 * message attached; the mail that carries a winmail.dat has its own). */
#define TNEF_BODY 1

/* For each thing in the TNEF stream data[0..len), in the stream's
 * order, its bytes to fn, at most max bytes for all of them together.
 * -1 when data is no TNEF stream; else the number of things not given
 * whole: those cut at or past the limit (given cut), and one more when
 * the stream breaks (an attribute longer than what is left, or whose
 * checksum is wrong, ends the reading). */
int tnef_each(const void *data, size_t len, size_t max, int flags,
    tnef_fn fn, void *arg);

#endif

/*
 * A JSON array printed as it grows, an element at a time: a list of a
 * million values (contact lookup's input, ioc export's indicators, a
 * worm ticket's addresses) would not fit in memory as one document. The
 * text is what jansson prints for the whole array with JSON_INDENT(2),
 * at the depth given.
 */
#ifndef MAILGW_JSTREAM_H
#define MAILGW_JSTREAM_H

#include <stdio.h>

#include <jansson.h>

#include "err.h"

struct jstream {
	FILE *out;
	size_t n;	/* elements so far */
	int indent;	/* columns of the line the array opens on */
};

/* Print v (and take it) as the next element; -1 when v could not be
 * made (jansson returns NULL when memory runs out: never a silently
 * shorter answer). */
int jstream_put(struct jstream *js, json_t *v, struct errbuf *e);
/* Close the array ("[]" when empty); newline after when nl. */
void jstream_end(const struct jstream *js, int nl);
/* A JSON string of s, any bytes of it that are not UTF-8 (JSON's only
 * encoding) as U+FFFD rather than the value dropped; null for NULL. */
json_t *jstr(const char *s);
/* Print v with JSON_INDENT(2) as if it began indent columns in. */
void jstream_dump(FILE *out, const json_t *v, int indent);

#endif

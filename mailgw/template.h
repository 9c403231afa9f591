/* Templates: a Mustache renderer (the spec's comments, delimiters,
 * interpolation, inverted sections, partials and sections) over a
 * jansson value as the data. Pure: bytes in, bytes out. */
#ifndef MAILGW_TEMPLATE_H
#define MAILGW_TEMPLATE_H

#include <stddef.h>

struct buf;
struct errbuf;
struct json_t;

/* What {{name}} does to a value; {{{name}}} and {{&name}} never escape.
 * HTML: & < > " as entities (the spec's rule). TEXT, for mail: the value
 * as it is, less control characters other than tab and line feed, so
 * that a value cannot forge a line ending or a terminal escape. */
enum template_escape {
	TEMPLATE_ESCAPE_HTML,
	TEMPLATE_ESCAPE_TEXT,
};

/* A partial's source by name, malloc'ed (the renderer frees it), or NULL
 * when there is none (it renders as nothing). */
typedef char *(*template_partial_fn)(const char *name, void *arg);

/* Render src[0..len) with data onto out. -1 with e set (ST_DATA) when
 * the template is malformed (unclosed tag or section, bad delimiters,
 * partials nested too deep); out may then hold part of the output. */
int template_render(struct buf *out, const char *src, size_t len,
    const struct json_t *data, enum template_escape escape,
    template_partial_fn partial, void *arg, struct errbuf *e);

#endif

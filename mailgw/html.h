/* HTML made readable text, for the analyst and for indicator extraction:
 * libxml2's forgiving HTML parser, block elements as line breaks, script
 * and style dropped, and every link target kept beside its text (a
 * phishing URL is often only in the href). */
#ifndef MAILGW_HTML_H
#define MAILGW_HTML_H

#include <stddef.h>

struct buf;

/* Append the text of the UTF-8 HTML in[0..len) to out. Never fails:
 * what libxml2 cannot parse is left out. */
void html_to_text(struct buf *out, const char *in, size_t len);

#endif

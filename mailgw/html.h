/* HTML made readable text, for the analyst and for indicator extraction:
 * gumbo's HTML5 parser (it parses as a browser does, and recovers from
 * anything), block elements as line breaks, script and style dropped, and every link target kept beside its text (a
 * phishing URL is often only in the href). */
#ifndef MAILGW_HTML_H
#define MAILGW_HTML_H

#include <stddef.h>

struct buf;

/* Append the text of the UTF-8 HTML in[0..len) to out. Never fails:
 * HTML5 parsing recovers from anything. */
void html_to_text(struct buf *out, const char *in, size_t len);

#endif

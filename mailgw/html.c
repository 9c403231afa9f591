#include "config.h"

#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"

#define MAX_HTML_DEPTH 256

static int
is_block(const char *name)
{
	static const char *const blocks[] = {
		"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2",
		"h3", "h4", "h5", "h6", "pre", "blockquote", "hr", "dt", "dd",
		"section", "article", "header", "footer", "title", NULL,
	};
	size_t i;

	for (i = 0; blocks[i]; i++)
		if (strcasecmp(name, blocks[i]) == 0)
			return 1;
	return 0;
}

/* A line break unless the text already ends with one (or is empty). */
static void
newline(struct buf *out)
{
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addch(out, '\n');
}

/* Text nodes with their white space collapsed, as a browser shows them. */
static void
add_text(struct buf *out, const char *s, int pre)
{
	int space = 0;

	if (pre) {
		buf_addstr(out, s);
		return;
	}
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && out->len && out->data[out->len - 1] != '\n' &&
		    out->data[out->len - 1] != ' ')
			buf_addch(out, ' ');
		space = 0;
		buf_addch(out, *s);
	}
	if (space && out->len && out->data[out->len - 1] != '\n')
		buf_addch(out, ' ');
}

static void walk(struct buf *out, xmlNode *node, int depth, int pre);

static void
walk_element(struct buf *out, xmlNode *n, int depth, int pre)
{
	const char *name = (const char *)n->name;
	xmlChar *href;

	if (strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0 ||
	    strcasecmp(name, "head") == 0)
		return;
	if (is_block(name))
		newline(out);
	walk(out, n->children, depth + 1,
	    pre || strcasecmp(name, "pre") == 0);
	if (strcasecmp(name, "a") == 0 &&
	    (href = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
		if (href[0] && strncasecmp((char *)href, "mailto:", 7) != 0 &&
		    href[0] != '#') {
			buf_addstr(out, " <");
			buf_addstr(out, (const char *)href);
			buf_addstr(out, ">");
		}
		xmlFree(href);
	}
	if (is_block(name))
		newline(out);
}

static void
walk(struct buf *out, xmlNode *node, int depth, int pre)
{
	xmlNode *n;

	if (depth > MAX_HTML_DEPTH)
		return;
	for (n = node; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			add_text(out, (const char *)n->content, pre);
		else if (n->type == XML_ELEMENT_NODE)
			walk_element(out, n, depth, pre);
	}
}

void
html_to_text(struct buf *out, const char *in, size_t len)
{
	htmlDocPtr doc;
	size_t start = out->len;

	if (len == 0 || len > 0x7fffffff)
		return;
	doc = htmlReadMemory(in, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	    HTML_PARSE_COMPACT);
	if (doc == NULL)
		return;
	walk(out, xmlDocGetRootElement(doc) ? doc->children : NULL, 0, 0);
	xmlFreeDoc(doc);
	/* No blank lines at the end. */
	while (out->len > start && (out->data[out->len - 1] == '\n' ||
	    out->data[out->len - 1] == ' '))
		buf_truncate(out, out->len - 1);
}

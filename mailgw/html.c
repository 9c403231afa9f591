#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "buf.h"
#include "html.h"
#include "xmalloc.h"

#define MAX_HTML_DEPTH 256

static int
is_block(const char *name)
{
	static const char *const blocks[] = {
		"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2",
		"h3", "h4", "h5", "h6", "pre", "blockquote", "hr", "dt", "dd",
		"section", "article", "header", "footer", "title", "caption",
		"center", "address", "form", "fieldset", "nav", "aside",
		"main", "figure", "figcaption", "details", "summary", "dl",
		"option", NULL,
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

static void walk(struct buf *out, const GumboNode *node, int depth, int pre);

/* The bytes of the text a document's nodes hold, all of them. */
static size_t
text_length(const GumboNode *node, int depth)
{
	size_t n = 0;
	unsigned int i;

	if (depth > MAX_HTML_DEPTH)
		return 0;
	if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
	    node->type == GUMBO_NODE_WHITESPACE)
		return strlen(node->v.text.text);
	if (node->type == GUMBO_NODE_DOCUMENT)
		for (i = 0; i < node->v.document.children.length; i++)
			n += text_length(node->v.document.children.data[i],
			    depth + 1);
	if (node->type == GUMBO_NODE_ELEMENT)
		for (i = 0; i < node->v.element.children.length; i++)
			n += text_length(node->v.element.children.data[i],
			    depth + 1);
	return n;
}

/*
 * A text node. Gumbo 0.10.1 moves the text of a form that holds nothing
 * else out after the form, into one node with the text that follows:
 * "<form>1.2.3.4</form>5" is an empty form and "1.2.3.45", an address
 * nobody wrote. Where the node's source holds a form's end tag, the text
 * before the tag is parsed alone, as a body's (gumbo decodes its
 * entities and keeps its blanks), for its length, and the two are shown
 * apart, as a form is a block.
 */
static void
add_text_node(struct buf *out, const GumboText *tx, int pre)
{
	GumboOptions body = kGumboDefaultOptions;
	const char *src = tx->original_text.data;
	size_t n = tx->original_text.length, k, len;
	GumboOutput *doc;
	char *head;

	for (k = 0; src != NULL && k + 6 <= n; k++)
		if (src[k] == '<' && strncasecmp(src + k, "</form", 6) == 0)
			break;
	body.fragment_context = GUMBO_TAG_BODY;
	if (src == NULL || k + 6 > n ||
	    (doc = gumbo_parse_with_options(&body, src, k)) == NULL) {
		add_text(out, tx->text, pre);
		return;
	}
	len = text_length(doc->document, 0);
	gumbo_destroy_output(&body, doc);
	if (len > strlen(tx->text)) {
		add_text(out, tx->text, pre);
		return;
	}
	head = xstrndup(tx->text, len);
	add_text(out, head, pre);
	free(head);
	newline(out);
	add_text(out, tx->text + len, pre);
}

/* " <url>", as a link's target is shown after its text. */
static void
add_target(struct buf *out, const char *url, size_t n)
{
	if (out->len && out->data[out->len - 1] != ' ' &&
	    out->data[out->len - 1] != '\n')
		buf_addch(out, ' ');
	buf_addstr(out, "<");
	buf_add(out, url, n);
	buf_addstr(out, ">");
}

/* A mailto: link's target, unless the link's text (from out's byte at
 * start on) shows its address: where a click sends mail ("<a
 * href=mailto:ceo@evil.example>John Smith</a>"). */
static void
add_mailto(struct buf *out, size_t start, const char *href)
{
	size_t n = strcspn(href + 7, "?");

	if (n == 0 || (out->len - start >= n && memmem(out->data + start,
	    out->len - start, href + 7, n) != NULL))
		return;
	add_target(out, href, strlen(href));
}

/* Where else a page sends its reader or what it loads from elsewhere:
 * a form's action (where a phishing page posts the password), a
 * frame's, an image's or a script's source, when it names a host (not
 * "post.php", "cid:logo", "data:..."). */
static void
add_source(struct buf *out, const GumboElement *el, const char *attr)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes, attr);

	if (a != NULL && (strstr(a->value, "://") != NULL ||
	    strncmp(a->value, "//", 2) == 0))
		add_target(out, a->value, strlen(a->value));
}

/* <meta http-equiv="refresh" content="0; url=...">: where the page
 * goes by itself. */
static void
add_refresh(struct buf *out, const GumboElement *el)
{
	const GumboAttribute *eq, *c;
	const char *u;
	size_t n;

	if ((eq = gumbo_get_attribute(&el->attributes, "http-equiv")) ==
	    NULL || strcasecmp(eq->value, "refresh") != 0 ||
	    (c = gumbo_get_attribute(&el->attributes, "content")) == NULL ||
	    (u = strcasestr(c->value, "url=")) == NULL)
		return;
	u += 4;
	u += strspn(u, " '\"");
	if ((n = strcspn(u, "'\" ")) > 0)
		add_target(out, u, n);
}

/* The length of the URL at u in a script: up to a quote, a blank, a
 * bracket or an escape other than JSON's "\/" ("https:\/\/evil..."). */
static size_t
script_url_len(const char *u)
{
	size_t n;

	for (n = 0; u[n] && !strchr("\"'` \t\r\n()<>[]{};,", u[n]) &&
	    (u[n] != '\\' || u[n + 1] == '/'); n++)
		;
	return n;
}

/* Whether the n bytes at u are a URL of the web with a host: "http://"
 * or "https://", their slashes escaped as JSON's may be. */
static int
script_url(const char *u, size_t n)
{
	static const char *const schemes[] = {
		"http://", "https://", "http:\\/\\/", "https:\\/\\/", NULL,
	};
	size_t i, k;

	for (i = 0; schemes[i]; i++) {
		k = strlen(schemes[i]);
		if (strncasecmp(u, schemes[i], k) == 0)
			return n > k;
	}
	return 0;
}

/* The URLs a script's text s writes in its strings ("location.href =
 * 'https://...'", "fetch('https://collector.example/p')"): where a
 * phishing page sends its reader or what it posts, as a form's action
 * is (add_source). */
static void
add_code_urls(struct buf *out, const char *s)
{
	const char *u;
	size_t n;

	for (; (u = strcasestr(s, "http")) != NULL; s = u + 4) {
		n = script_url_len(u);
		if (script_url(u, n)) {
			add_target(out, u, n);
			u += n - 4;
		}
	}
}

/* An inline script's URLs (add_code_urls). */
static void
add_script_urls(struct buf *out, const GumboElement *el)
{
	const GumboNode *k;
	unsigned int i;

	for (i = 0; i < el->children.length; i++) {
		k = el->children.data[i];
		if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA)
			add_code_urls(out, k->v.text.text);
	}
}

/* The URLs of an element's event handlers, scripts too: <body
 * onload="location='https://...'">, <button onclick=...>. */
static void
add_handler_urls(struct buf *out, const GumboElement *el)
{
	const GumboAttribute *a;
	unsigned int i;

	for (i = 0; i < el->attributes.length; i++) {
		a = el->attributes.data[i];
		if (strncasecmp(a->name, "on", 2) == 0)
			add_code_urls(out, a->value);
	}
}

/* What the other elements send a reader to or load (add_source,
 * add_refresh, add_handler_urls); a head's, whose text is never shown,
 * too. */
static void
add_sources(struct buf *out, const GumboElement *el)
{
	unsigned int i;

	add_handler_urls(out, el);
	switch (el->tag) {
	case GUMBO_TAG_FORM:
		add_source(out, el, "action");
		break;
	case GUMBO_TAG_IMG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_EMBED:
		add_source(out, el, "src");
		break;
	case GUMBO_TAG_SCRIPT:
		add_source(out, el, "src");
		add_script_urls(out, el);
		break;
	case GUMBO_TAG_META:
		add_refresh(out, el);
		break;
	case GUMBO_TAG_HEAD:
		for (i = 0; i < el->children.length; i++) {
			const GumboNode *k = el->children.data[i];

			if (k->type == GUMBO_NODE_ELEMENT)
				add_sources(out, &k->v.element);
		}
		break;
	default:
		break;
	}
}

static void
walk_children(struct buf *out, const GumboVector *kids, int depth, int pre)
{
	unsigned int i;

	for (i = 0; i < kids->length; i++)
		walk(out, kids->data[i], depth + 1, pre);
}

static void
walk_element(struct buf *out, const GumboElement *el, int depth, int pre)
{
	const char *name = gumbo_normalized_tagname(el->tag);
	const GumboAttribute *href;
	size_t start;

	if (el->tag == GUMBO_TAG_SCRIPT || el->tag == GUMBO_TAG_HEAD) {
		add_sources(out, el);
		return;
	}
	if (el->tag == GUMBO_TAG_STYLE || el->tag == GUMBO_TAG_TEMPLATE)
		return;
	if (is_block(name))
		newline(out);
	/* A table's cells apart, as a browser shows them (an address in
	 * one and a port in the next are no one number): a tab, so that a
	 * table with a header row reads as a tab-separated report. */
	if ((el->tag == GUMBO_TAG_TD || el->tag == GUMBO_TAG_TH) && out->len &&
	    out->data[out->len - 1] != '\n') {
		while (out->len && out->data[out->len - 1] == ' ')
			buf_truncate(out, out->len - 1);
		buf_addch(out, '\t');
	}
	start = out->len;
	walk_children(out, &el->children, depth, pre || el->tag == GUMBO_TAG_PRE);
	if (el->tag == GUMBO_TAG_A &&
	    (href = gumbo_get_attribute(&el->attributes, "href")) != NULL &&
	    href->value[0] && href->value[0] != '#') {
		if (strncasecmp(href->value, "mailto:", 7) == 0)
			add_mailto(out, start, href->value);
		else
			add_target(out, href->value, strlen(href->value));
	}
	add_sources(out, el);
	if (is_block(name))
		newline(out);
}

static void
walk(struct buf *out, const GumboNode *node, int depth, int pre)
{
	if (depth > MAX_HTML_DEPTH)
		return;
	switch (node->type) {
	case GUMBO_NODE_DOCUMENT:
		walk_children(out, &node->v.document.children, depth, pre);
		break;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		walk_element(out, &node->v.element, depth, pre);
		break;
	case GUMBO_NODE_TEXT:
		add_text_node(out, &node->v.text, pre);
		break;
	case GUMBO_NODE_CDATA:
	case GUMBO_NODE_WHITESPACE:
		add_text(out, node->v.text.text, pre);
		break;
	default:
		break;
	}
}

void
html_to_text(struct buf *out, const char *in, size_t len)
{
	GumboOutput *doc;
	size_t start = out->len;

	if (len == 0)
		return;
	doc = gumbo_parse_with_options(&kGumboDefaultOptions, in, len);
	if (doc == NULL)
		return;
	walk(out, doc->document, 0, 0);
	gumbo_destroy_output(&kGumboDefaultOptions, doc);
	/* No blank lines at the end. */
	while (out->len > start && (out->data[out->len - 1] == '\n' ||
	    out->data[out->len - 1] == ' '))
		buf_truncate(out, out->len - 1);
}

/*
 * A Mustache renderer. The template is parsed into a tree first (text,
 * variables, sections, inverted sections, partials), resolving "standalone"
 * tag lines and delimiter changes as the spec says; then the tree is
 * rendered against a stack of jansson values.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "template.h"
#include "xmalloc.h"

#define MAX_DELIMITER 16
#define MAX_STACK 128
#define MAX_PARTIAL_DEPTH 32

enum node_type { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node;

struct nodes {
	struct node *v;
	size_t n, alloc;
};

struct node {
	enum node_type type;
	char *s;		/* text, or a tag's name */
	size_t len;		/* of text */
	char *indent;		/* a standalone partial's indentation */
	struct nodes kids;	/* a section's */
};

struct parser {
	const char *src;
	size_t len, pos;
	char open[MAX_DELIMITER + 1], close[MAX_DELIMITER + 1];
	struct errbuf *e;
};

static struct node *
add_node(struct nodes *list, enum node_type type, const char *s, size_t len)
{
	struct node *n;

	if (list->n == list->alloc) {
		list->alloc = list->alloc ? 2 * list->alloc : 8;
		list->v = xreallocarray(list->v, list->alloc, sizeof(*list->v));
	}
	n = &list->v[list->n++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->s = xstrndup(s, len);
	n->len = len;
	return n;
}

static void
free_nodes(struct nodes *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].s);
		free(list->v[i].indent);
		free_nodes(&list->v[i].kids);
	}
	free(list->v);
	list->v = NULL;
	list->n = list->alloc = 0;
}

static const char *
find(const char *src, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);

	if (from > len)
		return NULL;
	return memmem(src + from, len - from, needle, n);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t
line_start(const char *src, size_t at)
{
	while (at > 0 && src[at - 1] != '\n')
		at--;
	return at;
}

static int
blank_between(const char *src, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!is_blank(src[a]))
			return 0;
	return 1;
}

/* 1 and *next past the line end when only blanks follow at to the end
 * of its line (or of the template). */
static int
rest_blank(const char *src, size_t len, size_t at, size_t *next)
{
	while (at < len && is_blank(src[at]))
		at++;
	if (at == len) {
		*next = len;
		return 1;
	}
	if (src[at] == '\n' || (src[at] == '\r' && at + 1 < len &&
	    src[at + 1] == '\n')) {
		*next = at + (src[at] == '\r' ? 2 : 1);
		return 1;
	}
	return 0;
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && (is_blank(*s) || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 && (is_blank(s[n - 1]) || s[n - 1] == '\n' ||
	    s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

/* "{{=<% %>=}}": the new delimiters, two blank-separated words. */
static int
set_delimiters(struct parser *p, const char *spec)
{
	char open[MAX_DELIMITER + 1], close[MAX_DELIMITER + 1], extra;
	int n = sscanf(spec, "%16s %16s %c", open, close, &extra);

	if (n != 2 || strchr(open, '=') || strchr(close, '='))
		return err_set(p->e, ST_DATA, "template: bad delimiters '%s'",
		    spec);
	memcpy(p->open, open, sizeof(open));
	memcpy(p->close, close, sizeof(close));
	return 0;
}

static int parse_nodes(struct parser *p, const char *section,
    struct nodes *out);

/* One tag at p->src + tag, its text before it already decided. */
static int
parse_tag(struct parser *p, char type, const char *name, const char *section,
    struct nodes *out, int *closed)
{
	struct node *n;

	switch (type) {
	case '!':
		return 0;
	case '=':
		return set_delimiters(p, name);
	case '#':
	case '^':
		n = add_node(out, type == '#' ? N_SECTION : N_INVERTED, name,
		    strlen(name));
		return parse_nodes(p, n->s, &n->kids);
	case '/':
		if (section == NULL || strcmp(section, name) != 0)
			return err_set(p->e, ST_DATA, "template: unexpected "
			    "closing tag '%s'", name);
		*closed = 1;
		return 0;
	case '>':	/* not standalone: no indentation */
		add_node(out, N_PARTIAL, name, strlen(name));
		return 0;
	case '{':
	case '&':
		add_node(out, N_RAW, name, strlen(name));
		return 0;
	default:
		add_node(out, N_VAR, name, strlen(name));
		return 0;
	}
}

static int
parse_nodes(struct parser *p, const char *section, struct nodes *out)
{
	for (;;) {
		const char *hit = find(p->src, p->len, p->pos, p->open), *cl;
		char closing[MAX_DELIMITER + 2], type, *name;
		size_t tag, inner, from, end, ls, next = 0;
		int sigil, standalone, rc, closed = 0;

		if (hit == NULL) {
			if (p->pos < p->len)
				add_node(out, N_TEXT, p->src + p->pos,
				    p->len - p->pos);
			p->pos = p->len;
			if (section)
				return err_set(p->e, ST_DATA, "template: "
				    "section '%s' is not closed", section);
			return 0;
		}
		tag = (size_t)(hit - p->src);
		inner = tag + strlen(p->open);
		type = inner < p->len ? p->src[inner] : '\0';
		sigil = type != '\0' && strchr("!#^/>={&", type) != NULL;
		snprintf(closing, sizeof(closing), "%s%s", type == '{' ? "}" :
		    type == '=' ? "=" : "", p->close);
		from = inner + (sigil ? 1 : 0);
		if ((cl = find(p->src, p->len, from, closing)) == NULL)
			return err_set(p->e, ST_DATA, "template: unclosed tag "
			    "at byte %zu", tag);
		end = (size_t)(cl - p->src) + strlen(closing);
		ls = line_start(p->src, tag);
		standalone = type != '\0' && strchr("!#^/>=", type) &&
		    ls >= p->pos && blank_between(p->src, ls, tag) &&
		    rest_blank(p->src, p->len, end, &next);
		if ((standalone ? ls : tag) > p->pos)
			add_node(out, N_TEXT, p->src + p->pos,
			    (standalone ? ls : tag) - p->pos);
		p->pos = standalone ? next : end;
		name = trimmed(p->src + from, (size_t)(cl - p->src) - from);
		if (type == '>' && standalone) {
			/* The indentation is what stood before the tag. */
			struct node *n = add_node(out, N_PARTIAL, name,
			    strlen(name));

			n->indent = xstrndup(p->src + ls, tag - ls);
			free(name);
			continue;
		}
		rc = parse_tag(p, type, name, section, out, &closed);
		free(name);
		if (rc < 0 || closed)
			return rc;
	}
}

struct render {
	struct buf *out;
	const json_t *stack[MAX_STACK];
	int depth;
	enum template_escape escape;
	template_partial_fn partial;
	void *arg;
	int partial_depth;
	struct errbuf *e;
};

/* A name's value: "." is the top of the stack; the first part of a
 * dotted name is looked up from the top down, the rest within it. */
static const json_t *
lookup(const struct render *r, const char *name)
{
	const json_t *v = NULL;
	char *copy, *part, *save = NULL;
	int i;

	if (strcmp(name, ".") == 0)
		return r->depth ? r->stack[r->depth - 1] : NULL;
	copy = xstrdup(name);
	part = strtok_r(copy, ".", &save);
	for (i = r->depth - 1; part && i >= 0; i--)
		if (json_is_object(r->stack[i]) &&
		    (v = json_object_get(r->stack[i], part)) != NULL)
			break;
	while (v && (part = strtok_r(NULL, ".", &save)) != NULL)
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
	free(copy);
	return v;
}

static int
truthy(const json_t *v)
{
	if (v == NULL || json_is_false(v) || json_is_null(v))
		return 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return 1;
}

/* A value as text: numbers in their shortest exact form. */
static void
value_text(struct buf *b, const json_t *v)
{
	char num[64];
	int prec;

	if (json_is_string(v)) {
		buf_add(b, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		buf_addf(b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		for (prec = 1; prec <= 17; prec++) {
			snprintf(num, sizeof(num), "%.*g", prec, json_real_value(v));
			if (strtod(num, NULL) == json_real_value(v))
				break;
		}
		buf_addstr(b, num);
	} else if (json_is_true(v)) {
		buf_addstr(b, "true");
	} else if (json_is_false(v)) {
		buf_addstr(b, "false");
	}
}

static void
escape_into(struct buf *out, const char *s, size_t n, enum template_escape e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (e == TEMPLATE_ESCAPE_TEXT) {
			if (c >= 0x20 || c == '\t' || c == '\n')
				buf_addch(out, c == 0x7f ? ' ' : c);
			continue;
		}
		switch (c) {
		case '&': buf_addstr(out, "&amp;"); break;
		case '<': buf_addstr(out, "&lt;"); break;
		case '>': buf_addstr(out, "&gt;"); break;
		case '"': buf_addstr(out, "&quot;"); break;
		default: buf_addch(out, c); break;
		}
	}
}

static int render_nodes(struct render *r, const struct nodes *list);

static int
push(struct render *r, const json_t *v)
{
	if (r->depth == MAX_STACK)
		return err_set(r->e, ST_DATA, "template: sections nested too "
		    "deep");
	r->stack[r->depth++] = v;
	return 0;
}

static int
render_section(struct render *r, const struct node *n)
{
	const json_t *v = lookup(r, n->s), *item;
	size_t i;
	int rc = 0;

	if (n->type == N_INVERTED)
		return truthy(v) ? 0 : render_nodes(r, &n->kids);
	if (!truthy(v))
		return 0;
	if (!json_is_array(v)) {
		if (push(r, v) < 0)
			return -1;
		rc = render_nodes(r, &n->kids);
		r->depth--;
		return rc;
	}
	for (i = 0; rc == 0 && i < json_array_size(v); i++) {
		item = json_array_get(v, i);
		if (push(r, item) < 0)
			return -1;
		rc = render_nodes(r, &n->kids);
		r->depth--;
	}
	return rc;
}

/* Indent every line of text that has content after the indentation. */
static char *
indent_lines(const char *text, const char *indent)
{
	struct buf b = BUF_INIT;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		buf_addstr(&b, indent);
		buf_add(&b, p, n);
		p += n;
	}
	return buf_detach(&b, NULL);
}

static int
render_partial(struct render *r, const struct node *n)
{
	struct parser p = { 0 };
	struct nodes tree = { 0 };
	char *src, *indented;
	int rc;

	if (r->partial == NULL || (src = r->partial(n->s, r->arg)) == NULL)
		return 0;
	if (r->partial_depth >= MAX_PARTIAL_DEPTH) {
		free(src);
		return err_set(r->e, ST_DATA, "template: partials nested too "
		    "deep at '%s'", n->s);
	}
	if (n->indent && n->indent[0]) {
		indented = indent_lines(src, n->indent);
		free(src);
		src = indented;
	}
	p = (struct parser){ src, strlen(src), 0, "{{", "}}", r->e };
	rc = parse_nodes(&p, NULL, &tree);
	if (rc == 0) {
		r->partial_depth++;
		rc = render_nodes(r, &tree);
		r->partial_depth--;
	}
	free_nodes(&tree);
	free(src);
	return rc;
}

static int
render_nodes(struct render *r, const struct nodes *list)
{
	struct buf text = BUF_INIT;
	const json_t *v;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < list->n; i++) {
		const struct node *n = &list->v[i];

		switch (n->type) {
		case N_TEXT:
			buf_add(r->out, n->s, n->len);
			break;
		case N_VAR:
		case N_RAW:
			if ((v = lookup(r, n->s)) == NULL)
				break;
			buf_reset(&text);
			value_text(&text, v);
			if (n->type == N_RAW)
				buf_add(r->out, text.data, text.len);
			else
				escape_into(r->out, text.data, text.len,
				    r->escape);
			break;
		case N_SECTION:
		case N_INVERTED:
			rc = render_section(r, n);
			break;
		case N_PARTIAL:
			rc = render_partial(r, n);
			break;
		}
	}
	buf_release(&text);
	return rc;
}

int
template_render(struct buf *out, const char *src, size_t len,
    const json_t *data, enum template_escape escape,
    template_partial_fn partial, void *arg, struct errbuf *e)
{
	struct parser p = { src, len, 0, "{{", "}}", e };
	struct render r = { 0 };
	struct nodes tree = { 0 };
	int rc;

	if ((rc = parse_nodes(&p, NULL, &tree)) == 0) {
		r.out = out;
		r.escape = escape;
		r.partial = partial;
		r.arg = arg;
		r.e = e;
		if (data)
			r.stack[r.depth++] = data;
		rc = render_nodes(&r, &tree);
	}
	free_nodes(&tree);
	return rc;
}

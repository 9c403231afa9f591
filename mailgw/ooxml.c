/*
 * Office Open XML documents (ECMA-376 Part 1) read as text: Excel
 * workbooks and Word documents. Each is a zip archive (zipfile.c, zlib's
 * minizip) of XML parts, read with expat. A workbook (18.2 the workbook,
 * 18.3 worksheets, 18.4 shared strings):
 *
 *   xl/workbook.xml              <sheet name="Hosts" r:id="rId1"/>, in
 *                                the order the tabs are shown
 *   xl/_rels/workbook.xml.rels   rId1 -> worksheets/sheet1.xml
 *   xl/sharedStrings.xml         <si><t>text</t></si>, or runs <r><t>
 *   xl/worksheets/sheetN.xml     <row><c r="B2" t="s"><v>0</v></c>...
 *
 * A cell's text is its shared string (t="s"), its inline string
 * (t="inlineStr", <is>), or its value as written (numbers, formulas'
 * results); phonetic runs (<rPh>, the kana over Japanese names) are not
 * text. A Word document (17.3 paragraphs and runs, 17.4 tables):
 *
 *   word/document.xml            <w:p><w:r><w:t>text</w:t><w:tab/>...
 *   word/_rels/document.xml.rels the targets of its hyperlinks
 *
 * Nothing is written out, no DTD is read, and no more than max bytes are
 * inflated or produced.
 */
#include "config.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "ooxml.h"
#include "xmalloc.h"
#include "zipfile.h"

#define MAX_COLUMN 16384	/* Excel's last column, XFD */
#define CHUNK (1 << 20)		/* bytes handed to expat at a time */

int
xlsx_name(const char *name, size_t n)
{
	return n > 5 && (strcasecmp(name + n - 5, ".xlsx") == 0 ||
	    strcasecmp(name + n - 5, ".xlsm") == 0);
}

/* The parts of the archive this reads, as inflated. */
struct part {
	char *name;
	char *bytes;
	size_t n;
	int cut;
};

struct book {
	struct part *parts;
	size_t nparts, alloc;
};

static int
is_sheet_name(const char *name)
{
	return strncmp(name, "xl/worksheets/", 14) == 0 &&
	    strchr(name + 14, '/') == NULL &&
	    strlen(name) > 18 && strcmp(name + strlen(name) - 4, ".xml") == 0;
}

static int
xlsx_wanted(const char *name)
{
	return strcmp(name, "xl/workbook.xml") == 0 ||
	    strcmp(name, "xl/_rels/workbook.xml.rels") == 0 ||
	    strcmp(name, "xl/sharedStrings.xml") == 0 || is_sheet_name(name);
}

static void
keep(const char *name, const char *bytes, size_t n, int cut, void *arg)
{
	struct book *b = arg;
	struct part *p;

	if (b->nparts == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 8;
		b->parts = xreallocarray(b->parts, b->alloc, sizeof(*b->parts));
	}
	p = &b->parts[b->nparts++];
	p->name = xstrdup(name);
	p->bytes = xmalloc(n + 1);
	memcpy(p->bytes, bytes, n);
	p->bytes[n] = '\0';
	p->n = n;
	p->cut = cut;
}

static void
book_free(struct book *b)
{
	size_t i;

	for (i = 0; i < b->nparts; i++) {
		free(b->parts[i].name);
		free(b->parts[i].bytes);
	}
	free(b->parts);
}

static const struct part *
find(const struct book *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nparts; i++)
		if (strcmp(b->parts[i].name, name) == 0)
			return &b->parts[i];
	return NULL;
}

/* An element's name without its namespace prefix ("x:row" is "row"). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

/* arg: a context whose first member is its parser. */
static void XMLCALL
refuse_dtd(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	XML_StopParser(*(XML_Parser *)arg, XML_FALSE);
}

/* Parse p's bytes with these handlers: 0 when all of it is well-formed
 * XML that was read to its end, -1 when not (what came before the fault
 * has been handled). */
static int
parse(const struct part *p, void *ctx, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler text,
    XML_Parser *xp)
{
	XML_Parser x = XML_ParserCreate("UTF-8");
	size_t off = 0, k;
	int ok = 1;

	if (x == NULL)
		return -1;
	*xp = x;
	XML_SetUserData(x, ctx);
	XML_SetElementHandler(x, start, end);
	XML_SetCharacterDataHandler(x, text);
	/* A workbook's parts declare no DTD: one that does is refused, and
	 * with it every entity but XML's own five. */
	XML_SetStartDoctypeDeclHandler(x, refuse_dtd);
	XML_SetParamEntityParsing(x, XML_PARAM_ENTITY_PARSING_NEVER);
	do {
		k = p->n - off < CHUNK ? p->n - off : CHUNK;
		if (XML_Parse(x, p->bytes + off, (int)k,
		    off + k == p->n) != XML_STATUS_OK)
			ok = 0;
		off += k;
	} while (ok && off < p->n);
	XML_ParserFree(x);
	*xp = NULL;
	return ok && !p->cut ? 0 : -1;
}

/* The workbook's sheets in the order of their tabs: name and part. */
struct sheets {
	XML_Parser x;		/* first in each context: refuse_dtd */
	struct sheet {
		char *name, *id, *target;
	} *v;
	size_t n, alloc;
};

static void XMLCALL
workbook_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct sheets *s = arg;
	const char *name = attr(atts, "name"), *id = attr(atts, "id");

	if (strcmp(local(el), "sheet") != 0 || name == NULL || id == NULL)
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 8;
		s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n++] = (struct sheet){ xstrdup(name), xstrdup(id), NULL };
}

static void XMLCALL
rels_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct sheets *s = arg;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	size_t i;

	if (strcmp(local(el), "Relationship") != 0 || id == NULL ||
	    target == NULL)
		return;
	for (i = 0; i < s->n; i++)
		if (s->v[i].target == NULL && strcmp(s->v[i].id, id) == 0)
			s->v[i].target = target[0] == '/' ?
			    xstrdup(target + 1) : xasprintf("xl/%s", target);
}

static void XMLCALL
no_end(void *arg, const XML_Char *el)
{
	(void)arg;
	(void)el;
}

static void XMLCALL
no_text(void *arg, const XML_Char *s, int len)
{
	(void)arg;
	(void)s;
	(void)len;
}

static void
sheets_free(struct sheets *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].id);
		free(s->v[i].target);
	}
	free(s->v);
}

/* The shared strings, and a text being gathered. */
struct strings {
	XML_Parser x;
	char **v;
	size_t n, alloc;
	struct buf cur;
	int in_t, phonetic;
};

static void XMLCALL
sst_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct strings *s = arg;
	const char *l = local(el);

	(void)atts;
	if (strcmp(l, "si") == 0)
		buf_reset(&s->cur);
	else if (strcmp(l, "rPh") == 0)
		s->phonetic++;
	else if (strcmp(l, "t") == 0)
		s->in_t = 1;
}

static void XMLCALL
sst_end(void *arg, const XML_Char *el)
{
	struct strings *s = arg;
	const char *l = local(el);

	if (strcmp(l, "t") == 0)
		s->in_t = 0;
	else if (strcmp(l, "rPh") == 0 && s->phonetic > 0)
		s->phonetic--;
	else if (strcmp(l, "si") == 0) {
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? 2 * s->alloc : 256;
			s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
		}
		s->v[s->n++] = xstrndup(s->cur.data ? s->cur.data : "",
		    s->cur.len);
	}
}

static void XMLCALL
sst_text(void *arg, const XML_Char *t, int len)
{
	struct strings *s = arg;

	if (s->in_t && !s->phonetic)
		buf_add(&s->cur, t, (size_t)len);
}

/* A worksheet being read: the row being built, the cell's text. */
struct rows {
	XML_Parser x;
	const struct strings *sst;
	struct buf *out;
	size_t max;
	struct buf row, val;
	long fields;		/* fields of the row so far */
	long col;		/* the cell's column, from 0 */
	int type;		/* 's' shared, 'i' inline, 0 a value */
	int in_v, in_t, phonetic, full;
};

/* "BC12": column 54 (A is 0); -1 when r names none. */
static long
column(const char *r)
{
	long c = 0;
	int n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, n++) {
		c = c * 26 + (*r - 'A' + 1);
		if (c > MAX_COLUMN)
			return -1;
	}
	return n ? c - 1 : -1;
}

static void XMLCALL
sheet_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct rows *w = arg;
	const char *l = local(el), *r, *t;

	if (strcmp(l, "row") == 0) {
		buf_reset(&w->row);
		w->fields = 0;
	} else if (strcmp(l, "c") == 0) {
		r = attr(atts, "r");
		t = attr(atts, "t");
		w->col = r ? column(r) : -1;
		if (w->col < w->fields)	/* none, or out of order */
			w->col = w->fields;
		w->type = t && strcmp(t, "s") == 0 ? 's' :
		    t && strcmp(t, "inlineStr") == 0 ? 'i' : 0;
		buf_reset(&w->val);
	} else if (strcmp(l, "v") == 0) {
		w->in_v = 1;
	} else if (strcmp(l, "rPh") == 0) {
		w->phonetic++;
	} else if (strcmp(l, "t") == 0) {
		w->in_t = 1;
	}
}

/* The cell's text into the row, in its column; tabs and line breaks in
 * it become spaces (they would make fields and rows). */
static void
put_cell(struct rows *w)
{
	const char *s = w->val.data ? w->val.data : "";
	size_t n = w->val.len, i;
	char *end;
	unsigned long k;

	if (w->type == 's') {
		k = strtoul(s, &end, 10);
		if (end == s || k >= w->sst->n)
			return;
		s = w->sst->v[k];
		n = strlen(s);
	}
	if (n == 0 || w->col >= MAX_COLUMN)
		return;
	for (; w->fields <= w->col; w->fields++)
		if (w->fields > 0)
			buf_addch(&w->row, '\t');
	for (i = 0; i < n; i++)
		buf_addch(&w->row, s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r' ? ' ' : s[i]);
}

static void XMLCALL
sheet_end(void *arg, const XML_Char *el)
{
	struct rows *w = arg;
	const char *l = local(el);

	if (strcmp(l, "v") == 0) {
		w->in_v = 0;
	} else if (strcmp(l, "t") == 0) {
		w->in_t = 0;
	} else if (strcmp(l, "rPh") == 0 && w->phonetic > 0) {
		w->phonetic--;
	} else if (strcmp(l, "c") == 0) {
		put_cell(w);
	} else if (strcmp(l, "row") == 0 && w->row.len > 0) {
		if (w->out->len + w->row.len + 1 > w->max) {
			w->full = 1;
			XML_StopParser(w->x, XML_FALSE);
			return;
		}
		buf_add(w->out, w->row.data, w->row.len);
		buf_addch(w->out, '\n');
	}
}

static void XMLCALL
sheet_text(void *arg, const XML_Char *t, int len)
{
	struct rows *w = arg;

	if (w->in_v || (w->type == 'i' && w->in_t && !w->phonetic))
		buf_add(&w->val, t, (size_t)len);
}

/* Fallback when the workbook does not say which sheets it has: each
 * worksheet part, named by its file. */
static void
sheets_from_parts(struct sheets *s, const struct book *b)
{
	size_t i;

	for (i = 0; i < b->nparts; i++) {
		const char *name = b->parts[i].name;

		if (!is_sheet_name(name))
			continue;
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? 2 * s->alloc : 8;
			s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
		}
		s->v[s->n++] = (struct sheet){ xstrndup(name + 14,
		    strlen(name + 14) - 4), NULL, xstrdup(name) };
	}
}

int
xlsx_text(const void *data, size_t len, size_t max, struct buf *out)
{
	struct book b = { NULL, 0, 0 };
	struct sheets sh = { NULL, NULL, 0, 0 };
	struct strings sst = { NULL, NULL, 0, 0, BUF_INIT, 0, 0 };
	struct rows w = { NULL, &sst, NULL, 0, BUF_INIT, BUF_INIT, 0, 0, 0,
	    0, 0, 0, 0 };
	const struct part *p, *wb, *rels;
	struct buf all = BUF_INIT, one = BUF_INIT;
	size_t i, nread = 0, first = 0;
	int rc, skipped = 0;

	if (zipfile_each(data, len, max, xlsx_wanted, keep, &b) < 0) {
		rc = -1;
		goto done;
	}
	wb = find(&b, "xl/workbook.xml");
	rels = find(&b, "xl/_rels/workbook.xml.rels");
	if (wb && rels) {
		parse(wb, &sh, workbook_start, no_end, no_text, &sh.x);
		parse(rels, &sh, rels_start, no_end, no_text, &sh.x);
	}
	for (i = 0; i < sh.n && sh.v[i].target; i++)
		;
	if (sh.n == 0 || i < sh.n) {	/* unnamed, or a name unresolved */
		sheets_free(&sh);
		memset(&sh, 0, sizeof(sh));
		sheets_from_parts(&sh, &b);
	}
	if (sh.n == 0) {
		rc = -1;
		goto done;
	}
	if ((p = find(&b, "xl/sharedStrings.xml")) != NULL &&
	    parse(p, &sst, sst_start, sst_end, sst_text, &sst.x) < 0)
		skipped++;	/* the strings after the fault are missing */
	for (i = 0; i < sh.n; i++) {
		if ((p = find(&b, sh.v[i].target)) == NULL) {
			skipped++;	/* encrypted, broken, past the limit */
			continue;
		}
		buf_reset(&one);
		w.out = &one;
		w.max = max > all.len ? max - all.len : 0;
		w.full = 0;
		if (parse(p, &w, sheet_start, sheet_end, sheet_text,
		    &w.x) < 0 || w.full)
			skipped++;
		if (one.len == 0)
			continue;
		/* each sheet under its name; one alone is taken without */
		if (nread++)
			buf_addch(&all, '\n');
		buf_addstr(&all, "-- ");
		utf8_append_printable(&all, sh.v[i].name,
		    strlen(sh.v[i].name), 0);
		buf_addstr(&all, " --\n");
		if (nread == 1)
			first = all.len;
		buf_add(&all, one.data, one.len);
	}
	if (nread == 1)
		buf_add(out, all.data + first, all.len - first);
	else if (nread > 1)
		buf_add(out, all.data, all.len);
	rc = skipped;
done:
	book_free(&b);
	sheets_free(&sh);
	for (i = 0; i < sst.n; i++)
		free(sst.v[i]);
	free(sst.v);
	buf_release(&sst.cur);
	buf_release(&w.row);
	buf_release(&w.val);
	buf_release(&all);
	buf_release(&one);
	return rc;
}

int
docx_name(const char *name, size_t n)
{
	return n > 5 && (strcasecmp(name + n - 5, ".docx") == 0 ||
	    strcasecmp(name + n - 5, ".docm") == 0);
}

static int
docx_wanted(const char *name)
{
	return strcmp(name, "word/document.xml") == 0 ||
	    strcmp(name, "word/_rels/document.xml.rels") == 0;
}

/* A Word document's text as it is being read. */
struct doc {
	XML_Parser x;
	struct buf *out;
	size_t max;
	int run, text, cell;	/* inside <w:r>, <w:t>, <w:tc> */
	int full, links;
};

static void
doc_add(struct doc *d, const char *s, size_t n)
{
	if (d->full)
		return;
	if (d->out->len + n > d->max) {
		d->full = 1;
		XML_StopParser(d->x, XML_FALSE);
		return;
	}
	buf_add(d->out, s, n);
}

static void XMLCALL
doc_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct doc *d = arg;
	const char *l = local(el);

	(void)atts;
	if (strcmp(l, "r") == 0)
		d->run++;
	else if (strcmp(l, "tc") == 0)
		d->cell++;
	else if (strcmp(l, "t") == 0 && d->run)
		d->text = 1;
	else if (strcmp(l, "tab") == 0 && d->run)	/* not a tab stop */
		doc_add(d, "\t", 1);
	else if ((strcmp(l, "br") == 0 || strcmp(l, "cr") == 0) && d->run)
		doc_add(d, "\n", 1);
}

/* Drop the blanks the text ends in: a cell's last paragraph's, a row's
 * last tab. */
static void
doc_trim(struct doc *d, char c)
{
	while (d->out->len > 0 && d->out->data[d->out->len - 1] == c)
		buf_truncate(d->out, d->out->len - 1);
}

/* A paragraph ends a line, but in a table's cell a space: a row of
 * cells is a line, its cells apart by tabs (a table of hosts with a
 * header row reads as a report). */
static void XMLCALL
doc_end(void *arg, const XML_Char *el)
{
	struct doc *d = arg;
	const char *l = local(el);

	if (strcmp(l, "r") == 0 && d->run > 0)
		d->run--;
	else if (strcmp(l, "t") == 0)
		d->text = 0;
	else if (strcmp(l, "p") == 0)
		doc_add(d, d->cell ? " " : "\n", 1);
	else if (strcmp(l, "tc") == 0 && d->cell > 0) {
		d->cell--;
		doc_trim(d, ' ');
		doc_add(d, "\t", 1);
	} else if (strcmp(l, "tr") == 0) {
		doc_trim(d, '\t');
		doc_add(d, "\n", 1);
	}
}

static void XMLCALL
doc_text(void *arg, const XML_Char *t, int len)
{
	struct doc *d = arg;

	if (d->text)
		doc_add(d, t, (size_t)len);
}

/* The targets of the document's hyperlinks: what its links open, which
 * the text need not show ("click here"). */
static void XMLCALL
links_start(void *arg, const XML_Char *el, const XML_Char **atts)
{
	struct doc *d = arg;
	static const char head[] = "\n-- links --\n";
	const char *type = attr(atts, "Type"), *mode = attr(atts, "TargetMode"),
	    *target = attr(atts, "Target");
	size_t n;

	if (strcmp(local(el), "Relationship") != 0 || type == NULL ||
	    target == NULL || mode == NULL || strcmp(mode, "External") != 0)
		return;
	n = strlen(type);
	if (n < 10 || strcmp(type + n - 10, "/hyperlink") != 0)
		return;
	if (d->links++ == 0)
		doc_add(d, head, sizeof(head) - 1);
	doc_add(d, target, strlen(target));
	doc_add(d, "\n", 1);
}

int
docx_text(const void *data, size_t len, size_t max, struct buf *out)
{
	struct book b = { NULL, 0, 0 };
	struct buf text = BUF_INIT;
	struct doc d = { NULL, &text, max, 0, 0, 0, 0, 0 };
	const struct part *body, *rels;
	int rc = -1;

	if (zipfile_each(data, len, max, docx_wanted, keep, &b) < 0 ||
	    (body = find(&b, "word/document.xml")) == NULL)
		goto done;
	rc = parse(body, &d, doc_start, doc_end, doc_text, &d.x) < 0 ||
	    d.full;
	if (rc) {	/* to the last whole line: a cut one could end in
			 * half an address */
		const char *nl = memrchr(text.data, '\n', text.len);

		buf_truncate(&text, nl ? (size_t)(nl - text.data) + 1 : 0);
	} else if ((rels = find(&b, "word/_rels/document.xml.rels"))) {
		parse(rels, &d, links_start, no_end, no_text, &d.x);
	}
	buf_add(out, text.data, text.len);
done:
	book_free(&b);
	buf_release(&text);
	return rc;
}

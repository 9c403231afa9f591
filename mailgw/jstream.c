#include "config.h"

#include <string.h>

#include "buf.h"
#include "charset.h"
#include "jstream.h"

json_t *
jstr(const char *s)
{
	struct buf u = BUF_INIT;
	json_t *j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)	/* it checks: UTF-8 */
		return j;
	j = json_string(utf8_text(s, &u));
	buf_release(&u);
	return j;
}

struct indented {
	struct buf b;	/* the element, written once: jansson hands over
			 * every token apart, and a stdio call each was a
			 * fifth of a large export */
	int indent;
};

/* jansson's output in chunks: every line break it makes (a string's
 * own are escaped) is followed by the indentation. */
static int
indent_chunk(const char *p, size_t n, void *arg)
{
	struct indented *in = arg;
	const char *nl;

	while ((nl = memchr(p, '\n', n)) != NULL) {
		buf_add(&in->b, p, (size_t)(nl - p) + 1);
		buf_grow(&in->b, (size_t)in->indent);
		memset(in->b.data + in->b.len, ' ', (size_t)in->indent);
		in->b.len += (size_t)in->indent;
		in->b.data[in->b.len] = '\0';
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	buf_add(&in->b, p, n);
	return 0;
}

void
jstream_dump(FILE *out, const json_t *v, int indent)
{
	struct indented in = { BUF_INIT, indent };

	json_dump_callback(v, indent_chunk, &in, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	fwrite(in.b.data, 1, in.b.len, out);
	buf_release(&in.b);
}

int
jstream_put(struct jstream *js, json_t *v, struct errbuf *e)
{
	if (v == NULL)
		return err_set(e, ST_TEMPFAIL, "out of memory making the "
		    "JSON answer");
	fprintf(js->out, "%s%*s", js->n++ ? ",\n" : "[\n", js->indent + 2, "");
	jstream_dump(js->out, v, js->indent + 2);
	json_decref(v);
	return 0;
}

void
jstream_end(const struct jstream *js, int nl)
{
	if (js->n)
		fprintf(js->out, "\n%*s]", js->indent, "");
	else
		fputs("[]", js->out);
	if (nl)
		fputc('\n', js->out);
}

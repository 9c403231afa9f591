#include "config.h"

#include "jstream.h"

int
jstream_put(struct jstream *js, json_t *v, struct errbuf *e)
{
	if (v == NULL)
		return err_set(e, ST_TEMPFAIL, "out of memory making the "
		    "JSON answer");
	fputs(js->n++ ? ",\n" : "[\n", js->out);
	json_dumpf(v, js->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	return 0;
}

void
jstream_end(const struct jstream *js, int nl)
{
	fputs(js->n ? "\n]" : "[]", js->out);
	if (nl)
		fputc('\n', js->out);
}

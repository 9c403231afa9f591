/* Fuzz the Mustache renderer: the input is the template, the data a
 * fixed object with strings, lists, nesting and a partial. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
partial(const char *name, void *arg)
{
	(void)arg;
	return strcmp(name, "p") == 0 ? strdup("[{{a}}{{>p}}]") : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *d = json_pack("{s:s, s:i, s:b, s:[{s:s}, {s:s}], s:{s:{s:s}}}",
	    "a", "<x&y>", "n", 42, "t", 1, "list", "v", "one", "v", "two",
	    "deep", "er", "est", "bottom");
	struct buf out = BUF_INIT;
	struct errbuf e = { 0 };

	template_render(&out, (const char *)data, size, d, TEMPLATE_ESCAPE_HTML,
	    partial, NULL, &e);
	buf_release(&out);
	json_decref(d);
	return 0;
}

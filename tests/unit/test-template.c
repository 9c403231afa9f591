#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "test.h"

#include "buf.h"
#include "err.h"
#include "template.h"
#include "xmalloc.h"

static char *
partial_from(const char *name, void *arg)
{
	const json_t *partials = arg;
	const char *s = json_string_value(json_object_get(partials, name));

	return s ? xstrdup(s) : NULL;
}

/* Run every test of one spec file; returns how many ran, and fails the
 * cmocka test on the first mismatch, naming it. */
static size_t
run_spec(const char *file)
{
	char path[4096];
	json_error_t jerr;
	json_t *spec, *tests, *t;
	size_t i, failed = 0;

	snprintf(path, sizeof(path), "%s/corpus/mustache-spec/specs/%s.json",
	    TEST_DATA, file);
	spec = json_load_file(path, 0, &jerr);
	if (spec == NULL)
		fail_msg("%s: %s", path, jerr.text);
	tests = json_object_get(spec, "tests");
	json_array_foreach(tests, i, t) {
		const char *tmpl = json_string_value(json_object_get(t, "template"));
		const char *want = json_string_value(json_object_get(t, "expected"));
		struct buf out = BUF_INIT;
		struct errbuf e = { 0 };
		int rc;

		rc = template_render(&out, tmpl, strlen(tmpl),
		    json_object_get(t, "data"), TEMPLATE_ESCAPE_HTML,
		    partial_from, json_object_get(t, "partials"), &e);
		if (rc != 0 || strcmp(out.data, want) != 0) {
			print_error("%s: %s: got [%s] want [%s] %s\n", file,
			    json_string_value(json_object_get(t, "name")),
			    out.data, want, rc ? e.msg : "");
			failed++;
		}
		buf_release(&out);
	}
	i = json_array_size(tests);
	json_decref(spec);
	assert_int_equal(failed, 0);
	return i;
}

static void
test_spec(void **state)
{
	static const char *const files[] = {
		"comments", "delimiters", "interpolation", "inverted",
		"partials", "sections",
	};
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		total += run_spec(files[i]);
	assert_int_equal(total, 136);
}

static void
render_text(const char *tmpl, const char *json, const char *want)
{
	json_t *data = json_loads(json, 0, NULL);
	struct buf out = BUF_INIT;
	struct errbuf e = { 0 };

	assert_int_equal(template_render(&out, tmpl, strlen(tmpl), data,
	    TEMPLATE_ESCAPE_TEXT, NULL, NULL, &e), 0);
	assert_string_equal(out.data, want);
	buf_release(&out);
	json_decref(data);
}

static void
test_text_escaping(void **state)
{
	(void)state;
	/* Mail text: no HTML entities, no control characters but tab and
	 * line feed; the triple mustache is verbatim. */
	render_text("{{s}}", "{\"s\": \"a < b & \\\"c\\\"\"}", "a < b & \"c\"");
	render_text("[{{s}}]", "{\"s\": \"x\\r\\nBcc: y\\u001b[31m\\u0007\"}",
	    "[x\nBcc: y[31m]");
	render_text("{{{s}}}", "{\"s\": \"a\\rb\"}", "a\rb");
	render_text("{{#list}}{{ip}}\t{{port}}\n{{/list}}",
	    "{\"list\": [{\"ip\": \"192.0.2.1\", \"port\": 23},"
	    " {\"ip\": \"192.0.2.2\", \"port\": 2323}]}",
	    "192.0.2.1\t23\n192.0.2.2\t2323\n");
	render_text("{{^none}}empty{{/none}}", "{\"none\": \"\"}", "empty");
}

static void
test_errors(void **state)
{
	static const char *const bad[] = {
		"{{#open}}never closed", "{{/close}}", "{{unclosed",
		"{{=a=}}", "{{#a}}{{/b}}",
	};
	struct buf out = BUF_INIT;
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(template_render(&out, bad[i], strlen(bad[i]),
		    NULL, TEMPLATE_ESCAPE_TEXT, NULL, NULL, &e), -1);
		assert_int_equal(e.status, ST_DATA);
		assert_non_null(strstr(e.msg, "template: "));
		buf_reset(&out);
	}
	buf_release(&out);
}

static char *
self_partial(const char *name, void *arg)
{
	(void)arg;
	return xstrdup(strcmp(name, "loop") == 0 ? "x{{>loop}}" : "");
}

static void
test_partial_recursion_bounded(void **state)
{
	struct buf out = BUF_INIT;
	struct errbuf e = { 0 };

	(void)state;
	assert_int_equal(template_render(&out, "{{>loop}}", 9, NULL,
	    TEMPLATE_ESCAPE_TEXT, self_partial, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "partials nested too deep"));
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_partial_recursion_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

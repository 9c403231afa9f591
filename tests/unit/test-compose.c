#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "buf.h"
#include "compose.h"
#include "err.h"
#include "message.h"

/* Render c and parse it back as mail arrives. */
static struct message *
round_trip(struct compose *c, struct buf *out)
{
	buf_reset(out);
	compose_render(c, out);
	return message_parse(out->data, out->len, NULL);
}

/* Every header line of raw is at most max bytes. */
static void
assert_lines_at_most(const char *raw, size_t max)
{
	const char *p = raw, *nl;

	while ((nl = strstr(p, "\r\n")) != NULL) {
		assert_true((size_t)(nl - p) <= max);
		p = nl + 2;
	}
}

static void
test_subject_tags_first(void **state)
{
	struct compose *c = compose_new();
	struct buf out = BUF_INIT;
	struct message *m;

	(void)state;
	compose_header(c, "Subject", "[CNCERT #12] [AUSCERT #4711] Re: 仿冒网站 report");
	m = round_trip(c, &out);
	/* The tags stay plain ASCII; the words after them are encoded. */
	assert_non_null(strstr(out.data,
	    "Subject: [CNCERT #12] [AUSCERT #4711] Re:"));
	assert_non_null(strstr(out.data, "=?UTF-8?B?"));
	assert_string_equal(message_subject(m),
	    "[CNCERT #12] [AUSCERT #4711] Re: 仿冒网站 report");
	message_free(m);
	buf_release(&out);
	compose_free(c);
}

static void
test_header_injection(void **state)
{
	static const char *const hostile[] = {
		"x\r\nBcc: victim@example.org",
		"x\nBcc: victim@example.org",
		"x\rBcc: victim@example.org",
		"nul\0byte",
		"=?UTF-8?B?QmNjOiB4?= looks encoded",
	};
	struct buf out = BUF_INIT;
	struct message *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct compose *c = compose_new();

		compose_header(c, "Subject", hostile[i]);
		m = round_trip(c, &out);
		assert_null(message_header(m, "Bcc"));
		assert_null(strstr(out.data, "\nBcc"));
		assert_null(strstr(out.data, "\rBcc"));
		if (i == 4)	/* "=?" reaches the reader as it was written */
			assert_string_equal(message_subject(m), hostile[i]);
		message_free(m);
		compose_free(c);
	}
	buf_release(&out);
}

static void
test_long_header_folds(void **state)
{
	struct compose *c = compose_new();
	struct buf out = BUF_INIT, subject = BUF_INIT;
	struct message *m;
	size_t i;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_addstr(&subject, i % 2 ? "word " : "网站 ");
	buf_trim(&subject);
	compose_header(c, "Subject", subject.data);
	m = round_trip(c, &out);
	assert_lines_at_most(out.data, 78);
	assert_string_equal(message_subject(m), subject.data);
	message_free(m);
	buf_release(&subject);
	buf_release(&out);
	compose_free(c);
}

static void
test_addresses(void **state)
{
	struct compose *c = compose_new();
	struct buf out = BUF_INIT;
	struct errbuf e = { 0 };
	struct message *m;

	(void)state;
	assert_int_equal(compose_address(c, "From", "CNCERT \"desk\"\\",
	    "cert@cert.example", &e), 0);
	assert_int_equal(compose_address(c, "To", "张三", "z@bank.example", &e), 0);
	assert_int_equal(compose_address(c, "Cc", NULL, "a@b.example\r\nBcc: x",
	    &e), -1);
	assert_int_equal(e.status, ST_DATA);
	assert_int_equal(compose_address(c, "Cc", NULL, "<a@b>", &e), -1);
	m = round_trip(c, &out);
	assert_string_equal(message_from_addr(m), "cert@cert.example");
	assert_string_equal(message_from_name(m), "CNCERT \"desk\"\\");
	assert_string_equal(message_to(m), "z@bank.example");
	assert_null(message_header(m, "Cc"));
	message_free(m);
	buf_release(&out);
	compose_free(c);
}

static void
test_ids(void **state)
{
	const char *ids[] = { "a@b", "bad id@x", "<c@d>", "e@f", NULL, "" };
	struct compose *c = compose_new();
	struct buf out = BUF_INIT;
	struct message *m;
	char *id = compose_message_id("cert.example");

	(void)state;
	assert_non_null(strstr(id, "@cert.example"));
	assert_int_equal(strlen(id), 32 + strlen("@cert.example"));
	compose_ids(c, "References", ids, 6);
	m = round_trip(c, &out);
	assert_int_equal(message_references_count(m), 2);
	assert_string_equal(message_reference(m, 1), "e@f");
	free(id);
	message_free(m);
	buf_release(&out);
	compose_free(c);
}

static void
test_body_quoted_printable(void **state)
{
	const char *text = "From the desk: café\nFrom here\n.\n"
	    "trailing blank \nand a very long line that goes on and on and on "
	    "and on beyond seventy-six characters for sure, really it does\n";
	struct compose *c = compose_new();
	struct buf out = BUF_INIT;
	struct message *m;

	(void)state;
	compose_text(c, text);
	m = round_trip(c, &out);
	assert_non_null(strstr(out.data, "\r\n=46rom the desk: caf=C3=A9\r\n"));
	assert_null(strstr(out.data, "\nFrom "));
	assert_non_null(strstr(out.data, "\r\n=2E\r\n"));
	assert_non_null(strstr(out.data, "blank=20\r\n"));
	assert_lines_at_most(out.data, 76);
	assert_int_equal(message_part_count(m), 1);
	assert_string_equal(message_part(m, 0)->text, text);
	message_free(m);
	buf_release(&out);
	compose_free(c);
}

static void
test_attachment(void **state)
{
	struct compose *c = compose_new();
	struct buf out = BUF_INIT;
	struct message *m;
	const char csv[] = "ip,asn\n192.0.2.1,AS64500\n";

	(void)state;
	compose_text(c, "see attached\n");
	compose_attach(c, "../hosts\".csv", "text/csv", csv, strlen(csv));
	m = round_trip(c, &out);
	assert_int_equal(message_part_count(m), 3);
	assert_string_equal(message_part(m, 0)->content_type, "multipart/mixed");
	/* Sent as ".._hosts_.csv"; a receiver drops the leading dots. */
	assert_non_null(strstr(out.data, "filename=\".._hosts_.csv\""));
	assert_string_equal(message_part(m, 2)->filename, "_hosts_.csv");
	assert_int_equal(message_part(m, 2)->kind, PART_ATTACHMENT);
	assert_memory_equal(message_part(m, 2)->data.data, csv, strlen(csv));
	message_free(m);
	buf_release(&out);
	compose_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_tags_first),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_long_header_folds),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_body_quoted_printable),
		cmocka_unit_test(test_attachment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

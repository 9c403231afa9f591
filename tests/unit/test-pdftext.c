#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

#include "buf.h"
#include "pdftext.h"

#define PDF_DIR TEST_DATA "/pdf/"

static void
test_magic(void **state)
{
	(void)state;
	assert_true(pdftext_magic("%PDF-1.7\n", 9));
	assert_true(pdftext_magic("\r\n\r\n%PDF-1.4", 12));	/* junk first */
	assert_false(pdftext_magic("PDF-1.7", 7));
	assert_false(pdftext_magic("", 0));
	assert_true(msgtext_magic("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1x", 9));
	assert_false(msgtext_magic("\xd0\xcf\x11\xe0\xa1\xb1\x1a", 7));
	assert_false(msgtext_magic("%PDF-1.7\n", 9));
}

/* An Outlook message (tests/data/msg/README) as mail: msgconvert reads
 * it from a file in memory, which it seeks in (from a pipe it cannot). */
static void
test_msg(void **state)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;
	const char *why;

	(void)state;
	if (access(MSGTEXT_PROGRAM, X_OK) < 0)
		skip();		/* libemail-outlook-message-perl */
	test_load(&msg, "msg", "phish.msg");
	assert_int_equal(msgtext(MSGTEXT_PROGRAM, msg.data, msg.len, 1 << 20,
	    MSGTEXT_SECONDS, &out, &why), 0);
	buf_addstr(&out, "");
	assert_non_null(strstr(out.data,
	    "Subject: Verify your account at bank-login.top\r\n"));
	assert_non_null(strstr(out.data, "<security@phish-bank.top>"));
	assert_non_null(strstr(out.data, "hxxp://bank-login[.]top/verify"));
	buf_reset(&msg);
	buf_reset(&out);
	test_load(&msg, "msg", "truncated.msg");
	assert_int_equal(msgtext(MSGTEXT_PROGRAM, msg.data, msg.len, 1 << 20,
	    MSGTEXT_SECONDS, &out, &why), -1);
	assert_string_equal(why,
	    "could not read it (broken, or no Outlook message)");
	assert_int_equal(out.len, 0);
	/* a flood cut short, as pdftext's */
	assert_int_equal(msgtext(PDF_DIR "flood.sh", msg.data, msg.len, 100,
	    5, &out, &why), 1);
	assert_true(out.len > 0 && out.len <= 100);
	buf_release(&msg);
	buf_release(&out);
}

/* A PDF printed by Chromium (tests/data/pdf/README): its text, whole. */
static void
test_text(void **state)
{
	struct buf pdf = BUF_INIT, out = BUF_INIT;
	const char *why;

	(void)state;
	if (access(PDFTEXT_PROGRAM, X_OK) < 0)
		skip();		/* poppler-utils: scripts/deps.sh */
	test_load(&pdf, "pdf", "notice.pdf");
	assert_int_equal(pdftext(PDFTEXT_PROGRAM, pdf.data, pdf.len, 1 << 20,
	    PDFTEXT_SECONDS, &out, &why), 0);
	buf_addstr(&out, "");
	assert_non_null(strstr(out.data, "hosted at 203.0.113.88 and"));
	assert_non_null(strstr(out.data, "hxxp://pdf-phish[.]com/login"));
	assert_non_null(strstr(out.data, "主机地址198.51.100.88，"));
	assert_non_null(strstr(out.data, "192.0.2.88 443"));
	buf_release(&pdf);
	buf_release(&out);
}

/* What it cannot read, what is not there, what crashes: no text, and
 * why. */
static void
test_failures(void **state)
{
	struct buf out = BUF_INIT;
	const char *bad = "%PDF-1.7\nnot a PDF after all\n", *why;

	(void)state;
	assert_int_equal(pdftext("/nonexistent/pdftotext", bad, strlen(bad),
	    1 << 20, 5, &out, &why), -1);
	assert_string_equal(why, "is not installed");
	assert_int_equal(pdftext(PDF_DIR "crash.sh", bad, strlen(bad),
	    1 << 20, 5, &out, &why), -1);
	assert_string_equal(why, "was stopped at its limits");
	if (access(PDFTEXT_PROGRAM, X_OK) == 0) {
		assert_int_equal(pdftext(PDFTEXT_PROGRAM, bad, strlen(bad),
		    1 << 20, 5, &out, &why), -1);
		assert_string_equal(why,
		    "could not read it (broken, encrypted or no PDF)");
	}
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

/* Output without end: cut at max, to the last whole line, the child
 * killed. Time without end: killed at the limit. */
static void
test_limits(void **state)
{
	const char *line = "scan from 192.0.2.1 and 192.0.2.2\n", *why;
	struct buf out = BUF_INIT;
	time_t t0;
	size_t i;

	(void)state;
	assert_int_equal(pdftext(PDF_DIR "flood.sh", "%PDF-", 5, 1000, 5,
	    &out, &why), 1);
	assert_int_equal(out.len, 1000 / strlen(line) * strlen(line));
	for (i = 0; i < out.len; i += strlen(line))
		assert_memory_equal(out.data + i, line, strlen(line));
	buf_reset(&out);
	t0 = time(NULL);
	assert_int_equal(pdftext(PDF_DIR "hang.sh", "%PDF-", 5, 1000, 1,
	    &out, &why), -1);
	assert_string_equal(why, "took too long");
	assert_true(time(NULL) - t0 <= 3);
	assert_int_equal(out.len, 0);
	/* its output closed but never ending: killed at the limit, what
	 * it wrote kept, as not whole */
	t0 = time(NULL);
	assert_int_equal(pdftext(PDF_DIR "linger.sh", "%PDF-", 5, 1000, 1,
	    &out, &why), 1);
	assert_true(time(NULL) - t0 <= 3);
	buf_addstr(&out, "");
	assert_string_equal(out.data, "scan from 192.0.2.3\n");
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_msg),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

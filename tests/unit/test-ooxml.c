#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "buf.h"
#include "ooxml.h"

/* xlsx_text of a workbook: its return, its text in *text. */
static int
sheet_text(const char *name, size_t max, char **text)
{
	struct buf wb = BUF_INIT, out = BUF_INIT;
	int rc;

	test_load(&wb, "office", name);
	rc = xlsx_text(wb.data, wb.len, max, &out);
	buf_addstr(&out, "");
	*text = buf_detach(&out, NULL);
	buf_release(&wb);
	return rc;
}

static void
test_names(void **state)
{
	(void)state;
	assert_true(xlsx_name("hosts.xlsx", 10));
	assert_true(xlsx_name("HOSTS.XLSM", 10));
	assert_false(xlsx_name("hosts.xls", 9));
	assert_false(xlsx_name(".xlsx", 5));
	assert_false(xlsx_name("hosts.xlsx.exe", 14));
}

/* One sheet: its rows alone, cells in their columns (C3 is empty),
 * shared strings (runs joined, the phonetic run left out), inline
 * strings, numbers; a tab or line break in a cell is a space. */
static void
test_one_sheet(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(sheet_text("hosts.xlsx", 1 << 20, &text), 0);
	assert_string_equal(text,
	    "ip\tport\ttimestamp\thostname\n"
	    "203.0.113.10\t23\t2026-11-21 01:02:03\thost1.example.com\n"
	    "198.51.100.20\t8080\t\tmail server of the bank\n");
	free(text);
}

/* Several sheets: each under its name, in the workbook's order (not the
 * order of the files in the archive). */
static void
test_two_sheets(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(sheet_text("two-sheets.xlsx", 1 << 20, &text), 0);
	assert_string_equal(text,
	    "-- 感染主机 --\n地址\n192.0.2.77\n"
	    "\n-- Notes --\n\tC2 at hxxp://c2-panel[.]info/gate\n");
	free(text);
}

/* A sheet with a DTD (entities that would expand a thousandfold) is
 * not read; the other sheet is, and the count says one was not. */
static void
test_dtd_refused(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(sheet_text("dtd.xlsx", 1 << 20, &text), 1);
	assert_string_equal(text, "192.0.2.1\n");
	free(text);
}

/* Shared strings repeat: 2,000 cells of one 100-byte string are 200 KB
 * of text from 100 KB of XML. Written no further than the limit, whole
 * rows only, and the sheet counted as cut. */
static void
test_limit(void **state)
{
	const char *row = "192.0.2.1 is scanning port 23 192.0.2.1 is "
	    "scanning port 23 192.0.2.1 is scanning port 23 192.0.2.1 \n";
	char *text;
	size_t n, i;

	(void)state;
	assert_int_equal(sheet_text("amplified.xlsx", 1 << 20, &text), 0);
	assert_int_equal(strlen(text), 2000 * strlen(row));
	free(text);
	assert_int_equal(sheet_text("amplified.xlsx", 150000, &text), 1);
	n = strlen(text);
	assert_int_equal(n, 150000 / strlen(row) * strlen(row));
	for (i = 0; i < n; i += strlen(row))
		assert_memory_equal(text + i, row, strlen(row));
	free(text);
	/* inflating stops there too: the sheet's XML is cut */
	assert_true(sheet_text("amplified.xlsx", 50000, &text) != 0);
	assert_true(strlen(text) <= 50000);
	free(text);
}

/* What is no workbook: no zip, a truncated one, bytes of nothing. */
static void
test_not_a_workbook(void **state)
{
	struct buf wb = BUF_INIT, out = BUF_INIT;

	(void)state;
	assert_int_equal(xlsx_text("ip\n192.0.2.1\n", 13, 1 << 20, &out), -1);
	assert_int_equal(xlsx_text("", 0, 1 << 20, &out), -1);
	test_load(&wb, "office", "hosts.xlsx");
	assert_int_equal(xlsx_text(wb.data, wb.len / 2, 1 << 20, &out), -1);
	assert_int_equal(out.len, 0);
	buf_release(&wb);
	buf_release(&out);
}

/* A Word document: a paragraph a line (a line break inside one too), a
 * run's tab a tab but a tab stop's definition none, deleted text not
 * read, a table's row a line of cells apart by tabs, and the targets of
 * its hyperlinks after the text. */
static void
test_docx(void **state)
{
	struct buf doc = BUF_INIT, out = BUF_INIT;

	(void)state;
	assert_true(docx_name("notice.docx", 11));
	assert_false(docx_name("notice.doc", 10));
	test_load(&doc, "office", "notice.docx");
	assert_int_equal(docx_text(doc.data, doc.len, 1 << 20, &out), 0);
	buf_addstr(&out, "");
	assert_string_equal(out.data,
	    "关于仿冒网站的通报\n"
	    "受影响主机地址：203.0.113.66，\n请尽快处置。\n"
	    "端口\t443\n"
	    "IP\t域名\n"
	    "198.51.100.66\tphish-docx[.]com\n"
	    "点击此处\n"
	    "\n-- links --\nhttp://login.phish-docx.com/verify?id=7\n");
	/* a workbook is no Word document, nor is text */
	buf_reset(&doc);
	buf_reset(&out);
	test_load(&doc, "office", "hosts.xlsx");
	assert_int_equal(docx_text(doc.data, doc.len, 1 << 20, &out), -1);
	assert_int_equal(docx_text("x", 1, 1 << 20, &out), -1);
	assert_int_equal(out.len, 0);
	buf_release(&doc);
	buf_release(&out);
}

/* 90 KB of XML cut at byte 7,046, between the two runs of a paragraph
 * ("198.51.0." and "63"; make-fixtures.py writes the same bytes each
 * time): the paragraphs before the cut, whole (the one it fell in left
 * out: "198.51.0." would be read as an address nobody wrote), and 1. */
static void
test_docx_limit(void **state)
{
	struct buf doc = BUF_INIT, out = BUF_INIT;
	char want[32];
	const char *line;
	size_t k = 0;

	(void)state;
	test_load(&doc, "office", "long-notice.docx");
	assert_int_equal(docx_text(doc.data, doc.len, 7046, &out), 1);
	buf_addstr(&out, "");
	assert_true(strncmp(out.data, "受害主机列表\n", 19) == 0);
	for (line = out.data + 19; *line; line += strlen(want)) {
		snprintf(want, sizeof(want), "198.51.%zu.%zu\n", k / 250,
		    k % 250 + 1);
		assert_int_equal(strncmp(line, want, strlen(want)), 0);
		k++;
	}
	assert_int_equal(k, 62);
	buf_reset(&out);
	assert_int_equal(docx_text(doc.data, doc.len, 1 << 20, &out), 0);
	assert_non_null(strstr(out.data, "198.51.3.250\n\n-- links --\n"));
	buf_release(&doc);
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_one_sheet),
		cmocka_unit_test(test_two_sheets),
		cmocka_unit_test(test_dtd_refused),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_docx),
		cmocka_unit_test(test_docx_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

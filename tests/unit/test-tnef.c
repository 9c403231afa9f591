#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#include "buf.h"
#include "tnef.h"

/* Each thing given, as "name size[ cut];" (a message attached "msg:"
 * before, the message's text "text:"), and its bytes checked to end in
 * a NUL. */
static void
note(enum tnef_kind kind, const char *name, const char *bytes, size_t n,
    int cut, void *arg)
{
	assert_int_equal(bytes[n], '\0');
	buf_addf(arg, "%s%s %zu%s;", kind == TNEF_MESSAGE ? "msg:" :
	    kind == TNEF_TEXT ? "text:" : "", name, n, cut ? " cut" : "");
}

/* Each thing's bytes appended to a buf. */
static void
keep(enum tnef_kind kind, const char *name, const char *bytes, size_t n,
    int cut, void *arg)
{
	(void)kind;
	(void)name;
	(void)cut;
	buf_add(arg, bytes, n);
}

/* The CSV report of make-tnef.py. */
#define CSV "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\"," \
	"\"asn\",\"geo\"\r\n\"2026-11-21 04:05:06\",\"198.51.100.71\"," \
	"\"udp\",11211,\"cache7.example-idc.cn\",64500,\"CN\"\r\n" \
	"\"2026-11-21 04:05:07\",\"198.51.100.72\",\"udp\",11211,,64500," \
	"\"CN\"\r\n"

/* tnef_each over data, within max: its return, the files in *files. */
static int
files_of(const struct buf *data, size_t max, struct buf *files)
{
	buf_reset(files);
	buf_addstr(files, "");
	return tnef_each(data->data, data->len, max, 0, note, files);
}

/* Outlook's stream of four files: each whole, in order, their bytes the
 * files' (the CSV report's first and last bytes); the message's own
 * attributes, the RTF body among them, and each file's properties
 * skipped. */
static void
test_files(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT, csv = BUF_INIT;

	(void)state;
	test_load(&s, "tnef", "report.dat");
	assert_true(tnef_magic(s.data, s.len));
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;"
	    "notes.txt 100;logo.png 65;empty.txt 0;"
	    "Hosts f\xc3\xbcr CNCERT.xlsx 2116;");
	test_load(&csv, "tnef", "one-csv.dat");
	assert_int_equal(files_of(&csv, 1 << 20, &files), 0);
	assert_string_equal(files.data, "scan-20261121.csv 208;");
	buf_reset(&files);
	assert_int_equal(tnef_each(csv.data, csv.len, 1 << 20, 0, keep, &files),
	    0);
	assert_string_equal(files.data, CSV);
	buf_release(&s);
	buf_release(&csv);
	buf_release(&files);
}

/* max is for all the files together: one that reaches past it is cut
 * there, those after it cut to nothing; each counts. An empty one is
 * whole wherever it lies. */
static void
test_limit(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT;

	(void)state;
/* the files after the notes, the limit reached */
#define PAST "logo.png 0 cut;empty.txt 0;Hosts f\xc3\xbcr CNCERT.xlsx 0 cut;"
	test_load(&s, "tnef", "report.dat");
	assert_int_equal(files_of(&s, 308, &files), 2);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;"
	    "notes.txt 100;" PAST);
	assert_int_equal(files_of(&s, 250, &files), 3);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;"
	    "notes.txt 42 cut;" PAST);
	assert_int_equal(files_of(&s, 0, &files), 4);
	assert_string_equal(files.data, "report-2026-11-21.csv 0 cut;"
	    "notes.txt 0 cut;" PAST);
#undef PAST
	buf_release(&s);
	buf_release(&files);
}

/* A wrong checksum or a stream cut short ends the reading: the files
 * before it are given, one more counts; the signature alone is a stream
 * with nothing in it; no signature, none. */
static void
test_broken(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT;

	(void)state;
	test_load(&s, "tnef", "broken.dat");
	assert_int_equal(files_of(&s, 1 << 20, &files), 1);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;");
	buf_reset(&s);
	test_load(&s, "tnef", "cut.dat");
	assert_int_equal(files_of(&s, 1 << 20, &files), 1);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;");
	buf_reset(&s);
	test_load(&s, "tnef", "empty.dat");
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_string_equal(files.data, "");
	assert_int_equal(tnef_each(s.data, 5, 1 << 20, 0, note, &files), -1);
	assert_false(tnef_magic(s.data, 5));
	assert_false(tnef_magic("PK\3\4\0\0", 6));
	assert_int_equal(tnef_each("PK\3\4\0\0", 6, 1 << 20, 0, note, &files),
	    -1);
	buf_release(&s);
	buf_release(&files);
}

/* One attribute of a stream being built in b. */
static void
attr(struct buf *b, int level, uint32_t id, const void *data, size_t n)
{
	const unsigned char *d = data;
	unsigned char h[9];
	uint32_t sum = 0;
	size_t i;

	h[0] = (unsigned char)level;
	for (i = 0; i < 4; i++) {
		h[1 + i] = (unsigned char)(id >> (8 * i));
		h[5 + i] = (unsigned char)(n >> (8 * i));
	}
	buf_add(b, (const char *)h, 9);
	buf_add(b, data, n);
	for (i = 0; i < n; i++)
		sum += d[i];
	buf_addch(b, (char)(sum & 0xff));
	buf_addch(b, (char)(sum >> 8 & 0xff));
}

/* Streams no Outlook writes: what each holds is given as far as it is
 * whole, never a byte past the stream (AddressSanitizer would see). */
static void
test_odd_streams(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT;
	char title[300];
	unsigned char huge[11] = { 2, 0x0f, 0x80, 6, 0, 0xff, 0xff, 0xff,
	    0xff, 0, 0 };

	(void)state;
	/* bytes with neither rendering data nor title: a file without a
	 * name; two bytes attributes in one attachment: two files */
	buf_add(&s, "\x78\x9f\x3e\x22\x01\x00", 6);
	attr(&s, 2, 0x0006800f, "a,b\n", 4);
	attr(&s, 2, 0x00069002, "rend", 4);
	attr(&s, 2, 0x00018010, "x.csv", 6);
	attr(&s, 2, 0x0006800f, "1", 1);
	attr(&s, 2, 0x0006800f, "22", 2);
	/* a message's attribute of the same ids: not a file */
	attr(&s, 1, 0x0006800f, "333", 3);
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_string_equal(files.data, " 4;x.csv 1; 2;");

	/* a title past 255 bytes and without its NUL: cut there */
	memset(title, 'n', sizeof(title));
	buf_truncate(&s, 6);
	attr(&s, 2, 0x00018010, title, sizeof(title));
	attr(&s, 2, 0x0006800f, "z", 1);
	attr(&s, 2, 0x00069002, "rend", 4);
	attr(&s, 2, 0x00018010, title, 256);
	attr(&s, 2, 0x0006800f, "z", 1);
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_int_equal(strlen(files.data), 2 * (255 + strlen(" 1;")));

	/* a checksum wrong in its high byte */
	buf_truncate(&s, 6);
	attr(&s, 2, 0x0006800f, "abc", 3);
	s.data[s.len - 1] ^= 1;
	assert_int_equal(files_of(&s, 1 << 20, &files), 1);
	assert_string_equal(files.data, "");

	/* a length of 4 GB, and lengths that leave no room for the
	 * checksum, or for the header: broken */
	buf_truncate(&s, 6);
	buf_add(&s, (const char *)huge, sizeof(huge));
	assert_int_equal(files_of(&s, 1 << 20, &files), 1);
	buf_truncate(&s, 6);
	attr(&s, 2, 0x0006800f, "abc", 3);
	assert_int_equal(tnef_each(s.data, s.len - 1, 1 << 20, 0, note,
	    &files), 1);
	assert_int_equal(tnef_each(s.data, 6 + 10, 1 << 20, 0, note, &files),
	    1);
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_string_equal(files.data, " 3;");
	buf_release(&s);
	buf_release(&files);
}

/* A stream of one attachment, "T.CSV" of one byte, whose MAPI
 * properties are props (n bytes), in s. */
static void
with_props(struct buf *s, const void *props, size_t n)
{
	buf_reset(s);
	buf_add(s, "\x78\x9f\x3e\x22\x01\x00", 6);
	attr(s, 2, 0x00069002, "rend", 4);
	attr(s, 2, 0x00018010, "T.CSV", 6);
	attr(s, 2, 0x0006800f, "x", 1);
	attr(s, 2, 0x00069005, props, n);
}

/* Properties an attachment's long name is looked for among: found past
 * others, named ones among them; the title kept when they break off,
 * hold a type not known before the name, or claim more than they
 * hold, or the UTF-16 name holds a lone surrogate; an 8-bit name read
 * as cp1252, and cut on a character at 255 bytes. */
static void
test_long_names(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT;
	/* count 4: PT_I2 0x0e21; named PT_LONG 0x8000 by a string, "ab";
	 * named PT_LONG 0x8001 by a number (whose 0x7fffffff is no size);
	 * then PT_UNICODE 0x3707 "r\u00e9.csv", a lone surrogate after its
	 * NUL */
	static const unsigned char ok[] = {
		4, 0, 0, 0,
		0x02, 0, 0x21, 0x0e, 9, 0, 0, 0,
		0x03, 0, 0x00, 0x80, 'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G',
		'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G', 1, 0, 0, 0, 2, 0, 0,
		0, 'a', 'b', 0, 0, 7, 0, 0, 0,
		0x03, 0, 0x01, 0x80, 'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G',
		'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G', 0, 0, 0, 0, 0xff, 0xff,
		0xff, 0x7f, 7, 0, 0, 0,
		0x1f, 0, 0x07, 0x37, 1, 0, 0, 0, 16, 0, 0, 0,
		'r', 0, 0xe9, 0, '.', 0, 'c', 0, 's', 0, 'v', 0, 0, 0, 0x00,
		0xd8,
	};
	unsigned char p[600];
	size_t i;

	(void)state;
	with_props(&s, ok, sizeof(ok));
	assert_int_equal(files_of(&s, 1 << 20, &files), 0);
	assert_string_equal(files.data, "r\xc3\xa9.csv 1;");
	/* cut anywhere short of the name's end: the title */
	for (i = 0; i < sizeof(ok) - 4; i++) {
		with_props(&s, ok, i);
		assert_int_equal(files_of(&s, 1 << 20, &files), 0);
		assert_string_equal(files.data, "T.CSV 1;");
	}
	/* a type not known (0x0099) before the name: the title */
	memcpy(p, ok, sizeof(ok));
	p[4] = 0x99;
	with_props(&s, p, sizeof(ok));
	files_of(&s, 1 << 20, &files);
	assert_string_equal(files.data, "T.CSV 1;");
	/* the named property's name claims 4 GB: the title */
	memcpy(p, ok, sizeof(ok));
	p[36] = p[37] = p[38] = p[39] = 0xff;
	with_props(&s, p, sizeof(ok));
	files_of(&s, 1 << 20, &files);
	assert_string_equal(files.data, "T.CSV 1;");
	/* a lone surrogate (U+D800) for the e: no UTF-16, the title */
	memcpy(p, ok, sizeof(ok));
	p[sizeof(ok) - 14] = 0x00;
	p[sizeof(ok) - 13] = 0xdc;
	with_props(&s, p, sizeof(ok));
	files_of(&s, 1 << 20, &files);
	assert_string_equal(files.data, "T.CSV 1;");
	/* PT_STRING8 in cp1252, and 300 of "\xe9": 127 characters of two
	 * bytes, cut before the 128th */
	memcpy(p, ok, 80);
	p[80] = 0x1e;
	memcpy(p + 81, "\0\x07\x37\x01\0\0\0\x2c\x01\0\0", 11);
	memset(p + 92, 0xe9, 299);
	p[391] = 0;
	with_props(&s, p, 392);
	files_of(&s, 1 << 20, &files);
	assert_int_equal(strlen(files.data), 254 + strlen(" 1;"));
	assert_int_equal(strncmp(files.data, "\xc3\xa9\xc3\xa9", 4), 0);
	buf_release(&s);
	buf_release(&files);
}

/* Each thing given as note() does; a message attached followed by what
 * it holds, read with TNEF_BODY, in braces; the message's text itself. */
static void
tree(enum tnef_kind kind, const char *name, const char *bytes, size_t n,
    int cut, void *arg)
{
	if (kind == TNEF_TEXT) {
		buf_addf(arg, "text:%s;", bytes);
		return;
	}
	note(kind, name, bytes, n, cut, arg);
	if (kind == TNEF_MESSAGE) {
		buf_addch(arg, '{');
		assert_int_equal(tnef_each(bytes, n, 1 << 20, TNEF_BODY, tree,
		    arg), 0);
		buf_addch(arg, '}');
	}
}

/* The first message attached's stream, into arg. */
static void
first_message(enum tnef_kind kind, const char *name, const char *bytes,
    size_t n, int cut, void *arg)
{
	struct buf *b = arg;

	(void)name;
	(void)cut;
	if (kind == TNEF_MESSAGE && b->len == 0)
		buf_add(b, bytes, n);
}

#define PHISH "Dear customer, verify your account at " \
	"hxxps://secure-pay-check[.]top/login today.\r\n" \
	"Sent from 203.0.113.45.\r\n"

/* Outlook messages attached (a phish forwarded as an attachment from
 * Outlook in rich text): each given as its own stream, under its title
 * (made UTF-8 from the sender's code page), after the file before
 * them; an OLE object of another interface, and a message's IID before
 * no stream, are none. Read with TNEF_BODY, a message gives its
 * subject and body first (from its properties, UTF-16, over its 8-bit
 * attributes; or from the attributes, in its code page: GBK), then its
 * files; the text counts against the limit as a file does. Without
 * TNEF_BODY, or with it and a message of an RTF body alone, no text. */
static void
test_messages(void **state)
{
	struct buf s = BUF_INIT, out = BUF_INIT, fw = BUF_INIT;

	(void)state;
	test_load(&s, "tnef", "embedded.dat");
	assert_int_equal(files_of(&s, 1 << 20, &out), 0);
	assert_string_equal(out.data, "notes.txt 100;"
	    "msg:Fw: Zahlungsbest\xc3\xa4tigung 757;msg: 155;");
	buf_reset(&out);
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, 0, tree, &out), 0);
	assert_string_equal(out.data, "notes.txt 100;"
	    "msg:Fw: Zahlungsbest\xc3\xa4tigung 757;{"
	    "text:Fw: Zahlungsbest\xc3\xa4tigung\n\n" PHISH ";"
	    "hosts.csv 208;}"
	    "msg: 155;{text:\xe9\x92\x93\xe9\xb1\xbc\xe9\x82\xae\xe4\xbb\xb6"
	    "\n\n\xe9\x92\x93\xe9\xb1\xbc\xe7\xbd\x91\xe7\xab\x99 "
	    "phish-cn-bank.top \xe6\x9c\x8d\xe5\x8a\xa1\xe5\x99\xa8 "
	    "198.51.100.88\r\n;}");

	/* the first message's stream: its text within the limit */
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, 0, first_message,
	    &fw), 0);
	assert_true(tnef_magic(fw.data, fw.len));
	buf_reset(&out);
	assert_int_equal(tnef_each(fw.data, fw.len, 1 << 20, TNEF_BODY, note,
	    &out), 0);
	assert_string_equal(out.data, "text: 134;hosts.csv 208;");
	buf_reset(&out);
	assert_int_equal(tnef_each(fw.data, fw.len, 10, TNEF_BODY, note,
	    &out), 2);
	assert_string_equal(out.data, "text: 10 cut;hosts.csv 0 cut;");
	assert_int_equal(files_of(&fw, 1 << 20, &out), 0);
	assert_string_equal(out.data, "hosts.csv 208;");

	/* Outlook's report: an RTF body alone, no text */
	buf_reset(&s);
	test_load(&s, "tnef", "report.dat");
	buf_reset(&out);
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, TNEF_BODY, note,
	    &out), 0);
	assert_string_equal(out.data, "report-2026-11-21.csv 208;"
	    "notes.txt 100;logo.png 65;empty.txt 0;"
	    "Hosts f\xc3\xbcr CNCERT.xlsx 2116;");
	buf_release(&s);
	buf_release(&out);
	buf_release(&fw);
}

/* A message's 8-bit text and titles in its code page (attOemCodepage),
 * not as guessed: cp1251's Cyrillic pairs up as GB18030 does, which a
 * guess would read. A body without a subject stands alone. An ordinary
 * file's bytes (PR_ATTACH_DATA_BIN, the same id, PT_BINARY) are no
 * message, whatever they start with; a message's own stream is given
 * whole. */
static void
test_code_page(void **state)
{
	struct buf s = BUF_INIT, out = BUF_INIT;
	/* "Привет, hxxp://evil[.]ru" and the title "Отчёт.csv", cp1251 */
	static const char body[] = "\xcf\xf0\xe8\xe2\xe5\xf2, "
	    "hxxp://evil[.]ru";
	static const char title[] = "\xce\xf2\xf7\xb8\xf2.csv";
	unsigned char cp[8] = { 0xe3, 0x04, 0, 0, 0, 0, 0, 0 };	/* 1251 */
	/* count 1: 0x3701 PT_BINARY (or PT_OBJECT), 22 bytes: IID_IMessage
	 * and a stream's signature and key */
	unsigned char obj[] = {
		1, 0, 0, 0, 0x02, 0x01, 0x01, 0x37, 1, 0, 0, 0, 22, 0, 0, 0,
		0x07, 0x03, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46,
		0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00, 0, 0,
	};

	(void)state;
	buf_add(&s, "\x78\x9f\x3e\x22\x01\x00", 6);
	attr(&s, 1, 0x00069007, cp, sizeof(cp));
	attr(&s, 1, 0x0002800c, body, sizeof(body) - 1);
	attr(&s, 2, 0x00069002, "rend", 4);
	attr(&s, 2, 0x00018010, title, sizeof(title));
	attr(&s, 2, 0x0006800f, "x", 1);
	attr(&s, 2, 0x00069005, obj, sizeof(obj));
	attr(&s, 2, 0x00069002, "rend", 4);
	attr(&s, 2, 0x00018010, "y.txt", 6);
	attr(&s, 2, 0x0006800f, "y", 1);
	/* the text first, before the files */
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, TNEF_BODY, tree,
	    &out), 0);
	assert_string_equal(out.data, "text:\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2"
	    "\xd0\xb5\xd1\x82, hxxp://evil[.]ru;"
	    "\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1\x82.csv 1;y.txt 1;");
	/* PT_OBJECT: a message, of the signature alone; but not under
	 * another id (0x3702) */
	obj[4] = 0x0d;
	obj[5] = 0;
	buf_truncate(&s, s.len - 3 * 11 - 4 - 6 - 1 - sizeof(obj) - 11);
	attr(&s, 2, 0x00069005, obj, sizeof(obj));
	buf_reset(&out);
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, 0, tree, &out), 0);
	assert_string_equal(out.data, "\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1"
	    "\x82.csv 1;msg:\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1\x82.csv 6;{}");
	obj[6] = 0x02;
	buf_truncate(&s, s.len - sizeof(obj) - 11);
	attr(&s, 2, 0x00069005, obj, sizeof(obj));
	buf_reset(&out);
	assert_int_equal(tnef_each(s.data, s.len, 1 << 20, 0, tree, &out), 0);
	assert_string_equal(out.data, "\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1"
	    "\x82.csv 1;");
	buf_release(&s);
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_odd_streams),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_code_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#include "buf.h"
#include "tnef.h"

/* Each file given, as "name size[ cut];", and its bytes checked to end
 * in a NUL. */
static void
note(const char *name, const char *bytes, size_t n, int cut, void *arg)
{
	assert_int_equal(bytes[n], '\0');
	buf_addf(arg, "%s %zu%s;", name, n, cut ? " cut" : "");
}

/* Each file's bytes appended to a buf. */
static void
keep(const char *name, const char *bytes, size_t n, int cut, void *arg)
{
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
	return tnef_each(data->data, data->len, max, note, files);
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
	assert_int_equal(tnef_each(csv.data, csv.len, 1 << 20, keep, &files),
	    0);
	assert_string_equal(files.data, CSV);
	buf_release(&s);
	buf_release(&csv);
	buf_release(&files);
}

/* max is for all the files together: one that reaches past it is cut
 * there, those after it are not given; each counts. An empty one is
 * whole wherever it lies. */
static void
test_limit(void **state)
{
	struct buf s = BUF_INIT, files = BUF_INIT;

	(void)state;
	test_load(&s, "tnef", "report.dat");
	assert_int_equal(files_of(&s, 308, &files), 2);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;"
	    "notes.txt 100;empty.txt 0;");
	assert_int_equal(files_of(&s, 250, &files), 3);
	assert_string_equal(files.data, "report-2026-11-21.csv 208;"
	    "notes.txt 42 cut;empty.txt 0;");
	assert_int_equal(files_of(&s, 0, &files), 4);
	assert_string_equal(files.data, "empty.txt 0;");
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
	assert_int_equal(tnef_each(s.data, 5, 1 << 20, note, &files), -1);
	assert_false(tnef_magic(s.data, 5));
	assert_false(tnef_magic("PK\3\4\0\0", 6));
	assert_int_equal(tnef_each("PK\3\4\0\0", 6, 1 << 20, note, &files),
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
	assert_int_equal(tnef_each(s.data, s.len - 1, 1 << 20, note, &files),
	    1);
	assert_int_equal(tnef_each(s.data, 6 + 10, 1 << 20, note, &files), 1);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_odd_streams),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "config.h"

#include <string.h>

#include "test.h"

#include "buf.h"
#include "charset.h"

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("\xe4\xb8\xad\xe5\x9b\xbd", 6));	/* 中国 */
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_false(utf8_valid("\xc0\xaf", 2));		/* overlong / */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(utf8_valid("\xe4\xb8", 2));		/* truncated */
	assert_false(utf8_valid("\xff", 1));
}

static void
test_sanitize(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	utf8_append_sanitized(&b, "a\xff" "b\xe4\xb8", 5);
	assert_string_equal(b.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
	buf_release(&b);
}

/* What a terminal would obey goes; what a reader reads stays. */
static void
test_printable(void **state)
{
	/* ESC [2J (clear), BEL, NUL, DEL, C1 CSI (U+009B) and NEL
	 * (U+0085); U+00A0 and U+00E9 are printable; invalid bytes as
	 * U+FFFD. */
	static const char in[] = "a\x1b[2Jb\a\0c\x7f\xc2\x9b" "31md\xc2\x85"
	    "\xc2\xa0\xc3\xa9\xff\tx\r\ny\rz\n\xe4\xb8\xad";
	struct buf b = BUF_INIT;

	(void)state;
	utf8_append_printable(&b, in, sizeof(in) - 1, 1);
	assert_string_equal(b.data, "a[2Jbc31md\xc2\xa0\xc3\xa9\xef\xbf\xbd"
	    "\tx\ny\nz\n\xe4\xb8\xad");
	buf_reset(&b);
	utf8_append_printable(&b, in, sizeof(in) - 1, 0);
	assert_string_equal(b.data, "a[2Jbc31md\xc2\xa0\xc3\xa9\xef\xbf\xbd"
	    " x  y z \xe4\xb8\xad");
	buf_release(&b);
}

static void
test_gb2312_label_on_gbk_bytes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* 朱镕基: 镕 (0xe946) is GBK, not GB2312; the label lies. */
	assert_int_equal(charset_to_utf8(&b, "gb2312", "\xd6\xec\xe9\x46\xbb\xf9",
	    6), 0);
	assert_string_equal(b.data, "朱镕基");
	buf_release(&b);
}

static void
test_named_charsets(void **state)
{
	static const struct {
		const char *charset, *in, *out;
	} cases[] = {
		{ "GB18030", "\x81\x30\x81\x30", "\xc2\x80" },
		{ "big5", "\xa4\xa4\xb0\xea", "中國" },
		{ "ISO-8859-1", "M\xfcller", "Müller" },
		{ "windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет" },
		{ "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет" },
		{ "shift_jis", "\x93\xfa\x96\x7b", "日本" },
		{ "euc-kr", "\xc7\xd1\xb1\xb9", "한국" },
		{ "iso-2022-jp", "\x1b$BF|K\\\x1b(B", "日本" },
		{ "us-ascii", "caf\xc3\xa9", "café" },	/* 8-bit UTF-8 */
		{ "UTF-8", "\xe4\xb8\xad", "中" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		assert_int_equal(charset_to_utf8(&b, cases[i].charset,
		    cases[i].in, strlen(cases[i].in)), 0);
		assert_string_equal(b.data, cases[i].out);
	}
	buf_release(&b);
}

static void
test_unknown_or_wrong(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addstr(&b, "kept");
	assert_int_equal(charset_to_utf8(&b, "x-no-such-charset", "abc", 3), -1);
	assert_int_equal(charset_to_utf8(&b, "utf-8", "\xff", 1), -1);
	assert_string_equal(b.data, "kept");	/* unchanged on failure */
	buf_release(&b);
}

static void
test_guess(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	charset_guess_to_utf8(&b, "\xb7\xc2\xc3\xb0", 4);	/* GB: 仿冒 */
	assert_string_equal(b.data, "仿冒");
	buf_reset(&b);
	charset_guess_to_utf8(&b, "M\xfcller", 7);	/* Latin-1, not GB */
	assert_string_equal(b.data, "Müller");
	buf_reset(&b);
	charset_guess_to_utf8(&b, "\xe4\xb8\xad", 3);	/* UTF-8 stays */
	assert_string_equal(b.data, "中");
	buf_reset(&b);
	/* UTF-16 by its byte order mark, either order; none is kept */
	charset_guess_to_utf8(&b, "\xff\xfe" "1\0.\0\x2d\x4e", 8);
	assert_string_equal(b.data, "1.中");
	buf_reset(&b);
	charset_guess_to_utf8(&b, "\xfe\xff\0" "1\0.\x4e\x2d", 8);
	assert_string_equal(b.data, "1.中");
	buf_reset(&b);
	charset_guess_to_utf8(&b, "a\x81", 2);	/* nothing fits */
	assert_true(utf8_valid(b.data, b.len));
	assert_int_equal(b.data[0], 'a');
	buf_release(&b);
}

/* Full-text search splits CJK text into characters: each ideograph,
 * kana or hangul syllable gets blanks around it; everything else,
 * ASCII runs, other scripts and broken sequences, passes unchanged. */
static void
test_cjk_spaced(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain ASCII, 198.51.100.7", "plain ASCII, 198.51.100.7" },
		{ "\xe6\x81\xb6\xe6\x84\x8f", " \xe6\x81\xb6  \xe6\x84\x8f " },
		{ "IP \xe5\x9c\xb0\xe5\x9d\x80: 1.2.3.4",
		    "IP  \xe5\x9c\xb0  \xe5\x9d\x80 : 1.2.3.4" },
		{ "\xed\x95\x9c", " \xed\x95\x9c " },		/* hangul */
		{ "caf\xc3\xa9 \xd0\x96", "caf\xc3\xa9 \xd0\x96" },	/* not CJK */
		{ "a\xff" "b\x80" "c", "a\xff" "b\x80" "c" },	/* stray bytes */
		{ "x\xe6\x81", "x\xe6\x81" },		/* cut short */
		{ "\xf0\xa0\x80\x80!", " \xf0\xa0\x80\x80 !" },	/* plane 2 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf out = BUF_INIT;

		charset_cjk_spaced(&out, cases[i].in);
		buf_addch(&out, '\0');
		assert_string_equal(out.data, cases[i].out);
		buf_release(&out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_gb2312_label_on_gbk_bytes),
		cmocka_unit_test(test_named_charsets),
		cmocka_unit_test(test_unknown_or_wrong),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_cjk_spaced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"

/* Length of the valid UTF-8 sequence at s (at most len), 0 if invalid. */
static size_t
utf8_seqlen(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seqlen(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

const char *
utf8_text(const char *s, struct buf *tmp)
{
	size_t len = strlen(s);

	if (utf8_valid(s, len))
		return s;
	buf_reset(tmp);
	utf8_append_sanitized(tmp, s, len);
	return tmp->data;
}

void
utf8_append_sanitized(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seqlen(p + i, len - i)) != 0) {
			i += n;
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_addstr(out, "\xef\xbf\xbd");
		start = ++i;
	}
	buf_add(out, s + start, i - start);
}

void
utf8_append_printable(struct buf *out, const char *s, size_t len,
    int keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			size_t start = i;

			while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
				i++;
			buf_add(out, s + start, i - start);
		} else if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
			/* CRLF and a lone CR (which would write over its
			 * line on a terminal) end a line once */
			if (keep_lines && p[i] != '\r')
				buf_addch(out, (char)p[i]);
			else if (keep_lines && (i + 1 == len ||
			    p[i + 1] != '\n'))
				buf_addch(out, '\n');
			else if (!keep_lines)
				buf_addch(out, ' ');
			i++;
		} else if (p[i] < 0x80) {
			i++;	/* the other C0 controls and DEL */
		} else if ((n = utf8_seqlen(p + i, len - i)) == 0) {
			buf_addstr(out, "\xef\xbf\xbd");
			i++;
		} else {
			/* C1 (U+0080-U+009F: 0xc2 0x80-0x9f) goes too: some
			 * terminals take U+009B as an escape's start */
			if (!(n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0))
				buf_add(out, s + i, n);
			i += n;
		}
	}
}

/* The charset iconv should use for a label found in mail. */
static const char *
charset_widen(const char *label)
{
	static const struct {
		const char *label, *use;
	} wide[] = {
		{ "gb2312", "GB18030" },
		{ "gbk", "GB18030" },
		{ "x-gbk", "GB18030" },
		{ "euc-cn", "GB18030" },
		{ "cp936", "GB18030" },
		{ "big5", "BIG5-HKSCS" },
		{ "x-big5", "BIG5-HKSCS" },
		{ "ks_c_5601-1987", "CP949" },
		{ "euc-kr", "CP949" },
		{ "iso-8859-1", "WINDOWS-1252" },
		{ "latin1", "WINDOWS-1252" },
		{ "shift_jis", "CP932" },
		{ "x-sjis", "CP932" },
	};
	size_t i;

	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strcasecmp(label, wide[i].label) == 0)
			return wide[i].use;
	return label;
}

int
charset_to_utf8(struct buf *out, const char *charset, const char *s,
    size_t len)
{
	size_t start = out->len, inleft = len;
	char *in = (char *)s;
	iconv_t cd;
	int rc = 0;

	if (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0) {
		if (!utf8_valid(s, len))
			return -1;
		return buf_add(out, s, len);
	}
	/* 8-bit bytes under an ASCII label are most often UTF-8. */
	if ((strcasecmp(charset, "us-ascii") == 0 ||
	    strcasecmp(charset, "ascii") == 0) && utf8_valid(s, len))
		return buf_add(out, s, len);
	if (strcasecmp(charset, "us-ascii") == 0 || strcasecmp(charset, "ascii") == 0)
		charset = "WINDOWS-1252";
	if ((cd = iconv_open("UTF-8", charset_widen(charset))) == (iconv_t)-1)
		return -1;
	while (inleft > 0) {
		size_t room, outleft;
		char *o;

		if (buf_grow(out, inleft * 4 + 16) < 0) {
			rc = -1;
			break;
		}
		room = outleft = out->alloc - out->len - 1;
		o = out->data + out->len;
		if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 &&
		    errno != E2BIG) {
			rc = -1;
			break;
		}
		out->len += room - outleft;
	}
	if (rc == 0) {
		/* Flush the shift state of stateful charsets (ISO-2022-JP). */
		char tail[16], *o = tail;
		size_t outleft = sizeof(tail);

		iconv(cd, NULL, NULL, &o, &outleft);
		rc = buf_add(out, tail, sizeof(tail) - outleft);
	}
	iconv_close(cd);
	if (rc < 0)
		buf_truncate(out, start);
	else
		out->data[out->len] = '\0';
	return rc;
}

/* 1 when every 8-bit byte of s is in a GB18030 sequence of 8-bit bytes
 * only (two bytes 0x81-0xfe, or the four-byte form). Real Chinese text
 * is; Latin-1 text ("M\xfcller") is not, though GB18030 would take it. */
static int
gb18030_likely(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
		} else if (s[i] == 0x80 || s[i] == 0xff || i + 1 >= len) {
			return 0;
		} else if (s[i + 1] >= 0x81 && s[i + 1] <= 0xfe) {
			i += 2;
		} else if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39 && i + 3 < len &&
		    s[i + 2] >= 0x81 && s[i + 2] <= 0xfe &&
		    s[i + 3] >= 0x30 && s[i + 3] <= 0x39) {
			i += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

int
charset_utf16_bom(const char *s, size_t len)
{
	return len >= 2 && ((s[0] == '\xff' && s[1] == '\xfe') ||
	    (s[0] == '\xfe' && s[1] == '\xff'));
}

void
charset_guess_to_utf8(struct buf *out, const char *s, size_t len)
{
	if (charset_utf16_bom(s, len) &&
	    charset_to_utf8(out, "UTF-16", s, len) == 0)
		return;		/* iconv reads the order from the BOM */
	if (utf8_valid(s, len)) {
		buf_add(out, s, len);
		return;
	}
	if (gb18030_likely((const unsigned char *)s, len) &&
	    charset_to_utf8(out, "GB18030", s, len) == 0)
		return;
	if (charset_to_utf8(out, "WINDOWS-1252", s, len) == 0)
		return;
	utf8_append_sanitized(out, s, len);
}

/* 1 for the ideographs, kana and hangul written without spaces between
 * words. */
static int
is_cjk(uint32_t c)
{
	return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
}

/* The character at p (not ASCII, not the end): its bytes, *c the code
 * point (U+FFFD for a byte that starts none). */
static size_t
utf8_at(const unsigned char *p, uint32_t *c)
{
	size_t n = (*p & 0xe0) == 0xc0 ? 2 :
	    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 1;

	*c = n == 1 ? 0xfffd : n == 2 ? *p & 0x1f : n == 3 ? *p & 0x0f :
	    (uint32_t)(*p & 0x07);
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			*c = 0xfffd;
			return k;
		}
		*c = (*c << 6) | (p[k] & 0x3f);
	}
	return n;
}

void
charset_cjk_spaced(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t n;

	while (*p) {
		const unsigned char *run = p;

		/* ASCII, most of a report, copied a run at a time. */
		while (*p && *p < 0x80)
			p++;
		buf_add(out, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		n = utf8_at(p, &c);
		if (is_cjk(c)) {
			buf_addch(out, ' ');
			buf_add(out, p, n);
			buf_addch(out, ' ');
		} else
			buf_add(out, p, n);
		p += n;
	}
}

int
charset_has_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;

	for (; *p; p++)
		if (*p >= 0xe2) {	/* U+2000 on: the first that may be */
			p += utf8_at(p, &c) - 1;
			if (is_cjk(c))
				return 1;
		}
	return 0;
}

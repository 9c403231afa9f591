/*
 * TNEF ([MS-OXTNEF]) as far as its attached files: a signature and a
 * key, then attributes, each a level (message or attachment), an id, a
 * length, that many bytes and their checksum (their sum, 16 bits). An
 * attachment begins with its rendering data (attAttachRenddata); its
 * title (attAttachTitle, often the 8.3 name, "HOSTS~1.XLS"), bytes
 * (attAttachData) and MAPI properties (attAttachment, where its long
 * name is) follow. The rest (the message's properties, its RTF body,
 * which the message's text part repeats) is not read.
 *
 * libytnef reads the same, but writes its complaints about a broken
 * stream to standard output, where mailgw writes its own: a partner's
 * broken winmail.dat would end up in our JSON. This reader checks every
 * length against what is left and copies nothing it does not give;
 * charset.c makes the long names UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "tnef.h"

#define TNEF_SIGNATURE 0x223e9f78u
#define LVL_ATTACHMENT 2
#define ATT_RENDDATA 0x00069002u	/* attAttachRenddata: one begins */
#define ATT_TITLE 0x00018010u		/* attAttachTitle */
#define ATT_DATA 0x0006800fu		/* attAttachData */
#define ATT_PROPS 0x00069005u		/* attAttachment: MAPI properties */
#define PR_LONG_NAME 0x3707u		/* PidTagAttachLongFilename */
#define PT_STRING8 0x001eu
#define PT_UNICODE 0x001fu
#define PT_MV 0x1000u			/* multiple values */
#define TITLE_MAX 256

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* A name of n bytes at v, UTF-16LE (utf16) or 8-bit, as UTF-8 into out,
 * to its NUL, cut on a character to fit TITLE_MAX; out is left as it
 * was when UTF-16 does not convert (a lone surrogate). */
static void
utf8_name(const unsigned char *v, size_t n, int utf16, char out[TITLE_MAX])
{
	struct buf b = BUF_INIT;
	size_t k;

	for (k = 0; utf16 ? k + 1 < n && (v[k] | v[k + 1]) : k < n && v[k];
	    k += utf16 ? 2 : 1)
		;
	if (!utf16)
		charset_guess_to_utf8(&b, (const char *)v, k);
	else if (charset_to_utf8(&b, "UTF-16LE", (const char *)v, k) < 0) {
		buf_release(&b);
		return;
	}
	k = b.len < TITLE_MAX - 1 ? b.len : TITLE_MAX - 1;
	while (k > 0 && k < b.len && ((unsigned char)b.data[k] & 0xc0) == 0x80)
		k--;
	memcpy(out, b.data, k);
	out[k] = '\0';
	buf_release(&b);
}

int
tnef_magic(const void *data, size_t len)
{
	return len >= 6 && le32(data) == TNEF_SIGNATURE;
}

/* The attachment being read: its names and where its bytes are. */
struct file {
	char title[TITLE_MAX];
	char name[TITLE_MAX];	/* the long one, UTF-8, or "" */
	const unsigned char *data;	/* NULL: none yet */
	size_t len;
};

struct reader {
	size_t room;		/* bytes that may still be given */
	int skipped;
	struct buf copy;	/* the bytes given, with their NUL */
	tnef_fn fn;
	void *arg;
};

/* Give the file read so far, within the room left; start afresh. */
static void
give(struct reader *r, struct file *f)
{
	size_t n;

	if (f->data != NULL) {
		n = f->len < r->room ? f->len : r->room;
		if (n < f->len)
			r->skipped++;
		if (n > 0 || f->len == 0) {	/* (an empty file is whole) */
			buf_reset(&r->copy);
			buf_add(&r->copy, (const char *)f->data, n);
			r->room -= n;
			r->fn(f->name[0] ? f->name : f->title, r->copy.data,
			    n, n < f->len, r->arg);
		}
	}
	memset(f, 0, sizeof(*f));
}

/* The bytes a value of MAPI property type takes ([MS-OXTNEF] 2.1.3.4,
 * padded to four); 0 for a type whose values give their size, -1 for
 * one this reader does not know. */
static int
fixed_size(uint32_t type)
{
	switch (type) {
	case 0x0002: case 0x0003: case 0x0004: case 0x000a: case 0x000b:
		return 4;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
		return 8;
	case 0x0048:
		return 16;
	case 0x000d: case PT_STRING8: case PT_UNICODE: case 0x0102:
		return 0;
	default:
		return -1;
	}
}

/* Past size bytes at at and their padding to four, no further than n
 * (the last value's padding may be missing). */
static size_t
padded(size_t at, size_t size, size_t n)
{
	size = (size + 3) & ~(size_t)3;
	return size < n - at ? at + size : n;
}

/* The long name among an attachment's MAPI properties v[0..n) into
 * name, as UTF-8 (UTF-16 or the sender's 8-bit charset before; cut on a
 * character at TITLE_MAX - 1 bytes); name is left as it was when there
 * is none, or the properties break off or are of a type not known
 * before it. Each step takes four bytes or more of v, or stops. */
static void
long_name(const unsigned char *v, size_t n, char name[TITLE_MAX])
{
	size_t at = 4, i, j, count, vals, size;
	uint32_t tag, type;
	int fixed;

	for (i = 0, count = n < 4 ? 0 : le32(v); i < count; i++) {
		if (n - at < 4)
			return;
		tag = le32(v + at);
		type = tag & 0xffff;
		at += 4;
		if (tag >> 16 >= 0x8000) {	/* named: GUID, kind, id/name */
			if (n - at < 24)
				return;
			size = le32(v + at + 16) == 0 ? 0 : le32(v + at + 20);
			at = padded(at + 24, size, n);
		}
		if ((fixed = fixed_size(type & ~PT_MV)) < 0)
			return;
		vals = 1;
		if ((type & PT_MV) || fixed == 0) {
			if (n - at < 4)
				return;
			vals = le32(v + at);
			at += 4;
		}
		for (j = 0; j < vals; j++) {
			if (fixed == 0) {
				if (n - at < 4)
					return;
				size = le32(v + at);
				at += 4;
			} else {
				size = (size_t)fixed;
			}
			if (size > n - at)
				return;
			if (tag >> 16 == PR_LONG_NAME && (type == PT_STRING8 ||
			    type == PT_UNICODE)) {
				utf8_name(v + at, size, type == PT_UNICODE,
				    name);
				return;
			}
			at = padded(at, size, n);
		}
	}
}

int
tnef_each(const void *data, size_t len, size_t max, tnef_fn fn, void *arg)
{
	const unsigned char *p = data, *v;
	struct reader r = { max, 0, BUF_INIT, fn, arg };
	struct file f = { 0 };
	size_t at = 6, n, k;
	uint32_t id, sum;
	unsigned char level;

	if (!tnef_magic(data, len))
		return -1;
	/* an attribute: level (1), id (4), length (4), bytes, checksum (2) */
	while (at < len) {
		if (len - at < 11 || (n = le32(p + at + 5)) > len - at - 11) {
			r.skipped++;	/* cut short: what it held is lost */
			break;
		}
		level = p[at];
		id = le32(p + at + 1);
		v = p + at + 9;
		for (sum = 0, k = 0; k < n; k++)
			sum += v[k];
		if ((sum & 0xffff) != (v[n] | (uint32_t)v[n + 1] << 8)) {
			r.skipped++;	/* a byte changed: nothing after it */
			break;
		}
		at += 11 + n;
		if (level != LVL_ATTACHMENT)
			continue;
		if (id == ATT_RENDDATA) {
			give(&r, &f);
		} else if (id == ATT_TITLE) {
			k = n < TITLE_MAX - 1 ? n : TITLE_MAX - 1;
			memcpy(f.title, v, k);
			f.title[k] = '\0';	/* (a title ends in a NUL) */
		} else if (id == ATT_DATA) {
			if (f.data != NULL)	/* a second: a file too */
				give(&r, &f);
			f.data = v;
			f.len = n;
		} else if (id == ATT_PROPS) {
			long_name(v, n, f.name);
		}
	}
	give(&r, &f);
	buf_release(&r.copy);
	return r.skipped;
}

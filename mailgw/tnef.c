/*
 * TNEF ([MS-OXTNEF]) as far as its attached files: a signature and a
 * key, then attributes, each a level (message or attachment), an id, a
 * length, that many bytes and their checksum (their sum, 16 bits). An
 * attachment begins with its rendering data (attAttachRenddata); its
 * title (attAttachTitle) and bytes (attAttachData) follow. The rest (the
 * message's properties, its RTF body, which the message's text part
 * repeats) is not read.
 *
 * libytnef reads the same, but writes its complaints about a broken
 * stream to standard output, where mailgw writes its own: a partner's
 * broken winmail.dat would end up in our JSON. This reader checks every
 * length against what is left and copies nothing it does not give.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "tnef.h"

#define TNEF_SIGNATURE 0x223e9f78u
#define LVL_ATTACHMENT 2
#define ATT_RENDDATA 0x00069002u	/* attAttachRenddata: one begins */
#define ATT_TITLE 0x00018010u		/* attAttachTitle */
#define ATT_DATA 0x0006800fu		/* attAttachData */
#define TITLE_MAX 256

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
tnef_magic(const void *data, size_t len)
{
	return len >= 6 && le32(data) == TNEF_SIGNATURE;
}

/* The attachment being read: its title and where its bytes are. */
struct file {
	char title[TITLE_MAX];
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
			r->fn(f->title, r->copy.data, n, n < f->len, r->arg);
		}
	}
	memset(f, 0, sizeof(*f));
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
		}
	}
	give(&r, &f);
	buf_release(&r.copy);
	return r.skipped;
}

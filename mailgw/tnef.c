/*
 * TNEF ([MS-OXTNEF]) as far as a reader's text: a signature and a key,
 * then attributes, each a level (message or attachment), an id, a
 * length, that many bytes and their checksum (their sum, 16 bits). An
 * attachment begins with its rendering data (attAttachRenddata); its
 * title (attAttachTitle, often the 8.3 name, "HOSTS~1.XLS"), bytes
 * (attAttachData) and MAPI properties (attAttachment: its long name, or
 * an Outlook message attached, itself a TNEF stream) follow. The
 * message's subject and body (attSubject, attBody, or in attMsgProps)
 * are read when asked: the mail that carries a winmail.dat repeats its
 * own, a message attached inside it has nothing else. Its RTF body is
 * not read.
 *
 * libytnef reads the same, but writes its complaints about a broken
 * stream to standard output, where mailgw writes its own: a partner's
 * broken winmail.dat would end up in our JSON. This reader checks every
 * length against what is left and copies nothing it does not give;
 * charset.c makes the names and texts UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "tnef.h"

#define TNEF_SIGNATURE 0x223e9f78u
#define LVL_MESSAGE 1
#define LVL_ATTACHMENT 2
#define ATT_SUBJECT 0x00018004u		/* attSubject */
#define ATT_BODY 0x0002800cu		/* attBody */
#define ATT_MSG_PROPS 0x00069003u	/* attMsgProps */
#define ATT_CODEPAGE 0x00069007u	/* attOemCodepage */
#define ATT_RENDDATA 0x00069002u	/* attAttachRenddata: one begins */
#define ATT_TITLE 0x00018010u		/* attAttachTitle */
#define ATT_DATA 0x0006800fu		/* attAttachData */
#define ATT_PROPS 0x00069005u		/* attAttachment: MAPI properties */
#define PR_LONG_NAME 0x3707u		/* PidTagAttachLongFilename */
#define PR_DATA_OBJ 0x3701u		/* PidTagAttachDataObject */
#define PR_SUBJECT 0x0037u
#define PR_BODY 0x1000u
#define PT_OBJECT 0x000du
#define PT_STRING8 0x001eu
#define PT_UNICODE 0x001fu
#define PT_MV 0x1000u			/* multiple values */
#define TITLE_MAX 256

/* IID_IMessage, {00020307-0000-0000-C000-000000000046}, as stored:
 * what precedes an Outlook message attached (an object property). */
static const unsigned char iid_imessage[16] = {
	0x07, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
};

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* The string of n bytes at v, to its NUL, appended to out as UTF-8:
 * UTF-16LE (utf16), or 8-bit in Windows code page cp (0: not known;
 * charset.c guesses, UTF-8 first, when iconv does not know it or the
 * bytes are not valid in it). -1, out unchanged, when UTF-16 does not
 * convert (a lone surrogate). */
static int
string_utf8(struct buf *out, const unsigned char *v, size_t n, int utf16,
    uint32_t cp)
{
	char label[16];
	size_t k;

	for (k = 0; utf16 ? k + 1 < n && (v[k] | v[k + 1]) : k < n && v[k];
	    k += utf16 ? 2 : 1)
		;
	if (utf16)
		return charset_to_utf8(out, "UTF-16LE", (const char *)v, k);
	if (cp != 0) {
		snprintf(label, sizeof(label), "CP%u", (unsigned)cp);
		if (charset_to_utf8(out, label, (const char *)v, k) == 0)
			return 0;
	}
	charset_guess_to_utf8(out, (const char *)v, k);
	return 0;
}

/* A name (string_utf8's) into out, cut on a character to fit
 * TITLE_MAX; out is left as it was when it does not convert. */
static void
utf8_name(const unsigned char *v, size_t n, int utf16, uint32_t cp,
    char out[TITLE_MAX])
{
	struct buf b = BUF_INIT;
	size_t k;

	if (string_utf8(&b, v, n, utf16, cp) == 0) {
		k = b.len < TITLE_MAX - 1 ? b.len : TITLE_MAX - 1;
		while (k > 0 && k < b.len &&
		    ((unsigned char)b.data[k] & 0xc0) == 0x80)
			k--;
		memcpy(out, b.data, k);
		out[k] = '\0';
	}
	buf_release(&b);
}

int
tnef_magic(const void *data, size_t len)
{
	return len >= 6 && le32(data) == TNEF_SIGNATURE;
}

/* The attachment being read: its names and where its bytes are. */
struct file {
	char title[TITLE_MAX];	/* UTF-8, or "" */
	char name[TITLE_MAX];	/* the long one, UTF-8, or "" */
	const unsigned char *data;	/* NULL: none yet */
	size_t len;
	const unsigned char *message;	/* an Outlook message's stream */
	size_t message_len;
	uint32_t cp;		/* the stream's code page */
};

/* A string of the message's (its subject, its body): where it is. */
struct string {
	const unsigned char *v;	/* NULL: none */
	size_t n;
	int utf16;
};

struct reader {
	size_t room;		/* bytes that may still be given */
	int skipped;
	struct buf copy;	/* the bytes given, with their NUL */
	tnef_fn fn;
	void *arg;
	int text;		/* the message's text wanted, not yet given */
	struct string subject, body;
	uint32_t cp;		/* attOemCodepage's first, or 0 */
};

/* r->copy, within the room left, to fn. */
static void
give_copy(struct reader *r, enum tnef_kind kind, const char *name)
{
	size_t n = r->copy.len < r->room ? r->copy.len : r->room;
	int cut = n < r->copy.len;

	r->skipped += cut;
	buf_truncate(&r->copy, n);
	r->room -= n;
	r->fn(kind, name, r->copy.data, n, cut, r->arg);
}

/* Give the file read so far, and the message attached as it, if any;
 * start afresh. */
static void
give(struct reader *r, struct file *f)
{
	const char *name = f->name[0] ? f->name : f->title;

	if (f->data != NULL) {
		buf_reset(&r->copy);
		buf_add(&r->copy, (const char *)f->data, f->len);
		give_copy(r, TNEF_FILE, name);
	}
	if (f->message != NULL) {
		buf_reset(&r->copy);
		buf_add(&r->copy, (const char *)f->message, f->message_len);
		give_copy(r, TNEF_MESSAGE, name);
	}
	memset(f, 0, sizeof(*f));
	f->cp = r->cp;
}

/* Give the message's subject and body, when wanted, once: a line, a
 * blank line, the body. */
static void
give_text(struct reader *r)
{
	if (!r->text)
		return;
	r->text = 0;
	buf_reset(&r->copy);
	if (r->subject.v != NULL)
		(void)string_utf8(&r->copy, r->subject.v, r->subject.n,
		    r->subject.utf16, r->cp);
	if (r->body.v != NULL) {
		if (r->copy.len > 0)
			buf_addstr(&r->copy, "\n\n");
		(void)string_utf8(&r->copy, r->body.v, r->body.n,
		    r->body.utf16, r->cp);
	}
	if (r->copy.len > 0)
		give_copy(r, TNEF_TEXT, "");
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
	case PT_OBJECT: case PT_STRING8: case PT_UNICODE: case 0x0102:
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

/* One value of a MAPI property: its id, its type (without PT_MV), its
 * bytes. */
struct prop {
	uint32_t id, type;
	const unsigned char *v;
	size_t size;
};

typedef void (*prop_fn)(const struct prop *p, void *arg);

/* fn for each value of the MAPI properties v[0..n) (a count, then each
 * property's tag, its name when named, its values), as far as they go:
 * the properties breaking off or one of a type not known ends them.
 * Each step takes four bytes or more of v, or stops. */
static void
props_each(const unsigned char *v, size_t n, prop_fn fn, void *arg)
{
	size_t at = 4, i, j, count, vals, size;
	uint32_t tag, type;
	struct prop p;
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
			p = (struct prop){ tag >> 16, type & ~PT_MV, v + at,
			    size };
			fn(&p, arg);
			at = padded(at, size, n);
		}
	}
}

static int
is_string(const struct prop *p)
{
	return p->type == PT_STRING8 || p->type == PT_UNICODE;
}

/* An attachment's property: its long name (UTF-16 or the sender's
 * 8-bit code page, made UTF-8 and cut on a character at TITLE_MAX - 1
 * bytes), or the Outlook message it is (IID_IMessage, then the
 * message's own TNEF stream). */
static void
attach_prop(const struct prop *p, void *arg)
{
	struct file *f = arg;

	if (p->id == PR_LONG_NAME && is_string(p))
		utf8_name(p->v, p->size, p->type == PT_UNICODE, f->cp,
		    f->name);
	else if (p->id == PR_DATA_OBJ && p->type == PT_OBJECT &&
	    p->size >= sizeof(iid_imessage) &&
	    memcmp(p->v, iid_imessage, sizeof(iid_imessage)) == 0 &&
	    tnef_magic(p->v + sizeof(iid_imessage),
	    p->size - sizeof(iid_imessage))) {
		f->message = p->v + sizeof(iid_imessage);
		f->message_len = p->size - sizeof(iid_imessage);
	}
}

/* A message's property: its subject or its body, in place of the
 * attributes' (attMsgProps comes after them). */
static void
message_prop(const struct prop *p, void *arg)
{
	struct reader *r = arg;
	struct string s = { p->v, p->size, p->type == PT_UNICODE };

	if (p->id == PR_SUBJECT && is_string(p))
		r->subject = s;
	else if (p->id == PR_BODY && is_string(p))
		r->body = s;
}

/* A message-level attribute v[0..n) of id. */
static void
message_attr(struct reader *r, uint32_t id, const unsigned char *v,
    size_t n)
{
	struct string s = { v, n, 0 };

	if (id == ATT_CODEPAGE && n >= 4)
		r->cp = le32(v);
	else if (id == ATT_SUBJECT)
		r->subject = s;
	else if (id == ATT_BODY)
		r->body = s;
	else if (id == ATT_MSG_PROPS)
		props_each(v, n, message_prop, r);
}

int
tnef_each(const void *data, size_t len, size_t max, int flags, tnef_fn fn,
    void *arg)
{
	const unsigned char *p = data, *v;
	struct reader r = { max, 0, BUF_INIT, fn, arg,
	    (flags & TNEF_BODY) != 0, { NULL, 0, 0 }, { NULL, 0, 0 }, 0 };
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
		if (level == LVL_MESSAGE) {
			message_attr(&r, id, v, n);
		} else if (level != LVL_ATTACHMENT) {
			continue;
		} else if (id == ATT_RENDDATA) {
			give_text(&r);	/* the message's attributes end */
			give(&r, &f);
		} else if (id == ATT_TITLE) {	/* 8-bit, to its NUL */
			utf8_name(v, n, 0, f.cp, f.title);
		} else if (id == ATT_DATA) {
			if (f.data != NULL)	/* a second: a file too */
				give(&r, &f);
			f.data = v;
			f.len = n;
		} else if (id == ATT_PROPS) {
			props_each(v, n, attach_prop, &f);
		}
	}
	give_text(&r);
	give(&r, &f);
	buf_release(&r.copy);
	return r.skipped;
}

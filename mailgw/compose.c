#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/base64.h>

#include "addr.h"
#include "buf.h"
#include "compose.h"
#include "err.h"
#include "xmalloc.h"

#define LINE_MAX_LEN 76

struct attachment {
	char *filename, *type;
	struct buf data;
};

struct compose {
	struct buf header;	/* rendered header fields, CRLF */
	struct buf text;
	struct attachment *att;
	size_t natt;
	char boundary[64];
};

static void
random_hex(char *out, size_t bytes)
{
	static const char xd[] = "0123456789abcdef";
	unsigned char r[32];
	size_t i;

	if (bytes > sizeof(r))
		bytes = sizeof(r);
	if (getrandom(r, bytes, 0) != (ssize_t)bytes)
		abort();	/* the kernel's CSPRNG does not fail */
	for (i = 0; i < bytes; i++) {
		out[2 * i] = xd[r[i] >> 4];
		out[2 * i + 1] = xd[r[i] & 0xf];
	}
	out[2 * bytes] = '\0';
}

struct compose *
compose_new(void)
{
	struct compose *c = xcalloc(1, sizeof(*c));
	char r[33];

	buf_init(&c->header, 0);
	buf_init(&c->text, 0);
	random_hex(r, 12);
	snprintf(c->boundary, sizeof(c->boundary), "=_mailgw_%s", r);
	return c;
}

void
compose_free(struct compose *c)
{
	size_t i;

	if (c == NULL)
		return;
	buf_release(&c->header);
	buf_release(&c->text);
	for (i = 0; i < c->natt; i++) {
		free(c->att[i].filename);
		free(c->att[i].type);
		buf_release(&c->att[i].data);
	}
	free(c->att);
	free(c);
}

/* Printable text for a header: controls (CR and LF too) become spaces. */
static char *
header_text(const char *v)
{
	char *out = xstrdup(v), *p;

	for (p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

/* A word no fold can shorten: such words are encoded, in pieces, so that
 * no line passes RFC 5322's 998 octets (or its 78 where it can help). */
#define LONG_WORD 76

static int
needs_encoding(const char *s)
{
	const unsigned char *p;
	size_t w = 0;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80)
			return 1;
		w = *p == ' ' ? 0 : w + 1;
		if (w > LONG_WORD)
			return 1;
	}
	return strstr(s, "=?") != NULL;
}

/* Append s as RFC 2047 B words of at most 45 bytes each (60 characters
 * of base64), cut on UTF-8 character boundaries, folded. */
static void
encode_words(struct buf *out, const char *s, size_t *col)
{
	size_t n = strlen(s);

	while (n > 0) {
		char b64[BASE64_ENCODE_RAW_LENGTH(45) + 1];
		size_t take = n > 45 ? 45 : n;

		while (take < n && take > 0 &&
		    ((unsigned char)s[take] & 0xc0) == 0x80)
			take--;
		/* After a blank when one is near: a reader that does not
		 * join adjacent words (RFC 2047 6.2) still sees whole ones. */
		if (take < n) {
			size_t k;

			for (k = take; k > take - 15 && s[k - 1] != ' '; k--)
				;
			if (s[k - 1] == ' ')
				take = k;
		}
		base64_encode_raw(b64, take, (const uint8_t *)s);
		b64[BASE64_ENCODE_RAW_LENGTH(take)] = '\0';
		if (*col + strlen(b64) + 12 > LINE_MAX_LEN) {
			buf_addstr(out, "\r\n ");
			*col = 1;
		} else if (*col > 0 && out->len && out->data[out->len - 1] != ' ') {
			buf_addch(out, ' ');
			(*col)++;
		}
		buf_addf(out, "=?UTF-8?B?%s?=", b64);
		*col += strlen(b64) + 12;
		s += take;
		n -= take;
	}
}

/* Append ASCII words, folding before a word that would pass column 78. */
static void
fold_words(struct buf *out, const char *s, size_t *col)
{
	const char *p = s;

	while (*p) {
		size_t sp = strspn(p, " "), w = strcspn(p + sp, " ");

		if (*col + sp + w > 78 && *col > 1 && w > 0) {
			buf_addstr(out, "\r\n ");
			*col = 1;
			p += sp;
			sp = 0;
		}
		buf_add(out, p, sp + w);
		*col += sp + w;
		p += sp + w;
	}
}

static int
word_needs_encoding(const char *s, size_t n)
{
	size_t i;

	if (n > LONG_WORD)
		return 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return 1;
	return 0;
}

/* Where the first word that needs encoding starts. */
static size_t
plain_prefix(const char *v)
{
	const char *p = v;

	while (*p) {
		size_t w;

		p += strspn(p, " ");
		w = strcspn(p, " ");
		if (word_needs_encoding(p, w))
			return (size_t)(p - v);
		p += w;
	}
	return (size_t)(p - v);
}

void
compose_header(struct compose *c, const char *name, const char *value)
{
	char *v = header_text(value);
	size_t col = strlen(name) + 2, split;

	buf_addf(&c->header, "%s: ", name);
	if (!needs_encoding(v)) {
		fold_words(&c->header, v, &col);
	} else {
		/* Plain ASCII words first (our tags stay readable), then
		 * encoded words from the first word that needs them. */
		split = plain_prefix(v);
		if (split > 0) {
			v[split - 1] = '\0';
			fold_words(&c->header, v, &col);
		}
		encode_words(&c->header, v + split, &col);
	}
	buf_addstr(&c->header, "\r\n");
	free(v);
}

int
compose_address(struct compose *c, const char *name, const char *display,
    const char *addr, struct errbuf *e)
{
	char *d = display ? header_text(display) : NULL, *p;
	size_t col = strlen(name) + 2;

	if (!addr_valid(addr)) {
		free(d);
		return err_set(e, ST_DATA, "compose: %s: not an address we "
		    "send to: '%s'", name, addr);
	}
	buf_addf(&c->header, "%s: ", name);
	/* A quoted-string is not folded here: a long name is encoded. */
	if (d && *d && (needs_encoding(d) || strlen(d) > 60)) {
		encode_words(&c->header, d, &col);
		buf_addch(&c->header, ' ');
	} else if (d && *d) {
		buf_addch(&c->header, '"');
		for (p = d; *p; p++) {	/* a quoted-string */
			if (*p == '"' || *p == '\\')
				buf_addch(&c->header, '\\');
			buf_addch(&c->header, *p);
		}
		buf_addstr(&c->header, "\" ");
	}
	buf_addf(&c->header, "<%s>\r\n", addr);
	free(d);
	return 0;
}

void
compose_ids(struct compose *c, const char *name, const char *const *ids,
    size_t n)
{
	size_t i, col = strlen(name) + 2, shown = 0;

	for (i = 0; i < n; i++) {
		const char *id = ids[i];

		if (id == NULL || *id == '\0' || strlen(id) > 250 ||
		    strpbrk(id, "<> \t\r\n") || !strchr(id, '@'))
			continue;
		if (shown++ == 0)
			buf_addf(&c->header, "%s:", name);
		if (col + strlen(id) + 3 > 78 && shown > 1) {
			buf_addstr(&c->header, "\r\n");
			col = 0;
		}
		buf_addf(&c->header, " <%s>", id);
		col += strlen(id) + 3;
	}
	if (shown)
		buf_addstr(&c->header, "\r\n");
}

void
compose_text(struct compose *c, const char *text)
{
	buf_reset(&c->text);
	buf_addstr(&c->text, text);
}

void
compose_attach(struct compose *c, const char *filename,
    const char *content_type, const void *data, size_t len)
{
	struct attachment *a;
	char *p;

	c->att = xreallocarray(c->att, c->natt + 1, sizeof(*c->att));
	a = &c->att[c->natt++];
	a->filename = header_text(filename);
	for (p = a->filename; *p; p++)
		if (*p == '/' || *p == '\\' || *p == '"')
			*p = '_';
	a->type = header_text(content_type);
	buf_init(&a->data, 0);
	buf_add(&a->data, data, len);
}

/* Quoted-printable (RFC 2045) of UTF-8 text, CRLF line ends: lines of
 * at most 76 characters, trailing blanks encoded, and "From " and a lone
 * "." at a line's start encoded, so that no MTA alters a signed body. */
static void
quoted_printable(struct buf *out, const char *s, size_t n)
{
	static const char xd[] = "0123456789ABCDEF";
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int eol = i + 1 == n || s[i + 1] == '\n' ||
		    (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');
		int literal;

		if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (ch == '\n') {
			buf_addstr(out, "\r\n");
			col = 0;
			continue;
		}
		literal = (ch >= 33 && ch <= 126 && ch != '=') ||
		    ((ch == ' ' || ch == '\t') && !eol);
		if (col == 0 && ((ch == 'F' && n - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0) || (ch == '.' && eol)))
			literal = 0;
		if (col + (literal ? 1 : 3) > LINE_MAX_LEN - 1) {
			buf_addstr(out, "=\r\n");
			col = 0;
		}
		if (literal) {
			buf_addch(out, ch);
			col++;
		} else {
			buf_addch(out, '=');
			buf_addch(out, xd[ch >> 4]);
			buf_addch(out, xd[ch & 0xf]);
			col += 3;
		}
	}
	if (col > 0)
		buf_addstr(out, "\r\n");
}

static void
base64_lines(struct buf *out, const struct buf *data)
{
	size_t i;

	for (i = 0; i < data->len; i += 57) {
		char line[BASE64_ENCODE_RAW_LENGTH(57) + 1];
		size_t n = data->len - i < 57 ? data->len - i : 57;

		base64_encode_raw(line, n, (const uint8_t *)data->data + i);
		buf_add(out, line, BASE64_ENCODE_RAW_LENGTH(n));
		buf_addstr(out, "\r\n");
	}
}

/* Armored text with CRLF line ends and no final line end. */
static void
crlf_lines(struct buf *out, const char *s, size_t n)
{
	size_t i;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (i = 0; i < n; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] == '\n')
			buf_addch(out, '\r');
		buf_addch(out, s[i]);
	}
}

static void
text_entity(const struct compose *c, struct buf *out)
{
	buf_addstr(out, "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	quoted_printable(out, c->text.data, c->text.len);
}

void
compose_entity(const struct compose *c, struct buf *out)
{
	size_t i;

	if (c->natt == 0) {
		text_entity(c, out);
		return;
	}
	buf_addf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n",
	    c->boundary);
	buf_addf(out, "--%s\r\n", c->boundary);
	text_entity(c, out);
	for (i = 0; i < c->natt; i++) {
		const struct attachment *a = &c->att[i];

		buf_addf(out, "--%s\r\nContent-Type: %s\r\n"
		    "Content-Disposition: attachment; filename=\"%s\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", c->boundary,
		    a->type, a->filename);
		base64_lines(out, &a->data);
	}
	buf_addf(out, "--%s--\r\n", c->boundary);
}

void
compose_render(const struct compose *c, struct buf *out)
{
	buf_add(out, c->header.data, c->header.len);
	buf_addstr(out, "MIME-Version: 1.0\r\n");
	compose_entity(c, out);
}

/* The header and the opening of a multipart of ours: its boundary. */
static void
multipart_head(const struct compose *c, struct buf *out, const char *kind,
    const char *params, const char *preamble, char boundary[64])
{
	char r[25];

	random_hex(r, 12);
	snprintf(boundary, 64, "=_mailgw_%s_%s", kind, r);
	buf_add(out, c->header.data, c->header.len);
	buf_addf(out, "MIME-Version: 1.0\r\nContent-Type: multipart/%s;%s\r\n"
	    " boundary=\"%s\"\r\n\r\n%s\r\n--%s\r\n", kind, params,
	    boundary, preamble, boundary);
}

void
compose_render_signed(const struct compose *c, const struct buf *entity,
    const struct buf *sig, const char *micalg, struct buf *out)
{
	char b[64], params[64];

	snprintf(params, sizeof(params), " micalg=%s;\r\n "
	    "protocol=\"application/pgp-signature\";", micalg);
	multipart_head(c, out, "signed", params, "This is an OpenPGP/MIME "
	    "signed message (RFC 3156).", b);
	buf_add(out, entity->data, entity->len);
	buf_addf(out, "\r\n--%s\r\nContent-Type: application/pgp-signature; "
	    "name=\"signature.asc\"\r\nContent-Description: OpenPGP "
	    "digital signature\r\nContent-Disposition: attachment; "
	    "filename=\"signature.asc\"\r\n\r\n", b);
	crlf_lines(out, sig->data, sig->len);
	buf_addf(out, "\r\n--%s--\r\n", b);
}

void
compose_render_encrypted(const struct compose *c, const struct buf *armored,
    struct buf *out)
{
	char b[64];

	multipart_head(c, out, "encrypted", "\r\n "
	    "protocol=\"application/pgp-encrypted\";", "This is an "
	    "OpenPGP/MIME encrypted message (RFC 3156).", b);
	buf_addf(out, "Content-Type: application/pgp-encrypted\r\n"
	    "Content-Description: PGP/MIME version identification\r\n\r\n"
	    "Version: 1\r\n\r\n--%s\r\nContent-Type: "
	    "application/octet-stream; name=\"encrypted.asc\"\r\n"
	    "Content-Description: OpenPGP encrypted message\r\n"
	    "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
	    "\r\n", b);
	crlf_lines(out, armored->data, armored->len);
	buf_addf(out, "\r\n--%s--\r\n", b);
}

char *
compose_message_id(const char *domain)
{
	char r[49];

	random_hex(r, 16);
	return xasprintf("%s@%s", r, domain);
}

void
compose_date(time_t t, char out[64])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 64, "%a, %d %b %Y %H:%M:%S %z", &tm);
}

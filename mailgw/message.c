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
#include "message.h"
#include "xmalloc.h"

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
	char *message_id, *in_reply_to, *date;
	char **refs;
	size_t nrefs;
	struct buf problem;
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
 * control characters go. s must be valid UTF-8. */
static char *
strip_controls(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\t' || c == '\r' || c == '\n')
			out[o++] = ' ';
		else if (c >= 0x20 && c != 0x7f)
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
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
	}
	if (ml)
		mailimf_mailbox_list_free(ml);
	if (count_header(m, "From") > 1)
		add_problem(m, "more than one From header");
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
	int off;

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
	off = (dt->dt_zone / 100) * 3600 + (dt->dt_zone % 100) * 60;
	mailimf_date_time_free(dt);
	if (tm.tm_year < 0 || tm.tm_year > 8099 || tm.tm_mon < 0 ||
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

struct message *
message_parse(const char *raw, size_t len)
{
	struct message *m = xcalloc(1, sizeof(*m));
	const char *problem = NULL;
	const char *subject;

	buf_init(&m->problem, 0);
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
	return m;
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

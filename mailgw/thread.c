#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "err.h"
#include "message.h"
#include "store.h"
#include "thread.h"
#include "xmalloc.h"

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Match "[TAG #N]" at p; on success *end is just past it. */
static int
tag_at(const char *p, const char *tag, int64_t *id, const char **end)
{
	size_t taglen = strlen(tag);
	int64_t v = 0;
	int digits = 0;

	if (*p++ != '[')
		return 0;
	p = skip_blanks(p);
	if (strncasecmp(p, tag, taglen) != 0)
		return 0;
	p = skip_blanks(p + taglen);
	if (*p++ != '#')
		return 0;
	p = skip_blanks(p);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 15)
			return 0;
		v = v * 10 + (*p - '0');
	}
	p = skip_blanks(p);
	if (digits == 0 || v == 0 || *p != ']')
		return 0;
	*id = v;
	*end = p + 1;
	return 1;
}

int
thread_tag_find(const char *subject, const char *tag, int64_t *id)
{
	const char *p, *end;

	for (p = strchr(subject, '['); p; p = strchr(p + 1, '['))
		if (tag_at(p, tag, id, &end))
			return 1;
	return 0;
}

/* Length of a reply or forward prefix at p ("Re:", "AW:", "Re[2]:",
 * "回复："), 0 when there is none. */
static size_t
reply_prefix(const char *p)
{
	static const char *const words[] = {
		"re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "tr", "rif",
		"ref", "res", "enc", "odp", "vl",
		"\xe5\x9b\x9e\xe5\xa4\x8d",	/* 回复 */
		"\xe7\xad\x94\xe5\xa4\x8d",	/* 答复 */
		"\xe8\xbd\xac\xe5\x8f\x91",	/* 转发 */
		"\xe5\x9b\x9e\xe8\xa6\x86",	/* 回覆 */
		"\xe7\xad\x94\xe8\xa6\x86",	/* 答覆 */
		"\xe8\xbd\x89\xe7\x99\xbc",	/* 轉發 */
		"\xe8\xbd\x89\xe5\xaf\x84",	/* 轉寄 */
		NULL,
	};
	const char *q;
	size_t i, n;

	for (i = 0; words[i]; i++) {
		n = strlen(words[i]);
		if (strncasecmp(p, words[i], n) != 0)
			continue;
		q = skip_blanks(p + n);
		if (*q == '[' || *q == '(') {	/* Re[2]: */
			const char *close = q + strspn(q + 1, "0123456789") + 1;

			if (*close == ']' || *close == ')')
				q = skip_blanks(close + 1);
		}
		if (*q == ':')
			return (size_t)(q + 1 - p);
		if (strncmp(q, "\xef\xbc\x9a", 3) == 0)	/* full-width colon */
			return (size_t)(q + 3 - p);
	}
	return 0;
}

/* p with runs of blanks made one space, and none at either end. Caller
 * frees. */
static char *
collapse_blanks(const char *p)
{
	struct buf out = BUF_INIT;
	int blank = 0;

	for (; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			blank = 1;
			continue;
		}
		if (blank && out.len)
			buf_addch(&out, ' ');
		blank = 0;
		buf_addch(&out, *p);
	}
	return buf_detach(&out, NULL);
}

char *
thread_subject_clean(const char *subject, const char *tag)
{
	struct buf b = BUF_INIT;
	const char *p = subject, *end;
	int64_t id;
	size_t n;
	char *out;

	/* Our tags go wherever they are. */
	while (*p) {
		if (*p == '[' && tag_at(p, tag, &id, &end)) {
			buf_addch(&b, ' ');
			p = end;
		} else {
			buf_addch(&b, *p++);
		}
	}
	/* Then reply prefixes at the front, as many as there are. */
	p = skip_blanks(b.data);
	while ((n = reply_prefix(p)) != 0)
		p = skip_blanks(p + n);
	out = collapse_blanks(p);
	buf_release(&b);
	return out;
}

const char *
thread_how_name(enum thread_how how)
{
	switch (how) {
	case THREAD_TAG:
		return "tag";
	case THREAD_IN_REPLY_TO:
		return "in-reply-to";
	case THREAD_REFERENCES:
		return "references";
	case THREAD_PARTNER_REF:
		return "partner-ref";
	case THREAD_TOKEN:
		return "token";
	case THREAD_NEW:
		break;
	}
	return "new";
}

/* The reference re finds in subject: its first group, else the match. */
static int
match_re(const regex_t *re, const char *subject, char **ref)
{
	regmatch_t match[2];
	int g;
	size_t n;

	if (regexec(re, subject, 2, match, 0) != 0)
		return 0;
	g = re->re_nsub >= 1 && match[1].rm_so >= 0 ? 1 : 0;
	n = (size_t)(match[g].rm_eo - match[g].rm_so);
	if (n == 0 || n > 200)
		return 0;
	*ref = xstrndup(subject + match[g].rm_so, n);
	return 1;
}

int
thread_ref_match(const char *subject, const char *pattern, char **ref)
{
	regex_t re;
	int rc;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE) != 0)
		return -1;
	rc = match_re(&re, subject, ref);
	regfree(&re);
	return rc;
}

/* subject without the match of re when it stands in brackets. */
static char *
strip_re(const char *subject, const regex_t *re)
{
	regmatch_t match[1];
	size_t start, end, n = strlen(subject);
	struct buf b = BUF_INIT;
	char *out;

	if (regexec(re, subject, 1, match, 0) != 0)
		return xstrdup(subject);
	start = (size_t)match[0].rm_so;
	end = (size_t)match[0].rm_eo;
	if (subject[start] != '[' && start > 0 && subject[start - 1] == '[' &&
	    end < n && subject[end] == ']') {
		start--;
		end++;
	}
	if (subject[start] != '[' || end == 0 || subject[end - 1] != ']')
		return xstrdup(subject);
	buf_add(&b, subject, start);
	buf_add(&b, subject + end, n - end);
	out = collapse_blanks(b.data);
	buf_release(&b);
	return out;
}

char *
thread_subject_strip_ref(const char *subject, const char *pattern)
{
	regex_t re;
	char *out;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE) != 0)
		return xstrdup(subject);
	out = strip_re(subject, &re);
	regfree(&re);
	return out;
}

struct pattern {
	int64_t partner;
	regex_t re;
};

struct thread {
	struct store *s;
	char *tag;
	struct pattern *p;
	size_t n;
};

static int
add_pattern(int64_t id, const char *pattern, void *arg)
{
	struct thread *t = arg;

	t->p = xreallocarray(t->p, t->n + 1, sizeof(*t->p));
	if (regcomp(&t->p[t->n].re, pattern, REG_EXTENDED | REG_ICASE) != 0)
		return 0;	/* checked at partner add; a bad one is skipped */
	t->p[t->n++].partner = id;
	return 0;
}

int
thread_open(struct thread **out, struct store *s, const char *tag,
    struct errbuf *e)
{
	struct thread *t = xcalloc(1, sizeof(*t));

	t->s = s;
	t->tag = xstrdup(tag);
	if (store_partner_patterns(s, add_pattern, t, e) < 0) {
		thread_close(t);
		return -1;
	}
	*out = t;
	return 0;
}

void
thread_close(struct thread *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		regfree(&t->p[i].re);
	free(t->p);
	free(t->tag);
	free(t);
}

/* Rule 3: a partner's reference in the subject, mapped to a ticket. */
static int
find_by_ref(struct thread *t, const char *subject, int64_t *ticket,
    struct errbuf *e)
{
	size_t i;
	char *ref;
	int rc = 0;

	for (i = 0; rc == 0 && i < t->n; i++) {
		if (!match_re(&t->p[i].re, subject, &ref))
			continue;
		rc = store_partner_ref_ticket(t->s, t->p[i].partner, ref,
		    ticket, e);
		free(ref);
	}
	return rc;
}

char *
thread_ticket_subject(struct thread *t, const struct message *m)
{
	char *subject = thread_subject_clean(message_subject(m), t->tag), *next;
	size_t i;

	for (i = 0; i < t->n; i++) {
		next = strip_re(subject, &t->p[i].re);
		free(subject);
		subject = next;
	}
	return subject;
}

int
thread_record_ref(struct thread *t, const struct message *m, int64_t ticket,
    int64_t message, struct errbuf *e)
{
	int64_t partner;
	size_t i;
	char *ref;
	int rc;

	if (t->n == 0)
		return 0;
	rc = store_correspondent_by_address(t->s, "partner",
	    message_from_addr(m), &partner, e);
	for (i = 0; rc > 0 && i < t->n; i++) {
		if (t->p[i].partner != partner ||
		    !match_re(&t->p[i].re, message_subject(m), &ref))
			continue;
		rc = store_partner_ref_add(t->s, partner, ref, ticket, message,
		    e) < 0 ? -1 : 1;
		free(ref);
	}
	return rc < 0 ? -1 : 0;
}

/* A merged ticket's mail goes to the ticket it was merged into. */
static int
follow_merges(struct thread *t, int64_t *ticket, struct errbuf *e)
{
	int64_t into;
	int hops, rc;

	for (hops = 0; hops < 16; hops++) {
		if ((rc = store_ticket_merged_into(t->s, *ticket, &into, e)) <= 0)
			return rc < 0 ? -1 : 1;
		*ticket = into;
	}
	return 1;
}

int
thread_find(struct thread *t, const struct message *m, int64_t *ticket,
    enum thread_how *how, struct errbuf *e)
{
	char status[16];
	size_t i;
	int rc;

	*how = THREAD_NEW;
	if (thread_tag_find(message_subject(m), t->tag, ticket)) {
		rc = store_ticket_status(t->s, *ticket, status, sizeof(status),
		    e);
		if (rc != 0) {
			*how = THREAD_TAG;
			return rc < 0 ? rc : follow_merges(t, ticket, e);
		}
	}
	rc = store_ticket_by_message_id(t->s, message_in_reply_to(m), ticket, e);
	if (rc != 0) {
		*how = THREAD_IN_REPLY_TO;
		return rc;
	}
	for (i = message_references_count(m); i > 0; i--) {
		rc = store_ticket_by_message_id(t->s,
		    message_reference(m, i - 1), ticket, e);
		if (rc != 0) {
			*how = THREAD_REFERENCES;
			return rc;
		}
	}
	rc = find_by_ref(t, message_subject(m), ticket, e);
	if (rc != 0)
		*how = THREAD_PARTNER_REF;
	return rc;
}

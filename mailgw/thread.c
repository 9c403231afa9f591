#include "config.h"

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

char *
thread_subject_clean(const char *subject, const char *tag)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	const char *p = subject, *end;
	int64_t id;
	size_t n;
	int blank = 0;

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
	buf_release(&b);
	return buf_detach(&out, NULL);
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
	case THREAD_NEW:
		break;
	}
	return "new";
}

int
thread_find(struct store *s, const struct message *m, const char *tag,
    int64_t *ticket, enum thread_how *how, struct errbuf *e)
{
	char status[16];
	size_t i;
	int rc;

	*how = THREAD_NEW;
	if (thread_tag_find(message_subject(m), tag, ticket)) {
		rc = store_ticket_status(s, *ticket, status, sizeof(status), e);
		if (rc != 0) {
			*how = THREAD_TAG;
			return rc;
		}
	}
	rc = store_ticket_by_message_id(s, message_in_reply_to(m), ticket, e);
	if (rc != 0) {
		*how = THREAD_IN_REPLY_TO;
		return rc;
	}
	for (i = message_references_count(m); i > 0; i--) {
		rc = store_ticket_by_message_id(s, message_reference(m, i - 1),
		    ticket, e);
		if (rc != 0) {
			*how = THREAD_REFERENCES;
			return rc;
		}
	}
	return 0;
}

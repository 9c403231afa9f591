/*
 * Acknowledging a new report. Whether to answer at all is decided first
 * (loop.c's rules, then: no reply to staff, and at most ack_daily_limit
 * automatic replies per sender per day); then the reply is composed from
 * the ack template, in Chinese when the report is, stored as an outgoing
 * message of the ticket (so that replies to it thread) and queued.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "ack.h"
#include "addr.h"
#include "buf.h"
#include "compose.h"
#include "conf.h"
#include "digest.h"
#include "err.h"
#include "letter.h"
#include "log.h"
#include "loop.h"
#include "message.h"
#include "pgp.h"
#include "store.h"
#include "xmalloc.h"

/* 1 when UTF-8 text holds CJK ideographs (U+3400..U+9FFF). */
static int
has_cjk(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xe3 && *p <= 0xe9 && (p[1] & 0xc0) == 0x80 &&
		    (*p > 0xe3 || p[1] >= 0x90))
			return 1;
	return 0;
}

static const char *
language_of(const struct message *m)
{
	size_t i;

	if (has_cjk(message_subject(m)))
		return "zh";
	for (i = 0; i < message_part_count(m); i++) {
		const char *text = message_part(m, i)->text;

		if (text && message_part(m, i)->kind != PART_ATTACHMENT &&
		    has_cjk(text))
			return "zh";
	}
	return "en";
}

static int
first_ref(const char *partner, const char *ref, void *arg)
{
	char **out = arg;

	if (*out == NULL)
		*out = xasprintf("%s\t%s", partner, ref);
	return 0;
}

static int
ticket_subject(const struct store_ticket *t, void *arg)
{
	char **out = arg;

	*out = xstrdup(t->subject);
	return 0;
}

/* Why no acknowledgement is due, or NULL. */
static const char *
refusal(struct store *s, const struct conf *conf, const struct message *m,
    const char *envelope_sender, struct errbuf *e, int *failed)
{
	const char *why = loop_refusal(m, envelope_sender, conf->address);
	int64_t id, n;
	int rc;

	*failed = 0;
	if (why)
		return why;
	if (!addr_valid(message_from_addr(m)))
		return "no address to answer";
	rc = store_correspondent_by_address(s, "staff", message_from_addr(m),
	    &id, e);
	if (rc != 0) {
		*failed = rc < 0;
		return "sender is staff";
	}
	if (store_outbox_recent(s, "ack", message_from_addr(m), &n, e) < 0) {
		*failed = 1;
		return "store";
	}
	if (n >= conf->ack_daily_limit)
		return "daily limit of automatic replies to this sender";
	return NULL;
}

/* The template's data. */
static json_t *
ack_data(const struct conf *conf, const struct message *m, int64_t ticket,
    const char *subject, const char *ref, const char *tags)
{
	char tag[64], *tab = ref ? strchr(ref, '\t') : NULL;

	snprintf(tag, sizeof(tag), "[%s #%" PRId64 "]", conf->tag, ticket);
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s}",
	    "tag", tag, "tags", tags, "ticket", (json_int_t)ticket,
	    "subject", subject, "from", message_from_addr(m),
	    "from_name", message_from_name(m), "desk_address", conf->address,
	    "partner", tab ? json_stringn(ref, (size_t)(tab - ref)) :
	    json_null(), "partner_ref", tab ? json_string(tab + 1) :
	    json_null(), "desk_tag", conf->tag);
}

/* Threading headers: In-Reply-To the report, References its chain. */
static void
thread_headers(struct compose *c, const struct message *m)
{
	size_t n = message_references_count(m), i;
	const char **refs = xreallocarray(NULL, n + 1, sizeof(*refs));
	const char *id = message_id(m);

	for (i = 0; i < n; i++)
		refs[i] = message_reference(m, i);
	refs[n] = id;
	compose_ids(c, "In-Reply-To", &id, 1);
	compose_ids(c, "References", refs, n + 1);
	free(refs);
}

/* Compose the reply; NULL (logged) when the template fails. */
static struct compose *
ack_compose(const struct conf *conf, const struct message *m, json_t *data,
    const char *tags, const char *msgid, const char *template,
    char **subject)
{
	struct compose *c = compose_new();
	struct errbuf e = { 0 };
	char date[64], *name = conf->name ? xstrdup(conf->name) :
	    xasprintf("%s incident desk", conf->tag);

	compose_date(time(NULL), date);
	compose_header(c, "Date", date);
	compose_address(c, "From", name, conf->address, &e);
	compose_address(c, "To", message_from_name(m), message_from_addr(m), &e);
	compose_ids(c, "Message-ID", &msgid, 1);
	thread_headers(c, m);
	compose_header(c, "Auto-Submitted", "auto-replied");
	compose_header(c, "X-Loop", conf->address);
	free(name);
	if (letter_compose(c, conf->templates, template, language_of(m), data,
	    tags, subject, &e) < 0) {
		log_warnx("receive: no %s: %s", strcmp(template, "ack") == 0 ?
		    "acknowledgement" : "reply", e.msg);
		compose_free(c);
		return NULL;
	}
	return c;
}

/* Store the composed reply on the ticket and queue it. */
static int
reply_store(struct store *s, const struct conf *conf, const struct message *m,
    int64_t ticket, struct compose *c, const char *msgid,
    const char *subject, const char *encrypt_to, const char *purpose,
    int64_t *outbox, struct errbuf *e)
{
	struct buf raw = BUF_INIT;
	char sha[DIGEST_HEX_LEN + 1], *detail, *action;
	struct store_message sm;
	int64_t id;
	int rc;

	if ((rc = letter_render(conf, NULL, c, encrypt_to, &raw, e)) != 0) {
		buf_release(&raw);
		if (rc < 0)
			return -1;
		action = xasprintf("%s.suppressed", purpose);
		rc = store_audit(s, ticket, "mailgw", action, encrypt_to ?
		    "the reply could not be signed and encrypted" :
		    "the reply could not be signed", e);
		free(action);
		return rc;
	}
	digest_sha256_hex(raw.data, raw.len, sha);
	sm = (struct store_message){ .ticket_id = ticket, .direction = "out",
	    .message_id = msgid, .content_sha256 = sha,
	    .recipient = message_from_addr(m), .from_addr = conf->address,
	    .from_name = "", .to = message_from_addr(m), .cc = "",
	    .subject = subject, .in_reply_to = message_id(m), .refs = "",
	    .raw = raw.data, .size = raw.len };
	rc = store_message_add(s, &sm, &id, e);
	if (rc == 0)
		rc = store_outbox_add(s, id, purpose, conf->address,
		    message_from_addr(m), outbox, e);
	if (rc == 0) {
		detail = xasprintf("%s <%s> to %s queued", strcmp(purpose,
		    "ack") == 0 ? "acknowledgement" : purpose, msgid,
		    message_from_addr(m));
		action = xasprintf("%s.queued", purpose);
		rc = store_audit(s, ticket, "mailgw", action, detail, e);
		free(action);
		free(detail);
	}
	buf_release(&raw);
	return rc;
}

int
ack_queue(struct store *s, const struct conf *conf, const struct message *m,
    int64_t ticket, const char *envelope_sender, const char *encrypt_to,
    int64_t *outbox, struct errbuf *e)
{
	char *ref = NULL, *subject = NULL, *final = NULL, *tags, *msgid, *domain;
	const char *why;
	struct compose *c;
	json_t *data;
	int failed, rc = 0;

	*outbox = 0;
	if (!conf->ack)
		return 0;
	if ((why = refusal(s, conf, m, envelope_sender, e, &failed)) != NULL) {
		if (failed)
			return -1;
		log_info("receive: no acknowledgement: %s", why);
		return store_audit(s, ticket, "mailgw", "ack.suppressed", why, e);
	}
	if (store_ticket_partner_refs(s, ticket, first_ref, &ref, e) < 0 ||
	    store_ticket_get(s, ticket, ticket_subject, &subject, e) < 0) {
		free(ref);
		return -1;
	}
	tags = ref ? xasprintf("[%s #%" PRId64 "] [%s]", conf->tag, ticket,
	    strchr(ref, '\t') + 1) : xasprintf("[%s #%" PRId64 "]", conf->tag,
	    ticket);
	domain = strrchr(conf->address, '@') + 1;
	msgid = compose_message_id(domain);
	data = ack_data(conf, m, ticket, subject ? subject : "", ref, tags);
	if ((c = ack_compose(conf, m, data, tags, msgid, "ack", &final)) != NULL)
		rc = reply_store(s, conf, m, ticket, c, msgid, final, encrypt_to,
		    "ack", outbox, e);
	compose_free(c);
	json_decref(data);
	free(final);
	free(msgid);
	free(tags);
	free(subject);
	free(ref);
	return rc;
}

int
ack_command_errors(struct store *s, const struct conf *conf,
    const struct message *m, int64_t ticket, const char *envelope_sender,
    const struct ack_error *errors, size_t n, int64_t *outbox,
    struct errbuf *e)
{
	const char *why = loop_refusal(m, envelope_sender, conf->address);
	char tag[64], *subject = NULL, *final = NULL, *msgid, *detail;
	struct compose *c;
	json_t *data, *list;
	int64_t sent;
	size_t i;
	int rc = 0;

	*outbox = 0;
	if (why == NULL && !addr_valid(message_from_addr(m)))
		why = "no address to answer";
	if (why == NULL) {
		if (store_outbox_recent(s, "reply", message_from_addr(m), &sent,
		    e) < 0)
			return -1;
		if (sent >= conf->ack_daily_limit)
			why = "daily limit of automatic replies to this sender";
	}
	if (why) {
		detail = xasprintf("no reply on %zu bad command(s): %s", n, why);
		log_info("receive: %s", detail);
		rc = store_audit(s, ticket, "mailgw", "reply.suppressed", detail,
		    e);
		free(detail);
		return rc;
	}
	if (store_ticket_get(s, ticket, ticket_subject, &subject, e) < 0)
		return -1;
	snprintf(tag, sizeof(tag), "[%s #%" PRId64 "]", conf->tag, ticket);
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "line",
		    errors[i].line, "why", errors[i].why));
	data = json_pack("{s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s}", "tag", tag,
	    "tags", tag, "ticket", (json_int_t)ticket, "subject",
	    subject ? subject : "", "from", message_from_addr(m), "errors",
	    list, "desk_address", conf->address, "desk_tag", conf->tag);
	msgid = compose_message_id(strrchr(conf->address, '@') + 1);
	if ((c = ack_compose(conf, m, data, tag, msgid, "command-error",
	    &final)) != NULL)
		rc = reply_store(s, conf, m, ticket, c, msgid, final, NULL,
		    "reply", outbox, e);
	compose_free(c);
	json_decref(data);
	free(final);
	free(msgid);
	free(subject);
	return rc;
}

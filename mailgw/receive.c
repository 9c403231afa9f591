/*
 * What an incoming message becomes. The message is parsed (a message we
 * cannot parse is still stored, with its problem noted), threaded into a
 * ticket, and stored with everything read from it in one transaction.
 * The same message delivered twice is stored once: the key is the
 * Message-ID with a digest of the message without its trace fields.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "ack.h"
#include "buf.h"
#include "conf.h"
#include "csvreport.h"
#include "digest.h"
#include "err.h"
#include "filetype.h"
#include "ioc.h"
#include "log.h"
#include "mailcmd.h"
#include "message.h"
#include "notify.h"
#include "pgp.h"
#include "receive.h"
#include "report.h"
#include "store.h"
#include "thread.h"
#include "trust.h"
#include "xmalloc.h"

#define MAX_RECIPIENT_LEN 320

/* A recipient is kept only when it looks like one address: printable,
 * no white space, bounded. */
static int
recipient_ok(const char *r)
{
	size_t i, n = strlen(r);

	if (n == 0 || n > MAX_RECIPIENT_LEN || strchr(r, '@') == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)r[i] <= ' ' || r[i] == 0x7f ||
		    r[i] == '<' || r[i] == '>')
			return 0;
	return 1;
}

/* The original envelope recipient: --recipient, else what Postfix's pipe
 * exports, else the trace fields the MTA added. */
static const char *
find_recipient(const char *opt, const struct message *m)
{
	const char *cand[] = {
		opt, getenv("ORIGINAL_RECIPIENT"), getenv("RECIPIENT"),
		message_header(m, "Delivered-To"),
		message_header(m, "X-Original-To"),
	};
	size_t i;

	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		if (cand[i] == NULL || cand[i][0] == '\0')
			continue;
		if (recipient_ok(cand[i]))
			return cand[i];
		log_warnx("receive: ignoring malformed recipient");
	}
	return "";
}

/* References as one space-separated string. Caller frees. */
static char *
join_references(const struct message *m)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < message_references_count(m); i++) {
		if (i)
			buf_addch(&b, ' ');
		buf_addstr(&b, message_reference(m, i));
	}
	return buf_detach(&b, NULL);
}

/* A reply to a notification of ours: its envelope recipient carries
 * the notification's token (cert+TOKEN@domain). 1 with the ticket and
 * the notification, 0 when it does not. */
static int
token_ticket(struct store *s, const struct conf *conf, const char *recipient,
    int64_t *ticket, int64_t *notification, struct errbuf *e)
{
	const char *at = strrchr(conf->address, '@'), *tok, *rat;
	char token[64];
	size_t n;

	if (recipient == NULL || (tok = notify_token_of(recipient, &n)) == NULL ||
	    n >= sizeof(token) || (rat = strrchr(recipient, '@')) == NULL ||
	    strcasecmp(rat, at) != 0 || (size_t)(tok - 1 - recipient) !=
	    (size_t)(at - conf->address) ||
	    strncasecmp(recipient, conf->address, (size_t)(at - conf->address))
	    != 0)
		return 0;
	memcpy(token, tok, n);
	token[n] = '\0';
	return store_notification_by_token(s, token, notification, ticket, e);
}

/* Whether two addresses are one organisation's: the same domain, or one
 * a subdomain of the other (abuse@ and a ticket system's noc@x.abuse.). */
static int
same_organisation(const char *a, const char *b)
{
	const char *da = strrchr(a, '@'), *db = strrchr(b, '@');
	size_t la, lb;

	if (da == NULL || db == NULL)
		return 0;
	da++;
	db++;
	la = strlen(da);
	lb = strlen(db);
	if (la < lb) {
		const char *t = da;
		size_t n = la;

		da = db;
		db = t;
		la = lb;
		lb = n;
	}
	return strcasecmp(da + la - lb, db) == 0 &&
	    (la == lb || da[la - lb - 1] == '.');
}

/* A reply without the token that names a notification of ours in
 * In-Reply-To or References, from the notified organisation: that
 * notification (0 when none). */
static int
notification_referenced(struct store *s, const struct message *m,
    int64_t *notification, struct errbuf *e)
{
	const char *from = message_from_addr(m), *ref;
	size_t i, n = message_references_count(m);
	char *address = NULL;
	int64_t id;
	int rc;

	*notification = 0;
	if (from == NULL)
		return 0;
	for (i = 0; i <= n; i++) {
		ref = i == 0 ? message_in_reply_to(m) :
		    message_reference(m, n - i);	/* the newest first */
		if (ref == NULL)
			continue;
		if ((rc = store_notification_by_msgid(s, ref, &id, &address,
		    e)) < 0)
			return -1;
		if (rc > 0 && same_organisation(from, address)) {
			free(address);
			*notification = id;
			return 0;
		}
		free(address);
		address = NULL;
	}
	return 0;
}

/* Open a ticket for m, or bring the one it threads into up to date;
 * by_token: the ticket a reply token named, else 0. */
static int
place_in_ticket(struct store *s, struct thread *t, const struct message *m,
    int64_t by_token, int64_t *ticket, enum thread_how *how, struct errbuf *e)
{
	char status[16], *subject;
	int rc;

	if (by_token) {
		*ticket = by_token;
		*how = THREAD_TOKEN;
		rc = 1;
	} else if ((rc = thread_find(t, m, ticket, how, e)) < 0)
		return -1;
	if (rc == 0) {
		subject = thread_ticket_subject(t, m);
		rc = store_ticket_create(s, subject, ticket, e);
		free(subject);
		return rc;	/* audited with the message, in one row */
	}
	if (store_ticket_status(s, *ticket, status, sizeof(status), e) < 0)
		return -1;
	if (strcmp(status, "resolved") == 0) {
		char *old = NULL;

		rc = store_ticket_set(s, *ticket, "status", "open", &old, e);
		free(old);
		if (rc < 0)
			return -1;
		return store_audit(s, *ticket, "mail", "ticket.reopen",
		    "resolved -> open on a new message", e);
	}
	return store_ticket_touch(s, *ticket, e);
}

/* Store an attachment's bytes once across the store; libmagic (loaded
 * on the first attachment only) types the new ones. */
static int
store_attachment(struct store *s, struct filetype **ft,
    const struct message_part *p, char sha[DIGEST_HEX_LEN + 1],
    struct errbuf *e)
{
	int rc;

	digest_sha256_hex(p->data.data, p->data.len, sha);
	if ((rc = store_attachment_exists(s, sha, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (*ft == NULL && filetype_open(ft, e) < 0)
		return -1;
	return store_attachment_add(s, sha, p->data.data, p->data.len,
	    filetype_detect(*ft, p->data.data, p->data.len), e);
}

/* The structured report m carries, if any, kept as fields. */
static int
store_report(struct store *s, const struct message *m, int64_t id,
    struct errbuf *e)
{
	struct report r;
	int rc;

	if (report_detect(m, &r) == 0)
		return 0;
	rc = store_report_add(s, &(struct store_report){ .message_id = id,
	    .format = r.format, .type = r.type, .category = r.category,
	    .source_ip = r.source_ip, .source = r.source, .time = r.time,
	    .problem = r.problem }, e);
	if (r.problem)
		log_info("receive: %s report, invalid: %s", r.format, r.problem);
	report_release(&r);
	return rc;
}

/* Rows kept of one message's CSV reports; a larger report is kept whole
 * as the message and its attachment, and its indicators as usual. */
#define MAX_REPORT_ROWS 1000000

struct report_ctx {
	struct store *s;
	struct ioc_scanner *sc;
	int64_t ticket, message;
	const char *path;
	size_t kept;
	struct errbuf *e;
};

/* A row of a CSV report: its address, time and columns. */
static int
report_row(const struct csvreport_row *row, void *arg)
{
	struct report_ctx *c = arg;
	json_t *cols = json_object();
	char type[16], *value = NULL, *text;
	size_t i;
	int rc = 0;

	if (ioc_first(c->sc, row->ip, type, &value) != 1 ||
	    (strcmp(type, "ipv4") != 0 && strcmp(type, "ipv6") != 0)) {
		free(value);
		json_decref(cols);
		return 0;
	}
	for (i = 0; i < row->ncells; i++) {
		json_t *v = json_string(row->cells[i]);

		/* Text parts are UTF-8 by now; a name given twice keeps
		 * its first cell. */
		if (v != NULL && json_object_get(cols, row->names[i]) == NULL)
			json_object_set_new(cols, row->names[i], v);
		else
			json_decref(v);
	}
	text = json_dumps(cols, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL || store_ioc_row_add(c->s, &(struct store_ioc_row){
	    .ticket_id = c->ticket, .message_id = c->message,
	    .part_path = c->path, .line = (int64_t)row->line, .type = type,
	    .value = value, .seen = row->seen[0] ? row->seen : NULL,
	    .columns = text }, c->e) < 0)
		rc = 1;		/* stop: the store failed, c->e says why */
	else
		c->kept++;
	free(text);
	free(value);
	json_decref(cols);
	return rc;
}

/* The rows of every CSV report among the parts. */
static int
store_report_rows(struct store *s, struct ioc_scanner *sc,
    const struct pgp_result *r, int64_t ticket, int64_t id, struct errbuf *e)
{
	struct report_ctx c = { .s = s, .sc = sc, .ticket = ticket,
	    .message = id, .e = e };
	size_t i, skipped;
	int rc;

	for (i = 0; i < r->nparts; i++) {
		const char *text = r->parts[i].part->text;
		size_t len;

		if (text == NULL || !csvreport_is_report(text, strlen(text)))
			continue;
		len = strlen(text);
		c.path = r->parts[i].path;
		rc = csvreport_scan(text, len, MAX_REPORT_ROWS - c.kept,
		    report_row, &c, &skipped);
		if (rc > 0)
			return -1;
		if (skipped)
			log_info("receive: CSV report in part %s: %zu row(s) "
			    "without an address, short, or past %d", c.path,
			    skipped, MAX_REPORT_ROWS);
		if (c.kept >= MAX_REPORT_ROWS)
			break;
	}
	return 0;
}

/* Whether text is data's bytes (1), or them with each CRLF as LF (2),
 * as the part_text view rebuilds it (SQLite's replace); else 0. */
static int
text_is_bytes(const struct buf *data, const char *text)
{
	const char *d = data->data, *end = data->data + data->len;
	int crlf = 0;

	while (d < end && *text) {
		if (*d == '\r' && d + 1 < end && d[1] == '\n') {
			if (*text != '\n')
				return 0;
			d += 2;
			crlf = 1;
		} else if (*d++ != *text)
			return 0;
		text++;
	}
	return d == end && *text == '\0' ? 1 + crlf : 0;
}

/* Whether m is a delivery status notification (RFC 3464, RFC 6533):
 * the message it returns is one of ours. */
static int
delivery_status(const struct message *m)
{
	const char *type;
	size_t i;

	for (i = 0; i < message_part_count(m); i++) {
		type = message_part(m, i)->content_type;
		if (strcmp(type, "message/delivery-status") == 0 ||
		    strcmp(type, "message/global-delivery-status") == 0)
			return 1;
	}
	return 0;
}

/* What a forwarded message's header gives (a phish sent on as an
 * attachment, the spam an ARF report holds): its Subject, as a reader
 * sees it, and a Reply-To that sends replies elsewhere (message.h). */
static void
inner_iocs(const struct message_part *p, int covered,
    const struct ioc_allowlist *al, struct ioc_scanner *sc,
    struct ioc_set *set, struct ioc_set *signed_set)
{
	const char *v[] = { p->inner_subject, p->inner_reply_to };
	size_t k;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		if (v[k] == NULL)
			continue;
		ioc_scan_into(sc, v[k], strlen(v[k]), 0, set, al);
		if (covered)
			ioc_scan_into(sc, v[k], strlen(v[k]), 0, signed_set,
			    al);
	}
}

/* The indicators of a part's text: a CSV report's by column (a
 * version's cells give no address, a host's are hosts' names: see
 * ioc_scanner_columns), else as text. */
static void
part_iocs(const char *text, int covered, const struct ioc_allowlist *al,
    struct ioc_scanner *sc, struct ioc_set *set, struct ioc_set *signed_set)
{
	struct ioc_columns cols = { NULL, 0, ',' };
	unsigned char *kinds;
	size_t len = strlen(text);

	if (csvreport_columns(text, len, &kinds, &cols.n, &cols.sep) == 0) {
		cols.kinds = kinds;
		ioc_scanner_columns(sc, &cols);	/* (a copy) */
		free(kinds);
	}
	ioc_scan_into(sc, text, len, 0, set, al);
	if (covered)
		ioc_scan_into(sc, text, len, 0, signed_set, al);
	ioc_scanner_columns(sc, NULL);
}

void
receive_iocs(const struct message *m, const struct pgp_result *r,
    const struct ioc_allowlist *al, struct ioc_scanner *sc,
    struct ioc_set *set, struct ioc_set *signed_set)
{
	int bounce = delivery_status(m);
	size_t i;

	ioc_scan_into(sc, message_subject(m), strlen(message_subject(m)), 0,
	    set, al);
	for (i = 0; i < r->nparts; i++) {
		const struct message_part *p = r->parts[i].part;
		/* a copy of a message's header (RFC 6522): not its text */
		int header = strcmp(p->content_type,
		    "text/rfc822-headers") == 0;
		/* a structured report's part: the fields naming the abuse */
		char *fields = report_ioc_text(m, p);
		const char *text = fields ? fields : header ? NULL : p->text;

		if ((p->kind == PART_MESSAGE || header) && !bounce)
			inner_iocs(p, r->parts[i].cover == PGP_FULL, al, sc,
			    set, signed_set);
		if (text == NULL)
			continue;
		part_iocs(text, r->parts[i].cover == PGP_FULL, al, sc, set,
		    signed_set);
		free(fields);
	}
}

/* The indicators of the text a reader sees, on the ticket once each;
 * signed when one of their occurrences lies in a part good signatures
 * cover. */
static int
store_iocs(struct store *s, const struct conf *conf, const struct message *m,
    const struct pgp_result *r, int64_t ticket, int64_t id, struct errbuf *e)
{
	struct ioc_set *set = ioc_set_new(), *signed_set = ioc_set_new();
	struct ioc_scanner *sc = ioc_scanner_new();
	const struct ioc_entry *en;
	struct ioc_allowlist *al;
	struct store_ioc *v;
	size_t i, n;
	int rc = 0;

	if ((al = receive_allowlist(conf, s, e)) == NULL) {
		rc = -1;
		goto out;
	}
	receive_iocs(m, r, al, sc, set, signed_set);
	n = ioc_set_count(set);
	v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	for (i = 0; i < n && (en = ioc_set_get(set, i)) != NULL; i++)
		v[i] = (struct store_ioc){ .ticket_id = ticket,
		    .message_id = id, .type = ioc_type_name(en->type),
		    .value = en->value, .class = ioc_class_name(en->class),
		    .allowlisted = en->allowlisted, .defanged = en->defanged,
		    .is_signed = ioc_set_contains(signed_set, en->type,
		    en->value), .occurrences = (int64_t)en->count };
	rc = store_iocs_add(s, v, n, e);	/* many to a statement */
	free(v);
	if (rc == 0)
		rc = store_report_rows(s, sc, r, ticket, id, e);
out:
	ioc_allowlist_free(al);
	ioc_scanner_free(sc);
	ioc_set_free(set);
	ioc_set_free(signed_set);
	return rc;
}

/* Every part as a reader sees it, decrypted layers under the parts that
 * held them, and the signatures found. */
static int
store_parts(struct store *s, const struct pgp_result *r, const char *raw,
    size_t raw_len, int64_t id, struct errbuf *e)
{
	int64_t *layer_ids = xcalloc(r->nlayers + 1, sizeof(*layer_ids));
	struct filetype *ft = NULL;
	char sha[DIGEST_HEX_LEN + 1], created[32];
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < r->nlayers; i++)
		rc = store_layer_add(s, id, r->layers[i].path,
		    r->layers[i].parent, r->layers[i].raw.data,
		    r->layers[i].raw.len, &layer_ids[i], e);
	for (i = 0; rc == 0 && i < r->nparts; i++) {
		const struct pgp_part *vp = &r->parts[i];
		const struct message_part *p = vp->part;
		char *problem = vp->problem && p->problem ?
		    xasprintf("%s; %s", p->problem, vp->problem) : NULL;
		struct store_part sp = {
			.message_id = id, .path = vp->path, .depth = vp->depth,
			.kind = message_kind_name(p->kind),
			.content_type = p->content_type, .charset = p->charset,
			.encoding = p->encoding, .disposition = p->disposition,
			.filename = p->filename, .raw_start = p->raw_start,
			.raw_len = p->raw_len, .body_start = p->body_start,
			.body_len = p->body_len, .size = p->data.len,
			.text = p->text, .inner_from = p->inner_from,
			.inner_subject = p->inner_subject,
			.inner_message_id = p->inner_message_id,
			.inner_date = p->inner_date,
			.problem = problem ? problem :
			    vp->problem ? vp->problem : p->problem,
			.layer_id = vp->layer ? layer_ids[vp->layer - 1] : 0,
			.encrypted = vp->encrypted, .content = vp->content,
			.signed_cover = pgp_cover_name(vp->cover),
			.pgp = vp->role, .decryption = vp->decryption,
		};

		/* Text that is the raw body as it is need not be kept twice. */
		sp.text_in_raw = vp->layer == 0 && p->text &&
		    p->body_len == strlen(p->text) &&
		    p->body_start + p->body_len <= raw_len &&
		    memcmp(raw + p->body_start, p->text, p->body_len) == 0;
		if (p->kind == PART_ATTACHMENT && p->data.len > 0) {
			rc = store_attachment(s, &ft, p, sha, e);
			sp.attachment = sha;
			/* A text attachment whose text is its bytes (a CSV
			 * report in UTF-8): read back from the attachment. */
			if (!sp.text_in_raw && p->text)
				sp.text_in_attachment = text_is_bytes(&p->data,
				    p->text);
		}
		if (rc == 0)
			rc = store_part_add(s, &sp, e);
		free(problem);
	}
	for (i = 0; rc == 0 && i < r->nsigs; i++) {
		const struct pgp_signature *sig = &r->sigs[i];
		time_t t = (time_t)sig->created;
		struct tm tm;

		created[0] = '\0';
		if (t > 0 && gmtime_r(&t, &tm))
			strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ",
			    &tm);
		rc = store_signature_add(s, &(struct store_signature){
		    .message_id = id, .part_path = sig->path,
		    .carrier = pgp_carrier_name(sig->carrier),
		    .status = pgp_status_name(sig->status),
		    .fingerprint = sig->fingerprint, .uid = sig->uid,
		    .from_match = sig->from_match, .forwarded = sig->forwarded,
		    .created = created[0] ? created : NULL,
		    .detail = sig->detail }, e);
	}
	filetype_close(ft);
	free(layer_ids);
	return rc;
}

/* A reply to a notification marks it replied; a delivery status
 * notification (RFC 3464) marks it bounced. */
static int
answered(struct store *s, const struct message *m, int64_t notification,
    int64_t ticket, int64_t id, struct errbuf *e)
{
	const struct message_part *root = message_part_count(m) ?
	    message_part(m, 0) : NULL;
	int bounce = root && strcmp(root->content_type, "multipart/report") == 0;
	char *detail = xasprintf("notification %" PRId64 " %s by message %"
	    PRId64, notification, bounce ? "bounced" : "answered", id);
	int rc;

	rc = store_notification_state(s, notification, bounce ? "bounced" :
	    "replied", NULL, e);
	/* A bounce makes the address suspect; a reply shows it works. */
	if (rc == 0)
		rc = store_suspect_mark(s, notification, bounce, e);
	if (rc == 0)
		rc = store_audit(s, ticket, "mail", bounce ? "notify.bounced" :
		    "notify.replied", detail, e);
	free(detail);
	return rc;
}

/* The subject and every text a reader sees, decrypted too, for search. */
static int
store_text(struct store *s, const struct message *m,
    const struct pgp_result *r, int64_t id, struct errbuf *e)
{
	const char **texts = xreallocarray(NULL, r->nparts + 1,
	    sizeof(*texts));
	size_t i, n = 0;
	int rc;

	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].part->text)
			texts[n++] = r->parts[i].part->text;
	rc = store_message_text_add(s, id, message_subject(m), texts, n, e);
	free(texts);
	return rc;
}

/* Store m in its ticket in one transaction, with its acknowledgement
 * queued when it opened the ticket (*outbox, else 0). */
static int
store_it(struct store *s, const struct conf *conf, struct store_message *sm,
    const struct message *m, const struct pgp_result *r, const char *sender,
    int64_t *outbox, struct errbuf *e)
{
	struct thread *t = NULL;
	struct trust tr = { 0 };
	int64_t by_token = 0, notification = 0;
	enum thread_how how;
	int64_t ticket, id;
	char *detail;
	int rc;

	if (store_begin(s, e) < 0)
		return -1;
	rc = store_message_find(s, sm->message_id, sm->content_sha256, &id, e);
	if (rc != 0) {
		store_rollback(s);
		if (rc > 0)
			log_info("receive: <%s> is already stored as message "
			    "%lld", sm->message_id, (long long)id);
		return rc < 0 ? -1 : 0;
	}
	if (token_ticket(s, conf, sm->recipient, &by_token, &notification,
	    e) < 0 || trust_decide(s, m, r, &tr, e) < 0 ||
	    thread_open(&t, s, conf->tag, e) < 0 ||
	    place_in_ticket(s, t, m, by_token, &ticket, &how, e) < 0)
		goto fail;
	if (notification == 0 && (how == THREAD_IN_REPLY_TO ||
	    how == THREAD_REFERENCES) &&
	    notification_referenced(s, m, &notification, e) < 0)
		goto fail;
	sm->ticket_id = ticket;
	sm->verified_role = tr.role[0] ? tr.role : NULL;
	sm->verified_name = tr.name;
	sm->verified_key = tr.key;
	sm->verification = tr.why;
	if (store_message_add(s, sm, &id, e) < 0)
		goto fail;
	/* The trail says what happened first: the ticket or the message,
	 * then what followed from it (its acknowledgement). */
	detail = xasprintf("message %lld from %s, threaded by %s", (long long)id,
	    sm->from_addr, thread_how_name(how));
	rc = store_audit(s, ticket, "mail", how == THREAD_NEW ? "ticket.create" :
	    "message.in", detail, e);
	free(detail);
	if (rc < 0 || store_parts(s, r, sm->raw, sm->size, id, e) < 0 ||
	    store_text(s, m, r, id, e) < 0 ||
	    store_report(s, m, id, e) < 0 ||
	    store_iocs(s, conf, m, r, ticket, id, e) < 0 ||
	    thread_record_ref(t, m, ticket, id, e) < 0 ||
	    (how == THREAD_NEW &&
	    ack_queue(s, conf, m, ticket, sender, r->encryption != PGP_NONE &&
	    tr.key ? tr.key : NULL, outbox, e) < 0) ||
	    mailcmd_run(s, conf, m, r, &tr, ticket, sender, outbox, e) < 0 ||
	    (notification && answered(s, m, notification, ticket, id, e) < 0) ||
	    store_commit(s, e) < 0)
		goto fail;
	log_info("receive: stored message %lld <%s> in ticket %lld (%s)",
	    (long long)id, sm->message_id, (long long)ticket,
	    thread_how_name(how));
	if (r->nsigs)
		log_info("receive: message %lld: %s", (long long)id, tr.why);
	rc = 0;
	goto out;
fail:
	store_rollback(s);
	rc = -1;
out:
	/* what sm was given of tr ends with it */
	sm->verified_role = sm->verified_name = sm->verified_key = NULL;
	sm->verification = NULL;
	thread_close(t);
	trust_release(&tr);
	return rc;
}

int
receive_message(struct store *s, const struct conf *conf,
    const struct receive_in *in, int64_t *outbox, struct errbuf *e)
{
	struct message_limits limits = { conf->max_parts, conf->max_depth,
	    conf->max_attachment_size, conf->pdftotext, conf->msgconvert, 0 };
	char sha[DIGEST_HEX_LEN + 1], *refs;
	struct pgp_result r;
	struct store_message sm;
	struct message *m;
	struct pgp *g;
	int rc;

	*outbox = 0;
	message_digest(in->raw, in->len, sha);
	m = message_parse(in->raw, in->len, &limits);
	if (message_problem(m))
		log_info("receive: stored with a problem: %s",
		    message_problem(m));
	/* Before the transaction: gpg may take its time, and a keyring or
	 * agent that fails leaves nothing half-stored. */
	g = in->pgp ? in->pgp : pgp_new(conf->gnupghome,
	    conf->max_message_size);
	if (pgp_examine(g, m, in->raw, in->len, &limits, &r, e) < 0) {
		pgp_result_release(&r);
		if (g != in->pgp)
			pgp_free(g);
		message_free(m);
		return -1;
	}
	refs = join_references(m);
	sm = (struct store_message){
		.direction = "in", .message_id = message_id(m),
		.content_sha256 = sha,
		.recipient = find_recipient(in->recipient, m),
		.from_addr = message_from_addr(m),
		.from_name = message_from_name(m), .to = message_to(m),
		.cc = message_cc(m), .subject = message_subject(m),
		.date = message_date(m), .in_reply_to = message_in_reply_to(m),
		.refs = refs, .problem = message_problem(m),
		.raw = in->raw, .size = in->len,
		.coverage = pgp_cover_name(r.coverage),
		.encryption = pgp_cover_name(r.encryption),
	};
	rc = store_it(s, conf, &sm, m, &r, in->sender, outbox, e);
	free(refs);
	pgp_result_release(&r);
	if (g != in->pgp)
		pgp_free(g);
	message_free(m);
	return rc;
}

int
receive_extract(const struct conf *conf, const char *raw, size_t len,
    const struct ioc_allowlist *al, struct ioc_set *set,
    struct ioc_set *signed_set, struct errbuf *e)
{
	struct message_limits limits = { conf->max_parts, conf->max_depth,
	    conf->max_attachment_size, conf->pdftotext, conf->msgconvert, 0 };
	struct message *m = message_parse(raw, len, &limits);
	struct pgp *g = pgp_new(conf->gnupghome, conf->max_message_size);
	struct ioc_scanner *sc = NULL;
	struct pgp_result r;
	int rc = -1;

	if (pgp_examine(g, m, raw, len, &limits, &r, e) == 0) {
		sc = ioc_scanner_new();
		receive_iocs(m, &r, al, sc, set, signed_set);
		rc = 0;
	}
	ioc_scanner_free(sc);
	pgp_result_release(&r);
	pgp_free(g);
	message_free(m);
	return rc;
}

static int
add_domain(const char *domain, void *arg)
{
	ioc_allowlist_add(arg, domain);
	return 0;
}

struct ioc_allowlist *
receive_allowlist(const struct conf *conf, struct store *s, struct errbuf *e)
{
	/* Link wrappers, mail filters' and Google's redirector (a link
	 * copied from search results): their hosts carry a report's links
	 * (ioc.c reads the targets out of them), never its abuse. Google's
	 * hosts that do carry abuse (sites., docs., storage.googleapis.com)
	 * are other names. */
	static const char *const wrappers[] = {
		"safelinks.protection.outlook.com", "urldefense.proofpoint.com",
		"urldefense.com", "www.google.com", NULL,
	};
	struct ioc_allowlist *al = ioc_allowlist_new();
	size_t i;

	if (s && store_partner_domains(s, add_domain, al, e) < 0) {
		ioc_allowlist_free(al);
		return NULL;
	}
	ioc_allowlist_add(al, strrchr(conf->address, '@') + 1);
	for (i = 0; wrappers[i]; i++)
		ioc_allowlist_add(al, wrappers[i]);
	for (i = 0; i < conf->nallowlist; i++)
		if (ioc_allowlist_add(al, conf->allowlist[i]) < 0) {
			err_set(e, ST_CONFIG, "%s: [ioc] allowlist: not a "
			    "domain, address, network or AS number: '%s'",
			    conf->path ? conf->path : "configuration",
			    conf->allowlist[i]);
			ioc_allowlist_free(al);
			return NULL;
		}
	if (conf->allowlist_file &&
	    ioc_allowlist_load(al, conf->allowlist_file, e) < 0) {
		ioc_allowlist_free(al);
		return NULL;
	}
	return al;
}

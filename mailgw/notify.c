/*
 * Notifications.
 *
 * Deciding: an indicator (an address or network; domains and URLs are
 * for takedowns) goes to its country's national CERT when it lies
 * abroad ([notify] country names ours, and the CERT is known), else to
 * its network's abuse contact, else its carrier's, else (no network
 * known) its national CERT. A contact already told of the indicator
 * within the interval is not told again; one already told anything on
 * this ticket gets the update template.
 *
 * Sending: each pending notification is composed once (its message and
 * outbox entry stored in one transaction), then handed to the transport
 * and marked by what the transport said. A run cut short leaves
 * pending what was not sent, and the next run sends only that.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <csv.h>
#include <jansson.h>

#include "addr.h"
#include "buf.h"
#include "compose.h"
#include "conf.h"
#include "contact.h"
#include "desk.h"
#include "digest.h"
#include "err.h"
#include "ioc.h"
#include "jstream.h"
#include "letter.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include "pgp.h"
#include "progress.h"
#include "signer.h"
#include "store.h"
#include "transport.h"
#include "xmalloc.h"

const char *
notify_token_of(const char *addr, size_t *len)
{
	const char *plus = strchr(addr, '+'), *at = strrchr(addr, '@');

	if (plus == NULL || at == NULL || plus > at || at - plus - 1 < 8)
		return NULL;
	*len = (size_t)(at - plus - 1);
	return plus + 1;
}

/* The key reply tokens are made with: the configuration's, else one the
 * store makes once and keeps. */
static int
token_key(struct store *s, const struct conf *conf, char **key,
    struct errbuf *e)
{
	unsigned char r[32];
	char hex[65];
	size_t i;
	int rc;

	if (conf->token_key) {
		*key = xstrdup(conf->token_key);
		return 0;
	}
	if ((rc = store_setting_get(s, "token_key", key, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		abort();	/* the kernel's CSPRNG does not fail */
	for (i = 0; i < sizeof(r); i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	*key = xstrdup(hex);
	return store_setting_put(s, "token_key", hex, e);
}

/* What one contact is to be told, gathered over a ticket's indicators. */
struct target {
	char *address, *contact, *scope, *template, *format, *lang, *key;
	char *provenance;
	char **types, **values;
	size_t n;
};

struct plan {
	struct store *s;
	const struct conf *conf;
	const struct notify_opts *o;
	struct notify_counts *c;
	struct ioc_scanner *sc;
	int64_t ticket;
	char since[32];
	struct target *t;
	size_t nt;
	/* the answers for the indicator at hand */
	/* network, carrier, national-cert, registrar */
	struct store_answer best[4];
	char *strings[4][8];
	char country[3];
	int have[4];
	struct plan_iocs *iocs;	/* the ticket's, being planned */
	struct errbuf *e;
};

static void
target_free(struct target *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->types[i]);
		free(t->values[i]);
	}
	free(t->types);
	free(t->values);
	free(t->address);
	free(t->contact);
	free(t->scope);
	free(t->template);
	free(t->format);
	free(t->lang);
	free(t->key);
	free(t->provenance);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Keep the first answer of each scope that has an address. */
static int
keep_answer(const char *scope, const struct store_answer *a, void *arg)
{
	struct plan *p = arg;
	int k = strcmp(scope, "network") == 0 ? 0 :
	    strcmp(scope, "carrier") == 0 ? 1 :
	    strcmp(scope, "national-cert") == 0 ? 2 :
	    strcmp(scope, "registrar") == 0 ? 3 : -1;

	if (k < 0 || p->have[k] || a->email == NULL || !addr_valid(a->email))
		return 0;
	p->have[k] = 1;
	p->best[k] = *a;
	/* The answer's strings live only during the call. */
	p->strings[k][0] = dup_or_null(a->email);
	p->strings[k][1] = dup_or_null(a->name);
	p->strings[k][2] = dup_or_null(a->format);
	p->strings[k][3] = dup_or_null(a->lang);
	p->strings[k][4] = dup_or_null(a->key);
	p->strings[k][5] = xasprintf("%s: %s (imported %s)", a->source,
	    a->range_object ? a->range_object : a->object, a->imported);
	p->strings[k][6] = dup_or_null(a->suspect_since);
	if (k == 2 && a->country)
		snprintf(p->country, sizeof(p->country), "%s", a->country);
	if (k == 0 && a->country && p->country[0] == '\0')
		snprintf(p->country, sizeof(p->country), "%s", a->country);
	return 0;
}

static void
answers_release(struct plan *p)
{
	int k, i;

	for (k = 0; k < 4; k++)
		for (i = 0; i < 8; i++) {
			free(p->strings[k][i]);
			p->strings[k][i] = NULL;
		}
	memset(p->have, 0, sizeof(p->have));
	p->country[0] = '\0';
}

static int
target_exists(const struct plan *p, int k, const char *template)
{
	size_t i;

	for (i = 0; i < p->nt; i++)
		if (strcasecmp(p->t[i].address, p->strings[k][0]) == 0 &&
		    strcmp(p->t[i].template, template) == 0)
			return 1;
	return 0;
}

static struct target *
target_for(struct plan *p, int k, const char *template)
{
	const char *address = p->strings[k][0];
	static const char *const scopes[] = { "network", "carrier",
	    "national-cert", "registrar" };
	struct target *t;
	size_t i;

	for (i = 0; i < p->nt; i++)
		if (strcasecmp(p->t[i].address, address) == 0 &&
		    strcmp(p->t[i].template, template) == 0)
			return &p->t[i];
	p->t = xreallocarray(p->t, p->nt + 1, sizeof(*p->t));
	t = &p->t[p->nt++];
	memset(t, 0, sizeof(*t));
	t->address = xstrdup(address);
	t->contact = xstrdup(p->strings[k][1] ? p->strings[k][1] : address);
	t->scope = xstrdup(p->o->takedown && k == 0 ? "hosting" : scopes[k]);
	t->template = xstrdup(template);
	t->format = xstrdup(p->strings[k][2] ? p->strings[k][2] : "inline");
	t->lang = xstrdup(p->strings[k][3] ? p->strings[k][3] : "en");
	t->key = dup_or_null(p->strings[k][4]);
	t->provenance = xstrdup(p->strings[k][5]);
	return t;
}

/* Put value on the target of answer k (unless that contact was told of
 * it within the interval): 0, or -1 on failure. */
static int
plan_add(struct plan *p, int k, const char *type, const char *value)
{
	const char *template;
	struct target *t;
	int rc;

	if ((rc = store_told(p->s, p->strings[k][0], type, value, p->since,
	    p->e)) != 0) {
		if (rc < 0)
			return -1;
		p->c->told_recently++;
		return 0;
	}
	template = p->o->template ? p->o->template :
	    k == 3 ? "takedown-registrar" : p->o->takedown ? "takedown-hosting" :
	    k == 2 ? "notify-cert" : "notify-network";
	if (p->strings[k][6] && !target_exists(p, k, template))
		log_warnx("notify: %s bounced a notification (suspect since "
		    "%s); it is told again", p->strings[k][0], p->strings[k][6]);
	t = target_for(p, k, template);
	t->types = xreallocarray(t->types, t->n + 1, sizeof(*t->types));
	t->values = xreallocarray(t->values, t->n + 1, sizeof(*t->values));
	t->types[t->n] = xstrdup(type);
	t->values[t->n++] = xstrdup(value);
	return 0;
}

struct host_ips {
	char **v;
	size_t n;
};

static int
collect_ip(const char *type, const char *value, void *arg)
{
	struct host_ips *h = arg;

	(void)type;
	h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
	h->v[h->n++] = xstrdup(value);
	return 0;
}

/* A takedown's hosting networks for a host name: the networks of the
 * addresses the ticket's reports give for it. *found: how many. */
static int
plan_hosting(struct plan *p, const char *type, const char *value,
    int *found)
{
	struct host_ips h = { NULL, 0 };
	char host[512], ntype[16], norm[512];
	size_t i;
	int rc = 0;

	*found = 0;
	if (!contact_host_of(type, value, host, sizeof(host)))
		return 0;
	if (store_ticket_host_ips(p->s, p->ticket, host, collect_ip, &h,
	    p->e) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < h.n; i++) {
		if (contact_lookup(p->s, p->sc, NULL, h.v[i], ntype, norm,
		    sizeof(norm), keep_answer, p, p->e) < 0)
			rc = -1;
		else if (p->have[0]) {
			(*found)++;
			rc = plan_add(p, 0, type, value);
		}
		answers_release(p);
	}
	for (i = 0; i < h.n; i++)
		free(h.v[i]);
	free(h.v);
	return rc;
}

/* The ticket's indicators this run is about (addresses for notify,
 * domains and URLs for a takedown), collected first so that their
 * contacts are looked up as one batch. */
struct plan_iocs {
	char **types, **values;
	size_t n;
};

static int
collect_ioc(const char *type, const char *value, const char *first_seen,
    void *arg)
{
	struct plan *p = arg;
	struct plan_iocs *l = p->iocs;

	(void)first_seen;
	if (p->o->takedown ? strcmp(type, "domain") != 0 &&
	    strcmp(type, "url") != 0 : strcmp(type, "ipv4") != 0 &&
	    strcmp(type, "ipv6") != 0 && strcmp(type, "cidr") != 0)
		return 0;
	l->types = xreallocarray(l->types, l->n + 1, sizeof(*l->types));
	l->values = xreallocarray(l->values, l->n + 1, sizeof(*l->values));
	l->types[l->n] = xstrdup(type);
	l->values[l->n++] = xstrdup(value);
	return 0;
}

static void
plan_iocs_free(struct plan_iocs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->types[i]);
		free(l->values[i]);
	}
	free(l->types);
	free(l->values);
	*l = (struct plan_iocs){ NULL, NULL, 0 };
}

/* Indicator i of the batch: whom to tell. */
static int
plan_ioc(struct plan *p, struct contact_batch *b, size_t i)
{
	const char *type = p->iocs->types[i], *value = p->iocs->values[i];
	char ntype[16], norm[512];
	int k, abroad, hosting = 0;

	p->c->indicators++;
	if (contact_batch_lookup(b, i, p->conf->whois, ntype, norm,
	    sizeof(norm), keep_answer, p, p->e) < 0)
		return -1;
	abroad = p->conf->country[0] && p->country[0] &&
	    strcasecmp(p->country, p->conf->country) != 0;
	if (p->o->takedown)	/* the registrar, else the host of a URL */
		k = p->have[3] ? 3 : p->have[0] ? 0 : -1;
	else
		k = abroad && p->have[2] ? 2 : p->have[0] ? 0 : p->have[1] ? 1 :
		    p->have[2] ? 2 : -1;
	if (k >= 0 && plan_add(p, k, type, value) < 0) {
		answers_release(p);
		return -1;
	}
	answers_release(p);
	/* A takedown also asks the hosting networks of a named host, when
	 * the ticket's reports say which addresses it has. */
	if (p->o->takedown && k != 0 && p->o->template == NULL &&
	    plan_hosting(p, type, value, &hosting) < 0)
		return -1;
	if (k < 0 && hosting == 0)
		p->c->nobody++;
	return 0;
}

/* The addresses told anything on this ticket before (sent or replied):
 * they get the update. Read once per ticket, searched per contact. */
struct told {
	char **v;
	size_t n;
};

static int
add_told(const struct store_notification *n, void *arg)
{
	struct told *t = arg;

	if (strcmp(n->status, "sent") == 0 || strcmp(n->status, "replied") == 0) {
		t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
		t->v[t->n++] = xstrdup(n->address);
	}
	return 0;
}

static int
cmp_address(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static void
told_free(struct told *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
}

/* Record the targets as pending notifications of the ticket. */
static int
plan_store(struct plan *p, const char *key, struct errbuf *e)
{
	struct told told = { NULL, 0 };
	char idbuf[32], hex[DIGEST_HEX_LEN + 1], tmp[24];
	unsigned char r[8];
	int64_t id;
	size_t i, j;
	int made, rc = -1;

	if (p->o->template == NULL && !p->o->takedown) {
		if (store_ticket_notifications(p->s, p->ticket, NULL, add_told,
		    &told, e) < 0)
			goto out;
		if (told.n)
			qsort(told.v, told.n, sizeof(*told.v), cmp_address);
	}
	for (i = 0; i < p->nt; i++) {
		struct target *t = &p->t[i];

		if (told.n && bsearch(&t->address, told.v, told.n,
		    sizeof(*told.v), cmp_address)) {
			free(t->template);
			t->template = xstrdup("notify-update");
		}
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			abort();
		snprintf(tmp, sizeof(tmp), "t%02x%02x%02x%02x%02x%02x%02x%02x",
		    r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
		if (store_notification_pending(p->s, &(struct store_notification){
		    .ticket_id = p->ticket, .contact = t->contact,
		    .address = t->address, .scope = t->scope,
		    .template = t->template, .format = t->format,
		    .lang = t->lang, .key = t->key, .provenance = t->provenance,
		    .token = tmp }, &id, &made, e) < 0)
			goto out;
		if (made) {
			/* The token: an HMAC of the notification's id. */
			snprintf(idbuf, sizeof(idbuf), "%" PRId64, id);
			digest_hmac_sha256_hex(key, strlen(key), idbuf,
			    strlen(idbuf), hex);
			hex[20] = '\0';
			if (store_notification_token(p->s, id, hex, e) < 0)
				goto out;
			p->c->planned++;
		}
		for (j = 0; j < t->n; j++)
			if (store_notification_ioc(p->s, id, t->types[j],
			    t->values[j], e) < 0)
				goto out;
	}
	rc = 0;
out:
	told_free(&told);
	return rc;
}

/* ---- composing and sending ---- */

struct gather {
	json_t *list;
	struct buf csv;
};

static void
csv_cell(struct buf *b, const char *v, int last)
{
	size_t n = strlen(v), need = 2 * n + 3;

	buf_grow(b, need);
	b->len += csv_write(b->data + b->len, need, v, n);
	b->data[b->len] = '\0';
	buf_addstr(b, last ? "\r\n" : ",");
}

static int
gather_ioc(const char *type, const char *value, const char *seen, void *arg)
{
	struct gather *g = arg;

	json_array_append_new(g->list, json_pack("{s:s, s:s, s:s}", "type",
	    type, "value", value, "seen", seen ? seen : ""));
	csv_cell(&g->csv, type, 0);
	csv_cell(&g->csv, value, 0);
	csv_cell(&g->csv, seen ? seen : "", 1);
	return 0;
}

static int
ticket_subject(const struct store_ticket *t, void *arg)
{
	char **out = arg;

	out[0] = xstrdup(t->subject);
	out[1] = xstrdup(t->created);
	return 0;
}

static int
first_ref(const char *partner, const char *ref, void *arg)
{
	char **out = arg;

	(void)partner;
	if (*out == NULL)
		*out = xstrdup(ref);
	return 0;
}

/* A notification being composed: its message apart from the signature
 * (which two workers may make at once), then stored. */
struct job {
	const struct store_notification *n;
	struct compose *c;
	char *msgid, *final, *name, *reply_to;
	struct buf entity, sig, raw;
	char micalg[32];
	int encrypt;		/* to the contact's key: the template asks */
	int sign_rc;		/* 0 signed, 1 cannot be for good, -1 later */
	int ready;		/* signed (or not to be): the main thread's */
	struct errbuf e;
};

static void
job_release(struct job *j)
{
	compose_free(j->c);
	free(j->msgid);
	free(j->final);
	free(j->name);
	free(j->reply_to);
	buf_release(&j->entity);
	buf_release(&j->sig);
	buf_release(&j->raw);
	memset(j, 0, sizeof(*j));
}

/* Compose n from its template (everything but the signature). */
static int
job_prepare(struct store *s, const struct conf *conf,
    const struct store_notification *n, struct job *j, struct errbuf *e)
{
	struct gather gt = { json_array(), BUF_INIT };
	struct letter_asks asks = { 0 };
	char *subject[2] = { NULL, NULL }, *ref = NULL, *tags, *file, date[64];
	const char *domain = strrchr(conf->address, '@') + 1;
	json_t *data;
	int rc;

	memset(j, 0, sizeof(*j));
	j->n = n;
	buf_addstr(&gt.csv, "type,value,seen\r\n");
	if (store_notification_iocs(s, n->id, gather_ioc, &gt, e) < 0 ||
	    store_ticket_get(s, n->ticket_id, ticket_subject, subject, e) < 0 ||
	    store_ticket_partner_refs(s, n->ticket_id, first_ref, &ref, e) < 0) {
		json_decref(gt.list);
		buf_release(&gt.csv);
		free(subject[0]);
		free(subject[1]);
		free(ref);
		return -1;
	}
	tags = ref ? xasprintf("[%s #%" PRId64 "] [%s]", conf->tag,
	    n->ticket_id, ref) : xasprintf("[%s #%" PRId64 "]", conf->tag,
	    n->ticket_id);
	j->name = conf->name ? xstrdup(conf->name) : xasprintf("%s incident "
	    "desk", conf->tag);
	j->reply_to = xasprintf("%.*s+%s@%s", (int)(domain - 1 - conf->address),
	    conf->address, n->token, domain);
	j->msgid = compose_message_id(domain);
	data = json_pack("{s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:O, "
	    "s:I, s:b, s:s, s:s, s:s, s:s}", "tag", tags, "tags", tags, "ticket",
	    (json_int_t)n->ticket_id, "subject", subject[0] ? subject[0] : "",
	    "reported", subject[1] ? subject[1] : "", "partner_ref",
	    ref ? json_string(ref) : json_null(),
	    "contact", n->contact, "address", n->address, "scope", n->scope,
	    "indicators", gt.list, "count", (json_int_t)json_array_size(gt.list),
	    "csv", strcmp(n->format, "csv") == 0, "provenance", n->provenance,
	    "desk_tag", conf->tag, "desk_address", conf->address,
	    "desk_name", j->name);
	j->c = compose_new();
	compose_date(time(NULL), date);
	compose_header(j->c, "Date", date);
	rc = compose_address(j->c, "From", j->name, conf->address, e);
	if (rc == 0)
		rc = compose_address(j->c, "To", n->contact, n->address, e);
	if (rc == 0)
		rc = compose_address(j->c, "Reply-To", j->name, j->reply_to, e);
	compose_ids(j->c, "Message-ID", (const char **)&j->msgid, 1);
	compose_header(j->c, "Auto-Submitted", "auto-generated");
	compose_header(j->c, "X-Loop", conf->address);
	if (rc == 0)
		rc = letter_compose_asks(j->c, conf->templates, n->template,
		    n->lang, data, tags, &j->final, &asks, e);
	j->encrypt = rc == 0 && asks.encrypt && n->key && n->key[0];
	if (rc == 0 && strcmp(n->format, "csv") == 0) {
		file = xasprintf("%s-%" PRId64 "-indicators.csv", conf->tag,
		    n->ticket_id);
		compose_attach(j->c, file, "text/csv; charset=utf-8",
		    gt.csv.data, gt.csv.len);
		free(file);
	}
	if (rc == 0)
		compose_entity(j->c, &j->entity);
	json_decref(data);
	json_decref(gt.list);
	buf_release(&gt.csv);
	free(subject[0]);
	free(subject[1]);
	free(ref);
	free(tags);
	return rc;
}

/* Store j's message (j->raw, rendered) and queue it, in the caller's
 * transaction. */
static int
job_store(struct store *s, const struct conf *conf, struct job *j,
    struct errbuf *e)
{
	const struct store_notification *n = j->n;
	char sha[DIGEST_HEX_LEN + 1];
	int64_t message, outbox;
	int rc;

	digest_sha256_hex(j->raw.data, j->raw.len, sha);
	rc = store_message_add(s, &(struct store_message){
	    .ticket_id = n->ticket_id, .direction = "out",
	    .message_id = j->msgid, .content_sha256 = sha,
	    .recipient = n->address, .from_addr = conf->address,
	    .from_name = j->name, .to = n->address, .cc = "",
	    .subject = j->final, .in_reply_to = "", .refs = "",
	    .raw = j->raw.data, .size = j->raw.len }, &message, e);
	if (rc == 0)
		/* The envelope sender carries the token too, so that a
		 * bounce finds its notification (VERP). */
		rc = store_outbox_add(s, message, strncmp(n->template,
		    "takedown", 8) == 0 ? "takedown" : "notify", j->reply_to,
		    n->address, &outbox, e);
	if (rc == 0)
		rc = store_notification_composed(s, n->id, message, outbox, e);
	return rc;
}

/* Compose notification n, store its message and queue it (in the
 * caller's transaction); raw gets the message. 1 when it cannot be
 * signed for good (the notification fails), -1 on failure. */
static int
compose_one(struct store *s, const struct conf *conf, struct pgp *keys,
    const struct store_notification *n, struct buf *raw, struct errbuf *e)
{
	struct job j;
	int rc;

	if ((rc = job_prepare(s, conf, n, &j, e)) == 0 &&
	    (rc = letter_render(conf, keys, j.c, j.encrypt ? n->key : NULL,
	    &j.raw, e)) == 0)
		rc = job_store(s, conf, &j, e);
	if (rc == 0)
		buf_add(raw, j.raw.data, j.raw.len);
	job_release(&j);
	return rc;
}

/*
 * Signing ahead of delivery. Two workers (threads, a keyring handle
 * each: gpg runs as a process per signature, so two keep both cores
 * busy) take the jobs in order; the main thread stores and delivers
 * them a chunk at a time as they come out signed, so that the disk's
 * waits (a commit and a maildir fsync per message) fall while gpg
 * works. Only the main thread uses the store.
 */
enum { SIGN_WORKERS = 2, SEND_CHUNK = 16, SIGN_AHEAD = 64 };
#define SIGN_MAX ((size_t)1 << 30)	/* bytes a helper takes at once */

struct signing;

struct signer {
	struct signing *sg;
	struct pgp *g;		/* its own keyring handle */
	struct signer_proc proc;	/* its mailgw-sign, when it runs */
	pthread_t th;
	int started;
};

struct signing {
	const struct conf *conf;
	struct job *jobs;
	size_t n, next;		/* jobs handed over; the next a worker takes */
	int closed;		/* no more jobs will come */
	int stop;		/* the main thread gave up: take no more */
	size_t workers;		/* running */
	pthread_mutex_t mu;
	pthread_cond_t ready;	/* a job was signed, or a worker ended */
	pthread_cond_t more;	/* a job was handed over, or no more come */
	struct signer w[SIGN_WORKERS];
};

/* Sign job j: through a mailgw-sign when one runs (proc), else with
 * keyring handle g in this process. */
static void
sign_job(const struct conf *conf, struct pgp *g, struct signer_proc *proc,
    struct job *j)
{
	if (proc && proc->fd >= 0) {
		j->sign_rc = signer_call(proc, conf->signing_key,
		    j->encrypt ? j->n->key : NULL, j->entity.data,
		    j->entity.len, &j->sig, j->micalg, sizeof(j->micalg),
		    &j->e);
		if (j->sign_rc == 0 || proc->fd >= 0)
			goto out;	/* signed, or gpg's refusal */
		/* The helper is gone: this worker signs here from now on. */
		log_warnx("notify: %s; signing in this process", j->e.msg);
		buf_reset(&j->sig);
		j->e = (struct errbuf){ 0 };
	}
	if (j->encrypt)	/* signed inside, encrypted to the contact */
		j->sign_rc = pgp_encrypt(g, conf->signing_key, &j->n->key, 1,
		    j->entity.data, j->entity.len, &j->sig, &j->e);
	else
		j->sign_rc = pgp_sign(g, conf->signing_key, j->entity.data,
		    j->entity.len, &j->sig, j->micalg, sizeof(j->micalg), &j->e);
out:
	if (j->sign_rc < 0 && j->e.status != ST_TEMPFAIL)
		j->sign_rc = 1;
}

static void *
sign_some(void *arg)
{
	struct signer *w = arg;
	struct signing *sg = w->sg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&sg->mu);
		while (!sg->stop && !sg->closed && sg->next >= sg->n)
			pthread_cond_wait(&sg->more, &sg->mu);
		i = sg->stop || sg->next >= sg->n ? SIZE_MAX : sg->next++;
		pthread_mutex_unlock(&sg->mu);
		if (i == SIZE_MAX)
			break;
		sign_job(sg->conf, w->g, &w->proc, &sg->jobs[i]);
		pthread_mutex_lock(&sg->mu);
		sg->jobs[i].ready = 1;
		pthread_cond_broadcast(&sg->ready);
		pthread_mutex_unlock(&sg->mu);
	}
	pthread_mutex_lock(&sg->mu);
	sg->workers--;
	pthread_cond_broadcast(&sg->ready);
	pthread_mutex_unlock(&sg->mu);
	return NULL;
}

/* Start the workers, for jobs that signing_add hands them as they are
 * made (expected: how many will come). With no signing key, or none
 * could start, signing_wait does the work (or finds none to do). */
static void
signing_start(struct signing *sg, const struct conf *conf, struct job *jobs,
    size_t expected)
{
	struct errbuf e = { 0 };
	size_t k;

	*sg = (struct signing){ .conf = conf, .jobs = jobs };
	for (k = 0; k < SIGN_WORKERS; k++)
		sg->w[k].proc = (struct signer_proc){ -1, -1 };
	pthread_mutex_init(&sg->mu, NULL);
	pthread_cond_init(&sg->ready, NULL);
	pthread_cond_init(&sg->more, NULL);
	if (conf->signing_key == NULL || expected < 2)
		return;
	/* Every handle made here, before any thread: gpgme's setup and the
	 * environment are the process's. */
	for (k = 0; k < SIGN_WORKERS; k++) {
		sg->w[k].sg = sg;
		sg->w[k].g = pgp_new(conf->gnupghome, 0);
		if (pgp_ready(sg->w[k].g, &e) < 0)
			return;
		/* Without its helper a worker signs in this process. */
		if (signer_spawn(&sg->w[k].proc, conf->gnupghome,
		    SIGN_MAX, &e) < 0)
			log_debug("notify: %s; signing in this process", e.msg);
	}
	for (k = 0; k < SIGN_WORKERS; k++) {
		pthread_mutex_lock(&sg->mu);
		sg->w[k].started = pthread_create(&sg->w[k].th, NULL,
		    sign_some, &sg->w[k]) == 0;
		sg->workers += sg->w[k].started ? 1 : 0;
		pthread_mutex_unlock(&sg->mu);
		if (!sg->w[k].started)
			break;
	}
}

/* Jobs [0, n) are made: the workers may take them. closed: no more. */
static void
signing_add(struct signing *sg, size_t n, int closed)
{
	pthread_mutex_lock(&sg->mu);
	sg->n = n;
	sg->closed = closed;
	pthread_cond_broadcast(&sg->more);
	pthread_mutex_unlock(&sg->mu);
}

/* Job i, signed: by a worker, or here with g when none runs. */
static void
signing_wait(struct signing *sg, struct pgp *g, size_t i)
{
	struct job *j = &sg->jobs[i];

	pthread_mutex_lock(&sg->mu);
	while (!j->ready && sg->workers > 0)
		pthread_cond_wait(&sg->ready, &sg->mu);
	pthread_mutex_unlock(&sg->mu);
	if (j->ready)
		return;
	if (sg->conf->signing_key)
		sign_job(sg->conf, g, NULL, j);
	j->ready = 1;
}

static void
signing_end(struct signing *sg)
{
	size_t k;

	pthread_mutex_lock(&sg->mu);
	sg->stop = 1;
	pthread_cond_broadcast(&sg->more);
	pthread_mutex_unlock(&sg->mu);
	for (k = 0; k < SIGN_WORKERS; k++) {
		if (sg->w[k].started)
			pthread_join(sg->w[k].th, NULL);
		signer_stop(&sg->w[k].proc);
		pgp_free(sg->w[k].g);
	}
	pthread_cond_destroy(&sg->ready);
	pthread_cond_destroy(&sg->more);
	pthread_mutex_destroy(&sg->mu);
}

struct pending_list {
	struct store_notification *v;
	size_t n;
};

static int
collect_pending(const struct store_notification *n, void *arg)
{
	struct pending_list *l = arg;
	struct store_notification *c;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	c = &l->v[l->n++];
	*c = *n;
	/* Only what sending needs outlives the row. */
	c->contact = xstrdup(n->contact);
	c->address = xstrdup(n->address);
	c->scope = xstrdup(n->scope);
	c->template = xstrdup(n->template);
	c->format = xstrdup(n->format);
	c->lang = xstrdup(n->lang);
	c->provenance = xstrdup(n->provenance);
	c->token = xstrdup(n->token);
	c->key = n->key ? xstrdup(n->key) : NULL;
	c->status = c->created = c->sent = c->last_error = NULL;
	c->rfc_message_id = NULL;
	return 0;
}

static void
pending_free(struct pending_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].contact);
		free((char *)l->v[i].address);
		free((char *)l->v[i].scope);
		free((char *)l->v[i].template);
		free((char *)l->v[i].format);
		free((char *)l->v[i].lang);
		free((char *)l->v[i].provenance);
		free((char *)l->v[i].token);
		free((char *)l->v[i].key);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A notification handed over: its state and the audit, in the
 * transaction that marks its outbox entry (one commit per message). */
struct delivered {
	int64_t ticket;
	const struct store_notification *n;
	const char *actor;
	char status[16];
};

static int
record_delivery(struct store *s, const char *status, const char *why,
    void *arg, struct errbuf *e)
{
	struct delivered *d = arg;
	char *detail;
	int rc = 0;

	snprintf(d->status, sizeof(d->status), "%s", status);
	if (strcmp(status, "sent") == 0) {
		detail = xasprintf("%s to %s (%s)", d->n->template,
		    d->n->address, d->n->scope);
		rc = store_notification_state(s, d->n->id, "sent", NULL, e);
		if (rc == 0)
			rc = store_audit(s, d->ticket, d->actor, "notify.sent",
			    detail, e);
		free(detail);
	} else if (strcmp(status, "failed") == 0)
		rc = store_notification_state(s, d->n->id, "failed",
		    why && why[0] ? why : "the transport refused it", e);
	return rc;
}

/* An outbox entry that was no longer pending (a run before sent it and
 * stopped before recording so): its notification takes its state. */
static int
settle(struct store *s, struct delivered *d, struct errbuf *e)
{
	char status[16];

	if (store_outbox_status(s, d->n->outbox_id, status, e) < 0)
		return -1;
	if (store_begin(s, e) < 0)
		return -1;
	if (record_delivery(s, status, NULL, d, e) < 0 ||
	    store_commit(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* Hand notification n over to the transport (opened on first use) and
 * record what became of it. -1 only when the store failed. */
static int
deliver_one(struct store *s, const struct conf *conf, struct transport **t,
    const struct notify_opts *o, int64_t ticket, struct store_notification *n,
    struct notify_counts *c, size_t done, size_t total, struct errbuf *e)
{
	struct delivered d;
	struct errbuf te = { 0 };
	int k;

	if (store_notification_get_outbox(s, n->id, &n->outbox_id, e) < 0)
		return -1;
	if (n->outbox_id == 0) {
		c->failed++;
		return 0;
	}
	if (o->rate && c->sent + c->failed + c->waiting > 0) {
		/* --rate: an even pace, messages a minute. */
		struct timespec ts = { 60 / o->rate,
		    (long)(60000000000ull / o->rate % 1000000000ull) };

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	d = (struct delivered){ .ticket = ticket, .n = n,
	    .actor = o->actor ? o->actor : "mailgw" };
	k = outbox_deliver_with(s, conf, t, n->outbox_id, record_delivery, &d,
	    &te);
	if (done == total)	/* a ticket's last count stays up */
		progress_end(o->progress, "notify: [%s #%" PRId64 "] %zu of "
		    "%zu handed over", conf->tag, ticket, done, total);
	else
		progress_show(o->progress, "notify: [%s #%" PRId64 "] %zu of "
		    "%zu handed over", conf->tag, ticket, done, total);
	if (k == 0 && d.status[0] == '\0')	/* sent by a run before */
		k = settle(s, &d, &te);
	if (k == 0 && strcmp(d.status, "sent") == 0) {
		c->sent++;
	} else if (strcmp(d.status, "failed") == 0) {
		c->failed++;
	} else if (strcmp(d.status, "pending") == 0) {
		log_warnx("notify: %s: %s; it stays pending", n->address,
		    te.msg);
		c->waiting++;
	} else {	/* the store failed: stop, say why */
		*e = te;
		return -1;
	}
	return 0;
}

/* Render and store jobs [from, to), signed, in one transaction. */
static int
store_jobs(struct store *s, const struct conf *conf, struct job *jobs,
    size_t from, size_t to, struct errbuf *e)
{
	size_t i;
	int rc = 0;

	for (i = from; rc == 0 && i < to; i++) {
		struct job *j = &jobs[i];

		if (j->encrypt && !conf->signing_key) {
			j->sign_rc = 1;	/* never sent in the clear */
			err_set(&j->e, ST_CONFIG, "the template asks for "
			    "encryption, and no signing_key is set to sign it");
		}
		if (j->sign_rc < 0) {	/* gpg may sign later */
			err_set(e, j->e.status, "%s", j->e.msg);
			rc = -1;
		} else if (j->sign_rc == 0 && conf->signing_key && j->encrypt)
			compose_render_encrypted(j->c, &j->sig, &j->raw);
		else if (j->sign_rc == 0 && conf->signing_key)
			compose_render_signed(j->c, &j->entity, &j->sig,
			    j->micalg, &j->raw);
		else if (j->sign_rc == 0)
			compose_render(j->c, &j->raw);
		else
			log_warnx("notify: %s: not sent: %s", j->n->address,
			    j->e.msg);
	}
	if (rc < 0 || store_begin(s, e) < 0)
		return -1;
	for (i = from; rc == 0 && i < to; i++)
		rc = jobs[i].sign_rc ? store_notification_state(s,
		    jobs[i].n->id, "failed", jobs[i].e.msg[0] ? jobs[i].e.msg :
		    "could not be signed", e) : job_store(s, conf, &jobs[i], e);
	if (rc < 0 || store_commit(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* Deliver what a run before composed, then compose what is pending:
 * signed by the workers while the main thread stores and delivers what
 * they have done, a chunk at a time (each chunk stored in one
 * transaction, each message recorded before the transport and marked
 * after it, invariant 6). */
static int
send_ticket(struct store *s, const struct conf *conf, struct pgp *g,
    const struct notify_opts *o, int64_t ticket, struct notify_counts *c,
    struct errbuf *e)
{
	struct pending_list l = { 0 };
	struct transport *t = NULL;
	struct signing sg;
	struct job *jobs;
	size_t i, k, end, next, nj = 0, done = 0;
	int rc = 0;

	if (store_ticket_notifications(s, ticket, "pending", collect_pending,
	    &l, e) < 0)
		return -1;
	for (i = 0; rc == 0 && i < l.n; i++)
		if (l.v[i].message_id != 0)
			rc = deliver_one(s, conf, &t, o, ticket, &l.v[i], c,
			    ++done, l.n, e);
	jobs = xcalloc(l.n + 1, sizeof(*jobs));
	for (i = 0, k = 0; i < l.n; i++)
		k += l.v[i].message_id == 0;
	/* The workers sign each job as soon as it is made; jobs are made
	 * at most SIGN_AHEAD ahead of the ones delivered, so that the
	 * process stays small however many contacts a run tells (every
	 * signature is a gpg that gpgme forks from this process, and a fork
	 * costs what the process has in memory). */
	signing_start(&sg, conf, jobs, rc == 0 ? k : 0);
	for (i = 0, next = 0; rc == 0; i = end) {
		for (; rc == 0 && next < l.n && nj < i + SIGN_AHEAD; next++) {
			if (l.v[next].message_id != 0)
				continue;
			if ((rc = job_prepare(s, conf, &l.v[next], &jobs[nj],
			    e)) == 0)
				signing_add(&sg, ++nj, next + 1 == l.n);
			else
				job_release(&jobs[nj]);
		}
		if (rc != 0 || i >= nj)
			break;
		end = i + SEND_CHUNK < nj ? i + SEND_CHUNK : nj;
		for (k = i; k < end; k++)
			signing_wait(&sg, g, k);
		rc = store_jobs(s, conf, jobs, i, end, e);
		for (k = i; rc == 0 && k < end; k++) {
			struct store_notification *n = &l.v[jobs[k].n - l.v];

			job_release(&jobs[k]);
			rc = deliver_one(s, conf, &t, o, ticket, n, c, ++done,
			    l.n, e);
		}
	}
	signing_add(&sg, nj, 1);
	signing_end(&sg);
	for (i = 0; i < nj; i++)
		job_release(&jobs[i]);
	free(jobs);
	transport_close(t);
	pending_free(&l);
	return rc;
}

static void
print_plan(FILE *out, const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nt; i++)
		fprintf(out, "  %-40s %-13s %-15s %3zu indicator(s)  %s\n",
		    p->t[i].address, p->t[i].scope, p->t[i].template, p->t[i].n,
		    p->t[i].contact);
}

/* One ticket's plan: each notification it would make, with the
 * indicators it would tell of. */
static json_t *
plan_json(const struct conf *conf, int64_t ticket, const struct plan *p)
{
	json_t *a = json_array(), *t, *iocs;
	char tag[64];
	size_t i, k;

	snprintf(tag, sizeof(tag), "[%s #%" PRId64 "]", conf->tag, ticket);
	for (i = 0; a && i < p->nt; i++) {
		const struct target *x = &p->t[i];

		iocs = json_array();
		for (k = 0; iocs && k < x->n; k++)
			json_array_append_new(iocs, json_pack("{s:s, s:o}",
			    "type", x->types[k], "value", jstr(x->values[k])));
		/* A part that could not be made leaves the whole NULL, and
		 * the caller says so: never a shorter plan. */
		t = json_pack("{s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
		    "address", jstr(x->address), "contact", jstr(x->contact),
		    "scope", x->scope, "template", x->template, "format",
		    x->format, "lang", jstr(x->lang), "key", jstr(x->key),
		    "provenance", jstr(x->provenance), "indicators", iocs);
		if (t == NULL || json_array_append_new(a, t) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)ticket, "tag",
	    tag, "notifications", a);
}

static int
first_pending(const struct store_notification *n, void *arg)
{
	struct pending_list *l = arg;

	if (l->n == 0 && n->message_id == 0)
		return collect_pending(n, arg);
	return 0;
}

static int
takedown_state(const struct store_ticket *t, void *arg)
{
	((const char **)arg)[0] = t->takedown ? "set" : NULL;
	return 0;
}

/* A ticket whose takedown request went out, and had no takedown state,
 * is "requested". */
static int
takedown_requested(struct store *s, int64_t ticket, struct errbuf *e)
{
	const char *state[2] = { NULL, NULL };
	char *detail;
	int rc;

	if (store_ticket_get(s, ticket, takedown_state, state, e) < 0)
		return -1;
	if (state[0])
		return 0;
	if (store_begin(s, e) < 0)
		return -1;
	rc = desk_set(s, ticket, "takedown", "requested", "mailgw", &detail, e);
	free(detail);
	if (rc < 0 || store_commit(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* Whom to tell about each of p->ticket's indicators: read them, then
 * look their contacts up as one batch (the addresses in one pass over
 * the store in address order; what contact lookup's standard input
 * does, with the same answers), inside the caller's transaction. */
static int
plan_ticket(struct plan *p, struct errbuf *e)
{
	struct plan_iocs l = { NULL, NULL, 0 };
	struct contact_batch *b = NULL;
	size_t i;
	int rc;

	p->iocs = &l;
	rc = store_notifiable_iocs(p->s, p->ticket, collect_ioc, p, e);
	if (rc == 0 && l.n > 0 && (b = contact_batch_new(p->s, p->sc,
	    l.values, l.n, e)) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < l.n; i++)
		rc = plan_ioc(p, b, i);
	contact_batch_free(b);
	plan_iocs_free(&l);
	p->iocs = NULL;
	return rc;
}

int
notify_run(struct store *s, const struct conf *conf, const int64_t *ids,
    size_t n, const struct notify_opts *o, struct notify_counts *c,
    FILE *out, struct errbuf *e)
{
	struct plan p = { 0 };
	struct pending_list first = { 0 };
	struct pgp *g;
	char status[16], *key = NULL;
	time_t since;
	struct tm tm;
	struct buf raw;
	size_t i, k;
	int rc = 0, made;

	memset(c, 0, sizeof(*c));
	since = time(NULL) - (time_t)conf->notify_interval;
	p.s = s;
	p.conf = conf;
	p.o = o;
	p.c = c;
	p.e = e;
	strftime(p.since, sizeof(p.since), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime_r(&since, &tm));
	for (i = 0; i < n; i++)
		if ((rc = store_ticket_status(s, ids[i], status, sizeof(status),
		    e)) <= 0)
			return rc < 0 ? -1 : err_set(e, ST_NOINPUT, "notify: no "
			    "ticket %" PRId64, ids[i]);
	rc = 0;
	p.sc = ioc_scanner_new();
	for (i = 0; rc == 0 && i < n; i++) {
		p.ticket = ids[i];
		if (store_begin(s, e) < 0) {
			rc = -1;
			break;
		}
		rc = key == NULL ? token_key(s, conf, &key, e) : 0;
		if (rc == 0)
			rc = plan_ticket(&p, e);
		if (rc == 0)
			rc = plan_store(&p, key, e);
		if (rc == 0 && o->dry_run) {
			if (o->plan && json_array_append_new(json_object_get(
			    o->plan, "tickets"), plan_json(conf, ids[i], &p)) < 0)
				rc = err_set(e, ST_TEMPFAIL, "notify: out of memory "
				    "making the JSON plan");
			else if (!o->plan) {
				fprintf(out, "[%s #%" PRId64 "]:\n", conf->tag,
				    ids[i]);
				print_plan(out, &p);
			}
			if (first.n == 0 && store_ticket_notifications(s, ids[i],
			    "pending", first_pending, &first, e) < 0)
				rc = -1;
			if (rc == 0 && first.n == 1 && first.v[0].message_id == 0) {
				buf_init(&raw, 0);
				/* Shown only when it could be made whole (the
				 * mail we make is ASCII). */
				made = compose_one(s, conf, NULL, &first.v[0],
				    &raw, e) == 0;
				if (made && o->plan)
					json_object_set_new(o->plan,
					    "first_message", json_stringn(
					    raw.data, raw.len));
				else if (made)
					fprintf(out, "\nThe first message:\n\n%s\n",
					    raw.data);
				buf_release(&raw);
				first.v[0].message_id = -1;
			}
		}
		if (rc < 0 || o->dry_run)
			store_rollback(s);
		else if (store_commit(s, e) < 0)
			rc = -1;
		for (k = 0; k < p.nt; k++)
			target_free(&p.t[k]);
		free(p.t);
		p.t = NULL;
		p.nt = 0;
	}
	ioc_scanner_free(p.sc);
	pending_free(&first);
	free(key);
	/* One keyring handle for every message of the run. */
	g = pgp_new(conf->gnupghome, 0);
	for (i = 0; rc == 0 && !o->dry_run && i < n; i++) {
		size_t before = c->sent;

		rc = send_ticket(s, conf, g, o, ids[i], c, e);
		progress_stop(o->progress);
		if (rc == 0 && o->takedown && c->sent > before)
			rc = takedown_requested(s, ids[i], e);
	}
	pgp_free(g);
	return rc;
}

/*
 * mailgw ticket list | show: what the desk reads. --json prints the
 * shape of DESIGN.md, which scripts rely on: fields may be added, none
 * renamed. Fields that later parts of mailgw fill (signatures, IOCs,
 * notifications, partner references) are present and empty until then.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>

#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "conf.h"
#include "desk.h"
#include "ioc.h"
#include "jstream.h"
#include "message.h"
#include "store.h"
#include "xmalloc.h"

static const char *const statuses[] = {
	"new", "open", "stalled", "resolved", "rejected", NULL,
};

/* "a@b, c@d" as a JSON array. */
static json_t *
jaddr_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s, *comma;

	while (p && *p) {
		comma = strstr(p, ", ");
		if (comma == NULL)
			comma = p + strlen(p);
		json_array_append_new(a, json_stringn(p, (size_t)(comma - p)));
		p = *comma ? comma + 2 : comma;
	}
	return a;
}

static int
print_json(json_t *j)
{
	int rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	putchar('\n');
	json_decref(j);
	return rc;
}

static json_t *
ticket_json(const struct store_ticket *t, const char *tag)
{
	char label[64];

	snprintf(label, sizeof(label), "[%s #%" PRId64 "]", tag, t->id);
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, "
	    "s:o, s:o}",
	    "id", (json_int_t)t->id, "tag", label,
	    "status", jstr(t->status), "category", jstr(t->category),
	    "owner", jstr(t->owner), "priority", jstr(t->priority),
	    "subject", jstr(t->subject),
	    "created", jstr(t->created), "updated", jstr(t->updated),
	    "message_count", (json_int_t)t->messages, "merged_into",
	    t->merged_into ? json_integer(t->merged_into) : json_null(),
	    "takedown", jstr(t->takedown));
}

struct list_ctx {
	const char *tag;
	struct jstream *json;	/* NULL for text output */
	struct errbuf *e;
};

static int
list_one(const struct store_ticket *t, void *arg)
{
	struct list_ctx *lc = arg;
	char label[64];

	if (lc->json)	/* printed as they come: a list can be long */
		return jstream_put(lc->json, ticket_json(t, lc->tag), lc->e);
	snprintf(label, sizeof(label), "[%s #%" PRId64 "]", lc->tag, t->id);
	printf("%-14s %-9s %-10s %-20s %4" PRId64 "  %s\n", label, t->status,
	    t->owner ? t->owner : "-", t->updated, t->messages, t->subject);
	return 0;
}

static int
status_valid(const char *s)
{
	size_t i;

	for (i = 0; statuses[i]; i++)
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

/* --ioc VALUE: the indicator, and for an address the CIDRs that would
 * hold it (its network at every prefix length), for a domain its key. */
static int
ioc_filter(const char *arg, struct store_ticket_filter *f, char **value,
    char **keys, char domain_key[512])
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct { char type[16]; char *value; } first;
	char cidr[128], key[128];
	json_t *a;
	int p, max;

	ioc_first(sc, arg, first.type, &first.value);
	ioc_scanner_free(sc);
	if (first.value == NULL)
		return -1;
	f->ioc_type = xstrdup(first.type);
	f->ioc_value = *value = first.value;
	max = strcmp(first.type, "ipv4") == 0 ? 32 :
	    strcmp(first.type, "ipv6") == 0 ? 128 : -1;
	if (max > 0) {
		a = json_array();
		for (p = 0; p <= max; p++) {
			snprintf(cidr, sizeof(cidr), "%s/%d", first.value, p);
			if (ioc_search_key("cidr", cidr, key, sizeof(key)) == 0)
				json_array_append_new(a, json_string(key));
		}
		f->cidr_keys = *keys = json_dumps(a, JSON_COMPACT);
		json_decref(a);
	}
	if (strcmp(first.type, "domain") == 0 &&
	    ioc_search_key("domain", first.value, domain_key, 512) == 0)
		f->domain_key = domain_key;
	return 0;
}

/* An FTS5 phrase of text's words, Chinese, Japanese and Korean
 * characters spaced out as the index has them; quotes doubled. */
static char *
fts_phrase(const char *text)
{
	struct buf spaced = BUF_INIT, b = BUF_INIT;
	size_t i;

	charset_cjk_spaced(&spaced, text);
	buf_addch(&b, '"');
	for (i = 0; i < spaced.len; i++) {
		if (spaced.data[i] == '"')
			buf_addch(&b, '"');
		buf_addch(&b, spaced.data[i]);
	}
	buf_addch(&b, '"');
	buf_release(&spaced);
	return buf_detach(&b, NULL);
}

/* A cell, as a spreadsheet should show it: one that it would read as a
 * formula (a subject "=HYPERLINK(...)" from a report: CSV injection)
 * gets an apostrophe in front, which spreadsheets hide. */
static void
csv_field(const char *v, int last)
{
	struct buf b = BUF_INIT;

	if (v && v[0] && strchr("=+-@\t\r", v[0])) {
		buf_addch(&b, '\'');
		buf_addstr(&b, v);
		v = b.data;
	}
	csv_fwrite(stdout, v ? v : "", v ? strlen(v) : 0);
	putchar(last ? '\n' : ',');
	buf_release(&b);
}

static int
list_csv(const struct store_ticket *t, void *arg)
{
	const char *tag = arg;
	char id[24], label[64], n[24];

	snprintf(id, sizeof(id), "%" PRId64, t->id);
	snprintf(label, sizeof(label), "[%s #%" PRId64 "]", tag, t->id);
	snprintf(n, sizeof(n), "%" PRId64, t->messages);
	csv_field(id, 0);
	csv_field(label, 0);
	csv_field(t->status, 0);
	csv_field(t->category, 0);
	csv_field(t->owner, 0);
	csv_field(t->priority, 0);
	csv_field(t->created, 0);
	csv_field(t->updated, 0);
	csv_field(n, 0);
	csv_field(t->subject, 1);
	return 0;
}

/* ticket list [filters] [--json|--csv] */
static enum status
ticket_list(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "category", required_argument, NULL, 'c' },
		{ "owner", required_argument, NULL, 'o' },
		{ "partner", required_argument, NULL, 'p' },
		{ "ioc", required_argument, NULL, 'i' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "text", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_ticket_filter f = { 0 };
	struct jstream js = { .out = stdout };
	struct list_ctx lc = { ctx->conf->tag, NULL, &ctx->err };
	char since[32], until[32], domain_key[512];
	char *ioc_value = NULL, *keys = NULL, *phrase = NULL;
	const char *text = NULL, *ioc = NULL, *why = NULL;
	int ch, json = 0, csv = 0, rc;
	enum status st = ST_OK;
	char *end;

	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 's': f.status = optarg; break;
		case 'c': f.category = optarg; break;
		case 'o': f.owner = optarg; break;
		case 'p': f.partner = optarg; break;
		case 'i': ioc = optarg; break;
		case 't': text = optarg; break;
		case 'j': json = 1; break;
		case 'C': csv = 1; break;
		case 'S':
			if (desk_parse_when(optarg, 0, since) < 0)
				why = "--since: not a date (2026-11-01) or time "
				    "(2026-11-01T08:00:00Z)";
			f.since = since;
			break;
		case 'U':
			if (desk_parse_when(optarg, 1, until) < 0)
				why = "--until: not a date (2026-11-30) or time "
				    "(2026-11-30T18:00:00Z)";
			f.until = until;
			break;
		case 'n':
			f.limit = strtoll(optarg, &end, 10);
			if (*end || f.limit <= 0)
				why = "--limit: not a positive number";
			break;
		default:
			return cmd_bad_option(ctx, "ticket list", ch, argv);
		}
	}
	if (why)
		return cmd_usage(ctx, "ticket list: %s", why);
	if (optind != argc)
		return cmd_usage(ctx, "ticket list: unexpected argument '%s'",
		    argv[optind]);
	if (json && csv)
		return cmd_usage(ctx, "ticket list: --json or --csv, not both");
	if (f.status && !status_valid(f.status))
		return cmd_usage(ctx, "ticket list: unknown status '%s' (new, "
		    "open, stalled, resolved, rejected)", f.status);
	if (ioc && ioc_filter(ioc, &f, &ioc_value, &keys, domain_key) < 0)
		return cmd_usage(ctx, "ticket list: --ioc: '%s' is no "
		    "indicator (address, network, domain, URL, e-mail, hash)",
		    ioc);
	if (text)
		f.text = phrase = fts_phrase(text);
	if (json)
		lc.json = &js;
	if (csv)
		csv_field("id", 0), csv_field("tag", 0), csv_field("status", 0),
		    csv_field("category", 0), csv_field("owner", 0),
		    csv_field("priority", 0), csv_field("created", 0),
		    csv_field("updated", 0), csv_field("messages", 0),
		    csv_field("subject", 1);
	rc = store_ticket_list(ctx->store, &f, csv ? list_csv : list_one,
	    csv ? (void *)ctx->conf->tag : (void *)&lc, &ctx->err);
	if (rc < 0)	/* an --json array left open: the output is cut */
		st = ctx->err.status;
	else if (json)
		jstream_end(&js, 1);
	free((char *)f.ioc_type);
	free(ioc_value);
	free(keys);
	free(phrase);
	return st;
}

static json_t *
message_json(const struct store_message *m)
{
	const char *enc = m->encryption ? m->encryption : "none";
	int partner = m->verified_role &&
	    strcmp(m->verified_role, "partner") == 0;
	int staff = m->verified_role && strcmp(m->verified_role, "staff") == 0;

	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:b, s:s, s:s, s:[], s:o, s:o, s:o, s:o, "
	    "s:[], s:I, s:o}",
	    "id", (json_int_t)m->id,
	    "message_id", jstr(m->message_id),
	    "direction", jstr(m->direction),
	    "from", jstr(m->from_addr), "from_name", jstr(m->from_name),
	    "to", jaddr_list(m->to), "cc", jaddr_list(m->cc),
	    "subject", jstr(m->subject), "date", jstr(m->date),
	    "received", jstr(m->received), "recipient", jstr(m->recipient),
	    "in_reply_to", jstr(m->in_reply_to), "references", jstr(m->refs),
	    "sha256", jstr(m->content_sha256),
	    "encrypted", strcmp(enc, "none") != 0, "encryption", enc,
	    "coverage", m->coverage ? m->coverage : "none", "signatures",
	    "verified_partner", jstr(partner ? m->verified_name : NULL),
	    "verified_staff", jstr(staff ? m->verified_name : NULL),
	    "verified_key", jstr(m->verified_role ? m->verified_key : NULL),
	    "verification", jstr(m->verification), "attachments",
	    "size", (json_int_t)m->size, "problem", jstr(m->problem));
}

static int
signature_json(const struct store_signature *sig, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, "
	    "s:b, s:o, s:o}", "part", sig->part_path, "carrier", sig->carrier,
	    "status", sig->status, "fingerprint", jstr(sig->fingerprint),
	    "uid", jstr(sig->uid), "from_match", sig->from_match,
	    "forwarded", sig->forwarded, "created", jstr(sig->created),
	    "detail", jstr(sig->detail)));
	return 0;
}

static int
signature_text(const struct store_signature *sig, void *arg)
{
	(void)arg;
	printf("     signed:   part %s, %s%s by %s%s%s%s%s\n", sig->part_path,
	    sig->status, sig->forwarded ? " (in a forwarded message)" : "",
	    sig->fingerprint[0] ? sig->fingerprint : "an unnamed key",
	    sig->uid ? " \"" : "", sig->uid ? sig->uid : "",
	    sig->uid ? "\"" : "", sig->from_match ? "" : ", not the From "
	    "address");
	return 0;
}

/* Past this many notifications on a ticket, what we sent is shown by
 * recipient and subject alone (a bulk notice to 500 networks would
 * bury the correspondence). */
#define SHOW_SENT 10

/* Lines of a list (indicators, notifications) the text view prints
 * before it only counts the rest: a worm's ticket holds thousands. */
#define SHOW_LIST 50

/* A notification's states (migration 0013's CHECK), for the tally. */
static const char *const notify_states[] = {
	"pending", "sent", "replied", "bounced", "failed",
};
#define NSTATES (sizeof(notify_states) / sizeof(notify_states[0]))

struct show_ctx {
	const char *tag;
	struct store *store;
	struct errbuf *err;
	json_t *ticket;	/* NULL for text output */
	json_t *message;	/* the message whose parts are being read */
	/* --json: what is printed before the messages and after the
	 * indicators; those two are printed as they are read. */
	json_t *tail;
	struct jstream out;	/* the array being printed */
	/* text view: what a reader sees of the message being shown, its
	 * plain text parts, else its HTML ones as text */
	struct buf text, html;
	int signed_msg;		/* the message has signed content */
	size_t notified;	/* the ticket's notifications */
	size_t by_state[NSTATES];	/* ... in each of notify_states */
	int64_t id;
	int has_rows;		/* the ticket has CSV report rows */
};

/* Whether p is text a reader sees as the message's own: a plain text
 * part or an HTML one (as text), not an attachment's. */
static int
readable(const struct store_part *p)
{
	return p->content && p->attachment == NULL && p->text &&
	    (strcmp(p->kind, "text") == 0 || strcmp(p->kind, "html") == 0);
}

static json_t *
part_json(const struct store_part *p)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o}",
	    "path", p->path, "kind", p->kind, "content_type", p->content_type,
	    "charset", jstr(p->charset), "transfer_encoding", jstr(p->encoding),
	    "disposition", jstr(p->disposition), "filename", jstr(p->filename),
	    "size", (json_int_t)p->size, "problem", jstr(p->problem));

	json_object_set_new(j, "content", json_boolean(p->content));
	json_object_set_new(j, "signed", json_string(p->signed_cover ?
	    p->signed_cover : "none"));
	json_object_set_new(j, "encrypted", json_boolean(p->encrypted));
	json_object_set_new(j, "decrypted", json_boolean(p->layer_id != 0));
	json_object_set_new(j, "pgp", jstr(p->pgp));
	json_object_set_new(j, "decryption", jstr(p->decryption));
	if (readable(p))
		json_object_set_new(j, "text", jstr(p->text));
	if (strcmp(p->kind, "message") == 0)
		json_object_set_new(j, "forwarded", json_pack("{s:o, s:o, s:o, "
		    "s:o}", "from", jstr(p->inner_from), "subject",
		    jstr(p->inner_subject), "message_id",
		    jstr(p->inner_message_id), "date", jstr(p->inner_date)));
	return j;
}

static int
report_json(const struct store_report *r, void *arg)
{
	json_t *msg = arg;

	json_object_set_new(msg, "report", json_pack("{s:s, s:o, s:o, s:o, "
	    "s:o, s:o, s:b, s:o}", "format", r->format, "type", jstr(r->type),
	    "category", jstr(r->category), "source_ip", jstr(r->source_ip),
	    "source", jstr(r->source), "time", jstr(r->time),
	    "valid", r->problem == NULL, "problem", jstr(r->problem)));
	return 0;
}

static int
report_text(const struct store_report *r, void *arg)
{
	(void)arg;
	printf("     report:   %s %s%s%s\n", r->format, r->type ? r->type : "-",
	    r->source_ip ? " from " : "", r->source_ip ? r->source_ip : "");
	if (r->problem)
		printf("     invalid:  %s\n", r->problem);
	return 0;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n' || s[1] == '\0';
	return n;
}

/* A part's text onto the message's, a blank line between. */
static void
add_text(struct buf *b, const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (b->len)
		buf_addstr(b, "\n\n");
	utf8_append_printable(b, s, n, 1);
}

/* The text view of part p: its text onto the message's (marked where a
 * signature does not cover it), a mark where text comes that is not
 * shown as text (a forwarded message, ciphertext), its attachment or
 * forward named. */
static void
part_text(struct show_ctx *sc, const struct store_part *p)
{
	char *mark;

	if (readable(p)) {
		struct buf *b = strcmp(p->kind, "text") == 0 ? &sc->text :
		    &sc->html;
		const char *cover = p->signed_cover ? p->signed_cover : "none";
		const char *what = strcmp(cover, "partial") == 0 ?
		    "-- partly covered by the signature --" :
		    "-- not covered by the signature --";

		if (sc->signed_msg && strcmp(cover, "full") != 0)
			add_text(b, what, strlen(what));
		add_text(b, p->text, strlen(p->text));
	}
	if (strcmp(p->kind, "message") == 0) {
		mark = xasprintf("-- forwarded: \"%s\" from %s --",
		    p->inner_subject ? p->inner_subject : "",
		    p->inner_from ? p->inner_from : "-");
		printf("     forwards: \"%s\" from %s\n",
		    p->inner_subject ? p->inner_subject : "",
		    p->inner_from ? p->inner_from : "-");
	} else if (p->pgp && strcmp(p->pgp, "ciphertext") == 0 &&
	    p->decryption && strcmp(p->decryption, "decrypted") != 0)
		mark = xasprintf("-- encrypted, not decrypted (%s) --",
		    p->decryption);
	else
		mark = NULL;
	if (mark) {
		add_text(&sc->text, mark, strlen(mark));
		add_text(&sc->html, mark, strlen(mark));
		free(mark);
	}
	if (p->attachment)
		printf("     attached: %s (%s; really %s), %zu bytes, "
		    "sha256 %s\n", p->filename ? p->filename : "-",
		    p->content_type, p->magic_type ? p->magic_type : "-",
		    p->size, p->attachment);
	if (p->attachment && p->text && *p->text)	/* a PDF's, a zip's */
		printf("     text:     %zu line%s read, shown by: mailgw "
		    "attachment text %s\n", count_lines(p->text),
		    count_lines(p->text) == 1 ? "" : "s", p->attachment);
	if (p->problem)	/* ours: "2 text files of the zip archive ..." */
		printf("     problem:  %s (part %s)\n", p->problem, p->path);
}

static int
show_part(const struct store_part *p, void *arg)
{
	struct show_ctx *sc = arg;

	if (sc->message == NULL) {
		part_text(sc, p);
		return 0;
	}
	json_array_append_new(json_object_get(sc->message, "parts"),
	    part_json(p));
	if (p->attachment)
		json_array_append_new(json_object_get(sc->message,
		    "attachments"), json_pack("{s:o, s:s, s:o, s:I, s:s}",
		    "filename", jstr(p->filename), "declared_type",
		    p->content_type, "magic_type", jstr(p->magic_type),
		    "size", (json_int_t)p->size, "sha256", p->attachment));
	return 0;
}

/* A message's text under its header, indented, without the blank
 * lines at its ends (control characters are gone: show_part). */
static void
print_body(const struct buf *b)
{
	const char *s = b->data, *end = b->data + b->len, *nl, *p;

	/* blank lines go; the first line's indent stays */
	for (p = s; p < end && (*p == '\n' || *p == ' ' || *p == '\t'); p++)
		if (*p == '\n')
			s = p + 1;
	while (end > s && (end[-1] == '\n' || end[-1] == ' ' ||
	    end[-1] == '\t'))
		end--;
	if (s == end)
		return;
	putchar('\n');
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (nl > s)
			printf("     %.*s", (int)(nl - s), s);
		putchar('\n');
	}
}

/* What we sent, read from its raw bytes (our own messages are not kept
 * as parts): its parts as show_part takes them, in either view; in
 * text, its attachments named (they are not kept on their own either). */
static int
sent_parts(struct show_ctx *sc, int64_t id)
{
	struct buf raw = BUF_INIT;
	struct message *msg;
	size_t i;
	int rc = store_message_raw(sc->store, id, &raw, sc->err);

	if (rc <= 0) {
		buf_release(&raw);
		return rc;
	}
	msg = message_parse(raw.data, raw.len, NULL);
	for (i = 0, rc = 0; rc == 0 && i < message_part_count(msg); i++) {
		const struct message_part *p = message_part(msg, i);
		int sig = strcmp(p->content_type,
		    "application/pgp-signature") == 0;
		const char *mark = "-- encrypted to the recipient --";

		rc = show_part(&(struct store_part){ .message_id = id,
		    .path = p->path, .depth = p->depth,
		    .kind = message_kind_name(p->kind),
		    .content_type = p->content_type, .charset = p->charset,
		    .encoding = p->encoding, .disposition = p->disposition,
		    .filename = p->filename, .size = p->data.len,
		    .text = p->text, .pgp = sig ? "signature" : NULL,
		    .content = p->kind != PART_MULTIPART && !sig }, sc);
		if (sc->message)
			continue;
		if (strcmp(p->content_type, "multipart/encrypted") == 0)
			add_text(&sc->text, mark, strlen(mark));
		else if (p->kind == PART_ATTACHMENT && p->filename && !sig)
			printf("     attached: %s (%s), %zu bytes\n",
			    p->filename, p->content_type, p->data.len);
	}
	message_free(msg);
	buf_release(&raw);
	return rc;
}

static int
show_message(const struct store_message *m, void *arg)
{
	struct show_ctx *sc = arg;
	int out = strcmp(m->direction, "out") == 0;

	if (sc->ticket) {
		if ((sc->message = message_json(m)) == NULL)
			return jstream_put(&sc->out, NULL, sc->err);
		json_object_set_new(sc->message, "parts", json_array());
		json_object_set_new(sc->message, "report", json_null());
		if (store_report_get(sc->store, m->id, report_json, sc->message,
		    sc->err) < 0 || store_message_signatures(sc->store, m->id,
		    signature_json, json_object_get(sc->message, "signatures"),
		    sc->err) < 0 || (out ? sent_parts(sc, m->id) :
		    store_message_parts(sc->store, m->id, show_part, sc,
		    sc->err)) < 0) {
			json_decref(sc->message);
			return -1;
		}
		return jstream_put(&sc->out, sc->message, sc->err);
	}
	if (out) {
		printf("\n  #%" PRId64 " to  %s\n", m->id, m->recipient[0] ?
		    m->recipient : m->to);
		if (sc->notified > SHOW_SENT) {
			printf("     subject:  %s\n", m->subject);
			return 0;
		}
	} else
		printf("\n  #%" PRId64 " from  %s\n", m->id,
		    m->from_addr[0] ? m->from_addr : "(no sender)");
	if (m->from_name[0] && !out)	/* ours is our own */
		printf("     name:     %s\n", m->from_name);
	printf("     subject:  %s\n", m->subject);
	if (out && m->date == NULL)
		printf("     queued:   %s\n", m->received);
	else
		printf("     date:     %s (received %s)\n",
		    m->date ? m->date : "-", m->received);
	if (m->message_id[0])
		printf("     id:       <%s>\n", m->message_id);
	if (m->recipient[0] && !out)
		printf("     for:      %s\n", m->recipient);
	if (m->problem)
		printf("     problem:  %s\n", m->problem);
	if (m->encryption && strcmp(m->encryption, "none") != 0)
		printf("     encrypted: %s\n", m->encryption);
	if (m->verified_role)
		printf("     verified: %s %s (key %s)\n", m->verified_role,
		    m->verified_name, m->verified_key);
	else if (m->coverage && strcmp(m->coverage, "none") != 0)
		printf("     coverage: %s; not verified: %s\n", m->coverage,
		    m->verification ? m->verification : "-");
	sc->message = NULL;
	sc->signed_msg = m->coverage && strcmp(m->coverage, "none") != 0;
	buf_reset(&sc->text);
	buf_reset(&sc->html);
	if (out) {
		if (sent_parts(sc, m->id) < 0)
			return -1;
	} else if (store_report_get(sc->store, m->id, report_text, NULL,
	    sc->err) < 0 || store_message_signatures(sc->store, m->id,
	    signature_text, NULL, sc->err) < 0 ||
	    store_message_parts(sc->store, m->id, show_part, sc, sc->err) < 0)
		return -1;
	print_body(sc->text.len ? &sc->text : &sc->html);
	return 0;
}

static int
show_ref(const char *partner, const char *ref, void *arg)
{
	json_t *refs = arg;

	if (refs)
		return json_array_append_new(refs, json_pack("{s:o, s:o}",
		    "partner", jstr(partner), "ref", jstr(ref)));
	else
		printf("  partner:  %s, their reference %s\n", partner, ref);
	return 0;
}

static int
note_show(const struct store_entry *en, void *arg)
{
	if (arg)
		json_array_append_new(arg, json_pack("{s:s, s:s, s:o}", "author",
		    en->who, "at", en->at, "text", jstr(en->text)));
	else
		printf("  note by %s at %s:\n    %s\n", en->who, en->at,
		    en->text);
	return 0;
}

/* A CSV report's row, under its indicator's "rows". */
static int
ioc_row_json(const struct store_ioc_row *row, void *arg)
{
	json_t *cols = json_loads(row->columns, 0, NULL);

	json_array_append_new(arg, json_pack("{s:o, s:I, s:s, s:I, s:o}",
	    "seen", jstr(row->seen), "message", (json_int_t)row->message_id,
	    "part", row->part_path, "line", (json_int_t)row->line, "columns",
	    cols ? cols : json_object()));
	return 0;
}

/* An indicator, with the rows of the CSV reports that gave it. */
static int
ioc_json(const struct store_ioc *i, void *arg)
{
	struct show_ctx *sc = arg;
	json_t *j = json_pack("{s:s, s:o, s:b, s:b, s:s, s:b, s:b, s:I, s:s, "
	    "s:I, s:[]}", "type", i->type, "value", jstr(i->value),
	    "signed", i->is_signed, "notifiable", !i->allowlisted &&
	    strcmp(i->class, "public") == 0, "class", i->class,
	    "allowlisted", i->allowlisted, "defanged", i->defanged,
	    "occurrences", (json_int_t)i->occurrences, "first_seen",
	    i->first_seen, "message", (json_int_t)i->message_id, "rows");

	if (j && sc->has_rows && store_ioc_rows(sc->store, sc->id, i->type,
	    i->value, ioc_row_json, json_object_get(j, "rows"), sc->err) < 0) {
		json_decref(j);
		return -1;
	}
	return jstream_put(&sc->out, j, sc->err);
}

static int
ioc_text(const struct store_ioc *i, void *arg)
{
	size_t *n = arg;

	if ((*n)++ >= SHOW_LIST)
		return 0;
	printf("    %-7s %s%s%s%s%s\n", i->type, i->value,
	    strcmp(i->class, "public") ? "  (" : "",
	    strcmp(i->class, "public") ? i->class : "",
	    strcmp(i->class, "public") ? ")" : "",
	    i->allowlisted ? "  allowlisted" : "");
	return 0;
}

static int
notification_json(const struct store_notification *n, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:o, s:o, s:s, s:o}", "id", (json_int_t)n->id,
	    "contact", n->contact, "address", n->address, "scope", n->scope,
	    "template", n->template, "format", n->format, "status", n->status,
	    "created", n->created, "sent", jstr(n->sent), "message_id",
	    jstr(n->rfc_message_id), "provenance", n->provenance, "error",
	    jstr(n->last_error)));
	return 0;
}

static int
notification_text(const struct store_notification *n, void *arg)
{
	struct show_ctx *sc = arg;
	size_t i;

	for (i = 0; i < NSTATES; i++)
		if (strcmp(notify_states[i], n->status) == 0)
			sc->by_state[i]++;
	if (sc->notified++ < SHOW_LIST)
		printf("  notified: %s %s (%s, %s) %s\n", n->address,
		    n->status, n->scope, n->template, n->sent ? n->sent : "");
	return 0;
}

/* After a long list of notifications, how they stand, all of them. */
static void
notified_tally(const struct show_ctx *sc, int64_t id)
{
	size_t i;

	if (sc->notified <= SHOW_LIST)
		return;
	printf("  notified: ... and %zu more (ticket show %" PRId64 " --json "
	    "lists them); all %zu:", sc->notified - SHOW_LIST, id,
	    sc->notified);
	for (i = 0; i < NSTATES; i++)
		if (sc->by_state[i])
			printf(" %zu %s", sc->by_state[i], notify_states[i]);
	printf("\n");
}

static int
link_json(int64_t other, void *arg)
{
	json_array_append_new(arg, json_integer(other));
	return 0;
}

static int
link_text(int64_t other, void *arg)
{
	const struct show_ctx *sc = arg;

	printf("  related:  [%s #%" PRId64 "]\n", sc->tag, other);
	return 0;
}

static int
show_ticket(const struct store_ticket *t, void *arg)
{
	struct show_ctx *sc = arg;
	size_t niocs = 0;

	if (sc->ticket) {
		/* The fields before "messages" and after "iocs"; those two
		 * are printed as they are read (ticket_show_json). */
		sc->ticket = ticket_json(t, sc->tag);
		sc->tail = json_object();
		if (sc->ticket == NULL || sc->tail == NULL)
			return err_set(sc->err, ST_TEMPFAIL, "out of memory "
			    "making the JSON answer");
		json_object_set_new(sc->ticket, "partner_refs", json_array());
		json_object_set_new(sc->tail, "notifications", json_array());
		json_object_set_new(sc->tail, "notes", json_array());
		json_object_set_new(sc->tail, "links", json_array());
		if (store_ticket_notifications(sc->store, t->id, NULL,
		    notification_json, json_object_get(sc->tail,
		    "notifications"), sc->err) < 0 ||
		    store_ticket_notes(sc->store, t->id, note_show,
		    json_object_get(sc->tail, "notes"), sc->err) < 0 ||
		    store_ticket_links(sc->store, t->id, link_json,
		    json_object_get(sc->tail, "links"), sc->err) < 0 ||
		    store_ticket_has_rows(sc->store, t->id, &sc->has_rows,
		    sc->err) < 0)
			return -1;
		return store_ticket_partner_refs(sc->store, t->id, show_ref,
		    json_object_get(sc->ticket, "partner_refs"), sc->err) < 0 ?
		    -1 : 0;
	}
	printf("[%s #%" PRId64 "] %s\n", sc->tag, t->id, t->subject);
	if (t->merged_into)
		printf("  merged into [%s #%" PRId64 "]\n", sc->tag,
		    t->merged_into);
	printf("  status:   %s\n  category: %s\n  owner:    %s\n  priority: %s\n",
	    t->status, t->category ? t->category : "-",
	    t->owner ? t->owner : "-", t->priority);
	if (t->takedown)
		printf("  takedown: %s\n", t->takedown);
	printf("  created:  %s\n  updated:  %s\n  messages: %" PRId64 "\n",
	    t->created, t->updated, t->messages);
	if (store_ticket_links(sc->store, t->id, link_text, sc, sc->err) < 0)
		return -1;
	if (store_ticket_partner_refs(sc->store, t->id, show_ref, NULL,
	    sc->err) < 0 || store_ticket_notes(sc->store, t->id, note_show, NULL,
	    sc->err) < 0)
		return -1;
	if (store_ticket_notifications(sc->store, t->id, NULL,
	    notification_text, sc, sc->err) < 0)
		return -1;
	notified_tally(sc, t->id);
	printf("  indicators:\n");
	if (store_ticket_iocs(sc->store, t->id, ioc_text, &niocs, sc->err) < 0)
		return -1;
	if (niocs > SHOW_LIST)
		printf("    ... and %zu more (mailgw ioc export --ticket %"
		    PRId64 " lists them all)\n", niocs - SHOW_LIST, t->id);
	return 0;
}

/* Print the members of object o, each after a comma but the first, as
 * jansson would inside the ticket's object. */
static void
print_members(json_t *o, int *first)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		/* Our own field names: nothing to escape. */
		printf("%s  \"%s\": ", *first ? "{\n" : ",\n", key);
		jstream_dump(stdout, v, 2);
		*first = 0;
	}
}

/* ticket show --json: the ticket's own fields, then its messages and
 * its indicators printed as they are read (a worm's ticket holds a
 * hundred thousand addresses, each with its report rows: built whole,
 * the document took a hundred times their size), then the rest. The
 * same document as one built whole. -1 leaves the output cut short. */
static int
ticket_show_json(struct show_ctx *sc)
{
	int first = 1;

	print_members(sc->ticket, &first);
	fputs(",\n  \"messages\": ", stdout);
	sc->out = (struct jstream){ .out = stdout, .indent = 2 };
	if (store_ticket_messages(sc->store, sc->id, show_message, sc,
	    sc->err) < 0)
		return -1;
	jstream_end(&sc->out, 0);
	fputs(",\n  \"iocs\": ", stdout);
	sc->out.n = 0;
	if (store_ticket_iocs(sc->store, sc->id, ioc_json, sc, sc->err) < 0)
		return -1;
	jstream_end(&sc->out, 0);
	print_members(sc->tail, &first);
	fputs("\n}\n", stdout);
	return 0;
}

static enum status
ticket_show(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct show_ctx sc = { .tag = ctx->conf->tag, .store = ctx->store,
	    .err = &ctx->err, .text = BUF_INIT, .html = BUF_INIT };
	int ch, json = 0, rc;
	int64_t id;

	while ((ch = getopt_long(argc, argv, ":j", opts, NULL)) != -1) {
		if (ch != 'j')
			return cmd_bad_option(ctx, "ticket show", ch, argv);
		json = 1;
	}
	if (optind + 1 != argc)
		return cmd_usage(ctx, "ticket show: expected one ticket ID");
	if ((id = desk_ticket_id(argv[optind])) == 0)
		return cmd_usage(ctx, "ticket show: '%s' is not a ticket ID",
		    argv[optind]);
	if (json)
		sc.ticket = json_null();	/* asks show_ticket for JSON */
	sc.id = id;
	rc = store_ticket_get(ctx->store, id, show_ticket, &sc, &ctx->err);
	if (rc == 0) {
		err_set(&ctx->err, ST_NOINPUT, "ticket show: no ticket %" PRId64,
		    id);
		return ST_NOINPUT;
	}
	if (rc > 0)
		rc = json ? ticket_show_json(&sc) : store_ticket_messages(
		    ctx->store, id, show_message, &sc, &ctx->err);
	json_decref(sc.ticket);
	json_decref(sc.tail);
	buf_release(&sc.text);
	buf_release(&sc.html);
	if (rc < 0 && ctx->err.status == ST_OK)	/* a callback's */
		err_set(&ctx->err, ST_TEMPFAIL, "ticket show: out of memory "
		    "making the JSON answer");
	return rc < 0 ? ctx->err.status : ST_OK;
}

/* Split "KEY=VALUE" into field and *value; -1 when it is not that. */
static int
split_field(const char *arg, char field[16], const char **value)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || (size_t)(eq - arg) >= 16)
		return -1;
	snprintf(field, 16, "%.*s", (int)(eq - arg), arg);
	*value = eq + 1;
	return 0;
}

/* ticket set ID KEY=VALUE...: all or nothing, each change audited. */
static enum status
ticket_set(int argc, char **argv, struct ctx *ctx)
{
	char actor[128], field[16], *detail;
	const char *value, *why;
	int64_t id;
	int i, rc = 1;

	if (argc < 3 || (id = desk_ticket_id(argv[1])) == 0)
		return cmd_usage(ctx, "ticket set: expected ID KEY=VALUE...");
	for (i = 2; i < argc; i++) {
		if (split_field(argv[i], field, &value) < 0)
			return cmd_usage(ctx, "ticket set: '%s' is not "
			    "KEY=VALUE", argv[i]);
		if ((why = desk_field_refusal(ctx->conf, field, value)) != NULL)
			return cmd_usage(ctx, "ticket set: %s: '%s' %s", field,
			    value, why);
	}
	cmd_actor(actor, sizeof(actor));
	if (store_begin(ctx->store, &ctx->err) < 0)
		return ctx->err.status;
	for (i = 2; rc > 0 && i < argc; i++) {
		split_field(argv[i], field, &value);	/* checked above */
		rc = desk_set(ctx->store, id, field, value, actor, &detail,
		    &ctx->err);
		if (rc > 0)
			printf("[%s #%" PRId64 "] %s\n", ctx->conf->tag, id,
			    detail);
		free(detail);
	}
	if (rc <= 0 || store_commit(ctx->store, &ctx->err) < 0) {
		store_rollback(ctx->store);
		if (rc == 0)
			err_set(&ctx->err, ST_NOINPUT, "ticket set: no ticket "
			    "%" PRId64, id);
		return ctx->err.status;
	}
	return ST_OK;
}

#define MAX_NOTE (1024 * 1024)

/* ticket comment ID: an internal note from stdin, never mailed out. */
static enum status
ticket_comment(int argc, char **argv, struct ctx *ctx)
{
	struct buf in, text = BUF_INIT;
	char actor[128];
	int64_t id;
	int rc;

	if (argc != 2 || (id = desk_ticket_id(argv[1])) == 0)
		return cmd_usage(ctx, "ticket comment: expected one ID (the "
		    "note on stdin)");
	buf_init(&in, MAX_NOTE);
	if (buf_read_fd(&in, STDIN_FILENO) < 0) {
		buf_release(&in);
		err_set(&ctx->err, ST_DATA, "ticket comment: the note must be "
		    "text of at most 1 MB");
		return ST_DATA;
	}
	utf8_append_sanitized(&text, in.data, in.len);
	buf_release(&in);
	buf_trim(&text);
	if (text.len == 0) {
		buf_release(&text);
		err_set(&ctx->err, ST_DATA, "ticket comment: empty note");
		return ST_DATA;
	}
	cmd_actor(actor, sizeof(actor));
	if (store_begin(ctx->store, &ctx->err) < 0) {
		buf_release(&text);
		return ctx->err.status;
	}
	rc = desk_note(ctx->store, id, actor, text.data, &ctx->err);
	if (rc > 0 && store_commit(ctx->store, &ctx->err) < 0)
		rc = -1;
	buf_release(&text);
	if (rc <= 0) {
		store_rollback(ctx->store);
		if (rc == 0)
			err_set(&ctx->err, ST_NOINPUT, "ticket comment: no "
			    "ticket %" PRId64, id);
		return ctx->err.status;
	}
	printf("[%s #%" PRId64 "] note added\n", ctx->conf->tag, id);
	return ST_OK;
}

static int
log_line(const struct store_entry *en, void *arg)
{
	json_t *a = arg;

	if (a)	/* the audit trail whole, or an error: never a row left out */
		return json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:o}",
		    "at", en->at, "actor", jstr(en->who), "action", en->action,
		    "detail", jstr(en->text)));
	else
		printf("%s  %-20s %-16s %s\n", en->at, en->who, en->action,
		    en->text);
	return 0;
}

/* ticket merge ID INTO: ID's messages, indicators, partner references
 * and notes move into INTO; ID's tag threads there from now on. */
static enum status
ticket_merge(int argc, char **argv, struct ctx *ctx)
{
	int64_t id[2], which;
	char actor[128];
	const char *why = NULL;
	int rc;

	if (argc != 3 || (id[0] = desk_ticket_id(argv[1])) == 0 ||
	    (id[1] = desk_ticket_id(argv[2])) == 0)
		return cmd_usage(ctx, "ticket merge: expected ID INTO");
	if (id[0] == id[1])
		return cmd_usage(ctx, "ticket merge: a ticket cannot be merged "
		    "into itself");
	if (store_begin(ctx->store, &ctx->err) < 0)
		return ctx->err.status;
	cmd_actor(actor, sizeof(actor));
	rc = desk_merge(ctx->store, ctx->conf, id[0], id[1], actor, &why,
	    &which, &ctx->err);
	if (rc == 0)
		err_set(&ctx->err, strcmp(why, DESK_NO_TICKET) == 0 ?
		    ST_NOINPUT : ST_DATA,
		    "ticket merge: ticket %" PRId64 ": %s", which, why);
	if (rc <= 0 || store_commit(ctx->store, &ctx->err) < 0) {
		store_rollback(ctx->store);
		return ctx->err.status;
	}
	printf("[%s #%" PRId64 "] merged into [%s #%" PRId64 "]\n",
	    ctx->conf->tag, id[0], ctx->conf->tag, id[1]);
	return ST_OK;
}

/* ticket link ID OTHER: two related incidents (not duplicates: those
 * are merged), shown on both, audited on both. */
static enum status
ticket_link(int argc, char **argv, struct ctx *ctx)
{
	char actor[128], status[16], *d;
	int64_t id[2];
	int i, rc = 1;

	if (argc != 3 || (id[0] = desk_ticket_id(argv[1])) == 0 ||
	    (id[1] = desk_ticket_id(argv[2])) == 0)
		return cmd_usage(ctx, "ticket link: expected ID OTHER");
	if (id[0] == id[1])
		return cmd_usage(ctx, "ticket link: a ticket is not related to "
		    "itself");
	if (store_begin(ctx->store, &ctx->err) < 0)
		return ctx->err.status;
	for (i = 0; i < 2 && rc > 0; i++)
		if ((rc = store_ticket_status(ctx->store, id[i], status,
		    sizeof(status), &ctx->err)) == 0)
			err_set(&ctx->err, ST_NOINPUT, "ticket link: no ticket "
			    "%" PRId64, id[i]);
	if (rc > 0)
		rc = store_ticket_link(ctx->store, id[0], id[1], &ctx->err);
	if (rc > 0) {
		cmd_actor(actor, sizeof(actor));
		for (i = 0; i < 2 && rc > 0; i++) {
			d = xasprintf("related to [%s #%" PRId64 "]",
			    ctx->conf->tag, id[1 - i]);
			if (store_audit(ctx->store, id[i], actor, "ticket.link", d,
			    &ctx->err) < 0)
				rc = -1;
			free(d);
		}
	}
	if (rc < 0 || (rc == 0 && ctx->err.status) ||
	    store_commit(ctx->store, &ctx->err) < 0) {
		store_rollback(ctx->store);
		return ctx->err.status;
	}
	printf("[%s #%" PRId64 "] %s [%s #%" PRId64 "]\n", ctx->conf->tag, id[0],
	    rc ? "related to" : "was related already to", ctx->conf->tag, id[1]);
	return ST_OK;
}

/* ticket log ID [--json]: the audit trail, oldest first. */
static enum status
ticket_log(int argc, char **argv, struct ctx *ctx)
{
	char status[16];
	json_t *a = NULL;
	int64_t id;
	int rc;

	if (argc == 3 && strcmp(argv[2], "--json") == 0)
		a = json_array();
	else if (argc != 2)
		return cmd_usage(ctx, "ticket log: expected one ID [--json]");
	if ((id = desk_ticket_id(argv[1])) == 0) {
		json_decref(a);
		return cmd_usage(ctx, "ticket log: '%s' is not a ticket ID",
		    argv[1]);
	}
	rc = store_ticket_status(ctx->store, id, status, sizeof(status),
	    &ctx->err);
	if (rc == 0)
		err_set(&ctx->err, ST_NOINPUT, "ticket log: no ticket %" PRId64,
		    id);
	if (rc <= 0 || store_ticket_audit(ctx->store, id, log_line, a,
	    &ctx->err) < 0) {
		json_decref(a);
		if (ctx->err.status == ST_OK)	/* log_line's */
			err_set(&ctx->err, ST_TEMPFAIL, "ticket log: out of "
			    "memory making the JSON answer");
		return ctx->err.status;
	}
	if (a)
		print_json(a);
	return ST_OK;
}

enum status
cmd_ticket(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		return cmd_usage(ctx, "ticket: expected list, show, set, comment, "
		    "log, merge or link");
	if (strcmp(argv[1], "list") == 0)
		return ticket_list(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "show") == 0)
		return ticket_show(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "set") == 0)
		return ticket_set(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "comment") == 0)
		return ticket_comment(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "log") == 0)
		return ticket_log(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "merge") == 0)
		return ticket_merge(argc - 1, argv + 1, ctx);
	if (strcmp(argv[1], "link") == 0)
		return ticket_link(argc - 1, argv + 1, ctx);
	return cmd_usage(ctx, "ticket: unknown subcommand '%s'", argv[1]);
}

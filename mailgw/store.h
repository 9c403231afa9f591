/* The store: one SQLite file in WAL mode, synchronous=FULL, with the
 * schema from migrations/ applied in order (version in PRAGMA
 * user_version). The only module that includes sqlite3; every statement
 * is prepared and bound. Failures return -1 with the errbuf's status
 * ST_TEMPFAIL for what may pass (busy, full, read-only, I/O). */
#ifndef MAILGW_STORE_H
#define MAILGW_STORE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct errbuf;
struct store;

struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Compiled in from migrations/NNNN_name.sql; ends with a NULL name. */
extern const struct migration store_migrations[];

#define STORE_CREATE	(1 << 0)	/* create the file when missing */
#define STORE_MKDIR	(1 << 1)	/* and its directory */
#define STORE_MIGRATE	(1 << 2)	/* apply pending migrations */
#define STORE_READONLY	(1 << 3)	/* read it as it is: no pragma set */

/* Open path. A schema newer than this program is an error (ST_CONFIG).
 * Caller closes with store_close. */
int store_open(struct store **out, const char *path, int busy_timeout_ms,
    int flags, struct errbuf *e);
void store_close(struct store *s);

/* The schema version this program knows, and the file's. */
int store_latest_version(void);
int store_version(struct store *s, int *version, struct errbuf *e);
/* Apply pending migrations in one transaction; *applied counts them. */
int store_migrate(struct store *s, int *applied, struct errbuf *e);
/* Integrity and foreign-key checks; each problem is a line appended to
 * problems. Returns 0 when it could check (clean or not). */
int store_check(struct store *s, struct buf *problems, struct errbuf *e);
/* A consistent copy of the store in the new file path (made private to
 * its owner, never over an existing file), taken while others read and
 * write it, and made durable. -1 leaves no file of ours behind. */
int store_backup(struct store *s, const char *path, struct errbuf *e);

/* A write transaction (BEGIN IMMEDIATE, so that the lock is taken, or
 * waited for, at the start). */
int store_begin(struct store *s, struct errbuf *e);
/* A read transaction: one snapshot (and one lock) for many queries. */
int store_begin_read(struct store *s, struct errbuf *e);
int store_commit(struct store *s, struct errbuf *e);
void store_rollback(struct store *s);

/* A message as stored; strings are borrowed for the call. */
struct store_message {
	int64_t id;
	int64_t ticket_id;
	const char *direction;	/* "in" or "out" */
	const char *message_id;	/* "" when none */
	const char *content_sha256;
	const char *received;	/* set when read back */
	const char *recipient;
	const char *from_addr, *from_name, *to, *cc, *subject, *date;
	const char *in_reply_to, *refs;	/* refs: ids separated by spaces */
	const char *problem;	/* NULL when it parsed cleanly */
	const char *raw;
	size_t size;
	/* OpenPGP: "full", "partial", "none" (NULL: "none"), and who the
	 * message is verified to be from (role NULL: nobody), why not. */
	const char *coverage, *encryption;
	const char *verified_role, *verified_name, *verified_key;
	const char *verification;
};

/* One MIME part of a stored message; strings borrowed for the call. */
struct store_part {
	int64_t message_id;
	const char *path;
	int depth;
	const char *kind;	/* multipart, message, text, html, attachment */
	const char *content_type, *charset, *encoding, *disposition;
	const char *filename;
	size_t raw_start, raw_len, body_start, body_len, size;
	const char *text;
	int text_in_raw;	/* text is the raw body as it is: kept once */
	int text_in_attachment;	/* text is the attachment's bytes (1), or
				 * them with each CRLF as LF (2): the same */
	const char *attachment;	/* SHA-256 of the stored bytes, or NULL */
	const char *magic_type;	/* read back with the attachment */
	const char *inner_from, *inner_subject, *inner_message_id, *inner_date;
	const char *problem;
	int64_t layer_id;	/* offsets are into this layer, 0: the message */
	int encrypted, content;
	const char *signed_cover;	/* "full", "partial", "none"; NULL none */
	const char *pgp;	/* "signature", "pgp-control", "ciphertext",
				 * "key", or NULL */
	const char *decryption;
};

/* A signature found in a message. */
struct store_signature {
	int64_t message_id;
	const char *part_path, *carrier, *status, *fingerprint, *uid;
	int from_match, forwarded;
	const char *created, *detail;
};
typedef int (*store_signature_fn)(const struct store_signature *sig,
    void *arg);

struct store_ticket {
	int64_t id;
	const char *status, *category, *owner, *subject, *created, *updated;
	const char *priority;
	const char *takedown;	/* requested, acknowledged, done, refused */
	int64_t merged_into;	/* 0 when not merged */
	int64_t messages;
};

typedef int (*store_ticket_fn)(const struct store_ticket *t, void *arg);
typedef int (*store_message_fn)(const struct store_message *m, void *arg);
typedef int (*store_part_fn)(const struct store_part *p, void *arg);

/* 1 and *id when the (message_id, sha256) pair is stored, 0 if not. */
int store_message_find(struct store *s, const char *message_id,
    const char *sha256, int64_t *id, struct errbuf *e);
/* 1 and *ticket when a stored message has this Message-ID, 0 if not. */
int store_ticket_by_message_id(struct store *s, const char *message_id,
    int64_t *ticket, struct errbuf *e);
/* Insert m (its ticket_id set); *id is the new row. */
int store_message_add(struct store *s, const struct store_message *m,
    int64_t *id, struct errbuf *e);

int store_part_add(struct store *s, const struct store_part *p,
    struct errbuf *e);
/* 1 when an attachment with these bytes is stored, 0 if not. */
int store_attachment_exists(struct store *s, const char *sha256,
    struct errbuf *e);
/* Store bytes under their SHA-256 unless they are there already. */
int store_attachment_add(struct store *s, const char *sha256,
    const void *data, size_t len, const char *magic_type, struct errbuf *e);
/* 1 and the bytes appended to out when stored, 0 when not. */
int store_attachment_get(struct store *s, const char *sha256,
    struct buf *out, struct errbuf *e);
/* Append the text read from attachment sha256 (a PDF's, a workbook's, a
 * zip's files', a text file's) to out: 1, or 0 when none was read from
 * it or there is no such attachment. */
int store_attachment_text(struct store *s, const char *sha256,
    struct buf *out, struct errbuf *e);
/* Append message id's raw bytes to out: 1, or 0 when there is none. */
int store_message_raw(struct store *s, int64_t id, struct buf *out,
    struct errbuf *e);
/* Call fn for each part of a message, in order (magic_type filled). */
int store_message_parts(struct store *s, int64_t message, store_part_fn fn,
    void *arg, struct errbuf *e);
/* What a ciphertext in a message decrypted to; *id for its parts. */
int store_layer_add(struct store *s, int64_t message, const char *path,
    const char *parent, const void *raw, size_t len, int64_t *id,
    struct errbuf *e);
int store_signature_add(struct store *s, const struct store_signature *sig,
    struct errbuf *e);
int store_message_signatures(struct store *s, int64_t message,
    store_signature_fn fn, void *arg, struct errbuf *e);

int store_ticket_create(struct store *s, const char *subject, int64_t *id,
    struct errbuf *e);
/* 1 and the status copied when ticket id exists, 0 when it does not. */
int store_ticket_status(struct store *s, int64_t id, char *status,
    size_t size, struct errbuf *e);
/* Set one of a ticket's fields (status, category, owner, priority; a NULL
 * value clears category or owner). *old gets the value it had (caller
 * frees; NULL when it had none). 0 when there is no such ticket. */
int store_ticket_set(struct store *s, int64_t id, const char *field,
    const char *value, char **old, struct errbuf *e);
/* Touch the ticket's updated time. */
int store_ticket_touch(struct store *s, int64_t id, struct errbuf *e);
int store_audit(struct store *s, int64_t ticket, const char *actor,
    const char *action, const char *detail, struct errbuf *e);

/* Call fn for each ticket (status NULL: all), newest first; fn returning
 * non-zero stops the walk with that value. */
/* What ticket list looks for; NULL (0) fields do not filter. */
struct store_ticket_filter {
	const char *status, *category, *owner;
	const char *partner;		/* a partner's name: its references
					 * or mail from its addresses */
	const char *since, *until;	/* on created: "2026-11-01T00:00:00Z" */
	const char *text;		/* an FTS5 query over subjects and text */
	const char *ioc_type, *ioc_value;	/* an indicator, as stored */
	const char *cidr_keys;		/* JSON array: CIDR networks holding it */
	const char *domain_key;		/* a domain's key: its subdomains too */
	int64_t limit;			/* 0: all */
};
/* Tickets not merged away, newest first. */
int store_ticket_list(struct store *s, const struct store_ticket_filter *f,
    store_ticket_fn fn, void *arg, struct errbuf *e);
/* A ticket as the monthly report counts it. */
struct store_month_ticket {
	int64_t id;
	const char *status, *category, *created;
	const char *partner;		/* by its reference or address, or NULL */
	const char *resolved;		/* first set to resolved, or NULL */
	const char *first_notice;	/* first notification queued, or NULL */
};
/* Tickets created in [since, until), not merged away. */
int store_month_tickets(struct store *s, const char *since,
    const char *until, int (*fn)(const struct store_month_ticket *t,
    void *arg), void *arg, struct errbuf *e);
/* The public addresses and networks those tickets name. */
int store_month_addresses(struct store *s, const char *since,
    const char *until, int (*fn)(int64_t ticket, const char *type,
    const char *value, void *arg), void *arg, struct errbuf *e);
/* Index a message's subject and texts (n of them, joined by line ends)
 * for --text. */
int store_message_text_add(struct store *s, int64_t message,
    const char *subject, const char *const *texts, size_t n,
    struct errbuf *e);
/* Link two existing tickets: 1 linked, 0 linked already. */
int store_ticket_link(struct store *s, int64_t a, int64_t b,
    struct errbuf *e);
int store_ticket_links(struct store *s, int64_t ticket,
    int (*fn)(int64_t other, void *arg), void *arg, struct errbuf *e);
/* Call fn for ticket id; 1 when found, 0 when not. */
int store_ticket_get(struct store *s, int64_t id, store_ticket_fn fn,
    void *arg, struct errbuf *e);
/* Call fn for each message of a ticket, oldest first (raw not filled). */
int store_ticket_messages(struct store *s, int64_t ticket,
    store_message_fn fn, void *arg, struct errbuf *e);
/* Partners and staff ("correspondents"). */
struct store_correspondent {
	int64_t id;
	const char *role, *name, *ref_regex, *created;
	const char *addresses, *keys;	/* separated by spaces */
};
typedef int (*store_correspondent_fn)(const struct store_correspondent *c,
    void *arg);

/* Find or create (role, name); a non-NULL ref_regex replaces the old.
 * *created says which. */
int store_correspondent_add(struct store *s, const char *role,
    const char *name, const char *ref_regex, int64_t *id, int *created,
    struct errbuf *e);
/* Bind an address or a key fingerprint to correspondent id; one bound to
 * another correspondent is refused (ST_DATA, naming it). */
int store_correspondent_bind(struct store *s, int64_t id, const char *what,
    const char *value, struct errbuf *e);
/* 1 when (role, name) existed and is removed, 0 when there was none. */
int store_correspondent_remove(struct store *s, const char *role,
    const char *name, struct errbuf *e);
int store_correspondent_list(struct store *s, const char *role,
    store_correspondent_fn fn, void *arg, struct errbuf *e);
/* Call fn(id, pattern) for each partner with a reference pattern. */
int store_partner_patterns(struct store *s,
    int (*fn)(int64_t id, const char *pattern, void *arg), void *arg,
    struct errbuf *e);
/* 1 and the id when address is a partner's (role "partner") or a staff
 * member's ("staff"), 0 if not. */
int store_correspondent_by_address(struct store *s, const char *role,
    const char *address, int64_t *id, struct errbuf *e);
/* 1 with the id and role ("partner", "staff") of whoever the key with
 * this fingerprint was recorded for, 0 for nobody. */
int store_correspondent_by_key(struct store *s, const char *fingerprint,
    int64_t *id, char role[16], struct errbuf *e);
/* 1 and the ticket when the partner's reference is mapped, 0 if not. */
int store_partner_ref_ticket(struct store *s, int64_t partner,
    const char *ref, int64_t *ticket, struct errbuf *e);
/* Map a partner's reference to a ticket unless it is mapped already. */
int store_partner_ref_add(struct store *s, int64_t partner, const char *ref,
    int64_t ticket, int64_t message, struct errbuf *e);
typedef int (*store_ref_fn)(const char *partner, const char *ref, void *arg);
int store_ticket_partner_refs(struct store *s, int64_t ticket,
    store_ref_fn fn, void *arg, struct errbuf *e);

/* The outbox: one delivery of one outgoing message. */
struct store_outbox {
	int64_t id, message_id;
	const char *purpose, *envelope_from, *recipient, *status;
	const char *raw;
	size_t size;
};

int store_outbox_add(struct store *s, int64_t message, const char *purpose,
    const char *envelope_from, const char *recipient, int64_t *id,
    struct errbuf *e);
/* Call fn with outbox entry id and its message's raw bytes; 1 when it
 * exists, 0 when not. */
int store_outbox_get(struct store *s, int64_t id,
    int (*fn)(const struct store_outbox *o, void *arg), void *arg,
    struct errbuf *e);
/* status "sent", "failed", or "pending" (another attempt counted). */
int store_outbox_mark(struct store *s, int64_t id, const char *status,
    const char *error, struct errbuf *e);
/* How many messages for purpose went to recipient in the last day. */
int store_outbox_recent(struct store *s, const char *purpose,
    const char *recipient, int64_t *n, struct errbuf *e);

/* A message's structured report (fields borrowed for the call). */
struct store_report {
	int64_t message_id;
	const char *format, *type, *category, *source_ip, *source, *time;
	const char *problem;	/* NULL when valid */
};

int store_report_add(struct store *s, const struct store_report *r,
    struct errbuf *e);
/* 1 and fn called when message has a structured report, 0 if not. */
int store_report_get(struct store *s, int64_t message,
    int (*fn)(const struct store_report *r, void *arg), void *arg,
    struct errbuf *e);

/* One indicator of a ticket (strings borrowed for the call). */
struct store_ioc {
	int64_t ticket_id, message_id;
	const char *type, *value, *class, *first_seen;
	int allowlisted, defanged, is_signed;
	int64_t occurrences;
};

/* Add an indicator to its ticket, or count it again there (defanged and
 * signed stick once seen; the first message and time stay). */
int store_ioc_add(struct store *s, const struct store_ioc *ioc,
    struct errbuf *e);
/* The same for v[0..n); a long list STORE_ROWS to a statement. */
int store_iocs_add(struct store *s, const struct store_ioc *v, size_t n,
    struct errbuf *e);
/* A row of a CSV report: the indicator it gave, when it was seen (NULL
 * when the report does not say), every column as a JSON object. */
struct store_ioc_row {
	int64_t ticket_id, message_id;
	const char *part_path;
	int64_t line;
	const char *type, *value, *seen, *columns;
};
int store_ioc_row_add(struct store *s, const struct store_ioc_row *row,
    struct errbuf *e);
/* The addresses a ticket's CSV reports give for a host name (a row whose
 * hostname, host or domain column names it), each once. */
int store_ticket_host_ips(struct store *s, int64_t ticket, const char *host,
    int (*fn)(const char *type, const char *value, void *arg), void *arg,
    struct errbuf *e);
/* The report rows of a ticket's indicator (type, value), by message then
 * line; store_ticket_has_rows says whether it has any at all. */
int store_ioc_rows(struct store *s, int64_t ticket, const char *type,
    const char *value, int (*fn)(const struct store_ioc_row *row,
    void *arg), void *arg, struct errbuf *e);
int store_ticket_has_rows(struct store *s, int64_t ticket, int *has,
    struct errbuf *e);

/* Indicators of every ticket (ticket 0) or of one, first seen at or after
 * since (NULL: ever), by ticket then as found. */
int store_ioc_list(struct store *s, int64_t ticket, const char *since,
    int (*fn)(const struct store_ioc *ioc, void *arg), void *arg,
    struct errbuf *e);
int store_ticket_iocs(struct store *s, int64_t ticket,
    int (*fn)(const struct store_ioc *ioc, void *arg), void *arg,
    struct errbuf *e);
/* Call fn with the domain of each partner's address. */
int store_partner_domains(struct store *s,
    int (*fn)(const char *domain, void *arg), void *arg, struct errbuf *e);

/* An internal note, or an audit row (fields borrowed for the call). */
struct store_entry {
	int64_t id;
	const char *at, *who, *action, *text;	/* action: NULL for notes */
};
typedef int (*store_entry_fn)(const struct store_entry *en, void *arg);

int store_note_add(struct store *s, int64_t ticket, const char *author,
    const char *text, struct errbuf *e);
int store_ticket_notes(struct store *s, int64_t ticket, store_entry_fn fn,
    void *arg, struct errbuf *e);
/* The audit trail of a ticket, oldest first. */
int store_ticket_audit(struct store *s, int64_t ticket, store_entry_fn fn,
    void *arg, struct errbuf *e);

/* Move ticket from's messages, indicators, partner references and notes
 * into ticket into, and mark from as merged there. Inside the caller's
 * transaction. */
int store_ticket_merge(struct store *s, int64_t from, int64_t into,
    struct errbuf *e);
/* 1 and *into when ticket id is merged into another, 0 when not. */
int store_ticket_merged_into(struct store *s, int64_t id, int64_t *into,
    struct errbuf *e);

/* Counts for db check and tests. */
int store_count_messages(struct store *s, int64_t *n, struct errbuf *e);
/* The newest message's id (0: none), and how many messages came in (not
 * what we sent) after the one with id since: both through the rowid,
 * not a scan of every stored message. */
int store_last_message(struct store *s, int64_t *id, struct errbuf *e);
int store_count_incoming(struct store *s, int64_t since, int64_t *n,
    struct errbuf *e);

/* A setting of the store's own: 1 and *value (caller frees), 0 none. */
int store_setting_get(struct store *s, const char *name, char **value,
    struct errbuf *e);
int store_setting_put(struct store *s, const char *name, const char *value,
    struct errbuf *e);

/* Notifications. */
struct store_notification {
	int64_t id, ticket_id;
	const char *contact, *address, *scope, *template, *format, *lang;
	const char *key, *provenance, *token, *status, *created, *sent;
	const char *last_error;
	int64_t message_id, outbox_id;	/* 0: not composed yet */
	const char *rfc_message_id;	/* the Message-ID, once composed */
};
typedef int (*store_notification_fn)(const struct store_notification *n,
    void *arg);

/* The indicators of a ticket that may be notified (public, not
 * allowlisted), by type and value. */
int store_notifiable_iocs(struct store *s, int64_t ticket,
    int (*fn)(const char *type, const char *value, const char *first_seen,
    void *arg), void *arg, struct errbuf *e);
/* 1 when address was told of the indicator (or it was tried and failed
 * for good: that address is not tried again for it) at or after since. */
int store_told(struct store *s, const char *address, const char *type,
    const char *value, const char *since, struct errbuf *e);
/* The pending notification for (ticket, address, template, format),
 * made when there is none (n's fields, token). *id; *made 1 when new. */
int store_notification_pending(struct store *s,
    const struct store_notification *n, int64_t *id, int *made,
    struct errbuf *e);
int store_notification_ioc(struct store *s, int64_t id, const char *type,
    const char *value, struct errbuf *e);
/* Notifications of a ticket (status NULL: all), oldest first. */
int store_ticket_notifications(struct store *s, int64_t ticket,
    const char *status, store_notification_fn fn, void *arg,
    struct errbuf *e);
/* A notification's indicators, each with the earliest time a CSV report
 * of its ticket saw it (NULL when none did). */
int store_notification_iocs(struct store *s, int64_t id,
    int (*fn)(const char *type, const char *value, const char *seen,
    void *arg), void *arg, struct errbuf *e);
int store_notification_token(struct store *s, int64_t id, const char *token,
    struct errbuf *e);
/* The outbox entry of a composed notification (0: none). */
int store_notification_get_outbox(struct store *s, int64_t id,
    int64_t *outbox, struct errbuf *e);
int store_notification_composed(struct store *s, int64_t id,
    int64_t message, int64_t outbox, struct errbuf *e);
/* Set the state ("sent" stamps the time; error: why it failed). */
int store_notification_state(struct store *s, int64_t id,
    const char *status, const char *error, struct errbuf *e);
/* The notification of a reply token: 1 with *id and *ticket, 0 none. */
int store_notification_by_token(struct store *s, const char *token,
    int64_t *id, int64_t *ticket, struct errbuf *e);
/* The notification sent as the message whose Message-ID is msgid (no
 * angle brackets): 1 with *id and its address (caller frees), 0 none. */
int store_notification_by_msgid(struct store *s, const char *msgid,
    int64_t *id, char **address, struct errbuf *e);
/* The notification's address becomes suspect (it bounced), or is so no
 * more (a reply came from it). */
int store_suspect_mark(struct store *s, int64_t notification, int suspect,
    struct errbuf *e);
/* The outbox entry's state: "pending", "sent", "failed". */
int store_outbox_status(struct store *s, int64_t id, char status[16],
    struct errbuf *e);

/* Contacts (who answers for what), their sources and lookups. */
struct store_contact {
	int64_t source_id;
	const char *kind, *name, *email, *lang, *format, *key, *object;
	int64_t interval_s, iana_id;	/* 0: none */
};

struct store_range {
	int64_t source_id, contact_id;	/* contact 0: none */
	int family;			/* 4 or 6 */
	const unsigned char *lo, *hi;	/* 4 or 16 bytes, big-endian */
	const char *netname, *country, *object;
	int64_t asn;			/* 0: unknown */
};

/* An answer: a contact, with where and when it came from. */
struct store_answer {
	int64_t contact_id;
	const char *kind, *name, *email, *lang, *format, *key, *object;
	const char *source, *imported;
	int manual;
	int64_t interval_s;
	const char *suspect_since;	/* a notification bounced: when */
	/* Networks: the range that answered. */
	int family;
	const unsigned char *lo, *hi;
	const char *netname, *country, *range_object;
	int64_t asn, range_id;
};
typedef int (*store_answer_fn)(const struct store_answer *a, void *arg);

/* An import's transaction, with the foreign keys' checks off (an import
 * keeps them itself; see store.c); store_import_end commits (commit
 * set) or rolls back, and turns them on again. */
int store_import_begin(struct store *s, struct errbuf *e);
int store_import_end(struct store *s, int commit, struct errbuf *e);
/* Replace the source called name (its contacts, ranges and scopes go)
 * by a new, empty one: *id. Inside the caller's transaction (an
 * import's, for speed). */
int store_source_replace(struct store *s, const char *name,
    const char *format, int manual, int64_t *id, struct errbuf *e);
/* Whether the source called name has address ranges (as its last
 * store_source_done found). */
int store_source_has_ranges(struct store *s, const char *name, int *has,
    struct errbuf *e);
/* The end of an import into source id, before its transaction commits:
 * records its counts and the spans of rowids its contacts and ranges
 * took, through which the next import of the source deletes them. */
int store_source_done(struct store *s, int64_t id, int64_t objects,
    int64_t skipped, struct errbuf *e);
/* Every contact source with what its last import brought. */
struct store_source {
	const char *name, *format, *imported;
	int manual;
	int64_t objects, skipped, contacts, ranges;
};
int store_sources(struct store *s,
    int (*fn)(const struct store_source *src, void *arg), void *arg,
    struct errbuf *e);
int store_contact_add(struct store *s, const struct store_contact *c,
    int64_t *id, struct errbuf *e);
int store_range_add(struct store *s, const struct store_range *r,
    struct errbuf *e);
/* Rows an import inserts by the batch: this many to a statement. */
#define STORE_ROWS 32
int store_ranges_add(struct store *s, const struct store_range *v,
    size_t n, struct errbuf *e);
/* What else a contact answers for: scope "asn" (value: "64496"),
 * "country" ("CN") or "domain" (a domain spelt backwards). */
int store_scope_add(struct store *s, const char *scope, int64_t contact,
    const char *value, struct errbuf *e);
int store_country_range_add(struct store *s, int64_t source, int family,
    const unsigned char *lo, const unsigned char *hi, const char *cc,
    const char *registry, struct errbuf *e);

/* Every range with a contact (what 0) or with an origin AS (what 1),
 * in no particular order. */
typedef int (*store_range_fn)(int family, const unsigned char *lo,
    const unsigned char *hi, int64_t id, int manual, void *arg);
int store_ranges_each(struct store *s, int what, store_range_fn fn,
    void *arg, struct errbuf *e);
/* Empty the segments of what, then add them, STORE_ROWS to a statement
 * when there are that many. */
struct store_segment {
	int family;
	unsigned char lo[16], hi[16];	/* 4 or 16 bytes used */
	int64_t range;
};
int store_segments_clear(struct store *s, int what, struct errbuf *e);
int store_segments_add(struct store *s, int what,
    const struct store_segment *v, size_t n, struct errbuf *e);

/* The network answering for an address (its most specific range with a
 * contact, manual first). 1 with fn called, 0 none. */
int store_lookup_network(struct store *s, int family,
    const unsigned char *addr, store_answer_fn fn, void *arg,
    struct errbuf *e);
/* The origin AS of an address from the ranges that name one; 0 none. */
int store_lookup_origin(struct store *s, int family,
    const unsigned char *addr, int64_t *asn, struct errbuf *e);
/* The country of an address (delegated statistics): 1 and cc, 0 none. */
int store_lookup_country(struct store *s, int family,
    const unsigned char *addr, char cc[3], struct errbuf *e);
/*
 * Batch lookups: many addresses of one family, sorted ascending (each
 * 16 bytes apart, the first 4 or 16 used), answered in one pass over a
 * table in address order instead of a query each. The answers are those
 * of the single lookups above.
 */
/* The range whose segment holds each address (what 0: networks, 1:
 * origin AS): range[i], 0 when none. */
int store_segments_match(struct store *s, int what, int family,
    const unsigned char (*addr)[16], size_t n, int64_t *range,
    struct errbuf *e);
/* The country of each address (delegated statistics): cc[i], "" none. */
int store_countries_match(struct store *s, int family,
    const unsigned char (*addr)[16], size_t n, char (*cc)[3],
    struct errbuf *e);
/* The network answers of the ranges ids (sorted, distinct), read in id
 * order: fn for each that has one. */
int store_networks_of(struct store *s, const int64_t *ids, size_t n,
    store_answer_fn fn, void *arg, struct errbuf *e);
/* The origin AS a range names: *asn, 0 none. */
int store_range_asn(struct store *s, int64_t id, int64_t *asn,
    struct errbuf *e);

/* The contacts of a scope ("asn", "country", "domain"), manual ones
 * first, then by source import time, newest first. */
int store_lookup_scope(struct store *s, const char *scope, const char *value,
    store_answer_fn fn, void *arg, struct errbuf *e);

#endif

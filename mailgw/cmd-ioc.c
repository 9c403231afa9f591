/*
 * mailgw ioc extract [FILE] [--json] [--with-offsets] [--jobs N]: the
 * indicators of a text, one "type<TAB>value" line per distinct
 * indicator in the order first seen. The input is read in chunks cut at
 * line ends (no indicator spans a line but a URL folded in angle
 * brackets, and ioc_fold_cut keeps that whole), so that memory stays
 * flat on a report of any size; a long one by N threads (iocpool.c). With
 * --message the input is one mail message, or a FILE in mbox format
 * each of whose messages is, and its indicators are those receive would
 * store (decoded, decrypted, the signed ones told).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>

#include "buf.h"
#include "conf.h"
#include "csvreport.h"
#include "charset.h"
#include "cmd.h"
#include "compose.h"
#include "desk.h"
#include "gunzip.h"
#include "ioc.h"
#include "iocpool.h"
#include "jstream.h"
#include "log.h"
#include "message.h"
#include "pdftext.h"
#include "receive.h"
#include "store.h"
#include "tnef.h"
#include "xmalloc.h"
#include "zipfile.h"

/* A part of the input: small enough that a 1 MB report is read by both
 * threads (with parts of 1 MB, one thread read it all) and that its two
 * buffers (as read, as refanged) stay in the processor's cache, their
 * pages faulted in once. */
#define CHUNK (128 * 1024)
#define LONG_LINE (1024 * 1024)	/* a line longer is cut (ioc_part_cut) */

struct run {
	struct ioc_set *set;
	int offsets;	/* print every occurrence with its offset */
	const struct ioc_allowlist *allow;
	unsigned jobs;	/* threads reading a long input */
	struct ioc_pool *pool;	/* theirs, when they did: its sets, not
				 * set, hold the indicators */
};

static int
found(const struct ioc *ioc, void *arg)
{
	struct run *r = arg;

	if (r->offsets)
		printf("%s\t%s\t%zu\t%zu\n", ioc_type_name(ioc->type),
		    ioc->value, ioc->offset, ioc->length);
	else
		ioc_set_add(r->set, ioc, r->allow);
	return 0;
}

/* Scan fd in chunks cut after their last line end; a gzip file (a
 * report.csv.gz as downloaded) as the text it inflates to, a CSV
 * report (its first line a report's header) by column, as receive reads
 * one. An input longer than a chunk is read by r->jobs threads (not
 * --with-offsets, whose lines come in the input's order). fd is
 * closed. */
static int
scan_fd(int fd, const char *name, struct ioc_scanner *sc, struct run *r,
    struct errbuf *e)
{
	struct gunzip_stream *gz;
	struct buf b = BUF_INIT;
	struct ioc_columns cols = { NULL, 0, ',' };
	unsigned char *kinds;	/* csvreport_columns': NULL or a report's */
	size_t base = 0, cut;
	const char *why;
	char *nl;
	int n;

	if ((gz = gunzip_open(fd)) == NULL) {
		close(fd);
		return err_set(e, ST_IOERR, "ioc extract: %s: %s", name,
		    strerror(errno ? errno : ENOMEM));
	}
	for (;;) {
		buf_grow(&b, CHUNK);
		if ((n = gunzip_read(gz, b.data + b.len, CHUNK, &why)) < 0) {
			/* why is the stream's: said before it is closed */
			n = err_set(e, n == -2 ? ST_IOERR : ST_DATA,
			    "ioc extract: %s: %s", name, why);
			buf_release(&b);
			gunzip_close(gz);
			return n;
		}
		b.len += (size_t)n;
		b.data[b.len] = '\0';
		/* the rest before holds no line end, or only the folded
		 * URL's that ioc_fold_cut kept: the new bytes only */
		nl = n == 0 ? NULL : memrchr(b.data + b.len - (size_t)n, '\n',
		    (size_t)n);
		cut = n == 0 ? b.len : nl || b.len >= LONG_LINE ?
		    ioc_part_cut(b.data, b.len, nl) : 0;
		/* read as it stands, a message gives its header fields'
		 * hosts and its encodings' bytes ("www.go=" / "g.com") */
		if (base == 0 && cut && message_looks_saved(b.data, cut))
			log_warnx("ioc extract: %s is a mail message, read as it "
			    "stands: its header fields and encoded parts too "
			    "(--message reads what a reader sees)", name);
		else if (base == 0 && cut && msgtext_magic(b.data, b.len))
			log_warnx("ioc extract: %s is an Outlook message, read "
			    "as bytes: its UTF-16 text is not seen (--message "
			    "reads it)", name);
		else if (base == 0 && cut && tnef_magic(b.data, b.len))
			log_warnx("ioc extract: %s is a winmail.dat (TNEF), "
			    "read as bytes: its UTF-16 text is not seen "
			    "(--message reads it)", name);
		else if (base == 0 && cut && (pdftext_magic(b.data, b.len) ||
		    zipfile_magic(b.data, b.len)))
			log_warnx("ioc extract: %s is %s, read as bytes: its "
			    "text is not seen (--message reads it)", name,
			    pdftext_magic(b.data, b.len) ? "a PDF" : "a zip "
			    "file (an Office document, an archive)");
		if (base == 0 && cut) {
			/* a CSV report: by column, here and in the pool
			 * (each scanner its copy) */
			if (csvreport_columns(b.data, cut, &kinds, &cols.n,
			    &cols.sep) == 0) {
				cols.kinds = kinds;
				ioc_scanner_columns(sc, &cols);
			}
			if (n == CHUNK && r->jobs > 1 && !r->offsets)
				/* more to come */
				r->pool = ioc_pool_new(r->jobs, r->allow,
				    cols.kinds ? &cols : NULL);
			free(kinds);
		}
		if (cut && r->pool) {
			ioc_pool_give(r->pool, &b, cut, base);
			base += cut;
		} else if (cut) {
			if (r->offsets)
				ioc_scan(sc, b.data, cut, base, found, r);
			else
				ioc_scan_into(sc, b.data, cut, base, r->set,
				    r->allow);
			base += cut;
			memmove(b.data, b.data + cut, b.len - cut);
			b.len -= cut;
		}
		if (n == 0)
			break;
	}
	buf_release(&b);
	if (gunzip_close(gz) < 0)	/* it stopped inside a member */
		return err_set(e, ST_DATA, "ioc extract: %s: the gzip data "
		    "breaks off", name);
	return 0;
}

struct printer {
	int json;
	json_t *a;		/* --json's array */
	struct buf u;
	struct ioc_set *signed_set;	/* --message's */
	struct buf out;		/* the lines not yet written */
};

#define OUT_AT_ONCE 65536	/* bytes of lines written at a time */

static void
print_flush(struct printer *pr)
{
	fwrite(pr->out.data, 1, pr->out.len, stdout);
	buf_reset(&pr->out);
}

static int
print_one(const struct ioc_entry *e, void *arg)
{
	struct printer *pr = arg;
	json_t *o;

	if (!pr->json) {	/* a scan list's million lines: no printf,
				 * and not a stream's call and write each */
		buf_addstr(&pr->out, ioc_type_name(e->type));
		buf_addch(&pr->out, '\t');
		buf_addstr(&pr->out, e->value);
		buf_addch(&pr->out, '\n');
		if (pr->out.len >= OUT_AT_ONCE)
			print_flush(pr);
		return 0;
	}
	/* A file is bytes: a URL may carry some that are not UTF-8, which
	 * JSON cannot (U+FFFD there; raw in the text output). */
	o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:I}", "type",
	    ioc_type_name(e->type), "value", utf8_text(e->value, &pr->u),
	    "class", ioc_class_name(e->class), "allowlisted", e->allowlisted,
	    "defanged", e->defanged, "count", (json_int_t)e->count);
	/* --message: signed or not; an offset would be into a decoded
	 * text, not into the file */
	if (pr->signed_set)
		json_object_set_new(o, "signed", json_boolean(
		    ioc_set_contains(pr->signed_set, e->type, e->value)));
	else
		json_object_set_new(o, "first_offset",
		    json_integer((json_int_t)e->first_offset));
	json_array_append_new(pr->a, o);
	return 0;
}

/* The indicators found: set's, or the workers' of pool. */
static void
print_set(struct ioc_set *set, struct ioc_pool *pool,
    struct ioc_set *signed_set, int json)
{
	struct printer pr = { json, json ? json_array() : NULL, BUF_INIT,
	    signed_set, BUF_INIT };
	const struct ioc_entry *e;
	size_t i;

	if (pool)
		ioc_pool_each(pool, print_one, &pr);
	else
		for (i = 0; (e = ioc_set_get(set, i)) != NULL; i++)
			print_one(e, &pr);
	print_flush(&pr);
	buf_release(&pr.out);
	buf_release(&pr.u);
	if (json) {
		json_dumpf(pr.a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(pr.a);
	}
}

/* --message on an Outlook message saved (phish.msg): made mail by
 * msgconvert (pdftext.c), as receive reads one attached. */
static int
scan_outlook(const struct buf *raw, const char *name,
    const struct conf *conf, struct run *r, struct ioc_set *signed_set,
    struct errbuf *e)
{
	struct buf mail = BUF_INIT;
	const char *why = "was turned off (msgconvert =)";
	int rc = -1;

	if (conf->msgconvert && (rc = msgtext(conf->msgconvert, raw->data,
	    raw->len, conf->max_message_size, MSGTEXT_SECONDS, &mail,
	    &why)) > 0)
		why = "wrote more than max_message_size";
	if (rc != 0)
		rc = err_set(e, ST_DATA, "ioc extract: %s is an Outlook "
		    "message, and %s %s", name, conf->msgconvert ?
		    conf->msgconvert : "msgconvert", why);
	else
		rc = receive_extract(conf, mail.data, mail.len, r->allow,
		    r->set, signed_set, e);
	buf_release(&mail);
	return rc;
}

/* The subject and body of a winmail.dat's message, onto a buf. */
static void
winmail_text(enum tnef_kind kind, const char *name, const char *bytes,
    size_t n, int cut, void *arg)
{
	(void)name;
	(void)cut;
	if (kind == TNEF_TEXT)
		buf_add(arg, bytes, n);
}

/* --message on a winmail.dat saved (application/ms-tnef): read as the
 * mail that carried it is, its message's subject and body the text,
 * the stream attached. */
static int
scan_winmail(const struct buf *raw, const struct conf *conf,
    struct run *r, struct ioc_set *signed_set, struct errbuf *e)
{
	struct compose *c = compose_new();
	struct buf mail = BUF_INIT, text = BUF_INIT;
	int rc;

	(void)tnef_each(raw->data, raw->len, conf->max_attachment_size,
	    TNEF_BODY, winmail_text, &text);
	if (text.len > 0)
		compose_text(c, text.data);
	compose_attach(c, "winmail.dat", "application/ms-tnef", raw->data,
	    raw->len);
	compose_render(c, &mail);
	compose_free(c);
	buf_release(&text);
	rc = receive_extract(conf, mail.data, mail.len, r->allow, r->set,
	    signed_set, e);
	buf_release(&mail);
	return rc;
}

/* --message on a document saved (a PDF, an Office document or a zip
 * of files, a gzip'd text): read as the mail that carried it attached
 * is, what it is told by its file's name as an attachment's is
 * (report.xlsx, notice.pdf, logs.zip, report.csv.gz); by its bytes
 * when path is NULL (standard input). */
static int
scan_document(const struct buf *raw, const char *path,
    const struct conf *conf, struct run *r, struct ioc_set *signed_set,
    struct errbuf *e)
{
	struct compose *c = compose_new();
	struct buf mail = BUF_INIT;
	const char *name = path ? strrchr(path, '/') : NULL;
	int rc;

	name = name ? name + 1 : path;
	if (name == NULL || *name == '\0')
		name = pdftext_magic(raw->data, raw->len) ? "input.pdf" :
		    zipfile_magic(raw->data, raw->len) ? "input.zip" :
		    "input.txt.gz";
	compose_attach(c, name, "application/octet-stream", raw->data,
	    raw->len);
	compose_render(c, &mail);
	compose_free(c);
	rc = receive_extract(conf, mail.data, mail.len, r->allow, r->set,
	    signed_set, e);
	buf_release(&mail);
	return rc;
}

/* --message on gzip data: a message saved so (phish.eml.gz) is that
 * message; anything else a document (scan_document: report.csv.gz,
 * path as its). */
static int
scan_gzip(const struct buf *raw, const char *name, const char *path,
    const struct conf *conf, struct run *r, struct ioc_set *signed_set,
    struct errbuf *e)
{
	struct buf mail = BUF_INIT;
	int rc = gunzip(&mail, raw->data, raw->len, conf->max_message_size);

	if (rc < 0)
		rc = err_set(e, ST_DATA, "ioc extract: %s: the gzip data "
		    "breaks off", name);
	else if (rc > 0)
		rc = err_set(e, ST_DATA, "ioc extract: %s inflates to more "
		    "than max_message_size (%zu bytes)", name,
		    conf->max_message_size);
	else if (message_looks_saved(mail.data, mail.len))
		rc = receive_extract(conf, mail.data, mail.len, r->allow,
		    r->set, signed_set, e);
	else
		rc = scan_document(raw, path, conf, r, signed_set, e);
	buf_release(&mail);
	return rc;
}

/* --message: fd holds one mail message (or an Outlook message, a
 * winmail.dat or a document, gzip'd or not); its indicators as receive
 * would store them. */
static int
scan_message(int fd, const char *name, const struct conf *conf,
    struct run *r, struct ioc_set *signed_set, struct errbuf *e)
{
	struct buf raw;
	int rc;

	buf_init(&raw, conf->max_message_size);
	if (buf_read_fd(&raw, fd) < 0) {
		rc = errno == EFBIG ? err_set(e, ST_DATA, "ioc extract: "
		    "the message is larger than max_message_size (%zu bytes)",
		    conf->max_message_size) : err_set(e, ST_IOERR, "ioc "
		    "extract: reading: %s", strerror(errno));
	} else if (msgtext_magic(raw.data, raw.len)) {
		rc = scan_outlook(&raw, name, conf, r, signed_set, e);
	} else if (tnef_magic(raw.data, raw.len)) {
		rc = scan_winmail(&raw, conf, r, signed_set, e);
	} else if (gunzip_magic(raw.data, raw.len)) {
		rc = scan_gzip(&raw, name, fd == STDIN_FILENO ? NULL : name,
		    conf, r, signed_set, e);
	} else if (pdftext_magic(raw.data, raw.len) ||
	    zipfile_magic(raw.data, raw.len)) {
		rc = scan_document(&raw, fd == STDIN_FILENO ? NULL : name,
		    conf, r, signed_set, e);
	} else if (message_mbox_count(raw.data, raw.len) > 1) {
		/* an mbox of several: read as one, the others would be
		 * the first one's text (a file is read message by message) */
		rc = err_set(e, ST_DATA, "ioc extract: %s holds an mbox of "
		    "several messages; give it as a file", name);
	} else
		rc = receive_extract(conf, raw.data, raw.len, r->allow,
		    r->set, signed_set, e);
	buf_release(&raw);
	return rc;
}

/* --message on an mbox file: each of its messages, into one set. */
struct mbox_run {
	const struct conf *conf;
	struct run *r;
	struct ioc_set *signed_set;
	const char *path;
	struct errbuf *e;
};

static int
mbox_one(const char *raw, size_t len, unsigned n, const char *from_line,
    size_t from_len, void *arg)
{
	struct mbox_run *mr = arg;

	(void)from_line;
	(void)from_len;
	if (len > mr->conf->max_message_size) {	/* as import does */
		log_warnx("ioc extract: %s, message %u: skipped: larger than "
		    "max_message_size (%zu bytes)", mr->path, n,
		    mr->conf->max_message_size);
		return 0;
	}
	return receive_extract(mr->conf, raw, len, mr->r->allow, mr->r->set,
	    mr->signed_set, mr->e);
}

/* Whether fd (a file, not a pipe) starts as an mbox does. */
static int
is_mbox(int fd)
{
	char head[5];
	ssize_t n = pread(fd, head, sizeof(head), 0);

	return n > 0 && message_mbox_count(head, (size_t)n) > 0;
}

static enum status
ioc_extract(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "with-offsets", no_argument, NULL, 'o' },
		{ "message", no_argument, NULL, 'm' },
		{ "jobs", required_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { NULL, 0, NULL, ioc_pool_default_jobs(), NULL };
	struct ioc_allowlist *allow;
	struct ioc_set *signed_set = NULL;
	struct ioc_scanner *sc;
	int ch, json = 0, message = 0, fd = STDIN_FILENO, rc;
	char *end;
	long jobs;

	while ((ch = getopt_long(argc, argv, ":jom", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'o')
			r.offsets = 1;
		else if (ch == 'm')
			message = 1;
		else if (ch == 'J') {
			jobs = strtol(optarg, &end, 10);
			if (end == optarg || *end || jobs < 1 || jobs > 64)
				return cmd_usage(ctx, "ioc extract: --jobs "
				    "takes a number of threads, 1 to 64");
			r.jobs = (unsigned)jobs;
		} else
			return cmd_bad_option(ctx, "ioc extract", ch, argv);
	}
	if (optind + 1 < argc)
		return cmd_usage(ctx, "ioc extract: expected at most one FILE");
	if (json && r.offsets)
		return cmd_usage(ctx, "ioc extract: --json lists offsets "
		    "already (first_offset); use one of the two");
	if (message && r.offsets)
		return cmd_usage(ctx, "ioc extract: --message reads decoded "
		    "texts, which have no offsets in the file");
	if ((allow = receive_allowlist(ctx->conf, NULL, &ctx->err)) == NULL)
		return ctx->err.status;
	r.set = ioc_set_new();
	r.allow = allow;
	if (optind < argc && (fd = open(argv[optind], O_RDONLY)) < 0) {
		ioc_allowlist_free(allow);
		ioc_set_free(r.set);
		err_set(&ctx->err, ST_NOINPUT, "ioc extract: %s: %s",
		    argv[optind], strerror(errno));
		return ST_NOINPUT;
	}
	sc = ioc_scanner_new();
	if (message && fd != STDIN_FILENO && is_mbox(fd)) {
		struct mbox_run mr = { ctx->conf, &r, NULL, argv[optind],
		    &ctx->err };

		mr.signed_set = signed_set = ioc_set_new();
		close(fd);
		rc = message_mbox_each(argv[optind], mbox_one, &mr, &ctx->err);
	} else if (message) {
		signed_set = ioc_set_new();
		rc = scan_message(fd, optind < argc ? argv[optind] :
		    "standard input", ctx->conf, &r, signed_set, &ctx->err);
		if (fd != STDIN_FILENO)
			close(fd);
	} else
		rc = scan_fd(fd == STDIN_FILENO ? dup(fd) : fd, optind < argc ?
		    argv[optind] : "standard input", sc, &r, &ctx->err);
	if (rc == 0 && !r.offsets)
		print_set(r.set, r.pool, signed_set, json);
	ioc_pool_free(r.pool);
	ioc_scanner_free(sc);
	ioc_allowlist_free(allow);
	ioc_set_free(r.set);
	ioc_set_free(signed_set);
	return rc == 0 ? ST_OK : ctx->err.status;
}

/* MISP's attribute type and category for an indicator type; NULL for
 * what is not shared (e-mail addresses: people, not infrastructure). */
static const struct misp_type {
	const char *ours, *type, *category;
	int to_ids;
} misp_types[] = {
	{ "ipv4", "ip-dst", "Network activity", 1 },
	{ "ipv6", "ip-dst", "Network activity", 1 },
	{ "cidr", "ip-dst", "Network activity", 1 },
	{ "domain", "domain", "Network activity", 1 },
	{ "url", "url", "Network activity", 1 },
	{ "md5", "md5", "Payload delivery", 1 },
	{ "sha1", "sha1", "Payload delivery", 1 },
	{ "sha256", "sha256", "Payload delivery", 1 },
	{ "sha512", "sha512", "Payload delivery", 1 },
	{ "cve", "vulnerability", "External analysis", 0 },
	{ "asn", "AS", "Network activity", 0 },
};

static const struct misp_type *
misp_type(const char *ours)
{
	size_t i;

	for (i = 0; i < sizeof(misp_types) / sizeof(misp_types[0]); i++)
		if (strcmp(misp_types[i].ours, ours) == 0)
			return &misp_types[i];
	return NULL;
}

/* A random (version 4) UUID. */
static void
uuid4(char out[37])
{
	unsigned char r[16];
	size_t i, k = 0;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		abort();	/* the kernel's CSPRNG does not fail */
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		k += (size_t)snprintf(out + k, 3, "%02x", r[i]);
	}
	out[k] = '\0';
}

struct export {
	const char *tag;
	enum { EXPORT_CSV, EXPORT_JSON, EXPORT_MISP } format;
	struct jstream list;	/* json: the indicators; misp: Attribute */
	struct errbuf *e;
	size_t shared, kept;
};

static void
csv_out(const char *v, int last)
{
	csv_fwrite(stdout, v, strlen(v));
	putchar(last ? '\n' : ',');
}

static int
export_one(const struct store_ioc *i, void *arg)
{
	struct export *x = arg;
	int notifiable = !i->allowlisted && strcmp(i->class, "public") == 0;
	const struct misp_type *mt;
	char tag[64], n[24], id[24], uuid[37], when[40];

	snprintf(tag, sizeof(tag), "[%s #%" PRId64 "]", x->tag, i->ticket_id);
	if (x->format == EXPORT_CSV) {
		snprintf(id, sizeof(id), "%" PRId64, i->ticket_id);
		snprintf(n, sizeof(n), "%" PRId64, i->occurrences);
		csv_out(id, 0);
		csv_out(tag, 0);
		csv_out(i->type, 0);
		csv_out(i->value, 0);
		csv_out(i->class, 0);
		csv_out(i->allowlisted ? "yes" : "no", 0);
		csv_out(notifiable ? "yes" : "no", 0);
		csv_out(i->is_signed ? "yes" : "no", 0);
		csv_out(i->defanged ? "yes" : "no", 0);
		csv_out(n, 0);
		csv_out(i->first_seen, 1);
		return 0;
	}
	if (x->format == EXPORT_JSON)
		return jstream_put(&x->list, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:b, s:b, s:b, s:b, s:I, s:s}", "ticket",
		    (json_int_t)i->ticket_id, "tag", tag, "type", i->type,
		    "value", i->value, "class", i->class, "allowlisted",
		    i->allowlisted, "notifiable", notifiable, "signed",
		    i->is_signed, "defanged", i->defanged, "occurrences",
		    (json_int_t)i->occurrences, "first_seen", i->first_seen),
		    x->e);
	/* MISP: what partners may act on. Our own and our partners' names
	 * (the allowlist) and what is not public (a private address, an
	 * example's name, a private AS number) stay here. */
	if ((mt = misp_type(i->type)) == NULL || !notifiable) {
		x->kept++;
		return 0;
	}
	uuid4(uuid);
	snprintf(when, sizeof(when), "%.19s.000000+00:00", i->first_seen);
	x->shared++;
	return jstream_put(&x->list, json_pack("{s:s, s:s, s:s, s:s, s:b, "
	    "s:s, s:s, s:b}", "uuid", uuid, "type", mt->type, "category",
	    mt->category, "value", i->value, "to_ids", mt->to_ids, "comment",
	    tag, "first_seen", when, "disable_correlation", 0), x->e);
}

/* The MISP event around the attributes that follow (one event, as MISP
 * imports it: Event JSON, TLP:AMBER, not published: a partner's analyst
 * looks before sharing on), printed up to its "Attribute" key. */
static int
misp_open(const struct conf *conf, int64_t ticket, const char *from,
    struct errbuf *e)
{
	char date[16], uuid[37], *info, *text;
	time_t now = time(NULL);
	struct tm tm;
	json_t *event;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	uuid4(uuid);
	info = ticket ? xasprintf("%s: indicators of [%s #%" PRId64 "]",
	    conf->tag, conf->tag, ticket) : xasprintf("%s: indicators%s%s",
	    conf->tag, from ? " first seen since " : "", from ? from : "");
	event = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:{s:s}, "
	    "s:[{s:s}]}", "uuid", uuid, "info", info, "date", date,
	    "threat_level_id", "2", "analysis", "1", "distribution", "1",
	    "published", 0, "Orgc", "name", conf->name ? conf->name :
	    conf->tag, "Tag", "name", "tlp:amber");
	free(info);
	text = event ? json_dumps(event, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) : NULL;
	json_decref(event);
	if (text == NULL)
		return err_set(e, ST_TEMPFAIL, "ioc export: out of memory "
		    "making the MISP event");
	/* The event's fields without their closing brace, then the
	 * attributes as they come. */
	text[strlen(text) - 1] = '\0';
	printf("{\"Event\": %s,\n\"Attribute\": ", text);
	free(text);
	return 0;
}

/* ioc export [--ticket ID] [--since DATE] [--format csv|json|misp] */
static enum status
ioc_export(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "ticket", required_argument, NULL, 't' },
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct conf *conf = ctx->conf;
	struct export x = { conf->tag, EXPORT_JSON, { stdout, 0, 0 },
	    &ctx->err, 0, 0 };
	char since[32], status[16];
	const char *from = NULL;
	struct store *s = NULL;
	int64_t ticket = 0;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 't' && (ticket = desk_ticket_id(optarg)) == 0)
			return cmd_usage(ctx, "ioc export: --ticket: '%s' is not "
			    "a ticket", optarg);
		else if (ch == 's' && desk_parse_when(optarg, 0, since) < 0)
			return cmd_usage(ctx, "ioc export: --since: not a date "
			    "(2026-11-01) or time (2026-11-01T08:00:00Z)");
		else if (ch == 's')
			from = since;
		else if (ch == 'f' && strcmp(optarg, "csv") == 0)
			x.format = EXPORT_CSV;
		else if (ch == 'f' && strcmp(optarg, "json") == 0)
			x.format = EXPORT_JSON;
		else if (ch == 'f' && strcmp(optarg, "misp") == 0)
			x.format = EXPORT_MISP;
		else if (ch == 'f')
			return cmd_usage(ctx, "ioc export: --format: csv, json "
			    "or misp, not '%s'", optarg);
		else if (ch != 't')
			return cmd_bad_option(ctx, "ioc export", ch, argv);
	}
	if (optind != argc)
		return cmd_usage(ctx, "ioc export: unexpected argument '%s'",
		    argv[optind]);
	if (store_open(&s, conf->database, conf->busy_timeout_ms, 0,
	    &ctx->err) < 0)
		return ctx->err.status;
	if (ticket && (rc = store_ticket_status(s, ticket, status,
	    sizeof(status), &ctx->err)) <= 0) {
		if (rc == 0)
			err_set(&ctx->err, ST_NOINPUT, "ioc export: no ticket %"
			    PRId64, ticket);
		store_close(s);
		return ctx->err.status;
	}
	if (x.format == EXPORT_MISP && misp_open(conf, ticket, from,
	    &ctx->err) < 0) {
		store_close(s);
		return ctx->err.status;
	}
	if (x.format == EXPORT_CSV) {
		csv_out("ticket", 0), csv_out("tag", 0), csv_out("type", 0);
		csv_out("value", 0), csv_out("class", 0);
		csv_out("allowlisted", 0), csv_out("notifiable", 0);
		csv_out("signed", 0), csv_out("defanged", 0);
		csv_out("occurrences", 0), csv_out("first_seen", 1);
	}
	rc = store_ioc_list(s, ticket, from, export_one, &x, &ctx->err);
	store_close(s);
	/* Failed part way: what is out stays cut, and the exit says so. */
	if (rc < 0)
		return ctx->err.status;
	if (x.format != EXPORT_CSV)
		jstream_end(&x.list, x.format == EXPORT_JSON);
	if (x.format == EXPORT_MISP) {
		fputs("}}\n", stdout);
		if (x.kept)
			fprintf(stderr, "mailgw: ioc export: %zu indicator(s) "
			    "kept back (allowlisted, not public, or e-mail "
			    "addresses)\n", x.kept);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		err_set(&ctx->err, ST_IOERR, "ioc export: writing: %s",
		    strerror(errno));
		return ST_IOERR;
	}
	return ST_OK;
}

enum status
cmd_ioc(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && strcmp(argv[1], "extract") == 0)
		return ioc_extract(argc - 1, argv + 1, ctx);
	if (argc >= 2 && strcmp(argv[1], "export") == 0)
		return ioc_export(argc - 1, argv + 1, ctx);
	return cmd_usage(ctx, "ioc: expected extract or export");
}

/*
 * mailgw contact import --format ripe|delegated|csv [--source NAME]
 *     [--manual] FILE...
 * mailgw contact lookup [--json] [--ticket ID] [VALUE...]   (no VALUE:
 *     one per line on standard input)
 * mailgw contact sources [--json]
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "conf.h"
#include "contact.h"
#include "desk.h"
#include "ioc.h"
#include "jstream.h"
#include "progress.h"
#include "store.h"
#include "xmalloc.h"

static enum status
contact_import_cmd(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "source", required_argument, NULL, 's' },
		{ "manual", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct contact_import imp = { .format = CONTACT_CSV };
	struct progress pg;
	const char *format = NULL, *base;
	char *source = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 'f')
			format = optarg;
		else if (ch == 's')
			imp.source = optarg;
		else if (ch == 'm')
			imp.manual = 1;
		else
			return cmd_bad_option(ctx, "contact import", ch, argv);
	}
	if (format == NULL || optind == argc)
		return cmd_usage(ctx, "contact import: expected --format "
		    "ripe|delegated|csv and files");
	if (strcmp(format, "ripe") == 0)
		imp.format = CONTACT_RIPE;
	else if (strcmp(format, "delegated") == 0)
		imp.format = CONTACT_DELEGATED;
	else if (strcmp(format, "csv") != 0)
		return cmd_usage(ctx, "contact import: --format: ripe, delegated "
		    "or csv, not '%s'", format);
	if (imp.manual && imp.format != CONTACT_CSV)
		return cmd_usage(ctx, "contact import: --manual is for csv");
	if (imp.source == NULL) {
		/* The first file's name, without directory and .gz. */
		base = strrchr(argv[optind], '/');
		base = base ? base + 1 : argv[optind];
		source = xstrdup(base);
		if (strlen(source) > 3 &&
		    strcmp(source + strlen(source) - 3, ".gz") == 0)
			source[strlen(source) - 3] = '\0';
		imp.source = source;
	}
	progress_init(&pg, isatty(STDERR_FILENO));
	imp.progress = &pg;
	if (contact_import(ctx->store, &imp, argv + optind,
	    (size_t)(argc - optind), &ctx->err) < 0) {
		free(source);
		return ctx->err.status;
	}
	printf("%s: %" PRId64 " objects imported, %" PRId64 " skipped\n",
	    imp.source, imp.objects, imp.skipped);
	free(source);
	return ST_OK;
}

struct out {
	json_t *answers;	/* --json: this value's answers */
	const char *value;
	int n;
	struct errbuf *e;
};

/* A line of output, built in place; longer ones go out in pieces. */
struct line {
	char buf[1024];
	size_t n;
};

static void
line_flush(struct line *l)
{
	fwrite_unlocked(l->buf, 1, l->n, stdout);
	l->n = 0;
}

static void
line_put(struct line *l, const char *s)
{
	size_t k = strlen(s);

	if (l->n + k > sizeof(l->buf))
		line_flush(l);
	if (k > sizeof(l->buf)) {
		fwrite_unlocked(s, 1, k, stdout);
		return;
	}
	memcpy(l->buf + l->n, s, k);
	l->n += k;
}

static int
answer(const char *scope, const struct store_answer *a, void *arg)
{
	struct out *o = arg;
	struct line l;
	char range[128] = "";
	size_t k;

	o->n++;
	l.n = 0;
	if (a->lo && a->hi)
		contact_range_text(a->family, a->lo, a->hi, range,
		    sizeof(range));
	if (o->answers) {
		json_t *j = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
		    "s:{s:o, s:o, s:o, s:b}}", "scope", scope, "kind",
		    jstr(a->kind), "name", jstr(a->name), "email",
		    jstr(a->email), "lang", jstr(a->lang), "format",
		    jstr(a->format), "key", jstr(a->key), "provenance",
		    "source", jstr(a->source), "object",
		    jstr(a->range_object ? a->range_object : a->object),
		    "imported", jstr(a->imported), "manual", a->manual);

		if (range[0])
			json_object_set_new(j, "range", json_string(range));
		if (a->netname)
			json_object_set_new(j, "netname", jstr(a->netname));
		if (a->country)
			json_object_set_new(j, "country", jstr(a->country));
		if (a->interval_s)
			json_object_set_new(j, "interval_s",
			    json_integer(a->interval_s));
		/* Since when a notification to it bounced, or null. */
		json_object_set_new(j, "suspect", jstr(a->suspect_since));
		if (j == NULL || json_array_append_new(o->answers, j) < 0)
			return err_set(o->e, ST_TEMPFAIL, "contact lookup: out "
			    "of memory making the JSON answer");
		return 0;
	}
	/* Text, a line per answer: a batch prints millions, so built in
	 * place and written once, not through printf. */
	line_put(&l, "  ");
	line_put(&l, scope);
	for (k = strlen(scope); k < 13; k++)
		line_put(&l, " ");
	line_put(&l, " ");
	line_put(&l, a->email ? a->email : "(no address)");
	line_put(&l, "  ");
	line_put(&l, a->name);
	if (range[0]) {
		line_put(&l, "  ");
		line_put(&l, range);
		if (a->netname) {
			line_put(&l, " ");
			line_put(&l, a->netname);
		}
	}
	line_put(&l, "  [");
	line_put(&l, a->source);
	line_put(&l, a->manual ? ", manual, " : ", ");
	line_put(&l, a->range_object ? a->range_object : a->object);
	line_put(&l, ", ");
	line_put(&l, a->imported);
	line_put(&l, "]");
	if (a->suspect_since) {
		line_put(&l, "  SUSPECT: bounced since ");
		line_put(&l, a->suspect_since);
	}
	line_put(&l, "\n");
	line_flush(&l);
	return 0;
}

/* The network of an address the ticket knows for the host, as its
 * "hosting" answer. */
static int
hosting_answer(const char *scope, const struct store_answer *a, void *arg)
{
	if (strcmp(scope, "network") != 0)
		return 0;
	return answer("hosting", a, arg);
}

struct lookup_ctx {
	struct ctx *ctx;
	struct ioc_scanner *sc;
	struct out *o;
};

static int
host_ip(const char *type, const char *value, void *arg)
{
	struct lookup_ctx *l = arg;
	char ntype[16], norm[512];

	(void)type;
	return contact_lookup(l->ctx->store, l->sc, NULL, value, ntype, norm,
	    sizeof(norm), hosting_answer, l->o, &l->ctx->err) < 0 ? -1 : 0;
}

/* Value i of batch b, or value alone (b NULL). */
static int
lookup_one(struct ctx *ctx, struct ioc_scanner *sc, struct contact_batch *b,
    size_t i, const char *value, int64_t ticket, struct jstream *all)
{
	struct out o = { all ? json_array() : NULL, value, 0, &ctx->err };
	struct lookup_ctx l = { ctx, sc, &o };
	char type[16], norm[512], host[512];
	int rc;

	if (!all) {
		fputs_unlocked(value, stdout);
		putc_unlocked('\n', stdout);
	}
	rc = b ? contact_batch_lookup(b, i, ctx->conf->whois, type, norm,
	    sizeof(norm), answer, &o, &ctx->err) : contact_lookup(ctx->store,
	    sc, ctx->conf->whois, value, type, norm, sizeof(norm), answer, &o,
	    &ctx->err);
	/* --ticket: a host's networks, from the addresses its reports give. */
	if (rc > 0 && ticket && contact_host_of(type, norm, host, sizeof(host)) &&
	    store_ticket_host_ips(ctx->store, ticket, host, host_ip, &l,
	    &ctx->err) < 0)
		rc = -1;
	if (rc < 0) {
		json_decref(o.answers);
		return -1;
	}
	if (rc == 0 && !all)
		printf("  (not an address, network, AS, domain, URL or e-mail "
		    "address)\n");
	else if (o.n == 0 && !all)
		printf("  (nobody known answers for it)\n");
	if (all && jstream_put(all, json_pack("{s:o, s:o, s:o, s:o}",
	    "query", jstr(value), "type", rc ? json_string(type) : json_null(),
	    "value", jstr(rc ? norm : NULL), "answers", o.answers),
	    &ctx->err) < 0)
		return -1;
	return 0;
}

/* Values answered in one pass over the store (contact_batch_new). */
#ifndef LOOKUP_BATCH
#define LOOKUP_BATCH ((size_t)1 << 20)
#endif

static enum status
contact_lookup_cmd(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "ticket", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct ioc_scanner *sc;
	struct contact_batch *b = NULL;
	struct buf in = BUF_INIT;
	struct jstream js = { .out = stdout }, *all = NULL;
	char *line, *save = NULL, **v = NULL;
	size_t nv = 0, av = 0, k, at, chunk = 0;
	int64_t ticket = 0;
	int ch, i, rc = 0;

	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 't') {
			if ((ticket = desk_ticket_id(optarg)) <= 0)
				return cmd_usage(ctx, "contact lookup: --ticket: "
				    "'%s' is no ticket", optarg);
			continue;
		}
		if (ch != 'j')
			return cmd_bad_option(ctx, "contact lookup", ch, argv);
		all = &js;
	}
	sc = ioc_scanner_new();
	if (optind < argc) {
		for (i = optind; rc == 0 && i < argc; i++)
			rc = lookup_one(ctx, sc, NULL, 0, argv[i], ticket, all);
	} else {
		buf_init(&in, 256u * 1024 * 1024);
		if (buf_read_fd(&in, STDIN_FILENO) < 0) {
			buf_release(&in);
			ioc_scanner_free(sc);
			err_set(&ctx->err, ST_DATA, "contact lookup: standard "
			    "input: too much, or unreadable");
			return ST_DATA;
		}
		/* One read transaction for the batch: one snapshot, and no
		 * lock taken and dropped per query. */
		for (line = strtok_r(in.data, "\r\n", &save); line;
		    line = strtok_r(NULL, "\r\n", &save))
			if (line[strspn(line, " \t")] != '\0') {
				if (nv == av)
					v = xreallocarray(v, av = av ? 2 * av :
					    1024, sizeof(*v));
				v[nv++] = line;
			}
		/* A million values at a time: memory stays near 200 MB
		 * however long the list. */
		rc = store_begin_read(ctx->store, &ctx->err);
		for (at = 0; rc == 0 && at < nv; at += chunk) {
			chunk = nv - at < LOOKUP_BATCH ? nv - at : LOOKUP_BATCH;
			if ((b = contact_batch_new(ctx->store, sc, v + at, chunk,
			    &ctx->err)) == NULL)
				rc = -1;
			for (k = 0; rc == 0 && k < chunk; k++)
				rc = lookup_one(ctx, sc, b, k, v[at + k], ticket,
				    all);
			contact_batch_free(b);
			b = NULL;
		}
		free(v);
		store_rollback(ctx->store);
		buf_release(&in);
	}
	ioc_scanner_free(sc);
	if (rc < 0)	/* an --json array left open: the output is cut */
		return ctx->err.status;
	if (all)
		jstream_end(all, 1);
	return ST_OK;
}

static int
source_show(const struct store_source *src, void *arg)
{
	if (arg)
		json_array_append_new(arg, json_pack("{s:o, s:s, s:b, s:s, s:I, "
		    "s:I, s:I, s:I}", "name", jstr(src->name), "format", src->format,
		    "manual", src->manual, "imported", src->imported, "objects",
		    (json_int_t)src->objects, "skipped", (json_int_t)src->skipped,
		    "contacts", (json_int_t)src->contacts, "ranges",
		    (json_int_t)src->ranges));
	else
		printf("%-20s %-9s %-6s %s  %" PRId64 " objects, %" PRId64
		    " skipped; %" PRId64 " contacts, %" PRId64 " ranges\n",
		    src->name, src->format, src->manual ? "manual" : "",
		    src->imported, src->objects, src->skipped, src->contacts,
		    src->ranges);
	return 0;
}

/* contact sources [--json]: what each import brought, and when. */
static enum status
contact_sources_cmd(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	json_t *all = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch != 'j') {
			json_decref(all);
			return cmd_bad_option(ctx, "contact sources", ch, argv);
		}
		if (all == NULL)
			all = json_array();
	}
	if (optind < argc) {
		json_decref(all);
		return cmd_usage(ctx, "contact sources: no arguments");
	}
	if (store_sources(ctx->store, source_show, all, &ctx->err) < 0) {
		json_decref(all);
		return ctx->err.status;
	}
	if (all) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(all);
	}
	return ST_OK;
}

enum status
cmd_contact(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return contact_import_cmd(argc - 1, argv + 1, ctx);
	if (argc >= 2 && strcmp(argv[1], "lookup") == 0)
		return contact_lookup_cmd(argc - 1, argv + 1, ctx);
	if (argc >= 2 && strcmp(argv[1], "sources") == 0)
		return contact_sources_cmd(argc - 1, argv + 1, ctx);
	return cmd_usage(ctx, "contact: expected import, lookup or sources");
}

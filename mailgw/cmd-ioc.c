/*
 * mailgw ioc extract [FILE] [--json] [--with-offsets]: the indicators of
 * a text, one "type<TAB>value" line per distinct indicator in the order
 * first seen. The input is read in chunks cut at line ends (no indicator
 * spans a line), so that memory stays flat on a report of any size.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "ioc.h"
#include "xmalloc.h"

#define CHUNK (1024 * 1024)

/* The distinct indicators: an open-addressing set of "type\tvalue". */
struct seen {
	char **keys;
	uint64_t *hashes;
	size_t *counts;
	unsigned char *classes, *fanged, *allowed;
	size_t *first;
	size_t n, cap;
	char **order;	/* keys in first-seen order */
	size_t norder;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void seen_grow(struct seen *st);

/* The slot of key: its index, *fresh when it was added now. */
static size_t
seen_add(struct seen *st, const char *key, int *fresh)
{
	uint64_t h = fnv1a(key);
	size_t i;

	if (2 * (st->n + 1) > st->cap)
		seen_grow(st);
	for (i = h & (st->cap - 1); st->keys[i]; i = (i + 1) & (st->cap - 1))
		if (st->hashes[i] == h && strcmp(st->keys[i], key) == 0) {
			*fresh = 0;
			return i;
		}
	st->hashes[i] = h;
	st->keys[i] = xstrdup(key);
	st->n++;
	st->order = xreallocarray(st->order, st->norder + 1, sizeof(char *));
	st->order[st->norder++] = st->keys[i];
	*fresh = 1;
	return i;
}

static void
seen_grow(struct seen *st)
{
	struct seen old = *st;
	size_t i, j;

	st->cap = st->cap ? 2 * st->cap : 1024;
	st->keys = xcalloc(st->cap, sizeof(char *));
	st->hashes = xcalloc(st->cap, sizeof(uint64_t));
	st->counts = xcalloc(st->cap, sizeof(size_t));
	st->first = xcalloc(st->cap, sizeof(size_t));
	st->classes = xcalloc(st->cap, 1);
	st->fanged = xcalloc(st->cap, 1);
	st->allowed = xcalloc(st->cap, 1);
	for (i = 0; i < old.cap; i++) {
		if (old.keys[i] == NULL)
			continue;
		for (j = old.hashes[i] & (st->cap - 1); st->keys[j];
		    j = (j + 1) & (st->cap - 1))
			;
		st->keys[j] = old.keys[i];
		st->hashes[j] = old.hashes[i];
		st->counts[j] = old.counts[i];
		st->first[j] = old.first[i];
		st->classes[j] = old.classes[i];
		st->fanged[j] = old.fanged[i];
		st->allowed[j] = old.allowed[i];
	}
	free(old.keys);
	free(old.hashes);
	free(old.counts);
	free(old.first);
	free(old.classes);
	free(old.fanged);
	free(old.allowed);
}

static size_t
seen_find(const struct seen *st, const char *key)
{
	size_t i;

	for (i = fnv1a(key) & (st->cap - 1); strcmp(st->keys[i], key) != 0;
	    i = (i + 1) & (st->cap - 1))
		;
	return i;
}

static void
seen_free(struct seen *st)
{
	size_t i;

	for (i = 0; i < st->cap; i++)
		free(st->keys[i]);
	free(st->keys);
	free(st->hashes);
	free(st->counts);
	free(st->first);
	free(st->classes);
	free(st->fanged);
	free(st->allowed);
	free(st->order);
}

struct run {
	struct seen seen;
	struct buf key;
	int offsets;	/* print every occurrence with its offset */
	const struct ioc_allowlist *allow;
};

static int
found(const struct ioc *ioc, void *arg)
{
	struct run *r = arg;
	size_t slot;
	int fresh;

	if (r->offsets) {
		printf("%s\t%s\t%zu\t%zu\n", ioc_type_name(ioc->type),
		    ioc->value, ioc->offset, ioc->length);
		return 0;
	}
	buf_reset(&r->key);
	buf_addstr(&r->key, ioc_type_name(ioc->type));
	buf_addch(&r->key, '\t');
	buf_addstr(&r->key, ioc->value);
	slot = seen_add(&r->seen, r->key.data, &fresh);
	if (fresh) {
		r->seen.first[slot] = ioc->offset;
		r->seen.classes[slot] = (unsigned char)ioc->class;
		r->seen.allowed[slot] = (unsigned char)ioc_allowed(r->allow,
		    ioc);
	}
	r->seen.counts[slot]++;
	r->seen.fanged[slot] |= (unsigned char)ioc->defanged;
	return 0;
}

/* Scan fd in chunks cut after their last line end. */
static int
scan_fd(int fd, struct ioc_scanner *sc, struct run *r, struct errbuf *e)
{
	struct buf b = BUF_INIT;
	size_t base = 0, cut;
	ssize_t n;
	char *nl;

	for (;;) {
		buf_grow(&b, CHUNK);
		n = read(fd, b.data + b.len, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_release(&b);
			return err_set(e, ST_IOERR, "ioc extract: reading: %s",
			    strerror(errno));
		}
		b.len += (size_t)n;
		b.data[b.len] = '\0';
		nl = n == 0 ? NULL : memrchr(b.data, '\n', b.len);
		cut = n == 0 ? b.len : nl ? (size_t)(nl - b.data) + 1 :
		    b.len < 16 * CHUNK ? 0 : b.len;
		if (cut) {
			ioc_scan(sc, b.data, cut, base, found, r);
			base += cut;
			memmove(b.data, b.data + cut, b.len - cut);
			b.len -= cut;
		}
		if (n == 0)
			break;
	}
	buf_release(&b);
	return 0;
}

static void
print_seen(const struct run *r, int json)
{
	json_t *a = json ? json_array() : NULL;
	size_t i, slot;

	for (i = 0; i < r->seen.norder; i++) {
		const char *key = r->seen.order[i], *tab = strchr(key, '\t');

		if (!json) {
			puts(key);
			continue;
		}
		slot = seen_find(&r->seen, key);
		json_array_append_new(a, json_pack("{s:s%, s:s, s:s, s:b, s:b, "
		    "s:I, s:I}", "type", key, (size_t)(tab - key), "value",
		    tab + 1, "class", ioc_class_name(r->seen.classes[slot]),
		    "allowlisted", r->seen.allowed[slot],
		    "defanged", r->seen.fanged[slot], "count",
		    (json_int_t)r->seen.counts[slot], "first_offset",
		    (json_int_t)r->seen.first[slot]));
	}
	if (json) {
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(a);
	}
}

/* The configured allowlist, with our own domain on it; NULL with e set
 * when an entry is bad. */
static struct ioc_allowlist *
allowlist(const struct conf *conf, struct errbuf *e)
{
	struct ioc_allowlist *al = ioc_allowlist_new();
	size_t i;

	ioc_allowlist_add(al, strrchr(conf->address, '@') + 1);
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

static enum status
ioc_extract(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "with-offsets", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { { 0 }, BUF_INIT, 0, NULL };
	struct ioc_allowlist *allow;
	struct ioc_scanner *sc;
	int ch, json = 0, fd = STDIN_FILENO, rc;

	while ((ch = getopt_long(argc, argv, "jo", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'o')
			r.offsets = 1;
		else
			return cmd_usage(ctx, "ioc extract: unknown option");
	}
	if (optind + 1 < argc)
		return cmd_usage(ctx, "ioc extract: expected at most one FILE");
	if (json && r.offsets)
		return cmd_usage(ctx, "ioc extract: --json lists offsets "
		    "already (first_offset); use one of the two");
	if ((allow = allowlist(ctx->conf, &ctx->err)) == NULL)
		return ctx->err.status;
	r.allow = allow;
	if (optind < argc && (fd = open(argv[optind], O_RDONLY)) < 0) {
		ioc_allowlist_free(allow);
		err_set(&ctx->err, ST_NOINPUT, "ioc extract: %s: %s",
		    argv[optind], strerror(errno));
		return ST_NOINPUT;
	}
	sc = ioc_scanner_new();
	rc = scan_fd(fd, sc, &r, &ctx->err);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc == 0 && !r.offsets)
		print_seen(&r, json);
	ioc_scanner_free(sc);
	ioc_allowlist_free(allow);
	seen_free(&r.seen);
	buf_release(&r.key);
	return rc == 0 ? ST_OK : ctx->err.status;
}

enum status
cmd_ioc(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && strcmp(argv[1], "extract") == 0)
		return ioc_extract(argc - 1, argv + 1, ctx);
	return cmd_usage(ctx, "ioc: expected extract");
}

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
#include "ioc.h"
#include "receive.h"

#define CHUNK (1024 * 1024)

struct run {
	struct ioc_set *set;
	int offsets;	/* print every occurrence with its offset */
	const struct ioc_allowlist *allow;
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
print_set(const struct ioc_set *set, int json)
{
	json_t *a = json ? json_array() : NULL;
	const struct ioc_entry *e;
	size_t i;

	for (i = 0; (e = ioc_set_get(set, i)) != NULL; i++) {
		if (!json) {
			printf("%s\t%s\n", ioc_type_name(e->type), e->value);
			continue;
		}
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:b, "
		    "s:I, s:I}", "type", ioc_type_name(e->type), "value",
		    e->value, "class", ioc_class_name(e->class), "allowlisted",
		    e->allowlisted, "defanged", e->defanged, "count",
		    (json_int_t)e->count, "first_offset",
		    (json_int_t)e->first_offset));
	}
	if (json) {
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(a);
	}
}

static enum status
ioc_extract(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "with-offsets", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { ioc_set_new(), 0, NULL };
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
	if ((allow = receive_allowlist(ctx->conf, NULL, &ctx->err)) == NULL) {
		ioc_set_free(r.set);
		return ctx->err.status;
	}
	r.allow = allow;
	if (optind < argc && (fd = open(argv[optind], O_RDONLY)) < 0) {
		ioc_allowlist_free(allow);
		ioc_set_free(r.set);
		err_set(&ctx->err, ST_NOINPUT, "ioc extract: %s: %s",
		    argv[optind], strerror(errno));
		return ST_NOINPUT;
	}
	sc = ioc_scanner_new();
	rc = scan_fd(fd, sc, &r, &ctx->err);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc == 0 && !r.offsets)
		print_set(r.set, json);
	ioc_scanner_free(sc);
	ioc_allowlist_free(allow);
	ioc_set_free(r.set);
	return rc == 0 ? ST_OK : ctx->err.status;
}

enum status
cmd_ioc(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && strcmp(argv[1], "extract") == 0)
		return ioc_extract(argc - 1, argv + 1, ctx);
	return cmd_usage(ctx, "ioc: expected extract");
}

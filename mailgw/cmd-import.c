/*
 * mailgw import PATH...: mail kept elsewhere (an mbox file, a maildir, or
 * a directory of .eml files) stored as if the MTA had piped each message
 * in: the same receive path, the same de-duplication (an import run
 * again stores nothing twice), the same threading. No acknowledgement
 * goes out: this is old mail. mbox files are read by message.c (libetpan's
 * mbox driver), read-only.
 *
 * A message that cannot be stored for a reason that may pass (a locked
 * store) stops the import with 75; run it again and it goes on where it
 * stopped. A message refused for good (empty, over max_message_size) is
 * reported and skipped.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "message.h"
#include "pdftext.h"
#include "pgp.h"
#include "progress.h"
#include "receive.h"
#include "store.h"
#include "xmalloc.h"

struct import {
	struct ctx *ctx;
	struct conf conf;	/* the configuration, acknowledgements off */
	struct pgp *pgp;	/* one keyring handle for every message */
	size_t read, refused, failed;
	struct progress pg;	/* on a terminal: how far it has got */
};

/* One message through receive; -1 stops the import (e says why). */
static int
import_one(struct import *im, const char *where, const char *raw, size_t len,
    const char *sender)
{
	struct receive_in in = { .raw = raw, .len = len, .sender = sender,
	    .pgp = im->pgp };
	int64_t outbox = 0;

	im->read++;
	if (message_is_blank(raw, len) || len > im->conf.max_message_size) {
		log_warnx("import: %s: skipped: %s", where,
		    len ? "larger than max_message_size" : "empty");
		im->refused++;
		return 0;
	}
	/* Outlook's binary format: no mail to store as it came (made mail,
	 * each import would store it anew: msgconvert's boundaries are
	 * new each time) */
	if (msgtext_magic(raw, len)) {
		log_warnx("import: %s: skipped: an Outlook message (.msg), "
		    "not mail; attach it to a report, or read it with ioc "
		    "extract --message", where);
		im->refused++;
		return 0;
	}
	if (receive_message(im->ctx->store, &im->conf, &in, &outbox,
	    &im->ctx->err) < 0) {
		im->failed++;
		return err_prefix(&im->ctx->err, "import: %s", where);
	}
	progress_show(&im->pg, "import: %zu message(s) read", im->read);
	return 0;
}

static int
import_file(struct import *im, const char *path)
{
	struct buf raw = BUF_INIT;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(&im->ctx->err, ST_NOINPUT, "import: %s: %s",
		    path, strerror(errno));
	buf_init(&raw, im->conf.max_message_size + 1);
	if (buf_read_fd(&raw, fd) < 0 && errno != EFBIG) {
		rc = err_set(&im->ctx->err, ST_IOERR, "import: %s: %s", path,
		    strerror(errno));
	} else
		rc = import_one(im, path, raw.data, raw.len, NULL);
	close(fd);
	buf_release(&raw);
	return rc;
}

/* The envelope sender of an mbox "From " line, into out ("" if none). */
static void
from_line_sender(const char *line, size_t len, char *out, size_t size)
{
	size_t n;

	out[0] = '\0';
	if (len < 6 || strncmp(line, "From ", 5) != 0)
		return;
	line += 5;
	len -= 5;
	n = strcspn(line, " \t\r\n");
	if (n > len)
		n = len;
	if (n > 0 && n < size && !(n == 13 &&
	    strncmp(line, "MAILER-DAEMON", 13) == 0)) {
		memcpy(out, line, n);
		out[n] = '\0';
	}
}

struct mbox_walk {
	struct import *im;
	const char *path;
};

static int
mbox_message(const char *raw, size_t len, unsigned n, const char *from_line,
    size_t from_len, void *arg)
{
	struct mbox_walk *w = arg;
	char where[PATH_MAX + 32], sender[256] = "";

	from_line_sender(from_line, from_len, sender, sizeof(sender));
	snprintf(where, sizeof(where), "%s, message %u", w->path, n);
	return import_one(w->im, where, raw, len, sender[0] ? sender : NULL);
}

static int
import_mbox(struct import *im, const char *path)
{
	struct mbox_walk w = { im, path };

	return message_mbox_each(path, mbox_message, &w, &im->ctx->err);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir (not starting with '.'), in name order. */
static int
import_files_of(struct import *im, const char *dir)
{
	struct dirent *d;
	struct stat st;
	char **names = NULL, *p;
	size_t n = 0, i;
	DIR *dp;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : err_set(&im->ctx->err, ST_NOINPUT,
		    "import: %s: %s", dir, strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, d->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = p;
		} else
			free(p);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; rc == 0 && i < n; i++)
		rc = import_file(im, names[i]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
import_path(struct import *im, const char *path)
{
	struct stat st;
	char *sub;
	int rc, maildir;

	if (stat(path, &st) < 0)
		return err_set(&im->ctx->err, ST_NOINPUT, "import: %s: %s",
		    path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return import_mbox(im, path);
	/* A maildir: cur/ then new/; else a directory of messages. */
	sub = xasprintf("%s/cur", path);
	maildir = stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
	free(sub);
	sub = xasprintf("%s/new", path);
	maildir = maildir || (stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
	free(sub);
	if (!maildir)
		return import_files_of(im, path);
	sub = xasprintf("%s/cur", path);
	rc = import_files_of(im, sub);
	free(sub);
	if (rc == 0) {
		sub = xasprintf("%s/new", path);
		rc = import_files_of(im, sub);
		free(sub);
	}
	return rc;
}

enum status
cmd_import(int argc, char **argv, struct ctx *ctx)
{
	struct import im = { .ctx = ctx, .conf = *ctx->conf };
	int64_t last = 0, stored = 0;
	int i, rc = 0;

	if (argc >= 2 && argv[1][0] == '-')
		return cmd_usage(ctx, "import: unknown option '%s'", argv[1]);
	if (argc < 2)
		return cmd_usage(ctx, "import: expected mbox files, maildirs "
		    "or directories of messages");
	im.conf.ack = 0;
	if (store_last_message(ctx->store, &last, &ctx->err) < 0)
		return ctx->err.status;
	im.pgp = pgp_new(im.conf.gnupghome, im.conf.max_message_size);
	progress_init(&im.pg, isatty(STDERR_FILENO));
	for (i = 1; rc == 0 && i < argc; i++)
		rc = import_path(&im, argv[i]);
	progress_stop(&im.pg);	/* the summary below says it all */
	pgp_free(im.pgp);
	if (store_count_incoming(ctx->store, last, &stored, &ctx->err) < 0)
		return ctx->err.status;
	printf("%zu message(s) read: %lld stored, %lld stored before, %zu "
	    "refused\n", im.read, (long long)stored,
	    (long long)(im.read - im.refused - im.failed) - stored,
	    im.refused);
	return rc < 0 ? ctx->err.status : ST_OK;
}

/*
 * mailgw notify ID... [--template NAME] [--dry-run] [--rate N] [--json]
 * mailgw takedown ID... [--template NAME] [--dry-run] [--rate N] [--json]
 *
 * One sending run at a time per store: two at once (two analysts, or a
 * cron job and a hand) would each compose what the other has not stored
 * yet, and contacts would get two messages. A lock file beside the store
 * (flock, released when the process ends, however it ends) keeps them
 * apart; the second is told to try later (75).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "desk.h"
#include "notify.h"
#include "progress.h"
#include "xmalloc.h"

/* The store's sending lock: its fd (kept open until exit), or -1. */
static int
sending_lock(const struct conf *conf, const char *cmd, struct errbuf *e)
{
	char *path = xasprintf("%s.sending", conf->database);
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(e, ST_TEMPFAIL, "%s: %s: %s", cmd, path,
		    strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		err_set(e, ST_TEMPFAIL, "%s: another notify or takedown is "
		    "sending from this store (%s); try again when it is done",
		    cmd, errno == EWOULDBLOCK ? "locked" : strerror(errno));
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

static enum status
run(int argc, char **argv, struct ctx *ctx, int takedown)
{
	static const struct option opts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct progress pg;
	char actor[128];
	struct notify_opts o = { .takedown = takedown, .progress = &pg,
	    .actor = actor };
	json_t *j;
	char *end;
	long rate;
	const char *cmd = takedown ? "takedown" : "notify";
	struct notify_counts c;
	int64_t *ids;
	size_t n = 0;
	int ch, i, rc, lock = -1, json = 0;

	progress_init(&pg, isatty(STDERR_FILENO));
	cmd_actor(actor, sizeof(actor));
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 't')
			o.template = optarg;
		else if (ch == 'n')
			o.dry_run = 1;
		else if (ch == 'j')
			json = 1;
		else if (ch == 'r') {
			rate = strtol(optarg, &end, 10);
			if (*end || rate <= 0 || rate > 60000)
				return cmd_usage(ctx, "%s: --rate: messages a minute, "
				    "1 to 60000", cmd);
			o.rate = (unsigned)rate;
		}
		else
			return cmd_bad_option(ctx, cmd, ch, argv);
	}
	if (optind == argc)
		return cmd_usage(ctx, "%s: expected ticket IDs", cmd);
	if (o.template && (strspn(o.template, "abcdefghijklmnopqrstuvwxyz-") !=
	    strlen(o.template) || strlen(o.template) > 40))
		return cmd_usage(ctx, "%s: --template: '%s' is no template "
		    "name", cmd, o.template);
	ids = xcalloc((size_t)(argc - optind), sizeof(*ids));
	for (i = optind; i < argc; i++)
		if ((ids[n++] = desk_ticket_id(argv[i])) == 0) {
			free(ids);
			return cmd_usage(ctx, "%s: '%s' is not a ticket ID", cmd,
			    argv[i]);
		}
	/* A dry run sends and keeps nothing: it needs no lock. */
	if (!o.dry_run && (lock = sending_lock(ctx->conf, cmd,
	    &ctx->err)) < 0) {
		free(ids);
		return ctx->err.status;
	}
	if (json && o.dry_run)
		o.plan = json_pack("{s:[], s:n}", "tickets", "first_message");
	rc = notify_run(ctx->store, ctx->conf, ids, n, &o, &c, stdout,
	    &ctx->err);
	free(ids);
	if (lock >= 0)
		close(lock);
	if (rc < 0) {
		json_decref(o.plan);
		return ctx->err.status;
	}
	if (json) {
		/* The counts, and a dry run's plan. */
		j = json_pack("{s:b, s:I, s:I, s:I, s:I}", "dry_run", o.dry_run,
		    "indicators", (json_int_t)c.indicators, "new",
		    (json_int_t)c.planned, "told_within_interval",
		    (json_int_t)c.told_recently, "nobody", (json_int_t)c.nobody);
		if (j && !o.dry_run)
			json_object_update_new(j, json_pack("{s:I, s:I, s:I}",
			    "sent", (json_int_t)c.sent, "failed",
			    (json_int_t)c.failed, "pending", (json_int_t)c.waiting));
		if (j && o.plan)
			json_object_update(j, o.plan);
		json_decref(o.plan);
		if (j == NULL) {
			err_set(&ctx->err, ST_TEMPFAIL, "%s: out of memory "
			    "making the JSON answer", cmd);
			return ST_TEMPFAIL;
		}
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
		return c.failed ? ST_IOERR : ST_OK;
	}
	printf("%s%zu %s: %zu notification(s) new, %zu told within the "
	    "interval, %zu with nobody to tell", o.dry_run ?
	    "dry run, nothing kept or sent: " : "", c.indicators, takedown ?
	    "domain(s) and URL(s)" : "notifiable address(es) and network(s)",
	    c.planned, c.told_recently, c.nobody);
	if (!o.dry_run)
		printf("; %zu sent, %zu failed, %zu still pending", c.sent,
		    c.failed, c.waiting);
	printf("\n");
	return c.failed ? ST_IOERR : ST_OK;
}

enum status
cmd_notify(int argc, char **argv, struct ctx *ctx)
{
	return run(argc, argv, ctx, 0);
}

enum status
cmd_takedown(int argc, char **argv, struct ctx *ctx)
{
	return run(argc, argv, ctx, 1);
}

/*
 * mailgw db migrate | db check | db backup FILE. These open the store
 * themselves: check must look at a database as it is (not create or
 * migrate it), and must be able to name a schema newer than this
 * program.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "store.h"

static enum status
db_migrate(struct ctx *ctx)
{
	const struct conf *conf = ctx->conf;
	struct store *s = NULL;
	int applied, version;
	int flags = STORE_CREATE | (conf->database_default ? STORE_MKDIR : 0);

	if (store_open(&s, conf->database, conf->busy_timeout_ms, flags,
	    &ctx->err) < 0)
		return ctx->err.status;
	if (store_migrate(s, &applied, &ctx->err) < 0 ||
	    store_version(s, &version, &ctx->err) < 0) {
		store_close(s);
		return ctx->err.status;
	}
	printf("%s: schema version %d (%d migration%s applied)\n",
	    conf->database, version, applied, applied == 1 ? "" : "s");
	store_close(s);
	return ST_OK;
}

static enum status
db_check(struct ctx *ctx)
{
	const struct conf *conf = ctx->conf;
	struct buf problems = BUF_INIT;
	struct store *s = NULL;
	enum status st = ST_OK;
	int version, latest = store_latest_version();
	int64_t messages;

	if (store_open(&s, conf->database, conf->busy_timeout_ms, 0,
	    &ctx->err) < 0)
		return ctx->err.status;
	if (store_version(s, &version, &ctx->err) < 0 ||
	    store_check(s, &problems, &ctx->err) < 0) {
		st = ctx->err.status;
		goto out;
	}
	printf("database: %s\nschema:   version %d (this mailgw: %d)\n",
	    conf->database, version, latest);
	if (version == latest && store_count_messages(s, &messages,
	    &ctx->err) == 0)
		printf("messages: %lld\n", (long long)messages);
	printf("integrity: %s\n", problems.len ? "FAILED" : "ok");
	fputs(problems.data, stdout);
	if (problems.len) {
		err_set(&ctx->err, ST_DATA, "db check: %s: integrity check "
		    "failed", conf->database);
		st = ST_DATA;
	} else if (version < latest) {
		err_set(&ctx->err, ST_DATA, "db check: %s: schema version %d, "
		    "%d pending: run 'mailgw db migrate'", conf->database,
		    version, latest - version);
		st = ST_DATA;
	}
out:
	buf_release(&problems);
	store_close(s);
	return st;
}

/* db backup FILE: a copy taken while mail is delivered, then read back
 * and checked, so that a backup that says ok is one to restore. */
static enum status
db_backup(struct ctx *ctx, const char *path)
{
	const struct conf *conf = ctx->conf;
	struct buf problems = BUF_INIT;
	struct store *s = NULL, *copy = NULL;
	int version = 0;
	int64_t messages = -1;

	if (store_open(&s, conf->database, conf->busy_timeout_ms, 0,
	    &ctx->err) < 0)
		return ctx->err.status;
	if (store_backup(s, path, &ctx->err) < 0) {
		store_close(s);
		return ctx->err.status;
	}
	store_close(s);
	if (store_open(&copy, path, conf->busy_timeout_ms, STORE_READONLY,
	    &ctx->err) < 0 || store_version(copy, &version, &ctx->err) < 0 ||
	    store_check(copy, &problems, &ctx->err) < 0 ||
	    (version == store_latest_version() &&
	    store_count_messages(copy, &messages, &ctx->err) < 0)) {
		store_close(copy);
		buf_release(&problems);
		return ctx->err.status;
	}
	store_close(copy);
	if (problems.len) {
		fputs(problems.data, stdout);
		buf_release(&problems);
		err_set(&ctx->err, ST_DATA, "db backup: %s: the copy fails its "
		    "integrity check (is %s sound? 'mailgw db check')", path,
		    conf->database);
		return ST_DATA;
	}
	printf("%s: a copy of %s, schema version %d", path, conf->database,
	    version);
	if (messages >= 0)
		printf(", %lld messages", (long long)messages);
	printf(", integrity ok\n");
	return ST_OK;
}

enum status
cmd_db(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && strcmp(argv[1], "backup") == 0)
		return argc == 3 ? db_backup(ctx, argv[2]) :
		    cmd_usage(ctx, "db backup: expected one FILE");
	if (argc != 2)
		return cmd_usage(ctx, "db: expected migrate, check or backup "
		    "FILE");
	if (strcmp(argv[1], "migrate") == 0)
		return db_migrate(ctx);
	if (strcmp(argv[1], "check") == 0)
		return db_check(ctx);
	return cmd_usage(ctx, "db: unknown subcommand '%s'", argv[1]);
}

/*
 * mailgw lmtp: an LMTP session (lmtp.c) on standard input and output,
 * for the connection a systemd socket unit with Accept=yes, or inetd,
 * hands over. The store is opened here rather than before the command
 * runs, so that a client that cannot be served is told why (421) and
 * comes back later.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "err.h"
#include "lmtp.h"
#include "store.h"

/* Seconds without a byte from the client before the session ends. */
enum { DEFAULT_TIMEOUT = 300 };

enum status
cmd_lmtp(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const struct conf *conf = ctx->conf;
	long timeout = DEFAULT_TIMEOUT;
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, ":t:", opts, NULL)) != -1) {
		if (ch != 't')
			return cmd_bad_option(ctx, "lmtp", ch, argv);
		timeout = strtol(optarg, &end, 10);
		if (end == optarg || *end || timeout < 1 || timeout > 86400)
			return cmd_usage(ctx, "lmtp: --timeout takes seconds "
			    "(1 to 86400)");
	}
	if (optind != argc)
		return cmd_usage(ctx, "lmtp: unexpected argument '%s'",
		    argv[optind]);
	if (store_open(&ctx->store, conf->database, conf->busy_timeout_ms,
	    STORE_CREATE | STORE_MIGRATE | (conf->database_default ?
	    STORE_MKDIR : 0), &ctx->err) < 0) {
		lmtp_refuse(stdout, conf, ctx->err.msg);
		return ctx->err.status;
	}
	lmtp_session(ctx->store, conf, STDIN_FILENO, stdout,
	    (int)timeout * 1000);
	return ST_OK;
}

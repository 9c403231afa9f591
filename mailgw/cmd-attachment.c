/*
 * mailgw attachment get SHA256 > FILE: one stored attachment's bytes on
 * stdout. Attachments are stored by content, never under the name a
 * sender gave them, so no file name from a report reaches a path.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "store.h"

static int
sha256_valid(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

enum status
cmd_attachment(int argc, char **argv, struct ctx *ctx)
{
	struct buf data = BUF_INIT;
	int rc;

	if (argc != 3 || strcmp(argv[1], "get") != 0)
		return cmd_usage(ctx, "attachment: expected get SHA256");
	if (!sha256_valid(argv[2]))
		return cmd_usage(ctx, "attachment get: '%s' is not a SHA-256 "
		    "in lowercase hex", argv[2]);
	if (isatty(STDOUT_FILENO))
		return cmd_usage(ctx, "attachment get: refusing to write an "
		    "attachment to a terminal; redirect it to a file");
	rc = store_attachment_get(ctx->store, argv[2], &data, &ctx->err);
	if (rc == 0)
		err_set(&ctx->err, ST_NOINPUT, "attachment get: no attachment "
		    "%s", argv[2]);
	if (rc <= 0) {
		buf_release(&data);
		return ctx->err.status;
	}
	fwrite(data.data, 1, data.len, stdout);
	buf_release(&data);
	return ST_OK;
}

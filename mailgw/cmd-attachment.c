/*
 * mailgw attachment get SHA256 > FILE: one stored attachment's bytes on
 * stdout. Attachments are stored by content, never under the name a
 * sender gave them, so no file name from a report reaches a path.
 * mailgw attachment text SHA256: the text receive read from it (a PDF's,
 * an Office document's, a zip's files'), fit for a terminal.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "store.h"

static int
sha256_valid(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* The text read from an attachment, without what a terminal obeys. */
static enum status
attachment_text(struct ctx *ctx, const char *sha)
{
	struct buf text = BUF_INIT, shown = BUF_INIT;
	int rc = store_attachment_text(ctx->store, sha, &text, &ctx->err);

	if (rc == 0)
		err_set(&ctx->err, ST_NOINPUT, "attachment text: no text was "
		    "read from %s (no such attachment, or none of its kinds)",
		    sha);
	if (rc > 0) {
		utf8_append_printable(&shown, text.data, text.len, 1);
		if (shown.len && shown.data[shown.len - 1] != '\n')
			buf_addch(&shown, '\n');
		fwrite(shown.data, 1, shown.len, stdout);
	}
	buf_release(&text);
	buf_release(&shown);
	return rc > 0 ? ST_OK : ctx->err.status;
}

enum status
cmd_attachment(int argc, char **argv, struct ctx *ctx)
{
	struct buf data = BUF_INIT;
	int rc;

	if (argc != 3 || (strcmp(argv[1], "get") != 0 &&
	    strcmp(argv[1], "text") != 0))
		return cmd_usage(ctx, "attachment: expected get SHA256 or "
		    "text SHA256");
	if (!sha256_valid(argv[2]))
		return cmd_usage(ctx, "attachment %s: '%s' is not a SHA-256 "
		    "in lowercase hex", argv[1], argv[2]);
	if (strcmp(argv[1], "text") == 0)
		return attachment_text(ctx, argv[2]);
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

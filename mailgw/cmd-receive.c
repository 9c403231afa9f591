/*
 * mailgw receive: one message on stdin, from the MTA's pipe.
 *
 * The contract with the MTA is the exit code. 0 only after the message
 * is committed durably; 75 on anything that may pass (the MTA retries);
 * 65 only for input we will never take (empty, over the size limit);
 * main.c turns every other failure of this command into 75. What the
 * message becomes is receive.c's work.
 *
 * With lmtp_socket, the message is handed to the receiver listening
 * there ("mailgw lmtp --listen"), which keeps the store open: this
 * process then never opens it. The exit code is the receiver's reply
 * (250: 0, 4xx: 75, 5xx: 65); when there is no receiver, or it goes
 * away before its reply, the message is stored here as without it
 * (stored twice it is not: the store knows it).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "lmtpclient.h"
#include "log.h"
#include "message.h"
#include "outbox.h"
#include "receive.h"

/* How long the receiver may take over one message: a busy store and a
 * PDF's text included. */
enum { FORWARD_TIMEOUT_MS = 300 * 1000 };

static enum status
read_message(struct buf *raw, size_t max, struct errbuf *e)
{
	buf_init(raw, max);
	if (buf_read_fd(raw, STDIN_FILENO) < 0) {
		if (errno == EFBIG)
			err_set(e, ST_REFUSED, "receive: message refused: larger "
			    "than the limit of %zu bytes (max_message_size)",
			    max);
		else
			err_set(e, ST_TEMPFAIL, "receive: reading the message: "
			    "%s", strerror(errno));
		return e->status;
	}
	if (message_is_blank(raw->data, raw->len)) {
		err_set(e, ST_REFUSED, "receive: message refused: empty input");
		return ST_REFUSED;
	}
	return ST_OK;
}

enum status
cmd_receive(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "recipient", required_argument, NULL, 'r' },
		{ "sender", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct receive_in in = { .sender = getenv("SENDER") };
	struct errbuf late = { 0 };
	int64_t outbox = 0;
	const char *rcpt;
	struct buf raw;
	enum status st;
	int ch, k;

	while ((ch = getopt_long(argc, argv, ":r:s:", opts, NULL)) != -1) {
		if (ch == 'r')
			in.recipient = optarg;
		else if (ch == 's')
			in.sender = optarg;
		else
			return cmd_bad_option(ctx, "receive", ch, argv);
	}
	if (optind != argc)
		return cmd_usage(ctx, "receive: unexpected argument '%s'",
		    argv[optind]);
	if ((st = read_message(&raw, ctx->conf->max_message_size,
	    &ctx->err)) != ST_OK)
		goto out;
	in.raw = raw.data;
	in.len = raw.len;
	if (ctx->conf->lmtp_socket &&
	    (rcpt = lmtp_envelope_recipient(in.recipient)) != NULL &&
	    (k = lmtp_forward(ctx->conf->lmtp_socket, in.sender, rcpt,
	    raw.data, raw.len, FORWARD_TIMEOUT_MS, &ctx->err)) <= 0) {
		if (k == 0)
			log_info("receive: handed to the receiver at %s",
			    ctx->conf->lmtp_socket);
		else {	/* its reply, in our words' frame */
			char reply[sizeof(ctx->err.msg)];

			memcpy(reply, ctx->err.msg, sizeof(reply));
			err_set(&ctx->err, ctx->err.status, "receive: %.900s",
			    reply);
		}
		st = k == 0 ? ST_OK : ctx->err.status;
		goto out;
	}
	if ((st = cmd_open_store(ctx)) != ST_OK)
		goto out;
	st = receive_message(ctx->store, ctx->conf, &in, &outbox,
	    &ctx->err) < 0 ? ctx->err.status : ST_OK;
	/* The report is stored: nothing after this may fail the delivery.
	 * An acknowledgement that cannot leave now stays in the outbox. */
	if (st == ST_OK && outbox &&
	    outbox_deliver(ctx->store, ctx->conf, outbox, &late) < 0)
		log_warnx("receive: acknowledgement left in the outbox: %s",
		    late.msg);
out:
	buf_release(&raw);
	return st;
}

/*
 * mailgw lmtp: an LMTP session (lmtp.c) on standard input and output,
 * for the connection a systemd socket unit with Accept=yes, or inetd,
 * hands over. The store is opened here rather than before the command
 * runs, so that a client that cannot be served is told why (421) and
 * comes back later.
 *
 * mailgw lmtp --listen PATH: sessions one after another on a Unix
 * socket, the store opened once: the receiver that "mailgw receive"
 * hands its message to when lmtp_socket names it, so that a delivery
 * through the pipe does not open the store and parse its schema.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "err.h"
#include "lmtp.h"
#include "log.h"
#include "pgp.h"

/* Seconds without a byte from the client before the session ends. */
enum { DEFAULT_TIMEOUT = 300 };

/* Serve sessions on a Unix socket at path, one after another, until
 * killed. A socket left there by a listener that is gone is replaced;
 * anything else at path is not. */
static enum status
listen_on(struct ctx *ctx, const char *path, int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	struct pgp *pgp;
	FILE *out;
	int fd, c;

	if (strlen(path) >= sizeof(sa.sun_path) || path[0] != '/')
		return cmd_usage(ctx, "lmtp: --listen takes the full path of "
		    "a socket, shorter than %zu bytes", sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 64) < 0) {
		err_set(&ctx->err, ST_CANTCREAT, "lmtp: listening on %s: %s",
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return ctx->err.status;
	}
	log_info("lmtp: listening on %s", path);
	/* one keyring handle for every session: its keys listed once */
	pgp = pgp_new(ctx->conf->gnupghome, ctx->conf->max_message_size);
	for (;;) {
		if ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			err_set(&ctx->err, ST_TEMPFAIL, "lmtp: accepting on "
			    "%s: %s", path, strerror(errno));
			break;
		}
		if ((out = fdopen(dup(c), "w")) != NULL) {
			lmtp_session(ctx->store, ctx->conf, pgp, c, out,
			    timeout_ms);
			fclose(out);
		}
		close(c);
	}
	pgp_free(pgp);
	close(fd);
	return ctx->err.status;
}

enum status
cmd_lmtp(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "listen", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const struct conf *conf = ctx->conf;
	const char *listen_path = NULL;
	long timeout = DEFAULT_TIMEOUT;
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, ":t:l:", opts, NULL)) != -1) {
		if (ch == 'l') {
			listen_path = optarg;
			continue;
		}
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
	if (cmd_open_store(ctx) != ST_OK) {
		if (listen_path == NULL)
			lmtp_refuse(stdout, conf, ctx->err.msg);
		return ctx->err.status;
	}
	if (listen_path)
		return listen_on(ctx, listen_path, (int)timeout * 1000);
	lmtp_session(ctx->store, conf, NULL, STDIN_FILENO, stdout,
	    (int)timeout * 1000);
	return ST_OK;
}

/*
 * Handing one message to the LMTP receiver on a Unix socket ("mailgw
 * lmtp --listen"): the envelope and DATA pipelined, the message
 * dot-stuffed with CRLF line ends, one reply read for its one
 * recipient. Kept apart from lmtp.c (the server) so that mailgw-deliver
 * links this and libc only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "err.h"
#include "lmtpclient.h"
#include "log.h"

const char *
lmtp_envelope_recipient(const char *opt)
{
	const char *r = opt;

	if (r == NULL || *r == '\0')
		r = getenv("ORIGINAL_RECIPIENT");
	if (r == NULL || *r == '\0')
		r = getenv("RECIPIENT");
	return r && *r ? r : NULL;
}

/* One reply of the receiver: its code (the last line's when it has
 * several), its last line's text in text; 0 when it went away. */
static int
read_reply(FILE *in, char *text, size_t size)
{
	char line[1024];
	size_t n;

	while (fgets(line, sizeof(line), in) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n < 3 || line[0] < '1' || line[0] > '5')
			return 0;
		if (line[3] == '-')
			continue;
		snprintf(text, size, "%s", line + (n > 4 ? 4 : n));
		return (line[0] - '0') * 100 + (line[1] - '0') * 10 +
		    (line[2] - '0');
	}
	return 0;
}

/* The message as DATA carries it: CRLF line ends, dot-stuffed, ended. */
static void
data_lines(struct buf *b, const char *raw, size_t len)
{
	const char *p = raw, *end = raw + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (*p == '.')
			buf_addch(b, '.');
		buf_add(b, p, (size_t)(nl - p));
		buf_addstr(b, "\r\n");
		p = nl + 1;
	}
	buf_addstr(b, ".\r\n");
}

int
lmtp_forward(const char *path, const char *sender, const char *recipient,
    const char *raw, size_t len, int timeout_ms, struct errbuf *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { timeout_ms / 1000, timeout_ms % 1000 * 1000 };
	struct buf out = BUF_INIT;
	char text[1024];
	FILE *in = NULL;
	int fd, code = 0, rc = 1;

	/* LMTP's DATA gives the receiver lines ending in LF: the same
	 * bytes only when these are all there is */
	if (len == 0 || raw[len - 1] != '\n' || memchr(raw, '\r', len) ||
	    memchr(raw, '\0', len) || !addr_valid(recipient) ||
	    (sender && (strpbrk(sender, "<>\r\n") || strlen(sender) > 254)) ||
	    strlen(path) >= sizeof(sa.sun_path))
		return 1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (in = fdopen(fd, "r")) == NULL) {
		close(fd);
		return 1;
	}
	/* PIPELINING: the envelope and DATA in one write, the message in
	 * the next, the replies read in order */
	buf_addf(&out, "LHLO %s\r\nMAIL FROM:<%s>\r\nRCPT TO:<%s>\r\n"
	    "DATA\r\n", "localhost", sender ? sender : "", recipient);
	if (read_reply(in, text, sizeof(text)) != 220 ||
	    fd_write_all(fd, out.data, out.len) < 0 ||
	    read_reply(in, text, sizeof(text)) != 250 ||
	    read_reply(in, text, sizeof(text)) != 250 ||
	    (code = read_reply(in, text, sizeof(text))) != 250 ||
	    (code = read_reply(in, text, sizeof(text))) != 354)
		goto done;
	buf_reset(&out);
	data_lines(&out, raw, len);
	if (fd_write_all(fd, out.data, out.len) < 0 ||
	    (code = read_reply(in, text, sizeof(text))) == 0)
		goto done;	/* gone before its reply: stored here */
	fd_write_all(fd, "QUIT\r\n", 6);
	if (code / 100 == 2)
		rc = 0;
	else
		rc = err_set(e, code / 100 == 4 ? ST_TEMPFAIL : ST_REFUSED,
		    "the receiver at %s: %d %s", path, code, text);
done:
	if (rc == 1 && code / 100 == 5)	/* refused the envelope */
		log_warnx("receive: the receiver at %s said %d %s; "
		    "receiving here", path, code, text);
	fclose(in);
	buf_release(&out);
	return rc;
}

/*
 * An LMTP (RFC 2033) session in front of the receive path, for "mailgw
 * lmtp" on standard input and output: a connection that a systemd socket
 * unit (Accept=yes) or inetd hands over, or any process that speaks LMTP
 * through a pipe. One
 * process serves every message of the connection, so the start-up, the
 * store and its schema are paid once per connection, not once per
 * message (Postfix's lmtp client keeps a connection for the messages
 * that follow).
 *
 * After DATA each accepted recipient gets its own reply, as LMTP wants:
 * 250 only after the message is committed for that recipient; 4xx for
 * whatever may pass (the client keeps the message and retries that
 * recipient), as "receive" exits 75; 5xx only for a message we will
 * never take (empty, over max_message_size), as "receive" exits 65.
 * Nothing from the client reaches a reply: replies carry our own
 * words, made printable.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "conf.h"
#include "err.h"
#include "lmtp.h"
#include "log.h"
#include "message.h"
#include "outbox.h"
#include "pgp.h"
#include "receive.h"
#include "xmalloc.h"

enum {
	LINE_MAX_CMD = 2048,	/* a command line (RFC 5321 asks for 512) */
	MAX_RCPTS = 100,	/* recipients of one transaction */
};

/* Buffered reading of the client, with a timeout; our replies are
 * flushed before we wait for more (PIPELINING: a client may send a batch
 * of commands and read the replies together). */
struct reader {
	int fd;
	FILE *out;
	char buf[16384];
	size_t off, len;
	int timeout_ms;
	int eof, timedout;
};

static int
fill(struct reader *r)
{
	struct pollfd p = { r->fd, POLLIN, 0 };
	ssize_t n;
	int k;

	fflush(r->out);
	for (;;) {
		k = poll(&p, 1, r->timeout_ms);
		if (k < 0 && errno == EINTR)
			continue;
		if (k == 0) {
			r->timedout = 1;
			return -1;
		}
		if (k < 0)
			return -1;
		n = read(r->fd, r->buf, sizeof(r->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->eof = 1;
			return -1;
		}
		r->off = 0;
		r->len = (size_t)n;
		return 0;
	}
}

/*
 * One line into line, without its end (CRLF or a bare LF). Bytes past
 * max are dropped and *over set. 1 with a line, 0 at the end of input
 * (a last line without its end is dropped: the client went away), -1
 * on a timeout or a read error.
 */
static int
read_line(struct reader *r, struct buf *line, size_t max, int *over)
{
	char *nl;
	size_t take;

	buf_reset(line);
	*over = 0;
	for (;;) {
		if (r->off == r->len && fill(r) < 0)
			return r->eof ? 0 : -1;
		nl = memchr(r->buf + r->off, '\n', r->len - r->off);
		take = nl ? (size_t)(nl - (r->buf + r->off)) : r->len - r->off;
		if (line->len + take > max) {
			*over = 1;
			if (line->len < max)
				buf_add(line, r->buf + r->off, max - line->len);
		} else {
			buf_add(line, r->buf + r->off, take);
		}
		r->off += take;
		if (nl) {
			r->off++;
			if (line->len && line->data[line->len - 1] == '\r' &&
			    !(*over))
				buf_truncate(line, line->len - 1);
			return 1;
		}
	}
}

struct session {
	struct store *store;
	const struct conf *conf;
	FILE *out;
	struct pgp *pgp;	/* one keyring handle for the session */
	struct reader in;
	char *host;		/* our name in the replies */
	int greeted;
	int mail;		/* a transaction is open */
	char *sender;
	char *rcpts[MAX_RCPTS];
	size_t nrcpts;
};

static void
reset(struct session *ss)
{
	size_t i;

	free(ss->sender);
	ss->sender = NULL;
	for (i = 0; i < ss->nrcpts; i++)
		free(ss->rcpts[i]);
	ss->nrcpts = 0;
	ss->mail = 0;
}

/* A reply line: code, then text made one printable line. */
static void
reply(FILE *out, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reply(FILE *out, const char *code, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (i = 0; text[i]; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			text[i] = '?';
	fprintf(out, "%s %s\r\n", code, text);
}

/* The address of "FROM:<a> params" or "TO:<a> params" after the verb:
 * a copy of a (empty for "<>"), *params what follows. NULL when it is
 * not that shape, or holds a control byte. A sender may be anything
 * else RFC 5321 allows ("john doe"@example.org): refusing it would
 * bounce the report. */
static char *
path_arg(const char *arg, const char *kw, const char **params)
{
	size_t k = strlen(kw);
	const char *lt, *gt;

	if (strncasecmp(arg, kw, k) != 0)
		return NULL;
	for (lt = arg + k; *lt == ' '; lt++)
		;
	if (*lt != '<' || (gt = strchr(lt, '>')) == NULL ||
	    gt - lt - 1 > 254)
		return NULL;
	for (const char *c = lt + 1; c < gt; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return NULL;	/* no control byte in a path */
	for (*params = gt + 1; **params == ' '; (*params)++)
		;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

/* MAIL's parameters: SIZE (refused when over the limit) and BODY. 0, or
 * -1 with the reply made. */
static int
mail_params(struct session *ss, const char *p)
{
	char word[64];
	size_t n;

	while (*p) {
		n = strcspn(p, " ");
		if (n >= sizeof(word)) {
			reply(ss->out, "555", "5.5.4 parameter not recognized");
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		if (strncasecmp(word, "SIZE=", 5) == 0) {
			char *end;
			unsigned long long v = strtoull(word + 5, &end, 10);

			if (end == word + 5 || *end != '\0') {
				reply(ss->out, "501", "5.5.4 bad SIZE");
				return -1;
			}
			if (v > ss->conf->max_message_size) {
				reply(ss->out, "552", "5.3.4 message larger "
				    "than the limit of %zu bytes",
				    ss->conf->max_message_size);
				return -1;
			}
		} else if (strcasecmp(word, "BODY=8BITMIME") != 0 &&
		    strcasecmp(word, "BODY=7BIT") != 0) {
			reply(ss->out, "555", "5.5.4 parameter not recognized");
			return -1;
		}
		for (p += n; *p == ' '; p++)
			;
	}
	return 0;
}

/*
 * DATA: the message up to the line ".", dot-stuffing undone and line
 * ends made LF (what the pipe hands "receive", so that the same message
 * through either is the same message); then one reply per recipient.
 * -1 when the client went away in the middle.
 */
static int
data(struct session *ss)
{
	const struct conf *conf = ss->conf;
	struct buf msg, line;
	struct errbuf e, late;
	size_t i;
	int over = 0, lover, k, rc = 0;

	reply(ss->out, "354", "end data with <CR><LF>.<CR><LF>");
	buf_init(&msg, 0);
	buf_init(&line, 0);
	for (;;) {
		if (read_line(&ss->in, &line, conf->max_message_size + 2,
		    &lover) <= 0) {
			rc = -1;
			goto out;
		}
		if (!lover && line.len == 1 && line.data[0] == '.')
			break;
		if (over || lover || msg.len + line.len + 1 >
		    conf->max_message_size) {
			over = 1;	/* read to the end, keep nothing */
			continue;
		}
		k = line.len && line.data[0] == '.';
		buf_add(&msg, line.data + k, line.len - k);
		buf_addch(&msg, '\n');
	}
	for (i = 0; i < ss->nrcpts; i++) {
		struct receive_in in = { .raw = msg.data, .len = msg.len,
		    .recipient = ss->rcpts[i], .sender = ss->sender,
		    .pgp = ss->pgp };
		int64_t outbox = 0;

		memset(&e, 0, sizeof(e));
		if (over) {
			reply(ss->out, "552", "5.3.4 message larger than "
			    "the limit of %zu bytes (max_message_size)",
			    conf->max_message_size);
			continue;
		}
		if (message_is_blank(msg.data, msg.len)) {
			reply(ss->out, "554", "5.6.0 message refused: empty");
			continue;
		}
		if (receive_message(ss->store, conf, &in, &outbox,
		    &e) < 0) {
			log_warnx("lmtp: <%s>: %s", ss->rcpts[i], e.msg);
			if (e.status == ST_REFUSED)
				reply(ss->out, "554", "5.6.0 %s", e.msg);
			else
				reply(ss->out, "451", "4.3.0 %s", e.msg);
			continue;
		}
		reply(ss->out, "250", "2.0.0 <%s> stored", ss->rcpts[i]);
		fflush(ss->out);
		/* As in receive: nothing after the commit fails the
		 * delivery; an acknowledgement that cannot leave now stays
		 * in the outbox. */
		memset(&late, 0, sizeof(late));
		if (outbox && outbox_deliver(ss->store, conf, outbox,
		    &late) < 0)
			log_warnx("lmtp: acknowledgement left in the outbox: "
			    "%s", late.msg);
	}
out:
	buf_release(&msg);
	buf_release(&line);
	reset(ss);
	return rc;
}

/* One command line. 1 after QUIT, -1 when the client went away. */
static int
command(struct session *ss, const char *l)
{
	const char *arg = strlen(l) > 4 ? l + 5 : "", *params;
	char *a;

	if (strncasecmp(l, "LHLO", 4) == 0 && (l[4] == ' ' || !l[4])) {
		reset(ss);
		ss->greeted = 1;
		fprintf(ss->out, "250-%s\r\n250-PIPELINING\r\n"
		    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
		    "250 SIZE %zu\r\n", ss->host,
		    ss->conf->max_message_size);
	} else if (strncasecmp(l, "HELO", 4) == 0 ||
	    strncasecmp(l, "EHLO", 4) == 0) {
		reply(ss->out, "500", "5.5.1 this is LMTP: LHLO");
	} else if (strncasecmp(l, "MAIL", 4) == 0 && l[4] == ' ') {
		if (!ss->greeted)
			reply(ss->out, "503", "5.5.1 LHLO first");
		else if (ss->mail)
			reply(ss->out, "503", "5.5.1 nested MAIL");
		else if ((a = path_arg(arg, "FROM:", &params)) == NULL)
			reply(ss->out, "501", "5.5.4 syntax: MAIL "
			    "FROM:<address>");
		else if (mail_params(ss, params) < 0)
			free(a);
		else {
			ss->sender = a;
			ss->mail = 1;
			reply(ss->out, "250", "2.1.0 ok");
		}
	} else if (strncasecmp(l, "RCPT", 4) == 0 && l[4] == ' ') {
		if (!ss->mail)
			reply(ss->out, "503", "5.5.1 MAIL first");
		else if ((a = path_arg(arg, "TO:", &params)) == NULL ||
		    !addr_valid(a) || *params) {
			free(a);
			reply(ss->out, "501", "5.5.4 syntax: RCPT "
			    "TO:<address>");
		} else if (ss->nrcpts == MAX_RCPTS) {
			free(a);
			reply(ss->out, "452", "4.5.3 too many recipients");
		} else {
			ss->rcpts[ss->nrcpts++] = a;
			reply(ss->out, "250", "2.1.5 ok");
		}
	} else if (strcasecmp(l, "DATA") == 0) {
		if (!ss->mail || ss->nrcpts == 0)
			reply(ss->out, "503", "5.5.1 no recipients");
		else
			return data(ss);
	} else if (strcasecmp(l, "RSET") == 0) {
		reset(ss);
		reply(ss->out, "250", "2.0.0 ok");
	} else if (strncasecmp(l, "NOOP", 4) == 0 && (l[4] == ' ' || !l[4])) {
		reply(ss->out, "250", "2.0.0 ok");
	} else if (strncasecmp(l, "VRFY", 4) == 0) {
		reply(ss->out, "252", "2.5.0 not verified; send and see");
	} else if (strcasecmp(l, "QUIT") == 0) {
		reply(ss->out, "221", "2.0.0 %s closing", ss->host);
		return 1;
	} else {
		reply(ss->out, "500", "5.5.2 command not recognized");
	}
	return 0;
}

/* Our name in the replies: the desk address's domain. */
static char *
host_name(const struct conf *conf)
{
	const char *at = strrchr(conf->address, '@');

	return xstrdup(at ? at + 1 : "localhost");
}

void
lmtp_refuse(FILE *out, const struct conf *conf, const char *why)
{
	char *host = host_name(conf);

	reply(out, "421", "4.3.0 %s: %s", host, why);
	fflush(out);
	free(host);
}

void
lmtp_session(struct store *s, const struct conf *conf, struct pgp *pgp,
    int in, FILE *out, int timeout_ms)
{
	struct session ss = { .store = s, .conf = conf, .out = out };
	struct buf line;
	int k, over;

	ss.in.fd = in;
	ss.in.out = out;
	ss.in.timeout_ms = timeout_ms;
	ss.host = host_name(conf);
	ss.pgp = pgp ? pgp : pgp_new(conf->gnupghome, conf->max_message_size);
	buf_init(&line, 0);
	fprintf(out, "220 %s LMTP mailgw ready\r\n", ss.host);
	for (;;) {
		k = read_line(&ss.in, &line, LINE_MAX_CMD, &over);
		if (k > 0 && over)
			reply(out, "500", "5.5.2 line too long");
		else if (k > 0 && memchr(line.data, '\0', line.len))
			reply(out, "500", "5.5.2 NUL in a command");
		else if (k > 0)
			k = command(&ss, line.data) == 0;
		if (k <= 0)
			break;
	}
	if (ss.in.timedout)
		reply(out, "421", "4.4.2 %s idle too long; closing", ss.host);
	fflush(out);
	reset(&ss);
	buf_release(&line);
	if (pgp == NULL)
		pgp_free(ss.pgp);
	free(ss.host);
}

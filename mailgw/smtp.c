/*
 * mailgw-smtp: hand one message to an SMTP server, as sendmail would.
 *
 *	mailgw-smtp [-T starttls|tls|none] [-a CAFILE] [-u USER -p PWFILE]
 *	    [-t SECONDS] -h HOST [-P PORT] -f ENVELOPE -- RCPT...
 *
 * The message (CRLF line ends) comes on standard input. The exit status
 * is sendmail's: 0 sent; 67 a recipient refused for good (5xx to RCPT),
 * 65 the message refused for good (5xx after DATA); 75 anything that may
 * pass later (no connection, a 4xx, TLS that does not verify, a refused
 * login, a 5xx to MAIL FROM, which is about us and not the message);
 * 64 and 78 our own usage and configuration. One line on standard error
 * says why, with the server's own words.
 *
 * A program of its own so that the TLS and SASL libraries (and their
 * parsers of what a network peer sends) never load into receive, and
 * run in a process that holds nothing but this one message.
 *
 * TLS is verified here, not left to libetpan (which checks nothing): the
 * peer's chain against CAFILE or the system's trust store, and its name
 * against HOST. Credentials are only ever sent inside TLS.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "addr.h"
#include "buf.h"

struct opts {
	const char *host, *cafile, *user, *pwfile, *from;
	const char *tls;	/* starttls, tls or none */
	int port, timeout;
	char **rcpts;
	int nrcpts;
};

/* Why the run failed, printed by main once everything is freed. */
struct why {
	char msg[1024];
};

static int __attribute__((format(printf, 3, 4)))
fail(struct why *w, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* The server's last reply on one line, control characters made spaces. */
static const char *
said(mailsmtp *s, char *out, size_t size)
{
	size_t i;

	if (s->response == NULL || s->response[0] == '\0') {
		snprintf(out, size, "no reply");
		return out;
	}
	snprintf(out, size, "%d %s", s->response_code, s->response);
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	while (i > 0 && out[i - 1] == ' ')
		out[--i] = '\0';
	return out;
}

static void
set_sni(struct mailstream_ssl_context *ctx, void *host)
{
	mailstream_ssl_set_server_name(ctx, host);
}

/* The peer's chain against the trust anchors, its leaf against host. */
static int
verify_peer(mailstream *stream, const struct opts *o, struct why *w)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t crts[16];
	gnutls_datum_t text = { NULL, 0 };
	carray *chain;
	unsigned int n = 0, i, status = 0;
	int r, rc = 0;

	chain = mailstream_get_certificate_chain(stream);
	if (chain == NULL || carray_count(chain) == 0) {
		if (chain)
			mailstream_certificate_chain_free(chain);
		return fail(w, EX_TEMPFAIL, "%s: TLS peer sent no certificate",
		    o->host);
	}
	for (i = 0; i < carray_count(chain) && n < 16 && rc == 0; i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str,
		    (unsigned int)der->len };

		if (gnutls_x509_crt_init(&crts[n]) < 0)
			rc = fail(w, EX_TEMPFAIL, "out of memory");
		else if (n++, gnutls_x509_crt_import(crts[n - 1], &d,
		    GNUTLS_X509_FMT_DER) < 0)
			rc = fail(w, EX_TEMPFAIL, "%s: TLS peer sent a "
			    "certificate that does not parse", o->host);
	}
	mailstream_certificate_chain_free(chain);
	if (rc == 0 && gnutls_x509_trust_list_init(&tl, 0) < 0)
		rc = fail(w, EX_TEMPFAIL, "out of memory");
	if (rc == 0) {
		if (o->cafile != NULL)
			r = gnutls_x509_trust_list_add_trust_file(tl, o->cafile,
			    NULL, GNUTLS_X509_FMT_PEM, 0, 0);
		else
			r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		if (r <= 0)
			rc = fail(w, EX_CONFIG, "%s: no trusted certificates "
			    "there", o->cafile ? o->cafile :
			    "the system trust store");
	}
	if (rc == 0 && (gnutls_x509_trust_list_verify_crt(tl, crts, n, 0,
	    &status, NULL) < 0 || status != 0)) {
		if (status == 0)
			status = GNUTLS_CERT_INVALID;
		gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &text, 0);
		rc = fail(w, EX_TEMPFAIL, "%s: TLS certificate not trusted: %s",
		    o->host, text.data ? (char *)text.data : "invalid");
		gnutls_free(text.data);
	}
	if (rc == 0 && !gnutls_x509_crt_check_hostname2(crts[0], o->host, 0))
		rc = fail(w, EX_TEMPFAIL, "%s: TLS certificate is not for this "
		    "host name", o->host);
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	return rc;
}

/* The first line of path, in *out (the caller frees and wipes it). */
static int
read_password(const char *path, char **out, struct why *w)
{
	struct buf b = BUF_INIT;
	struct stat st;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return fail(w, EX_CONFIG, "password file %s: %s", path,
		    strerror(errno));
	/* As ssh with its keys: a secret others may read is not used. */
	if (fstat(fd, &st) < 0 || (st.st_mode & 077) != 0) {
		close(fd);
		return fail(w, EX_CONFIG, "password file %s: readable by "
		    "others (chmod 600 it)", path);
	}
	buf_init(&b, 4096);
	if (buf_read_fd(&b, fd) < 0) {
		int saved = errno;

		close(fd);
		explicit_bzero(b.data, b.len);
		buf_release(&b);
		return fail(w, EX_CONFIG, "password file %s: %s", path,
		    strerror(saved));
	}
	close(fd);
	b.data[strcspn(b.data, "\r\n")] = '\0';
	if (b.data[0] == '\0') {
		buf_release(&b);
		return fail(w, EX_CONFIG, "password file %s: empty", path);
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

static int
authenticate(mailsmtp *s, const struct opts *o, struct why *w)
{
	char text[512], *pw = NULL;
	int type, r;

	if (s->auth & MAILSMTP_AUTH_PLAIN)
		type = MAILSMTP_AUTH_PLAIN;
	else if (s->auth & MAILSMTP_AUTH_LOGIN)
		type = MAILSMTP_AUTH_LOGIN;
	else
		return fail(w, EX_TEMPFAIL, "%s: offers neither AUTH PLAIN nor "
		    "LOGIN", o->host);
	if ((r = read_password(o->pwfile, &pw, w)) != 0)
		return r;
	r = mailsmtp_auth_type(s, o->user, pw, type);
	explicit_bzero(pw, strlen(pw));
	free(pw);
	if (r != MAILSMTP_NO_ERROR)
		return fail(w, EX_TEMPFAIL, "%s: login as %s refused: %s",
		    o->host, o->user, s->response_code ?
		    said(s, text, sizeof(text)) : mailsmtp_strerror(r));
	return 0;
}

/* Connect, TLS, EHLO, AUTH: 0 or an exit status. */
static int
open_session(mailsmtp *s, const struct opts *o, struct why *w)
{
	char text[512];
	int r, tls = strcmp(o->tls, "tls") == 0;

	mailsmtp_set_timeout(s, o->timeout);
	if (tls)
		r = mailsmtp_ssl_connect_with_callback(s, o->host,
		    (uint16_t)o->port, set_sni, (void *)o->host);
	else
		r = mailsmtp_socket_connect(s, o->host, (uint16_t)o->port);
	if (r != MAILSMTP_NO_ERROR)
		return fail(w, EX_TEMPFAIL, "connect to %s port %d: %s",
		    o->host, o->port, s->response_code ?
		    said(s, text, sizeof(text)) : mailsmtp_strerror(r));
	if (tls && (r = verify_peer(s->stream, o, w)) != 0)
		return r;
	if (mailesmtp_ehlo(s) != MAILSMTP_NO_ERROR)
		return fail(w, EX_TEMPFAIL, "%s: EHLO: %s", o->host,
		    said(s, text, sizeof(text)));
	if (strcmp(o->tls, "starttls") == 0) {
		if (!(s->esmtp & MAILSMTP_ESMTP_STARTTLS))
			return fail(w, EX_TEMPFAIL, "%s: does not offer STARTTLS "
			    "(set [transport] tls = none to send in the clear)",
			    o->host);
		if ((r = mailsmtp_socket_starttls_with_callback(s, set_sni,
		    (void *)o->host)) != MAILSMTP_NO_ERROR)
			return fail(w, EX_TEMPFAIL, "%s: STARTTLS: %s", o->host,
			    mailsmtp_strerror(r));
		if ((r = verify_peer(s->stream, o, w)) != 0)
			return r;
		if (mailesmtp_ehlo(s) != MAILSMTP_NO_ERROR)
			return fail(w, EX_TEMPFAIL, "%s: EHLO after STARTTLS: %s",
			    o->host, said(s, text, sizeof(text)));
	}
	if (o->user != NULL)
		return authenticate(s, o, w);
	return 0;
}

/* 5xx for good, anything else later. */
static int
refusal(mailsmtp *s, int permanent)
{
	return s->response_code >= 500 && s->response_code < 600 ?
	    permanent : EX_TEMPFAIL;
}

static int
send_message(mailsmtp *s, const struct opts *o, const char *raw, size_t len,
    struct why *w)
{
	char text[512];
	int i, r;

	if ((r = open_session(s, o, w)) != 0)
		return r;
	if (mailesmtp_mail(s, o->from, 0, NULL) != MAILSMTP_NO_ERROR &&
	    mailsmtp_mail(s, o->from) != MAILSMTP_NO_ERROR)
		return fail(w, EX_TEMPFAIL, "%s: MAIL FROM:<%s>: %s", o->host,
		    o->from, said(s, text, sizeof(text)));
	for (i = 0; i < o->nrcpts; i++)
		if (mailsmtp_rcpt(s, o->rcpts[i]) != MAILSMTP_NO_ERROR)
			return fail(w, refusal(s, EX_NOUSER), "%s: RCPT "
			    "TO:<%s>: %s", o->host, o->rcpts[i],
			    said(s, text, sizeof(text)));
	if (mailsmtp_data(s) != MAILSMTP_NO_ERROR)
		return fail(w, refusal(s, EX_DATAERR), "%s: DATA: %s", o->host,
		    said(s, text, sizeof(text)));
	/* libetpan ends the data with CRLF "." CRLF itself: the message's
	 * own last line end would add an empty line. */
	if (len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n')
		len -= 2;
	r = mailsmtp_data_message(s, raw, len);
	if (r != MAILSMTP_NO_ERROR)
		return fail(w, s->response_code ? refusal(s, EX_DATAERR) :
		    EX_TEMPFAIL, "%s: message refused: %s", o->host,
		    s->response_code ? said(s, text, sizeof(text)) :
		    mailsmtp_strerror(r));
	mailsmtp_quit(s);
	return 0;
}

static int
usage(struct why *w)
{
	return fail(w, EX_USAGE, "usage: mailgw-smtp [-T starttls|tls|none] "
	    "[-a CAFILE] [-u USER -p PWFILE] [-t SECONDS] -h HOST [-P PORT] "
	    "-f ENVELOPE -- RCPT...");
}

static int
check_opts(struct opts *o, struct why *w)
{
	int i;

	if (o->host == NULL || o->from == NULL || o->nrcpts < 1 ||
	    (strcmp(o->tls, "starttls") != 0 && strcmp(o->tls, "tls") != 0 &&
	    strcmp(o->tls, "none") != 0) || o->timeout < 1 ||
	    (o->user == NULL) != (o->pwfile == NULL))
		return usage(w);
	if (o->port == 0)
		o->port = strcmp(o->tls, "tls") == 0 ? 465 : 25;
	if (o->port < 1 || o->port > 65535)
		return fail(w, EX_USAGE, "port %d: out of range", o->port);
	if (o->user != NULL && strcmp(o->tls, "none") == 0)
		return fail(w, EX_CONFIG, "%s: a password is never sent without "
		    "TLS", o->host);
	if (o->from[0] != '\0' && !addr_valid(o->from))
		return fail(w, EX_DATAERR, "'%s' is no envelope sender",
		    o->from);
	for (i = 0; i < o->nrcpts; i++)
		if (!addr_valid(o->rcpts[i]))
			return fail(w, EX_NOUSER, "'%s' is no recipient",
			    o->rcpts[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { .tls = "starttls", .timeout = 60 };
	struct buf msg = BUF_INIT;
	struct why w = { "" };
	mailsmtp *s = NULL;
	int ch, rc = 0;

	while (rc == 0 && (ch = getopt(argc, argv, "a:f:h:P:p:T:t:u:")) != -1) {
		switch (ch) {
		case 'a': o.cafile = optarg; break;
		case 'f': o.from = optarg; break;
		case 'h': o.host = optarg; break;
		case 'P': o.port = atoi(optarg); break;
		case 'p': o.pwfile = optarg; break;
		case 'T': o.tls = optarg; break;
		case 't': o.timeout = atoi(optarg); break;
		case 'u': o.user = optarg; break;
		default: rc = usage(&w);
		}
	}
	o.rcpts = argv + optind;
	o.nrcpts = argc - optind;
	if (rc == 0)
		rc = check_opts(&o, &w);
	/* The server may close early: a write error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	buf_init(&msg, 0);
	if (rc == 0 && buf_read_fd(&msg, STDIN_FILENO) < 0)
		rc = fail(&w, EX_TEMPFAIL, "reading the message: %s",
		    strerror(errno));
	if (rc == 0 && msg.len == 0)
		rc = fail(&w, EX_DATAERR, "an empty message");
	if (rc == 0 && (s = mailsmtp_new(0, NULL)) == NULL)
		rc = fail(&w, EX_TEMPFAIL, "out of memory");
	if (rc == 0)
		rc = send_message(s, &o, msg.data, msg.len, &w);
	if (s != NULL)
		mailsmtp_free(s);
	buf_release(&msg);
	if (rc != 0)
		fprintf(stderr, "mailgw-smtp: %s\n", w.msg);
	return rc;
}

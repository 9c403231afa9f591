/*
 * Transports. The maildir one delivers as an MDA does (OpenSMTPD's
 * mail.maildir.c): write under tmp/, fsync, rename into new/, fsync the
 * directory; every failure is transient. Return-Path and Delivered-To
 * record the envelope, as a local delivery would.
 *
 * The sendmail one hands the message to the local MTA's sendmail
 * ("sendmail -oi -f ENVELOPE -- RCPT...", started without a shell, the
 * message on its standard input with LF line ends as local submission
 * has them), and reads its exit status: 0 sent; a usage, data, user or
 * host error (64, 65, 67, 68) never will be, with its own words from
 * standard error; anything else (75, a signal, no sendmail) may later.
 *
 * The smtp one runs mailgw-smtp (smtp.c) the same way, with the message
 * in CRLF form: it speaks SMTP with STARTTLS (or TLS from the start for
 * smtps://), verifies the server's certificate, logs in when told to,
 * and answers in sendmail's exit statuses. It is a program of its own so
 * that receive never loads TLS and SASL, and the network's replies are
 * parsed in a process that holds nothing else.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "conf.h"
#include "digest.h"
#include "err.h"
#include "libexec.h"
#include "transport.h"
#include "xmalloc.h"

struct transport {
	char *maildir;		/* maildir:PATH */
	char *sendmail;		/* sendmail:PATH */
	char *helper;		/* smtp:// and smtps://: mailgw-smtp */
	char **args;		/* its options, before -f */
	size_t nargs;
};

/* "smtp://host[:port][/]" or "smtps://...", host a name, an IPv4
 * address or a bracketed IPv6 one: host and port (0: the default). */
static int
parse_smtp_url(const char *url, char **host, int *port)
{
	const char *p = url + (strncmp(url, "smtps://", 8) == 0 ? 8 : 7);
	const char *end;
	size_t n;
	long v = 0;

	if (*p == '[') {
		end = strchr(++p, ']');
		if (end == NULL || end == p || strspn(p, "0123456789abcdefABCDEF"
		    ":.") != (size_t)(end - p))
			return -1;
		n = (size_t)(end - p);
		end++;
	} else {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-");
		if (n == 0 || p[0] == '-' || p[0] == '.')
			return -1;
		end = p + n;
	}
	if (*end == ':') {
		char *q;

		errno = 0;
		v = strtol(end + 1, &q, 10);
		if (q == end + 1 || errno != 0 || v < 1 || v > 65535)
			return -1;
		end = q;
	}
	if (*end == '/')
		end++;
	if (*end != '\0')
		return -1;
	*host = xstrndup(p, n);
	*port = (int)v;
	return 0;
}

int
transport_url_valid(const char *url)
{
	char *host;
	int port;

	if (strncmp(url, "smtp://", 7) == 0 || strncmp(url, "smtps://", 8) == 0) {
		if (parse_smtp_url(url, &host, &port) < 0)
			return 0;
		free(host);
		return 1;
	}
	return (strncmp(url, "sendmail:", 9) == 0 && url[9] == '/') ||
	    (strncmp(url, "maildir:", 8) == 0 && url[8] == '/');
}

static void
add_arg(struct transport *t, const char *opt, const char *value)
{
	t->args = xreallocarray(t->args, t->nargs + 2, sizeof(*t->args));
	t->args[t->nargs++] = xstrdup(opt);
	t->args[t->nargs++] = xstrdup(value);
}

static int
open_smtp(struct transport **out, const struct conf *c, struct errbuf *e)
{
	struct transport *t;
	char *host, num[16];
	int port, tls = strncmp(c->transport_url, "smtps://", 8) == 0;

	if (parse_smtp_url(c->transport_url, &host, &port) < 0)
		return err_set(e, ST_CONFIG, "transport %s: not smtp://HOST"
		    "[:PORT] or smtps://HOST[:PORT]", c->transport_url);
	t = xcalloc(1, sizeof(*t));
	t->helper = libexec_path("mailgw-smtp");
	add_arg(t, "-h", host);
	free(host);
	if (port) {
		snprintf(num, sizeof(num), "%d", port);
		add_arg(t, "-P", num);
	}
	add_arg(t, "-T", tls ? "tls" : c->smtp_tls ? c->smtp_tls :
	    "starttls");
	if (c->smtp_ca_file)
		add_arg(t, "-a", c->smtp_ca_file);
	if (c->smtp_user) {
		add_arg(t, "-u", c->smtp_user);
		add_arg(t, "-p", c->smtp_password_file);
	}
	snprintf(num, sizeof(num), "%d", c->smtp_timeout);
	add_arg(t, "-t", num);
	signal(SIGPIPE, SIG_IGN);
	*out = t;
	return 0;
}

int
transport_open(struct transport **out, const struct conf *c,
    struct errbuf *e)
{
	const char *url = c->transport_url;
	struct transport *t;

	if (strncmp(url, "smtp://", 7) == 0 || strncmp(url, "smtps://", 8) == 0)
		return open_smtp(out, c, e);
	if (strncmp(url, "maildir:", 8) == 0 && url[8] == '/') {
		t = xcalloc(1, sizeof(*t));
		t->maildir = xstrdup(url + 8);
	} else if (strncmp(url, "sendmail:", 9) == 0 && url[9] == '/') {
		t = xcalloc(1, sizeof(*t));
		t->sendmail = xstrdup(url + 9);
		/* sendmail may leave before reading all: a write error,
		 * then its exit status, not a signal that kills us. */
		signal(SIGPIPE, SIG_IGN);
	} else
		return err_set(e, ST_CONFIG, "transport %s: not maildir:/PATH, "
		    "sendmail:/PATH, smtp://HOST[:PORT] or smtps://HOST[:PORT]",
		    url);
	*out = t;
	return 0;
}

void
transport_close(struct transport *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->maildir);
	free(t->sendmail);
	free(t->helper);
	for (i = 0; i < t->nargs; i++)
		free(t->args[i]);
	free(t->args);
	free(t);
}


/*
 * Run a sendmail-like program (sendmail, or mailgw-smtp for smtp://):
 * "PROG [ARGS...] [-oi] -f ENVELOPE -- RCPT...", the message on its
 * standard input, and read its exit status as sendmail's.
 */
static int
spawn_send(struct transport *t, const char *envelope_from,
    const char *const *rcpts, size_t nrcpts, const char *raw, size_t len,
    struct errbuf *e)
{
	posix_spawn_file_actions_t fa;
	const char **argv, *prog = t->sendmail ? t->sendmail : t->helper;
	const char *label = t->sendmail ? "sendmail" : "smtp";
	struct buf err = BUF_INIT, lf = BUF_INIT;
	int in[2], errp[2], status, werr = 0;
	size_t i, k = 0;
	char *why;
	pid_t pid;

	if (!addr_valid(envelope_from))
		return err_set(e, ST_DATA, "%s: '%s' is no envelope sender",
		    label, envelope_from);
	for (i = 0; i < nrcpts; i++)
		if (!addr_valid(rcpts[i]))
			return err_set(e, ST_DATA, "%s: '%s' is no recipient",
			    label, rcpts[i]);
	argv = xcalloc(nrcpts + t->nargs + 6, sizeof(*argv));
	argv[k++] = prog;
	for (i = 0; i < t->nargs; i++)
		argv[k++] = t->args[i];
	if (t->sendmail)
		argv[k++] = "-oi";
	argv[k++] = "-f";
	argv[k++] = envelope_from;
	argv[k++] = "--";
	for (i = 0; i < nrcpts; i++)
		argv[k++] = rcpts[i];
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		free(argv);
		return err_set(e, ST_TEMPFAIL, "%s: pipe: %s", label,
		    strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	if ((errno = posix_spawn(&pid, prog, &fa, NULL,
	    (char *const *)argv, environ)) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	close(in[0]);
	close(errp[1]);
	if (pid < 0) {
		int saved = errno;

		close(in[1]);
		close(errp[0]);
		return err_set(e, ST_TEMPFAIL, "%s %s: %s", label, prog,
		    strerror(saved));
	}
	if (t->sendmail) {
		for (i = 0; i < len; i++)	/* CRLF -> LF */
			if (!(raw[i] == '\r' && i + 1 < len &&
			    raw[i + 1] == '\n'))
				buf_addch(&lf, raw[i]);
		raw = lf.data;
		len = lf.len;
	}
	if (fd_write_all(in[1], raw, len) < 0)
		werr = errno;
	close(in[1]);
	buf_release(&lf);
	buf_init(&err, 4096);
	buf_read_fd(&err, errp[0]);
	close(errp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	err.data[strcspn(err.data, "\r\n")] = '\0';
	why = err.data;
	if (strncmp(why, "mailgw-smtp: ", 13) == 0)
		why += 13;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && werr == 0) {
		buf_release(&err);
		return 0;
	}
	if (WIFEXITED(status) && (WEXITSTATUS(status) == 64 ||
	    WEXITSTATUS(status) == 65 || WEXITSTATUS(status) == 67 ||
	    WEXITSTATUS(status) == 68))
		err_set(e, ST_DATA, "%s: exit %d: %s", label,
		    WEXITSTATUS(status), why[0] ? why : "refused");
	else if (WIFEXITED(status))
		err_set(e, ST_TEMPFAIL, "%s: exit %d: %s", label,
		    WEXITSTATUS(status), why[0] ? why :
		    werr ? strerror(werr) : "try again later");
	else
		err_set(e, ST_TEMPFAIL, "%s: killed by signal %d", label,
		    WTERMSIG(status));
	buf_release(&err);
	return -1;
}

static int
make_dirs(const char *root, struct errbuf *e)
{
	static const char *const sub[] = { "", "/tmp", "/new", "/cur" };
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, sub[i]);
		if (mkdir(path, 0750) < 0 && errno != EEXIST)
			return err_set(e, ST_TEMPFAIL, "maildir %s: %s", path,
			    strerror(errno));
	}
	return 0;
}

/* The file's name: the digest of what is delivered, and the host. The
 * same message delivered again (a run cut short between the delivery
 * and its record) lands on the same name: still one message. */
static void
unique_name(char *out, size_t size, const char *head, size_t hlen,
    const char *raw, size_t len)
{
	char host[64] = "localhost", hex[DIGEST_HEX_LEN + 1];
	struct digest *d = digest_new();
	char *p;

	digest_update(d, head, hlen);
	digest_update(d, raw, len);
	digest_finish(d, hex);
	gethostname(host, sizeof(host) - 1);
	for (p = host; *p; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	snprintf(out, size, "mailgw-%.32s.%s", hex, host);
}

int
transport_send(struct transport *t, const char *envelope_from,
    const char *const *rcpts, size_t nrcpts, const char *raw, size_t len,
    struct errbuf *e)
{
	char name[128], tmp[PATH_MAX], new[PATH_MAX], dir[PATH_MAX];
	struct buf head = BUF_INIT;
	size_t i;
	int fd;

	if (t->sendmail || t->helper)
		return spawn_send(t, envelope_from, rcpts, nrcpts, raw, len, e);
	if (make_dirs(t->maildir, e) < 0)
		return -1;
	buf_addf(&head, "Return-Path: <%s>\r\n", envelope_from);
	for (i = 0; i < nrcpts; i++)
		buf_addf(&head, "Delivered-To: %s\r\n", rcpts[i]);
	unique_name(name, sizeof(name), head.data, head.len, raw, len);
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", t->maildir, name);
	snprintf(new, sizeof(new), "%s/new/%s", t->maildir, name);
	snprintf(dir, sizeof(dir), "%s/new", t->maildir);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd >= 0 && (fd_write_all(fd, head.data, head.len) < 0 ||
	    fd_write_all(fd, raw, len) < 0 || fsync(fd) < 0)) {
		int saved = errno;

		close(fd);
		errno = saved;
		fd = -1;
	} else if (fd >= 0 && close(fd) < 0) {
		fd = -1;
	}
	buf_release(&head);
	if (fd < 0) {
		err_set(e, ST_TEMPFAIL, "maildir %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, new) < 0 || fsync_dir(dir) < 0) {
		err_set(e, ST_TEMPFAIL, "maildir %s: %s", new, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

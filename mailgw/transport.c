/*
 * Transports. The maildir one delivers as an MDA does (OpenSMTPD's
 * mail.maildir.c): write under tmp/, fsync, rename into new/, fsync the
 * directory; every failure is transient. Return-Path and Delivered-To
 * record the envelope, as a local delivery would.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "transport.h"
#include "xmalloc.h"

struct transport {
	char *maildir;
};

int
transport_open(struct transport **out, const char *url, struct errbuf *e)
{
	struct transport *t;

	if (strncmp(url, "maildir:", 8) != 0 || url[8] != '/')
		return err_set(e, ST_CONFIG, "transport %s: this version "
		    "delivers to a maildir only (url = maildir:/path)", url);
	t = xcalloc(1, sizeof(*t));
	t->maildir = xstrdup(url + 8);
	*out = t;
	return 0;
}

void
transport_close(struct transport *t)
{
	if (t == NULL)
		return;
	free(t->maildir);
	free(t);
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

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* A unique maildir name: time, pid and random, and the host. */
static void
unique_name(char *out, size_t size)
{
	char host[64] = "localhost";
	unsigned int r;
	char *p;

	gethostname(host, sizeof(host) - 1);
	for (p = host; *p; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = 0;
	snprintf(out, size, "%lld.P%ldR%08x.%s", (long long)time(NULL),
	    (long)getpid(), r, host);
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

	if (make_dirs(t->maildir, e) < 0)
		return -1;
	unique_name(name, sizeof(name));
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", t->maildir, name);
	snprintf(new, sizeof(new), "%s/new/%s", t->maildir, name);
	snprintf(dir, sizeof(dir), "%s/new", t->maildir);
	buf_addf(&head, "Return-Path: <%s>\r\n", envelope_from);
	for (i = 0; i < nrcpts; i++)
		buf_addf(&head, "Delivered-To: %s\r\n", rcpts[i]);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd >= 0 && (write_all(fd, head.data, head.len) < 0 ||
	    write_all(fd, raw, len) < 0 || fsync(fd) < 0)) {
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

/*
 * Signing in mailgw-sign, over a socket: a request is a header (what to
 * do and three lengths: signer, recipient, data) and those bytes; an
 * answer is a header (rc, status and three lengths: micalg, output,
 * message) and those bytes. Both ends are this program, built once, on
 * one machine: the integers go in its own byte order.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libexec.h"
#include "pgp.h"
#include "signer.h"
#include "xmalloc.h"

extern char **environ;

enum { OP_SIGN = 'S', OP_ENCRYPT = 'E', NAME_MAX_LEN = 256 };

struct request {
	uint32_t op;
	uint32_t len[3];	/* signer, recipient, data */
};

struct answer {
	int32_t rc, status;
	uint32_t len[3];	/* micalg, output, message */
};

/* n bytes from fd as a string (NUL added), or NULL. */
static char *
read_string(int fd, size_t n)
{
	char *s = xmalloc(n + 1);

	if (fd_read_all(fd, s, n) < 0) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

int
signer_spawn(struct signer_proc *sp, const char *gnupghome, size_t max,
    struct errbuf *e)
{
	posix_spawn_file_actions_t fa;
	char *path = libexec_path("mailgw-sign"), num[32];
	char *argv[] = { path, (char *)gnupghome, num, NULL };
	int sv[2], rc;

	sp->pid = -1;
	sp->fd = -1;
	if (gnupghome == NULL || gnupghome[0] != '/') {
		free(path);
		return err_set(e, ST_CONFIG, "signer: no keyring directory");
	}
	snprintf(num, sizeof(num), "%zu", max);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		free(path);
		return err_set(e, ST_TEMPFAIL, "signer: socketpair: %s",
		    strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDOUT_FILENO);
	rc = posix_spawn(&sp->pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		sp->pid = -1;
		err_set(e, ST_TEMPFAIL, "signer: %s: %s", path, strerror(rc));
		free(path);
		return -1;
	}
	free(path);
	sp->fd = sv[0];
	return 0;
}

int
signer_call(struct signer_proc *sp, const char *signer,
    const char *recipient, const void *data, size_t len, struct buf *out,
    char *micalg, size_t micalg_size, struct errbuf *e)
{
	struct request rq = { recipient ? OP_ENCRYPT : OP_SIGN,
	    { (uint32_t)strlen(signer), recipient ?
	    (uint32_t)strlen(recipient) : 0, (uint32_t)len } };
	struct answer an;
	char *m = NULL, *msg = NULL;

	if (sp->fd < 0)
		return err_set(e, ST_TEMPFAIL, "signer: not running");
	if (len > UINT32_MAX)
		return err_set(e, ST_DATA, "signer: %zu bytes to sign", len);
	if (fd_write_all(sp->fd, &rq, sizeof(rq)) < 0 ||
	    fd_write_all(sp->fd, signer, rq.len[0]) < 0 ||
	    (recipient && fd_write_all(sp->fd, recipient, rq.len[1]) < 0) ||
	    fd_write_all(sp->fd, data, len) < 0 ||
	    fd_read_all(sp->fd, &an, sizeof(an)) < 0 ||
	    (m = read_string(sp->fd, an.len[0])) == NULL ||
	    buf_read_n(out, sp->fd, an.len[1]) < 0 ||
	    (msg = read_string(sp->fd, an.len[2])) == NULL) {
		free(m);
		/* Out of step or gone: no more requests to it. */
		close(sp->fd);
		sp->fd = -1;
		return err_set(e, ST_TEMPFAIL, "signer: the signing helper "
		    "ended");
	}
	if (an.rc == 0 && micalg)
		snprintf(micalg, micalg_size, "%s", m);
	if (an.rc != 0)
		err_set(e, (enum status)an.status, "%s", msg);
	free(m);
	free(msg);
	return an.rc == 0 ? 0 : -1;
}

void
signer_stop(struct signer_proc *sp)
{
	int status;

	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	if (sp->pid > 0)
		while (waitpid(sp->pid, &status, 0) < 0 && errno == EINTR)
			;
	sp->pid = -1;
}

static int
answer(int fd, int rc, const struct errbuf *e, const char *micalg,
    const struct buf *data)
{
	const char *msg = rc == 0 ? "" : e->msg;
	struct answer an = { rc == 0 ? 0 : -1, rc == 0 ? ST_OK : e->status,
	    { (uint32_t)strlen(micalg), rc == 0 ? (uint32_t)data->len : 0,
	    (uint32_t)strlen(msg) } };

	return fd_write_all(fd, &an, sizeof(an)) < 0 ||
	    fd_write_all(fd, micalg, an.len[0]) < 0 ||
	    fd_write_all(fd, data->data, an.len[1]) < 0 ||
	    fd_write_all(fd, msg, an.len[2]) < 0 ? -1 : 0;
}

int
signer_serve(int in, int out, struct pgp *g, size_t max,
    const struct errbuf *ready)
{
	struct request rq;
	struct buf data = BUF_INIT, result = BUF_INIT;
	char *signer, *recipient, micalg[64];
	struct errbuf e;
	int rc, k = 0;

	while (k == 0 && fd_read_all(in, &rq, sizeof(rq)) == 0) {
		if ((rq.op != OP_SIGN && rq.op != OP_ENCRYPT) ||
		    rq.len[0] == 0 || rq.len[0] > NAME_MAX_LEN ||
		    rq.len[1] > NAME_MAX_LEN || (rq.op == OP_ENCRYPT) !=
		    (rq.len[1] > 0) || rq.len[2] > max) {
			k = -1;	/* not our caller: stop */
			break;
		}
		signer = read_string(in, rq.len[0]);
		recipient = signer ? read_string(in, rq.len[1]) : NULL;
		buf_reset(&data);
		if (recipient == NULL || buf_read_n(&data, in, rq.len[2]) < 0) {
			free(signer);
			free(recipient);
			k = -1;
			break;
		}
		buf_reset(&result);
		micalg[0] = '\0';
		e = (struct errbuf){ 0 };
		if (ready->status != ST_OK) {
			e = *ready;
			rc = -1;
		} else if (rq.op == OP_SIGN) {
			rc = pgp_sign(g, signer, data.data, data.len, &result,
			    micalg, sizeof(micalg), &e);
		} else {
			const char *to[1] = { recipient };

			rc = pgp_encrypt(g, signer, to, 1, data.data, data.len,
			    &result, &e);
		}
		k = answer(out, rc, &e, micalg, &result);
		free(signer);
		free(recipient);
	}
	buf_release(&data);
	buf_release(&result);
	return k;
}

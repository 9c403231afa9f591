/*
 * Signing in a process of its own (mailgw-sign). Every signature is a
 * gpg that gpgme forks, twice, from the process that asks, and a fork
 * costs what that process holds: notify holds a store, its plan and the
 * messages in flight. A small helper, one per signing worker, asks
 * instead, and notify hands it each message over a socket.
 */
#ifndef MAILGW_SIGNER_H
#define MAILGW_SIGNER_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

struct pgp;

struct signer_proc {
	pid_t pid;
	int fd;		/* -1: none running */
};

/* Start mailgw-sign for the keyring in gnupghome, taking messages of up
 * to max bytes. */
int signer_spawn(struct signer_proc *sp, const char *gnupghome, size_t max,
    struct errbuf *e);

/* Sign data as signer (a detached, armored signature into *out and its
 * micalg), or, with recipient, sign and encrypt it to that key (into
 * *out; micalg untouched), as pgp_sign and pgp_encrypt do. A helper
 * that is gone is a transient failure (ST_TEMPFAIL). */
int signer_call(struct signer_proc *sp, const char *signer,
    const char *recipient, const void *data, size_t len, struct buf *out,
    char *micalg, size_t micalg_size, struct errbuf *e);

/* End the helper (it sees end of file) and wait for it. */
void signer_stop(struct signer_proc *sp);

/* The helper's side: answer requests from in on out with g until end
 * of file. ready: pgp_ready's answer, given to every request when it
 * failed. 0 at end of file, -1 on a broken request or connection. */
int signer_serve(int in, int out, struct pgp *g, size_t max,
    const struct errbuf *ready);

#endif

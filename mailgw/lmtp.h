/* An LMTP (RFC 2033) session in front of the receive path: commands
 * read from a descriptor, replies written to a stream, each message
 * stored through receive_message. */
#ifndef MAILGW_LMTP_H
#define MAILGW_LMTP_H

#include <stdio.h>

struct conf;
struct store;

struct pgp;

/* Serve one session on in and out, messages into s, until the client
 * quits, goes away, or sends nothing for timeout_ms. pgp: the keyring
 * handle to verify and decrypt with (a receiver that serves session
 * after session keeps one, and the keys it listed); NULL: one of the
 * session's own. */
void lmtp_session(struct store *s, const struct conf *conf,
    struct pgp *pgp, int in, FILE *out, int timeout_ms);

/* The one reply of a session that cannot start: 421, and why. */
void lmtp_refuse(FILE *out, const struct conf *conf, const char *why);

#endif

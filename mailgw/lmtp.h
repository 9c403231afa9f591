/* An LMTP (RFC 2033) session in front of the receive path: commands
 * read from a descriptor, replies written to a stream, each message
 * stored through receive_message. */
#ifndef MAILGW_LMTP_H
#define MAILGW_LMTP_H

#include <stdio.h>

struct conf;
struct store;

/* Serve one session on in and out, messages into s, until the client
 * quits, goes away, or sends nothing for timeout_ms. */
void lmtp_session(struct store *s, const struct conf *conf, int in,
    FILE *out, int timeout_ms);

/* The one reply of a session that cannot start: 421, and why. */
void lmtp_refuse(FILE *out, const struct conf *conf, const char *why);

#endif

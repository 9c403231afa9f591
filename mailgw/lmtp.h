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

struct errbuf;

/*
 * Hand raw[0..len) to the LMTP receiver listening on the Unix socket at
 * path ("mailgw lmtp --listen"), from sender (NULL: <>) to recipient.
 * 0 when it replied 250 (stored, durably); -1 with e set when it replied
 * 4xx (ST_TEMPFAIL) or 5xx (ST_REFUSED), its words in e; 1 when the
 * message was not handed over and the caller must store it itself: no
 * receiver there, one that went away before its reply, or a message
 * LMTP cannot carry byte for byte (a CR, a NUL, no line end at the end).
 */
int lmtp_forward(const char *path, const char *sender, const char *recipient,
    const char *raw, size_t len, int timeout_ms, struct errbuf *e);

#endif

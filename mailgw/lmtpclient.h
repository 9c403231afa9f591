/* The client side of LMTP (RFC 2033) that "mailgw receive" and
 * mailgw-deliver speak to a running "mailgw lmtp --listen". */
#ifndef MAILGW_LMTPCLIENT_H
#define MAILGW_LMTPCLIENT_H

#include <stddef.h>

struct errbuf;

/* The envelope recipient the MTA named: opt (--recipient), else what
 * Postfix exports to a command (ORIGINAL_RECIPIENT, RECIPIENT); NULL
 * when none does. Without one a message is not handed over: the
 * receiver would not see the Delivered-To that receive falls back on. */
const char *lmtp_envelope_recipient(const char *opt);

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

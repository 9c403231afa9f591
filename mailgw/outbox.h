/* Delivering what the outbox holds: recorded before the transport gets
 * it, marked sent after (invariant 6). */
#ifndef MAILGW_OUTBOX_H
#define MAILGW_OUTBOX_H

#include <stdint.h>

struct conf;
struct errbuf;
struct store;

/* Deliver outbox entry id through the configured transport and mark it:
 * sent; pending again after a transient failure (counted, with the
 * error); failed after a permanent one. -1 when it was not sent. */
int outbox_deliver(struct store *s, const struct conf *conf, int64_t id,
    struct errbuf *e);

#endif

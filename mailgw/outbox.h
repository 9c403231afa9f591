/* Delivering what the outbox holds: recorded before the transport gets
 * it, marked sent after (invariant 6). */
#ifndef MAILGW_OUTBOX_H
#define MAILGW_OUTBOX_H

#include <stdint.h>

struct conf;
struct errbuf;
struct store;
struct transport;

/* Deliver outbox entry id through the configured transport and mark it:
 * sent; pending again after a transient failure (counted, with the
 * error); failed after a permanent one. -1 when it was not sent. */
int outbox_deliver(struct store *s, const struct conf *conf, int64_t id,
    struct errbuf *e);

/* What else to record in the transaction that marks an entry: called
 * with the status it gets ("sent", "pending", "failed") and, unless
 * sent, why. */
typedef int (*outbox_then_fn)(struct store *s, const char *status,
    const char *why, void *arg, struct errbuf *e);

/* outbox_deliver for many entries: *t is the transport (opened on first
 * use, closed by the caller with transport_close), then runs in the
 * marking transaction. */
int outbox_deliver_with(struct store *s, const struct conf *conf,
    struct transport **t, int64_t id, outbox_then_fn then, void *arg,
    struct errbuf *e);

#endif

/* The acknowledgement of a new report: decided (loop rules, the daily
 * cap, staff and our own mail get none), composed from templates/ack in
 * the reporter's language, stored on the ticket and queued in the
 * outbox, all inside the caller's transaction. */
#ifndef MAILGW_ACK_H
#define MAILGW_ACK_H

#include <stdint.h>

struct conf;
struct errbuf;
struct message;
struct store;

/* Queue the acknowledgement of m, which opened ticket. *outbox is the
 * queued entry, or 0 when none is due (the reason is logged and
 * audited). -1 only on a store failure; a broken template costs the
 * acknowledgement, never the report. */
int ack_queue(struct store *s, const struct conf *conf,
    const struct message *m, int64_t ticket, const char *envelope_sender,
    int64_t *outbox, struct errbuf *e);

#endif

/* The acknowledgement of a new report: decided (loop rules, the daily
 * cap, staff and our own mail get none), composed from templates/ack in
 * the reporter's language, stored on the ticket and queued in the
 * outbox, all inside the caller's transaction. */
#ifndef MAILGW_ACK_H
#define MAILGW_ACK_H

#include <stddef.h>
#include <stdint.h>

struct conf;
struct errbuf;
struct message;
struct store;

/* Queue the acknowledgement of m, which opened ticket; encrypted to the
 * key encrypt_to (a fingerprint) unless it is NULL. *outbox is the
 * queued entry, or 0 when none is due (the reason is logged and
 * audited). -1 only on a store failure, or when gpg cannot sign or
 * encrypt now (ST_TEMPFAIL); a broken template or a key that cannot be
 * used costs the acknowledgement, never the report. */
int ack_queue(struct store *s, const struct conf *conf,
    const struct message *m, int64_t ticket, const char *envelope_sender,
    const char *encrypt_to, int64_t *outbox, struct errbuf *e);

/* A command line from a staff member's mail and why it was refused. */
struct ack_error {
	const char *line, *why;
};

/* Answer a staff member whose signed mail held commands that could not
 * be applied (templates/command-error), signed like an acknowledgement,
 * within the loop rules and the daily limit. *outbox as for ack_queue. */
int ack_command_errors(struct store *s, const struct conf *conf,
    const struct message *m, int64_t ticket, const char *envelope_sender,
    const struct ack_error *errors, size_t n, int64_t *outbox,
    struct errbuf *e);

#endif

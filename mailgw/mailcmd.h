/* Commands by mail: a staff member's reply, verified (a good signature
 * by their recorded key over everything, from their address), may start
 * with command lines ("status: resolved", "category: phishing",
 * "owner: zhang", "priority: high", "merge: 123", "comment: ..."). They
 * are applied all or none, audited with the key's fingerprint; a bad one
 * gets a reply saying why. The same lines in any other mail stay text. */
#ifndef MAILGW_MAILCMD_H
#define MAILGW_MAILCMD_H

#include <stdint.h>

struct conf;
struct errbuf;
struct message;
struct pgp_result;
struct store;
struct trust;

/* Look for commands in m (stored as part of ticket) and apply them when
 * trust says a staff member sent it, inside the caller's transaction.
 * *outbox: a queued reply about bad commands, or left alone. -1 only on
 * a store failure. */
int mailcmd_run(struct store *s, const struct conf *conf,
    const struct message *m, const struct pgp_result *r,
    const struct trust *tr, int64_t ticket, const char *envelope_sender,
    int64_t *outbox, struct errbuf *e);

#endif

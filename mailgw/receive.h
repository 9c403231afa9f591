/* What an incoming message becomes: parsed, threaded into its ticket,
 * stored with its parts, attachments, report fields and indicators, and
 * its acknowledgement queued, all in one transaction. */
#ifndef MAILGW_RECEIVE_H
#define MAILGW_RECEIVE_H

#include <stddef.h>
#include <stdint.h>

struct conf;
struct errbuf;
struct ioc_allowlist;
struct ioc_scanner;
struct ioc_set;
struct message;
struct pgp;
struct pgp_result;
struct store;

struct receive_in {
	const char *raw;	/* the message as the MTA handed it */
	size_t len;
	const char *recipient;	/* --recipient, or NULL */
	const char *sender;	/* the envelope sender, or NULL */
	struct pgp *pgp;	/* a keyring handle the caller keeps for
				 * the messages to come, or NULL */
};

/* Store the message in. A message stored before (same Message-ID and
 * content) is not stored again: 0 with *outbox 0. *outbox is the
 * acknowledgement queued when the message opened a ticket, else 0.
 * -1 with e set when nothing was stored. */
int receive_message(struct store *s, const struct conf *conf,
    const struct receive_in *in, int64_t *outbox, struct errbuf *e);

/* The indicators receive stores of message m (parsed, PGP examined as
 * r): of its subject and the text a reader sees, decrypted layers
 * included, into set; those of the parts good signatures cover also
 * into signed_set. */
void receive_iocs(const struct message *m, const struct pgp_result *r,
    const struct ioc_allowlist *al, struct ioc_scanner *sc,
    struct ioc_set *set, struct ioc_set *signed_set);

/* The same for the raw message raw[0..len), parsed and examined here
 * (decrypted with the gateway's key when it can be): "ioc extract
 * --message". -1 with e set when gpg cannot be reached. */
int receive_extract(const struct conf *conf, const char *raw, size_t len,
    const struct ioc_allowlist *al, struct ioc_set *set,
    struct ioc_set *signed_set, struct errbuf *e);

/* The allowlist of the configuration, with our own domain and, when s
 * is given, the domains of the partners' addresses: what receive marks
 * allowlisted, so that "ioc extract" marks the same. NULL with e set
 * when an entry is bad. Caller frees with ioc_allowlist_free. */
struct ioc_allowlist *receive_allowlist(const struct conf *conf,
    struct store *s, struct errbuf *e);

#endif

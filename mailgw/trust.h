/* Who a message is verified to be from. Only a good signature by a key
 * the desk recorded for a partner or staff member, over everything a
 * reader sees, on a message whose one From address is one of that
 * correspondent's, makes a message theirs; nothing the message says
 * about itself can. */
#ifndef MAILGW_TRUST_H
#define MAILGW_TRUST_H

struct errbuf;
struct message;
struct pgp_result;
struct store;

struct trust {
	char role[16];		/* "partner" or "staff"; "" when nobody */
	char *name;		/* theirs, or NULL */
	char *key;		/* the fingerprint that decided, or NULL */
	char *why;		/* how it was decided, or why not */
};

/* Decide for m, with what pgp found in it (r). -1 only when the store
 * fails. Release *t with trust_release. */
int trust_decide(struct store *s, const struct message *m,
    const struct pgp_result *r, struct trust *t, struct errbuf *e);
void trust_release(struct trust *t);

#endif

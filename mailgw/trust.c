/*
 * Deciding who a message is from (DESIGN.md, invariant 3). Every rule
 * below must hold; the first that does not is recorded as the reason:
 *
 *   - everything a reader sees is covered by good signatures, and every
 *     signature that speaks for this message (not one inside a forwarded
 *     message) is good;
 *   - all of them were made by keys recorded for one correspondent;
 *   - the message has exactly one From address, and it is one of theirs;
 *   - a Sender, if any, is that same address;
 *   - the display name names no other address and no other partner or
 *     staff member.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "message.h"
#include "pgp.h"
#include "store.h"
#include "trust.h"
#include "xmalloc.h"

void
trust_release(struct trust *t)
{
	free(t->name);
	free(t->key);
	free(t->why);
	memset(t, 0, sizeof(*t));
}

struct names {
	int64_t self;
	char *self_name;
	char **other;
	size_t n;
};

static int
collect_name(const struct store_correspondent *c, void *arg)
{
	struct names *nm = arg;

	if (c->id == nm->self) {
		free(nm->self_name);
		nm->self_name = xstrdup(c->name);
		return 0;
	}
	nm->other = xreallocarray(nm->other, nm->n + 1, sizeof(*nm->other));
	nm->other[nm->n++] = xstrdup(c->name);
	return 0;
}

static void
names_release(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->other[i]);
	free(nm->other);
	free(nm->self_name);
}

/* Why the display name cannot stand, or NULL. */
static char *
display_name_problem(const struct message *m, const struct names *nm)
{
	const char *dn = message_from_name(m), *from = message_from_addr(m);
	size_t i;

	if (strchr(dn, '@') && strcasestr(dn, from) == NULL)
		return xstrdup("the From display name names another address");
	for (i = 0; i < nm->n; i++) {
		const char *o = nm->other[i];

		/* "CERT" inside "AusCERT" names nobody else. */
		if (strlen(o) < 3 || strcasestr(nm->self_name, o))
			continue;
		if (strcasestr(dn, o))
			return xasprintf("the From display name names %s", o);
	}
	return NULL;
}

static int
decided(struct trust *t, char *why)
{
	t->why = why;
	return 0;
}

int
trust_decide(struct store *s, const struct message *m,
    const struct pgp_result *r, struct trust *t, struct errbuf *e)
{
	struct names nm = { 0 };
	const char *from = message_from_addr(m), *key = NULL;
	char role[16] = "", this_role[16];
	int64_t who = 0, id;
	size_t i, n = 0;
	char *sender, *why;
	int rc;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < r->nsigs; i++) {
		const struct pgp_signature *sig = &r->sigs[i];

		if (sig->forwarded)
			continue;
		n++;
		if (sig->status != PGP_GOOD)
			return decided(t, xasprintf("a signature is %s",
			    pgp_status_name(sig->status)));
	}
	if (n == 0)
		return decided(t, xstrdup(r->nsigs ? "only a forwarded message "
		    "is signed" : "not signed"));
	if (r->coverage != PGP_FULL)
		return decided(t, xasprintf("signature coverage is %s: not "
		    "everything a reader sees is signed",
		    pgp_cover_name(r->coverage)));
	for (i = 0; i < r->nsigs; i++) {
		const struct pgp_signature *sig = &r->sigs[i];

		if (sig->forwarded)
			continue;
		rc = store_correspondent_by_key(s, sig->fingerprint, &id,
		    this_role, e);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return decided(t, xasprintf("signed by %s, a key of no "
			    "partner or staff member", sig->fingerprint));
		if (who && id != who)
			return decided(t, xstrdup("signed by the keys of two "
			    "correspondents"));
		who = id;
		key = sig->fingerprint;
		memcpy(role, this_role, sizeof(role));
	}
	if (message_from_count(m) != 1)
		return decided(t, xstrdup("not exactly one From address"));
	if ((rc = store_correspondent_by_address(s, role, from, &id, e)) < 0)
		return -1;
	if (rc == 0 || id != who)
		return decided(t, xasprintf("From <%s> is not an address of the "
		    "key's %s", from, role));
	sender = message_sender_addr(m);
	if (sender && strcasecmp(sender, from) != 0) {
		why = xasprintf("Sender <%s> is not the From address", sender);
		free(sender);
		return decided(t, why);
	}
	free(sender);
	nm.self = who;
	if (store_correspondent_list(s, "partner", collect_name, &nm, e) < 0 ||
	    store_correspondent_list(s, "staff", collect_name, &nm, e) < 0) {
		names_release(&nm);
		return -1;
	}
	if (nm.self_name == NULL)
		nm.self_name = xstrdup("");
	if ((why = display_name_problem(m, &nm)) != NULL) {
		names_release(&nm);
		return decided(t, why);
	}
	memcpy(t->role, role, sizeof(t->role));
	t->name = nm.self_name;
	nm.self_name = NULL;
	t->key = xstrdup(key);
	t->why = xasprintf("%s %s: signed by %s over the whole message",
	    role, t->name, key);
	names_release(&nm);
	return 0;
}

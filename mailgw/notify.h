/* Notifications: for every notifiable indicator of a ticket, who is to
 * be told (its network or carrier at home, its national CERT abroad),
 * one pending notification per contact, template and format with all
 * its indicators; then each composed from its template, signed, stored
 * and handed to the transport, and marked sent (invariant 6). */
#ifndef MAILGW_NOTIFY_H
#define MAILGW_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

struct conf;
struct errbuf;
struct progress;
struct store;

struct notify_opts {
	const char *template;	/* instead of the one chosen, or NULL */
	int dry_run;		/* decide and compose the first; keep none */
	int takedown;		/* domains and URLs to registrars and hosts */
	unsigned rate;		/* at most this many messages a minute; 0 */
	struct progress *progress;	/* how far it has got, or NULL */
	const char *actor;	/* who asked, for the audit trail ("user:
				 * alice"); NULL: "mailgw" */
	/* A dry run's plan as JSON, instead of text on out: "tickets"
	 * (each with the notifications it would make) and
	 * "first_message" are set in this object; NULL for text. */
	json_t *plan;
};

struct notify_counts {
	size_t indicators;	/* notifiable indicators seen */
	size_t told_recently;	/* skipped: told within the interval */
	size_t nobody;		/* no contact known */
	size_t planned;		/* notifications newly pending */
	size_t sent, failed, waiting;	/* after sending */
};

/* Notify about the tickets ids[0..n) (takedown: ask registrars, and the
 * hosts of URLs on an address, to take domains and URLs down; a ticket
 * whose request went out has its takedown "requested"). dry_run: out gets the recipients,
 * the counts and the first message in full; nothing is kept or sent. */
int notify_run(struct store *s, const struct conf *conf, const int64_t *ids,
    size_t n, const struct notify_opts *o, struct notify_counts *c,
    FILE *out, struct errbuf *e);

/* The reply token of a recipient address "local+TOKEN@domain", or NULL
 * (points into addr). */
const char *notify_token_of(const char *addr, size_t *len);

#endif

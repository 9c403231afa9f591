/* Who answers for an address, a network, an AS or a domain, from the
 * registries' own data: RPSL dumps (inetnum, inet6num, aut-num, route,
 * route6, organisation, role, irt), RIR delegated statistics (address to
 * country) and the desk's CSV files (national CERTs, carriers,
 * registrars, manual ranges). Imports and lookups; the SQL is store.c's. */
#ifndef MAILGW_CONTACT_H
#define MAILGW_CONTACT_H

#include <stddef.h>
#include <stdint.h>

struct errbuf;
struct ioc_scanner;
struct store;
struct store_answer;

enum contact_format { CONTACT_RIPE, CONTACT_DELEGATED, CONTACT_CSV };

struct progress;

struct contact_import {
	const char *source;		/* the source it replaces */
	enum contact_format format;
	int manual;			/* CSV: overrides the other sources */
	int64_t objects, skipped;	/* out */
	struct progress *progress;	/* how far it has got, or NULL */
};

/* Import files (plain or gzip) as source, replacing its last import, in
 * one transaction; the segments are rebuilt after. A malformed line or
 * object is reported (file and line) and skipped. */
int contact_import(struct store *s, struct contact_import *imp,
    char *const *files, size_t nfiles, struct errbuf *e);

/* What answers for value (an address, CIDR, AS number, domain, URL or
 * e-mail address, defanged or not): fn once per answer, with its scope
 * ("network", "carrier", "national-cert", "registrar"); sc reads value
 * (made once for a batch); whois: a whois client to ask for the
 * registrar of a domain no import names (its "Registrar Abuse Contact
 * Email"), or NULL. 0 when value is
 * no indicator (nothing called), 1 when it is, -1 on failure. */
typedef int (*contact_fn)(const char *scope, const struct store_answer *a,
    void *arg);
int contact_lookup(struct store *s, struct ioc_scanner *sc,
    const char *whois, const char *value, char type[16], char *normalized,
    size_t size, contact_fn fn, void *arg, struct errbuf *e);

/* Many values at once (contact lookup's standard input): the plain
 * addresses among values (IPv4, IPv6) are answered in one pass over the
 * store in address order, each network, carrier and CERT read once,
 * where one by one costs some queries each. Inside a read transaction;
 * values must outlive the batch. NULL on failure. */
struct contact_batch;
struct contact_batch *contact_batch_new(struct store *s,
    struct ioc_scanner *sc, char *const *values, size_t n,
    struct errbuf *e);
/* Value i of the batch, answered as contact_lookup answers it. */
int contact_batch_lookup(struct contact_batch *b, size_t i,
    const char *whois, char type[16], char *normalized, size_t size,
    contact_fn fn, void *arg, struct errbuf *e);
void contact_batch_free(struct contact_batch *b);

/* The host name of a domain or URL indicator (type and normalized value)
 * into out: 1, or 0 when it has none (a URL on a bare address). */
int contact_host_of(const char *type, const char *value, char *out,
    size_t size);

/* An address range as text: "192.0.2.0 - 192.0.2.255" or
 * "2001:db8::/32" when it is one prefix. */
void contact_range_text(int family, const unsigned char *lo,
    const unsigned char *hi, char *out, size_t size);

#endif

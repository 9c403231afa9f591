/* Indicators of compromise in text: IPv4 and IPv6 addresses, networks
 * (CIDR), domains, URLs, e-mail addresses, MD5/SHA-1/SHA-256/SHA-512
 * hashes, CVE ids and AS numbers, found in one pass over the bytes after
 * refanging ("hxxp", "[.]", "(dot)", "[@]" ...), normalized (RFC 5952
 * for IPv6, lowercase A-labels for domains, a real public suffix
 * required) and classified. Pure: text in, indicators out. */
#ifndef MAILGW_IOC_H
#define MAILGW_IOC_H

#include <stddef.h>

struct buf;
struct errbuf;
struct ioc_scanner;

enum ioc_type {
	IOC_IPV4, IOC_IPV6, IOC_CIDR, IOC_DOMAIN, IOC_URL, IOC_EMAIL,
	IOC_MD5, IOC_SHA1, IOC_SHA256, IOC_SHA512, IOC_CVE, IOC_ASN,
	IOC_NTYPES
};

/* What an address is (RFC 6890 and friends); IOC_PUBLIC for the rest
 * and for indicators that are not addresses. */
enum ioc_class {
	IOC_PUBLIC, IOC_PRIVATE, IOC_LOOPBACK, IOC_LINK_LOCAL,
	IOC_DOCUMENTATION, IOC_MULTICAST, IOC_RESERVED,
};

struct ioc {
	enum ioc_type type;
	const char *value;	/* normalized; valid during the callback */
	size_t offset, length;	/* where it stood in the input */
	int defanged;		/* it was written defanged */
	enum ioc_class class;
};

/* Return non-zero to stop the scan (ioc_scan returns that value). */
typedef int (*ioc_fn)(const struct ioc *ioc, void *arg);

struct ioc_scanner *ioc_scanner_new(void);
void ioc_scanner_free(struct ioc_scanner *sc);

/* A CSV report's columns as its header names them (csvreport_columns):
 * each one's csvreport_kind, and the separator between cells. */
struct ioc_columns {
	const unsigned char *kinds;
	size_t n;
	char sep;
};

/* Read what sc scans from now on as the records of a report with these
 * columns (copied), cell by cell:
 * a version's column gives no address ("7.2.4.1"), a host's a host's
 * name even under a TLD that is also a file's extension
 * ("router.evil-isp.pl"), the others what text would; the offsets are
 * the text's. NULL: text again. */
void ioc_scanner_columns(struct ioc_scanner *sc,
    const struct ioc_columns *cols);

/* Scan text[0..len); offsets are reported plus base. Every indicator is
 * reported where it occurs (the caller de-duplicates). */
int ioc_scan(struct ioc_scanner *sc, const char *text, size_t len,
    size_t base, ioc_fn fn, void *arg);

struct ioc_set;
struct ioc_allowlist;

/* ioc_scan with each indicator added to set (al: see ioc_set_add), and
 * sooner: a token the set was given before is counted, not read again
 * (where nothing around it can change what it gives). */
void ioc_scan_into(struct ioc_scanner *sc, const char *text, size_t len,
    size_t base, struct ioc_set *set, const struct ioc_allowlist *al);

/* The part of a domain one registers ("example.co.uk" of
 * "www.example.co.uk"), by the public suffix list. -1 when none. */
int ioc_registrable_domain(const char *domain, char *out, size_t size);

/* The first indicator in text: 1 with its type name and its normalized
 * value (caller frees), 0 when there is none. */
int ioc_first(struct ioc_scanner *sc, const char *text, char type[16],
    char **value);

/* Refang text into out (pure string rewriting, as the scanner does it). */
void ioc_refang(const char *text, size_t len, struct buf *out);

/* Where to cut text[0..cut), cut after a line end, so that a URL in
 * angle brackets broken across lines stays whole (the start of the line
 * holding its '<' when that is open at cut), and a traceroute's hops
 * (the start of the first when the last line is one); else cut. */
size_t ioc_fold_cut(const char *text, size_t cut);

/* Where to cut text[0..n), a line too long to read whole: after a blank
 * between two words in the last 64 KB, where no indicator written with
 * blanks ("evil dot com", "ASN 4134") can be; n when there is none. */
size_t ioc_line_cut(const char *text, size_t n);

/* Where to cut text[0..n) read as a part of a longer text: after nl, its
 * last line end, as ioc_fold_cut moves it; with none (nl NULL), in the
 * line as ioc_line_cut says. */
size_t ioc_part_cut(const char *text, size_t n, const char *nl);

/*
 * An allowlist: indicators that stay on a ticket but are never notified
 * (our own and partners' domains and networks, public resolvers ...).
 * Entries: a domain (it and its subdomains; IDNs in either form), an
 * IPv4 or IPv6 address or network, an AS number, or any other value
 * matched exactly. URLs and addresses match by their host.
 */
struct ioc_allowlist;

struct ioc_allowlist *ioc_allowlist_new(void);
void ioc_allowlist_free(struct ioc_allowlist *al);
/* -1 when entry is empty or a malformed address or network. */
int ioc_allowlist_add(struct ioc_allowlist *al, const char *entry);
/* One entry a line, # comments; -1 with e set (ST_CONFIG) naming the
 * file and line of a bad entry, or the file when it cannot be read. */
int ioc_allowlist_load(struct ioc_allowlist *al, const char *path,
    struct errbuf *e);
int ioc_allowed(const struct ioc_allowlist *al, const struct ioc *ioc);

/* Distinct indicators, in the order first seen, with what was learnt
 * of each: how often it occurred, where first, whether any occurrence
 * was defanged, whether the allowlist holds it. */
struct ioc_set;

struct ioc_entry {		/* 40 bytes: a scan list holds millions */
	const char *value;
	size_t count, first_offset;
	enum ioc_type type;
	enum ioc_class class;
	int defanged, allowlisted;
};

struct ioc_set *ioc_set_new(void);
void ioc_set_free(struct ioc_set *set);
/* Record an occurrence; al may be NULL. (It may wait a little before
 * it is looked up; the functions below see every occurrence added.) */
void ioc_set_add(struct ioc_set *set, const struct ioc *ioc,
    const struct ioc_allowlist *al);
size_t ioc_set_count(struct ioc_set *set);
/*
 * A text's parts scanned in parallel, a set each (ioc_pool): how many
 * entries the set holds before and after each part (ioc_set_mark),
 * and then the sets as one, part by part in the text's order
 * (ioc_sets_each): fn is given each indicator once, where one scanner
 * would have found it first, with its occurrences in every set counted,
 * its first offset the earliest, defanged when any occurrence was. A
 * non-zero return of fn stops and is returned.
 */
struct ioc_part {
	size_t set;		/* which set read it */
	size_t from, to;	/* that set's marks before and after it */
};

typedef int (*ioc_entry_fn)(const struct ioc_entry *e, void *arg);

size_t ioc_set_mark(struct ioc_set *set);
int ioc_sets_each(struct ioc_set *const *sets, size_t nsets,
    const struct ioc_part *parts, size_t nparts, ioc_entry_fn fn, void *arg);
/*
 * ioc_sets_each's look-ups of set k's entries in the other sets, done
 * ahead, so that threads may share them: a thread a set, each once
 * every set is flushed (ioc_set_flush: counts folded into entries) and
 * none is added to any more. ioc_sets_each then reads what they found;
 * it joins them all again itself when a set has counted more since.
 */
void ioc_set_flush(struct ioc_set *set);
void ioc_sets_join(struct ioc_set *const *sets, size_t nsets, size_t k);
/* The i-th distinct indicator; valid until the set changes. */
const struct ioc_entry *ioc_set_get(struct ioc_set *set, size_t i);
/* 1 when the set holds this indicator. */
int ioc_set_contains(struct ioc_set *set, enum ioc_type type,
    const char *value);

/* The key an indicator is searched by, into out: a CIDR's network in
 * canonical form ("192.0.2.0/24" for 192.0.2.7/24), a domain spelt
 * backwards (its subdomains sort right after it). -1 for other types. */
int ioc_search_key(const char *type, const char *value, char *out,
    size_t size);

const char *ioc_type_name(enum ioc_type t);
const char *ioc_class_name(enum ioc_class c);

#endif

/* CSV reports: the daily feeds of Shadowserver and their kind, a header
 * row naming the columns ("timestamp","ip","port","hostname","asn",
 * "geo", ... and their variants) and one observation per row. Read by
 * column name with libcsv; each row yields its address, when it was seen
 * and every column as written. Pure: text in, rows out. */
#ifndef MAILGW_CSVREPORT_H
#define MAILGW_CSVREPORT_H

#include <stddef.h>

/* What a column holds, by its name: a version ("version",
 * "firmware_version", "build": a number such as 7.2.4.1 that is no
 * address), a host's name ("hostname", "rdns", "server_name": a name
 * even under a TLD that is also a file's extension), or anything. */
enum csvreport_kind { CSVREPORT_ANY, CSVREPORT_VERSION, CSVREPORT_HOST };

struct csvreport_row {
	size_t line;		/* 1-based line of the row's first field */
	const char *const *names;	/* the header, as written */
	const unsigned char *kinds;	/* each name's csvreport_kind */
	size_t nnames;
	const char *const *cells;	/* this row */
	size_t ncells;		/* as many as names */
	const char *ip;		/* the address cell, as written, or NULL */
	char seen[24];		/* the time cell in RFC 3339 UTC, or "" */
};

/* Return non-zero to stop (csvreport_scan returns that value). */
typedef int (*csvreport_fn)(const struct csvreport_row *row, void *arg);

/* 1 when text's first line is the header of a report: at least two
 * column names, all of them plain words, one of them an address column
 * ("ip", "src_ip", "ip_address" ...). */
int csvreport_is_report(const char *text, size_t len);

/* Call fn for each row of a report that has an address cell; at most
 * max_rows rows (0: no limit). *skipped counts rows without one, or
 * with fewer cells than the header. Returns 0, fn's non-zero value, or
 * -1 when text is not a report. */
int csvreport_scan(const char *text, size_t len, size_t max_rows,
    csvreport_fn fn, void *arg, size_t *skipped);

/* The columns of the report whose header is text's first line, as a
 * scan for indicators reads them (ioc_scanner_columns): each name's
 * csvreport_kind in *kinds (n of them, malloc'd, the caller frees) and
 * the separator, ',', ';' or a tab. -1 when text is not a report. */
int csvreport_columns(const char *text, size_t len, unsigned char **kinds,
    size_t *n, char *sep);

/* "2026-11-21 03:14:15", "2026-11-21T03:14:15Z", "...+08:00", "... UTC",
 * "... 北京时间" (Beijing time), "2026/11/21 3:14", "2026年11月21日", or
 * seconds since the epoch, into "2026-11-21T03:14:15Z"; a time without a
 * zone is naive_offset seconds east of UTC. -1 when the text is none of
 * those. */
int csvreport_time(const char *text, long naive_offset, char out[24]);

#endif

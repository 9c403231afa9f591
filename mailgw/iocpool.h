/*
 * A long text's indicators read by several threads: the reader hands
 * over its parts (cut at line ends: no indicator spans a line) as it
 * reads them, each goes to the first free worker (a scanner and a set of
 * its own), and at the end the workers' sets are merged part by part in
 * the text's order into the one set a single scanner would have made:
 * same entries, same order, counts, first offsets and marks.
 */
#ifndef MAILGW_IOCPOOL_H
#define MAILGW_IOCPOOL_H

#include <stddef.h>

struct buf;
struct ioc_allowlist;
struct ioc_set;
struct ioc_pool;

/* jobs workers (at least 2), al as ioc_scan_into's. NULL when not one
 * thread could be started: the caller scans alone. */
struct ioc_pool *ioc_pool_new(unsigned jobs, const struct ioc_allowlist *al);
/* Hand over b's first cut bytes, which stood at base in the text; b is
 * left holding the rest. It waits while every buffer is taken (twice
 * as many as workers): memory stays flat. */
void ioc_pool_give(struct ioc_pool *p, struct buf *b, size_t cut,
    size_t base);
/* Wait for every part and merge the workers' sets into set. */
void ioc_pool_finish(struct ioc_pool *p, struct ioc_set *set);
void ioc_pool_free(struct ioc_pool *p);

/* How many workers to use when not told: the processors online, at
 * most IOC_POOL_MAX_DEFAULT (each worker's set costs memory). */
#define IOC_POOL_MAX_DEFAULT 2
unsigned ioc_pool_default_jobs(void);

#endif

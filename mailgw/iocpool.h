/*
 * A long text's indicators read by several threads: the reader hands
 * over its parts (cut at line ends: no indicator spans a line) as it
 * reads them, each goes to the first free worker (a scanner and a set of
 * its own), and at the end the workers' sets are read as one, part by
 * part in the text's order (ioc_sets_each): the indicators one scanner
 * would have listed, in its order, with its counts, first offsets and
 * marks, and no merged copy of them held.
 */
#ifndef MAILGW_IOCPOOL_H
#define MAILGW_IOCPOOL_H

#include <stddef.h>

#include "ioc.h"

struct buf;
struct ioc_pool;

/* jobs workers (at least 2), al as ioc_scan_into's, cols a CSV
 * report's columns (ioc_scanner_columns) or NULL. NULL when not one
 * thread could be started: the caller scans alone. */
struct ioc_pool *ioc_pool_new(unsigned jobs, const struct ioc_allowlist *al,
    const struct ioc_columns *cols);
/* Hand over b's first cut bytes, which stood at base in the text; b is
 * left holding the rest. It waits while every buffer is taken (twice
 * as many as workers): memory stays flat. */
void ioc_pool_give(struct ioc_pool *p, struct buf *b, size_t cut,
    size_t base);
/* Wait for every part; then fn as ioc_sets_each calls it, with entries
 * valid until ioc_pool_free. */
int ioc_pool_each(struct ioc_pool *p, ioc_entry_fn fn, void *arg);
void ioc_pool_free(struct ioc_pool *p);

/* How many workers to use when not told: the processors online, at
 * most IOC_POOL_MAX_DEFAULT (each worker's set costs memory). */
#define IOC_POOL_MAX_DEFAULT 2
unsigned ioc_pool_default_jobs(void);

#endif

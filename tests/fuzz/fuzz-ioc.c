/* Fuzz the indicator scanner and the refanging, the set of distinct
 * indicators (with its queue of lookups), and the CSV report reader over
 * the same bytes; ioc_scan_into (which remembers tokens) must give the
 * set ioc_scan and ioc_set_add give, the input scanned twice over; and
 * the input read three times as parts by two scanners and sets, as
 * ioc_pool's workers read (without the threads), must give through
 * ioc_sets_each what one scanner gives. An input whose first line is a
 * report's header is scanned by its columns (ioc_scanner_columns)
 * throughout. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvreport.h"
#include "ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t n;
	struct ioc_set *set;
};

static int
count(const struct ioc *ioc, void *arg)
{
	struct seen *s = arg;

	s->n += strlen(ioc->value) + ioc->offset + ioc->length;
	ioc_set_add(s->set, ioc, NULL);
	return 0;
}

static int
same(const struct ioc_entry *e, void *arg)
{
	struct seen *s = arg;
	const struct ioc_entry *f = ioc_set_get(s->set, s->n++);

	if (f == NULL || f->type != e->type ||
	    strcmp(f->value, e->value) != 0 || f->count != e->count ||
	    f->first_offset != e->first_offset || f->defanged != e->defanged)
		__builtin_trap();
	return 0;
}

/* The input three times over, parts read by two sets (the first and the
 * last by the first), against one scanner's set. */
static void
parts(const uint8_t *data, size_t size, const struct ioc_columns *cols)
{
	struct ioc_scanner *sc[2] = { ioc_scanner_new(), ioc_scanner_new() };
	struct ioc_set *sets[2] = { ioc_set_new(), ioc_set_new() };
	struct ioc_scanner *one = ioc_scanner_new();
	struct seen s = { 0, ioc_set_new() };
	struct ioc_part p[3];
	size_t k;

	ioc_scanner_columns(sc[0], cols);
	ioc_scanner_columns(sc[1], cols);
	ioc_scanner_columns(one, cols);

	for (k = 0; k < 3; k++) {
		p[k].set = k % 2;
		p[k].from = ioc_set_mark(sets[k % 2]);
		ioc_scan_into(sc[k % 2], (const char *)data, size, k * size,
		    sets[k % 2], NULL);
		p[k].to = ioc_set_mark(sets[k % 2]);
		ioc_scan_into(one, (const char *)data, size, k * size, s.set,
		    NULL);
	}
	ioc_sets_each(sets, 2, p, 3, same, &s);
	if (s.n != ioc_set_count(s.set))
		__builtin_trap();
	for (k = 0; k < 2; k++) {
		ioc_scanner_free(sc[k]);
		ioc_set_free(sets[k]);
	}
	ioc_scanner_free(one);
	ioc_set_free(s.set);
}

static int
row(const struct csvreport_row *r, void *arg)
{
	size_t *n = arg, i;

	for (i = 0; i < r->ncells; i++)
		*n += strlen(r->names[i]) + strlen(r->cells[i]);
	*n += strlen(r->ip) + strlen(r->seen) + r->line;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct seen s = { 0, ioc_set_new() };
	struct ioc_columns cols = { NULL, 0, ',' };
	unsigned char *kinds;
	struct ioc_set *into;
	const struct ioc_entry *e;
	size_t n = 0, i, skipped;

	if (csvreport_columns((const char *)data, size, &kinds, &cols.n,
	    &cols.sep) == 0)
		cols.kinds = kinds;
	ioc_scanner_columns(sc, &cols);
	ioc_scan(sc, (const char *)data, size, 0, count, &s);
	ioc_scan(sc, (const char *)data, size, size, count, &s);
	ioc_scanner_free(sc);
	sc = ioc_scanner_new();
	ioc_scanner_columns(sc, &cols);
	into = ioc_set_new();
	ioc_scan_into(sc, (const char *)data, size, 0, into, NULL);
	ioc_scan_into(sc, (const char *)data, size, size, into, NULL);
	ioc_scanner_free(sc);
	if (ioc_set_count(into) != ioc_set_count(s.set))
		__builtin_trap();
	for (i = 0; (e = ioc_set_get(s.set, i)) != NULL; i++) {
		const struct ioc_entry *f = ioc_set_get(into, i);

		if (f->type != e->type || strcmp(f->value, e->value) != 0 ||
		    f->count != e->count || f->first_offset !=
		    e->first_offset || f->defanged != e->defanged)
			__builtin_trap();
	}
	ioc_set_free(into);
	/* Every distinct one is in the set, and says so. */
	for (i = 0; (e = ioc_set_get(s.set, i)) != NULL; i++)
		if (!ioc_set_contains(s.set, e->type, e->value) || e->count == 0)
			__builtin_trap();
	ioc_set_free(s.set);
	n = s.n;
	parts(data, size, &cols);
	free(kinds);
	csvreport_scan((const char *)data, size, 100, row, &n, &skipped);
	return n == (size_t)-1;
}

/* Fuzz the indicator scanner and the refanging, and the CSV report
 * reader over the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "csvreport.h"
#include "ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count(const struct ioc *ioc, void *arg)
{
	size_t *n = arg;

	*n += strlen(ioc->value) + ioc->offset + ioc->length;
	return 0;
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
	size_t n = 0, skipped;

	ioc_scan(sc, (const char *)data, size, 0, count, &n);
	ioc_scanner_free(sc);
	csvreport_scan((const char *)data, size, 100, row, &n, &skipped);
	return n == (size_t)-1;
}

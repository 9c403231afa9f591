/* Fuzz the indicator scanner and the refanging. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count(const struct ioc *ioc, void *arg)
{
	size_t *n = arg;

	*n += strlen(ioc->value) + ioc->offset + ioc->length;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	size_t n = 0;

	ioc_scan(sc, (const char *)data, size, 0, count, &n);
	ioc_scanner_free(sc);
	return n == (size_t)-1;
}

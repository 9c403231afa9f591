/* Common includes for the cmocka unit tests. */
#ifndef MAILGW_TEST_H
#define MAILGW_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "buf.h"

/* Append tests/data/DIR/NAME, a fixture, to b. */
static inline void
test_load(struct buf *b, const char *dir, const char *name)
{
	char path[4096], chunk[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/%s", TEST_DATA, dir, name);
	assert_non_null(f = fopen(path, "rb"));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_add(b, chunk, n), 0);
	fclose(f);
}

#endif

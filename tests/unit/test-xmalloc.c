#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "test.h"

#include "xmalloc.h"

/* A table doubles until doubling would give it 512 KB to 2 MB; then it
 * takes the 2 MB of a huge page at once, and doubles again beyond. */
static void
test_lines_grow(void **state)
{
	(void)state;
	assert_int_equal(lines_grow(256, 64), 512);
	assert_int_equal(lines_grow(2048, 64), 4096);	/* 256 KB */
	assert_int_equal(lines_grow(4096, 64), 32768);	/* not 512 KB: 2 MB */
	assert_int_equal(lines_grow(8192, 64), 32768);	/* not 1 MB */
	assert_int_equal(lines_grow(32768, 64), 65536);	/* 2 MB to 4 MB */
	assert_int_equal(lines_grow(8192, 16), 16384);	/* 256 KB */
	assert_int_equal(lines_grow(16384, 16), 131072);
	assert_int_equal(lines_grow(131072, 16), 262144);
	assert_int_equal(lines_grow(8192, 32), 65536);
	assert_int_equal(lines_grow(4095, 64), 8190);	/* 511.9 KB */
	assert_int_equal(lines_grow(64, 16), 128);
	/* slots of a size that is no power of two (a name cache's entry
	 * on a 32-bit machine): a power of two that fits the huge page */
	assert_int_equal(lines_grow(8192, 56), 32768);	/* 1.75 MB */
	assert_int_equal(lines_grow(16384, 56), 32768);
	assert_int_equal(lines_grow(32768, 56), 65536);	/* past it */
	assert_int_equal(lines_grow(4096, 56), 8192);	/* 448 KB: doubled */
	assert_int_equal(lines_grow(8192, 48), 32768);	/* 768 KB -> 1.5 MB */
	/* a product that would wrap round into the band: doubled */
	assert_true(lines_grow(((size_t)1 << 57) + 4096, 64) ==
	    ((size_t)1 << 58) + 8192);
}

/* What lines_grow gives, allocated: zeroed, on a cache line; one of a
 * huge page's size on the huge page's boundary. */
static void
test_calloc_lines(void **state)
{
	size_t sizes[] = { 1, 3, 64, 4096, lines_grow(4096, 64) }, i, k;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = xcalloc_lines(sizes[i], 64);

		assert_int_equal((uintptr_t)p % 64, 0);
		for (k = 0; k < sizes[i] * 64; k++)
			if (p[k] != 0)
				fail_msg("byte %zu of %zu slots is %u", k,
				    sizes[i], p[k]);
		if (sizes[i] * 64 >= (size_t)2 << 20)
			assert_int_equal((uintptr_t)p % ((size_t)2 << 20), 0);
		free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_grow),
		cmocka_unit_test(test_calloc_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

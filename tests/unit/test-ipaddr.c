#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#include "ipaddr.h"

/* Both formatters must agree with inet_ntop byte for byte: stored
 * values are compared with values computed again. */
static void
check6(const unsigned char *b)
{
	char want[INET6_ADDRSTRLEN], got[IPADDR_V6_MAX];
	char *end;

	assert_non_null(inet_ntop(AF_INET6, b, want, sizeof(want)));
	end = ipaddr_format6(b, got);
	assert_string_equal(got, want);
	assert_int_equal((int)(end - got), (int)strlen(want));
}

static void
test_format6_named(void **state)
{
	static const char *const cases[] = {
		"::", "::1", "::2", "1::", "2001:db8::1", "2001:db8:0:0:1::1",
		"2001:0:0:1::1", "1:0:0:2:0:0:0:3", "1:0:0:2:0:0:3:4",
		"::ffff:192.0.2.1", "::192.0.2.1", "::ffff:0:192.0.2.1",
		"::1:2", "0:0:0:0:0:1:0:0", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::8", "ffff::",
		"0:0:0:0:0:ffff:0:0", "0:0:0:0:ffff:0:0:0", "::abcd:ef01",
		"2001:DB8:0:0:0:0:2:1", "64:ff9b::192.0.2.33",
	};
	unsigned char b[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(inet_pton(AF_INET6, cases[i], b), 1);
		check6(b);
	}
}

/* Random addresses with random zero groups: every run length at every
 * place, and the ::ffff: and ::a.b.c.d shapes. */
static void
test_format6_random(void **state)
{
	uint64_t x = 0x243f6a8885a308d3ull;
	unsigned char b[16];
	int n, i;

	(void)state;
	for (n = 0; n < 200000; n++) {
		for (i = 0; i < 16; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[i] = (unsigned char)x;
		}
		/* Each group zero half the time. */
		for (i = 0; i < 8; i++)
			if ((x >> (20 + i)) & 1)
				b[2 * i] = b[2 * i + 1] = 0;
		if ((x >> 40) % 7 == 0) {	/* ::ffff:a.b.c.d */
			memset(b, 0, 10);
			b[10] = b[11] = 0xff;
		} else if ((x >> 40) % 7 == 1) {	/* ::a.b.c.d */
			memset(b, 0, 12);
		}
		if ((x >> 50) % 5 == 0)	/* small values: leading zeros */
			for (i = 0; i < 16; i += 2)
				b[i] = 0;
		check6(b);
	}
}

static void
test_format4(void **state)
{
	unsigned char b[4];
	char want[INET_ADDRSTRLEN], got[IPADDR_V4_MAX];
	uint32_t v;
	int n;

	(void)state;
	for (n = 0, v = 0; n < 100000; n++, v = v * 2654435761u + 12345u) {
		memcpy(b, &v, 4);
		if (n < 256)
			b[0] = b[1] = b[2] = b[3] = (unsigned char)n;
		assert_non_null(inet_ntop(AF_INET, b, want, sizeof(want)));
		ipaddr_format4(b, got);
		assert_string_equal(got, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format6_named),
		cmocka_unit_test(test_format6_random),
		cmocka_unit_test(test_format4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

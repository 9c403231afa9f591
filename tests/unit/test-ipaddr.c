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

/* LACNIC's abbreviated networks: padded when the octets written hold
 * the prefix; four octets, other bytes, or a copy too long for out are
 * none. */
static void
test_pad4(void **state)
{
	static const struct {
		const char *in;
		unsigned long bits;
		const char *want;	/* NULL: none */
	} cases[] = {
		{ "200.160", 12, "200.160.0.0" },
		{ "177.0.0", 15, "177.0.0.0" },
		{ "10", 8, "10.0.0.0" },
		{ "10", 0, "10.0.0.0" },
		{ "100.70", 16, "100.70.0.0" },
		{ "100.70", 17, NULL },		/* more bits than octets */
		{ "100", 9, NULL },
		{ "192.0.2.0", 24, NULL },	/* four already */
		{ "2001:db8::", 32, NULL },
		{ "::1", 8, NULL },
		{ "10.x", 8, NULL },
		{ "", 0, NULL },
		{ "1234567890123", 8, NULL },	/* 13 + 6: no room */
		{ "123456789", 8, "123456789.0.0.0" },	/* 15: fits */
		{ "1234567890", 8, NULL },	/* 16: does not */
	};
	char out[IPADDR_V4_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = ipaddr_pad4(cases[i].in, strlen(cases[i].in),
		    cases[i].bits, out);
		if (cases[i].want == NULL) {
			assert_int_equal(n, 0);
		} else {
			assert_int_equal(n, strlen(cases[i].want));
			assert_string_equal(out, cases[i].want);
		}
	}
}

/* The IPv4 host inside an IPv4-mapped address, one behind NAT64's
 * well-known prefix, a 6to4 one and a Teredo client's (inverted); every
 * neighbour of those two /96s, of 2002::/16 and of 2001::/32 is
 * none. */
static void
test_embedded4(void **state)
{
	static const struct {
		const char *in;
		const char *want;	/* NULL: none */
	} cases[] = {
		{ "::ffff:198.51.100.7", "198.51.100.7" },
		{ "::ffff:0:0", "0.0.0.0" },
		{ "64:ff9b::c633:6407", "198.51.100.7" },
		{ "64:ff9b::ffff:ffff", "255.255.255.255" },
		{ "2002:c633:6407::1", "198.51.100.7" },
		{ "2002:a05:6520:2c4a:b0:26f:4e2a:1b3c", "10.5.101.32" },
		{ "2003:c633:6407::1", NULL },
		{ "2012:c633:6407::1", NULL },
		{ "2202:c633:6407::1", NULL },
		/* RFC 4380's example: server 65.54.227.120, client
		 * 192.0.2.45 */
		{ "2001:0:4136:e378:8000:63bf:3fff:fdd2", "192.0.2.45" },
		{ "2001:0:4136:e378:8000:63bf:b4e3:9a7d", "75.28.101.130" },
		{ "2001::", "255.255.255.255" },
		{ "2001:1::3fff:fdd2", NULL },
		{ "2001:100::3fff:fdd2", NULL },
		{ "2000::3fff:fdd2", NULL },
		{ "3001::3fff:fdd2", NULL },
		{ "::fffe:198.51.100.7", NULL },
		{ "1::ffff:198.51.100.7", NULL },
		{ "::1:ffff:198.51.100.7", NULL },
		{ "::198.51.100.7", NULL },	/* IPv4-compatible: gone */
		{ "64:ff9b:1::c633:6407", NULL },	/* local use */
		{ "64:ff9b::1:c633:6407", NULL },
		{ "64:ff9a::c633:6407", NULL },
		{ "65:ff9b::c633:6407", NULL },
		{ "2001:db8::c633:6407", NULL },
	};
	unsigned char b[16], v4[4];
	char out[IPADDR_V4_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(inet_pton(AF_INET6, cases[i].in, b), 1);
		if (cases[i].want == NULL) {
			assert_int_equal(ipaddr_embedded4(b, v4), 0);
			continue;
		}
		assert_int_equal(ipaddr_embedded4(b, v4), 1);
		ipaddr_format4(v4, out);
		assert_string_equal(out, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format6_named),
		cmocka_unit_test(test_format6_random),
		cmocka_unit_test(test_format4),
		cmocka_unit_test(test_pad4),
		cmocka_unit_test(test_embedded4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

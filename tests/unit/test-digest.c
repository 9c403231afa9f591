#include "config.h"

#include <string.h>

#include "test.h"

#include "digest.h"

static void
test_vectors(void **state)
{
	char hex[DIGEST_HEX_LEN + 1];
	struct digest *d;

	(void)state;
	/* FIPS 180-2 examples. */
	digest_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_sha256_hex("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	d = digest_new();
	digest_update(d, "abcdbcdecdefdefgefghfghighijhi", 30);
	digest_update(d, "jkijkljklmklmnlmnomnopnopq", 26);
	digest_finish(d, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* The table hash: the same bytes and seed give the same hash, whatever
 * their alignment; every byte of every length up to 24 counts, and so
 * do the seed and the length (trailing NULs). */
static void
test_table_hash(void **state)
{
	char a[40] = "cert+t0123456789abcdef@cert.example", b[48];
	uint64_t h;
	size_t n, i;

	(void)state;
	for (n = 0; n <= 24; n++) {
		h = digest_table_hash(a, n, 0);
		memcpy(b + 3, a, n);	/* unaligned */
		assert_true(digest_table_hash(b + 3, n, 0) == h);
		assert_true(digest_table_hash(a, n, 1) != h);
		for (i = 0; i < n; i++) {
			b[3 + i] ^= 1;
			assert_true(digest_table_hash(b + 3, n, 0) != h);
			b[3 + i] ^= 1;
		}
	}
	memset(b, 0, sizeof(b));
	assert_true(digest_table_hash(b, 3, 0) != digest_table_hash(b, 4, 0));
}

/* The comparison that goes with it: equal bytes of every length up to
 * 80, whatever their alignment, and a difference in any one byte (the
 * first, the middle of three, the last of an overlapping word) seen. */
static void
test_table_same(void **state)
{
	char a[96], b[96];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(a); i++)
		a[i] = (char)('0' + i % 75);
	for (n = 0; n <= 80; n++) {
		memcpy(b + 5, a + 3, n);	/* unaligned, both */
		assert_true(digest_table_same(a + 3, b + 5, n));
		for (i = 0; i < n; i++) {
			b[5 + i] ^= 0x40;
			assert_false(digest_table_same(a + 3, b + 5, n));
			assert_false(digest_table_same(b + 5, a + 3, n));
			b[5 + i] ^= 0x40;
		}
		b[5 + n] = (char)~a[3 + n];	/* past the end: not read */
		assert_true(digest_table_same(a + 3, b + 5, n));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_table_hash),
		cmocka_unit_test(test_table_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

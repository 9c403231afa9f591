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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

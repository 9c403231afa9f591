#include "config.h"

#include <string.h>

#include <zlib.h>

#include "test.h"

#include "buf.h"
#include "gunzip.h"

/* text gzipped into gz (one member). */
static void
gzip_into(struct buf *gz, const char *text)
{
	z_stream z = { 0 };
	size_t room = strlen(text) + 128;

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	assert_int_equal(buf_grow(gz, room), 0);
	z.next_in = (Bytef *)(uintptr_t)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = (Bytef *)gz->data + gz->len;
	z.avail_out = (uInt)room;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	gz->len += room - z.avail_out;
	deflateEnd(&z);
}

static void
test_members(void **state)
{
	struct buf gz = BUF_INIT, out = BUF_INIT;

	(void)state;
	gzip_into(&gz, "first 192.0.2.1\n");
	assert_true(gunzip_magic(gz.data, gz.len));
	assert_int_equal(gunzip(&out, gz.data, gz.len, 1000), 0);
	assert_string_equal(out.data, "first 192.0.2.1\n");
	/* two members, as "cat a.gz b.gz" makes: both */
	gzip_into(&gz, "second 192.0.2.2\n");
	buf_reset(&out);
	assert_int_equal(gunzip(&out, gz.data, gz.len, 1000), 0);
	assert_string_equal(out.data, "first 192.0.2.1\nsecond 192.0.2.2\n");
	/* what follows a member and is none: ignored, as gzip(1) does */
	buf_add(&gz, "\0\0\0\0", 4);
	buf_reset(&out);
	assert_int_equal(gunzip(&out, gz.data, gz.len, 1000), 0);
	assert_int_equal(out.len, 33);
	buf_release(&gz);
	buf_release(&out);
}

static void
test_faults(void **state)
{
	struct buf gz = BUF_INIT, out = BUF_INIT;
	char big[5000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	gzip_into(&gz, big);
	/* the limit: exactly max bytes, and 1 */
	assert_int_equal(gunzip(&out, gz.data, gz.len, 100), 1);
	assert_int_equal(out.len, 100);
	buf_reset(&out);
	assert_int_equal(gunzip(&out, gz.data, gz.len, 4999), 0);
	assert_int_equal(out.len, 4999);
	/* broken off, or bytes changed: -1, never more than came */
	buf_reset(&out);
	assert_int_equal(gunzip(&out, gz.data, gz.len - 5, 10000), -1);
	assert_true(out.len <= 4999);
	buf_reset(&out);
	gz.data[gz.len / 2] ^= 0x55;
	assert_int_equal(gunzip(&out, gz.data, gz.len, 10000), -1);
	/* not gzip at all */
	assert_false(gunzip_magic("PK\3\4", 4));
	assert_int_equal(gunzip(&out, "plain text", 10, 100), -1);
	assert_int_equal(gunzip(&out, "", 0, 100), -1);
	buf_release(&gz);
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

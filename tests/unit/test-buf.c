#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

#include "buf.h"

static void
test_empty_is_never_null(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
	assert_non_null(b.data);
}

static void
test_add_and_format(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(buf_addstr(&b, "ticket"), 0);
	assert_int_equal(buf_addch(&b, ' '), 0);
	assert_int_equal(buf_addf(&b, "#%d of %s", 12, "CNCERT"), 0);
	assert_string_equal(b.data, "ticket #12 of CNCERT");
	assert_int_equal(b.len, strlen("ticket #12 of CNCERT"));
	buf_release(&b);
}

static void
test_embedded_nul(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	assert_int_equal(b.data[3], '\0');
	buf_release(&b);
}

static void
test_maximum(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_addstr(&b, "12345678"), 0);
	errno = 0;
	assert_int_equal(buf_addch(&b, '9'), -1);
	assert_int_equal(errno, EFBIG);
	errno = 0;	/* buf_add's inline path: room is not the maximum */
	assert_int_equal(buf_add(&b, "9", 1), -1);
	assert_int_equal(errno, EFBIG);
	assert_string_equal(b.data, "12345678");	/* unchanged */
	assert_int_equal(buf_addf(&b, "%s", "x"), -1);
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "abc"), 0);
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *p;

	(void)state;
	p = buf_detach(&b, &len);	/* an empty buffer detaches too */
	assert_string_equal(p, "");
	free(p);
	buf_addstr(&b, "owned");
	p = buf_detach(&b, &len);
	assert_int_equal(len, 5);
	assert_string_equal(p, "owned");
	assert_int_equal(b.len, 0);
	free(p);
}

static void
read_through_pipe(const char *data, size_t len, size_t max, int *rc,
    int *err, struct buf *b)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], data, len), (ssize_t)len);
	close(fds[1]);
	buf_init(b, max);
	errno = 0;
	*rc = buf_read_fd(b, fds[0]);
	*err = errno;
	close(fds[0]);
}

static void
test_read_fd_limit(void **state)
{
	struct buf b;
	int rc, err;

	(void)state;
	read_through_pipe("0123456789", 10, 10, &rc, &err, &b);
	assert_int_equal(rc, 0);	/* exactly at the maximum */
	assert_int_equal(b.len, 10);
	buf_release(&b);
	read_through_pipe("0123456789X", 11, 10, &rc, &err, &b);
	assert_int_equal(rc, -1);	/* one byte over */
	assert_int_equal(err, EFBIG);
	buf_release(&b);
	read_through_pipe("", 0, 0, &rc, &err, &b);
	assert_int_equal(rc, 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
test_trim(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addstr(&b, " \t value \r\n");
	buf_trim(&b);
	assert_string_equal(b.data, "value");
	buf_reset(&b);
	buf_addstr(&b, "   ");
	buf_trim(&b);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* buf_read_n: exactly n bytes, appended, across short reads; fewer
 * before end of file, or past the maximum, fail. */
static void
test_read_n(void **state)
{
	struct buf b = BUF_INIT, small;
	int fd[2];

	(void)state;
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], "head", 4), 4);
	assert_int_equal(write(fd[1], "er and body", 11), 11);
	buf_addstr(&b, ">");
	assert_int_equal(buf_read_n(&b, fd[0], 6), 0);
	assert_string_equal(b.data, ">header");
	assert_int_equal(buf_read_n(&b, fd[0], 0), 0);
	buf_init(&small, 4);
	assert_int_equal(buf_read_n(&small, fd[0], 5), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(small.len, 0);
	close(fd[1]);
	assert_int_equal(buf_read_n(&b, fd[0], 20), -1);	/* 9 left */
	assert_int_equal(b.len, 16);
	assert_string_equal(b.data, ">header and body");
	close(fd[0]);
	buf_release(&b);
	buf_release(&small);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_never_null),
		cmocka_unit_test(test_add_and_format),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_maximum),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_read_fd_limit),
		cmocka_unit_test(test_read_n),
		cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

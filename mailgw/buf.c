#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void
buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b, b->max);
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	p = b->alloc ? b->data : xstrdup("");
	buf_init(b, b->max);
	return p;
}

int
buf_grow(struct buf *b, size_t extra)
{
	size_t want, alloc;

	if (extra > SIZE_MAX - 1 - b->len ||
	    (b->max && b->len + extra > b->max)) {
		errno = EFBIG;
		return -1;
	}
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return 0;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < want)
		alloc = alloc < SIZE_MAX / 2 ? alloc * 2 : want;
	if (b->max && alloc > b->max + 1)
		alloc = b->max + 1;
	if (alloc < want)
		alloc = want;
	if (b->alloc == 0) {
		b->data = xmalloc(alloc);
		b->data[0] = '\0';
	} else {
		b->data = xreallocarray(b->data, alloc, 1);
	}
	b->alloc = alloc;
	return 0;
}

int
buf_add_grow(struct buf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (buf_grow(b, len) < 0)
		return -1;
	memmove(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/* At the maximum: one more byte says whether the input passes it. */
static int
read_past_max(int fd)
{
	char probe;
	ssize_t n;

	do
		n = read(fd, &probe, 1);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	if (n > 0)
		errno = EFBIG;
	return -1;
}

int
buf_read_fd(struct buf *b, int fd)
{
	for (;;) {
		size_t want = 65536;
		ssize_t n;

		if (b->max && b->max - b->len < want)
			want = b->max - b->len;
		if (want == 0)
			return read_past_max(fd);
		if (buf_grow(b, want) < 0)
			return -1;
		n = read(fd, b->data + b->len, b->alloc - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
}

/* All n bytes through fd, written (writing) or read, however many calls
 * it takes; -1 on an error or an end of file before them. */
static int
fd_all(int fd, char *c, size_t n, int writing)
{
	while (n > 0) {
		ssize_t k = writing ? write(fd, c, n) : read(fd, c, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

int
fd_write_all(int fd, const void *p, size_t n)
{
	return fd_all(fd, (char *)(uintptr_t)p, n, 1);	/* only written */
}

int
fd_read_all(int fd, void *p, size_t n)
{
	return fd_all(fd, p, n, 0);
}

int
buf_read_n(struct buf *b, int fd, size_t n)
{
	if (buf_grow(b, n) < 0)
		return -1;
	while (n > 0) {
		ssize_t k = read(fd, b->data + b->len, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = 0;
			b->data[b->len] = '\0';
			return -1;
		}
		b->len += (size_t)k;
		n -= (size_t)k;
	}
	b->data[b->len] = '\0';
	return 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
buf_trim(struct buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && is_blank(b->data[start]))
		start++;
	while (end > start && is_blank(b->data[end - 1]))
		end--;
	if (start == 0 && end == b->len)
		return;
	memmove(b->data, b->data + start, end - start);
	b->len = end - start;
	b->data[b->len] = '\0';
}

int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, saved;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* struct buf: the one growable byte buffer (git strbuf's promises, curl
 * dynbuf's limit). data is never NULL and always NUL-terminated; len is
 * the truth, and embedded NULs are allowed. A buffer may carry a maximum
 * size: growing past it fails with errno EFBIG and leaves it unchanged,
 * because mail is hostile. */
#ifndef MAILGW_BUF_H
#define MAILGW_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max;	/* 0: no limit */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

/* Initialise an empty buffer that may grow to max bytes (0: no limit). */
void buf_init(struct buf *b, size_t max);
/* Free the memory and return to the state of buf_init, max kept. */
void buf_release(struct buf *b);
/* Hand the data over: the caller frees it; b is left empty. */
char *buf_detach(struct buf *b, size_t *len);
/* Make room for extra more bytes; -1 (EFBIG) past the maximum. */
int buf_grow(struct buf *b, size_t extra);

/* Cut to len bytes (no longer: a longer len leaves b as it is). */
static inline void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

static inline void
buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

/* buf_add when b must grow first. */
int buf_add_grow(struct buf *b, const void *data, size_t len);

/* Append len bytes (data may lie in b). Inline while they fit: a
 * scanner appends millions of short values. */
static inline int
buf_add(struct buf *b, const void *data, size_t len)
{
	if (len < b->alloc - b->len) {	/* alloc 0 (buf_empty): never */
		memmove(b->data + b->len, data, len);
		b->len += len;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_add_grow(b, data, len);
}

int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Read fd to its end. -1 with errno set on a read error, or EFBIG when
 * the data would pass the maximum (what was read so far stays in b). */
int buf_read_fd(struct buf *b, int fd);
/* Append exactly n bytes read from fd. -1 with errno set on a read
 * error, at end of file first (0), or past the maximum (EFBIG). */
int buf_read_n(struct buf *b, int fd, size_t n);

/* Plain descriptors: write all n bytes, or read exactly n (an early end
 * of file fails); a signal does not cut them short. 0, or -1. */
int fd_write_all(int fd, const void *p, size_t n);
int fd_read_all(int fd, void *p, size_t n);
/* Make the entries of directory dir durable (after a create or rename
 * in it); -1 with errno. */
int fsync_dir(const char *dir);

/* Remove white space at both ends. */
void buf_trim(struct buf *b);

#endif

/* Allocators that never return NULL: on exhaustion they print one line
 * and abort, so that no caller carries an out-of-memory path (OpenSMTPD's
 * xmalloc). Everything else reports errors to its caller. */
#ifndef MAILGW_XMALLOC_H
#define MAILGW_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
/* xcalloc's, starting at a cache line (64 bytes): a table whose slots
 * divide 64 bytes has none across two lines; one of 2 MB or more in
 * huge pages where the system has them. free() releases it. */
void *xcalloc_lines(size_t nmemb, size_t size);
/* The slots such a table of nmemb slots (a power of two) of size bytes
 * grows to: twice as many, or the most a huge page holds (a power of
 * two) when twice as many would fill a quarter of one or more but not
 * all of it. */
size_t lines_grow(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

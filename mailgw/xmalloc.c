#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static void __attribute__((noreturn))
oom(size_t size)
{
	fprintf(stderr, "mailgw: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xcalloc_lines(size_t nmemb, size_t size)
{
	size_t total;
	void *p;

	if (size && nmemb > (SIZE_MAX - 63) / size)
		oom(SIZE_MAX);
	total = (nmemb * size + 63) & ~(size_t)63;	/* a multiple of 64 */
	if ((p = aligned_alloc(64, total ? total : 64)) == NULL)
		oom(total);
	memset(p, 0, total);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t total;
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	total = nmemb * size;
	if ((p = realloc(ptr, total ? total : 1)) == NULL)
		oom(total);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom(0);
	va_end(ap);
	return p;
}

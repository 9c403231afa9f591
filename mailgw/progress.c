/* Progress lines on a terminal; see progress.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "progress.h"

#define PERIOD_NS 200000000L	/* five updates a second */

void
progress_init(struct progress *p, int on)
{
	memset(p, 0, sizeof(*p));
	p->on = on;
}

/* Write the line over the last one (ESC [ K clears what a longer one
 * left) and go back to its start, so that a warning written meanwhile
 * takes the line; control bytes (a file name's) are shown as '?'. */
static void
put(struct progress *p, const char *fmt, va_list ap, int end)
{
	char line[256];
	size_t i;

	vsnprintf(line, sizeof(line), fmt, ap);
	for (i = 0; line[i]; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	fprintf(stderr, "%s\033[K%c", line, end ? '\n' : '\r');
	fflush(stderr);
	p->shown = !end;
}

void
progress_show(struct progress *p, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	if (p == NULL || !p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < p->due.tv_sec || (now.tv_sec == p->due.tv_sec &&
	    now.tv_nsec < p->due.tv_nsec))
		return;
	p->due = now;
	p->due.tv_nsec += PERIOD_NS;
	if (p->due.tv_nsec >= 1000000000L) {
		p->due.tv_sec++;
		p->due.tv_nsec -= 1000000000L;
	}
	va_start(ap, fmt);
	put(p, fmt, ap, 0);
	va_end(ap);
}

void
progress_end(struct progress *p, const char *fmt, ...)
{
	va_list ap;

	if (p == NULL || !p->on)
		return;
	va_start(ap, fmt);
	put(p, fmt, ap, 1);
	va_end(ap);
	p->due = (struct timespec){ 0, 0 };	/* the next phase shows at once */
}

void
progress_stop(struct progress *p)
{
	if (p != NULL && p->shown) {
		fputs("\033[K", stderr);	/* the error's line, clean */
		p->shown = 0;
	}
}

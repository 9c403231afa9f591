/* How far a long run has got (a contact import of millions of objects):
 * one line on stderr, rewritten in place at most five times a second,
 * left standing with a newline when a phase ends. Only on a terminal:
 * logs, cron mail and the MTA's bounces never see it. */
#ifndef MAILGW_PROGRESS_H
#define MAILGW_PROGRESS_H

#include <time.h>

struct progress {
	int on;			/* stderr is a terminal */
	int shown;		/* a line is up and not ended */
	struct timespec due;	/* the next update is not shown before */
};

/* on: report at all (the caller's isatty(STDERR_FILENO)). */
void progress_init(struct progress *p, int on);
/* The line, now if its time has come (callers ask every few thousand
 * items: the clock is read on each call); the first of a phase at once. */
void progress_show(struct progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The line, now, ended: a phase's last word stays on the screen. */
void progress_end(struct progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A line left up (a phase that failed half way) cleared, so that an
 * error takes a clean line. Each takes p NULL: nothing. */
void progress_stop(struct progress *p);

#endif

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

/* Set once by log_init from the command line: process configuration. */
static int log_verbose;
static int log_syslog;

void
log_init(int verbose, int facility)
{
	log_verbose = verbose;
	log_syslog = !isatty(STDERR_FILENO);
	if (log_syslog)
		openlog("mailgw", LOG_PID, facility);
}

static void
vlog(int pri, int show, const char *fmt, va_list ap, const char *why)
{
	char line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (show) {
		if (why)
			fprintf(stderr, "mailgw: %s: %s\n", line, why);
		else
			fprintf(stderr, "mailgw: %s\n", line);
	}
	if (log_syslog) {
		if (why)
			syslog(pri, "%s: %s", line, why);
		else
			syslog(pri, "%s", line);
	}
}

void
log_warn(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, 1, fmt, ap, why);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, 1, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, log_verbose >= 1, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 2)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, log_verbose >= 2, fmt, ap, NULL);
	va_end(ap);
}

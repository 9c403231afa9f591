#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "charset.h"
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

/*
 * The message as one line of UTF-8, whatever it quotes: a hostile file
 * name, header or registry object must not start a line of its own in
 * the log or in the bounce the MTA makes of stderr, nor send a terminal
 * its escapes. Control characters and bytes that are not UTF-8 are
 * written as \xNN.
 */
static void
one_line(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n;

	while (*p && o + 5 < size) {
		n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (*p < 0x20 || *p == 0x7f || (n > 1 && (strnlen((const char *)
		    p, n) < n || !utf8_valid((const char *)p, n)))) {
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p++);
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
}

static void
vlog(int pri, int show, const char *fmt, va_list ap, const char *why)
{
	char raw[2048], line[4 * sizeof(raw)];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	one_line(raw, line, sizeof(line));
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

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "err.h"

int
err_set(struct errbuf *e, enum status st, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->status = st;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
err_prefix(struct errbuf *e, const char *fmt, ...)
{
	char ctx[256], old[sizeof(e->msg)];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	if (snprintf(e->msg, sizeof(e->msg), "%s: %s", ctx, old) >=
	    (int)sizeof(e->msg))
		e->msg[sizeof(e->msg) - 2] = '~';	/* mark the cut */
	return -1;
}

int
status_to_exit(enum status st)
{
	switch (st) {
	case ST_OK:
		return EX_OK;
	case ST_USAGE:
		return EX_USAGE;
	case ST_DATA:
	case ST_REFUSED:
		return EX_DATAERR;
	case ST_NOINPUT:
		return EX_NOINPUT;
	case ST_CANTCREAT:
		return EX_CANTCREAT;
	case ST_IOERR:
		return EX_IOERR;
	case ST_TEMPFAIL:
		return EX_TEMPFAIL;
	case ST_CONFIG:
		return EX_CONFIG;
	case ST_SOFTWARE:
		break;
	}
	return EX_SOFTWARE;
}

/* How modules report failure: they return -1 and fill a caller's
 * struct errbuf with a status (what kind of failure, which decides the
 * exit code) and one line of text, "<what>: <why>". Modules never print
 * and never exit; main.c maps the status to <sysexits.h> in one place. */
#ifndef MAILGW_ERR_H
#define MAILGW_ERR_H

enum status {
	ST_OK = 0,
	ST_USAGE,	/* bad command line: 64 */
	ST_DATA,	/* bad data: 65 */
	ST_REFUSED,	/* input the MTA must bounce (empty, too big): 65 */
	ST_NOINPUT,	/* a named input does not exist: 66 */
	ST_SOFTWARE,	/* our bug: 70 */
	ST_CANTCREAT,	/* cannot create an output file: 73 */
	ST_IOERR,	/* write error on an output stream: 74 */
	ST_TEMPFAIL,	/* transient: the MTA must retry later: 75 */
	ST_CONFIG,	/* bad configuration: 78 */
};

struct errbuf {
	enum status status;
	char msg[1024];
};

/* Set e (when not NULL) and return -1, so that "return err_set(...)"
 * reads as the failure it is. The message is truncated to fit. */
int err_set(struct errbuf *e, enum status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix what e says with more context: "ctx: <old message>". */
int err_prefix(struct errbuf *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The <sysexits.h> code of a status. */
int status_to_exit(enum status st);

#endif

/* Logging in OpenSMTPD's shape. Warnings and errors always go to stderr
 * as "mailgw: ..." (the MTA puts that line in a bounce); when stderr is
 * not a terminal they also go to syslog (LOG_MAIL). Info and debug go to
 * syslog when the MTA runs us, and to stderr with -v. Every message is
 * one line: control characters and bytes that are not UTF-8 in what it
 * quotes are written as \xNN. */
#ifndef MAILGW_LOG_H
#define MAILGW_LOG_H

/* verbose: 0 quiet, 1 info on stderr, 2 debug too. */
void log_init(int verbose, int facility);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/*
 * mailgw's helper programs (mailgw-smtp, mailgw-sign): beside the
 * running program (a build tree), else where make install put them.
 */
#ifndef MAILGW_LIBEXEC_H
#define MAILGW_LIBEXEC_H

/* The path of helper name (caller frees). */
char *libexec_path(const char *name);

/* Program name beside the running program (a build tree), else in dir
 * (caller frees). */
char *program_path(const char *name, const char *dir);

#endif

/* The text of a PDF a partner attaches, by pdftotext (poppler-utils), and
 * an Outlook message (.msg) as RFC 5322 mail, by msgconvert
 * (libemail-outlook-message-perl), each run as a child process: such
 * files are input hostile enough to be parsed outside the gateway's
 * process, under limits. */
#ifndef MAILGW_PDFTEXT_H
#define MAILGW_PDFTEXT_H

#include <stddef.h>

struct buf;

#define PDFTEXT_PROGRAM "/usr/bin/pdftotext"
#define PDFTEXT_SECONDS 20	/* a PDF's wall-clock time */

/* 1 when data[0..len) is a PDF: "%PDF-" within its first 1024 bytes. */
int pdftext_magic(const void *data, size_t len);

/*
 * The text of the PDF pdf[0..len), by program ("pdftotext -q -enc UTF-8
 * -eol unix - -"), appended to out, no more than max bytes. The child has
 * the PDF on its standard input, its output on a pipe, nothing else open,
 * an empty environment, and limits: CPU time, memory, no file written, no
 * core; it is killed after seconds, or when it has written max bytes.
 * 0: its text whole; 1: cut (at max or at the time limit) to its last
 * whole line; -1: no text, *why says why ("program not installed",
 * "exit 1: not a PDF it can read", "killed by signal 9").
 */
int pdftext(const char *program, const void *pdf, size_t len, size_t max,
    int seconds, struct buf *out, const char **why);

#define MSGTEXT_PROGRAM "/usr/bin/msgconvert"
#define MSGTEXT_SECONDS 20	/* a message's wall-clock time */

/* 1 when data[0..len) is an OLE2 compound file (an Outlook .msg is one). */
int msgtext_magic(const void *data, size_t len);

/* The Outlook message msg[0..len) as RFC 5322 mail, by program
 * ("msgconvert --outfile - /dev/stdin", the message in a file in memory
 * on its standard input), as pdftext does it. */
int msgtext(const char *program, const void *msg, size_t len, size_t max,
    int seconds, struct buf *out, const char **why);

#endif

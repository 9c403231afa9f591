/* How outgoing mail leaves, chosen by [transport] url: the local MTA's
 * sendmail ("sendmail:/usr/sbin/sendmail"), an SMTP server
 * ("smtp://host:587" with STARTTLS, "smtps://host:465"), or a maildir
 * ("maildir:/path": dry runs, the demo, and an MTA that picks mail up
 * from there). */
#ifndef MAILGW_TRANSPORT_H
#define MAILGW_TRANSPORT_H

#include <stddef.h>

struct conf;
struct errbuf;
struct transport;

/* 1 when url names a transport this version has, in a form it reads. */
int transport_url_valid(const char *url);

/* The transport of conf's [transport] section. -1 with ST_CONFIG when
 * its url names no transport this version has. */
int transport_open(struct transport **out, const struct conf *c,
    struct errbuf *e);
void transport_close(struct transport *t);

/* Hand raw (CRLF line ends) over for the recipients. -1 with ST_TEMPFAIL
 * when a later attempt may succeed, another status when it never will. */
int transport_send(struct transport *t, const char *envelope_from,
    const char *const *rcpts, size_t nrcpts, const char *raw, size_t len,
    struct errbuf *e);

#endif

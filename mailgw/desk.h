/* What changes a ticket, whoever asks: an analyst at the terminal
 * (cmd-ticket.c) or a staff member by signed mail (mailcmd.c). The rules
 * for each field live here once, and every change is audited with its
 * actor, inside the caller's transaction. */
#ifndef MAILGW_DESK_H
#define MAILGW_DESK_H

#include <stdint.h>

struct conf;
struct errbuf;
struct store;

/* NULL when field may take value, else why not ("is not new, open,
 * ..."). Fields: status, category, owner, priority ("" clears the last
 * three). */
const char *desk_field_refusal(const struct conf *conf, const char *field,
    const char *value);

/* Set a checked field. 1 done (*detail "field: old -> new", the caller
 * frees), 0 no such ticket, -1 on a store failure. */
int desk_set(struct store *s, int64_t ticket, const char *field,
    const char *value, const char *actor, char **detail, struct errbuf *e);

/* Add an internal note. 1 done, 0 no such ticket, -1 failure. */
int desk_note(struct store *s, int64_t ticket, const char *actor,
    const char *text, struct errbuf *e);

/* Merge ticket from into into. 1 done, 0 refused (*why: no such ticket,
 * merged already, itself; *which: the ticket it is about), -1 failure. */
#define DESK_NO_TICKET "no such ticket"
int desk_merge(struct store *s, const struct conf *conf, int64_t from,
    int64_t into, const char *actor, const char **why, int64_t *which,
    struct errbuf *e);

/* "12", "#12" or "[TAG #12]": the ticket id, or 0. */
int64_t desk_ticket_id(const char *s);

/* A date (2026-11-01) or an RFC 3339 UTC time (2026-11-01T08:00:00Z)
 * into out as the latter; a bare date given as an end (end_of_day) means
 * the end of that day. -1 when it is neither. */
int desk_parse_when(const char *s, int end_of_day, char out[32]);

#endif

/* A received message: its header fields parsed (libetpan) and decoded to
 * UTF-8. This is the only module that includes libetpan. Parsing never
 * fails: what cannot be parsed is left empty and described by
 * message_problem(), and the raw bytes are the caller's to keep. */
#ifndef MAILGW_MESSAGE_H
#define MAILGW_MESSAGE_H

#include <stddef.h>

#include "digest.h"

struct message;

/* Parse the header of raw[0..len). The message copies what it needs;
 * raw may be freed afterwards. Caller frees with message_free. */
struct message *message_parse(const char *raw, size_t len);
void message_free(struct message *m);

/* Getters: UTF-8 text without control characters, "" when absent; each
 * pointer is owned by m and valid until message_free. */
const char *message_subject(const struct message *m);
const char *message_from_addr(const struct message *m);
const char *message_from_name(const struct message *m);
const char *message_to(const struct message *m);	/* "a@b, c@d" */
const char *message_cc(const struct message *m);
const char *message_id(const struct message *m);	/* without <> */
const char *message_in_reply_to(const struct message *m);	/* first id */
size_t message_references_count(const struct message *m);
const char *message_reference(const struct message *m, size_t i);
/* The Date header in UTC, "2026-11-22T08:00:00Z"; NULL if absent or bad. */
const char *message_date(const struct message *m);
/* The first header field called name (case-insensitive), unfolded and
 * trimmed, or NULL. */
const char *message_header(const struct message *m, const char *name);
/* NULL when the header parsed cleanly, else what was wrong with it. */
const char *message_problem(const struct message *m);

/* SHA-256 of raw[0..len) without the trace fields that a re-delivery
 * adds or changes (an mbox "From " line, Received, Return-Path,
 * Delivered-To, X-Original-To): the idempotency key with Message-ID. */
void message_digest(const char *raw, size_t len,
    char hex[DIGEST_HEX_LEN + 1]);

/* 1 when raw holds nothing but white space. */
int message_is_blank(const char *raw, size_t len);

#endif

/* A received message: its header fields and its MIME tree parsed
 * (libetpan), transfer encodings undone, text decoded to UTF-8. This is
 * the only module that includes libetpan. Parsing never fails: what
 * cannot be parsed is left empty and described by message_problem(), and
 * the raw bytes are the caller's to keep. */
#ifndef MAILGW_MESSAGE_H
#define MAILGW_MESSAGE_H

#include <stddef.h>

#include "digest.h"

#include "buf.h"

struct message;

/* Bounds on what one message may make us do; 0 means the default. */
struct message_limits {
	size_t max_parts;	/* parts walked; the rest stay in the raw */
	int max_depth;		/* nesting of multiparts and messages */
	size_t max_attachment_size;	/* decoded; larger ones stay raw */
	const char *pdftotext;	/* reads PDFs' text; NULL: they are not */
	const char *msgconvert;	/* .msg files as mail; NULL: not read */
	int nested;		/* a mail attached as a file, in another:
				 * max_attachment_size is what is left */
};

#define MESSAGE_MAX_PARTS 1000
#define MESSAGE_MAX_DEPTH 32
#define MESSAGE_MAX_ATTACHMENT (32u * 1024 * 1024)

enum part_kind {
	PART_MULTIPART,		/* a multipart: its children follow */
	PART_MESSAGE,		/* message/rfc822: inner header, then its body */
	PART_TEXT,		/* text a reader sees inline */
	PART_HTML,		/* HTML shown inline; text is its readable form */
	PART_ATTACHMENT,	/* anything else, and text marked attachment */
};

/*
 * One part of the MIME tree, in depth-first order. Owned by the message,
 * valid until message_free. Offsets are into the raw bytes given to
 * message_parse: [raw_start, raw_start + raw_len) is the whole part
 * (header and body, as a signature covers it), [body_start, +body_len)
 * its encoded body.
 */
struct message_part {
	char path[256];		/* "1" the root, "1.2" its second child; the
				 * body of a message/rfc822 part P is P.1 */
	int depth;
	enum part_kind kind;
	const char *content_type;	/* lowercase "type/subtype" */
	const char *charset;	/* declared, lowercase, or NULL */
	int flowed;		/* format=flowed (RFC 3676): 1, and 2 with
				 * delsp=yes */
	const char *protocol;	/* multipart/signed and /encrypted: the
				 * protocol parameter, lowercase, or NULL */
	const char *encoding;	/* "7bit", "base64", ... */
	const char *disposition;	/* "inline", "attachment", or NULL */
	const char *filename;	/* decoded and sanitized, or NULL */
	size_t raw_start, raw_len;
	size_t body_start, body_len;
	struct buf data;	/* transfer-decoded body of a leaf */
	const char *text;	/* UTF-8 a reader sees (text, HTML, text
				 * attachments), or NULL */
	/* message/rfc822: the forwarded message's header, decoded. */
	const char *inner_from, *inner_subject, *inner_message_id;
	const char *inner_date;
	/* Its Reply-To's addresses in another domain than its From's,
	 * "a@b, c@d", or NULL (not stored): where a phish or a scam
	 * collects the replies. Not a list's (its mail has a List-Id); not
	 * its From, To or Cc (a phish's From is most often a brand it
	 * forges, and a victim's report forwarded by their company's desk
	 * has the victim's). */
	const char *inner_reply_to;
	const char *problem;	/* NULL, or what was wrong with the part */
};

/* Parse raw[0..len): its header and its MIME tree, within limits (NULL:
 * the defaults). The message copies what it needs; raw may be freed
 * afterwards. Never fails; see message_problem(). Caller frees with
 * message_free. */
struct message *message_parse(const char *raw, size_t len,
    const struct message_limits *limits);
void message_free(struct message *m);

/* "multipart", "message", "text", "html", "attachment". */
const char *message_kind_name(enum part_kind kind);

size_t message_part_count(const struct message *m);
const struct message_part *message_part(const struct message *m, size_t i);

/* Getters: UTF-8 text without control characters, "" when absent; each
 * pointer is owned by m and valid until message_free. */
const char *message_subject(const struct message *m);
const char *message_from_addr(const struct message *m);
const char *message_from_name(const struct message *m);
/* Mailboxes in From, over every From field: 1 for a well-formed message;
 * 0 when there is none or it did not parse. */
size_t message_from_count(const struct message *m);
/* The Sender address: NULL when there is no Sender, "" when it does not
 * parse. Caller frees. */
char *message_sender_addr(const struct message *m);
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
/* 1 when raw starts as a saved message or an mbox does: an mbox From_
 * line or none, well-formed header fields with From and one of Date,
 * Message-ID, Received, MIME-Version, Return-Path or Subject, the empty
 * line, and more after it. */
int message_looks_saved(const char *raw, size_t len);

/* How many messages raw holds as an mbox: 0 when it does not start
 * with a From_ line, 1, or 2 for more than one (another From_ line at
 * a line's start). */
int message_mbox_count(const char *raw, size_t len);

/* Each message of an mbox file, read with libetpan's mbox driver, in
 * order: fn with its bytes, its number (from 1) and its From_ line (the
 * envelope sender is there). A non-zero return from fn stops the walk
 * and is returned; -1 with e set when the file is no mbox libetpan can
 * read (ST_NOINPUT: none there) or a message in it cannot be read. */
struct errbuf;
typedef int (*message_mbox_fn)(const char *raw, size_t len, unsigned n,
    const char *from_line, size_t from_len, void *arg);
int message_mbox_each(const char *path, message_mbox_fn fn, void *arg,
    struct errbuf *e);

#endif

/* Threading: which ticket a message belongs to. The tag and subject
 * functions are pure; thread_find asks the store. */
#ifndef MAILGW_THREAD_H
#define MAILGW_THREAD_H

#include <stdint.h>

struct errbuf;
struct message;
struct store;

/* The first "[TAG #N]" in subject (TAG case-insensitive, blanks allowed
 * around '#'): 1 and *id, or 0. */
int thread_tag_find(const char *subject, const char *tag, int64_t *id);

/* The subject without our tags and without leading reply and forward
 * prefixes (Re:, Fwd:, AW:, 回复: ...), blanks collapsed. Caller frees. */
char *thread_subject_clean(const char *subject, const char *tag);

/* How a message found its ticket. */
enum thread_how {
	THREAD_NEW = 0,
	THREAD_TAG,
	THREAD_IN_REPLY_TO,
	THREAD_REFERENCES,
};

const char *thread_how_name(enum thread_how how);

/* Find the ticket of m: our tag in the subject naming a ticket that
 * exists, else In-Reply-To, else References (newest first) naming a
 * stored message. 1 with *ticket and *how, 0 when it opens a new one. */
int thread_find(struct store *s, const struct message *m, const char *tag,
    int64_t *ticket, enum thread_how *how, struct errbuf *e);

#endif

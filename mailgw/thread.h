/* Threading: which ticket a message belongs to. The tag and subject
 * functions are pure; thread_find asks the store. */
#ifndef MAILGW_THREAD_H
#define MAILGW_THREAD_H

#include <stdint.h>

struct errbuf;
struct message;
struct store;
struct thread;

/* The first "[TAG #N]" in subject (TAG case-insensitive, blanks allowed
 * around '#'): 1 and *id, or 0. */
int thread_tag_find(const char *subject, const char *tag, int64_t *id);

/* The subject without our tags and without leading reply and forward
 * prefixes (Re:, Fwd:, AW:, 回复: ...), blanks collapsed. Caller frees. */
char *thread_subject_clean(const char *subject, const char *tag);

/* The reference a partner's pattern (POSIX ERE, case-insensitive) finds
 * in subject: its first group when it has one, else the whole match.
 * 1 with *ref (caller frees), 0 when none, -1 when the pattern is bad. */
int thread_ref_match(const char *subject, const char *pattern, char **ref);

/* subject without the reference pattern finds when that reference
 * stands in brackets ("[AUSCERT #4711] Phishing" -> "Phishing"); a bare
 * reference is part of the sentence and stays. Caller frees. */
char *thread_subject_strip_ref(const char *subject, const char *pattern);

/* The subject a new ticket gets for m: thread_subject_clean, and every
 * partner's bracketed reference stripped. Caller frees. */
char *thread_ticket_subject(struct thread *t, const struct message *m);

/* How a message found its ticket. */
enum thread_how {
	THREAD_NEW = 0,
	THREAD_TAG,
	THREAD_IN_REPLY_TO,
	THREAD_REFERENCES,
	THREAD_PARTNER_REF,
	THREAD_TOKEN,		/* the reply token of a notification */
};

const char *thread_how_name(enum thread_how how);

/* Threading one message against the store: our tag and the partners'
 * reference patterns (read and compiled once, at thread_open). */
struct thread;

int thread_open(struct thread **out, struct store *s, const char *tag,
    struct errbuf *e);
void thread_close(struct thread *t);

/* Find the ticket of m: our tag in the subject naming a ticket that
 * exists, else In-Reply-To, else References (newest first) naming a
 * stored message, else a partner's reference mapped to a ticket. 1 with
 * *ticket and *how, 0 when it opens a new one. */
int thread_find(struct thread *t, const struct message *m, int64_t *ticket,
    enum thread_how *how, struct errbuf *e);

/* When m comes from a partner's address and its subject carries that
 * partner's reference, map the reference to ticket (first mapping wins;
 * a reference is bound to its partner). */
int thread_record_ref(struct thread *t, const struct message *m,
    int64_t ticket, int64_t message, struct errbuf *e);

#endif

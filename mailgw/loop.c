/*
 * No automatic reply to what is itself automatic, to lists, to bounces,
 * to mail daemons or to ourselves: RFC 3834 section 2 and the usual
 * practice of ticket systems. Each rule is one test in loop_refusal.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "loop.h"
#include "message.h"

/* The first word of a header's value, compared without case. */
static int
first_word_is(const char *v, const char *const *words)
{
	size_t n;

	v += strspn(v, " \t");
	n = strcspn(v, " \t;(");
	for (; *words; words++)
		if (strlen(*words) == n && strncasecmp(v, *words, n) == 0)
			return 1;
	return 0;
}

/* The local part of addr, without a "+detail", is name. */
static int
local_part_is(const char *addr, const char *name)
{
	size_t n = strcspn(addr, "+@");

	return addr[n] != '\0' && strlen(name) == n &&
	    strncasecmp(addr, name, n) == 0;
}

/* addr is ours: our address, or it with a "+detail" in the local part. */
static int
is_ours(const char *addr, const char *ours)
{
	const char *at = strrchr(addr, '@'), *oat = strrchr(ours, '@');
	size_t lp = oat ? (size_t)(oat - ours) : 0;

	if (at == NULL || oat == NULL || strcasecmp(at, oat) != 0)
		return 0;
	return strncasecmp(addr, ours, lp) == 0 &&
	    (addr[lp] == '@' || addr[lp] == '+');
}

static int
is_daemon(const char *addr)
{
	return local_part_is(addr, "mailer-daemon") ||
	    local_part_is(addr, "postmaster") || local_part_is(addr, "noreply") ||
	    local_part_is(addr, "no-reply");
}

const char *
loop_refusal(const struct message *m, const char *envelope_sender,
    const char *our_address)
{
	static const char *const no[] = { "no", NULL };
	static const char *const bulk[] = { "bulk", "junk", "list", NULL };
	static const char *const suppress[] = { "all", "autoreply", "oof", NULL };
	const char *v, *from = message_from_addr(m);

	if ((v = message_header(m, "Auto-Submitted")) && !first_word_is(v, no))
		return "Auto-Submitted";
	if ((v = message_header(m, "Precedence")) && first_word_is(v, bulk))
		return "Precedence bulk, junk or list";
	if (message_header(m, "List-Id"))
		return "List-Id";
	if ((v = message_header(m, "X-Auto-Response-Suppress")) &&
	    (strcasestr(v, suppress[0]) || strcasestr(v, suppress[1]) ||
	    strcasestr(v, suppress[2])))
		return "X-Auto-Response-Suppress";
	if ((v = message_header(m, "Return-Path")) &&
	    strcmp(v + strspn(v, " \t"), "<>") == 0)
		return "empty Return-Path";
	if (envelope_sender && envelope_sender[0] == '\0')
		return "empty envelope sender";
	if (from[0] == '\0')
		return "no sender address";
	if (is_daemon(from) || (envelope_sender && is_daemon(envelope_sender)))
		return "sender is a mail daemon";
	if (is_ours(from, our_address) ||
	    (envelope_sender && is_ours(envelope_sender, our_address)))
		return "sender is this desk";
	return NULL;
}

/*
 * The ticket operations both the terminal and signed staff mail use.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "charset.h"
#include "desk.h"
#include "err.h"
#include "store.h"
#include "xmalloc.h"

static int
in_list(const char *value, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(value, list[i]) == 0)
			return 1;
	return 0;
}

const char *
desk_field_refusal(const struct conf *conf, const char *field,
    const char *value)
{
	static const char *const statuses[] = {
		"new", "open", "stalled", "resolved", "rejected", NULL,
	};
	static const char *const priorities[] = {
		"low", "normal", "high", "critical", NULL,
	};
	size_t i;

	if (strcmp(field, "status") == 0)
		return in_list(value, statuses) ? NULL :
		    "is not new, open, stalled, resolved or rejected";
	if (strcmp(field, "priority") == 0)
		return *value == '\0' || in_list(value, priorities) ? NULL :
		    "is not low, normal, high or critical";
	if (strcmp(field, "category") == 0) {
		for (i = 0; i < conf->ncategories; i++)
			if (strcmp(value, conf->categories[i]) == 0)
				return NULL;
		return *value ? "is not a category of [desk] categories" : NULL;
	}
	if (strcmp(field, "takedown") == 0) {
		static const char *const states[] = {
			"requested", "acknowledged", "done", "refused", NULL,
		};

		return *value == '\0' || in_list(value, states) ? NULL :
		    "is not requested, acknowledged, done or refused";
	}
	if (strcmp(field, "owner") == 0) {
		if (strlen(value) > 64)
			return "is longer than 64 bytes";
		for (i = 0; value[i]; i++)
			if ((unsigned char)value[i] <= ' ' || value[i] == 0x7f)
				return "holds blanks or control characters";
		return utf8_valid(value, i) ? NULL : "is not UTF-8";
	}
	return "is no field (status, category, owner, priority, takedown)";
}

int
desk_set(struct store *s, int64_t ticket, const char *field,
    const char *value, const char *actor, char **detail, struct errbuf *e)
{
	char *old = NULL;
	int rc;

	*detail = NULL;
	rc = store_ticket_set(s, ticket, field, *value ? value : NULL, &old, e);
	if (rc <= 0)
		return rc;
	*detail = xasprintf("%s: %s -> %s", field, old ? old : "-",
	    *value ? value : "-");
	free(old);
	if (store_audit(s, ticket, actor, "ticket.set", *detail, e) < 0) {
		free(*detail);
		*detail = NULL;
		return -1;
	}
	return 1;
}

int
desk_note(struct store *s, int64_t ticket, const char *actor,
    const char *text, struct errbuf *e)
{
	char status[16];
	int rc;

	rc = store_ticket_status(s, ticket, status, sizeof(status), e);
	if (rc <= 0)
		return rc;
	if (store_note_add(s, ticket, actor, text, e) < 0 ||
	    store_audit(s, ticket, actor, "ticket.comment", "internal note",
	    e) < 0)
		return -1;
	return 1;
}

/* Why id cannot take part in a merge, or NULL; *rc -1 on a failure. */
static const char *
merge_refusal(struct store *s, int64_t id, int *rc, struct errbuf *e)
{
	char status[16];
	int64_t further;

	*rc = store_ticket_status(s, id, status, sizeof(status), e);
	if (*rc == 0)
		return DESK_NO_TICKET;
	if (*rc > 0 && (*rc = store_ticket_merged_into(s, id, &further, e)) > 0)
		return "it is merged into another already";
	return NULL;
}

int
desk_merge(struct store *s, const struct conf *conf, int64_t from,
    int64_t into, const char *actor, const char **why, int64_t *which,
    struct errbuf *e)
{
	int64_t id[2] = { from, into };
	char *d1, *d2;
	int i, rc = 0;

	*why = NULL;
	*which = from;
	if (from == into) {
		*why = "a ticket cannot be merged into itself";
		return 0;
	}
	for (i = 0; i < 2 && *why == NULL; i++) {
		*which = id[i];
		if ((*why = merge_refusal(s, id[i], &rc, e)) == NULL && rc < 0)
			return -1;
	}
	if (*why)
		return rc < 0 ? -1 : 0;
	d1 = xasprintf("merged into [%s #%" PRId64 "]", conf->tag, into);
	d2 = xasprintf("[%s #%" PRId64 "] merged into this ticket", conf->tag,
	    from);
	rc = store_ticket_merge(s, from, into, e) < 0 ||
	    store_audit(s, from, actor, "ticket.merge", d1, e) < 0 ||
	    store_audit(s, into, actor, "ticket.merge", d2, e) < 0 ? -1 : 1;
	free(d1);
	free(d2);
	return rc;
}

int64_t
desk_ticket_id(const char *s)
{
	const char *hash;
	char *end;
	long long v;

	s += strspn(s, "[ ");
	if (*s != '#' && (*s < '0' || *s > '9') && (hash = strchr(s, '#')))
		s = hash;
	if (*s == '#')
		s++;
	v = strtoll(s, &end, 10);
	if (end == s || v <= 0 || (*end != '\0' && strcmp(end, "]") != 0))
		return 0;
	return v;
}

int
desk_parse_when(const char *s, int end_of_day, char out[32])
{
	struct tm tm = { 0 };
	const char *rest;
	time_t t;

	if ((rest = strptime(s, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*rest == '\0') {
		t = timegm(&tm) + (end_of_day ? 86400 : 0);
	} else if ((rest = strptime(rest, "T%H:%M:%S", &tm)) != NULL &&
	    (strcmp(rest, "Z") == 0 || *rest == '\0')) {
		t = timegm(&tm);
	} else
		return -1;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

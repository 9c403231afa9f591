/*
 * Commands at the top of a staff member's signed mail.
 *
 * The command block is the first lines of the first text part a reader
 * sees (after the armor header of a clear-signed block), up to the first
 * line that is not "word: value". It is a command block only when its
 * first word is a command, so "Hi all:" starts no block; inside one, an
 * unknown word is an error. Every line is checked before any is applied:
 * one bad line and none is (a reply lists what was wrong).
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ack.h"
#include "buf.h"
#include "conf.h"
#include "desk.h"
#include "err.h"
#include "log.h"
#include "mailcmd.h"
#include "message.h"
#include "pgp.h"
#include "store.h"
#include "trust.h"
#include "xmalloc.h"

#define MAX_COMMANDS 32

static const char *const commands[] = {
	"status", "category", "owner", "priority", "takedown", "merge",
	"comment", NULL,
};

struct command {
	char *line;		/* as written, for the reply */
	char key[16];
	char *value;
	const char *why;	/* NULL when it may be applied */
	int64_t target;		/* merge */
};

static int
is_command(const char *key)
{
	size_t i;

	for (i = 0; commands[i]; i++)
		if (strcmp(key, commands[i]) == 0)
			return 1;
	return 0;
}

/* The text the commands are read from: the first text part a reader
 * sees, past a clear-signed block's armor header. */
static const char *
command_text(const struct pgp_result *r)
{
	static const char armor[] = "-----BEGIN PGP SIGNED MESSAGE-----";
	const char *t, *blank;
	size_t i;

	for (i = 0; i < r->nparts; i++) {
		if (!r->parts[i].content || r->parts[i].part->kind != PART_TEXT ||
		    (t = r->parts[i].part->text) == NULL)
			continue;
		while (*t == '\n' || *t == '\r' || *t == ' ' || *t == '\t')
			t++;
		if (strncmp(t, armor, sizeof(armor) - 1) == 0 &&
		    (blank = strstr(t, "\n\n")) != NULL)
			t = blank + 2;
		return t;
	}
	return NULL;
}

/* "word: value" at p (one line, to eol): key lowercased into key. */
static int
split_line(const char *p, const char *eol, char key[16], const char **value)
{
	size_t n = 0;

	while (p + n < eol && n < 15 && isalpha((unsigned char)p[n])) {
		key[n] = (char)tolower((unsigned char)p[n]);
		n++;
	}
	key[n] = '\0';
	if (n == 0 || p + n >= eol || p[n] != ':')
		return 0;
	p += n + 1;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	*value = p;
	return 1;
}

/* Read the command block of text into cmd[]; *rest: what follows it. */
static size_t
parse(const char *text, struct command *cmd, const char **rest)
{
	const char *p = text, *eol, *value;
	char key[16];
	size_t n = 0, len;

	while (*p && n < MAX_COMMANDS) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (!split_line(p, p + len, key, &value) ||
		    (n == 0 && !is_command(key)))
			break;
		cmd[n].line = xstrndup(p, len);
		snprintf(cmd[n].key, sizeof(cmd[n].key), "%s", key);
		cmd[n].value = xstrndup(value, (size_t)(p + len - value));
		cmd[n].why = NULL;
		cmd[n].target = 0;
		n++;
		p = *eol ? eol + 1 : eol;
	}
	*rest = p;
	return n;
}

/* Check every command; 0 when all may be applied, else how many may
 * not. -1 on a store failure. */
static int
check(struct store *s, const struct conf *conf, int64_t ticket,
    struct command *cmd, size_t n, const char *rest, struct errbuf *e)
{
	char status[16];
	int64_t further;
	size_t i;
	int bad = 0, rc;

	for (i = 0; i < n; i++) {
		struct command *c = &cmd[i];

		if (!is_command(c->key))
			c->why = "is no command (status, category, owner, "
			    "priority, takedown, merge, comment)";
		else if (strcmp(c->key, "comment") == 0)
			c->why = c->value[0] || rest[strspn(rest, " \t\r\n")] ?
			    NULL : "says nothing";
		else if (strcmp(c->key, "merge") == 0) {
			if ((c->target = desk_ticket_id(c->value)) == 0)
				c->why = "is not a ticket number";
			else if (c->target == ticket)
				c->why = "is this ticket";
			else if ((rc = store_ticket_status(s, c->target, status,
			    sizeof(status), e)) < 0)
				return -1;
			else if (rc == 0)
				c->why = "is no ticket";
			else if ((rc = store_ticket_merged_into(s, c->target,
			    &further, e)) < 0)
				return -1;
			else if (rc > 0)
				c->why = "is merged into another ticket already";
		} else
			c->why = desk_field_refusal(conf, c->key, c->value);
		bad += c->why != NULL;
	}
	return bad;
}

static int
apply(struct store *s, const struct conf *conf, int64_t ticket,
    struct command *cmd, size_t n, const char *rest, const char *actor,
    struct errbuf *e)
{
	const char *why;
	char *detail;
	int64_t which;
	size_t i;
	int rc = 1;

	for (i = 0; rc > 0 && i < n; i++) {
		struct command *c = &cmd[i];

		if (strcmp(c->key, "merge") == 0) {
			rc = desk_merge(s, conf, ticket, c->target, actor, &why,
			    &which, e);
			if (rc == 0)
				log_warnx("receive: merge: ticket %" PRId64
				    ": %s", which, why);
			rc = rc < 0 ? -1 : 1;
		} else if (strcmp(c->key, "comment") == 0) {
			struct buf note = BUF_INIT;

			buf_addstr(&note, c->value);
			if (c->value[0] == '\0')
				buf_addstr(&note, rest);
			buf_trim(&note);
			rc = desk_note(s, ticket, actor, note.data, e);
			buf_release(&note);
		} else {
			rc = desk_set(s, ticket, c->key, c->value, actor,
			    &detail, e);
			free(detail);
		}
	}
	return rc < 0 ? -1 : 0;
}

/* Would a reader take this for commands? (For the audit trail of mail
 * that carried them without the right to.) */
static size_t
count_commands(const struct pgp_result *r)
{
	struct command cmd[MAX_COMMANDS];
	const char *text = command_text(r), *rest;
	size_t n, i;

	if (text == NULL)
		return 0;
	n = parse(text, cmd, &rest);
	for (i = 0; i < n; i++) {
		free(cmd[i].line);
		free(cmd[i].value);
	}
	return n;
}

int
mailcmd_run(struct store *s, const struct conf *conf, const struct message *m,
    const struct pgp_result *r, const struct trust *tr, int64_t ticket,
    const char *envelope_sender, int64_t *outbox, struct errbuf *e)
{
	struct command cmd[MAX_COMMANDS];
	struct ack_error errors[MAX_COMMANDS];
	const char *text, *rest;
	char *actor, *detail;
	size_t n, i, nerr = 0;
	int rc, bad;

	if (strcmp(tr->role, "staff") != 0) {
		if ((n = count_commands(r)) == 0)
			return 0;
		detail = xasprintf("%zu command line(s) kept as text, not "
		    "applied: %s", n, tr->why ? tr->why : "not verified");
		rc = store_audit(s, ticket, "mail", "command.ignored", detail, e);
		free(detail);
		return rc;
	}
	if ((text = command_text(r)) == NULL ||
	    (n = parse(text, cmd, &rest)) == 0)
		return 0;
	actor = xasprintf("staff:%s key:%s", tr->name, tr->key);
	bad = check(s, conf, ticket, cmd, n, rest, e);
	if (bad == 0)
		rc = apply(s, conf, ticket, cmd, n, rest, actor, e);
	else if (bad < 0)
		rc = -1;
	else {
		for (i = 0; i < n; i++)
			if (cmd[i].why)
				errors[nerr++] = (struct ack_error){ cmd[i].line,
				    cmd[i].why };
		detail = xasprintf("%d of %zu command(s) refused, none applied",
		    bad, n);
		rc = store_audit(s, ticket, actor, "command.refused", detail, e);
		free(detail);
		if (rc == 0)
			rc = ack_command_errors(s, conf, m, ticket,
			    envelope_sender, errors, nerr, outbox, e);
	}
	if (rc == 0)
		log_info("receive: %zu command(s) from staff %s: %s", n, tr->name,
		    bad ? "refused" : "applied");
	for (i = 0; i < n; i++) {
		free(cmd[i].line);
		free(cmd[i].value);
	}
	free(actor);
	return rc;
}

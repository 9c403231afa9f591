/*
 * mailgw partner | staff: who we correspond with. A partner is an
 * organisation (a CERT, a carrier, a bank) with addresses, PGP keys and
 * optionally the pattern of its own ticket references; staff are the
 * desk's analysts with theirs. Both are managed the same way.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "cmd.h"
#include "jstream.h"
#include "pgp.h"
#include "store.h"
#include "thread.h"
#include "xmalloc.h"

#define MAX_VALUES 32

/* 1 to 100 bytes of UTF-8 (names go into JSON, reports and the audit
 * log), no control characters. */
static int
name_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 100 || !utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

struct add_args {
	const char *name, *regex;
	const char *emails[MAX_VALUES];
	char keys[MAX_VALUES][41];
	size_t nemails, nkeys;
};

static enum status
parse_add(int argc, char **argv, const char *role, struct add_args *a,
    struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "key", required_argument, NULL, 'k' },
		{ "ref-regex", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	char *ref;
	int ch;

	while ((ch = getopt_long(argc, argv, ":e:k:r:", opts, NULL)) != -1) {
		if (ch == 'e' && a->nemails < MAX_VALUES && addr_valid(optarg))
			a->emails[a->nemails++] = optarg;
		else if (ch == 'k' && a->nkeys < MAX_VALUES &&
		    pgp_fingerprint_norm(optarg, a->keys[a->nkeys]))
			a->nkeys++;
		else if (ch == 'r' && strcmp(role, "partner") == 0)
			a->regex = optarg;
		else if (ch == 'r')
			return cmd_usage(ctx, "staff add: --ref-regex is for "
			    "partners");
		else if (ch == '?' || ch == ':')
			return cmd_bad_option(ctx, strcmp(role, "partner") == 0 ?
			    "partner add" : "staff add", ch, argv);
		else if ((ch == 'e' && a->nemails == MAX_VALUES) ||
		    (ch == 'k' && a->nkeys == MAX_VALUES))
			return cmd_usage(ctx, "%s add: at most %d addresses and "
			    "%d keys at a time", role, MAX_VALUES, MAX_VALUES);
		else if (ch == 'e')
			return cmd_usage(ctx, "%s add: --email: '%s' is not an "
			    "e-mail address", role, optarg);
		else
			return cmd_usage(ctx, "%s add: --key: '%s' is not a key "
			    "fingerprint (40 hex digits)", role, optarg);
	}
	if (optind + 1 != argc)
		return cmd_usage(ctx, "%s add: expected one NAME", role);
	if (!name_valid(argv[optind]))
		return cmd_usage(ctx, "%s add: a NAME is 1 to 100 bytes of "
		    "UTF-8 without control characters", role);
	a->name = argv[optind];
	if (a->regex && thread_ref_match("", a->regex, &ref) < 0)
		return cmd_usage(ctx, "%s add: '%s' is not a POSIX extended "
		    "regular expression", role, a->regex);
	return ST_OK;
}

static enum status
correspondent_add(int argc, char **argv, const char *role, struct ctx *ctx)
{
	struct add_args a = { 0 };
	struct store *s = ctx->store;
	char actor[128], *detail;
	int64_t id;
	int created, rc;
	size_t i;
	enum status st;

	if ((st = parse_add(argc, argv, role, &a, ctx)) != ST_OK)
		return st;
	if (store_begin(s, &ctx->err) < 0)
		return ctx->err.status;
	rc = store_correspondent_add(s, role, a.name, a.regex, &id, &created,
	    &ctx->err);
	for (i = 0; rc == 0 && i < a.nemails; i++)
		rc = store_correspondent_bind(s, id, "address", a.emails[i],
		    &ctx->err);
	for (i = 0; rc == 0 && i < a.nkeys; i++)
		rc = store_correspondent_bind(s, id, "key", a.keys[i], &ctx->err);
	if (rc == 0) {
		cmd_actor(actor, sizeof(actor));
		detail = xasprintf("%s %s: %zu address(es), %zu key(s)%s%s",
		    created ? "added" : "extended", a.name, a.nemails, a.nkeys,
		    a.regex ? ", references " : "", a.regex ? a.regex : "");
		rc = store_audit(s, 0, actor, created ? "correspondent.add" :
		    "correspondent.extend", detail, &ctx->err);
		free(detail);
	}
	if (rc < 0 || store_commit(s, &ctx->err) < 0) {
		store_rollback(s);
		err_prefix(&ctx->err, "%s add", role);
		return ctx->err.status;
	}
	printf("%s %s %s\n", role, a.name, created ? "added" : "updated");
	return ST_OK;
}

static int
list_one(const struct store_correspondent *c, void *arg)
{
	json_t *array = arg;

	if (array)	/* NULL only when memory ran out: then no list */
		return json_array_append_new(array, json_pack("{s:o, s:o, s:o, "
		    "s:o, s:s}", "name", jstr(c->name), "emails",
		    jstr(c->addresses), "keys", jstr(c->keys), "ref_regex",
		    jstr(c->ref_regex), "created", c->created));
	printf("%s\n  emails: %s\n  keys:   %s\n", c->name,
	    c->addresses[0] ? c->addresses : "-", c->keys[0] ? c->keys : "-");
	if (c->ref_regex)
		printf("  references: %s\n", c->ref_regex);
	return 0;
}

/* "a b c" as a JSON array, in place of the string. */
static void
split_field(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	json_t *a = json_array();
	const char *p = s, *sp;

	while (p && *p) {
		sp = strchr(p, ' ');
		json_array_append_new(a, json_stringn(p, sp ? (size_t)(sp - p) :
		    strlen(p)));
		p = sp ? sp + 1 : NULL;
	}
	json_object_set_new(obj, key, a);
}

static enum status
correspondent_list(int argc, char **argv, const char *role, struct ctx *ctx)
{
	json_t *array = NULL, *v;
	size_t i;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		array = json_array();
	else if (argc != 1)
		return cmd_usage(ctx, "%s list: unexpected argument", role);
	if (store_correspondent_list(ctx->store, role, list_one, array,
	    &ctx->err) < 0) {
		json_decref(array);
		if (ctx->err.status == ST_OK)	/* list_one's */
			err_set(&ctx->err, ST_TEMPFAIL, "%s list: out of memory "
			    "making the JSON answer", role);
		return ctx->err.status;
	}
	if (array) {
		json_array_foreach(array, i, v) {
			split_field(v, "emails");
			split_field(v, "keys");
		}
		json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(array);
	}
	return ST_OK;
}

static enum status
correspondent_remove(int argc, char **argv, const char *role, struct ctx *ctx)
{
	char actor[128], *detail;
	int rc;

	if (argc != 2)
		return cmd_usage(ctx, "%s remove: expected one NAME", role);
	if (store_begin(ctx->store, &ctx->err) < 0)
		return ctx->err.status;
	rc = store_correspondent_remove(ctx->store, role, argv[1], &ctx->err);
	if (rc > 0) {
		cmd_actor(actor, sizeof(actor));
		detail = xasprintf("removed %s", argv[1]);
		if (store_audit(ctx->store, 0, actor, "correspondent.remove",
		    detail, &ctx->err) < 0)
			rc = -1;
		free(detail);
	}
	if (rc <= 0 || store_commit(ctx->store, &ctx->err) < 0) {
		store_rollback(ctx->store);
		if (rc == 0)
			err_set(&ctx->err, ST_NOINPUT, "%s remove: no %s named "
			    "'%s'", role, role, argv[1]);
		return ctx->err.status;
	}
	printf("%s %s removed\n", role, argv[1]);
	return ST_OK;
}

enum status
cmd_partner(int argc, char **argv, struct ctx *ctx)
{
	const char *role = strcmp(argv[0], "staff") == 0 ? "staff" : "partner";

	if (argc < 2)
		return cmd_usage(ctx, "%s: expected add, list or remove", role);
	if (strcmp(argv[1], "add") == 0)
		return correspondent_add(argc - 1, argv + 1, role, ctx);
	if (strcmp(argv[1], "list") == 0)
		return correspondent_list(argc - 1, argv + 1, role, ctx);
	if (strcmp(argv[1], "remove") == 0)
		return correspondent_remove(argc - 1, argv + 1, role, ctx);
	return cmd_usage(ctx, "%s: unknown subcommand '%s'", role, argv[1]);
}

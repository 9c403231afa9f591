#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "addr.h"
#include "conf.h"
#include "pdftext.h"
#include "err.h"
#include "pgp.h"
#include "transport.h"
#include "xmalloc.h"

#define DEFAULT_MAX_MESSAGE_SIZE (64u * 1024 * 1024)
#define DEFAULT_BUSY_TIMEOUT_MS 30000

struct load_ctx {
	struct conf *conf;
	struct errbuf *e;
	int failed;
};

/* Where the embedded defaults keep state: the local state directory for
 * root (the MTA's setup), else the user's XDG state directory, so that
 * anybody can try mailgw without a configuration. */
static char *
default_state_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (geteuid() == 0)
		return xstrdup(LOCALSTATEDIR "/lib/mailgw");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/mailgw", xdg);
	if (home && home[0] == '/')
		return xasprintf("%s/.local/state/mailgw", home);
	return xstrdup(LOCALSTATEDIR "/lib/mailgw");
}

static void append_words(char ***v, size_t *n, const char *value);

static void
set_defaults(struct conf *c)
{
	char *state = default_state_dir();

	c->address = xstrdup("cert@localhost");
	c->tag = xstrdup("CERT");
	c->database = xasprintf("%s/mailgw.db", state);
	c->database_default = 1;
	c->gnupghome = xasprintf("%s/gnupg", state);
	c->templates = xstrdup(PKGDATADIR "/templates");
	c->ack = 1;
	c->notify_interval = 7 * 86400;
	c->ack_daily_limit = 3;
	append_words(&c->categories, &c->ncategories, "phishing malware ddos "
	    "defacement scanning vulnerability spam fraud other");
	c->max_message_size = DEFAULT_MAX_MESSAGE_SIZE;
	c->max_parts = 1000;
	c->max_depth = 32;
	c->max_attachment_size = 32u * 1024 * 1024;
	c->pdftotext = xstrdup(PDFTEXT_PROGRAM);
	c->msgconvert = xstrdup(MSGTEXT_PROGRAM);
	c->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
	c->transport_url = xasprintf("maildir:%s/outbox", state);
	c->smtp_timeout = 60;
	free(state);
}

struct unit {
	const char *suffix;
	unsigned long long mul;
};

/* A decimal number with one of units' suffixes, scaled, at most max. */
static int
parse_scaled(const char *s, const struct unit *units, unsigned long long max,
    unsigned long long *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	for (; units->suffix; units++) {
		if (strcasecmp(end, units->suffix) != 0)
			continue;
		if (v > max / units->mul)
			return -1;
		*out = v * units->mul;
		return 0;
	}
	return -1;
}

int
conf_parse_size(const char *s, size_t *out)
{
	static const struct unit units[] = {
		{ "", 1 }, { "k", 1ull << 10 }, { "kb", 1ull << 10 },
		{ "m", 1ull << 20 }, { "mb", 1ull << 20 },
		{ "g", 1ull << 30 }, { "gb", 1ull << 30 }, { NULL, 0 },
	};
	unsigned long long v;

	if (parse_scaled(s, units, SIZE_MAX, &v) < 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

int
conf_parse_duration_ms(const char *s, int *out)
{
	static const struct unit units[] = {
		{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 },
		{ NULL, 0 },
	};
	unsigned long long v;

	if (parse_scaled(s, units, INT_MAX, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

int
conf_tag_valid(const char *tag)
{
	size_t n = strlen(tag), i;

	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", tag[i]))
			return 0;
	return 1;
}

static void
replace(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

static int
set_gateway(struct conf *c, const char *name, const char *value)
{
	if (strcmp(name, "address") == 0) {
		if (!addr_valid(value))
			return -1;
		replace(&c->address, value);
	} else if (strcmp(name, "tag") == 0) {
		if (!conf_tag_valid(value))
			return -1;
		replace(&c->tag, value);
	} else if (strcmp(name, "database") == 0) {
		if (value[0] != '/')
			return -1;
		replace(&c->database, value);
		c->database_default = 0;
	} else if (strcmp(name, "name") == 0) {
		if (strlen(value) > 100 || strpbrk(value, "\r\n\"<>") != NULL)
			return -1;
		replace(&c->name, value);
	} else if (strcmp(name, "templates") == 0) {
		if (value[0] != '/')
			return -1;
		replace(&c->templates, value);
	} else if (strcmp(name, "ack") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return -1;
		c->ack = strcmp(value, "yes") == 0;
	} else if (strcmp(name, "ack_daily_limit") == 0) {
		size_t n;

		if (conf_parse_size(value, &n) < 0 || n > 1000)
			return -1;
		c->ack_daily_limit = (int)n;
	} else if (strcmp(name, "signing_key") == 0) {
		char fpr[41];

		if (!pgp_fingerprint_norm(value, fpr))
			return -1;
		replace(&c->signing_key, fpr);
	} else if (strcmp(name, "gnupghome") == 0) {
		if (value[0] != '/')
			return -1;
		replace(&c->gnupghome, value);
	} else if (strcmp(name, "max_message_size") == 0) {
		if (conf_parse_size(value, &c->max_message_size) < 0 ||
		    c->max_message_size == 0)
			return -1;
	} else if (strcmp(name, "max_attachment_size") == 0) {
		if (conf_parse_size(value, &c->max_attachment_size) < 0 ||
		    c->max_attachment_size == 0)
			return -1;
	} else if (strcmp(name, "lmtp_socket") == 0) {
		if (value[0] != '\0' && value[0] != '/')
			return -1;
		free(c->lmtp_socket);
		c->lmtp_socket = value[0] ? xstrdup(value) : NULL;
	} else if (strcmp(name, "pdftotext") == 0) {
		if (value[0] != '\0' && value[0] != '/')
			return -1;
		free(c->pdftotext);
		c->pdftotext = value[0] ? xstrdup(value) : NULL;
	} else if (strcmp(name, "msgconvert") == 0) {
		if (value[0] != '\0' && value[0] != '/')
			return -1;
		free(c->msgconvert);
		c->msgconvert = value[0] ? xstrdup(value) : NULL;
	} else if (strcmp(name, "max_parts") == 0) {
		if (conf_parse_size(value, &c->max_parts) < 0 ||
		    c->max_parts == 0 || c->max_parts > 1000000)
			return -1;
	} else if (strcmp(name, "max_depth") == 0) {
		size_t d;

		if (conf_parse_size(value, &d) < 0 || d == 0 || d > 100)
			return -1;
		c->max_depth = (int)d;
	} else if (strcmp(name, "busy_timeout") == 0) {
		if (conf_parse_duration_ms(value, &c->busy_timeout_ms) < 0)
			return -1;
	} else {
		return -2;
	}
	return 0;
}

/* Append the words of value (separated by blanks or commas) to v. */
static void
append_words(char ***v, size_t *n, const char *value)
{
	char *copy = xstrdup(value), *tok, *save = NULL;

	for (tok = strtok_r(copy, " \t,", &save); tok;
	    tok = strtok_r(NULL, " \t,", &save)) {
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = xstrdup(tok);
	}
	free(copy);
}

static void
free_words(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* allowlist = a.example 192.0.2.0/24, 8.8.8.8 (repeatable: appends) */
static int
set_ioc(struct conf *c, const char *name, const char *value)
{
	if (strcmp(name, "allowlist_file") == 0) {
		if (value[0] != '/')
			return -1;
		replace(&c->allowlist_file, value);
		return 0;
	}
	if (strcmp(name, "allowlist") != 0)
		return -2;
	append_words(&c->allowlist, &c->nallowlist, value);
	return 0;
}

/* categories = phishing malware ... (replaces the default list) */
static int
set_desk(struct conf *c, const char *name, const char *value)
{
	size_t i;

	if (strcmp(name, "categories") != 0)
		return -2;
	free_words(c->categories, c->ncategories);
	c->categories = NULL;
	c->ncategories = 0;
	append_words(&c->categories, &c->ncategories, value);
	for (i = 0; i < c->ncategories; i++)
		if (strlen(c->categories[i]) > 32 ||
		    strspn(c->categories[i], "abcdefghijklmnopqrstuvwxyz0123456789-_")
		    != strlen(c->categories[i]))
			return -1;
	return c->ncategories ? 0 : -1;
}

/* [notify] country = CN, interval = 7d, token_key = SECRET */
static int
set_notify(struct conf *c, const char *name, const char *value)
{
	static const struct unit units[] = {
		{ "", 1 }, { "s", 1 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 },
		{ NULL, 0 },
	};
	unsigned long long v;

	if (strcmp(name, "country") == 0) {
		if (strlen(value) != 2 || !isalpha((unsigned char)value[0]) ||
		    !isalpha((unsigned char)value[1]))
			return -1;
		c->country[0] = (char)toupper((unsigned char)value[0]);
		c->country[1] = (char)toupper((unsigned char)value[1]);
		c->country[2] = '\0';
	} else if (strcmp(name, "interval") == 0) {
		if (parse_scaled(value, units, 366ull * 86400, &v) < 0)
			return -1;
		c->notify_interval = (long long)v;
	} else if (strcmp(name, "token_key") == 0) {
		if (strlen(value) < 16)
			return -1;
		replace(&c->token_key, value);
	} else
		return -2;
	return 0;
}

/* [contacts] whois = /usr/bin/whois */
static int
set_contacts(struct conf *c, const char *name, const char *value)
{
	if (strcmp(name, "whois") != 0)
		return -2;
	if (value[0] != '/')
		return -1;
	replace(&c->whois, value);
	return 0;
}

static int
set_transport(struct conf *c, const char *name, const char *value)
{
	int ms;

	if (strcmp(name, "url") == 0) {
		if (!transport_url_valid(value))
			return -1;
		replace(&c->transport_url, value);
	} else if (strcmp(name, "tls") == 0) {
		if (strcmp(value, "starttls") != 0 && strcmp(value, "none") != 0)
			return -1;
		replace(&c->smtp_tls, value);
	} else if (strcmp(name, "ca_file") == 0 ||
	    strcmp(name, "password_file") == 0) {
		if (value[0] != '/')
			return -1;
		replace(name[0] == 'c' ? &c->smtp_ca_file :
		    &c->smtp_password_file, value);
	} else if (strcmp(name, "user") == 0) {
		if (value[0] == '\0' || value[0] == '-' ||
		    strpbrk(value, " \t\r\n") != NULL)
			return -1;
		replace(&c->smtp_user, value);
	} else if (strcmp(name, "timeout") == 0) {
		if (conf_parse_duration_ms(value, &ms) < 0 || ms < 1000)
			return -1;
		c->smtp_timeout = ms / 1000;
	} else
		return -2;
	return 0;
}

/* inih's callback: 1 to go on, 0 on the first error (recorded). */
static int
on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *ctx = user;
	int rc;

	if (ctx->failed)
		return 0;
	if (strcmp(section, "gateway") == 0)
		rc = set_gateway(ctx->conf, name, value);
	else if (strcmp(section, "transport") == 0)
		rc = set_transport(ctx->conf, name, value);
	else if (strcmp(section, "ioc") == 0)
		rc = set_ioc(ctx->conf, name, value);
	else if (strcmp(section, "desk") == 0)
		rc = set_desk(ctx->conf, name, value);
	else if (strcmp(section, "notify") == 0)
		rc = set_notify(ctx->conf, name, value);
	else if (strcmp(section, "contacts") == 0)
		rc = set_contacts(ctx->conf, name, value);
	else
		rc = -3;
	if (rc == 0)
		return 1;
	ctx->failed = 1;
	if (rc == -1)
		err_set(ctx->e, ST_CONFIG, "bad value for %s.%s: '%s'",
		    section, name, value);
	else if (rc == -2)
		err_set(ctx->e, ST_CONFIG, "unknown key '%s' in [%s]",
		    name, section);
	else
		err_set(ctx->e, ST_CONFIG, "unknown section [%s]", section);
	return 0;
}

/* Which file to read: -c, else $MAILGW_CONFIG, else the system file if
 * it exists. *required says whether a missing file is an error. */
static const char *
choose_path(const char *path, int *required)
{
	const char *env = getenv("MAILGW_CONFIG");

	*required = 1;
	if (path)
		return path;
	if (env && *env)
		return env;
	*required = 0;
	return SYSCONFDIR "/mailgw.conf";
}

int
conf_load(struct conf **out, const char *path, struct errbuf *e)
{
	struct conf *c = xcalloc(1, sizeof(*c));
	struct load_ctx ctx = { c, e, 0 };
	int required, line;
	FILE *f;

	set_defaults(c);
	path = choose_path(path, &required);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !required) {
			*out = c;
			return 0;
		}
		err_set(e, ST_CONFIG, "%s: %s", path, strerror(errno));
		conf_free(c);
		return -1;
	}
	c->path = xstrdup(path);
	line = ini_parse_file(f, on_entry, &ctx);
	fclose(f);
	if (line != 0) {
		if (!ctx.failed)
			err_set(e, ST_CONFIG, "syntax error");
		err_prefix(e, "%s:%d", path, line);
		conf_free(c);
		return -1;
	}
	if ((c->smtp_user == NULL) != (c->smtp_password_file == NULL) ||
	    (c->smtp_user != NULL && c->smtp_tls != NULL &&
	    strcmp(c->smtp_tls, "none") == 0)) {
		err_set(e, ST_CONFIG, "%s: [transport] user needs password_file "
		    "(and the other way round), and a password is never sent "
		    "with tls = none", path);
		conf_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->address);
	free(c->tag);
	free(c->database);
	free(c->gnupghome);
	free(c->pdftotext);
	free(c->msgconvert);
	free(c->lmtp_socket);
	free(c->signing_key);
	free(c->token_key);
	free(c->whois);
	free(c->name);
	free(c->templates);
	free(c->transport_url);
	free(c->smtp_tls);
	free(c->smtp_ca_file);
	free(c->smtp_user);
	free(c->smtp_password_file);
	free_words(c->allowlist, c->nallowlist);
	free_words(c->categories, c->ncategories);
	free(c->allowlist_file);
	free(c);
}

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "letter.h"
#include "log.h"
#include "pgp.h"
#include "template.h"
#include "xmalloc.h"

#define MAX_TEMPLATE (1024 * 1024)

struct where {
	const char *dir, *lang;
};

static int
name_safe(const char *name)
{
	return name[0] != '\0' && strlen(name) < 64 &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") ==
	    strlen(name);
}

/* dir/name.lang, else dir/name.en; NULL when neither is readable. */
static char *
load(const struct where *w, const char *name, char *path, size_t size)
{
	const char *langs[] = { w->lang, "en" };
	struct buf b;
	size_t i;
	FILE *f;
	int fd;

	if (!name_safe(name))
		return NULL;
	for (i = 0; i < 2; i++) {
		snprintf(path, size, "%s/%s.%s", w->dir, name, langs[i]);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		buf_init(&b, MAX_TEMPLATE);
		fd = fileno(f);
		if (buf_read_fd(&b, fd) < 0) {
			fclose(f);
			buf_release(&b);
			return NULL;
		}
		fclose(f);
		return buf_detach(&b, NULL);
	}
	return NULL;
}

static char *
partial(const char *name, void *arg)
{
	char path[PATH_MAX];

	return load(arg, name, path, sizeof(path));
}

/* Split rendered text into header fields (set on c) and the body. */
static int
split(struct compose *c, const char *text, const char *path, char **subject,
    const char **body, struct letter_asks *asks, struct errbuf *e)
{
	const char *p = text, *nl, *colon;

	while (*p && *p != '\n') {
		struct buf field = BUF_INIT, value = BUF_INIT;

		nl = strchr(p, '\n');
		buf_add(&field, p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : p + strlen(p);
		while (*p == ' ' || *p == '\t') {	/* continuation */
			nl = strchr(p, '\n');
			buf_add(&field, p, nl ? (size_t)(nl - p) : strlen(p));
			p = nl ? nl + 1 : p + strlen(p);
		}
		colon = strchr(field.data, ':');
		if (colon == NULL || (strncasecmp(field.data, "Subject:", 8) != 0 &&
		    strncasecmp(field.data, "X-", 2) != 0)) {
			err_set(e, ST_CONFIG, "template %s: only Subject and X-* "
			    "fields may stand before the blank line: '%.40s'",
			    path, field.data);
			buf_release(&field);
			return -1;
		}
		buf_addstr(&value, colon + 1);
		buf_trim(&value);
		field.data[colon - field.data] = '\0';
		if (strcasecmp(field.data, "Subject") == 0) {
			free(*subject);
			*subject = buf_detach(&value, NULL);
		} else if (strcasecmp(field.data, "X-Mailgw-Encrypt") == 0) {
			asks->encrypt = strcasecmp(value.data, "yes") == 0;
		} else {
			compose_header(c, field.data, value.data);
		}
		buf_release(&field);
		buf_release(&value);
	}
	if (*p != '\n')
		return err_set(e, ST_CONFIG, "template %s: no blank line after "
		    "the header block", path);
	*body = p + 1;
	return 0;
}

int
letter_compose(struct compose *c, const char *dir, const char *name,
    const char *lang, const struct json_t *data, const char *lead,
    char **subject, struct errbuf *e)
{
	struct letter_asks asks;

	return letter_compose_asks(c, dir, name, lang, data, lead, subject,
	    &asks, e);
}

int
letter_compose_asks(struct compose *c, const char *dir, const char *name,
    const char *lang, const struct json_t *data, const char *lead,
    char **subject, struct letter_asks *asks, struct errbuf *e)
{
	struct where w = { dir, lang };
	struct buf out = BUF_INIT;
	char path[PATH_MAX], *src, *subj = NULL;
	const char *body = NULL;
	int rc;

	*subject = NULL;
	memset(asks, 0, sizeof(*asks));
	if ((src = load(&w, name, path, sizeof(path))) == NULL)
		return err_set(e, ST_CONFIG, "template %s/%s.%s: %s", dir,
		    name, lang, strerror(errno ? errno : ENOENT));
	rc = template_render(&out, src, strlen(src), data,
	    TEMPLATE_ESCAPE_TEXT, partial, &w, e);
	free(src);
	if (rc < 0)
		err_prefix(e, "%s", path);
	if (rc == 0 && (rc = split(c, out.data, path, &subj, &body, asks,
	    e)) == 0) {
		if (subj == NULL || strncmp(subj, lead, strlen(lead)) != 0) {
			char *full = xasprintf("%s%s%s", lead, subj && *subj ?
			    " " : "", subj ? subj : "");

			free(subj);
			subj = full;
		}
		compose_header(c, "Subject", subj);
		compose_text(c, body);
		*subject = subj;
		subj = NULL;
	}
	free(subj);
	buf_release(&out);
	return rc;
}

/* The reply as it will be sent: signed (RFC 3156) when a signing key is
 * configured, and encrypted (signed inside) to encrypt_to when it is
 * set. 1 (logged) when a key cannot be used for good (no such key, or
 * none to sign with): no reply then, never a weaker one; -1 when gpg may
 * manage later. */
int
letter_render(const struct conf *conf, struct pgp *g,
    const struct compose *c, const char *encrypt_to, struct buf *raw,
    struct errbuf *e)
{
	struct buf entity = BUF_INIT, out = BUF_INIT;
	struct pgp *own = NULL;
	char micalg[32];
	int rc;

	if (conf->signing_key == NULL && encrypt_to == NULL) {
		compose_render(c, raw);
		return 0;
	}
	if (conf->signing_key == NULL) {
		log_warnx("not sent: it would go encrypted, and no signing_key "
		    "is set to sign it");
		return 1;
	}
	compose_entity(c, &entity);
	if (g == NULL)
		g = own = pgp_new(conf->gnupghome, 0);
	if (encrypt_to) {
		rc = pgp_encrypt(g, conf->signing_key, &encrypt_to, 1,
		    entity.data, entity.len, &out, e);
		if (rc == 0)
			compose_render_encrypted(c, &out, raw);
	} else {
		rc = pgp_sign(g, conf->signing_key, entity.data, entity.len,
		    &out, micalg, sizeof(micalg), e);
		if (rc == 0)
			compose_render_signed(c, &entity, &out, micalg, raw);
	}
	if (rc < 0 && e->status != ST_TEMPFAIL) {
		log_warnx("not sent: %s", e->msg);
		rc = 1;
	}
	pgp_free(own);
	buf_release(&entity);
	buf_release(&out);
	return rc;
}


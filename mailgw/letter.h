/* A templated letter: TEMPLATES/NAME.LANG (else NAME.en), a header block
 * (Subject and X-* fields only: the rest is the program's to set), a
 * blank line, and a body, rendered with Mustache over a JSON value. */
#ifndef MAILGW_LETTER_H
#define MAILGW_LETTER_H

struct compose;
struct errbuf;
struct json_t;

/* Render the template into c (its Subject, X-* fields and text body).
 * The subject is made to start with lead (our tags first, so no
 * truncation cuts them); *subject gets it (caller frees). -1 with
 * ST_CONFIG when the template is missing or malformed. */
int letter_compose(struct compose *c, const char *dir, const char *name,
    const char *lang, const struct json_t *data, const char *lead,
    char **subject, struct errbuf *e);

/* What a template asks of the program rather than of the message: the
 * field "X-Mailgw-Encrypt: yes" (never sent) asks that the letter be
 * encrypted to its recipient's key when the recipient has one. */
struct letter_asks {
	int encrypt;
};
int letter_compose_asks(struct compose *c, const char *dir, const char *name,
    const char *lang, const struct json_t *data, const char *lead,
    char **subject, struct letter_asks *asks, struct errbuf *e);

struct buf;
struct conf;
struct pgp;

/* The message c as it will be sent: signed (RFC 3156) when a signing key
 * is configured, and encrypted (signed inside) to encrypt_to when it is
 * set. 1 (logged) when a key cannot be used for good (no such key, or
 * none to sign with): nothing then, never a weaker message; -1 when gpg
 * may manage later (ST_TEMPFAIL). g: a keyring handle to use (one for
 * many messages), or NULL for one of its own. */
int letter_render(const struct conf *conf, struct pgp *g,
    const struct compose *c, const char *encrypt_to, struct buf *raw,
    struct errbuf *e);

#endif

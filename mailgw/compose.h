/* Outgoing mail, RFC 5322 and MIME: headers with RFC 2047 words where the
 * text is not plain ASCII, a text/plain UTF-8 body in quoted-printable
 * (lines starting "From " protected, so no MTA rewrites a signed body),
 * and attachments in base64. Text from a report never reaches a header
 * raw: control characters are dropped and "=?" is encoded. */
#ifndef MAILGW_COMPOSE_H
#define MAILGW_COMPOSE_H

#include <stddef.h>
#include <time.h>

struct buf;
struct compose;
struct errbuf;

struct compose *compose_new(void);
void compose_free(struct compose *c);

/* An unstructured header (Subject, X-...), value UTF-8. */
void compose_header(struct compose *c, const char *name, const char *value);
/* A header naming one mailbox: "display" <addr>. -1 (ST_DATA) when addr
 * is not a plain local@domain. */
int compose_address(struct compose *c, const char *name, const char *display,
    const char *addr, struct errbuf *e);
/* A header holding message ids ("<a@b> <c@d>"), each checked. */
void compose_ids(struct compose *c, const char *name, const char *const *ids,
    size_t n);
/* The text body, UTF-8, any line ends. */
void compose_text(struct compose *c, const char *text);
/* An attachment: name (sanitized here too), content type, bytes. */
void compose_attach(struct compose *c, const char *filename,
    const char *content_type, const void *data, size_t len);

/* The MIME entity (its Content-* header and body): what a PGP/MIME
 * signature covers. CRLF line ends. */
void compose_entity(const struct compose *c, struct buf *out);
/* The whole message: header, MIME-Version, entity. */
void compose_render(const struct compose *c, struct buf *out);

/* The message signed (RFC 3156): the header, then a multipart/signed of
 * entity (as compose_entity made it, byte for byte) and the armored
 * detached signature over it, micalg naming its hash ("pgp-sha256"). */
void compose_render_signed(const struct compose *c, const struct buf *entity,
    const struct buf *sig, const char *micalg, struct buf *out);
/* The message encrypted (RFC 3156): the header, then a
 * multipart/encrypted holding the armored OpenPGP message. */
void compose_render_encrypted(const struct compose *c,
    const struct buf *armored, struct buf *out);

/* A new Message-ID, "random@domain", without the brackets. Caller frees. */
char *compose_message_id(const char *domain);
/* An RFC 5322 date. */
void compose_date(time_t t, char out[64]);

#endif

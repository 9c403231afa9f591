/* The configuration: an INI file (-c FILE, else $MAILGW_CONFIG, else
 * SYSCONFDIR/mailgw.conf), or embedded defaults when there is no file at
 * all. Loaded once at start; read-only afterwards. */
#ifndef MAILGW_CONF_H
#define MAILGW_CONF_H

#include <stddef.h>

struct errbuf;

struct conf {
	char *path;		/* the file read, NULL on embedded defaults */
	/* [gateway] */
	char *address;		/* our address, cert@... */
	char *tag;		/* the TAG of "[TAG #ID]" */
	char *database;		/* SQLite file */
	int database_default;	/* database is the embedded default */
	char *name;		/* display name of our address */
	char *gnupghome;
	char *signing_key;	/* fingerprint of the key we sign with, or NULL */
	char *templates;	/* directory of notification templates */
	int ack;		/* acknowledge new reports */
	int ack_daily_limit;	/* automatic replies per sender per day */
	size_t max_message_size;	/* bytes; larger input is refused */
	size_t max_parts;	/* MIME parts walked per message */
	int max_depth;		/* MIME nesting walked */
	size_t max_attachment_size;	/* decoded bytes kept apart */
	char *pdftotext;	/* PDFs' text, NULL: not read */
	char *msgconvert;	/* Outlook messages, NULL: not read */
	char *lmtp_socket;	/* receive hands messages to "lmtp --listen"
				 * there, NULL: stores them itself */
	int busy_timeout_ms;	/* how long to wait for a locked store */
	/* [transport] */
	char *transport_url;
	char *smtp_tls;		/* smtp://: "starttls" (default) or "none" */
	char *smtp_ca_file;	/* trust anchors, NULL: the system's */
	char *smtp_user;	/* AUTH as, NULL: no AUTH */
	char *smtp_password_file;
	int smtp_timeout;	/* seconds per SMTP step */
	/* [notify] */
	char country[3];	/* ours: its addresses go to their networks,
				 * others to their national CERT; "" none */
	long long notify_interval;	/* seconds: not told again sooner */
	char *token_key;	/* reply tokens' HMAC key, NULL: the store's */
	/* [contacts] */
	char *whois;		/* a whois client, for registrars not imported */
	/* [desk] */
	char **categories;	/* what category= may say */
	size_t ncategories;
	/* [ioc] */
	char **allowlist;	/* entries, as written */
	size_t nallowlist;
	char *allowlist_file;
};

/* Load the configuration. path is the -c argument or NULL. On failure
 * returns -1 with e set (ST_CONFIG). *out is owned by the caller:
 * conf_free. */
int conf_load(struct conf **out, const char *path, struct errbuf *e);
void conf_free(struct conf *c);

/* Parse "64M"-style sizes and "30s"-style durations (ms); -1 if bad. */
int conf_parse_size(const char *s, size_t *out);
int conf_parse_duration_ms(const char *s, int *out);

/* 1 when tag may appear in "[TAG #ID]": 1 to 32 of [A-Za-z0-9._-]. */
int conf_tag_valid(const char *tag);

#endif

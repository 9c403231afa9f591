/* OpenPGP over gpgme, the only module that includes it. Inbound: which
 * parts of a message are signed, by which key and how well, which were
 * encrypted, and what they decrypt to (parsed again, recursively), so
 * that authenticity is decided per part on the bytes the signature
 * covers. Outbound: detached signatures for RFC 3156 multipart/signed
 * and encryption to a recipient's key. */
#ifndef MAILGW_PGP_H
#define MAILGW_PGP_H

#include <stddef.h>

#include "buf.h"
#include "message.h"

struct errbuf;
struct pgp;

enum pgp_status {
	PGP_GOOD, PGP_BAD, PGP_UNKNOWN_KEY, PGP_EXPIRED_KEY, PGP_REVOKED_KEY,
	PGP_EXPIRED, PGP_ERROR,
};

/* How much of something good signatures (or encryption) cover. */
enum pgp_cover { PGP_NONE, PGP_PARTIAL, PGP_FULL };

/* What carried a signature. */
enum pgp_carrier {
	PGP_CARRIER_MIME,	/* multipart/signed, RFC 3156 */
	PGP_CARRIER_INLINE,	/* a clear-signed block in text */
	PGP_CARRIER_ENCRYPTED,	/* signed inside an encrypted message */
};

#define PGP_PATH_SIZE 256

struct pgp_signature {
	char path[PGP_PATH_SIZE];	/* the part it covers */
	enum pgp_carrier carrier;
	enum pgp_status status;
	char fingerprint[65];	/* the key's primary fingerprint, or what
				 * the signature names when the key is
				 * unknown; "" when it names nothing */
	char *uid;		/* the key's UID naming the From address,
				 * else its first; NULL for an unknown key */
	int from_match;		/* a valid UID of the key is the From address */
	int forwarded;		/* inside a forwarded message: it vouches for
				 * that message, not for this one */
	long long created;	/* seconds since the epoch, 0 if unknown */
	char *detail;		/* gpg's words when not good, or NULL */
};

/*
 * One part of the message as a reader sees it: the parts of the message
 * in depth-first order, with the parts of each decrypted layer placed
 * under the part that held the ciphertext.
 */
struct pgp_part {
	const struct message_part *part;
	char path[PGP_PATH_SIZE];
	int depth;
	size_t layer;		/* 0: offsets are into the message; k: into
				 * layers[k - 1].raw */
	int content;		/* something a reader sees, which a
				 * signature must cover */
	int encrypted;		/* came out of a decryption */
	enum pgp_cover cover;	/* by good signatures for this message */
	const char *role;	/* NULL, or "signature", "pgp-control",
				 * "ciphertext", "key" */
	const char *decryption;	/* ciphertext: "decrypted", "no-secret-key",
				 * "too-large", "error" */
	char *problem;		/* what went wrong here, or NULL */
};

/* What one ciphertext decrypted to, parsed. */
struct pgp_layer {
	char path[PGP_PATH_SIZE];	/* its root part */
	char parent[PGP_PATH_SIZE];	/* the part holding the ciphertext */
	struct buf raw;			/* the MIME entity parsed */
	struct message *m;
};

struct pgp_result {
	struct pgp_part *parts;
	size_t nparts, parts_alloc;
	struct pgp_layer *layers;
	size_t nlayers, layers_alloc;
	struct pgp_signature *sigs;
	size_t nsigs, sigs_alloc;
	enum pgp_cover coverage;	/* of the content by good signatures */
	enum pgp_cover encryption;	/* of the content by encryption */
};

/* A handle on the keyring in gnupghome. Nothing runs until a message
 * needs it. max_plaintext bounds what one decryption may produce. */
struct pgp *pgp_new(const char *gnupghome, size_t max_plaintext);
void pgp_free(struct pgp *g);
/* Set g up now (gpgme, the keyring) rather than on first use: before
 * handles are used from threads, each from one. -1 as pgp_sign fails. */
int pgp_ready(struct pgp *g, struct errbuf *e);

/*
 * Verify and decrypt what m holds (raw[0..len) its bytes), within
 * limits. A bad or unverifiable signature, a ciphertext we cannot
 * decrypt, a truncated armor: recorded in *r, 0. -1 only when the
 * keyring or gpg-agent cannot be used (ST_TEMPFAIL: try again later).
 * Release *r with pgp_result_release even on failure.
 */
int pgp_examine(struct pgp *g, const struct message *m, const char *raw,
    size_t len, const struct message_limits *limits, struct pgp_result *r,
    struct errbuf *e);
void pgp_result_release(struct pgp_result *r);

/* A fingerprint as gpg prints it (spaces allowed), made 40 upper-case
 * hex digits in out; 0 when it is none. */
int pgp_fingerprint_norm(const char *s, char out[41]);

const char *pgp_status_name(enum pgp_status st);
const char *pgp_cover_name(enum pgp_cover c);
const char *pgp_carrier_name(enum pgp_carrier c);

/* A detached, armored signature over data by the key signer (a
 * fingerprint) into *sig, and the micalg that names its hash
 * ("pgp-sha256"). -1 with ST_TEMPFAIL when gpg cannot sign now, ST_CONFIG
 * when there is no such secret key. */
int pgp_sign(struct pgp *g, const char *signer, const void *data, size_t len,
    struct buf *sig, char *micalg, size_t micalg_size, struct errbuf *e);

/* Encrypt data to the keys named by recipients (fingerprints) and sign
 * it with signer, armored, into *out (RFC 3156 section 6.2). */
int pgp_encrypt(struct pgp *g, const char *signer,
    const char *const *recipients, size_t n, const void *data, size_t len,
    struct buf *out, struct errbuf *e);

#endif

/*
 * OpenPGP, inbound and outbound, over gpgme.
 *
 * Inbound, the message's MIME tree is walked once. A multipart/signed
 * (RFC 3156) is verified over the exact raw bytes of its first part, line
 * ends made CRLF, before any decoding; clear-signed blocks in text over
 * the part's bytes after its transfer encoding; a multipart/encrypted,
 * an armored block in text or an encrypted attachment is decrypted with
 * the gateway's key, and what it decrypts to is parsed and walked in
 * turn, placed under the part that held it. Public keys are recognised
 * and left alone: nothing in a message is imported or trusted.
 *
 * Then coverage: a part is covered when a good signature covers it (its
 * signed part or an ancestor of it, outside any forwarded message), and
 * the message is covered fully only when every part a reader sees is.
 * What a key may do is decided elsewhere, from the fingerprints here.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gpgme.h>

#include "buf.h"
#include "err.h"
#include "message.h"
#include "pgp.h"
#include "xmalloc.h"

/* Decryptions one message may ask for, over all its layers. */
#define MAX_DECRYPTIONS 64

/*
 * Signing keys looked up while verifying, kept for KEY_CACHE_TTL seconds:
 * a handle that outlives one message ("mailgw lmtp" keeps one for its
 * session) lists a partner's key once, not once a message (a gpg
 * process each). The signature's own status (a revoked or expired key)
 * comes from each verification, never from here; what may be this old is
 * the list of the key's user IDs.
 */
enum { KEY_CACHE = 16, KEY_CACHE_TTL = 60 };

struct pgp {
	char *home;
	size_t max_plaintext;
	gpgme_ctx_t ctx;	/* made on first use */
	gpgme_key_t signer;	/* looked up once */
	char signer_fpr[41];
	struct {
		char fpr[65];	/* as the signature names it */
		gpgme_key_t key;
		time_t at;
	} keys[KEY_CACHE];
	size_t next_key;	/* the slot to fill next */
};

struct pgp *
pgp_new(const char *gnupghome, size_t max_plaintext)
{
	struct pgp *g = xcalloc(1, sizeof(*g));

	g->home = xstrdup(gnupghome);
	g->max_plaintext = max_plaintext;
	return g;
}

void
pgp_free(struct pgp *g)
{
	if (g == NULL)
		return;
	gpgme_key_unref(g->signer);
	for (size_t i = 0; i < KEY_CACHE; i++)
		gpgme_key_unref(g->keys[i].key);
	if (g->ctx)
		gpgme_release(g->ctx);
	free(g->home);
	free(g);
}

/* Failures that are the machine's, not the message's: the MTA should
 * try again once the keyring or the agent is back. */
static int
transient(gpgme_error_t err)
{
	switch (gpgme_err_code(err)) {
	case GPG_ERR_NO_AGENT:
	case GPG_ERR_AGENT:
	case GPG_ERR_INV_ENGINE:
	case GPG_ERR_ENGINE_TOO_OLD:
	case GPG_ERR_KEYRING_OPEN:
	case GPG_ERR_NO_PASSPHRASE:
	case GPG_ERR_BAD_PASSPHRASE:
	case GPG_ERR_CANCELED:
	case GPG_ERR_FULLY_CANCELED:
	case GPG_ERR_TIMEOUT:
	case GPG_ERR_ASS_CONNECT_FAILED:
	case GPG_ERR_ENOMEM:
	case GPG_ERR_EPIPE:
	case GPG_ERR_EIO:
	case GPG_ERR_ENOSPC:
	case GPG_ERR_EACCES:
	case GPG_ERR_EPERM:
	case GPG_ERR_ENOENT:
	case GPG_ERR_EAGAIN:
	case GPG_ERR_EINTR:
	case GPG_ERR_ETIMEDOUT:
		return 1;
	default:
		return 0;
	}
}

static int
gpg_failed(struct errbuf *e, const char *what, gpgme_error_t err)
{
	return err_set(e, transient(err) ? ST_TEMPFAIL : ST_SOFTWARE,
	    "gpg: %s: %s", what, gpgme_strerror(err));
}

/* A readable file, or none at all: a keyring we cannot read would make
 * every signature look like one from an unknown key. */
static int
readable_or_absent(const char *home, const char *name, struct errbuf *e)
{
	char *path = xasprintf("%s/%s", home, name);
	int rc = 0;

	if (access(path, R_OK) < 0 && errno != ENOENT)
		rc = err_set(e, ST_TEMPFAIL, "gnupghome: %s: %s", path,
		    strerror(errno));
	free(path);
	return rc;
}

/* The gpgme context, made on first use: 0, or 1 when gnupghome does not
 * exist (no keyring: nothing can be checked or decrypted, and gpg must
 * not make one), or -1 (ST_TEMPFAIL) when it cannot be read. */
static int
ctx_get(struct pgp *g, struct errbuf *e)
{
	gpgme_error_t err;

	if (g->ctx)
		return 0;
	if (access(g->home, R_OK | X_OK) < 0)
		return errno == ENOENT ? 1 : err_set(e, ST_TEMPFAIL,
		    "gnupghome: %s: %s", g->home, strerror(errno));
	if (readable_or_absent(g->home, "pubring.kbx", e) < 0 ||
	    readable_or_absent(g->home, "pubring.gpg", e) < 0)
		return -1;
	/* gpgme would run gpgconf three times and gpgsm once, every run, to
	 * learn what Debian's packages fix: gpg is where gpgme was built to
	 * find it. (gpgconf is still used, by us, to find the agent.) */
	gpgme_set_global_flag("disable-gpgconf", "1");
	gpgme_check_version(NULL);
	/* The home goes to gpg through its environment: setting it as engine
	 * info would have gpgme ask gpg its version once more (a process,
	 * 3 ms) on every run. It is the configuration's, for the process. */
	if (setenv("GNUPGHOME", g->home, 1) < 0)
		return err_set(e, ST_TEMPFAIL, "gnupghome: %s", strerror(errno));
	if ((err = gpgme_new(&g->ctx)) != 0 ||
	    (err = gpgme_set_protocol(g->ctx, GPGME_PROTOCOL_OpenPGP)) != 0) {
		if (g->ctx)
			gpgme_release(g->ctx);
		g->ctx = NULL;
		return err_set(e, ST_TEMPFAIL, "gpg: %s", gpgme_strerror(err));
	}
	/* Never the network (no key fetched while verifying), never a
	 * pinentry: the gateway has nobody to ask. */
	gpgme_set_offline(g->ctx, 1);
	gpgme_set_pinentry_mode(g->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
	gpgme_set_keylist_mode(g->ctx, GPGME_KEYLIST_MODE_LOCAL);
	return 0;
}

int
pgp_ready(struct pgp *g, struct errbuf *e)
{
	int rc = ctx_get(g, e);

	return rc > 0 ? err_set(e, ST_CONFIG, "gnupghome %s does not exist",
	    g->home) : rc;
}

/* gpgme writes output here, up to the buffer's maximum. gpgme keeps
 * the address of the callbacks, so they live in the sink. */
struct sink {
	struct gpgme_data_cbs cbs;
	struct buf *b;
	int over;
};

static ssize_t
sink_write(void *handle, const void *data, size_t n)
{
	struct sink *s = handle;

	if (buf_add(s->b, data, n) < 0) {
		s->over = 1;
		errno = EFBIG;
		return -1;
	}
	return (ssize_t)n;
}

static gpgme_error_t
sink_open(gpgme_data_t *d, struct sink *s, struct buf *b)
{
	s->cbs = (struct gpgme_data_cbs){ NULL, sink_write, NULL, NULL };
	s->b = b;
	s->over = 0;
	return gpgme_data_new_from_cbs(d, &s->cbs, s);
}

int
pgp_fingerprint_norm(const char *s, char out[41])
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (n == 40 || !strchr("0123456789abcdefABCDEF", *s))
			return 0;
		out[n++] = (char)(*s >= 'a' ? *s - 'a' + 'A' : *s);
	}
	out[n] = '\0';
	return n == 40;
}

const char *
pgp_status_name(enum pgp_status st)
{
	static const char *const names[] = {
		[PGP_GOOD] = "good", [PGP_BAD] = "bad",
		[PGP_UNKNOWN_KEY] = "unknown-key",
		[PGP_EXPIRED_KEY] = "expired-key",
		[PGP_REVOKED_KEY] = "revoked-key", [PGP_EXPIRED] = "expired",
		[PGP_ERROR] = "error",
	};

	return names[st];
}

const char *
pgp_cover_name(enum pgp_cover c)
{
	return c == PGP_FULL ? "full" : c == PGP_PARTIAL ? "partial" : "none";
}

const char *
pgp_carrier_name(enum pgp_carrier c)
{
	return c == PGP_CARRIER_MIME ? "pgp-mime" :
	    c == PGP_CARRIER_INLINE ? "inline" : "encrypted";
}

void
pgp_result_release(struct pgp_result *r)
{
	size_t i;

	for (i = 0; i < r->nparts; i++)
		free(r->parts[i].problem);
	free(r->parts);
	for (i = 0; i < r->nlayers; i++) {
		message_free(r->layers[i].m);
		buf_release(&r->layers[i].raw);
	}
	free(r->layers);
	for (i = 0; i < r->nsigs; i++) {
		free(r->sigs[i].uid);
		free(r->sigs[i].detail);
	}
	free(r->sigs);
	memset(r, 0, sizeof(*r));
}

/* 1 when path is within (or is) the part at top. */
static int
path_within(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 &&
	    (path[n] == '\0' || path[n] == '.');
}

/* The path a part of a layer gets: its root ("1") becomes root, and the
 * rest follows it. -1 when it would not fit. */
static int
map_path(char out[PGP_PATH_SIZE], const char *root, const char *inner)
{
	int n = snprintf(out, PGP_PATH_SIZE, "%s%s", root, inner + 1);

	return n < 0 || n >= PGP_PATH_SIZE ? -1 : 0;
}

static struct pgp_signature *
new_sig(struct pgp_result *r, const char *path, enum pgp_carrier carrier)
{
	struct pgp_signature *s;

	if (r->nsigs == r->sigs_alloc) {
		r->sigs_alloc = r->sigs_alloc ? 2 * r->sigs_alloc : 4;
		r->sigs = xreallocarray(r->sigs, r->sigs_alloc,
		    sizeof(*r->sigs));
	}
	s = &r->sigs[r->nsigs++];
	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->carrier = carrier;
	return s;
}

/* A signature that could not be checked at all. */
static void
sig_error(struct pgp_result *r, const char *path, enum pgp_carrier carrier,
    const char *why)
{
	struct pgp_signature *s = new_sig(r, path, carrier);

	s->status = PGP_ERROR;
	s->detail = xstrdup(why);
}

static enum pgp_status
sig_status(const gpgme_signature_t sig)
{
	switch (gpgme_err_code(sig->status)) {
	case GPG_ERR_NO_ERROR:
		if (sig->summary & GPGME_SIGSUM_KEY_REVOKED)
			return PGP_REVOKED_KEY;
		if (sig->summary & GPGME_SIGSUM_KEY_EXPIRED)
			return PGP_EXPIRED_KEY;
		if (sig->summary & GPGME_SIGSUM_SIG_EXPIRED)
			return PGP_EXPIRED;
		return sig->wrong_key_usage ? PGP_ERROR : PGP_GOOD;
	case GPG_ERR_BAD_SIGNATURE:
		return PGP_BAD;
	case GPG_ERR_NO_PUBKEY:
		return PGP_UNKNOWN_KEY;
	case GPG_ERR_KEY_EXPIRED:
		return PGP_EXPIRED_KEY;
	case GPG_ERR_CERT_REVOKED:
		return PGP_REVOKED_KEY;
	case GPG_ERR_SIG_EXPIRED:
		return PGP_EXPIRED;
	default:
		return PGP_ERROR;
	}
}

static void
upper_hex(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < size; i++)
		dst[i] = (char)(src[i] >= 'a' && src[i] <= 'f' ?
		    src[i] - 'a' + 'A' : src[i]);
	dst[i] = '\0';
}

/* The key behind a signature: its primary fingerprint, and the UID that
 * names from (else the first valid one). */
static gpgme_key_t
cached_key(struct pgp *g, const char *fpr)
{
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < KEY_CACHE; i++)
		if (g->keys[i].key && strcmp(g->keys[i].fpr, fpr) == 0 &&
		    now >= g->keys[i].at && now - g->keys[i].at < KEY_CACHE_TTL) {
			gpgme_key_ref(g->keys[i].key);
			return g->keys[i].key;
		}
	return NULL;
}

static void
cache_key(struct pgp *g, const char *fpr, gpgme_key_t key)
{
	size_t i = g->next_key;

	gpgme_key_unref(g->keys[i].key);
	snprintf(g->keys[i].fpr, sizeof(g->keys[i].fpr), "%s", fpr);
	gpgme_key_ref(key);
	g->keys[i].key = key;
	g->keys[i].at = time(NULL);
	g->next_key = (i + 1) % KEY_CACHE;
}

static void
sig_key(struct pgp *g, struct pgp_signature *s, const char *from)
{
	gpgme_key_t key;
	gpgme_user_id_t u;

	/* A listing on this context: gpgme_get_key would make another one,
	 * and ask gpg its version again. */
	if ((key = cached_key(g, s->fingerprint)) == NULL) {
		if (gpgme_op_keylist_start(g->ctx, s->fingerprint, 0) != 0 ||
		    gpgme_op_keylist_next(g->ctx, &key) != 0 || key == NULL ||
		    key->subkeys == NULL) {
			gpgme_key_unref(key);
			gpgme_op_keylist_end(g->ctx);
			return;
		}
		gpgme_op_keylist_end(g->ctx);
		cache_key(g, s->fingerprint, key);
	}
	upper_hex(s->fingerprint, sizeof(s->fingerprint), key->subkeys->fpr);
	for (u = key->uids; u; u = u->next) {
		if (u->revoked || u->invalid || u->uid == NULL)
			continue;
		if (s->uid == NULL)
			s->uid = xstrdup(u->uid);
		if (from[0] && u->email && strcasecmp(u->email, from) == 0) {
			free(s->uid);
			s->uid = xstrdup(u->uid);
			s->from_match = 1;
			break;
		}
	}
	gpgme_key_unref(key);
}

/* Record the signatures of the last verify or decrypt-and-verify. They
 * are copied before the keys are looked up, which ends that result. */
static void
record_sigs(struct pgp *g, struct pgp_result *r, const char *path,
    enum pgp_carrier carrier, const char *from)
{
	gpgme_verify_result_t vr = gpgme_op_verify_result(g->ctx);
	gpgme_signature_t sig;
	size_t first = r->nsigs, i;

	for (sig = vr ? vr->signatures : NULL; sig; sig = sig->next) {
		struct pgp_signature *s = new_sig(r, path, carrier);

		s->status = sig_status(sig);
		upper_hex(s->fingerprint, sizeof(s->fingerprint), sig->fpr);
		s->created = (long long)sig->timestamp;
		if (s->status != PGP_GOOD)
			s->detail = xstrdup(gpgme_strerror(sig->status));
	}
	for (i = first; i < r->nsigs; i++)
		if (r->sigs[i].status != PGP_UNKNOWN_KEY &&
		    r->sigs[i].fingerprint[0])
			sig_key(g, &r->sigs[i], from);
}

/* Bytes with every line ending in CRLF, as RFC 3156 signs them. */
static void
canonical_crlf(struct buf *out, const char *s, size_t n)
{
	size_t i, start = 0;

	buf_grow(out, n + n / 32 + 2);
	for (i = 0; i < n; i++)
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) {
			buf_add(out, s + start, i - start);
			buf_add(out, "\r\n", 2);
			start = i + 1;
		}
	buf_add(out, s + start, n - start);
}

struct walk {
	struct pgp *g;
	struct pgp_result *r;
	const struct message_limits *limits;
	const char *from;
	int decryptions;
	struct errbuf *e;
};

/* Check a detached signature over signed, or (signed NULL) a clear-signed
 * block. -1 only for a failure of the machine. */
static int
verify(struct walk *w, const char *signed_data, size_t signed_len,
    const char *sig, size_t sig_len, const char *path,
    enum pgp_carrier carrier)
{
	gpgme_data_t dsig = NULL, dtext = NULL, dplain = NULL;
	struct buf plain = BUF_INIT;
	struct sink sink = { .over = 0 };
	gpgme_error_t err;
	int rc;

	if ((rc = ctx_get(w->g, w->e)) != 0) {
		if (rc > 0)
			sig_error(w->r, path, carrier, "not checked: there is "
			    "no keyring (gnupghome does not exist)");
		return rc < 0 ? -1 : 0;
	}
	buf_init(&plain, w->g->max_plaintext);
	err = gpgme_data_new_from_mem(&dsig, sig, sig_len, 0);
	if (err == 0 && signed_data)
		err = gpgme_data_new_from_mem(&dtext, signed_data, signed_len,
		    0);
	else if (err == 0)
		err = sink_open(&dplain, &sink, &plain);
	if (err == 0)
		err = gpgme_op_verify(w->g->ctx, dsig, dtext, dplain);
	gpgme_data_release(dsig);
	gpgme_data_release(dtext);
	gpgme_data_release(dplain);
	buf_release(&plain);
	if (err && transient(err))
		return gpg_failed(w->e, "verifying a signature", err);
	if (err && gpgme_op_verify_result(w->g->ctx) == NULL) {
		sig_error(w->r, path, carrier, gpgme_strerror(err));
		return 0;
	}
	if (gpgme_op_verify_result(w->g->ctx)->signatures == NULL) {
		sig_error(w->r, path, carrier, err ? gpgme_strerror(err) :
		    "no signature found");
		return 0;
	}
	record_sigs(w->g, w->r, path, carrier, w->from);
	return 0;
}

/* Where gpg-agent listens for this home: "gpgconf --homedir HOME
 * --list-dirs agent-socket", gpgconf beside the gpg gpgme runs. NULL
 * when that cannot be learnt. Caller frees. */
static char *
agent_socket(struct pgp *g)
{
	gpgme_engine_info_t info = gpgme_ctx_get_engine_info(g->ctx);
	const char *gpg = info && info->file_name ? info->file_name :
	    "/usr/bin/gpg";
	const char *slash = strrchr(gpg, '/');
	char *gpgconf = xasprintf("%.*sgpgconf", slash ? (int)(slash - gpg + 1) :
	    0, gpg);
	char *argv[] = { gpgconf, (char *)"--homedir", g->home,
	    (char *)"--list-dirs", (char *)"agent-socket", NULL };
	posix_spawn_file_actions_t fa;
	struct buf out = BUF_INIT;
	int fd[2], status;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) < 0) {
		free(gpgconf);
		return NULL;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	if (posix_spawn(&pid, gpgconf, &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	buf_init(&out, 4096);
	if (pid > 0)
		buf_read_fd(&out, fd[0]);
	close(fd[0]);
	free(gpgconf);
	if (pid <= 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_release(&out);
		return NULL;
	}
	buf_trim(&out);
	return buf_detach(&out, NULL);
}

/* 1 when gpg-agent answers on its socket. gpg starts the agent when it
 * needs one, so after a decryption that wanted a secret key an agent
 * that is not listening is one that could not be reached: gpg then says
 * "no secret key", and only this tells the two apart. */
static int
agent_answers(struct pgp *g)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *path = agent_socket(g);
	int fd, ok = 0;

	if (path && path[0] && strlen(path) < sizeof(sa.sun_path) &&
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0) {
		memcpy(sa.sun_path, path, strlen(path) + 1);
		ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

static int
no_secret_key(gpgme_error_t err, gpgme_decrypt_result_t dr)
{
	gpgme_recipient_t rc;

	if (gpgme_err_code(err) == GPG_ERR_NO_SECKEY)
		return 1;
	for (rc = dr ? dr->recipients : NULL; rc; rc = rc->next)
		if (gpgme_err_code(rc->status) == GPG_ERR_NO_SECKEY)
			return 1;
	return 0;
}

struct plaintext {
	struct buf data;
	char *filename;		/* from the literal data packet, or NULL */
	int is_mime;
	int encrypted;		/* 0 when it was only signed */
	const char *decryption;
	char *detail;
};

/* Decrypt (and verify what is signed inside) data. 0 with pt->decryption
 * telling whether it worked; -1 for a failure of the machine. */
static int
decrypt(struct walk *w, const char *data, size_t n, const char *path,
    struct plaintext *pt)
{
	gpgme_data_t in = NULL, out = NULL;
	gpgme_decrypt_result_t dr;
	struct sink sink = { .over = 0 };
	gpgme_error_t err;

	int rc;

	memset(pt, 0, sizeof(*pt));
	buf_init(&pt->data, w->g->max_plaintext);
	if ((rc = ctx_get(w->g, w->e)) != 0) {
		pt->decryption = "no-secret-key";
		pt->detail = xstrdup("not decrypted: there is no keyring "
		    "(gnupghome does not exist)");
		return rc < 0 ? -1 : 0;
	}
	if (++w->decryptions > MAX_DECRYPTIONS) {
		pt->decryption = "error";
		pt->detail = xstrdup("too many encrypted parts in one message");
		return 0;
	}
	pt->encrypted = 1;
	err = gpgme_data_new_from_mem(&in, data, n, 0);
	if (err == 0)
		err = sink_open(&out, &sink, &pt->data);
	if (err == 0)
		err = gpgme_op_decrypt_verify(w->g->ctx, in, out);
	if (gpgme_err_code(err) == GPG_ERR_NO_DATA && !sink.over) {
		/* Not encrypted: perhaps only signed, armored alike. */
		pt->encrypted = 0;
		buf_reset(&pt->data);
		gpgme_data_seek(in, 0, SEEK_SET);
		err = gpgme_op_verify(w->g->ctx, in, NULL, out);
		if (err == 0 &&
		    gpgme_op_verify_result(w->g->ctx)->signatures == NULL)
			err = gpg_error(GPG_ERR_NO_DATA);
	}
	dr = pt->encrypted ? gpgme_op_decrypt_result(w->g->ctx) : NULL;
	if (err == 0) {
		pt->decryption = "decrypted";
		if (dr && dr->file_name && dr->file_name[0])
			pt->filename = xstrdup(dr->file_name);
		pt->is_mime = dr && dr->is_mime;
	} else if (sink.over) {
		pt->decryption = "too-large";
		pt->detail = xasprintf("decrypts to more than %zu bytes",
		    w->g->max_plaintext);
	} else if (transient(err)) {
		gpgme_data_release(in);
		gpgme_data_release(out);
		return gpg_failed(w->e, "decrypting", err);
	} else if (no_secret_key(err, dr)) {
		gpgme_data_release(in);
		gpgme_data_release(out);
		if (!agent_answers(w->g))
			return err_set(w->e, ST_TEMPFAIL, "gpg: decrypting: "
			    "gpg-agent does not answer");
		pt->decryption = "no-secret-key";
		pt->detail = xstrdup("encrypted to a key we do not hold");
		return 0;
	} else {
		pt->decryption = "error";
		pt->detail = xstrdup(gpgme_strerror(err));
	}
	gpgme_data_release(in);
	gpgme_data_release(out);
	if (err == 0)
		record_sigs(w->g, w->r, path, pt->encrypted ?
		    PGP_CARRIER_ENCRYPTED : PGP_CARRIER_INLINE, w->from);
	return 0;
}

enum armor { ARMOR_NONE, ARMOR_SIGNED, ARMOR_MESSAGE, ARMOR_KEY, ARMOR_SIGNATURE };

static const struct {
	enum armor kind;
	const char *begin, *end;
} armors[] = {
	{ ARMOR_SIGNED, "-----BEGIN PGP SIGNED MESSAGE-----",
	    "-----END PGP SIGNATURE-----" },
	{ ARMOR_MESSAGE, "-----BEGIN PGP MESSAGE-----",
	    "-----END PGP MESSAGE-----" },
	{ ARMOR_KEY, "-----BEGIN PGP PUBLIC KEY BLOCK-----",
	    "-----END PGP PUBLIC KEY BLOCK-----" },
	{ ARMOR_SIGNATURE, "-----BEGIN PGP SIGNATURE-----",
	    "-----END PGP SIGNATURE-----" },
};

/* The next armor block that begins a line in s[from..n): [*start, *end),
 * its END line included; a block without one runs to the end (gpg will
 * say what is wrong with it). */
static enum armor
next_armor(const char *s, size_t n, size_t from, size_t *start, size_t *end)
{
	static const char mark[] = "-----BEGIN PGP ";
	const char *p = s + from, *lim = s + n, *e;
	size_t i, len;

	while ((p = memmem(p, (size_t)(lim - p), mark, sizeof(mark) - 1))) {
		if (p > s && p[-1] != '\n') {
			p++;
			continue;
		}
		for (i = 0; i < sizeof(armors) / sizeof(armors[0]); i++) {
			len = strlen(armors[i].begin);
			if ((size_t)(lim - p) < len ||
			    memcmp(p, armors[i].begin, len) != 0)
				continue;
			*start = (size_t)(p - s);
			e = p + len;
			while ((e = memmem(e, (size_t)(lim - e), armors[i].end,
			    strlen(armors[i].end))) && e[-1] != '\n')
				e++;
			if (e == NULL) {
				*end = n;
			} else {
				e = memchr(e, '\n', (size_t)(lim - e));
				*end = e ? (size_t)(e - s) + 1 : n;
			}
			return armors[i].kind;
		}
		p++;
	}
	return ARMOR_NONE;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* The armor a body starts with, after white space. */
static enum armor
starts_with_armor(const struct buf *b)
{
	size_t i = 0, start, end;
	enum armor a;

	while (i < b->len && is_blank(b->data + i, 1))
		i++;
	a = next_armor(b->data, b->len, i, &start, &end);
	return a != ARMOR_NONE && start == i ? a : ARMOR_NONE;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

/* An attachment that holds an OpenPGP message: by its name or type, and
 * by its bytes (armored, or a binary packet that opens an encrypted
 * message: a public- or symmetric-key encrypted session key). */
static int
encrypted_file(const struct message_part *p)
{
	const unsigned char *d = (const unsigned char *)p->data.data;
	int tag;

	if (!(p->filename && (has_suffix(p->filename, ".pgp") ||
	    has_suffix(p->filename, ".gpg") ||
	    has_suffix(p->filename, ".asc"))) &&
	    strcmp(p->content_type, "application/pgp-encrypted") != 0 &&
	    strcmp(p->content_type, "application/pgp") != 0)
		return 0;
	if (starts_with_armor(&p->data) == ARMOR_MESSAGE)
		return 1;
	if (p->data.len < 2 || !(d[0] & 0x80))
		return 0;
	tag = d[0] & 0x40 ? d[0] & 0x3f : (d[0] >> 2) & 0x0f;
	return tag == 1 || tag == 3;
}

static size_t
add_part(struct pgp_result *r, const struct message_part *p,
    const char *path, int depth, size_t layer, int encrypted)
{
	struct pgp_part *vp;

	if (r->nparts == r->parts_alloc) {
		r->parts_alloc = r->parts_alloc ? 2 * r->parts_alloc : 16;
		r->parts = xreallocarray(r->parts, r->parts_alloc,
		    sizeof(*r->parts));
	}
	vp = &r->parts[r->nparts];
	memset(vp, 0, sizeof(*vp));
	vp->part = p;
	snprintf(vp->path, sizeof(vp->path), "%s", path);
	vp->depth = depth;
	vp->layer = layer;
	vp->encrypted = encrypted;
	return r->nparts++;
}

static void
part_problem(struct pgp_part *vp, const char *what)
{
	char *old = vp->problem;

	vp->problem = old ? xasprintf("%s; %s", old, what) : xstrdup(what);
	free(old);
}

/* The charset an armored text names ("Charset: ..." in its header),
 * else the one its part declares; only a plain token. */
static void
armor_charset(char out[48], const char *block, size_t n, const char *declared)
{
	const char *p = block, *lim = block + n, *nl;
	size_t i, k;

	out[0] = '\0';
	while (p < lim && (nl = memchr(p, '\n', (size_t)(lim - p)))) {
		p = nl + 1;
		if (p < lim && (*p == '\n' || *p == '\r'))
			break;		/* the end of the armor header */
		if ((size_t)(lim - p) > 9 && strncasecmp(p, "Charset: ", 9) == 0) {
			for (i = 9, k = 0; p + i < lim && k < 47 &&
			    (isalnum((unsigned char)p[i]) || p[i] == '-' ||
			    p[i] == '_' || p[i] == '.' || p[i] == ':'); i++)
				out[k++] = p[i];
			out[k] = '\0';
			return;
		}
	}
	for (k = 0; declared && declared[k] && k < 47; k++) {
		if (!isalnum((unsigned char)declared[k]) &&
		    !strchr("-_.:", declared[k])) {
			k = 0;
			break;
		}
		out[k] = declared[k];
	}
	out[k] = '\0';
}

enum layer_kind { LAYER_MIME, LAYER_TEXT, LAYER_FILE };

/* The MIME entity a plaintext becomes: itself when it is one, else a
 * text part or an attachment around it. */
static void
layer_entity(struct buf *out, struct plaintext *pt, enum layer_kind kind,
    const char *charset, const char *hint)
{
	const char *name = pt->filename ? pt->filename : hint;
	size_t i, n;

	if (kind == LAYER_MIME || pt->is_mime) {
		*out = pt->data;
		buf_init(&pt->data, 0);
		return;
	}
	buf_init(out, 0);
	if (kind == LAYER_TEXT || memchr(pt->data.data, '\0', pt->data.len) ==
	    NULL) {
		buf_addstr(out, "Content-Type: text/plain");
		if (charset && charset[0])
			buf_addf(out, "; charset=\"%s\"", charset);
		buf_addstr(out, "\r\n");
	} else {
		buf_addstr(out, "Content-Type: application/octet-stream\r\n");
	}
	if (kind == LAYER_FILE) {
		/* The name without the extension that said "encrypted";
		 * every byte but the plainest encoded (RFC 2231). */
		n = name ? strlen(name) : 0;
		if (n && pt->filename == NULL && (has_suffix(name, ".pgp") ||
		    has_suffix(name, ".gpg") || has_suffix(name, ".asc")))
			n -= 4;
		buf_addstr(out, "Content-Disposition: attachment");
		if (n) {
			buf_addstr(out, "; filename*=utf-8''");
			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)name[i];

				if (isalnum(c) || c == '.' || c == '-' || c == '_')
					buf_addch(out, c);
				else
					buf_addf(out, "%%%02X", c);
			}
		}
		buf_addstr(out, "\r\n");
	}
	buf_addstr(out, "Content-Transfer-Encoding: binary\r\n\r\n");
	buf_add(out, pt->data.data, pt->data.len);
}

static int walk(struct walk *w, const struct message *m, const char *raw,
    size_t len, const char *root, int depth0, size_t layer, int encrypted);

/* Decrypt data held by the part at parent, and walk what it decrypts to
 * as layer seq under it. *status: how the decryption went. */
static int
decrypt_layer(struct walk *w, size_t parent_vi, const char *data, size_t n,
    int seq, enum layer_kind kind, const char *charset, const char *hint,
    const char **status)
{
	struct pgp_result *r = w->r;
	char root[PGP_PATH_SIZE], parent[PGP_PATH_SIZE];
	int depth = r->parts[parent_vi].depth + 1, max_depth, k;
	struct pgp_layer *l;
	struct plaintext pt;
	size_t li;

	snprintf(parent, sizeof(parent), "%s", r->parts[parent_vi].path);
	k = snprintf(root, sizeof(root), "%s.%d", parent, seq);
	max_depth = w->limits && w->limits->max_depth ? w->limits->max_depth :
	    MESSAGE_MAX_DEPTH;
	if (k < 0 || k >= (int)sizeof(root) || depth > max_depth) {
		*status = "error";
		part_problem(&r->parts[parent_vi], "encrypted part nested too "
		    "deep: not decrypted");
		return 0;
	}
	if (decrypt(w, data, n, root, &pt) < 0) {
		buf_release(&pt.data);
		free(pt.filename);
		free(pt.detail);
		return -1;
	}
	*status = pt.decryption;
	if (strcmp(pt.decryption, "decrypted") != 0) {
		part_problem(&r->parts[parent_vi], pt.detail);
		buf_release(&pt.data);
		free(pt.filename);
		free(pt.detail);
		return 0;
	}
	if (r->nlayers == r->layers_alloc) {
		r->layers_alloc = r->layers_alloc ? 2 * r->layers_alloc : 4;
		r->layers = xreallocarray(r->layers, r->layers_alloc,
		    sizeof(*r->layers));
	}
	li = r->nlayers++;
	l = &r->layers[li];
	memset(l, 0, sizeof(*l));
	snprintf(l->path, sizeof(l->path), "%s", root);
	snprintf(l->parent, sizeof(l->parent), "%s", parent);
	layer_entity(&l->raw, &pt, kind, charset, hint);
	l->m = message_parse(l->raw.data, l->raw.len, w->limits);
	buf_release(&pt.data);
	free(pt.filename);
	free(pt.detail);
	/* l may move as layers are added below: hand over what it holds. */
	return walk(w, l->m, l->raw.data, l->raw.len, root, depth, li + 1,
	    pt.encrypted);
}

/* An armored message in text. One whose END line is missing (cut by a
 * mail system, or by a broken MIME structure) gets it back: the armor's
 * checksum and the ciphertext's integrity check still decide. */
static int
decrypt_block(struct walk *w, size_t vi, const char *block, size_t n,
    int seq, const char *cs, const char **status)
{
	static const char end[] = "-----END PGP MESSAGE-----";
	struct buf b = BUF_INIT;
	int rc;

	if (memmem(block, n, end, sizeof(end) - 1))
		return decrypt_layer(w, vi, block, n, seq, LAYER_TEXT, cs, NULL,
		    status);
	buf_add(&b, block, n);
	if (n && block[n - 1] != '\n')
		buf_addch(&b, '\n');
	buf_addf(&b, "%s\n", end);
	rc = decrypt_layer(w, vi, b.data, b.len, seq, LAYER_TEXT, cs, NULL,
	    status);
	buf_release(&b);
	if (rc == 0 && strcmp(*status, "decrypted") == 0)
		part_problem(&w->r->parts[vi], "armor without its END line");
	return rc;
}

/* Mail labelled quoted-printable whose armor was never encoded (a line
 * ending in "=", a checksum "=mhNl") decodes into broken armor. Decrypt
 * the block as it stands in the raw body instead; the ciphertext's own
 * integrity check still decides. Only for decryption, never to make a
 * signature good. */
static int
raw_retry(struct walk *w, size_t vi, const struct message_part *p,
    const char *raw, size_t len, size_t *rpos, int seq, const char *cs,
    const char **status)
{
	size_t start, end;
	enum armor a;

	if (p->encoding == NULL ||
	    strcmp(p->encoding, "quoted-printable") != 0 ||
	    p->body_start + p->body_len > len)
		return 0;
	raw += p->body_start;
	while ((a = next_armor(raw, p->body_len, *rpos, &start, &end)) !=
	    ARMOR_NONE && a != ARMOR_MESSAGE)
		*rpos = end;
	if (a == ARMOR_NONE)
		return 0;
	*rpos = end;
	if (decrypt_block(w, vi, raw + start, end - start, seq, cs, status) < 0)
		return -1;
	if (strcmp(*status, "decrypted") == 0) {
		free(w->r->parts[vi].problem);
		w->r->parts[vi].problem = NULL;
	}
	return 0;
}

/* A text part with armored blocks in it: clear-signed text, encrypted
 * text, keys. Covered fully only by one good clear-signed block with
 * nothing but white space around it, in plain text (HTML can show what
 * it likes around a block). */
static int
inline_pgp(struct walk *w, size_t vi, const struct message_part *p,
    const char *raw, size_t len)
{
	const char *d = p->data.data, *status;
	size_t n = p->data.len, pos = 0, start, end, before, rpos = 0;
	int blocks = 0, good = 0, signed_blocks = 0, failed = 0, outside = 0;
	int seq = 0, decrypted = 0;
	char path[PGP_PATH_SIZE], cs[48];
	struct pgp_part *vp;
	enum armor a;

	snprintf(path, sizeof(path), "%s", w->r->parts[vi].path);
	while ((a = next_armor(d, n, pos, &start, &end)) != ARMOR_NONE) {
		if (!is_blank(d + pos, start - pos))
			outside = 1;
		blocks++;
		if (a == ARMOR_SIGNED) {
			before = w->r->nsigs;
			if (verify(w, NULL, 0, d + start, end - start, path,
			    PGP_CARRIER_INLINE) < 0)
				return -1;
			signed_blocks++;
			if (w->r->nsigs == before + 1 &&
			    w->r->sigs[before].status == PGP_GOOD)
				good++;
		} else if (a == ARMOR_MESSAGE) {
			armor_charset(cs, d + start, end - start, p->charset);
			if (decrypt_block(w, vi, d + start, end - start, ++seq,
			    cs, &status) < 0 ||
			    (strcmp(status, "error") == 0 &&
			    raw_retry(w, vi, p, raw, len, &rpos, seq, cs,
			    &status) < 0))
				return -1;
			if (strcmp(status, "decrypted") == 0)
				decrypted++;
			else
				failed = 1;
		} else if (a == ARMOR_SIGNATURE) {
			/* Nothing says what it signs: it cannot be checked. */
			sig_error(w->r, path, PGP_CARRIER_INLINE, "a signature "
			    "block without the text it signs");
			outside = 1;
		} else {
			outside = 1;	/* a key */
		}
		pos = end;
	}
	if (!is_blank(d + pos, n - pos))
		outside = 1;
	vp = &w->r->parts[vi];
	vp->content = outside || signed_blocks || failed;
	if (good && good == blocks && blocks == 1 && !outside &&
	    p->kind == PART_TEXT)
		vp->cover = PGP_FULL;
	else if (good)
		vp->cover = PGP_PARTIAL;
	if (seq) {
		vp->role = vp->content ? NULL : "ciphertext";
		vp->decryption = failed ? "error" : "decrypted";
		if (decrypted && failed)
			part_problem(vp, "some encrypted blocks not decrypted");
	}
	return 0;
}

enum mode { MODE_NONE, MODE_SIGNATURE, MODE_CONTROL, MODE_CIPHERTEXT };

static int
leaf(struct walk *w, size_t vi, const struct message_part *p,
    const char *raw, size_t len, enum mode mode)
{
	struct pgp_part *vp = &w->r->parts[vi];
	const char *status;
	int text = p->kind == PART_TEXT || p->kind == PART_HTML ||
	    strncmp(p->content_type, "text/", 5) == 0;
	size_t start, end;

	if (mode == MODE_SIGNATURE || mode == MODE_CONTROL) {
		vp->role = mode == MODE_SIGNATURE ? "signature" : "pgp-control";
		return 0;
	}
	if (mode == MODE_CIPHERTEXT || (p->kind == PART_ATTACHMENT &&
	    encrypted_file(p))) {
		vp->role = "ciphertext";
		if (decrypt_layer(w, vi, p->data.data, p->data.len, 1,
		    mode == MODE_CIPHERTEXT ? LAYER_MIME : LAYER_FILE, NULL,
		    p->filename, &status) < 0)
			return -1;
		vp = &w->r->parts[vi];
		vp->decryption = status;
		vp->content = strcmp(status, "decrypted") != 0;
		return 0;
	}
	if (strcmp(p->content_type, "application/pgp-keys") == 0 ||
	    starts_with_armor(&p->data) == ARMOR_KEY) {
		vp->role = "key";
		vp->content = p->data.len > 0;
		return 0;
	}
	if (text && next_armor(p->data.data, p->data.len, 0, &start, &end) !=
	    ARMOR_NONE)
		return inline_pgp(w, vi, p, raw, len);
	if (p->kind == PART_TEXT)
		vp->content = !is_blank(p->data.data, p->data.len);
	else
		vp->content = p->data.len > 0;
	return 0;
}

/* The index of the k-th child (from 1) of part i, or -1. */
static long
child(const struct message *m, size_t i, int k)
{
	const char *top = message_part(m, i)->path;
	char want[PGP_PATH_SIZE + 16];
	size_t j;

	snprintf(want, sizeof(want), "%s.%d", top, k);
	for (j = i + 1; j < message_part_count(m) &&
	    path_within(message_part(m, j)->path, top); j++)
		if (strcmp(message_part(m, j)->path, want) == 0)
			return (long)j;
	return -1;
}

/* A multipart/signed: check its first part's raw bytes against the
 * signature in its second. Not OpenPGP (S/MIME): left alone. */
static int
signed_part(struct walk *w, const struct message *m, size_t i,
    const char *raw, size_t len, const char *root, enum mode *mode)
{
	long c1 = child(m, i, 1), c2 = child(m, i, 2);
	const struct message_part *q1, *q2;
	char path[PGP_PATH_SIZE];
	struct buf b = BUF_INIT;
	int rc;

	if (c1 < 0 || c2 < 0)
		return 0;
	q1 = message_part(m, (size_t)c1);
	q2 = message_part(m, (size_t)c2);
	if (strcmp(q2->content_type, "application/pgp-signature") != 0 &&
	    starts_with_armor(&q2->data) != ARMOR_SIGNATURE)
		return 0;
	mode[c2] = MODE_SIGNATURE;
	if (map_path(path, root, q1->path) < 0)
		return 0;
	if (q1->raw_len == 0 || q1->raw_start + q1->raw_len > len) {
		sig_error(w->r, path, PGP_CARRIER_MIME,
		    "the signed part could not be located in the message");
		return 0;
	}
	canonical_crlf(&b, raw + q1->raw_start, q1->raw_len);
	rc = verify(w, b.data, b.len, q2->data.data, q2->data.len, path,
	    PGP_CARRIER_MIME);
	buf_release(&b);
	return rc;
}

/* A multipart/encrypted (RFC 3156), or what Exchange makes of one (a
 * multipart/mixed with the same two parts and an empty text): mark its
 * control part and its ciphertext. */
static void
encrypted_part(const struct message *m, size_t i, enum mode *mode)
{
	int is_encrypted = strcmp(message_part(m, i)->content_type,
	    "multipart/encrypted") == 0;
	long c, d;
	int k;

	for (k = 1; (c = child(m, i, k)) >= 0; k++) {
		if (strcmp(message_part(m, (size_t)c)->content_type,
		    "application/pgp-encrypted") != 0)
			continue;
		if ((d = child(m, i, k + 1)) < 0)
			return;
		if (!is_encrypted && starts_with_armor(&message_part(m,
		    (size_t)d)->data) != ARMOR_MESSAGE)
			continue;
		mode[c] = MODE_CONTROL;
		mode[d] = MODE_CIPHERTEXT;
		return;
	}
}

static int
walk(struct walk *w, const struct message *m, const char *raw, size_t len,
    const char *root, int depth0, size_t layer, int encrypted)
{
	size_t n = message_part_count(m), i, vi;
	enum mode *mode = xcalloc(n ? n : 1, sizeof(*mode));
	char path[PGP_PATH_SIZE];
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		const struct message_part *p = message_part(m, i);

		if (map_path(path, root, p->path) < 0)
			continue;
		vi = add_part(w->r, p, path, depth0 + p->depth, layer,
		    encrypted);
		if (p->kind == PART_MULTIPART) {
			if (strcmp(p->content_type, "multipart/signed") == 0)
				rc = signed_part(w, m, i, raw, len, root, mode);
			else
				encrypted_part(m, i, mode);
		} else if (p->kind != PART_MESSAGE) {
			rc = leaf(w, vi, p, raw, len, mode[i]);
		}
	}
	free(mode);
	return rc;
}

/* Which parts good signatures cover, and how much of the message. */
static void
finish(struct pgp_result *r)
{
	size_t i, j, content = 0, covered = 0, touched = 0, encrypted = 0;

	for (i = 0; i < r->nsigs; i++) {
		struct pgp_signature *s = &r->sigs[i];

		for (j = 0; j < r->nparts; j++)
			if (r->parts[j].part->kind == PART_MESSAGE &&
			    strcmp(s->path, r->parts[j].path) != 0 &&
			    path_within(s->path, r->parts[j].path))
				s->forwarded = 1;
		if (s->forwarded && s->carrier == PGP_CARRIER_INLINE)
			for (j = 0; j < r->nparts; j++)
				if (strcmp(r->parts[j].path, s->path) == 0)
					r->parts[j].cover = PGP_NONE;
	}
	for (i = 0; i < r->nsigs; i++) {
		const struct pgp_signature *s = &r->sigs[i];

		if (s->status != PGP_GOOD || s->forwarded ||
		    s->carrier == PGP_CARRIER_INLINE)
			continue;
		for (j = 0; j < r->nparts; j++)
			if (path_within(r->parts[j].path, s->path))
				r->parts[j].cover = PGP_FULL;
	}
	for (j = 0; j < r->nparts; j++) {
		if (!r->parts[j].content)
			continue;
		content++;
		covered += r->parts[j].cover == PGP_FULL;
		touched += r->parts[j].cover != PGP_NONE;
		encrypted += r->parts[j].encrypted != 0;
	}
	r->coverage = content && covered == content ? PGP_FULL :
	    touched ? PGP_PARTIAL : PGP_NONE;
	r->encryption = content && encrypted == content ? PGP_FULL :
	    encrypted ? PGP_PARTIAL : PGP_NONE;
}

int
pgp_examine(struct pgp *g, const struct message *m, const char *raw,
    size_t len, const struct message_limits *limits, struct pgp_result *r,
    struct errbuf *e)
{
	struct walk w = { g, r, limits, message_from_addr(m), 0, e };

	memset(r, 0, sizeof(*r));
	if (walk(&w, m, raw, len, "1", 0, 0, 0) < 0)
		return -1;
	finish(r);
	return 0;
}

/* The secret key to sign with: ST_CONFIG when there is none by that
 * name, ST_TEMPFAIL when gpg cannot say. */
static int
signer_key(struct pgp *g, const char *signer, gpgme_key_t *key,
    struct errbuf *e)
{
	gpgme_error_t err;
	int rc;

	if ((rc = ctx_get(g, e)) != 0)
		return rc < 0 ? -1 : err_set(e, ST_CONFIG, "signing_key %s: "
		    "gnupghome %s does not exist", signer, g->home);
	if (g->signer && strcmp(g->signer_fpr, signer) == 0) {
		gpgme_key_ref(g->signer);
		*key = g->signer;
		return 0;
	}
	err = gpgme_get_key(g->ctx, signer, key, 1);
	if (err == 0 && (*key)->can_sign && !(*key)->revoked &&
	    !(*key)->expired && !(*key)->disabled) {
		gpgme_key_unref(g->signer);
		gpgme_key_ref(*key);
		g->signer = *key;
		snprintf(g->signer_fpr, sizeof(g->signer_fpr), "%s", signer);
		return 0;
	}
	if (err == 0 && (*key)->can_sign && !(*key)->revoked &&
	    !(*key)->expired && !(*key)->disabled)
		return 0;
	if (err == 0) {
		gpgme_key_unref(*key);
		*key = NULL;
		return err_set(e, ST_CONFIG, "signing_key %s: the key cannot "
		    "sign (revoked, expired or disabled)", signer);
	}
	if (transient(err))
		return gpg_failed(e, "looking up the signing key", err);
	return err_set(e, ST_CONFIG, "signing_key %s: no such secret key in "
	    "%s", signer, g->home);
}

int
pgp_sign(struct pgp *g, const char *signer, const void *data, size_t len,
    struct buf *sig, char *micalg, size_t micalg_size, struct errbuf *e)
{
	gpgme_data_t in = NULL, out = NULL;
	gpgme_sign_result_t sr;
	gpgme_key_t key = NULL;
	gpgme_error_t err;
	struct sink sink = { .over = 0 };
	const char *hash;
	size_t i;
	int rc = 0;

	if (signer_key(g, signer, &key, e) < 0)
		return -1;
	gpgme_signers_clear(g->ctx);
	gpgme_set_armor(g->ctx, 1);
	gpgme_set_textmode(g->ctx, 0);
	err = gpgme_signers_add(g->ctx, key);
	if (err == 0)
		err = gpgme_data_new_from_mem(&in, data, len, 0);
	if (err == 0)
		err = sink_open(&out, &sink, sig);
	if (err == 0)
		err = gpgme_op_sign(g->ctx, in, out, GPGME_SIG_MODE_DETACH);
	sr = err == 0 ? gpgme_op_sign_result(g->ctx) : NULL;
	if (err)
		rc = gpg_failed(e, "signing", err);
	else if (sr == NULL || sr->signatures == NULL || sr->invalid_signers ||
	    (hash = gpgme_hash_algo_name(sr->signatures->hash_algo)) == NULL)
		rc = err_set(e, ST_SOFTWARE, "gpg: signing: no signature made");
	else {
		snprintf(micalg, micalg_size, "pgp-%s", hash);
		for (i = 0; micalg[i]; i++)
			micalg[i] = (char)tolower((unsigned char)micalg[i]);
	}
	gpgme_signers_clear(g->ctx);
	gpgme_data_release(in);
	gpgme_data_release(out);
	gpgme_key_unref(key);
	return rc;
}

int
pgp_encrypt(struct pgp *g, const char *signer, const char *const *recipients,
    size_t n, const void *data, size_t len, struct buf *out, struct errbuf *e)
{
	gpgme_key_t key = NULL, *keys = xcalloc(n + 1, sizeof(*keys));
	gpgme_data_t in = NULL, dout = NULL;
	gpgme_error_t err = 0;
	struct sink sink = { .over = 0 };
	size_t i;
	int rc = 0;

	if (signer_key(g, signer, &key, e) < 0) {
		free(keys);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++)
		if ((err = gpgme_get_key(g->ctx, recipients[i], &keys[i], 0)))
			rc = transient(err) ? gpg_failed(e, "looking up a "
			    "recipient's key", err) : err_set(e, ST_DATA,
			    "no key %s to encrypt to", recipients[i]);
	gpgme_signers_clear(g->ctx);
	gpgme_set_armor(g->ctx, 1);
	if (rc == 0 && (err = gpgme_signers_add(g->ctx, key)) == 0 &&
	    (err = gpgme_data_new_from_mem(&in, data, len, 0)) == 0 &&
	    (err = sink_open(&dout, &sink, out)) == 0)
		/* The contact's key is trusted because the desk recorded it
		 * for the contact, not through the web of trust. */
		err = gpgme_op_encrypt_sign(g->ctx, keys,
		    GPGME_ENCRYPT_ALWAYS_TRUST, in, dout);
	if (rc == 0 && err)
		rc = gpg_failed(e, "encrypting", err);
	gpgme_signers_clear(g->ctx);
	gpgme_data_release(in);
	gpgme_data_release(dout);
	for (i = 0; i < n; i++)
		gpgme_key_unref(keys[i]);
	free(keys);
	gpgme_key_unref(key);
	return rc;
}

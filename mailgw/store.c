/*
 * The SQLite store. Durability is the point: WAL with synchronous=FULL,
 * so a COMMIT that returned has reached the disk, and every failure that
 * may pass (busy past the timeout, disk full, read-only, I/O) is reported
 * as ST_TEMPFAIL so that receive can exit 75 and the MTA retries.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "charset.h"
#include "err.h"
#include "ioc.h"
#include "digest.h"
#include "store.h"
#include "xmalloc.h"

/* Statements prepared once and reused: imports run them millions of
 * times. */
enum cached_stmt {
	CACHED_ASN, CACHED_COUNTRY, CACHED_DOMAIN, CACHED_CONTACT,
	CACHED_RANGE, CACHED_COUNTRY_RANGE, CACHED_SEGMENT,
	CACHED_ASN_SEGMENT, CACHED_FIND_SEGMENT, CACHED_FIND_ASN_SEGMENT,
	CACHED_NETWORK, CACHED_ORIGIN, CACHED_FIND_COUNTRY, CACHED_SCOPE_ASN,
	CACHED_SCOPE_COUNTRY, CACHED_SCOPE_DOMAIN, CACHED_SEEK_SEGMENT,
	CACHED_SEEK_ASN_SEGMENT, CACHED_SEEK_COUNTRY, CACHED_FWD_SEGMENT,
	CACHED_FWD_ASN_SEGMENT, CACHED_FWD_COUNTRY, CACHED_FWD_NETWORK,
	CACHED_RANGES_MANY, CACHED_SEGMENTS_MANY, CACHED_ASN_SEGMENTS_MANY,
	CACHED_IOCS_MANY,
	CACHED_COUNT,
};

/* Statements kept prepared between calls (a bulk run repeats the same
 * few hundred thousand times): up to this many idle ones. */
enum { STMT_CACHE = 128 };

struct store {
	sqlite3 *db;
	char *path;
	int busy_timeout_ms;
	sqlite3_stmt *ioc_add;	/* prepared once: a message has hundreds */
	sqlite3_stmt *ioc_row_add;	/* and a CSV report thousands of rows */
	sqlite3_stmt *cached[CACHED_COUNT];
	struct stmt_slot {
		sqlite3_stmt *st;
		uint64_t hash;	/* of its SQL */
		int busy;	/* handed out, not yet released */
	} *stmts;		/* every statement prepare() handed out */
	size_t nstmts, alloc, evict;
};

/* What kind of failure an SQLite result code is. */
static enum status
sqlite_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
	case SQLITE_PERM:
	case SQLITE_NOLFS:
		return ST_TEMPFAIL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ST_DATA;
	default:
		return ST_SOFTWARE;
	}
}

static int
fail(struct store *s, int rc, struct errbuf *e, const char *what)
{
	const char *why = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	return err_set(e, sqlite_status(rc), "store %s: %s: %s",
	    s ? s->path : "", what, why);
}

/* A statement the caller keeps for the store's life (s->cached and the
 * like), finalized by store_close. */
static int
prepare_kept(struct store *s, sqlite3_stmt **st, const char *sql,
    struct errbuf *e)
{
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    st, NULL);

	if (rc != SQLITE_OK)
		return fail(s, rc, e, "prepare");
	return 0;
}

/*
 * A statement for one use, given back with release(): from the cache
 * when one with the same SQL is idle (the text is compared, not only
 * the pointer, since some SQL is built per call), else prepared and
 * cached. Past STMT_CACHE an idle one makes room; when none is idle
 * (readers nested that deep) the cache grows, so that every statement
 * handed out is in it.
 */
static int
prepare(struct store *s, sqlite3_stmt **st, const char *sql, struct errbuf *e)
{
	uint64_t h = digest_table_hash(sql, strlen(sql), 0);
	struct stmt_slot *slot = NULL;
	size_t i, k;

	for (i = 0; i < s->nstmts; i++) {
		struct stmt_slot *c = &s->stmts[i];

		if (!c->busy && c->hash == h &&
		    strcmp(sqlite3_sql(c->st), sql) == 0) {
			c->busy = 1;
			*st = c->st;
			return 0;
		}
	}
	if (prepare_kept(s, st, sql, e) < 0)
		return -1;
	for (k = 0; s->nstmts >= STMT_CACHE && k < s->nstmts && !slot; k++) {
		i = (s->evict + k) % s->nstmts;
		if (!s->stmts[i].busy) {
			slot = &s->stmts[i];
			sqlite3_finalize(slot->st);
			s->evict = (i + 1) % s->nstmts;
		}
	}
	if (slot == NULL) {
		if (s->nstmts == s->alloc) {
			s->alloc = s->alloc ? 2 * s->alloc : 32;
			s->stmts = xreallocarray(s->stmts, s->alloc,
			    sizeof(*s->stmts));
		}
		slot = &s->stmts[s->nstmts++];
	}
	*slot = (struct stmt_slot){ *st, h, 1 };
	return 0;
}

/* Give back a statement from prepare(), reset for its next use. */
static void
release(struct store *s, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; st && i < s->nstmts; i++) {
		if (s->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			s->stmts[i].busy = 0;
			return;
		}
	}
}

/* Run a statement that returns no rows, then give it back. */
static int
step_done(struct store *s, sqlite3_stmt *st, struct errbuf *e,
    const char *what)
{
	int rc = sqlite3_step(st);

	release(s, st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, e, what);
	return 0;
}

static int
exec(struct store *s, const char *sql, struct errbuf *e, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return fail(s, rc, e, what);
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static const char *
column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A reader's caller: its callback, its argument, the rows seen. */
struct rows {
	union {
		store_ticket_fn ticket;
		store_message_fn message;
		store_part_fn part;
		store_signature_fn signature;
		int (*id)(int64_t id, void *arg);
		int (*month_ticket)(const struct store_month_ticket *t,
		    void *arg);
		int (*month_address)(int64_t ticket, const char *type,
		    const char *value, void *arg);
		store_range_fn range;
		int (*notifiable)(const char *type, const char *value,
		    const char *first_seen, void *arg);
		store_notification_fn notification;
		store_correspondent_fn correspondent;
		store_ref_fn ref;
		store_entry_fn entry;
		int (*ioc)(const struct store_ioc *ioc, void *arg);
		int (*ioc_row)(const struct store_ioc_row *row, void *arg);
		int (*source)(const struct store_source *src, void *arg);
		int (*type_value)(const char *type, const char *value,
		    void *arg);
		int (*seen)(const char *type, const char *value,
		    const char *seen, void *arg);
		int (*id_text)(int64_t id, const char *text, void *arg);
		int (*text)(const char *text, void *arg);
	} fn;
	void *arg;
	int n;
};

/* Hand each row of st to row until it answers non-zero, then give st
 * back. Returns row's non-zero answer, -1 on an error, else 0. */
static int
each_row(struct store *s, sqlite3_stmt *st,
    int (*row)(sqlite3_stmt *st, struct rows *r), struct rows *r,
    struct errbuf *e, const char *what)
{
	int rc = SQLITE_DONE, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->n++;
		stop = row(st, r);
	}
	release(s, st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return fail(s, rc, e, what);
	return 0;
}

int
store_latest_version(void)
{
	int v = 0;
	const struct migration *m;

	for (m = store_migrations; m->name; m++)
		v = m->version;
	return v;
}

int
store_version(struct store *s, int *version, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "PRAGMA user_version", e) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	release(s, st);
	if (rc != SQLITE_ROW)
		return fail(s, rc, e, "reading the schema version");
	return 0;
}

static int
check_not_newer(struct store *s, int version, struct errbuf *e)
{
	if (version <= store_latest_version())
		return 0;
	return err_set(e, ST_CONFIG, "store %s: schema version %d is newer "
	    "than this mailgw knows (%d): upgrade mailgw", s->path, version,
	    store_latest_version());
}

static int
apply_pending(struct store *s, int from, int *applied, struct errbuf *e)
{
	const struct migration *m;
	char pragma[64];

	for (m = store_migrations; m->name; m++) {
		if (m->version <= from)
			continue;
		if (exec(s, m->sql, e, m->name) < 0)
			return -1;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    m->version);
		if (exec(s, pragma, e, m->name) < 0)
			return -1;
		(*applied)++;
	}
	return 0;
}

int
store_migrate(struct store *s, int *applied, struct errbuf *e)
{
	int version, rc = 0;

	*applied = 0;
	if (store_version(s, &version, e) < 0 ||
	    check_not_newer(s, version, e) < 0)
		return -1;
	if (version == store_latest_version())
		return 0;
	/* Another process may migrate at the same time: decide again under
	 * the write lock. The foreign keys' enforcement is off meanwhile
	 * (it can only change outside a transaction), as SQLite's procedure
	 * for rebuilding a table asks: dropping the old table must not
	 * cascade to the rows that refer to it. */
	if (exec(s, "PRAGMA foreign_keys = OFF", e, "preparing to migrate")
	    < 0)
		return -1;
	if (store_begin(s, e) < 0)
		rc = -1;
	else if (store_version(s, &version, e) < 0 ||
	    check_not_newer(s, version, e) < 0 ||
	    apply_pending(s, version, applied, e) < 0 ||
	    store_commit(s, e) < 0) {
		store_rollback(s);
		rc = -1;
	}
	if (exec(s, "PRAGMA foreign_keys = ON", rc < 0 ? NULL : e,
	    "enabling foreign keys") < 0)
		rc = -1;
	return rc;
}

/* journal_mode=WAL needs a moment of exclusive access; while another
 * process holds the file it answers SQLITE_BUSY without waiting. */
static int
set_wal(struct store *s, struct errbuf *e)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int waited = 0, rc;
	sqlite3_stmt *st;

	for (;;) {
		if (prepare(s, &st, "PRAGMA journal_mode = WAL", e) < 0)
			return -1;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && strcmp(column_text(st, 0), "wal") != 0) {
			err_set(e, ST_TEMPFAIL, "store %s: journal mode stays "
			    "'%s', not WAL", s->path, column_text(st, 0));
			release(s, st);
			return -1;
		}
		release(s, st);
		if (rc == SQLITE_ROW)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= s->busy_timeout_ms)
			return fail(s, rc, e, "setting WAL mode");
		nanosleep(&pause, NULL);
		waited += 10;
	}
}

static int
make_parent(const char *path, struct errbuf *e)
{
	char *dir = xstrdup(path), *p;
	int rc = 0;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
			rc = err_set(e, ST_TEMPFAIL, "store %s: creating %s: %s",
			    path, dir, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* The directory that holds path: "." for a bare name, "/" for "/x". */
static char *
parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Why the file at path cannot be opened, as the system says it, since
 * SQLite says only "unable to open database file" (its own errno is that
 * of its last try, a read-only open of a file that is not there). Empty
 * when neither the directory nor the file refuses. */
static void
open_trouble(const char *path, char *out, size_t size)
{
	char *d = parent_dir(path);

	out[0] = '\0';
	if (access(d, X_OK) < 0 ||
	    (access(path, F_OK) < 0 && access(d, W_OK) < 0))
		snprintf(out, size, " (%s: %s)", d, strerror(errno));
	else if (access(path, F_OK) == 0 && access(path, R_OK | W_OK) < 0)
		snprintf(out, size, " (%s)", strerror(errno));
	free(d);
}

/* The settings every writer uses. */
static int
set_pragmas(struct store *s, struct errbuf *e)
{
	int persist = 1;

	/* One process per message: keep the WAL file between processes
	 * (reset, not deleted, by the checkpoint at close), so that each
	 * delivery does not create it anew and sync its directory. The size
	 * limit trims it after a large message. */
	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	if (set_wal(s, e) < 0 ||
	    exec(s, "PRAGMA synchronous = FULL", e, "setting synchronous") < 0 ||
	    exec(s, "PRAGMA journal_size_limit = 4194304", e,
	    "limiting the WAL") < 0 ||
	    exec(s, "PRAGMA foreign_keys = ON", e, "enabling foreign keys") < 0)
		return -1;
	return 0;
}

static int
configure(struct store *s, int flags, struct errbuf *e)
{
	int version, applied;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, s->busy_timeout_ms);
	if (!(flags & STORE_READONLY) && set_pragmas(s, e) < 0)
		return -1;
	if (flags & STORE_MIGRATE)
		return store_migrate(s, &applied, e);
	if (store_version(s, &version, e) < 0)
		return -1;
	return check_not_newer(s, version, e);
}

static void
sql_ioc_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *type = (const char *)sqlite3_value_text(argv[0]);
	const char *value = (const char *)sqlite3_value_text(argv[1]);
	char key[512];

	(void)argc;
	if (type && value && ioc_search_key(type, value, key, sizeof(key)) == 0)
		sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

static void
sql_fts_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	struct buf b = BUF_INIT;
	size_t len;
	char *out;

	(void)argc;
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	charset_cjk_spaced(&b, text);
	len = b.len;
	out = buf_detach(&b, NULL);
	/* SQLite takes it, not a copy: a report's text is tens of MB */
	sqlite3_result_text64(ctx, out, len, free, SQLITE_UTF8);
}

int
store_open(struct store **out, const char *path, int busy_timeout_ms,
    int flags, struct errbuf *e)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	s->path = xstrdup(path);
	s->busy_timeout_ms = busy_timeout_ms;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	if ((flags & STORE_MKDIR) && make_parent(path, e) < 0)
		goto fail;
	if ((rc = sqlite3_open_v2(path, &s->db, oflags, NULL)) != SQLITE_OK) {
		char why[PATH_MAX + 64];

		open_trouble(path, why, sizeof(why));
		err_set(e, sqlite_status(rc), "store %s: opening: %s%s", path,
		    sqlite3_errmsg(s->db), why);
		goto fail;
	}
	/* For migrations that compute what mailgw computes when it stores. */
	if ((rc = sqlite3_create_function(s->db, "mailgw_ioc_key", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_ioc_key, NULL,
	    NULL)) != SQLITE_OK || (rc = sqlite3_create_function(s->db,
	    "mailgw_fts_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	    sql_fts_text, NULL, NULL)) != SQLITE_OK) {
		fail(s, rc, e, "opening");
		goto fail;
	}
	if (configure(s, flags, e) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->ioc_add);
	sqlite3_finalize(s->ioc_row_add);
	for (size_t i = 0; i < CACHED_COUNT; i++)
		sqlite3_finalize(s->cached[i]);
	for (size_t i = 0; i < s->nstmts; i++)
		sqlite3_finalize(s->stmts[i].st);
	free(s->stmts);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

static int
check_rows(struct store *s, const char *sql, struct buf *problems,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc, i, n;

	if (prepare(s, &st, sql, e) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = sqlite3_column_count(st);
		if (n == 1 && strcmp(column_text(st, 0), "ok") == 0)
			continue;
		for (i = 0; i < n; i++)
			buf_addf(problems, "%s%s", i ? " " : "",
			    column_text(st, i) ? column_text(st, i) : "NULL");
		buf_addch(problems, '\n');
	}
	release(s, st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, e, "checking");
	return 0;
}

int
store_check(struct store *s, struct buf *problems, struct errbuf *e)
{
	if (check_rows(s, "PRAGMA integrity_check", problems, e) < 0 ||
	    check_rows(s, "PRAGMA foreign_key_check", problems, e) < 0)
		return -1;
	return 0;
}

int
store_backup(struct store *s, const char *path, struct errbuf *e)
{
	sqlite3_stmt *st;
	char *dir;
	struct stat ours, there;
	mode_t mask;
	int fd, rc;

	/* Made here, so that it is the owner's alone: VACUUM INTO fills an
	 * empty file, and would make a missing one with the umask's mode. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		err_set(e, ST_CANTCREAT, "backup %s: %s", path,
		    strerror(errno));
		return -1;
	}
	dir = parent_dir(path);
	/* A read transaction of its own: writers go on meanwhile (WAL).
	 * SQLite opens the file again by its name: should another have put
	 * something else there meanwhile, what SQLite makes is private all
	 * the same, and the backup fails below. */
	if (prepare(s, &st, "VACUUM INTO ?1", e) < 0)
		goto fail;
	bind_text(st, 1, path);
	mask = umask(077);
	rc = step_done(s, st, e, "backing up");
	umask(mask);
	if (rc < 0)
		goto fail;
	if (fstat(fd, &ours) < 0 || stat(path, &there) < 0 ||
	    ours.st_dev != there.st_dev || ours.st_ino != there.st_ino ||
	    ours.st_size == 0) {
		err_set(e, ST_CANTCREAT, "backup %s: the file was replaced "
		    "while it was written", path);
		close(fd);
		free(dir);
		return -1;	/* not ours to remove */
	}
	/* SQLite writes the copy without syncing it. */
	if (fsync(fd) < 0 || fsync_dir(dir) < 0) {
		err_set(e, ST_IOERR, "backup %s: syncing: %s", path,
		    strerror(errno));
		goto fail;
	}
	close(fd);
	free(dir);
	return 0;
fail:
	close(fd);
	unlink(path);
	free(dir);
	return -1;
}

/* One statement, through the cache: transactions begin and end once a
 * message in a bulk run. */
static int
exec_one(struct store *s, const char *sql, struct errbuf *e, const char *what)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, sql, e) < 0)
		return -1;
	return step_done(s, st, e, what);
}

int
store_begin(struct store *s, struct errbuf *e)
{
	return exec_one(s, "BEGIN IMMEDIATE", e, "beginning a transaction");
}

int
store_begin_read(struct store *s, struct errbuf *e)
{
	/* Pages straight from the file's mapping, not copied per read. */
	if (exec(s, "PRAGMA mmap_size = 1073741824", e, "mapping the store")
	    < 0)
		return -1;
	return exec(s, "BEGIN DEFERRED", e, "beginning a read");
}

int
store_commit(struct store *s, struct errbuf *e)
{
	return exec_one(s, "COMMIT", e, "committing");
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Run st with its parameters bound: 1 and *v when it yields a row, 0 when
 * it yields none. Gives st back. */
static int
step_int64(struct store *s, sqlite3_stmt *st, int64_t *v, struct errbuf *e,
    const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(s, rc, e, what);
}

int
store_message_find(struct store *s, const char *message_id,
    const char *sha256, int64_t *id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT id FROM messages "
	    "WHERE message_id = ?1 AND content_sha256 = ?2", e) < 0)
		return -1;
	bind_text(st, 1, message_id);
	bind_text(st, 2, sha256);
	return step_int64(s, st, id, e, "finding a message");
}

int
store_ticket_by_message_id(struct store *s, const char *message_id,
    int64_t *ticket, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (message_id[0] == '\0')
		return 0;
	if (prepare(s, &st, "SELECT ticket_id FROM messages "
	    "WHERE message_id = ?1 ORDER BY id LIMIT 1", e) < 0)
		return -1;
	bind_text(st, 1, message_id);
	return step_int64(s, st, ticket, e, "finding a thread");
}

int
store_message_add(struct store *s, const struct store_message *m,
    int64_t *id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO messages (ticket_id, direction, "
	    "message_id, content_sha256, recipient, from_addr, from_name, "
	    "to_addrs, cc_addrs, subject, date, in_reply_to, refs, problem, "
	    "size, raw, coverage, encryption, verified_role, verified_name, "
	    "verified_key, verification) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
	    "?21, ?22)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, m->ticket_id);
	bind_text(st, 2, m->direction);
	bind_text(st, 3, m->message_id);
	bind_text(st, 4, m->content_sha256);
	bind_text(st, 5, m->recipient ? m->recipient : "");
	bind_text(st, 6, m->from_addr);
	bind_text(st, 7, m->from_name);
	bind_text(st, 8, m->to);
	bind_text(st, 9, m->cc);
	bind_text(st, 10, m->subject);
	bind_text(st, 11, m->date);
	bind_text(st, 12, m->in_reply_to);
	bind_text(st, 13, m->refs);
	bind_text(st, 14, m->problem);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)m->size);
	sqlite3_bind_blob64(st, 16, m->raw, m->size, SQLITE_STATIC);
	bind_text(st, 17, m->coverage ? m->coverage : "none");
	bind_text(st, 18, m->encryption ? m->encryption : "none");
	bind_text(st, 19, m->verified_role);
	bind_text(st, 20, m->verified_role ? m->verified_name : NULL);
	bind_text(st, 21, m->verified_role ? m->verified_key : NULL);
	bind_text(st, 22, m->verification);
	if (step_done(s, st, e, "storing a message") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_ticket_create(struct store *s, const char *subject, int64_t *id,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO tickets (subject) VALUES (?1)", e) < 0)
		return -1;
	bind_text(st, 1, subject);
	if (step_done(s, st, e, "creating a ticket") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_ticket_touch(struct store *s, int64_t id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "UPDATE tickets SET "
	    "updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return step_done(s, st, e, "updating a ticket");
}

int
store_audit(struct store *s, int64_t ticket, const char *actor,
    const char *action, const char *detail, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO audit (ticket_id, actor, action, "
	    "detail) VALUES (?1, ?2, ?3, ?4)", e) < 0)
		return -1;
	if (ticket > 0)
		sqlite3_bind_int64(st, 1, ticket);
	else
		sqlite3_bind_null(st, 1);
	bind_text(st, 2, actor);
	bind_text(st, 3, action);
	bind_text(st, 4, detail ? detail : "");
	return step_done(s, st, e, "writing the audit log");
}

#define TICKET_COLUMNS "t.id, t.status, t.category, t.owner, t.subject, " \
	"t.created, t.updated, " \
	"(SELECT count(*) FROM messages m WHERE m.ticket_id = t.id), t.priority, " \
	"t.merged_into, t.takedown"

static int
ticket_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_ticket t = {
		.id = sqlite3_column_int64(st, 0),
		.status = column_text(st, 1), .category = column_text(st, 2),
		.owner = column_text(st, 3), .subject = column_text(st, 4),
		.created = column_text(st, 5), .updated = column_text(st, 6),
		.messages = sqlite3_column_int64(st, 7),
		.priority = column_text(st, 8),
		.merged_into = sqlite3_column_int64(st, 9),
		.takedown = column_text(st, 10),
	};

	return r->fn.ticket(&t, r->arg);
}

/* Step st, calling fn with each row as a ticket. Gives st back; returns
 * the number of rows (or fn's non-zero answer), -1 on error. */
static int
walk_tickets(struct store *s, sqlite3_stmt *st, store_ticket_fn fn,
    void *arg, struct errbuf *e)
{
	struct rows r = { .fn.ticket = fn, .arg = arg };
	int rc = each_row(s, st, ticket_row, &r, e, "reading tickets");

	return rc != 0 ? rc : r.n;
}

/* Bind text to the named parameter when the statement has it. */
static void
bind_named(sqlite3_stmt *st, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		bind_text(st, i, value);
}

int
store_ticket_list(struct store *s, const struct store_ticket_filter *f,
    store_ticket_fn fn, void *arg, struct errbuf *e)
{
	/* Only the filters asked for are in the statement, so that the
	 * planner can start from the most selective one's index; the SQL
	 * is made of these constant pieces, every value is bound. */
	static const struct {
		size_t offset;
		const char *sql;
	} clauses[] = {
#define F(field) offsetof(struct store_ticket_filter, field)
		{ F(status), " AND t.status = :status" },
		{ F(category), " AND t.category = :category" },
		{ F(owner), " AND t.owner = :owner" },
		{ F(since), " AND t.created >= :since" },
		{ F(until), " AND t.created < :until" },
		{ F(text), " AND t.id IN (SELECT m.ticket_id FROM message_text x "
		    "JOIN messages m ON m.id = x.rowid "
		    "WHERE message_text MATCH :text)" },
		{ F(ioc_type), " AND t.id IN (SELECT ticket_id FROM iocs WHERE "
		    "(type = :ioc_type AND value = :ioc_value)"
		    " OR (type = 'cidr' AND search_key IN "
		    "(SELECT value FROM json_each(:cidr_keys)))"
		    " OR (type = 'domain' AND search_key > :domain_key || '.'"
		    " AND search_key < :domain_key || '/'))" },
		{ F(partner), " AND t.id IN (SELECT r.ticket_id FROM partner_refs r "
		    "JOIN correspondents c ON c.id = r.partner_id "
		    "WHERE c.role = 'partner' AND c.name = :partner COLLATE NOCASE "
		    "UNION SELECT m.ticket_id FROM correspondents c "
		    "JOIN correspondent_addresses a ON a.correspondent_id = c.id "
		    "JOIN messages m ON m.from_addr = a.address COLLATE NOCASE "
		    "WHERE c.role = 'partner' AND c.name = :partner COLLATE NOCASE)" },
#undef F
	};
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int n;

	buf_addstr(&sql, "SELECT " TICKET_COLUMNS " FROM tickets t "
	    "WHERE t.merged_into IS NULL");
	for (i = 0; i < sizeof(clauses) / sizeof(clauses[0]); i++) {
		if (*(const char *const *)((const char *)f + clauses[i].offset) ==
		    NULL)
			continue;
		/* With a text, indicator or partner to start from, status
		 * and category only filter (a unary + keeps SQLite from
		 * walking their index, which holds most tickets). */
		if ((f->text || f->ioc_type || f->partner) &&
		    (strncmp(clauses[i].sql, " AND t.status", 13) == 0 ||
		    strncmp(clauses[i].sql, " AND t.category", 15) == 0 ||
		    strncmp(clauses[i].sql, " AND t.owner", 12) == 0)) {
			buf_addstr(&sql, " AND +");
			buf_addstr(&sql, clauses[i].sql + 5);
		} else
			buf_addstr(&sql, clauses[i].sql);
	}
	buf_addstr(&sql, " ORDER BY t.id DESC LIMIT :limit");
	n = prepare(s, &st, sql.data, e);
	buf_release(&sql);
	if (n < 0)
		return -1;
	bind_named(st, ":status", f->status);
	bind_named(st, ":category", f->category);
	bind_named(st, ":owner", f->owner);
	bind_named(st, ":since", f->since);
	bind_named(st, ":until", f->until);
	bind_named(st, ":text", f->text);
	bind_named(st, ":ioc_type", f->ioc_type);
	bind_named(st, ":ioc_value", f->ioc_value);
	bind_named(st, ":cidr_keys", f->cidr_keys ? f->cidr_keys : "[]");
	bind_named(st, ":domain_key", f->domain_key);
	bind_named(st, ":partner", f->partner);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
	    f->limit > 0 ? f->limit : -1);
	n = walk_tickets(s, st, fn, arg, e);
	return n < 0 ? -1 : 0;
}

static int
month_ticket_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_month_ticket t = {
		.id = sqlite3_column_int64(st, 0),
		.status = column_text(st, 1), .category = column_text(st, 2),
		.created = column_text(st, 3), .partner = column_text(st, 4),
		.resolved = column_text(st, 5),
		.first_notice = column_text(st, 6),
	};

	return r->fn.month_ticket(&t, r->arg);
}

int
store_month_tickets(struct store *s, const char *since, const char *until,
    int (*fn)(const struct store_month_ticket *t, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT t.id, t.status, t.category, t.created, "
	    "coalesce((SELECT c.name FROM partner_refs r JOIN correspondents c "
	    "ON c.id = r.partner_id WHERE r.ticket_id = t.id ORDER BY r.id "
	    "LIMIT 1), (SELECT c.name FROM messages m "
	    "JOIN correspondent_addresses a ON a.address = m.from_addr "
	    "COLLATE NOCASE JOIN correspondents c ON c.id = a.correspondent_id "
	    "AND c.role = 'partner' WHERE m.ticket_id = t.id "
	    "AND m.direction = 'in' ORDER BY m.id LIMIT 1)), "
	    "(SELECT min(at) FROM audit WHERE ticket_id = t.id "
	    "AND action = 'ticket.set' AND detail LIKE 'status: % -> resolved'), "
	    "(SELECT min(o.created) FROM outbox o JOIN messages m "
	    "ON m.id = o.message_id WHERE m.ticket_id = t.id "
	    "AND o.purpose IN ('notify', 'takedown')) "
	    "FROM tickets t WHERE t.created >= ?1 AND t.created < ?2 "
	    "AND t.merged_into IS NULL ORDER BY t.id", e) < 0)
		return -1;
	bind_text(st, 1, since);
	bind_text(st, 2, until);
	return each_row(s, st, month_ticket_row,
	    &(struct rows){ .fn.month_ticket = fn, .arg = arg }, e,
	    "reading the month's tickets");
}

static int
month_address_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.month_address(sqlite3_column_int64(st, 0),
	    column_text(st, 1), column_text(st, 2), r->arg);
}

int
store_month_addresses(struct store *s, const char *since, const char *until,
    int (*fn)(int64_t ticket, const char *type, const char *value,
    void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT i.ticket_id, i.type, i.value FROM iocs i "
	    "JOIN tickets t ON t.id = i.ticket_id WHERE t.created >= ?1 "
	    "AND t.created < ?2 AND t.merged_into IS NULL "
	    "AND i.type IN ('ipv4', 'ipv6', 'cidr') AND i.class = 'public' "
	    "AND NOT i.allowlisted ORDER BY i.ticket_id", e) < 0)
		return -1;
	bind_text(st, 1, since);
	bind_text(st, 2, until);
	return each_row(s, st, month_address_row,
	    &(struct rows){ .fn.month_address = fn, .arg = arg }, e,
	    "reading the month's addresses");
}

int
store_message_text_add(struct store *s, int64_t message, const char *subject,
    const char *const *texts, size_t n, struct errbuf *e)
{
	struct buf body = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc, spaced;

	/* the texts joined and spaced here as mailgw_fts_text would: at
	 * most one copy of a report's tens of MB, none of one text that
	 * needs no spaces */
	spaced = n > 1 || (n == 1 && charset_has_cjk(texts[0]));
	for (i = 0; spaced && i < n; i++) {
		if (body.len)
			buf_addch(&body, '\n');
		charset_cjk_spaced(&body, texts[i]);
	}
	if (prepare(s, &st, "INSERT INTO message_text (rowid, subject, body) "
	    "VALUES (?1, mailgw_fts_text(?2), ?3)", e) < 0) {
		buf_release(&body);
		return -1;
	}
	sqlite3_bind_int64(st, 1, message);
	bind_text(st, 2, subject);
	bind_text(st, 3, spaced || n == 0 ? body.data : texts[0]);
	rc = step_done(s, st, e, "indexing a message's text");
	buf_release(&body);
	return rc;
}

int
store_ticket_link(struct store *s, int64_t a, int64_t b, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO ticket_links (a, b) VALUES "
	    "(min(?1, ?2), max(?1, ?2)) ON CONFLICT DO NOTHING", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (step_done(s, st, e, "linking tickets") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

static int
id_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.id(sqlite3_column_int64(st, 0), r->arg);
}

int
store_ticket_links(struct store *s, int64_t ticket,
    int (*fn)(int64_t other, void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT b FROM ticket_links WHERE a = ?1 UNION "
	    "SELECT a FROM ticket_links WHERE b = ?1 ORDER BY 1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, id_row, &(struct rows){ .fn.id = fn, .arg = arg },
	    e, "reading links");
}

int
store_ticket_get(struct store *s, int64_t id, store_ticket_fn fn, void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT " TICKET_COLUMNS " FROM tickets t "
	    "WHERE t.id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return walk_tickets(s, st, fn, arg, e);
}

static int
message_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_message m = {
		.id = sqlite3_column_int64(st, 0),
		.ticket_id = sqlite3_column_int64(st, 1),
		.direction = column_text(st, 2),
		.message_id = column_text(st, 3),
		.content_sha256 = column_text(st, 4),
		.received = column_text(st, 5), .recipient = column_text(st, 6),
		.from_addr = column_text(st, 7),
		.from_name = column_text(st, 8),
		.to = column_text(st, 9), .cc = column_text(st, 10),
		.subject = column_text(st, 11), .date = column_text(st, 12),
		.in_reply_to = column_text(st, 13), .refs = column_text(st, 14),
		.problem = column_text(st, 15),
		.size = (size_t)sqlite3_column_int64(st, 16),
		.coverage = column_text(st, 17),
		.encryption = column_text(st, 18),
		.verified_role = column_text(st, 19),
		.verified_name = column_text(st, 20),
		.verified_key = column_text(st, 21),
		.verification = column_text(st, 22),
	};

	return r->fn.message(&m, r->arg);
}

int
store_ticket_messages(struct store *s, int64_t ticket, store_message_fn fn,
    void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT id, ticket_id, direction, message_id, "
	    "content_sha256, received, recipient, from_addr, from_name, "
	    "to_addrs, cc_addrs, subject, date, in_reply_to, refs, problem, "
	    "size, coverage, encryption, verified_role, verified_name, "
	    "verified_key, verification FROM messages WHERE ticket_id = ?1 "
	    "ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, message_row,
	    &(struct rows){ .fn.message = fn, .arg = arg }, e,
	    "reading messages");
}

int
store_count_messages(struct store *s, int64_t *n, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT count(*) FROM messages", e) < 0)
		return -1;
	return step_int64(s, st, n, e, "counting messages") < 0 ? -1 : 0;
}

int
store_last_message(struct store *s, int64_t *id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT coalesce(max(id), 0) FROM messages", e)
	    < 0)
		return -1;
	return step_int64(s, st, id, e, "reading the last message") < 0 ?
	    -1 : 0;
}

int
store_count_incoming(struct store *s, int64_t since, int64_t *n,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT count(*) FROM messages WHERE id > ?1 AND "
	    "direction = 'in'", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	return step_int64(s, st, n, e, "counting messages") < 0 ? -1 : 0;
}

int
store_ticket_status(struct store *s, int64_t id, char *status, size_t size,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT status FROM tickets WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(status, size, "%s", column_text(st, 0));
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(s, rc, e, "reading a ticket");
}

int
store_part_add(struct store *s, const struct store_part *p, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO parts (message_id, path, depth, kind, "
	    "content_type, charset, transfer_encoding, disposition, filename, "
	    "raw_start, raw_length, body_start, body_length, size, text, "
	    "attachment, inner_from, inner_subject, inner_message_id, "
	    "inner_date, problem, text_in_raw, layer_id, encrypted, content, "
	    "signed, pgp, decryption, text_in_attachment) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
	    "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, p->message_id);
	bind_text(st, 2, p->path);
	sqlite3_bind_int(st, 3, p->depth);
	bind_text(st, 4, p->kind);
	bind_text(st, 5, p->content_type);
	bind_text(st, 6, p->charset);
	bind_text(st, 7, p->encoding);
	bind_text(st, 8, p->disposition);
	bind_text(st, 9, p->filename);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)p->raw_start);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)p->raw_len);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)p->body_start);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)p->body_len);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)p->size);
	bind_text(st, 15, p->text_in_raw || p->text_in_attachment ? NULL :
	    p->text);
	bind_text(st, 16, p->attachment);
	bind_text(st, 17, p->inner_from);
	bind_text(st, 18, p->inner_subject);
	bind_text(st, 19, p->inner_message_id);
	bind_text(st, 20, p->inner_date);
	bind_text(st, 21, p->problem);
	sqlite3_bind_int(st, 22, p->text_in_raw != 0 && p->layer_id == 0);
	if (p->layer_id)
		sqlite3_bind_int64(st, 23, p->layer_id);
	sqlite3_bind_int(st, 24, p->encrypted != 0);
	sqlite3_bind_int(st, 25, p->content != 0);
	bind_text(st, 26, p->signed_cover ? p->signed_cover : "none");
	bind_text(st, 27, p->pgp);
	bind_text(st, 28, p->decryption);
	sqlite3_bind_int(st, 29, p->text_in_attachment);
	return step_done(s, st, e, "storing a part");
}

int
store_layer_add(struct store *s, int64_t message, const char *path,
    const char *parent, const void *raw, size_t len, int64_t *id,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO layers (message_id, path, "
	    "parent_path, raw) VALUES (?1, ?2, ?3, ?4)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, message);
	bind_text(st, 2, path);
	bind_text(st, 3, parent);
	sqlite3_bind_blob64(st, 4, raw, len, SQLITE_STATIC);
	if (step_done(s, st, e, "storing a decrypted part") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_signature_add(struct store *s, const struct store_signature *sig,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO signatures (message_id, part_path, "
	    "carrier, status, fingerprint, uid, from_match, forwarded, "
	    "created, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, sig->message_id);
	bind_text(st, 2, sig->part_path);
	bind_text(st, 3, sig->carrier);
	bind_text(st, 4, sig->status);
	bind_text(st, 5, sig->fingerprint);
	bind_text(st, 6, sig->uid);
	sqlite3_bind_int(st, 7, sig->from_match != 0);
	sqlite3_bind_int(st, 8, sig->forwarded != 0);
	bind_text(st, 9, sig->created);
	bind_text(st, 10, sig->detail);
	return step_done(s, st, e, "storing a signature");
}

static int
signature_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_signature sig = {
		.message_id = sqlite3_column_int64(st, 0),
		.part_path = column_text(st, 1), .carrier = column_text(st, 2),
		.status = column_text(st, 3),
		.fingerprint = column_text(st, 4), .uid = column_text(st, 5),
		.from_match = sqlite3_column_int(st, 6),
		.forwarded = sqlite3_column_int(st, 7),
		.created = column_text(st, 8), .detail = column_text(st, 9),
	};

	return r->fn.signature(&sig, r->arg);
}

int
store_message_signatures(struct store *s, int64_t message,
    store_signature_fn fn, void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT message_id, part_path, carrier, status, "
	    "fingerprint, uid, from_match, forwarded, created, detail "
	    "FROM signatures WHERE message_id = ?1 ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, message);
	return each_row(s, st, signature_row,
	    &(struct rows){ .fn.signature = fn, .arg = arg }, e,
	    "reading signatures");
}

int
store_attachment_exists(struct store *s, const char *sha256, struct errbuf *e)
{
	sqlite3_stmt *st;
	int64_t one;

	if (prepare(s, &st, "SELECT 1 FROM attachments WHERE sha256 = ?1",
	    e) < 0)
		return -1;
	bind_text(st, 1, sha256);
	return step_int64(s, st, &one, e, "finding an attachment");
}

int
store_attachment_add(struct store *s, const char *sha256, const void *data,
    size_t len, const char *magic_type, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT OR IGNORE INTO attachments (sha256, size, "
	    "magic_type, data) VALUES (?1, ?2, ?3, ?4)", e) < 0)
		return -1;
	bind_text(st, 1, sha256);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
	bind_text(st, 3, magic_type);
	sqlite3_bind_blob64(st, 4, data, len, SQLITE_STATIC);
	return step_done(s, st, e, "storing an attachment");
}

/* The one row's first column appended to out: 1, or 0 without a row. */
static int
step_blob(struct store *s, sqlite3_stmt *st, struct buf *out,
    struct errbuf *e, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		buf_add(out, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(s, rc, e, what);
}

int
store_attachment_get(struct store *s, const char *sha256, struct buf *out,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT data FROM attachments WHERE sha256 = ?1",
	    e) < 0)
		return -1;
	bind_text(st, 1, sha256);
	return step_blob(s, st, out, e, "reading an attachment");
}

int
store_attachment_text(struct store *s, const char *sha256, struct buf *out,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT t.text FROM parts p JOIN part_text t "
	    "ON t.id = p.id WHERE p.attachment = ?1 AND t.text IS NOT NULL "
	    "ORDER BY p.id LIMIT 1", e) < 0)
		return -1;
	bind_text(st, 1, sha256);
	return step_blob(s, st, out, e, "reading an attachment's text");
}

int
store_message_raw(struct store *s, int64_t id, struct buf *out,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT raw FROM messages WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return step_blob(s, st, out, e, "reading a message");
}

static int
part_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_part p = {
		.message_id = sqlite3_column_int64(st, 0),
		.path = column_text(st, 1), .depth = sqlite3_column_int(st, 2),
		.kind = column_text(st, 3), .content_type = column_text(st, 4),
		.charset = column_text(st, 5), .encoding = column_text(st, 6),
		.disposition = column_text(st, 7),
		.filename = column_text(st, 8),
		.raw_start = (size_t)sqlite3_column_int64(st, 9),
		.raw_len = (size_t)sqlite3_column_int64(st, 10),
		.body_start = (size_t)sqlite3_column_int64(st, 11),
		.body_len = (size_t)sqlite3_column_int64(st, 12),
		.size = (size_t)sqlite3_column_int64(st, 13),
		.text = column_text(st, 14), .attachment = column_text(st, 15),
		.magic_type = column_text(st, 16),
		.inner_from = column_text(st, 17),
		.inner_subject = column_text(st, 18),
		.inner_message_id = column_text(st, 19),
		.inner_date = column_text(st, 20),
		.problem = column_text(st, 21),
		.layer_id = sqlite3_column_int64(st, 22),
		.encrypted = sqlite3_column_int(st, 23),
		.content = sqlite3_column_int(st, 24),
		.signed_cover = column_text(st, 25), .pgp = column_text(st, 26),
		.decryption = column_text(st, 27),
	};

	return r->fn.part(&p, r->arg);
}

int
store_message_parts(struct store *s, int64_t message, store_part_fn fn,
    void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT p.message_id, p.path, p.depth, p.kind, "
	    "p.content_type, p.charset, p.transfer_encoding, p.disposition, "
	    "p.filename, p.raw_start, p.raw_length, p.body_start, "
	    "p.body_length, p.size, t.text, p.attachment, a.magic_type, "
	    "p.inner_from, p.inner_subject, p.inner_message_id, p.inner_date, "
	    "p.problem, p.layer_id, p.encrypted, p.content, p.signed, p.pgp, "
	    "p.decryption FROM parts p JOIN part_text t ON t.id = p.id "
	    "LEFT JOIN attachments a ON a.sha256 = p.attachment "
	    "WHERE p.message_id = ?1 ORDER BY p.id",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, message);
	return each_row(s, st, part_row,
	    &(struct rows){ .fn.part = fn, .arg = arg }, e,
	    "reading parts");
}

int
store_correspondent_add(struct store *s, const char *role, const char *name,
    const char *ref_regex, int64_t *id, int *created, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT id FROM correspondents WHERE role = ?1 "
	    "AND name = ?2", e) < 0)
		return -1;
	bind_text(st, 1, role);
	bind_text(st, 2, name);
	if ((rc = step_int64(s, st, id, e, "finding a correspondent")) < 0)
		return -1;
	*created = rc == 0;
	if (rc == 0) {
		if (prepare(s, &st, "INSERT INTO correspondents (role, name) "
		    "VALUES (?1, ?2)", e) < 0)
			return -1;
		bind_text(st, 1, role);
		bind_text(st, 2, name);
		if (step_done(s, st, e, "adding a correspondent") < 0)
			return -1;
		*id = sqlite3_last_insert_rowid(s->db);
	}
	if (ref_regex == NULL)
		return 0;
	if (prepare(s, &st, "UPDATE correspondents SET ref_regex = ?2 "
	    "WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, *id);
	bind_text(st, 2, ref_regex);
	return step_done(s, st, e, "setting a reference pattern");
}

int
store_correspondent_bind(struct store *s, int64_t id, const char *what,
    const char *value, struct errbuf *e)
{
	int key = strcmp(what, "key") == 0;
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, key ?
	    "SELECT c.id, c.role || ' ' || c.name FROM correspondent_keys k "
	    "JOIN correspondents c ON c.id = k.correspondent_id "
	    "WHERE k.fingerprint = ?1" :
	    "SELECT c.id, c.role || ' ' || c.name FROM correspondent_addresses a "
	    "JOIN correspondents c ON c.id = a.correspondent_id "
	    "WHERE a.address = ?1", e) < 0)
		return -1;
	bind_text(st, 1, value);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) != id) {
		err_set(e, ST_DATA, "%s %s belongs to %s already", what, value,
		    column_text(st, 1));
		release(s, st);
		return -1;
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 0;	/* bound to this one already */
	if (rc != SQLITE_DONE)
		return fail(s, rc, e, "finding an address or key");
	if (prepare(s, &st, key ?
	    "INSERT INTO correspondent_keys (correspondent_id, fingerprint) "
	    "VALUES (?1, ?2)" :
	    "INSERT INTO correspondent_addresses (correspondent_id, address) "
	    "VALUES (?1, ?2)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, value);
	return step_done(s, st, e, "binding an address or key");
}

int
store_correspondent_remove(struct store *s, const char *role,
    const char *name, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "DELETE FROM correspondents WHERE role = ?1 AND "
	    "name = ?2", e) < 0)
		return -1;
	bind_text(st, 1, role);
	bind_text(st, 2, name);
	if (step_done(s, st, e, "removing a correspondent") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

static int
correspondent_row(sqlite3_stmt *st, struct rows *r)
{
	const char *addresses = column_text(st, 5), *keys = column_text(st, 6);
	struct store_correspondent c = {
		.id = sqlite3_column_int64(st, 0), .role = column_text(st, 1),
		.name = column_text(st, 2), .ref_regex = column_text(st, 3),
		.created = column_text(st, 4),
		.addresses = addresses ? addresses : "",
		.keys = keys ? keys : "",
	};

	return r->fn.correspondent(&c, r->arg);
}

int
store_correspondent_list(struct store *s, const char *role,
    store_correspondent_fn fn, void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT c.id, c.role, c.name, c.ref_regex, "
	    "c.created, (SELECT group_concat(address, ' ') FROM "
	    "(SELECT address FROM correspondent_addresses "
	    "WHERE correspondent_id = c.id ORDER BY address)), "
	    "(SELECT group_concat(fingerprint, ' ') FROM "
	    "(SELECT fingerprint FROM correspondent_keys "
	    "WHERE correspondent_id = c.id ORDER BY fingerprint)) "
	    "FROM correspondents c WHERE c.role = ?1 ORDER BY c.name", e) < 0)
		return -1;
	bind_text(st, 1, role);
	return each_row(s, st, correspondent_row,
	    &(struct rows){ .fn.correspondent = fn, .arg = arg }, e,
	    "reading correspondents");
}

int
store_correspondent_by_address(struct store *s, const char *role,
    const char *address, int64_t *id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (address[0] == '\0')
		return 0;
	if (prepare(s, &st, "SELECT c.id FROM correspondent_addresses a "
	    "JOIN correspondents c ON c.id = a.correspondent_id "
	    "WHERE a.address = ?1 AND c.role = ?2", e) < 0)
		return -1;
	bind_text(st, 1, address);
	bind_text(st, 2, role);
	return step_int64(s, st, id, e, "finding a partner");
}

int
store_correspondent_by_key(struct store *s, const char *fingerprint,
    int64_t *id, char role[16], struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (fingerprint[0] == '\0')
		return 0;
	if (prepare(s, &st, "SELECT c.id, c.role FROM correspondent_keys k "
	    "JOIN correspondents c ON c.id = k.correspondent_id "
	    "WHERE k.fingerprint = ?1", e) < 0)
		return -1;
	bind_text(st, 1, fingerprint);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(role, 16, "%s", column_text(st, 1));
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(s, rc, e, "finding a key's owner");
}

int
store_partner_ref_ticket(struct store *s, int64_t partner, const char *ref,
    int64_t *ticket, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT ticket_id FROM partner_refs "
	    "WHERE partner_id = ?1 AND ref = ?2", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, partner);
	bind_text(st, 2, ref);
	return step_int64(s, st, ticket, e, "finding a partner reference");
}

int
store_partner_ref_add(struct store *s, int64_t partner, const char *ref,
    int64_t ticket, int64_t message, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT OR IGNORE INTO partner_refs (partner_id, "
	    "ref, ticket_id, message_id) VALUES (?1, ?2, ?3, ?4)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, partner);
	bind_text(st, 2, ref);
	sqlite3_bind_int64(st, 3, ticket);
	sqlite3_bind_int64(st, 4, message);
	return step_done(s, st, e, "mapping a partner reference");
}

static int
ref_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.ref(column_text(st, 0), column_text(st, 1), r->arg);
}

int
store_ticket_partner_refs(struct store *s, int64_t ticket, store_ref_fn fn,
    void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT c.name, r.ref FROM partner_refs r "
	    "JOIN correspondents c ON c.id = r.partner_id "
	    "WHERE r.ticket_id = ?1 ORDER BY r.id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, ref_row,
	    &(struct rows){ .fn.ref = fn, .arg = arg }, e,
	    "reading partner references");
}

int
store_outbox_add(struct store *s, int64_t message, const char *purpose,
    const char *envelope_from, const char *recipient, int64_t *id,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO outbox (message_id, purpose, "
	    "envelope_from, recipient) VALUES (?1, ?2, ?3, ?4)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, message);
	bind_text(st, 2, purpose);
	bind_text(st, 3, envelope_from);
	bind_text(st, 4, recipient);
	if (step_done(s, st, e, "queueing a message") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_outbox_get(struct store *s, int64_t id,
    int (*fn)(const struct store_outbox *o, void *arg), void *arg,
    struct errbuf *e)
{
	struct store_outbox o;
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT o.id, o.message_id, o.purpose, "
	    "o.envelope_from, o.recipient, o.status, m.raw FROM outbox o "
	    "JOIN messages m ON m.id = o.message_id WHERE o.id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o.id = sqlite3_column_int64(st, 0);
		o.message_id = sqlite3_column_int64(st, 1);
		o.purpose = column_text(st, 2);
		o.envelope_from = column_text(st, 3);
		o.recipient = column_text(st, 4);
		o.status = column_text(st, 5);
		o.raw = sqlite3_column_blob(st, 6);
		o.size = (size_t)sqlite3_column_bytes(st, 6);
		rc = fn(&o, arg) < 0 ? -2 : SQLITE_ROW;
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == -2)
		return -1;
	return fail(s, rc, e, "reading the outbox");
}

int
store_outbox_mark(struct store *s, int64_t id, const char *status,
    const char *error, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "UPDATE outbox SET status = ?2, last_error = ?3, "
	    "attempts = attempts + 1, sent = CASE WHEN ?2 = 'sent' THEN "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, error);
	return step_done(s, st, e, "marking the outbox");
}

int
store_outbox_recent(struct store *s, const char *purpose,
    const char *recipient, int64_t *n, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT count(*) FROM outbox WHERE purpose = ?1 "
	    "AND recipient = ?2 AND created > strftime('%Y-%m-%dT%H:%M:%SZ', "
	    "'now', '-1 day')", e) < 0)
		return -1;
	bind_text(st, 1, purpose);
	bind_text(st, 2, recipient);
	return step_int64(s, st, n, e, "counting replies") < 0 ? -1 : 0;
}

int
store_report_add(struct store *s, const struct store_report *r,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO structured_reports (message_id, "
	    "format, type, category, source_ip, source, time, valid, problem) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, r->message_id);
	bind_text(st, 2, r->format);
	bind_text(st, 3, r->type);
	bind_text(st, 4, r->category);
	bind_text(st, 5, r->source_ip);
	bind_text(st, 6, r->source);
	bind_text(st, 7, r->time);
	sqlite3_bind_int(st, 8, r->problem == NULL);
	bind_text(st, 9, r->problem);
	return step_done(s, st, e, "storing a structured report");
}

int
store_report_get(struct store *s, int64_t message,
    int (*fn)(const struct store_report *r, void *arg), void *arg,
    struct errbuf *e)
{
	struct store_report r;
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT format, type, category, source_ip, source, "
	    "time, problem FROM structured_reports WHERE message_id = ?1",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, message);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r.message_id = message;
		r.format = column_text(st, 0);
		r.type = column_text(st, 1);
		r.category = column_text(st, 2);
		r.source_ip = column_text(st, 3);
		r.source = column_text(st, 4);
		r.time = column_text(st, 5);
		r.problem = column_text(st, 6);
		fn(&r, arg);
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(s, rc, e, "reading a structured report");
}

static int
id_text_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.id_text(sqlite3_column_int64(st, 0), column_text(st, 1),
	    r->arg);
}

int
store_partner_patterns(struct store *s,
    int (*fn)(int64_t id, const char *pattern, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT id, ref_regex FROM correspondents WHERE "
	    "role = 'partner' AND ref_regex IS NOT NULL AND ref_regex <> ''",
	    e) < 0)
		return -1;
	return each_row(s, st, id_text_row,
	    &(struct rows){ .fn.id_text = fn, .arg = arg }, e,
	    "reading reference patterns");
}

static int step_cached(struct store *s, sqlite3_stmt *st, struct errbuf *e,
    const char *what);

/*
 * Rows inserted STORE_ROWS to a statement (a statement's start and end
 * cost about a third of a one-row insert), the rest one by one; lists
 * shorter than min_many all one by one (the long statement's
 * preparation would cost more than it saves). statement gives the
 * table's statement for STORE_ROWS rows (many) or for one; bind binds
 * a row from a parameter on.
 */
struct row_writer {
	int (*statement)(struct store *s, int what, int many,
	    sqlite3_stmt **st, struct errbuf *e);
	void (*bind)(sqlite3_stmt *st, int param, const void *row);
	size_t size;		/* of a row */
	int columns;		/* parameters a row takes */
	size_t min_many;
	const char *what;	/* for an error: "storing networks" */
};

static int
write_rows(struct store *s, const struct row_writer *w, int what,
    const void *v, size_t n, struct errbuf *e)
{
	const char *row = v;
	sqlite3_stmt *st;
	size_t i = 0;
	int k;

	for (; n >= w->min_many && i + STORE_ROWS <= n; i += STORE_ROWS) {
		if (w->statement(s, what, 1, &st, e) < 0)
			return -1;
		for (k = 0; k < STORE_ROWS; k++)
			w->bind(st, 1 + k * w->columns,
			    row + (i + (size_t)k) * w->size);
		if (step_cached(s, st, e, w->what) < 0)
			return -1;
	}
	for (; i < n; i++) {
		if (w->statement(s, what, 0, &st, e) < 0)
			return -1;
		w->bind(st, 1, row + i * w->size);
		if (step_cached(s, st, e, w->what) < 0)
			return -1;
	}
	return 0;
}

#define IOC_COLUMNS 9
#define IOC_MANY (16 * STORE_ROWS)	/* rows worth the long statement */

static const char ioc_insert[] = "INSERT INTO iocs (ticket_id, type, "
    "value, class, allowlisted, defanged, signed, occurrences, message_id, "
    "search_key) VALUES ";
static const char ioc_upsert[] = " ON CONFLICT (ticket_id, type, value) "
    "DO UPDATE SET occurrences = occurrences + excluded.occurrences, "
    "defanged = max(defanged, excluded.defanged), signed = max(signed, "
    "excluded.signed)";

/* The values of one indicator's row, parameters p..p+8 (its search key
 * is made from p+1 and p+2 in the statement). */
static void
ioc_values(struct buf *sql, int p)
{
	buf_addf(sql, "(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, "
	    "mailgw_ioc_key(?%d, ?%d))", p, p + 1, p + 2, p + 3, p + 4, p + 5,
	    p + 6, p + 7, p + 8, p + 1, p + 2);
}

static void
bind_ioc(sqlite3_stmt *st, int p, const void *row)
{
	const struct store_ioc *ioc = row;

	sqlite3_bind_int64(st, p, ioc->ticket_id);
	bind_text(st, p + 1, ioc->type);
	bind_text(st, p + 2, ioc->value);
	bind_text(st, p + 3, ioc->class);
	sqlite3_bind_int(st, p + 4, ioc->allowlisted != 0);
	sqlite3_bind_int(st, p + 5, ioc->defanged != 0);
	sqlite3_bind_int(st, p + 6, ioc->is_signed != 0);
	sqlite3_bind_int64(st, p + 7, ioc->occurrences);
	sqlite3_bind_int64(st, p + 8, ioc->message_id);
}

/* The statement for one indicator (many: STORE_ROWS of them). */
static int
ioc_statement(struct store *s, int what, int many, sqlite3_stmt **st,
    struct errbuf *e)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt **slot = many ? &s->cached[CACHED_IOCS_MANY] : &s->ioc_add;
	int r, rc = 0;

	(void)what;
	if (*slot == NULL) {
		buf_addstr(&sql, ioc_insert);
		for (r = 0; r < (many ? STORE_ROWS : 1); r++) {
			if (r)
				buf_addstr(&sql, ", ");
			ioc_values(&sql, 1 + r * IOC_COLUMNS);
		}
		buf_addstr(&sql, ioc_upsert);
		rc = prepare_kept(s, slot, sql.data, e);
		buf_release(&sql);
	}
	*st = *slot;
	return rc;
}

int
store_iocs_add(struct store *s, const struct store_ioc *v, size_t n,
    struct errbuf *e)
{
	static const struct row_writer w = { ioc_statement, bind_ioc,
	    sizeof(struct store_ioc), IOC_COLUMNS, IOC_MANY,
	    "storing indicators" };

	return write_rows(s, &w, 0, v, n, e);
}

int
store_ioc_add(struct store *s, const struct store_ioc *ioc, struct errbuf *e)
{
	return store_iocs_add(s, ioc, 1, e);
}

int
store_ioc_row_add(struct store *s, const struct store_ioc_row *row,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (s->ioc_row_add == NULL && prepare_kept(s, &s->ioc_row_add, "INSERT INTO "
	    "ioc_rows (ticket_id, message_id, part_path, line, type, value, "
	    "seen, columns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e) < 0)
		return -1;
	st = s->ioc_row_add;
	sqlite3_bind_int64(st, 1, row->ticket_id);
	sqlite3_bind_int64(st, 2, row->message_id);
	bind_text(st, 3, row->part_path);
	sqlite3_bind_int64(st, 4, row->line);
	bind_text(st, 5, row->type);
	bind_text(st, 6, row->value);
	bind_text(st, 7, row->seen);
	bind_text(st, 8, row->columns);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, e, "storing a report row");
	return 0;
}

static int
type_value_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.type_value(column_text(st, 0), column_text(st, 1),
	    r->arg);
}

int
store_ticket_host_ips(struct store *s, int64_t ticket, const char *host,
    int (*fn)(const char *type, const char *value, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT DISTINCT type, value FROM ioc_rows "
	    "WHERE ticket_id = ?1 AND lower(rtrim(coalesce("
	    "json_extract(columns, '$.hostname'), json_extract(columns, "
	    "'$.host'), json_extract(columns, '$.domain')), '.')) = lower(?2) "
	    "ORDER BY type, value", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	bind_text(st, 2, host);
	return each_row(s, st, type_value_row, &(struct rows){
	    .fn.type_value = fn, .arg = arg }, e, "reading a host's addresses");
}

static int
ioc_row_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_ioc_row row = {
		.ticket_id = sqlite3_column_int64(st, 0),
		.message_id = sqlite3_column_int64(st, 1),
		.part_path = column_text(st, 2),
		.line = sqlite3_column_int64(st, 3),
		.type = column_text(st, 4), .value = column_text(st, 5),
		.seen = (const char *)sqlite3_column_text(st, 6),
		.columns = column_text(st, 7),
	};

	return r->fn.ioc_row(&row, r->arg);
}

int
store_ioc_rows(struct store *s, int64_t ticket, const char *type,
    const char *value, int (*fn)(const struct store_ioc_row *row,
    void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT ticket_id, message_id, part_path, line, "
	    "type, value, seen, columns FROM ioc_rows WHERE ticket_id = ?1 "
	    "AND type = ?2 AND value = ?3 ORDER BY message_id, line", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	bind_text(st, 2, type);
	bind_text(st, 3, value);
	return each_row(s, st, ioc_row_row,
	    &(struct rows){ .fn.ioc_row = fn, .arg = arg }, e,
	    "reading report rows");
}

int
store_ticket_has_rows(struct store *s, int64_t ticket, int *has,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (prepare(s, &st, "SELECT EXISTS (SELECT 1 FROM ioc_rows WHERE "
	    "ticket_id = ?1)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	if (step_int64(s, st, &v, e, "reading report rows") < 0)
		return -1;
	*has = v != 0;
	return 0;
}

static int
ioc_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_ioc i = {
		.ticket_id = sqlite3_column_int64(st, 0),
		.message_id = sqlite3_column_int64(st, 1),
		.type = column_text(st, 2), .value = column_text(st, 3),
		.class = column_text(st, 4), .first_seen = column_text(st, 5),
		.allowlisted = sqlite3_column_int(st, 6),
		.defanged = sqlite3_column_int(st, 7),
		.is_signed = sqlite3_column_int(st, 8),
		.occurrences = sqlite3_column_int64(st, 9),
	};

	return r->fn.ioc(&i, r->arg);
}

int
store_ioc_list(struct store *s, int64_t ticket, const char *since,
    int (*fn)(const struct store_ioc *ioc, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT ticket_id, message_id, type, value, class, "
	    "first_seen, allowlisted, defanged, signed, occurrences FROM iocs "
	    "WHERE (?1 = 0 OR ticket_id = ?1) AND (?2 IS NULL OR "
	    "first_seen >= ?2) ORDER BY ticket_id, id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	bind_text(st, 2, since);
	return each_row(s, st, ioc_row,
	    &(struct rows){ .fn.ioc = fn, .arg = arg }, e,
	    "reading indicators");
}

int
store_ticket_iocs(struct store *s, int64_t ticket,
    int (*fn)(const struct store_ioc *ioc, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT ticket_id, message_id, type, value, class, "
	    "first_seen, allowlisted, defanged, signed, occurrences FROM iocs "
	    "WHERE ticket_id = ?1 ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, ioc_row,
	    &(struct rows){ .fn.ioc = fn, .arg = arg }, e,
	    "reading indicators");
}

static int
text_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.text(column_text(st, 0), r->arg);
}

int
store_partner_domains(struct store *s, int (*fn)(const char *domain,
    void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT DISTINCT lower(substr(a.address, "
	    "instr(a.address, '@') + 1)) FROM correspondent_addresses a "
	    "JOIN correspondents c ON c.id = a.correspondent_id "
	    "WHERE c.role = 'partner'", e) < 0)
		return -1;
	return each_row(s, st, text_row,
	    &(struct rows){ .fn.text = fn, .arg = arg }, e,
	    "reading partner domains");
}

int
store_ticket_set(struct store *s, int64_t id, const char *field,
    const char *value, char **old, struct errbuf *e)
{
	static const struct {
		const char *field, *get, *set;
	} fields[] = {
		{ "status", "SELECT status FROM tickets WHERE id = ?1",
		    "UPDATE tickets SET status = ?2, updated = "
		    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1" },
		{ "category", "SELECT category FROM tickets WHERE id = ?1",
		    "UPDATE tickets SET category = ?2, updated = "
		    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1" },
		{ "owner", "SELECT owner FROM tickets WHERE id = ?1",
		    "UPDATE tickets SET owner = ?2, updated = "
		    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1" },
		{ "priority", "SELECT priority FROM tickets WHERE id = ?1",
		    "UPDATE tickets SET priority = ?2, updated = "
		    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1" },
		{ "takedown", "SELECT takedown FROM tickets WHERE id = ?1",
		    "UPDATE tickets SET takedown = ?2, updated = "
		    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1" },
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	*old = NULL;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].field, field) == 0)
			break;
	if (i == sizeof(fields) / sizeof(fields[0]))
		return err_set(e, ST_SOFTWARE, "store: no ticket field %s",
		    field);
	if (prepare(s, &st, fields[i].get, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && column_text(st, 0))
		*old = xstrdup(column_text(st, 0));
	release(s, st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return fail(s, rc, e, "reading a ticket");
	if (prepare(s, &st, fields[i].set, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, value);
	if (step_done(s, st, e, "changing a ticket") < 0)
		return -1;
	return 1;
}

int
store_note_add(struct store *s, int64_t ticket, const char *author,
    const char *text, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO notes (ticket_id, author, text) "
	    "VALUES (?1, ?2, ?3)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	bind_text(st, 2, author);
	bind_text(st, 3, text);
	return step_done(s, st, e, "storing a note");
}

/* A row of (id, at, who, action, text). */
static int
entry_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_entry en = {
		.id = sqlite3_column_int64(st, 0), .at = column_text(st, 1),
		.who = column_text(st, 2), .action = column_text(st, 3),
		.text = column_text(st, 4),
	};

	return r->fn.entry(&en, r->arg);
}

int
store_ticket_notes(struct store *s, int64_t ticket, store_entry_fn fn,
    void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT id, at, author, NULL, text FROM notes "
	    "WHERE ticket_id = ?1 ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, entry_row,
	    &(struct rows){ .fn.entry = fn, .arg = arg }, e,
	    "reading notes");
}

int
store_ticket_audit(struct store *s, int64_t ticket, store_entry_fn fn,
    void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT id, at, actor, action, detail FROM audit "
	    "WHERE ticket_id = ?1 ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, entry_row,
	    &(struct rows){ .fn.entry = fn, .arg = arg }, e,
	    "reading the audit log");
}

/* One statement of a merge, with ?1 the ticket merged and ?2 the one
 * merged into. */
static int
merge_step(struct store *s, const char *sql, int64_t from, int64_t into,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, sql, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, into);
	return step_done(s, st, e, "merging tickets");
}

int
store_ticket_merge(struct store *s, int64_t from, int64_t into,
    struct errbuf *e)
{
	static const char *const steps[] = {
		"UPDATE messages SET ticket_id = ?2 WHERE ticket_id = ?1",
		/* An indicator both tickets have is counted together. */
		"INSERT INTO iocs (ticket_id, type, value, class, allowlisted, "
		"defanged, signed, occurrences, message_id, first_seen, "
		"search_key) SELECT ?2, type, value, class, allowlisted, "
		"defanged, signed, occurrences, message_id, first_seen, "
		"search_key FROM iocs "
		"WHERE ticket_id = ?1 AND true ON CONFLICT (ticket_id, type, "
		"value) DO UPDATE SET occurrences = occurrences + "
		"excluded.occurrences, defanged = max(defanged, "
		"excluded.defanged), signed = max(signed, excluded.signed), "
		"first_seen = min(first_seen, excluded.first_seen)",
		"DELETE FROM iocs WHERE ticket_id = ?1",
		"UPDATE ioc_rows SET ticket_id = ?2 WHERE ticket_id = ?1",
		"UPDATE partner_refs SET ticket_id = ?2 WHERE ticket_id = ?1",
		"UPDATE notes SET ticket_id = ?2 WHERE ticket_id = ?1",
		/* A pending notification both have for one contact stays with
		 * the merged ticket (its token still finds it). */
		"UPDATE OR IGNORE notifications SET ticket_id = ?2 "
		"WHERE ticket_id = ?1",
		"UPDATE tickets SET merged_into = ?2, updated = "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
		"UPDATE tickets SET updated = strftime('%Y-%m-%dT%H:%M:%SZ', "
		"'now') WHERE id = ?2",
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (merge_step(s, steps[i], from, into, e) < 0)
			return -1;
	return 0;
}

int
store_ticket_merged_into(struct store *s, int64_t id, int64_t *into,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT merged_into FROM tickets WHERE id = ?1 "
	    "AND merged_into IS NOT NULL", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return step_int64(s, st, into, e, "reading a merge");
}

/*
 * Contacts. Imports insert by the million: their statements are
 * prepared once (s->cached) and reset between rows.
 */
static int
cached(struct store *s, enum cached_stmt which, const char *sql,
    sqlite3_stmt **st, struct errbuf *e)
{
	if (s->cached[which] == NULL &&
	    prepare_kept(s, &s->cached[which], sql, e) < 0)
		return -1;
	*st = s->cached[which];
	return 0;
}

/* Step a cached statement to its end and reset it. */
static int
step_cached(struct store *s, sqlite3_stmt *st, struct errbuf *e,
    const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, e, what);
}

static int
addr_len(int family)
{
	return family == 4 ? 4 : 16;
}

/*
 * An import's transaction. A source is replaced by deleting its rows
 * child tables first, each through an index (store_source_replace), so
 * the foreign keys' ON DELETE CASCADE has nothing left to do, and their
 * checks are off for the transaction: with them on, deleting each of a
 * source's contacts would scan every other source's ranges for rows
 * naming it (contact_ranges has no index by contact, which every insert
 * would pay for), and a re-import beside a full RIR dump would take
 * hours. What an import inserts refers only to its own source and to
 * contacts it made; tests check the store with foreign_key_check after
 * imports and re-imports.
 */
int
store_import_begin(struct store *s, struct errbuf *e)
{
	if (exec(s, "PRAGMA foreign_keys = OFF", e, "preparing an import")
	    < 0)
		return -1;
	if (store_begin(s, e) < 0) {
		exec(s, "PRAGMA foreign_keys = ON", NULL, NULL);
		return -1;
	}
	return 0;
}

int
store_import_end(struct store *s, int commit, struct errbuf *e)
{
	int rc = 0;

	if (commit)
		rc = store_commit(s, e);
	if (!commit || rc < 0)
		store_rollback(s);
	if (exec(s, "PRAGMA foreign_keys = ON", rc < 0 ? NULL : e,
	    "ending an import") < 0)
		rc = -1;
	return rc;
}

int
store_source_replace(struct store *s, const char *name, const char *format,
    int manual, int64_t *id, struct errbuf *e)
{
	/* Children before parents: the contacts' through their index by
	 * contact, the source's own rows through the span of rowids its
	 * import took (migration 0018). */
#define SOURCE_CONTACTS "(SELECT c.id FROM contact_sources x JOIN contacts " \
	"c ON c.id BETWEEN x.first_contact AND x.last_contact AND " \
	"c.source_id = x.id WHERE x.name = ?1)"
	static const char *const drop[] = {
		"DELETE FROM contact_asns WHERE contact_id IN " SOURCE_CONTACTS,
		"DELETE FROM contact_countries WHERE contact_id IN "
		    SOURCE_CONTACTS,
		"DELETE FROM contact_domains WHERE contact_id IN "
		    SOURCE_CONTACTS,
		"DELETE FROM contact_ranges WHERE id IN (SELECT r.id FROM "
		    "contact_sources x JOIN contact_ranges r ON r.id BETWEEN "
		    "x.first_range AND x.last_range AND r.source_id = x.id "
		    "WHERE x.name = ?1)",
		"DELETE FROM country_ranges WHERE source_id IN (SELECT id FROM "
		    "contact_sources WHERE name = ?1)",
		"DELETE FROM contacts WHERE id IN " SOURCE_CONTACTS,
		"DELETE FROM contact_sources WHERE name = ?1",
	};
#undef SOURCE_CONTACTS
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
		if (prepare(s, &st, drop[i], e) < 0)
			return -1;
		bind_text(st, 1, name);
		if (step_done(s, st, e, "removing a source's last import") < 0)
			return -1;
	}
	/* What this import inserts takes the rowids after the highest
	 * left: the spans start there and end where store_source_done
	 * finds the highest then. */
	if (prepare(s, &st, "INSERT INTO contact_sources (name, format, "
	    "manual, first_contact, first_range) VALUES (?1, ?2, ?3, "
	    "(SELECT coalesce(max(id), 0) + 1 FROM contacts), (SELECT "
	    "coalesce(max(id), 0) + 1 FROM contact_ranges))", e) < 0)
		return -1;
	bind_text(st, 1, name);
	bind_text(st, 2, format);
	sqlite3_bind_int(st, 3, manual != 0);
	if (step_done(s, st, e, "recording a source") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
source_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_source src = {
		.name = column_text(st, 0), .format = column_text(st, 1),
		.imported = column_text(st, 2),
		.manual = sqlite3_column_int(st, 3),
		.objects = sqlite3_column_int64(st, 4),
		.skipped = sqlite3_column_int64(st, 5),
		.contacts = sqlite3_column_int64(st, 6),
		.ranges = sqlite3_column_int64(st, 7),
	};

	return r->fn.source(&src, r->arg);
}

int
store_sources(struct store *s,
    int (*fn)(const struct store_source *src, void *arg), void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT name, format, imported, manual, objects, "
	    "skipped, (SELECT count(*) FROM contacts c WHERE c.id BETWEEN "
	    "x.first_contact AND x.last_contact AND c.source_id = x.id), "
	    "(SELECT count(*) FROM contact_ranges r WHERE r.id BETWEEN "
	    "x.first_range AND x.last_range AND r.source_id = x.id) FROM "
	    "contact_sources x ORDER BY manual DESC, name", e) < 0)
		return -1;
	return each_row(s, st, source_row, &(struct rows){ .fn.source = fn,
	    .arg = arg }, e, "reading contact sources");
}

int
store_source_has_ranges(struct store *s, const char *name, int *has,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (prepare(s, &st, "SELECT EXISTS (SELECT 1 FROM contact_sources "
	    "WHERE name = ?1 AND last_range IS NOT NULL)", e) < 0)
		return -1;
	bind_text(st, 1, name);
	if (step_int64(s, st, &v, e, "reading a source's ranges") < 0)
		return -1;
	*has = v != 0;
	return 0;
}

int
store_source_done(struct store *s, int64_t id, int64_t objects,
    int64_t skipped, struct errbuf *e)
{
	sqlite3_stmt *st;

	/* The spans end at the highest rowids from their starts on: NULL,
	 * no span, when this import inserted nothing into a table. */
	if (prepare(s, &st, "UPDATE contact_sources SET objects = ?2, "
	    "skipped = ?3, last_contact = (SELECT max(id) FROM contacts "
	    "WHERE id >= first_contact), last_range = (SELECT max(id) FROM "
	    "contact_ranges WHERE id >= first_range) WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, objects);
	sqlite3_bind_int64(st, 3, skipped);
	return step_done(s, st, e, "recording a source");
}

int
store_contact_add(struct store *s, const struct store_contact *c,
    int64_t *id, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (cached(s, CACHED_CONTACT, "INSERT INTO contacts (source_id, kind, "
	    "name, email, lang, format, key, interval_s, iana_id, object) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, c->source_id);
	bind_text(st, 2, c->kind);
	bind_text(st, 3, c->name);
	bind_text(st, 4, c->email);
	bind_text(st, 5, c->lang);
	bind_text(st, 6, c->format);
	bind_text(st, 7, c->key);
	if (c->interval_s)
		sqlite3_bind_int64(st, 8, c->interval_s);
	if (c->iana_id)
		sqlite3_bind_int64(st, 9, c->iana_id);
	bind_text(st, 10, c->object);
	if (step_cached(s, st, e, "storing a contact") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* The cached statement that inserts STORE_ROWS rows of ncols columns
 * ("INSERT INTO t (cols) VALUES (?, ...), ..."): an import's rows go in
 * by the batch, sharing one statement's start and end (a third of what
 * a row cost one at a time). */
static int
cached_many(struct store *s, enum cached_stmt which, const char *head,
    int ncols, sqlite3_stmt **st, struct errbuf *e)
{
	struct buf sql = BUF_INIT;
	int r, c, rc;

	if (s->cached[which]) {
		*st = s->cached[which];
		return 0;
	}
	buf_addstr(&sql, head);
	buf_addstr(&sql, " VALUES ");
	for (r = 0; r < STORE_ROWS; r++) {
		buf_addstr(&sql, r ? ", (" : "(");
		for (c = 0; c < ncols; c++)
			buf_addstr(&sql, c ? ", ?" : "?");
		buf_addch(&sql, ')');
	}
	rc = cached(s, which, sql.data, st, e);
	buf_release(&sql);
	return rc;
}

#define RANGE_COLUMNS 9

/* Bind range r as the columns from param on. */
static void
bind_range(sqlite3_stmt *st, int param, const void *row)
{
	const struct store_range *r = row;

	sqlite3_bind_int64(st, param, r->source_id);
	if (r->contact_id)
		sqlite3_bind_int64(st, param + 1, r->contact_id);
	sqlite3_bind_int(st, param + 2, r->family);
	sqlite3_bind_blob(st, param + 3, r->lo, addr_len(r->family),
	    SQLITE_STATIC);
	sqlite3_bind_blob(st, param + 4, r->hi, addr_len(r->family),
	    SQLITE_STATIC);
	bind_text(st, param + 5, r->netname);
	bind_text(st, param + 6, r->country);
	if (r->asn)
		sqlite3_bind_int64(st, param + 7, r->asn);
	bind_text(st, param + 8, r->object);
}

static int
range_statement(struct store *s, int what, int many, sqlite3_stmt **st,
    struct errbuf *e)
{
	static const char head[] = "INSERT INTO contact_ranges (source_id, "
	    "contact_id, family, lo, hi, netname, country, asn, object)";

	(void)what;
	if (many)
		return cached_many(s, CACHED_RANGES_MANY, head, RANGE_COLUMNS,
		    st, e);
	return cached(s, CACHED_RANGE, "INSERT INTO contact_ranges "
	    "(source_id, contact_id, family, lo, hi, netname, country, asn, "
	    "object) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", st, e);
}

int
store_ranges_add(struct store *s, const struct store_range *v, size_t n,
    struct errbuf *e)
{
	static const struct row_writer w = { range_statement, bind_range,
	    sizeof(struct store_range), RANGE_COLUMNS, 0, "storing networks" };

	return write_rows(s, &w, 0, v, n, e);
}

int
store_range_add(struct store *s, const struct store_range *r,
    struct errbuf *e)
{
	return store_ranges_add(s, r, 1, e);
}

int
store_scope_add(struct store *s, const char *scope, int64_t contact,
    const char *value, struct errbuf *e)
{
	enum cached_stmt which = strcmp(scope, "asn") == 0 ? CACHED_ASN :
	    strcmp(scope, "country") == 0 ? CACHED_COUNTRY : CACHED_DOMAIN;
	static const char *const sql[] = {
		[CACHED_ASN] = "INSERT INTO contact_asns (asn, contact_id) "
		    "VALUES (?1, ?2)",
		[CACHED_COUNTRY] = "INSERT INTO contact_countries (cc, "
		    "contact_id) VALUES (?1, ?2)",
		[CACHED_DOMAIN] = "INSERT INTO contact_domains (suffix, "
		    "contact_id) VALUES (?1, ?2)",
	};
	sqlite3_stmt *st;

	if (cached(s, which, sql[which], &st, e) < 0)
		return -1;
	bind_text(st, 1, value);
	sqlite3_bind_int64(st, 2, contact);
	return step_cached(s, st, e, "storing what a contact answers for");
}

int
store_country_range_add(struct store *s, int64_t source, int family,
    const unsigned char *lo, const unsigned char *hi, const char *cc,
    const char *registry, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (cached(s, CACHED_COUNTRY_RANGE, "INSERT INTO country_ranges "
	    "(source_id, family, lo, hi, cc, registry) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6)", &st, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_int(st, 2, family);
	sqlite3_bind_blob(st, 3, lo, addr_len(family), SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, hi, addr_len(family), SQLITE_STATIC);
	bind_text(st, 5, cc);
	bind_text(st, 6, registry);
	return step_cached(s, st, e, "storing a country's range");
}

static int
range_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.range(sqlite3_column_int(st, 0),
	    sqlite3_column_blob(st, 1), sqlite3_column_blob(st, 2),
	    sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4), r->arg);
}

int
store_ranges_each(struct store *s, int what, store_range_fn fn, void *arg,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	/* Source by source through their spans: no join per row, no sort
	 * (the caller sorts). */
	if (prepare(s, &st, what ? "SELECT r.family, r.lo, r.hi, r.id, "
	    "x.manual FROM contact_sources x JOIN contact_ranges r ON r.id "
	    "BETWEEN x.first_range AND x.last_range AND r.source_id = x.id "
	    "WHERE r.asn IS NOT NULL" : "SELECT r.family, r.lo, r.hi, r.id, "
	    "x.manual FROM contact_sources x JOIN contact_ranges r ON r.id "
	    "BETWEEN x.first_range AND x.last_range AND r.source_id = x.id "
	    "WHERE r.contact_id IS NOT NULL", e) < 0)
		return -1;
	return each_row(s, st, range_row, &(struct rows){ .fn.range = fn,
	    .arg = arg }, e, "reading networks");
}

int
store_segments_clear(struct store *s, int what, struct errbuf *e)
{
	return exec(s, what ? "DELETE FROM asn_segments" :
	    "DELETE FROM contact_segments", e, "clearing segments");
}

static void
bind_segment(sqlite3_stmt *st, int param, const void *row)
{
	const struct store_segment *g = row;
	int len = addr_len(g->family);

	sqlite3_bind_int(st, param, g->family);
	sqlite3_bind_blob(st, param + 1, g->lo, len, SQLITE_STATIC);
	sqlite3_bind_blob(st, param + 2, g->hi, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, param + 3, g->range);
}

/* what: 1 the origins' (asn_segments), 0 the networks'. */
static int
segment_statement(struct store *s, int what, int many, sqlite3_stmt **st,
    struct errbuf *e)
{
	if (many)
		return cached_many(s, what ? CACHED_ASN_SEGMENTS_MANY :
		    CACHED_SEGMENTS_MANY, what ? "INSERT INTO asn_segments "
		    "(family, lo, hi, range_id)" : "INSERT INTO contact_segments "
		    "(family, lo, hi, range_id)", 4, st, e);
	return cached(s, what ? CACHED_ASN_SEGMENT : CACHED_SEGMENT, what ?
	    "INSERT INTO asn_segments (family, lo, hi, range_id) VALUES (?1, "
	    "?2, ?3, ?4)" : "INSERT INTO contact_segments (family, lo, hi, "
	    "range_id) VALUES (?1, ?2, ?3, ?4)", st, e);
}

int
store_segments_add(struct store *s, int what, const struct store_segment *v,
    size_t n, struct errbuf *e)
{
	static const struct row_writer w = { segment_statement, bind_segment,
	    sizeof(struct store_segment), 4, 0, "storing segments" };

	return write_rows(s, &w, what, v, n, e);
}

#define ANSWER_COLUMNS "c.id, c.kind, c.name, c.email, c.lang, c.format, " \
	"c.key, c.object, s.name, s.imported, s.manual, c.interval_s, " \
	"(SELECT since FROM suspect_addresses x WHERE x.address = c.email)"

static void
answer_row(sqlite3_stmt *st, struct store_answer *a)
{
	*a = (struct store_answer){
		.contact_id = sqlite3_column_int64(st, 0),
		.kind = column_text(st, 1), .name = column_text(st, 2),
		.email = column_text(st, 3), .lang = column_text(st, 4),
		.format = column_text(st, 5), .key = column_text(st, 6),
		.object = column_text(st, 7), .source = column_text(st, 8),
		.imported = column_text(st, 9),
		.manual = sqlite3_column_int(st, 10),
		.interval_s = sqlite3_column_int64(st, 11),
		.suspect_since = (const char *)sqlite3_column_text(st, 12),
	};
}

/* The segment of a table holding addr: its range id, 1; 0 none. */
static int
segment_of(struct store *s, enum cached_stmt which, const char *sql,
    int family, const unsigned char *addr, int64_t *range, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc, n = addr_len(family);

	if (cached(s, which, sql, &st, e) < 0)
		return -1;
	sqlite3_bind_int(st, 1, family);
	sqlite3_bind_blob(st, 2, addr, n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *hi = sqlite3_column_blob(st, 1);

		*range = sqlite3_column_int64(st, 0);
		rc = hi && sqlite3_column_bytes(st, 1) == n &&
		    memcmp(hi, addr, (size_t)n) >= 0 ? 1 : 0;
	} else
		rc = rc == SQLITE_DONE ? 0 : fail(s, rc, e, "finding a network");
	sqlite3_reset(st);
	return rc;
}

/* The columns of a network answer, the range's id last. */
#define NETWORK_SQL "SELECT " ANSWER_COLUMNS ", r.family, r.lo, r.hi, " \
	"r.netname, r.country, r.object, r.asn, r.id FROM contact_ranges r " \
	"JOIN contacts c ON c.id = r.contact_id JOIN contact_sources s ON " \
	"s.id = r.source_id "

static void
network_row(sqlite3_stmt *st, struct store_answer *a)
{
	answer_row(st, a);
	a->family = sqlite3_column_int(st, 13);
	a->lo = sqlite3_column_blob(st, 14);
	a->hi = sqlite3_column_blob(st, 15);
	a->netname = column_text(st, 16);
	a->country = column_text(st, 17);
	a->range_object = column_text(st, 18);
	a->asn = sqlite3_column_int64(st, 19);
	a->range_id = sqlite3_column_int64(st, 20);
}

int
store_lookup_network(struct store *s, int family, const unsigned char *addr,
    store_answer_fn fn, void *arg, struct errbuf *e)
{
	struct store_answer a;
	sqlite3_stmt *st;
	int64_t range;
	int rc;

	rc = segment_of(s, CACHED_FIND_SEGMENT, "SELECT range_id, hi FROM "
	    "contact_segments WHERE family = ?1 AND lo <= ?2 ORDER BY lo DESC "
	    "LIMIT 1", family, addr, &range, e);
	if (rc <= 0)
		return rc;
	if (cached(s, CACHED_NETWORK, NETWORK_SQL "WHERE r.id = ?1", &st,
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, range);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		network_row(st, &a);
		rc = fn(&a, arg) < 0 ? -1 : 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : fail(s, rc, e, "reading a network");
	sqlite3_reset(st);
	return rc;
}

int
store_range_asn(struct store *s, int64_t id, int64_t *asn, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (cached(s, CACHED_ORIGIN, "SELECT asn FROM contact_ranges WHERE "
	    "id = ?1", &st, e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	*asn = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*asn = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, rc, e, "reading a network");
}

int
store_lookup_origin(struct store *s, int family, const unsigned char *addr,
    int64_t *asn, struct errbuf *e)
{
	int64_t range;
	int rc;

	rc = segment_of(s, CACHED_FIND_ASN_SEGMENT, "SELECT range_id, hi FROM "
	    "asn_segments WHERE family = ?1 AND lo <= ?2 ORDER BY lo DESC "
	    "LIMIT 1", family, addr, &range, e);
	if (rc <= 0)
		return rc;
	if (store_range_asn(s, range, asn, e) < 0)
		return -1;
	return *asn != 0;
}

int
store_lookup_country(struct store *s, int family, const unsigned char *addr,
    char cc[3], struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc, n = addr_len(family);

	if (cached(s, CACHED_FIND_COUNTRY, "SELECT cc, hi FROM country_ranges "
	    "WHERE family = ?1 AND lo <= ?2 ORDER BY lo DESC LIMIT 1", &st,
	    e) < 0)
		return -1;
	sqlite3_bind_int(st, 1, family);
	sqlite3_bind_blob(st, 2, addr, n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *hi = sqlite3_column_blob(st, 1);

		snprintf(cc, 3, "%s", column_text(st, 0));
		rc = hi && sqlite3_column_bytes(st, 1) == n &&
		    memcmp(hi, addr, (size_t)n) >= 0 ? 1 : 0;
	} else
		rc = rc == SQLITE_DONE ? 0 : fail(s, rc, e, "finding a country");
	sqlite3_reset(st);
	return rc;
}

/*
 * Batch lookups. A table of address ranges (segments, countries) is
 * walked forward from the first address, in step with the sorted
 * addresses; where the next address lies far ahead (more than MERGE_SKIP
 * rows), the walk seeks again through the index rather than read every
 * row between. For each address the answer is the row with the greatest
 * start at or below it, if it reaches that far: what the single lookup
 * (ORDER BY lo DESC LIMIT 1) answers.
 */
#define MERGE_SKIP 64

struct merge_row {
	int have;
	unsigned char lo[16], hi[16];
	int64_t id;
	char cc[3];
};

struct merge {
	struct store *s;
	sqlite3_stmt *seek, *fwd;
	int family, n, text;	/* text: the third column is a country */
	struct merge_row cur, next;
	struct errbuf *e;
};

static int
merge_read(struct merge *m, sqlite3_stmt *st, struct merge_row *r)
{
	int rc = sqlite3_step(st);

	r->have = 0;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return fail(m->s, rc, m->e, "reading address ranges");
	if (sqlite3_column_bytes(st, 0) != m->n ||
	    sqlite3_column_bytes(st, 1) != m->n)
		return 0;	/* not of this family: cannot happen */
	memcpy(r->lo, sqlite3_column_blob(st, 0), (size_t)m->n);
	memcpy(r->hi, sqlite3_column_blob(st, 1), (size_t)m->n);
	if (m->text)
		snprintf(r->cc, sizeof(r->cc), "%s", column_text(st, 2) ?
		    column_text(st, 2) : "");
	else
		r->id = sqlite3_column_int64(st, 2);
	r->have = 1;
	return 0;
}

/* cur: the row with the greatest start at or below addr; next: the one
 * after it, the forward walk positioned there. */
static int
merge_seek(struct merge *m, const unsigned char *addr)
{
	sqlite3_reset(m->seek);
	sqlite3_bind_int(m->seek, 1, m->family);
	sqlite3_bind_blob(m->seek, 2, addr, m->n, SQLITE_TRANSIENT);
	if (merge_read(m, m->seek, &m->cur) < 0)
		return -1;
	sqlite3_reset(m->seek);
	sqlite3_reset(m->fwd);
	sqlite3_bind_int(m->fwd, 1, m->family);
	sqlite3_bind_blob(m->fwd, 2, m->cur.have ? m->cur.lo : addr, m->n,
	    SQLITE_TRANSIENT);
	return merge_read(m, m->fwd, &m->next);
}

/* Position cur on addr (addresses come in ascending order). */
static int
merge_to(struct merge *m, const unsigned char *addr)
{
	int steps = 0;

	while (m->next.have && memcmp(m->next.lo, addr, (size_t)m->n) <= 0) {
		if (++steps > MERGE_SKIP)
			return merge_seek(m, addr);
		m->cur = m->next;
		if (merge_read(m, m->fwd, &m->next) < 0)
			return -1;
	}
	return 0;
}

static int
merge_run(struct merge *m, const unsigned char (*addr)[16], size_t n,
    int64_t *id, char (*cc)[3])
{
	size_t i;
	int rc = 0, hit;

	if (n)
		rc = merge_seek(m, addr[0]);
	for (i = 0; rc == 0 && i < n; i++) {
		if ((rc = merge_to(m, addr[i])) < 0)
			break;
		hit = m->cur.have && memcmp(m->cur.lo, addr[i],
		    (size_t)m->n) <= 0 && memcmp(m->cur.hi, addr[i],
		    (size_t)m->n) >= 0;
		if (id)
			id[i] = hit ? m->cur.id : 0;
		if (cc)
			memcpy(cc[i], hit ? m->cur.cc : "", hit ? 3 : 1);
	}
	sqlite3_reset(m->seek);
	sqlite3_reset(m->fwd);
	return rc;
}

int
store_segments_match(struct store *s, int what, int family,
    const unsigned char (*addr)[16], size_t n, int64_t *range,
    struct errbuf *e)
{
	const char *t = what ? "asn_segments" : "contact_segments";
	struct merge m = { s, NULL, NULL, family, addr_len(family), 0,
	    { 0 }, { 0 }, e };
	char seek[160], fwd[160];

	snprintf(seek, sizeof(seek), "SELECT lo, hi, range_id FROM %s WHERE "
	    "family = ?1 AND lo <= ?2 ORDER BY lo DESC LIMIT 1", t);
	snprintf(fwd, sizeof(fwd), "SELECT lo, hi, range_id FROM %s WHERE "
	    "family = ?1 AND lo > ?2 ORDER BY lo", t);
	if (cached(s, what ? CACHED_SEEK_ASN_SEGMENT : CACHED_SEEK_SEGMENT,
	    seek, &m.seek, e) < 0 || cached(s, what ? CACHED_FWD_ASN_SEGMENT :
	    CACHED_FWD_SEGMENT, fwd, &m.fwd, e) < 0)
		return -1;
	return merge_run(&m, addr, n, range, NULL);
}

int
store_countries_match(struct store *s, int family,
    const unsigned char (*addr)[16], size_t n, char (*cc)[3],
    struct errbuf *e)
{
	struct merge m = { s, NULL, NULL, family, addr_len(family), 1,
	    { 0 }, { 0 }, e };

	if (cached(s, CACHED_SEEK_COUNTRY, "SELECT lo, hi, cc FROM "
	    "country_ranges WHERE family = ?1 AND lo <= ?2 ORDER BY lo DESC "
	    "LIMIT 1", &m.seek, e) < 0 || cached(s, CACHED_FWD_COUNTRY,
	    "SELECT lo, hi, cc FROM country_ranges WHERE family = ?1 AND "
	    "lo > ?2 ORDER BY lo", &m.fwd, e) < 0)
		return -1;
	return merge_run(&m, addr, n, NULL, cc);
}

int
store_networks_of(struct store *s, const int64_t *ids, size_t n,
    store_answer_fn fn, void *arg, struct errbuf *e)
{
	struct store_answer a;
	sqlite3_stmt *st;
	size_t i = 0;
	int64_t id;
	int rc = SQLITE_DONE, seek = 1;

	if (cached(s, CACHED_FWD_NETWORK, NETWORK_SQL "WHERE r.id >= ?1 "
	    "ORDER BY r.id", &st, e) < 0)
		return -1;
	while (i < n) {
		if (seek) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, ids[i]);
			seek = 0;
		}
		if ((rc = sqlite3_step(st)) != SQLITE_ROW)
			break;
		id = sqlite3_column_int64(st, 20);	/* network_row's */
		while (i < n && ids[i] < id)	/* a range without contact */
			i++;
		if (i < n && ids[i] == id) {
			network_row(st, &a);
			if (fn(&a, arg) < 0) {
				sqlite3_reset(st);
				return -1;
			}
			i++;
		}
		seek = i < n && ids[i] - id > MERGE_SKIP;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, rc, e, "reading networks");
	return 0;
}

int
store_lookup_scope(struct store *s, const char *scope, const char *value,
    store_answer_fn fn, void *arg, struct errbuf *e)
{
	enum cached_stmt which = strcmp(scope, "asn") == 0 ? CACHED_SCOPE_ASN :
	    strcmp(scope, "country") == 0 ? CACHED_SCOPE_COUNTRY :
	    CACHED_SCOPE_DOMAIN;
	static const char *const sql[] = {
		[CACHED_SCOPE_ASN] = "SELECT " ANSWER_COLUMNS " FROM contact_asns "
		    "x JOIN contacts c ON c.id = x.contact_id JOIN contact_sources "
		    "s ON s.id = c.source_id WHERE x.asn = ?1 ORDER BY s.manual "
		    "DESC, s.imported DESC, c.id",
		[CACHED_SCOPE_COUNTRY] = "SELECT " ANSWER_COLUMNS " FROM "
		    "contact_countries x JOIN contacts c ON c.id = x.contact_id "
		    "JOIN contact_sources s ON s.id = c.source_id WHERE x.cc = ?1 "
		    "ORDER BY s.manual DESC, s.imported DESC, c.id",
		[CACHED_SCOPE_DOMAIN] = "SELECT " ANSWER_COLUMNS " FROM "
		    "contact_domains x JOIN contacts c ON c.id = x.contact_id "
		    "JOIN contact_sources s ON s.id = c.source_id WHERE "
		    "x.suffix = ?1 ORDER BY s.manual DESC, s.imported DESC, c.id",
	};
	struct store_answer a;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (cached(s, which, sql[which], &st, e) < 0)
		return -1;
	bind_text(st, 1, value);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		answer_row(st, &a);
		stop = fn(&a, arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		rc = fail(s, rc, e, "finding contacts");
	else
		rc = stop < 0 ? -1 : 0;
	sqlite3_reset(st);
	return rc;
}

/* ---- settings and notifications ---- */

int
store_setting_get(struct store *s, const char *name, char **value,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if (prepare(s, &st, "SELECT value FROM settings WHERE name = ?1", e) < 0)
		return -1;
	bind_text(st, 1, name);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*value = xstrdup(column_text(st, 0));
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(s, rc, e, "reading a setting");
}

int
store_setting_put(struct store *s, const char *name, const char *value,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO settings (name, value) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET value = excluded.value", e) < 0)
		return -1;
	bind_text(st, 1, name);
	bind_text(st, 2, value);
	return step_done(s, st, e, "storing a setting");
}

static int
notifiable_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.notifiable(column_text(st, 0), column_text(st, 1),
	    column_text(st, 2), r->arg);
}

int
store_notifiable_iocs(struct store *s, int64_t ticket,
    int (*fn)(const char *type, const char *value, const char *first_seen,
    void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT type, value, first_seen FROM iocs "
	    "WHERE ticket_id = ?1 AND class = 'public' AND NOT allowlisted "
	    "ORDER BY id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	return each_row(s, st, notifiable_row, &(struct rows){
	    .fn.notifiable = fn, .arg = arg }, e, "reading indicators");
}

int
store_told(struct store *s, const char *address, const char *type,
    const char *value, const char *since, struct errbuf *e)
{
	sqlite3_stmt *st;
	int64_t one;

	if (prepare(s, &st, "SELECT 1 FROM notification_iocs i JOIN "
	    "notifications n ON n.id = i.notification_id WHERE i.type = ?1 "
	    "AND i.value = ?2 AND n.address = ?3 "
	    "AND coalesce(n.sent, n.created) >= ?4 LIMIT 1", e) < 0)
		return -1;
	bind_text(st, 1, type);
	bind_text(st, 2, value);
	bind_text(st, 3, address);
	bind_text(st, 4, since);
	return step_int64(s, st, &one, e, "reading what was told");
}

int
store_notification_pending(struct store *s, const struct store_notification *n,
    int64_t *id, int *made, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	*made = 0;
	if (prepare(s, &st, "SELECT id FROM notifications WHERE ticket_id = ?1 "
	    "AND address = ?2 AND template = ?3 AND format = ?4 AND "
	    "status = 'pending'", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, n->ticket_id);
	bind_text(st, 2, n->address);
	bind_text(st, 3, n->template);
	bind_text(st, 4, n->format);
	if ((rc = step_int64(s, st, id, e, "finding a notification")) != 0)
		return rc < 0 ? -1 : 0;
	if (prepare(s, &st, "INSERT INTO notifications (ticket_id, contact, "
	    "address, scope, template, format, lang, key, provenance, token) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, n->ticket_id);
	bind_text(st, 2, n->contact);
	bind_text(st, 3, n->address);
	bind_text(st, 4, n->scope);
	bind_text(st, 5, n->template);
	bind_text(st, 6, n->format);
	bind_text(st, 7, n->lang ? n->lang : "en");
	bind_text(st, 8, n->key);
	bind_text(st, 9, n->provenance);
	bind_text(st, 10, n->token);
	if (step_done(s, st, e, "recording a notification") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	*made = 1;
	return 0;
}

int
store_notification_ioc(struct store *s, int64_t id, const char *type,
    const char *value, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "INSERT INTO notification_iocs (notification_id, "
	    "type, value) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, type);
	bind_text(st, 3, value);
	return step_done(s, st, e, "recording a notification's indicator");
}

static int
notification_row(sqlite3_stmt *st, struct rows *r)
{
	struct store_notification n = {
		.id = sqlite3_column_int64(st, 0),
		.ticket_id = sqlite3_column_int64(st, 1),
		.contact = column_text(st, 2), .address = column_text(st, 3),
		.scope = column_text(st, 4), .template = column_text(st, 5),
		.format = column_text(st, 6), .lang = column_text(st, 7),
		.key = column_text(st, 8), .provenance = column_text(st, 9),
		.token = column_text(st, 10), .status = column_text(st, 11),
		.message_id = sqlite3_column_int64(st, 12),
		.outbox_id = sqlite3_column_int64(st, 13),
		.created = column_text(st, 14), .sent = column_text(st, 15),
		.last_error = column_text(st, 16),
		.rfc_message_id = column_text(st, 17),
	};

	return r->fn.notification(&n, r->arg);
}

int
store_ticket_notifications(struct store *s, int64_t ticket, const char *status,
    store_notification_fn fn, void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT n.id, n.ticket_id, n.contact, n.address, "
	    "n.scope, n.template, n.format, n.lang, n.key, n.provenance, "
	    "n.token, n.status, n.message_id, n.outbox_id, n.created, n.sent, "
	    "n.last_error, m.message_id FROM notifications n LEFT JOIN messages "
	    "m ON m.id = n.message_id WHERE n.ticket_id = ?1 AND (?2 IS NULL OR "
	    "n.status = ?2) ORDER BY n.id", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	bind_text(st, 2, status);
	return each_row(s, st, notification_row, &(struct rows){
	    .fn.notification = fn, .arg = arg }, e, "reading notifications");
}

static int
seen_row(sqlite3_stmt *st, struct rows *r)
{
	return r->fn.seen(column_text(st, 0), column_text(st, 1),
	    (const char *)sqlite3_column_text(st, 2), r->arg);
}

int
store_notification_iocs(struct store *s, int64_t id,
    int (*fn)(const char *type, const char *value, const char *seen,
    void *arg), void *arg, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "SELECT ni.type, ni.value, (SELECT min(r.seen) "
	    "FROM ioc_rows r WHERE r.ticket_id = n.ticket_id AND r.type = "
	    "ni.type AND r.value = ni.value) FROM notification_iocs ni "
	    "JOIN notifications n ON n.id = ni.notification_id "
	    "WHERE ni.notification_id = ?1 ORDER BY ni.type, ni.value", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return each_row(s, st, seen_row, &(struct rows){ .fn.seen = fn,
	    .arg = arg }, e, "reading a notification's indicators");
}

int
store_notification_token(struct store *s, int64_t id, const char *token,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "UPDATE notifications SET token = ?2 WHERE id = ?1",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, token);
	return step_done(s, st, e, "recording a notification's token");
}

int
store_notification_get_outbox(struct store *s, int64_t id, int64_t *outbox,
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	*outbox = 0;
	if (prepare(s, &st, "SELECT coalesce(outbox_id, 0) FROM notifications "
	    "WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = step_int64(s, st, outbox, e, "reading a notification");
	return rc < 0 ? -1 : 0;
}

int
store_notification_composed(struct store *s, int64_t id, int64_t message,
    int64_t outbox, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "UPDATE notifications SET message_id = ?2, "
	    "outbox_id = ?3 WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, message);
	sqlite3_bind_int64(st, 3, outbox);
	return step_done(s, st, e, "recording a notification's message");
}

int
store_notification_state(struct store *s, int64_t id, const char *status,
    const char *error, struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, "UPDATE notifications SET status = ?2, "
	    "last_error = ?3, sent = CASE WHEN ?2 = 'sent' THEN "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE sent END WHERE id = ?1",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, error);
	return step_done(s, st, e, "recording a notification's state");
}

int
store_notification_by_token(struct store *s, const char *token, int64_t *id,
    int64_t *ticket, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT id, ticket_id FROM notifications "
	    "WHERE token = ?1", e) < 0)
		return -1;
	bind_text(st, 1, token);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*ticket = sqlite3_column_int64(st, 1);
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(s, rc, e, "finding a token");
}

int
store_notification_by_msgid(struct store *s, const char *msgid, int64_t *id,
    char **address, struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT n.id, n.address FROM messages m "
	    "JOIN outbox o ON o.message_id = m.id "
	    "JOIN notifications n ON n.outbox_id = o.id "
	    "WHERE m.message_id = ?1 AND m.direction = 'out'", e) < 0)
		return -1;
	bind_text(st, 1, msgid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*address = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(s, rc, e, "finding a notification");
}

int
store_suspect_mark(struct store *s, int64_t notification, int suspect,
    struct errbuf *e)
{
	sqlite3_stmt *st;

	if (prepare(s, &st, suspect ? "INSERT INTO suspect_addresses (address, "
	    "notification_id) SELECT address, id FROM notifications WHERE id = "
	    "?1 ON CONFLICT (address) DO UPDATE SET notification_id = "
	    "excluded.notification_id" : "DELETE FROM suspect_addresses WHERE "
	    "address = (SELECT address FROM notifications WHERE id = ?1)",
	    e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, notification);
	return step_done(s, st, e, "marking an address");
}

int
store_outbox_status(struct store *s, int64_t id, char status[16],
    struct errbuf *e)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(s, &st, "SELECT status FROM outbox WHERE id = ?1", e) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(status, 16, "%s", column_text(st, 0));
	release(s, st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(s, rc, e, "reading the outbox");
}

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "test.h"

#include "buf.h"
#include "err.h"
#include "store.h"

/* sqlite3_step, wrapped (-Wl,--wrap=sqlite3_step) to inject a failure at
 * the nth call from our code; 0 means never. */
int __real_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_step(sqlite3_stmt *st);
static int fail_at, fail_rc, steps;

int
__wrap_sqlite3_step(sqlite3_stmt *st)
{
	if (fail_at && ++steps == fail_at)
		return fail_rc;
	return __real_sqlite3_step(st);
}

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct errbuf e = { 0 };

	strcpy(f->dir, "/tmp/mailgw-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/db/mailgw.db", f->dir);
	if (store_open(&f->s, f->path, 1000, STORE_CREATE | STORE_MKDIR |
	    STORE_MIGRATE, &e) < 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	fail_at = steps = 0;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", NULL };
	struct fixture *f = *state;
	char path[256];
	size_t i;

	store_close(f->s);
	for (i = 0; suffixes[i]; i++) {
		snprintf(path, sizeof(path), "%s%s", f->path, suffixes[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/db", f->dir);
	rmdir(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct store_message
sample(int64_t ticket, const char *id)
{
	struct store_message m = {
		.ticket_id = ticket, .direction = "in", .message_id = id,
		.content_sha256 = "00ff", .recipient = "cert@c",
		.from_addr = "a@b", .from_name = "", .to = "", .cc = "",
		.subject = "s", .date = NULL, .in_reply_to = "", .refs = "",
		.problem = NULL, .raw = "raw\0bytes", .size = 9,
	};
	return m;
}

static void
test_migrated(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	int v, applied;

	assert_int_equal(store_version(f->s, &v, &e), 0);
	assert_int_equal(v, store_latest_version());
	assert_true(v >= 1);
	assert_int_equal(store_migrate(f->s, &applied, &e), 0);
	assert_int_equal(applied, 0);
}

static int
count_ticket(const struct store_ticket *t, void *arg)
{
	(void)t;
	(*(int *)arg)++;
	return 0;
}

static void
test_message_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	struct store_message m;
	int64_t ticket, id, found, t2;
	int n = 0;

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_ticket_create(f->s, "subject", &ticket, &e), 0);
	m = sample(ticket, "id@x");
	assert_int_equal(store_message_add(f->s, &m, &id, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_message_find(f->s, "id@x", "00ff", &found, &e), 1);
	assert_int_equal(found, id);
	assert_int_equal(store_message_find(f->s, "id@x", "11ee", &found, &e), 0);
	assert_int_equal(store_ticket_by_message_id(f->s, "id@x", &t2, &e), 1);
	assert_int_equal(t2, ticket);
	assert_int_equal(store_ticket_by_message_id(f->s, "", &t2, &e), 0);
	assert_int_equal(store_ticket_list(f->s,
	    &(struct store_ticket_filter){ .status = "new" }, count_ticket, &n,
	    &e), 0);
	assert_int_equal(n, 1);
	/* The same key twice is refused by the schema itself. */
	assert_int_equal(store_message_add(f->s, &m, &id, &e), -1);
}

/* A reader whose callback reads with the same statement again: the
 * store keeps statements prepared between calls, and one in use must
 * not be handed out (reset under the outer loop) a second time. */
struct nested {
	struct store *s;
	int outer, inner;
};

static int
count_inner(const struct store_ticket *t, void *arg)
{
	(void)t;
	((struct nested *)arg)->inner++;
	return 0;
}

static int
list_again(const struct store_ticket *t, void *arg)
{
	struct nested *n = arg;
	struct errbuf e = { 0 };

	n->outer++;
	assert_int_equal(store_ticket_list(n->s, &(struct store_ticket_filter){
	    .status = "new" }, count_inner, n, &e), 0);
	assert_int_equal(store_ticket_get(n->s, t->id, count_inner, n, &e), 1);
	return 0;
}

static void
test_statements_nested_and_reused(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	struct nested n = { f->s, 0, 0 };
	int64_t ticket;
	int i, k;

	for (i = 0; i < 3; i++) {
		assert_int_equal(store_begin(f->s, &e), 0);
		assert_int_equal(store_ticket_create(f->s, "subject", &ticket,
		    &e), 0);
		assert_int_equal(store_commit(f->s, &e), 0);
	}
	assert_int_equal(store_ticket_list(f->s, &(struct store_ticket_filter){
	    .status = "new" }, list_again, &n, &e), 0);
	assert_int_equal(n.outer, 3);
	assert_int_equal(n.inner, 3 * 3 + 3);
	/* The same statements, many times, in and out of transactions. */
	for (k = 0; k < 500; k++) {
		n.inner = 0;
		if (k % 2)
			assert_int_equal(store_begin(f->s, &e), 0);
		assert_int_equal(store_ticket_get(f->s, ticket, count_inner, &n,
		    &e), 1);
		assert_int_equal(store_ticket_get(f->s, ticket + 1000,
		    count_inner, &n, &e), 0);
		assert_int_equal(n.inner, 1);
		if (k % 2)
			assert_int_equal(store_commit(f->s, &e), 0);
	}
}

/* More distinct statements than the cache keeps idle (ticket list
 * builds its SQL from the filters given: one text per combination):
 * each answers the same when prepared afresh, taken from the cache, or
 * prepared again after it was dropped. */
static void
test_statements_past_the_cache(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	int64_t ticket;
	int first[512], n, mask, pass;

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_ticket_create(f->s, "subject", &ticket, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	for (pass = 0; pass < 3; pass++) {
		for (mask = 0; mask < 512; mask++) {
			struct store_ticket_filter tf = {
				.status = mask & 1 ? "new" : NULL,
				.category = mask & 2 ? "phishing" : NULL,
				.since = mask & 4 ? "2000-01-01T00:00:00Z" : NULL,
				.until = mask & 8 ? "2100-01-01T00:00:00Z" : NULL,
				.text = mask & 16 ? "subject" : NULL,
				.ioc_type = mask & 32 ? "ipv4" : NULL,
				.ioc_value = mask & 32 ? "198.51.100.7" : NULL,
				.cidr_keys = mask & 64 ? "[]" : NULL,
				.domain_key = mask & 128 ? "elpmaxe." : NULL,
				.partner = mask & 256 ? "AusCERT" : NULL,
			};

			n = 0;
			assert_int_equal(store_ticket_list(f->s, &tf,
			    count_ticket, &n, &e), 0);
			if (pass == 0)
				first[mask] = n;
			else
				assert_int_equal(n, first[mask]);
		}
	}
	assert_int_equal(first[1], 1);		/* status new: the ticket */
	assert_int_equal(first[1 | 2], 0);	/* and phishing: not it */
}

static void
test_injected_full_disk_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	struct store_message m;
	int64_t ticket, id, n;
	int seen = 0;

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_ticket_create(f->s, "subject", &ticket, &e), 0);
	m = sample(ticket, "full@x");
	fail_at = steps + 1;
	fail_rc = SQLITE_FULL;
	assert_int_equal(store_message_add(f->s, &m, &id, &e), -1);
	assert_int_equal(e.status, ST_TEMPFAIL);
	assert_non_null(strstr(e.msg, "storing a message"));
	store_rollback(f->s);
	fail_at = 0;
	assert_int_equal(store_count_messages(f->s, &n, &e), 0);
	assert_int_equal(n, 0);
	/* The ticket created in the transaction is gone too. */
	assert_int_equal(store_ticket_get(f->s, ticket, count_ticket, &seen,
	    &e), 0);
}

static void
test_injected_errors_map_to_status(void **state)
{
	static const struct {
		int rc;
		enum status st;
	} cases[] = {
		{ SQLITE_BUSY, ST_TEMPFAIL }, { SQLITE_LOCKED, ST_TEMPFAIL },
		{ SQLITE_IOERR_WRITE, ST_TEMPFAIL }, { SQLITE_READONLY, ST_TEMPFAIL },
		{ SQLITE_CANTOPEN, ST_TEMPFAIL }, { SQLITE_CORRUPT, ST_DATA },
		{ SQLITE_CONSTRAINT, ST_SOFTWARE },
	};
	struct fixture *f = *state;
	struct errbuf e;
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		fail_at = steps + 1;
		fail_rc = cases[i].rc;
		assert_int_equal(store_ticket_create(f->s, "x", &t, &e), -1);
		assert_int_equal(e.status, cases[i].st);
	}
	fail_at = 0;
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	struct store *s2 = NULL;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&s2, f->path, 1000, STORE_MIGRATE, &e), -1);
	assert_null(s2);
	assert_int_equal(e.status, ST_CONFIG);
	assert_non_null(strstr(e.msg, "schema version 999 is newer"));
}

/* Counts the entries; answers 7 (stop) at the second. */
static int
stop_at_second(const struct store_entry *en, void *arg)
{
	(void)en;
	return ++*(int *)arg == 2 ? 7 : 0;
}

/* A reader stops where its callback says, with the callback's answer,
 * and a step failing halfway is an error naming what was read. */
static void
test_readers_stop_and_fail(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	int64_t ticket;
	int seen = 0, i;

	assert_int_equal(store_ticket_create(f->s, "notes", &ticket, &e), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(store_note_add(f->s, ticket, "user:a", "n",
		    &e), 0);
	assert_int_equal(store_ticket_notes(f->s, ticket, stop_at_second,
	    &seen, &e), 7);
	assert_int_equal(seen, 2);
	seen = -10;
	fail_at = steps + 2;
	fail_rc = SQLITE_IOERR_READ;
	assert_int_equal(store_ticket_notes(f->s, ticket, stop_at_second,
	    &seen, &e), -1);
	fail_at = 0;
	assert_int_equal(seen, -9);
	assert_int_equal(e.status, ST_TEMPFAIL);
	assert_non_null(strstr(e.msg, "reading notes"));
}

static void
test_check_clean(void **state)
{
	struct fixture *f = *state;
	struct buf problems = BUF_INIT;
	struct errbuf e = { 0 };

	assert_int_equal(store_check(f->s, &problems, &e), 0);
	assert_int_equal(problems.len, 0);
	buf_release(&problems);
}

/* A long list of indicators goes in many rows to a statement, a short
 * one row by row: the same rows either way, upserts included (counts
 * added, defanged and signed kept once seen, each with its search
 * key), across the batches and their tail. */
#define IOC_TEST 1000

static int64_t count_rows(sqlite3 *db, const char *sql);

static void
fill_iocs(struct store *s, int64_t ticket, int64_t msg, int batched,
    int round)
{
	static struct store_ioc v[IOC_TEST];
	static char values[IOC_TEST][32];
	struct errbuf e = { 0 };
	int i, n = round ? 600 : IOC_TEST;

	for (i = 0; i < n; i++) {
		snprintf(values[i], sizeof(values[i]), i % 3 ? "198.51.%d.%d" :
		    "host%d-%d.example.com", i / 250, i % 250);
		v[i] = (struct store_ioc){ ticket, msg, i % 3 ? "ipv4" : "domain",
		    values[i], "public", NULL, i % 7 == 0,
		    round ? i % 2 : i % 5 == 0, round && i % 4 == 0,
		    round ? 2 : 1 };
	}
	if (batched)
		assert_int_equal(store_iocs_add(s, v, (size_t)n, &e), 0);
	else
		for (i = 0; i < n; i++)
			assert_int_equal(store_ioc_add(s, &v[i], &e), 0);
}

static void
test_iocs_batched(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	struct store_message m;
	int64_t t[2], id[2];
	sqlite3_stmt *st[2];
	sqlite3 *db;
	int k, rc, rows = 0;

	assert_int_equal(store_begin(f->s, &e), 0);
	for (k = 0; k < 2; k++) {
		assert_int_equal(store_ticket_create(f->s, "iocs", &t[k], &e), 0);
		m = sample(t[k], k ? "b@x" : "a@x");
		assert_int_equal(store_message_add(f->s, &m, &id[k], &e), 0);
		fill_iocs(f->s, t[k], id[k], k == 0, 0);
		fill_iocs(f->s, t[k], id[k], k == 0, 1);
	}
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	for (k = 0; k < 2; k++)
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT type, value, "
		    "class, allowlisted, defanged, signed, occurrences, "
		    "search_key FROM iocs WHERE ticket_id = ?1 ORDER BY type, "
		    "value", -1, &st[k], NULL), SQLITE_OK);
	for (k = 0; k < 2; k++)
		sqlite3_bind_int64(st[k], 1, t[k]);
	while ((rc = sqlite3_step(st[0])) == SQLITE_ROW) {
		assert_int_equal(sqlite3_step(st[1]), SQLITE_ROW);
		for (k = 0; k < 8; k++) {
			const char *a = (const char *)sqlite3_column_text(st[0],
			    k), *b = (const char *)sqlite3_column_text(st[1], k);

			assert_string_equal(a ? a : "(null)", b ? b : "(null)");
		}
		rows++;
	}
	assert_int_equal(rc, SQLITE_DONE);
	assert_int_equal(sqlite3_step(st[1]), SQLITE_DONE);
	assert_int_equal(rows, IOC_TEST);
	for (k = 0; k < 2; k++)
		sqlite3_finalize(st[k]);
	/* The second round's counts were added to the first's. */
	assert_int_equal(count_rows(db, "SELECT sum(occurrences) FROM iocs"),
	    2 * (IOC_TEST + 2 * 600));
	sqlite3_close(db);
}

/* An IPv4 address as the store keeps it: 4 bytes, big-endian. */
static void
v4(uint32_t x, unsigned char out[16])
{
	memset(out, 0, 16);
	out[0] = (unsigned char)(x >> 24);
	out[1] = (unsigned char)(x >> 16);
	out[2] = (unsigned char)(x >> 8);
	out[3] = (unsigned char)x;
}

/* Fill source name with n contacts, each with a range, an AS, a country
 * and a domain, and a delegated range; inside an import's transaction. */
static void
fill_source(struct store *s, const char *name, int n, uint32_t base)
{
	struct errbuf e = { 0 };
	unsigned char lo[16], hi[16];
	int64_t src, id;
	int i;

	assert_int_equal(store_source_replace(s, name, "ripe", 0, &src, &e),
	    0);
	for (i = 0; i < n; i++) {
		assert_int_equal(store_contact_add(s, &(struct store_contact){
		    .source_id = src, .kind = "network", .name = name,
		    .email = "abuse@net.example", .object = "role X" }, &id,
		    &e), 0);
		v4(base + 256 * (uint32_t)i, lo);
		v4(base + 256 * (uint32_t)i + 255, hi);
		assert_int_equal(store_range_add(s, &(struct store_range){
		    .source_id = src, .contact_id = id, .family = 4, .lo = lo,
		    .hi = hi, .object = "inetnum X" }, &e), 0);
		assert_int_equal(store_scope_add(s, "asn", id, "4134", &e), 0);
		assert_int_equal(store_scope_add(s, "country", id, "CN", &e),
		    0);
		assert_int_equal(store_scope_add(s, "domain", id,
		    "elpmaxe.", &e), 0);
		assert_int_equal(store_country_range_add(s, src, 4, lo, hi,
		    "CN", "apnic", &e), 0);
	}
	/* Closes the spans of rowids a re-import deletes through. */
	assert_int_equal(store_source_done(s, src, n, 0, &e), 0);
}

static int64_t
count_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A re-import replaces its source's rows in every contact table, child
 * tables first (the foreign keys' cascade is off in an import), leaves
 * the other sources' rows alone and the store without a dangling
 * reference; the import's transaction turns the foreign keys on again,
 * committed or rolled back. */
static void
test_source_replace(void **state)
{
	static const char *const tables[] = { "contacts", "contact_ranges",
	    "contact_asns", "contact_countries", "contact_domains",
	    "country_ranges" };
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	sqlite3 *db;
	char sql[160];
	size_t t;

	assert_int_equal(store_import_begin(f->s, &e), 0);
	fill_source(f->s, "big", 300, 0x0a000000u);
	assert_int_equal(store_import_end(f->s, 1, &e), 0);
	assert_int_equal(store_import_begin(f->s, &e), 0);
	fill_source(f->s, "small", 40, 0x0b000000u);
	assert_int_equal(store_import_end(f->s, 1, &e), 0);
	/* Again, smaller: what the first "small" brought goes. */
	assert_int_equal(store_import_begin(f->s, &e), 0);
	fill_source(f->s, "small", 25, 0x0c000000u);
	assert_int_equal(store_import_end(f->s, 1, &e), 0);
	/* And one given up: nothing of it stays. */
	assert_int_equal(store_import_begin(f->s, &e), 0);
	fill_source(f->s, "small", 7, 0x0d000000u);
	assert_int_equal(store_import_end(f->s, 0, NULL), 0);

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    tables[t]);
		assert_int_equal(count_rows(db, sql), 325);
	}
	assert_int_equal(count_rows(db, "SELECT count(*) FROM contacts c "
	    "JOIN contact_sources x ON x.id = c.source_id WHERE x.name = "
	    "'small'"), 25);
	assert_int_equal(count_rows(db, "SELECT count(*) FROM contact_ranges "
	    "WHERE hex(lo) LIKE '0C%'"), 25);
	assert_int_equal(count_rows(db, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
	sqlite3_close(db);
	/* The store's own connection enforces them again. */
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_range_add(f->s, &(struct store_range){
	    .source_id = 999, .family = 4,
	    .lo = (const unsigned char *)"\1\2\3\4",
	    .hi = (const unsigned char *)"\1\2\3\5", .object = "x" }, &e),
	    -1);
	store_rollback(f->s);
}

/* Batch matching (contact lookup's standard input) walks the tables in
 * address order and seeks again past long gaps: the answers must be the
 * single lookups' for sparse and dense, repeated and out-of-range
 * addresses, with overlapping and tied country ranges. */
static void
test_batch_match(void **state)
{
	struct fixture *f = *state;
	struct errbuf e = { 0 };
	unsigned char lo[16], hi[16], (*q)[16];
	struct store_segment *seg;
	int64_t src, *got;
	char (*cc)[3], one[3];
	uint32_t x;
	size_t n = 0, i, k;
	int rc;

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_source_replace(f->s, "t", "delegated", 0, &src,
	    &e), 0);
	/* 5000 segments [1000k, 1000k + 499], range k + 1: by the batch
	 * and the last few (5000 % STORE_ROWS) one at a time. */
	seg = calloc(5000, sizeof(*seg));
	assert_non_null(seg);
	for (k = 0; k < 5000; k++) {
		seg[k].family = 4;
		seg[k].range = (int64_t)k + 1;
		v4(0x0a000000u + 1000 * (uint32_t)k, seg[k].lo);
		v4(0x0a000000u + 1000 * (uint32_t)k + 499, seg[k].hi);
	}
	assert_int_not_equal(5000 % STORE_ROWS, 0);
	assert_int_equal(store_segments_add(f->s, 0, seg, 5000, &e), 0);
	free(seg);
	for (k = 0; k < 5000; k++) {
		v4(0x0a000000u + 1000 * (uint32_t)k, lo);
		v4(0x0a000000u + 1000 * (uint32_t)k + 499, hi);
		/* Countries: the same, and every 100th overlapped by two
		 * more starting at the same place. */
		assert_int_equal(store_country_range_add(f->s, src, 4, lo, hi,
		    k % 2 ? "NL" : "DE", "ripencc", &e), 0);
		if (k % 100 == 0) {
			v4(0x0a000000u + 1000 * (uint32_t)k + 1200, hi);
			assert_int_equal(store_country_range_add(f->s, src, 4,
			    lo, hi, "FR", "ripencc", &e), 0);
			assert_int_equal(store_country_range_add(f->s, src, 4,
			    lo, hi, "CN", "apnic", &e), 0);
		}
	}
	assert_int_equal(store_commit(f->s, &e), 0);

	/* Sorted queries: before the first, dense runs, sparse jumps over
	 * hundreds of segments (more than the walk steps), gaps, repeats,
	 * after the last. */
	q = calloc(20000, sizeof(*q));
	got = calloc(20000, sizeof(*got));
	cc = calloc(20000, sizeof(*cc));
	assert_non_null(q);
	assert_non_null(got);
	assert_non_null(cc);
	v4(0x09ffffffu, q[n++]);
	for (x = 0x0a000000u; x < 0x0a000000u + 5000000u; ) {
		v4(x, q[n++]);
		if (n % 7 == 0)
			v4(x, q[n++]);
		k = n % 48;	/* 40 close, 5 tens of segments on, 3 far */
		x += k < 40 ? 97 : k < 45 ? 30250 : 100250 + (uint32_t)(n % 3) *
		    300;
	}
	v4(0x0a000000u + 5000000u, q[n++]);
	v4(0xffffffffu, q[n++]);
	assert_true(n > 300 && n < 20000);

	assert_int_equal(store_begin_read(f->s, &e), 0);
	assert_int_equal(store_segments_match(f->s, 0, 4, q, n, got, &e), 0);
	assert_int_equal(store_countries_match(f->s, 4, q, n, cc, &e), 0);
	for (i = 0; i < n; i++) {
		uint32_t a = (uint32_t)q[i][0] << 24 | (uint32_t)q[i][1] << 16 |
		    (uint32_t)q[i][2] << 8 | q[i][3], off = a - 0x0a000000u;
		int64_t want = a >= 0x0a000000u && off < 5000000u &&
		    off % 1000 < 500 ? off / 1000 + 1 : 0;

		assert_int_equal(got[i], want);
		rc = store_lookup_country(f->s, 4, q[i], one, &e);
		assert_true(rc >= 0);
		assert_string_equal(cc[i], rc ? one : "");
	}
	/* Nothing of the other family, and nothing in an empty table. */
	assert_int_equal(store_segments_match(f->s, 0, 6, q, n, got, &e), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], 0);
	assert_int_equal(store_segments_match(f->s, 1, 4, q, n, got, &e), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], 0);
	store_rollback(f->s);
	free(q);
	free(got);
	free(cc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrated, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_statements_nested_and_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_statements_past_the_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_injected_full_disk_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_injected_errors_map_to_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_readers_stop_and_fail,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_match, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_source_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_iocs_batched, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_clean, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

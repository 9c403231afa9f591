/*
 * floor: the least a durable receive can do. Read stdin, commit it as
 * one row of an SQLite file with mailgw's settings (WAL, synchronous=FULL,
 * the WAL kept between processes, its size limit, busy timeout), exit. bench/receive compares mailgw receive with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

int
main(int argc, char **argv)
{
	size_t len = 0, alloc = 1 << 16;
	char *data = malloc(alloc);
	sqlite3_stmt *st;
	sqlite3 *db;
	ssize_t n;
	int persist = 1;

	if (argc != 2 || data == NULL)
		return 64;
	while ((n = read(0, data + len, alloc - len)) > 0) {
		len += (size_t)n;
		if (len == alloc && (data = realloc(data, alloc *= 2)) == NULL)
			return 75;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 75;
	sqlite3_busy_timeout(db, 30000);
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304; "
	    "CREATE TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY, raw BLOB); "
	    "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO m (raw) VALUES (?1)", -1, &st,
	    NULL) != SQLITE_OK)
		return 75;
	sqlite3_bind_blob(st, 1, data, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return 75;
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return 75;
	sqlite3_close(db);
	free(data);
	return 0;
}

#!/bin/sh
# db migrate, db check, and the store's own guarantees.
. "${srcdir:-.}/tests/e2e/lib.sh"

mg db check >/dev/null 2>"$TMP/err"; rc=$?
ok "db check without a store fails" test "$rc" -ne 0
ok "... and names the store" grep -q "$DB" "$TMP/err"
ok "... without creating one" test ! -e "$DB"

out=$(mg db migrate)
is "db migrate on a new store applies every migration" "$out" \
    "$DB: schema version $LATEST ($LATEST migrations applied)"
is "schema version kept in PRAGMA user_version" "$(sql "PRAGMA user_version")" "$LATEST"
is "WAL mode" "$(sql "PRAGMA journal_mode")" wal
out=$(mg db migrate)
is "db migrate again applies nothing" "$out" \
    "$DB: schema version $LATEST (0 migrations applied)"
mg db check >"$TMP/out"; rc=$?
is "db check on a good store: exit 0" "$rc" 0
ok "db check prints the schema version" grep -q "^schema:   version $LATEST (this mailgw: $LATEST)$" "$TMP/out"
ok "db check prints the integrity result" grep -q "^integrity: ok$" "$TMP/out"

# Applied automatically when a command opens the store.
rm -f "$DB" "$DB-wal" "$DB-shm"
mg ticket list >/dev/null
is "ticket list creates and migrates the store" "$(sql "PRAGMA user_version")" "$LATEST"

sql "PRAGMA user_version = 99"
mg db check >/dev/null 2>"$TMP/err"; rc=$?
is "db check on a newer schema: exit 78" "$rc" 78
is "... with a clear error" "$(cat "$TMP/err")" \
    "mailgw: store $DB: schema version 99 is newer than this mailgw knows ($LATEST): upgrade mailgw"
mg db migrate >/dev/null 2>&1; rc=$?
is "db migrate refuses a newer schema" "$rc" 78
is "... and leaves it alone" "$(sql "PRAGMA user_version")" 99
sql "PRAGMA user_version = $LATEST"

# The audit log is append-only, even for a hand with sqlite3.
receive "$TEST_DATA/plain-report.eml" >/dev/null
ok "an UPDATE of the audit log is refused" \
    sh -c '! "$SQLITE3" "$1" "UPDATE audit SET actor = '"'"'x'"'"'" 2>/dev/null' sh "$DB"
ok "a DELETE from the audit log is refused" \
    sh -c '! "$SQLITE3" "$1" "DELETE FROM audit" 2>/dev/null' sh "$DB"
is "... the row is still there" "$(sql "SELECT count(*) FROM audit")" 1

# A damaged file: db check says so and fails.
cp "$DB" "$TMP/damaged.db"
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$TMP/damaged.db"
size=$(wc -c <"$TMP/damaged.db")
printf '\377\377\377\377\377\377\377\377' | dd of="$TMP/damaged.db" bs=1 seek=$((size - 4096 + 100)) conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$TMP/damaged.db" bs=1 seek=$((4096 + 8)) count=64 conv=notrunc 2>/dev/null
write_config "$TMP/damaged.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/damaged.db|" "$TMP/damaged.conf"
mg -c "$TMP/damaged.conf" db check >"$TMP/out" 2>"$TMP/err"; rc=$?
ok "db check on a damaged store fails" test "$rc" -ne 0
ok "... and says what is wrong" sh -c 'grep -q "FAILED" "$1" || grep -q "malformed\|corrupt" "$2"' sh "$TMP/out" "$TMP/err"
done_testing

#!/bin/sh
# Invariant 1: on a transient fault receive rolls back and exits 75 so
# the MTA retries; after the fault is gone the retry stores the message,
# once, and the store is clean.
. "${srcdir:-.}/tests/e2e/lib.sh"

r=$TEST_DATA/plain-report.eml
g=$TEST_DATA/gb2312-subject.eml

# --- A read-only store directory (as a user: root ignores permissions).
mkdir "$TMP/ro"
[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$TMP/ro"
write_config "$TMP/ro.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/ro/mailgw.db|" "$TMP/ro.conf"
rcv_nobody() {
	as_nobody "$MAILGW" -c "$TMP/ro.conf" receive <"$1" 2>>"$TMP/ro.err"
	echo $?
}
count_nobody() {
	as_nobody "$SQLITE3" "$TMP/ro/mailgw.db" "SELECT count(*) FROM messages"
}

chmod 555 "$TMP/ro"
is "new store in a read-only directory: exit 75" "$(rcv_nobody "$r")" 75
ok "... with one line on stderr naming the store" \
    sh -c 'test "$(wc -l <"$1")" -eq 1 && grep -q "^mailgw: store $2" "$1"' sh "$TMP/ro.err" "$TMP/ro/mailgw.db"
ok "... saying why, not only that SQLite could not open it" \
    grep -q "unable to open database file ($TMP/ro: Permission denied)\$" "$TMP/ro.err"
ok "... and no file left behind" test ! -e "$TMP/ro/mailgw.db"
chmod 755 "$TMP/ro"
is "directory writable again: the retry stores it" "$(rcv_nobody "$r")" 0
is "... once" "$(count_nobody)" 1

# An existing store in a read-only directory, its -wal and -shm files
# gone (sqlite3, which counted above, removes them when it closes):
# SQLite cannot create them, so the delivery must wait.
chmod 555 "$TMP/ro"
is "existing store, read-only directory: exit 75" "$(rcv_nobody "$g")" 75
chmod 755 "$TMP/ro"
is "... nothing half-written" "$(count_nobody)" 1

# Read-only files are a fault too.
is "a second message: exit 0" "$(rcv_nobody "$g")" 0
chmod 444 "$TMP"/ro/mailgw.db*
is "read-only store files: exit 75" "$(rcv_nobody "$TEST_DATA/8bit-headers.eml")" 75
chmod 644 "$TMP"/ro/mailgw.db*
is "... nothing half-written" "$(count_nobody)" 2
chmod 444 "$TMP/ro/mailgw.db"
is "read-only database file alone: exit 75" "$(rcv_nobody "$TEST_DATA/8bit-headers.eml")" 75
# SQLite gives the -wal and -shm files it creates the database's mode:
# the fault is gone when all of them are writable again.
chmod 644 "$TMP"/ro/mailgw.db*
is "... nothing half-written" "$(count_nobody)" 2
is "writable again: the retry stores it" "$(rcv_nobody "$TEST_DATA/8bit-headers.eml")" 0
is "... once" "$(count_nobody)" 3
ok "... and the store checks clean" \
    sh -c '. "$1"; as_nobody "$MAILGW" -c "$2" db check >/dev/null' \
    sh "${srcdir:-.}/tests/e2e/as-nobody.sh" "$TMP/ro.conf"

# A configured store whose directory is not there (mailgw makes only
# its default one): the delivery waits for the postmaster.
write_config "$TMP/gone.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/gone/mailgw.db|" "$TMP/gone.conf"
"$MAILGW" -c "$TMP/gone.conf" receive <"$r" 2>"$TMP/gone.err"
is "a store's directory missing: exit 75" "$?" 75
is "... in one line saying so" "$(cat "$TMP/gone.err")" \
    "mailgw: store $TMP/gone/mailgw.db: opening: unable to open database file ($TMP/gone: No such file or directory)"

# --- A store held locked by another process past the busy timeout.
write_config "$TMP/mailgw.conf" "busy_timeout = 1s"
is "first message: exit 0" "$(receive "$r")" 0
hold_lock 5
start=$(date +%s)
mg receive <"$g" 2>"$TMP/err"; rc=$?
is "store locked past the busy timeout: exit 75" "$rc" 75
ok "... says the store is locked" grep -q "locked" "$TMP/err"
ok "... after waiting about the busy timeout" test $(($(date +%s) - start)) -le 3
wait $holder
is "... nothing half-written" "$(count_messages)" 1
is "lock released: the retry stores it" "$(receive "$g")" 0
is "... once" "$(count_messages)" 2

# A lock shorter than the busy timeout is simply waited for.
write_config "$TMP/mailgw.conf" "busy_timeout = 10s"
hold_lock 1
is "a short lock is waited for: exit 0" "$(receive "$TEST_DATA/no-message-id.eml")" 0
wait $holder
is "... stored" "$(count_messages)" 3

# --- Disk full: a file size limit makes every write past it fail.
big=$TMP/big.eml
{ cat "$r"; head -c 400000 /dev/zero | tr '\0' 'x' | fold -w 76; } | sed 's/^Message-ID: .*/Message-ID: <big@x>/' >"$big"
(ulimit -f 200; exec "$MAILGW" receive <"$big" 2>"$TMP/err"); rc=$?
is "disk full (file size limit): exit 75" "$rc" 75
ok "... one line on stderr" test "$(wc -l <"$TMP/err")" -eq 1
is "... nothing half-written" "$(count_messages)" 3
is "space again: the retry stores it" "$(receive "$big")" 0
is "... once" "$(count_messages)" 4

# --- A store newer than this program: the MTA keeps the mail.
sql "PRAGMA user_version = 99"
mg receive <"$TEST_DATA/no-message-id.eml" 2>"$TMP/err"; rc=$?
is "schema newer than mailgw: receive exits 75" "$rc" 75
ok "... and says to upgrade" grep -q "schema version 99 is newer than this mailgw knows ($LATEST): upgrade mailgw" "$TMP/err"
mg ticket list >/dev/null 2>&1; rc=$?
is "schema newer than mailgw: ticket list exits 78" "$rc" 78
sql "PRAGMA user_version = $LATEST"
is "... nothing stored meanwhile" "$(count_messages)" 4

# --- A broken configuration must not bounce reports either.
printf '[gateway]\ntag = CN CERT\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" receive <"$r" 2>/dev/null; rc=$?
is "bad configuration: receive exits 75, not 78" "$rc" 75
mg -c "$TMP/missing.conf" receive <"$r" 2>/dev/null; rc=$?
is "missing configuration file: receive exits 75" "$rc" 75

# --- Not a database at all.
write_config "$TMP/junk.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/junk.db|" "$TMP/junk.conf"
head -c 8192 /dev/urandom >"$TMP/junk.db"
mg -c "$TMP/junk.conf" receive <"$r" 2>"$TMP/err"; rc=$?
is "store file is not a database: exit 75" "$rc" 75
ok "... says so" grep -q "not a database" "$TMP/err"
done_testing

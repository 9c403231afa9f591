#!/bin/sh
# db backup FILE: a consistent copy of the store taken while mail comes
# in (a writer holding its lock does not stop it, and what it has not
# committed is not in the copy), private to its owner, durable, never
# over an existing file, read back and checked; and one that restores.
. "${srcdir:-.}/tests/e2e/lib.sh"

for f in plain-report.eml gb2312-subject.eml html-only.eml; do
	receive "$TEST_DATA/$f" >/dev/null
done
umask 022

# A writer holds the store's lock (as a delivery in its transaction
# does) for the whole backup.
hold_lock 4
mg db backup "$TMP/copy.db" >"$TMP/out" 2>"$TMP/err"
is "a backup while a writer holds the lock: exit 0" "$?" 0
wait $holder
is "... saying what it copied and that the copy checks" "$(cat "$TMP/out")" \
    "$TMP/copy.db: a copy of $DB, schema version $LATEST, 3 messages, integrity ok"
is "... the owner's alone, whatever the umask" "$(stat -c %a "$TMP/copy.db")" 600
raws() { "$SQLITE3" "$1" "SELECT group_concat(hex(sha3(raw)), ' ') FROM (SELECT raw FROM messages ORDER BY id)"; }
is "... every message's raw bytes" "$(raws "$TMP/copy.db")" "$(raws "$DB")"
is "... and not what the writer had not committed" \
    "$("$SQLITE3" "$TMP/copy.db" "SELECT count(*) FROM audit WHERE action = 'hold the lock'")" 0
ok "... nothing left beside it (no -wal, no -shm)" \
    sh -c 'test "$(ls "$1" | grep -c "^copy.db")" -eq 1' sh "$TMP"

# The copy restores: a store of its own, checked, taking mail.
write_config "$TMP/restored.conf"
sed -i "s|$DB|$TMP/restored/mailgw.db|" "$TMP/restored.conf"
mkdir "$TMP/restored"
cp "$TMP/copy.db" "$TMP/restored/mailgw.db"
mg -c "$TMP/restored.conf" db check >/dev/null
is "restored: db check clean" "$?" 0
is "... and it takes the next message into the next ticket" \
    "$("$MAILGW" -c "$TMP/restored.conf" receive <"$TEST_DATA/no-message-id.eml"; echo $?; "$MAILGW" -c "$TMP/restored.conf" ticket list --json | "$JQ" length)" "0
4"

# Never over a file, never half a file.
printf 'precious\n' >"$TMP/exists"
mg db backup "$TMP/exists" 2>"$TMP/err"
is "an existing file: exit 73" "$?" 73
is "... in one line" "$(cat "$TMP/err")" "mailgw: backup $TMP/exists: File exists"
is "... the file untouched" "$(cat "$TMP/exists")" precious
mg db backup "$TMP/no/such/dir/copy.db" 2>/dev/null
is "a directory that is not there: exit 73" "$?" 73
chmod 555 "$TMP/restored"
if [ "$(id -u)" -ne 0 ]; then
	mg db backup "$TMP/restored/copy.db" 2>/dev/null
	is "a directory it may not write: exit 73" "$?" 73
fi
chmod 755 "$TMP/restored"
mg db backup 2>"$TMP/err"
is "no FILE: a usage error" "$?:$(head -1 "$TMP/err")" "64:mailgw: db backup: expected one FILE"
done_testing

#!/bin/sh
# ticket comment (internal notes, never mailed) and ticket log (the
# audit trail: who did what, when; append-only).
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf" "ack = yes"
receive "$TEST_DATA/plain-report.eml" >/dev/null
acks=$(ls "$TMP/outbox/new" | wc -l)
is "ticket comment reads the note from stdin" \
    "$(printf 'Called the carrier: both hosts isolated.\nNext check tomorrow.\n' | mg ticket comment 1)" \
    "[CNCERT #1] note added"
is "the note is on the ticket" "$(show 1 '.notes[0].text')" \
    "Called the carrier: both hosts isolated.
Next check tomorrow."
is "... with its author" "$(show 1 '.notes[0].author')" "user:$(id -un)"
is "... and it is not mailed" "$(ls "$TMP/outbox/new" | wc -l)" "$acks"
ok "ticket show lists it" sh -c '"$1" ticket show 1 | grep -q "^  note by user:"' sh "$MAILGW"
printf '\377\376bad bytes' | mg ticket comment 1 >/dev/null
is "bad UTF-8 in a note is repaired, not refused" "$(show 1 '.notes[1].text')" "��bad bytes"
printf '  \n' | mg ticket comment 1 >/dev/null 2>"$TMP/err"; rc=$?
is "an empty note: exit 65" "$rc" 65
echo note | mg ticket comment 42 >/dev/null 2>&1; rc=$?
is "no such ticket: exit 66" "$rc" 66

mg ticket set 1 status=open >/dev/null
is "ticket log: the trail, oldest first" \
    "$(mg ticket log 1 --json | "$JQ" -r '[.[] | .action] | join(" ")')" \
    "ticket.create ack.queued ticket.comment ticket.comment ticket.set"
is "... who and what" "$(mg ticket log 1 --json | "$JQ" -r '.[4] | .actor + " " + .detail')" \
    "user:$(id -un) status: new -> open"
ok "... as text, one line each" sh -c 'test "$("$1" ticket log 1 | wc -l)" -eq 5' sh "$MAILGW"
mg ticket log 42 >/dev/null 2>&1; rc=$?
is "ticket log of no ticket: exit 66" "$rc" 66
# A row whose text is not UTF-8 (an owner an older mailgw took): the
# JSON trail repairs it, as it does any text, and leaves nothing out.
sql "INSERT INTO audit (ticket_id, actor, action, detail) VALUES (1, 'user:old', 'ticket.set', CAST(X'6F776E65723A202D202D3E2078FF79' AS TEXT))"
is "ticket log --json: a row that is not UTF-8 kept, repaired" \
    "$(mg ticket log 1 --json | "$JQ" -r '[length, .[-1].detail] | map(tostring) | join(" ")')" \
    "$(($(mg ticket log 1 | wc -l))) $(printf 'owner: - -> x\357\277\275y')"
ok "the trail cannot be edited" \
    sh -c '! "$1" "$2" "UPDATE audit SET detail = '"'"'x'"'"'" 2>/dev/null' sh "$SQLITE3" "$DB"
done_testing

#!/bin/sh
# ticket merge ID INTO: messages, indicators (counts combined), partner
# references and notes move; both trails record it; the merged ticket's
# tag keeps threading into INTO; merged tickets leave the listing.
. "${srcdir:-.}/tests/e2e/lib.sh"

mg partner add AusCERT --email reports@auscert.example --ref-regex '\[(AUSCERT #[0-9]+)\]' >/dev/null
printf 'From: soc@bank.com\nSubject: phishing 93.184.216.34\nMessage-ID: <a@bank.com>\n\nSite on 93.184.216.34 and 151.101.1.69.\n' >"$TMP/a.eml"
receive "$TMP/a.eml" >/dev/null
receive "$TEST_DATA/plain-report.eml" >/dev/null
printf 'From: noc@isp.com\nSubject: same site\nMessage-ID: <c@isp.com>\n\nAgain 93.184.216.34.\n' >"$TMP/c.eml"
receive "$TMP/c.eml" >/dev/null
echo "duplicate of #1" | mg ticket comment 3 >/dev/null

is "merge" "$(mg ticket merge 3 1)" "[CNCERT #3] merged into [CNCERT #1]"
is "... the messages moved" "$(show 1 '[.messages[].message_id] | join(" ")')" "a@bank.com c@isp.com"
is "... an indicator both had is counted together" \
    "$(show 1 '[.iocs[] | select(.value == "93.184.216.34") | .occurrences][0]')" 3
is "... the note moved" "$(show 1 '.notes[0].text')" "duplicate of #1"
is "... the merged ticket says where it went" "$(show 3 .merged_into)" 1
is "... and holds nothing" "$(show 3 '[.messages, .iocs, .notes] | map(length) | add')" 0
is "... both trails record it" \
    "$(sql "SELECT group_concat(ticket_id || ':' || detail, ' | ') FROM audit WHERE action = 'ticket.merge'")" \
    "3:merged into [CNCERT #1] | 1:[CNCERT #3] merged into this ticket"
is "... it leaves the listing" "$(mg ticket list --json | "$JQ" -r '[.[].id] | join(" ")')" "2 1"

printf 'From: noc@isp.com\nSubject: Re: [CNCERT #3] done\nMessage-ID: <d@isp.com>\n\nTaken down.\n' >"$TMP/d.eml"
is "a reply to the merged ticket's tag" "$(receive "$TMP/d.eml")" 0
is "... threads into the ticket it was merged into" "$(show 1 '.messages | length')" 3

is "partner references move too" "$(mg ticket merge 2 1)" "[CNCERT #2] merged into [CNCERT #1]"
is "... AusCERT's reference now names ticket 1" "$(show 1 '.partner_refs[0].ref')" "AUSCERT #4711"
printf 'From: reports@auscert.example\nSubject: [AUSCERT #4711] update\nMessage-ID: <u@auscert.example>\n\nx\n' >"$TMP/u.eml"
receive "$TMP/u.eml" >/dev/null
is "... and threads there" "$(show 1 '.messages | length')" 5

mg ticket merge 1 1 >/dev/null 2>&1; rc=$?
is "into itself: exit 64" "$rc" 64
mg ticket merge 1 9 >/dev/null 2>"$TMP/err"; rc=$?
is "into no ticket: exit 66" "$rc" 66
ok "... named" grep -q "ticket merge: ticket 9: no such ticket" "$TMP/err"
mg ticket merge 3 1 >/dev/null 2>"$TMP/err"; rc=$?
is "a merged ticket again: exit 65" "$rc" 65
ok "... saying so" grep -q "ticket 3: it is merged into another already" "$TMP/err"
ok "db check is clean" sh -c '"$1" db check >/dev/null' sh "$MAILGW"
done_testing

#!/bin/sh
# Partners and staff, and threading by a partner's own reference.
. "${srcdir:-.}/tests/e2e/lib.sh"

fpr=0123456789ABCDEF0123456789ABCDEF01234567
out=$(mg partner add AusCERT --email reports@auscert.example \
    --email AusCERT@auscert.example --key "0123 4567 89ab cdef 0123  4567 89AB CDEF 0123 4567" \
    --ref-regex '\[(AUSCERT #[0-9]+)\]')
is "partner add" "$out" "partner AusCERT added"
is "partner list --json: addresses" \
    "$(mg partner list --json | "$JQ" -r '.[0].emails | join(" ")')" \
    "AusCERT@auscert.example reports@auscert.example"
is "... the key, normalised" "$(mg partner list --json | "$JQ" -r '.[0].keys[0]')" "$fpr"
is "... the reference pattern" "$(mg partner list --json | "$JQ" -r '.[0].ref_regex')" '\[(AUSCERT #[0-9]+)\]'
ok "partner list text" sh -c '"$MAILGW" partner list | grep -q "^AusCERT$"'
is "partner add again extends" "$(mg partner add AusCERT --email desk@auscert.example)" "partner AusCERT updated"
is "... three addresses now" "$(mg partner list --json | "$JQ" '.[0].emails | length')" 3
is "audited" "$(sql "SELECT group_concat(action) FROM audit WHERE ticket_id IS NULL")" \
    "correspondent.add,correspondent.extend"
ok "... with the local user as actor" test "$(sql "SELECT actor FROM audit LIMIT 1")" = "user:$(id -un)"

mg partner add Bad --email x@y.example --ref-regex '([unclosed' >/dev/null 2>&1; rc=$?
is "a bad pattern: exit 64" "$rc" 64
mg partner add Bad --email not-an-address >/dev/null 2>&1; rc=$?
is "a bad address: exit 64" "$rc" 64
mg partner add Bad --email x@y.example --key 1234 >/dev/null 2>&1; rc=$?
is "a bad fingerprint: exit 64" "$rc" 64
mg partner add Other --email reports@auscert.example >/dev/null 2>"$TMP/err"; rc=$?
is "an address of another partner: exit 65" "$rc" 65
ok "... naming the owner" grep -q "address reports@auscert.example belongs to partner AusCERT already" "$TMP/err"
is "... and nothing half-added" "$(mg partner list --json | "$JQ" length)" 1
is "staff add" "$(mg staff add zhang --email zhang@cert.example --key 89ABCDEF0123456789ABCDEF0123456789ABCDEF)" "staff zhang added"
mg staff add x --email y@z.example --ref-regex 'x' >/dev/null 2>&1; rc=$?
is "staff have no reference pattern: exit 64" "$rc" 64
is "staff and partners are apart" "$(mg staff list --json | "$JQ" -r '.[0].name')" zhang
mg partner add "$(printf 'Bad\377Name')" --email bad@bad.example >/dev/null 2>"$TMP/err"; rc=$?
is "a name that is not UTF-8: exit 64" "$rc" 64
ok "... saying what a name is" grep -q "partner add: a NAME is 1 to 100 bytes of UTF-8 without control characters" "$TMP/err"
# One already in a store (from a mailgw that took it): still listed, its
# bytes repaired, not the list cut short.
sql "INSERT INTO correspondents (role, name, ref_regex) VALUES ('partner', CAST(X'4F6C64FF' AS TEXT), CAST(X'5CFF' AS TEXT))"
is "... an old one in the store: listed with U+FFFD" \
    "$(mg partner list --json | "$JQ" -c '[length, (.[] | select(.name | startswith("Old")) | [.name, .ref_regex])]')" \
    "$(printf '[2,["Old\357\277\275","\\\\\357\277\275"]]')"
sql "DELETE FROM correspondents WHERE name LIKE 'Old%'"

# The first report maps AusCERT's reference to our ticket.
is "report from AusCERT" "$(receive "$TEST_DATA/plain-report.eml")" 0
is "... ticket subject without their tag" "$(show 1 .subject)" "Phishing hosts in two provinces"
is "... their reference on the ticket" "$(show 1 '.partner_refs[0] | .partner + " " + .ref')" "AusCERT AUSCERT #4711"
ok "... shown in text too" sh -c '"$MAILGW" ticket show 1 | grep -q "partner:  AusCERT, their reference AUSCERT #4711"'

printf 'From: AusCERT <reports@auscert.example>\nSubject: [AUSCERT #4711] update: one host is down\nMessage-ID: <4711.2@auscert.example>\n\nOne down.\n' >"$TMP/update.eml"
is "their follow-up, no References" "$(receive "$TMP/update.eml")" 0
is "... joins the ticket by their reference" "$(show 1 '.messages | length')" 2
is "... audit says how" "$(sql "SELECT detail FROM audit WHERE action = 'message.in' ORDER BY id DESC LIMIT 1" | sed 's/.*threaded by //')" partner-ref

printf 'From: analyst@carrier.example\nSubject: about [auscert #4711]\nMessage-ID: <c1@carrier.example>\n\nA question.\n' >"$TMP/third.eml"
is "a third party quoting their reference" "$(receive "$TMP/third.eml")" 0
is "... joins the ticket (correspondence, no trust)" "$(show 1 '.messages | length')" 3

printf 'From: someone@elsewhere.example\nSubject: [AUSCERT #9999] forged\nMessage-ID: <f1@elsewhere.example>\n\nx\n' >"$TMP/forged.eml"
is "an unmapped reference from a stranger" "$(receive "$TMP/forged.eml")" 0
is "... opens a new ticket" "$(sql "SELECT count(*) FROM tickets")" 2
is "... and maps nothing: references are bound to their partner" \
    "$(sql "SELECT count(*) FROM partner_refs")" 1

# A bare reference (a bulletin id) is part of the subject.
mg partner add CERT-Bulletins --email bulletins@auscert.example --ref-regex 'ESB-[0-9]{4}\.[0-9]+' >/dev/null
printf 'From: bulletins@auscert.example\nSubject: ESB-2022.1234 - Vulnerability in a router\nMessage-ID: <esb@auscert.example>\n\nx\n' >"$TMP/esb.eml"
receive "$TMP/esb.eml" >/dev/null
is "a bare reference stays in the subject" "$(show 3 .subject)" "ESB-2022.1234 - Vulnerability in a router"
is "... and is mapped" "$(show 3 '.partner_refs[0].ref')" "ESB-2022.1234"

is "partner remove" "$(mg partner remove AusCERT)" "partner AusCERT removed"
is "... its references go with it" "$(sql "SELECT count(*) FROM partner_refs")" 1
mg partner remove AusCERT >/dev/null 2>&1; rc=$?
is "removing it again: exit 66" "$rc" 66
done_testing

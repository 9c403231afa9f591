#!/bin/sh
# receive: a report goes in, a ticket comes out, with its header decoded
# and its raw bytes kept exactly.
. "${srcdir:-.}/tests/e2e/lib.sh"

is "plain report: exit 0" "$(receive "$TEST_DATA/plain-report.eml")" 0
is "one ticket" "$(mg ticket list --json | "$JQ" length)" 1
is "ticket subject" "$(show 1 .subject)" \
    "[AUSCERT #4711] Phishing hosts in two provinces"
is "ticket tag" "$(show 1 .tag)" "[CNCERT #1]"
is "ticket status" "$(show 1 .status)" "new"
ok "created is RFC 3339 UTC" sh -c 'echo "$1" | grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"' \
    sh "$(show 1 .created)"
is "sender address (domain lowercased)" "$(show 1 '.messages[0].from')" \
    "Reports@auscert.example"
is "sender name" "$(show 1 '.messages[0].from_name')" "AusCERT Incident Desk"
is "To" "$(show 1 '.messages[0].to | join(",")')" "cert@cert.example"
is "Cc" "$(show 1 '.messages[0].cc | join(",")')" "soc@bank.example"
is "Date in UTC" "$(show 1 '.messages[0].date')" "2026-11-22T07:59:58Z"
is "Message-ID without brackets" "$(show 1 '.messages[0].message_id')" \
    "4711.1.report@auscert.example"
is "direction" "$(show 1 '.messages[0].direction')" "in"
is "no problem noted" "$(show 1 '.messages[0].problem')" "null"
is "fields for later parts are present: signatures" \
    "$(show 1 '.messages[0].signatures | length')" 0
is "coverage none without PGP" "$(show 1 '.messages[0].coverage')" none
is "verified_partner null" "$(show 1 '.messages[0].verified_partner')" null
is "iocs, notifications, partner_refs present as arrays" \
    "$(show 1 '[.iocs, .notifications, .partner_refs] | map(type) | join(",")')" "array,array,array"
is "... the report's two addresses among the iocs" \
    "$(show 1 '[.iocs[] | .value] | join(" ")')" "198.51.100.7 203.0.113.9"

sql "SELECT writefile('$TMP/raw.out', raw) FROM messages WHERE id = 1" >/dev/null
ok "raw bytes stored exactly" cmp -s "$TMP/raw.out" "$TEST_DATA/plain-report.eml"
is "size recorded" "$(show 1 '.messages[0].size')" \
    "$(wc -c <"$TEST_DATA/plain-report.eml" | tr -d ' ')"

# RFC 2047: a GB2312 subject in B form and sender name, byte for byte.
is "GB2312 B-encoded subject: exit 0" \
    "$(receive "$TEST_DATA/gb2312-subject.eml")" 0
is "GB2312 subject decoded to UTF-8" "$(show 2 .subject)" "仿冒银行网站"
is "GB2312 display name decoded" "$(show 2 '.messages[0].from_name')" "张三"
printf '仿冒银行网站' >"$TMP/expect"
show 2 .subject | tr -d '\n' >"$TMP/got"
ok "GB2312 subject: UTF-8 bytes exact" cmp -s "$TMP/got" "$TMP/expect"

# Unencoded 8-bit headers: UTF-8 kept, GB18030 and Latin-1 converted.
is "raw UTF-8 subject: exit 0" "$(receive "$TEST_DATA/8bit-headers.eml")" 0
is "raw UTF-8 subject kept" "$(show 3 .subject)" "Phishing 仿冒网站 raw UTF-8"
is "raw Latin-1 name converted" "$(show 3 '.messages[0].from_name')" "Müller"
is "raw GB18030 subject: exit 0" "$(receive "$TEST_DATA/8bit-gb-headers.eml")" 0
is "raw GB18030 subject converted" "$(show 4 .subject)" "仿冒网站 raw GB18030"

# The original recipient: --recipient, else Postfix's environment, else
# Delivered-To / X-Original-To.
sed 's/^Message-ID: .*/Message-ID: <rcpt-1@x>\r/' "$TEST_DATA/no-message-id.eml" >"$TMP/r1.eml"
is "recipient from --recipient" "$(receive "$TMP/r1.eml" --recipient cert+abc@cert.example)" 0
is "recipient stored" "$(show 5 '.messages[0].recipient')" "cert+abc@cert.example"
sed 's/^Subject: .*/Subject: env/' "$TEST_DATA/no-message-id.eml" >"$TMP/r2.eml"
is "recipient from ORIGINAL_RECIPIENT" \
    "$(ORIGINAL_RECIPIENT=cert+env@cert.example RECIPIENT=cert@cert.example receive "$TMP/r2.eml")" 0
is "ORIGINAL_RECIPIENT wins over RECIPIENT" "$(show 6 '.messages[0].recipient')" "cert+env@cert.example"
{ printf 'Delivered-To: cert+hdr@cert.example\n'; sed 's/^Subject: .*/Subject: hdr/' "$TEST_DATA/no-message-id.eml"; } >"$TMP/r3.eml"
is "recipient from Delivered-To" "$(receive "$TMP/r3.eml")" 0
is "Delivered-To stored" "$(show 7 '.messages[0].recipient')" "cert+hdr@cert.example"
{ printf 'X-Original-To: cert+xot@cert.example\n'; sed 's/^Subject: .*/Subject: xot/' "$TEST_DATA/no-message-id.eml"; } >"$TMP/r4.eml"
receive "$TMP/r4.eml" >/dev/null
is "recipient from X-Original-To" "$(show 8 '.messages[0].recipient')" "cert+xot@cert.example"
sed 's/^Subject: .*/Subject: evil/' "$TEST_DATA/no-message-id.eml" >"$TMP/r5.eml"
is "a recipient with a line break is not kept" \
    "$(receive "$TMP/r5.eml" --recipient "$(printf 'a@b\nBcc: x@y')")" 0
is "... and the message is still stored" "$(show 9 '.messages[0].recipient')" ""

# Malformed headers: stored, flagged, in a ticket; nothing lost.
is "malformed headers: exit 0" "$(receive "$TEST_DATA/malformed-headers.eml")" 0
ok "malformed headers: the problem is recorded" \
    sh -c '"$MAILGW" ticket show 10 --json | "$JQ" -e ".messages[0].problem | test(\"From\")" >/dev/null'
is "malformed headers: Date left empty" "$(show 10 '.messages[0].date')" null
sql "SELECT writefile('$TMP/raw.out', raw) FROM messages WHERE ticket_id = 10" >/dev/null
ok "malformed headers: raw kept exactly" cmp -s "$TMP/raw.out" "$TEST_DATA/malformed-headers.eml"

# Text output for the analyst.
ok "ticket list shows the tag and subject" \
    sh -c '"$MAILGW" ticket list | grep -q "^\[CNCERT #2\] .*仿冒银行网站$"'
ok "ticket list --status filters" \
    sh -c 'test "$("$MAILGW" ticket list --status new --json | "$JQ" length)" = 10 && test "$("$MAILGW" ticket list --status open --json | "$JQ" length)" = 0'
ok "ticket show text names the sender" \
    sh -c '"$MAILGW" ticket show 1 | grep -q "from  Reports@auscert.example"'
ok "ticket show accepts the tag form" \
    sh -c '"$MAILGW" ticket show "[CNCERT #2]" --json | "$JQ" -e ".id == 2" >/dev/null'
is "the audit log has the creation by the message, in one row" \
    "$(sql "SELECT action || ': ' || detail FROM audit WHERE ticket_id = 1")" \
    "ticket.create: message 1 from Reports@auscert.example, threaded by new"
done_testing

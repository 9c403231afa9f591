#!/bin/sh
# CSV reports (Shadowserver-style feeds): read by column name, each row
# with an address kept on its indicator with when it was seen and every
# column as written; notifications say when each address was seen; a
# merge keeps the rows; prose with commas is no report.
. "${srcdir:-.}/tests/e2e/lib.sh"

printf '[notify]\ncountry = CN\n' >>"$TMP/mailgw.conf"
printf 'kind,name,email,cidr,lang,format\nnetwork,Example Telecom,abuse@telecom.example,58.16.0.0/16,en,\nnetwork,Example Unicom,abuse@unicom.example,59.32.0.0/13,en,csv\n' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
is "Shadowserver's memcached report: stored" \
    "$(receive "$TEST_DATA/shadowserver-memcached.eml")" 0
rows() { show 1 "[.iocs[] | select(.value == \"$1\") | .rows[] | $2] | join(\" \")"; }
is "each row with an address kept on its indicator, by line" \
    "$(rows 58.16.7.21 '.line | tostring')" "2 7"
is "... when the report saw it (timestamp, not the feed's other time)" \
    "$(rows 58.16.7.21 .seen)" "2026-11-21T00:12:07Z 2026-11-21T00:17:55Z"
is "... every column as written" \
    "$(rows 59.33.10.20 '.columns | [.port, .hostname, .asn, .geo, .region, .version] | join(",")')" \
    "11211,cache3.example-idc.cn,4134,CN,GUANGDONG,1.5.6"
is "... the attachment it came from" "$(rows 59.33.10.20 .part)" "1.2"
is "an IPv6 row, canonical, its quoted line break kept" \
    "$(rows 2001:db8::7 '.line | tostring') $(rows 2001:db8::7 '.columns.sector | gsub("\n"; "|")')" \
    "5 Hosting, with a|line break in a quoted field"
# The report's text is its attachment's bytes with CRLF as LF: kept
# once, in the attachment (migration 0019), read back through part_text.
is "the report's text is kept once, as its attachment's bytes (CRLF as LF)" \
    "$(sql "SELECT text IS NULL, text_in_attachment FROM parts WHERE path = '1.2' AND message_id = 1")" "1|2"
sha=$(sql "SELECT attachment FROM parts WHERE path = '1.2' AND message_id = 1")
"$MAILGW" attachment get "$sha" | sed 's/\r$//' >"$TMP/report.csv"
sql "SELECT writefile('$TMP/text.csv', text) FROM part_text WHERE path = '1.2' AND message_id = 1" >/dev/null
ok "... and read back whole, byte for byte" cmp -s "$TMP/report.csv" "$TMP/text.csv"
grep -q "$(printf '\r')" "$TMP/text.csv"; is "... no CR left in it" "$?" 1
is "the row without an address gave none" \
    "$(sql "SELECT count(*) FROM ioc_rows")" 4
is "the hostname column is an indicator too (no rows of its own)" \
    "$(show 1 '[.iocs[] | select(.type == "domain") | .value + ":" + (.rows | length | tostring)] | join(",")')" \
    "cache3.example-idc.cn:0"

is "notify" "$(mg notify 1 | cut -d';' -f2)" " 2 sent, 0 failed, 0 still pending"
t=$(grep -l "^Delivered-To: abuse@telecom.example" "$TMP"/outbox/new/*)
u=$(grep -l "^Delivered-To: abuse@unicom.example" "$TMP"/outbox/new/*)
ok "the carrier is told when its host was first seen" \
    grep -q "^  58.16.7.21  (seen 2026-11-21T00:12:07Z)" "$t"
awk '/^Content-Type: text\/csv/ { on = 1 } on && /^\r?$/ { body = 1; next }
    body && /^--/ { exit } body { print }' "$u" | tr -d '\r' | base64 -d >"$TMP/att.csv"
is "the CSV attachment has a seen column" "$(tr -d '\r' <"$TMP/att.csv")" \
    'type,value,seen
"ipv4","59.33.10.20","2026-11-21T00:13:44Z"'

# An inline CSV (a partner pasting the feed into the body) is a report;
# prose with commas and an address is not.
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: scan\nMessage-ID: <inline@test.example>\n\nsrc_ip,dst_port,first_seen\n60.1.2.3,23,2026-11-20T10:00:00+08:00\n' >"$TMP/inline.eml"
receive "$TMP/inline.eml" >/dev/null
is "an inline CSV report: its row, the time in UTC" \
    "$(show 2 '[.iocs[].rows[] | .seen + " " + .columns.dst_port] | join(",")')" \
    "2026-11-20T02:00:00Z 23"
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: prose\nMessage-ID: <prose@test.example>\n\nHello, we saw 60.9.9.9 scanning, port 23, please check.\n' >"$TMP/prose.eml"
receive "$TMP/prose.eml" >/dev/null
is "prose with commas: the address, no rows" \
    "$(show 3 '[.iocs[] | .value + ":" + (.rows | length | tostring)] | join(",")')" "60.9.9.9:0"

mg ticket merge 2 1 >/dev/null
is "a merge moves the rows" "$(sql "SELECT group_concat(DISTINCT ticket_id) FROM ioc_rows")" 1
is "... shown on the ticket merged into" \
    "$(rows 60.1.2.3 .seen)" "2026-11-20T02:00:00Z"
# ticket show --json is printed as it is read (messages, indicators and
# their rows); the text is still what jansson makes of a whole document,
# as jq prints it too.
mg ticket show 1 --json >"$TMP/show.json"
ok "ticket show --json: the text of a whole document" \
    sh -c '"$0" . "$1" | cmp -s - "$1"' "$JQ" "$TMP/show.json"
# An indicator whose bytes are not UTF-8 (none that receive stores, but
# a store is a file): shown repaired, the list not cut short.
sql "INSERT INTO iocs (ticket_id, type, value, class, message_id) VALUES (1, 'url', CAST(X'687474703A2F2F782E6578616D706C652FFF' AS TEXT), 'public', (SELECT min(id) FROM messages WHERE ticket_id = 1))"
is "ticket show --json: an indicator that is not UTF-8, repaired" \
    "$(mg ticket show 1 --json | "$JQ" -r '[(.iocs | length), (.iocs[] | select(.type == "url") | .value)] | map(tostring) | join(" ")')" \
    "$(($(sql "SELECT count(*) FROM iocs WHERE ticket_id = 1")))$(printf ' http://x.example/\357\277\275')"
mg ticket list --json >"$TMP/list.json"
ok "... and ticket list --json" sh -c '"$0" . "$1" | cmp -s - "$1"' "$JQ" "$TMP/list.json"
# An attachment whose text is its bytes as they are (LF), and one whose
# text is not (Latin-1: made UTF-8), each read back as it was decoded.
{
	printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: two logs\n'
	printf 'Message-ID: <two-logs@partner.example>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
	printf 'Content-Type: text/plain\n\nLogs attached.\n--b\n'
	printf 'Content-Type: text/plain; name="a.log"\nContent-Disposition: attachment; filename="a.log"\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	printf 'scan from 198.51.100.77\nand again\n' | base64
	printf -- '--b\nContent-Type: text/plain; charset=iso-8859-1; name="b.log"\n'
	printf 'Content-Disposition: attachment; filename="b.log"\nContent-Transfer-Encoding: base64\n\n'
	printf 'caf\351 198.51.100.78\n' | base64
	printf -- '--b--\n'
} >"$TMP/logs.eml"
is "two text attachments: stored" "$(receive "$TMP/logs.eml")" 0
m=$(sql "SELECT id FROM messages WHERE message_id = 'two-logs@partner.example'")
is "... the one whose text is its bytes kept once" \
    "$(sql "SELECT text IS NULL, text_in_attachment FROM parts WHERE message_id = $m AND path = '1.2'")" "1|1"
is "... read back" "$(sql "SELECT text FROM part_text WHERE message_id = $m AND path = '1.2'")" \
    "$(printf 'scan from 198.51.100.77\nand again')"
is "... the Latin-1 one keeps its UTF-8 text" \
    "$(sql "SELECT text IS NOT NULL, text_in_attachment FROM parts WHERE message_id = $m AND path = '1.3'")" "1|0"
is "... read back" "$(sql "SELECT text FROM part_text WHERE message_id = $m AND path = '1.3'")" "café 198.51.100.78"
# A Chinese carrier's list as Excel in China saves "CSV": GBK bytes, no
# label, Chinese column names (受害IP, 发现时间), Excel's 2026/11/21 9:05.
{
	printf 'From: soc@isp.example.cn\nSubject: list\n'
	printf 'Message-ID: <gbk-csv@isp.example.cn>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
	printf 'Content-Type: text/plain\n\nsee attached\n--b\n'
	printf 'Content-Type: application/vnd.ms-excel; name="hosts.csv"\n'
	printf 'Content-Disposition: attachment; filename="hosts.csv"\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	printf '%s\r\n' '序号,受害IP,端口,发现时间,省份' \
	    '1,58.16.7.21,23,2026/11/21 9:05:00,贵州' \
	    '2,59.33.10.20,2323,2026/11/21 10:15:30,广东' |
	    iconv -f UTF-8 -t GBK | base64
	printf -- '--b--\n'
} >"$TMP/gbk.eml"
is "a GBK CSV with Chinese column names: stored" "$(receive "$TMP/gbk.eml")" 0
t=$(sql "SELECT ticket_id FROM messages
    WHERE message_id = 'gbk-csv@isp.example.cn'")
is "... a report: its rows kept, their times read as Beijing time" \
    "$(sql "SELECT group_concat(r, ', ') FROM (SELECT line || ' ' || value ||
        ' ' || seen || ' ' || json_extract(columns, '$.省份') AS r
        FROM ioc_rows WHERE ticket_id = $t ORDER BY line)")" \
    "2 58.16.7.21 2026-11-21T01:05:00Z 贵州, 3 59.33.10.20 2026-11-21T02:15:30Z 广东"
# A list exported from a spreadsheet: "IP Address" and "Last Seen", a
# blank between the words; semicolons and "Source-IP" in a second one.
cat >"$TMP/sheet.eml" <<'MAIL'
From: soc@bank.example
To: cert@cert.example
Subject: hosts attacking our online banking
Message-ID: <sheet-csv@bank.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Two lists attached.
--b
Content-Type: text/csv; name="hosts.csv"
Content-Disposition: attachment; filename="hosts.csv"

IP Address,Port,Last Seen,Malware Family
198.51.100.60,23,2026-11-20 10:00:00,Mirai
--b
Content-Type: text/csv; name="more.csv"
Content-Disposition: attachment; filename="more.csv"

No;Source-IP;Timestamp
1;198.51.100.62;2026-11-21T10:00:00Z
--b--
MAIL
is "a spreadsheet's column names: stored" "$(receive "$TMP/sheet.eml")" 0
t=$(sql "SELECT ticket_id FROM messages
    WHERE message_id = 'sheet-csv@bank.example'")
is "... its rows kept, with their times and columns" \
    "$(sql "SELECT group_concat(r, ', ') FROM (SELECT value || ' ' || seen ||
        ' ' || coalesce(json_extract(columns, '$.\"Malware Family\"'),
        json_extract(columns, '$.No')) AS r
        FROM ioc_rows WHERE ticket_id = $t ORDER BY value)")" \
    "198.51.100.60 2026-11-20T10:00:00Z Mirai, 198.51.100.62 2026-11-21T10:00:00Z 1"
done_testing

#!/bin/sh
# Office documents attached. An Excel workbook (a partner's list of
# hosts; Chinese desks send most of theirs so): its cells read as
# tab-separated rows for their indicators, a sheet with a header row
# kept as a report's rows; several sheets each read under its name; a
# sheet with a DTD (entity expansion) not read, and the part says so. A
# Word document (a notice of an incident): its paragraphs, tables and
# the targets of its links. Each stored as it came.
. "${srcdir:-.}/tests/e2e/lib.sh"

is "a workbook of hosts: exit 0" "$(receive "$TEST_DATA/xlsx-report.eml")" 0
is "... its cells' indicators found" "$(iocs_of xlsx-report@scanfeed.example)" \
    "ipv4:203.0.113.10 domain:host1.example.com ipv4:198.51.100.20"
t=$(ticket_of xlsx-report@scanfeed.example)
is "... its header row makes it a report: rows kept, with their times" \
    "$(sql "SELECT group_concat(r, ', ') FROM (SELECT line || ' ' ||
        value || ' ' || coalesce(seen, '-') AS r FROM ioc_rows
        WHERE ticket_id = $t ORDER BY line)")" \
    "2 203.0.113.10 2026-11-21T01:02:03Z, 3 198.51.100.20 -"
is "... the row's columns kept by name" \
    "$(sql "SELECT json_extract(columns, '$.port') || ' ' ||
        json_extract(columns, '$.hostname') FROM ioc_rows
        WHERE ticket_id = $t AND line = 3")" \
    "8080 mail server of the bank"
xlsx_sha=$(sha256sum <"$TEST_DATA/office/hosts.xlsx" | cut -d' ' -f1)
is "... the workbook stored as it came, under its name" \
    "$(sql "SELECT filename || ' ' || attachment FROM parts
        WHERE filename LIKE '%.xlsx'")" "受害主机.xlsx $xlsx_sha"
is "... and nothing wrong with it" "$(problems_of xlsx-report@scanfeed.example)" ""

is "two workbooks as octet-stream: exit 0" \
    "$(receive "$TEST_DATA/xlsx-sheets.eml")" 0
is "... each sheet read (a Notes sheet's URL too), not the one with a DTD" \
    "$(iocs_of xlsx-sheets@scanfeed.example)" \
    "ipv4:192.0.2.77 url:http://c2-panel.info/gate domain:c2-panel.info ipv4:192.0.2.1"
ok "... the entity the DTD declares never expanded" \
    sh -c '! "$1" ticket show "$2" --json | grep -q aaaaaaaaaa' \
    sh "$MAILGW" "$(ticket_of xlsx-sheets@scanfeed.example)"
is "... and the part says one sheet was not read" \
    "$(problems_of xlsx-sheets@scanfeed.example)" \
    "1 sheet of the Excel workbook not read whole (encrypted, broken or \
past max_attachment_size)"
t=$(ticket_of xlsx-sheets@scanfeed.example)
is "... several sheets make no one report: no rows" \
    "$(sql "SELECT count(*) FROM ioc_rows WHERE ticket_id = $t")" 0

# A charset label on a workbook names its bytes' charset, not that of the
# text read from it: "地址" stays itself under a GB18030 label (a Chinese
# mail program's on every part).
printf '%s\n' 'From: feed@scanfeed.example' 'Subject: labelled' \
    'Message-ID: <xlsx-label@scanfeed.example>' 'MIME-Version: 1.0' \
    'Content-Type: multipart/mixed; boundary="b"' '' '--b' \
    'Content-Type: text/plain' '' 'see attached' '--b' \
    'Content-Type: application/octet-stream; charset=gb18030' \
    'Content-Disposition: attachment; filename="hosts.xlsx"' \
    'Content-Transfer-Encoding: base64' '' \
    "$(base64 <"$TEST_DATA/office/two-sheets.xlsx")" '--b--' \
    >"$TMP/label.eml"
receive "$TMP/label.eml" >/dev/null
is "a workbook under a charset label: its text read as UTF-8 all the same" \
    "$(sql "SELECT text FROM part_text WHERE path = '1.2' AND message_id =
        (SELECT id FROM messages
         WHERE message_id = 'xlsx-label@scanfeed.example')" | sed -n 2p)" \
    "地址"

# Not a workbook, though named one: stored, flagged, nothing read.
printf '%s\n' 'From: feed@scanfeed.example' 'Subject: broken' \
    'Message-ID: <xlsx-broken@scanfeed.example>' 'MIME-Version: 1.0' \
    'Content-Type: multipart/mixed; boundary="b"' '' '--b' \
    'Content-Type: text/plain' '' 'see attached' '--b' \
    "Content-Type: application/vnd.openxmlformats-officedocument.\
spreadsheetml.sheet" \
    'Content-Disposition: attachment; filename="hosts.xlsx"' \
    'Content-Transfer-Encoding: base64' '' \
    "$(head -c 700 "$TEST_DATA/office/hosts.xlsx" | base64)" '--b--' \
    >"$TMP/broken.eml"
is "a truncated workbook: exit 0" "$(receive "$TMP/broken.eml")" 0
is "... stored, and the part says it does not open" \
    "$(problems_of xlsx-broken@scanfeed.example)" \
    "an Excel workbook that does not open"
is "a Word document: exit 0" "$(receive "$TEST_DATA/docx-notice.eml")" 0
is "... its paragraphs', table's and link's indicators found" \
    "$(iocs_of docx-notice@bank.example.cn)" \
    "ipv4:203.0.113.66 ipv4:198.51.100.66 domain:phish-docx.com url:http://login.phish-docx.com/verify?id=7 domain:login.phish-docx.com"
is "... text deleted with changes tracked is not read" \
    "$(sql "SELECT count(*) FROM iocs WHERE value = '10.9.9.9'")" 0
is "... the table's name defanged, as written" \
    "$(show "$(ticket_of docx-notice@bank.example.cn)" \
    '[.iocs[] | select(.value == "phish-docx.com") | .defanged][0]')" true
# Its 90 KB of XML cut at byte 7,046 (between the two runs of the 63rd
# address): the 62 paragraphs before, whole.
write_config "$TMP/small.conf" "max_attachment_size = 7046"
MAILGW_CONFIG=$TMP/small.conf "$MAILGW" receive \
    <"$TEST_DATA/docx-long.eml" 2>>"$TMP/stderr"
is "a Word document past max_attachment_size: the part says so" \
    "$(problems_of docx-long@bank.example.cn)" \
    "the text of the Word document not read whole (broken or past \
max_attachment_size)"
is "... its paragraphs before the limit read, whole" \
    "$(show "$(ticket_of docx-long@bank.example.cn)" \
    '[.iocs[].value] | "\(length) \(.[0]) \(.[-1])"')" \
    "62 198.51.0.1 198.51.0.62"
# ioc extract on a document saved: --message reads it as the mail that
# carried it attached would be read; without, a warning says it is
# read as bytes
is "ioc extract --message hosts.xlsx: its cells' indicators" \
    "$(mg ioc extract --message "$TEST_DATA/office/hosts.xlsx" | tr '\t' : | paste -sd' ' -)" \
    "ipv4:203.0.113.10 domain:host1.example.com ipv4:198.51.100.20"
is "ioc extract --message notice.docx: its text's and its links'" \
    "$(mg ioc extract --message "$TEST_DATA/office/notice.docx" | tr '\t' : | paste -sd' ' -)" \
    "$(mg ioc extract --message "$TEST_DATA/docx-notice.eml" | tr '\t' : | paste -sd' ' -)"
ok "... which are not nothing" sh -c \
    '"$1" ioc extract --message "$2" | grep -q "^domain	phish-docx.com$"' \
    sh "$MAILGW" "$TEST_DATA/office/notice.docx"
"$MAILGW" ioc extract "$TEST_DATA/office/hosts.xlsx" >"$TMP/out" 2>"$TMP/err"
is "ioc extract hosts.xlsx without --message: read as bytes, and a warning says so" \
    "$? $(cat "$TMP/err")" \
    "0 mailgw: ioc extract: $TEST_DATA/office/hosts.xlsx is a zip file (an Office document, an archive), read as bytes: its text is not seen (--message reads it)"
gzip -c "$TEST_DATA/scan-http-vulnerable.csv" >"$TMP/scan.csv.gz"
is "ioc extract --message report.csv.gz: the report's, by column" \
    "$(mg ioc extract --message "$TMP/scan.csv.gz" | cksum)" \
    "$(mg ioc extract "$TEST_DATA/scan-http-vulnerable.csv" | cksum)"
gzip -c "$TEST_DATA/plain-report.eml" >"$TMP/report.eml.gz"
is "ioc extract --message report.eml.gz: the message's, on standard input too" \
    "$(mg ioc extract --message "$TMP/report.eml.gz" | cksum) $(mg ioc extract --message <"$TMP/report.eml.gz" | cksum)" \
    "$(mg ioc extract --message "$TEST_DATA/plain-report.eml" | cksum) $(mg ioc extract --message "$TEST_DATA/plain-report.eml" | cksum)"
head -c 100 "$TMP/report.eml.gz" >"$TMP/broken.gz"
"$MAILGW" ioc extract --message "$TMP/broken.gz" >"$TMP/out" 2>"$TMP/err"
is "... one that breaks off: 65, said, nothing printed" \
    "$? $(cat "$TMP/err") $(wc -c <"$TMP/out")" \
    "65 mailgw: ioc extract: $TMP/broken.gz: the gzip data breaks off 0"
done_testing

#!/bin/sh
# A zip attachment (report.zip, as Windows sends a large report): the
# text files in it are read for their indicators, one CSV report's rows
# kept as any report's; files that are no text, encrypted ones and what
# lies past max_attachment_size are not read, and the part says so.
# The archive itself is stored as it came.
. "${srcdir:-.}/tests/e2e/lib.sh"

is "a zipped CSV report: exit 0" \
    "$(receive "$TEST_DATA/zip-csv-report.eml")" 0
is "... its indicators found" "$(iocs_of zip-one@scanfeed.example)" \
    "ipv4:198.51.100.61 domain:cache1.example-idc.cn ipv4:198.51.100.62"
is "... its rows kept, with their times" \
    "$(sql "SELECT group_concat(line || ' ' || value || ' ' || seen, ', ')
        FROM ioc_rows")" \
    "2 198.51.100.61 2026-11-21T04:05:06Z, 3 198.51.100.62 2026-11-21T04:05:07Z"
# the archive's bytes: the base64 after the zip part's header
zip_sha=$(awk '/^Content-Transfer-Encoding: base64/ { on = 1; next }
    on && /^--/ { exit } on && NF { print }' "$TEST_DATA/zip-csv-report.eml" |
    base64 -d | sha256sum | cut -d' ' -f1)
is "... the archive stored as it came" \
    "$(sql "SELECT attachment FROM parts WHERE filename LIKE '%.zip'")" \
    "$zip_sha"

is "several files: exit 0" \
    "$(receive "$TEST_DATA/zip-several-files.eml")" 0
is "... the CSV and the log read; the program and a text with NULs not" \
    "$(iocs_of zip-several@scanfeed.example)" \
    "ipv4:198.51.100.61 domain:cache1.example-idc.cn ipv4:198.51.100.62 ipv4:198.51.100.63"
t=$(sql "SELECT ticket_id FROM messages
    WHERE message_id = 'zip-several@scanfeed.example'")
is "... several texts make no one report: no rows" \
    "$(sql "SELECT count(*) FROM ioc_rows WHERE ticket_id = $t")" 0

is "an encrypted zip (a sample, password 'infected'): exit 0" \
    "$(receive "$TEST_DATA/zip-encrypted.eml")" 0
is "... nothing read" "$(iocs_of zip-encrypted@scanfeed.example)" ""
is "... and the part says why" "$(problems_of zip-encrypted@scanfeed.example)" \
    "1 text file of the zip archive not read whole (encrypted, broken or past max_attachment_size)"
t=$(sql "SELECT ticket_id FROM messages
    WHERE message_id = 'zip-encrypted@scanfeed.example'")
ok "... in the text view too, under the attachment" sh -c '"$1" ticket show "$2" |
    grep -A1 "attached: sample.zip" |
    grep -q "^     problem:  1 text file of the zip archive not read whole"' \
    sh "$MAILGW" "$t"

# Byte 1000 of the log falls inside "198.51.100.123", after
# "198.51.100.1": read to the last whole line before it.
write_config "$TMP/small.conf" "max_attachment_size = 1000"
MAILGW_CONFIG=$TMP/small.conf "$MAILGW" receive \
    <"$TEST_DATA/zip-big-log.eml" 2>>"$TMP/stderr"
is "a zip that inflates past max_attachment_size: exit 0" "$?" 0
is "... its whole lines read, no address cut in half" \
    "$(iocs_of zip-big@scanfeed.example)" "ipv4:198.51.100.123"

broken=$(printf 'PK\003\004 not a zip 203.0.113.70\n' | base64 -w0)
cat >"$TMP/broken.eml" <<MAIL
From: soc@bank.com
Subject: broken
Message-ID: <zip-broken@bank.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: application/zip; name="r.zip"
Content-Disposition: attachment; filename="r.zip"
Content-Transfer-Encoding: base64

$broken
--b--
MAIL
is "a zip that does not open: exit 0" "$(receive "$TMP/broken.eml")" 0
is "... nothing read from it" "$(iocs_of zip-broken@bank.com)" ""
is "... and the part says so" "$(problems_of zip-broken@bank.com)" \
    "a zip archive that does not open"
done_testing

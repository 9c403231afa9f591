#!/bin/sh
# The MIME tree: bodies decoded from their transfer encoding and charset
# to UTF-8, HTML made text, attachments stored once per content with
# their real type, file names made safe, forwarded headers kept, limits.
. "${srcdir:-.}/tests/e2e/lib.sh"

# text of part PATH of the only message of ticket ID, exactly
part_text() {
	sql "SELECT writefile('$TMP/text', t.text) FROM part_text t
	     JOIN messages m ON m.id = t.message_id
	     WHERE m.ticket_id = $1 AND t.path = '$2'" >/dev/null
	cat "$TMP/text"
}

is "GBK bytes labelled gb2312, base64: exit 0" \
    "$(receive "$TEST_DATA/gb18030-body-labelled-gb2312.eml")" 0
printf '朱镕基同志的讲话。恶意网站：hxxp://fake-bank[.]example/login\n' >"$TMP/expect"
part_text 1 1 >"$TMP/got"
ok "... body decoded to UTF-8, byte for byte (镕 is GBK only)" cmp -s "$TMP/got" "$TMP/expect"
is "... no problem noted" "$(show 1 '.messages[0].parts[0].problem')" null

is "Big5 body, quoted-printable: exit 0" "$(receive "$TEST_DATA/big5-body.eml")" 0
printf '請協助處理以下釣魚網站。\n' >"$TMP/expect"
part_text 2 1 >"$TMP/got"
ok "... body decoded to UTF-8, byte for byte" cmp -s "$TMP/got" "$TMP/expect"
is "... Big5 subject decoded" "$(show 2 .subject)" "釣魚網站"

is "HTML-only report: exit 0" "$(receive "$TEST_DATA/html-only.eml")" 0
is "... kind html" "$(show 3 '.messages[0].parts[0].kind')" html
text=$(part_text 3 1)
ok "... readable text with the link target" sh -c 'echo "$1" | grep -q "the counterfeit site click here <http://login.bank-secure.example/verify> imitates us & our customers."' sh "$text"
ok "... no script, style or title" sh -c '! echo "$1" | grep -q "alert\|color\|ignored"' sh "$text"

is "attachments: exit 0" "$(receive "$TEST_DATA/attachments.eml")" 0
is "... part paths in order" "$(show 4 '[.messages[0].parts[].path] | join(" ")')" \
    "1 1.1 1.2 1.3 1.4 1.5 1.6 1.6.1"
is "... kinds" "$(show 4 '[.messages[0].parts[].kind] | join(" ")')" \
    "multipart text attachment attachment attachment attachment message text"
is "... RFC 2231 file name decoded" "$(show 4 '.messages[0].parts[2].filename')" "证据.pdf"
is "... RFC 2047 name= decoded" "$(show 4 '.messages[0].parts[3].filename')" "报告.pdf"
is "... a path in a file name is cut to its last part" \
    "$(show 4 '.messages[0].parts[4].filename')" "passwd"
is "... libmagic's type beside the declared one" \
    "$(show 4 '.messages[0].attachments[1] | .declared_type + " " + .magic_type')" \
    "application/octet-stream application/pdf"
is "... four attachments listed" "$(show 4 '.messages[0].attachments | length')" 4
is "... the same bytes twice are stored once" \
    "$(sql "SELECT count(*) FROM attachments")" 3
is "... broken base64 (stray characters, no padding) still decoded" \
    "$(part_text 4 1.5)" "hosts: 198.51.100.7 203.0.113.9"
is "... forwarded message: its From kept" "$(show 4 '.messages[0].parts[6].forwarded.from')" "victim@example.org"
is "... its Subject" "$(show 4 '.messages[0].parts[6].forwarded.subject')" "I was phished"
is "... its Message-ID, searchable" \
    "$(sql "SELECT count(*) FROM parts WHERE inner_message_id = 'inner-1@example.org'")" 1
is "... its text" "$(part_text 4 1.6.1)" "The inner report."

sha=$(show 4 '.messages[0].attachments[0].sha256')
mg attachment get "$sha" >"$TMP/evidence.pdf"
ok "attachment get writes the bytes" sh -c 'head -c 8 "$1" | grep -q "%PDF-1.4"' sh "$TMP/evidence.pdf"
is "... whose SHA-256 is the name" "$(sha256sum <"$TMP/evidence.pdf" | cut -d' ' -f1)" "$sha"
mg attachment get 0000000000000000000000000000000000000000000000000000000000000000 >/dev/null 2>&1; rc=$?
is "unknown attachment: exit 66" "$rc" 66
mg attachment get ../../etc/passwd >/dev/null 2>&1; rc=$?
is "not a SHA-256: exit 64" "$rc" 64

# Raw byte ranges: each part's range starts with its own header.
raw_range() {
	sql "SELECT writefile('$TMP/range', substr(m.raw, p.raw_start + 1, p.raw_length))
	     FROM parts p JOIN messages m ON m.id = p.message_id
	     WHERE m.ticket_id = 4 AND p.path = '$1'" >/dev/null
	head -c "$2" "$TMP/range"
}
is "the raw range of part 1.2 starts with its header" "$(raw_range 1.2 29)" \
    "Content-Type: application/pdf"
is "the raw range of the whole tree starts with the message header" \
    "$(raw_range 1 19)" "From: AusCERT <repo"

# Limits: nesting and part counts beyond the configuration are stored,
# flagged, and not walked.
write_config "$TMP/mailgw.conf" "max_depth = 8" "max_parts = 50"
awk 'BEGIN {
	printf "From: deep@example.org\nSubject: deep\nMessage-ID: <deep@example.org>\nMIME-Version: 1.0\n"
	printf "Content-Type: multipart/mixed; boundary=\"b0\"\n\n"
	for (i = 0; i < 40; i++)
		printf "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i + 1
	printf "--b40\nContent-Type: text/plain\n\ninnermost\n"
	for (i = 40; i >= 0; i--)
		printf "--b%d--\n", i
}' >"$TMP/deep.eml"
is "40 levels deep, max_depth 8: exit 0" "$(receive "$TMP/deep.eml")" 0
is "... walked to the limit" "$(sql "SELECT max(depth) FROM parts p JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'deep@example.org'")" 8
ok "... and flagged" sh -c '"$MAILGW" ticket show 5 --json | "$JQ" -e ".messages[0].problem | test(\"max_depth\")" >/dev/null'
write_config "$TMP/mailgw.conf"
is "the same 40 levels with the default max_depth: exit 0" \
    "$(sed 's/deep@example.org/deep2@example.org/' "$TMP/deep.eml" | "$MAILGW" receive; echo $?)" 0
is "... walked to depth 32 (paths do not cut it short)" \
    "$(sql "SELECT max(depth) FROM parts p JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'deep2@example.org'")" 32
write_config "$TMP/mailgw.conf" "max_depth = 8" "max_parts = 50"
awk 'BEGIN {
	printf "From: wide@example.org\nSubject: wide\nMessage-ID: <wide@example.org>\nMIME-Version: 1.0\n"
	printf "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
	for (i = 0; i < 200; i++)
		printf "--b\nContent-Type: text/plain\n\npart %d\n", i
	printf "--b--\n"
}' >"$TMP/wide.eml"
is "200 parts, max_parts 50: exit 0" "$(receive "$TMP/wide.eml")" 0
is "... 50 parts walked" "$(show 7 '.messages[0].parts | length')" 50
write_config "$TMP/mailgw.conf" "max_attachment_size = 50"
sed 's/attach@auscert/attach-2@auscert/' "$TEST_DATA/attachments.eml" >"$TMP/big.eml"
is "attachment over max_attachment_size: exit 0" "$(receive "$TMP/big.eml")" 0
ok "... kept only in the raw message, and said so" sh -c '"$MAILGW" ticket show 8 --json | "$JQ" -e ".messages[0].parts[2].problem | test(\"max_attachment_size\")" >/dev/null'
# A mailing list's digest: its parts are messages (RFC 2046 5.1.5), one
# with a header of its own (Content-Description), one with none at all.
is "a multipart/digest: exit 0" "$(receive "$TEST_DATA/digest.eml")" 0
d=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'digest-12-3@lists.example'")
is "... its parts are messages" "$(show "$d" '[.messages[0].parts[] | select(.path | test("^1[.]2[.][0-9]$")) | .content_type] | join(" ")')" \
    "message/rfc822 message/rfc822"
is "... the header of one with a MIME header of its own" \
    "$(show "$d" '.messages[0].parts[] | select(.path == "1.2.1") | .forwarded | [.from, .subject, .message_id] | join(" ")')" \
    "one@partner.example Scanning from 198.51.100.7 one@partner.example"
is "... and of one with none (the digest's default)" \
    "$(show "$d" '.messages[0].parts[] | select(.path == "1.2.2") | .forwarded | [.from, .subject, .message_id] | join(" ")')" \
    "two@partner.example Phishing at login-bank.com two@partner.example"
is "... their bodies are text, their indicators found" \
    "$(show "$d" '[.iocs[].value] | sort | join(" ")')" \
    "198.51.100.7 http://login-bank.com/x login-bank.com"
# Parts in 8bit, 7bit and binary: their bytes as they came, but for
# the line end before the boundary (RFC 2046's: the boundary's); a text
# body's own last line end stays.
printf 'From: a@b.example\nSubject: identity\nMessage-ID: <identity@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/plain\n\nsee the files\n\n--i\nContent-Type: text/csv; name="lf.csv"\nContent-Disposition: attachment; filename="lf.csv"\nContent-Transfer-Encoding: 8bit\n\nip,port\n198.51.100.7,23\n\n--i\r\nContent-Type: text/csv; name="crlf.csv"\r\nContent-Disposition: attachment; filename="crlf.csv"\r\nContent-Transfer-Encoding: 7bit\r\n\r\nip,port\r\n198.51.100.8,23\r\n--i\nContent-Type: application/octet-stream; name="b.bin"\nContent-Disposition: attachment; filename="b.bin"\nContent-Transfer-Encoding: binary\n\n\001\002x\n--i--\n' >"$TMP/identity.eml"
is "8bit, 7bit and binary parts: exit 0" "$(receive "$TMP/identity.eml")" 0
id=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'identity@x'")
printf 'ip,port\n198.51.100.7,23\n' >"$TMP/lf.expect"
printf 'ip,port\r\n198.51.100.8,23' >"$TMP/crlf.expect"
printf '\001\002x' >"$TMP/bin.expect"
i=0
for f in lf crlf bin; do
	mg attachment get "$(show "$id" ".messages[0].attachments[$i].sha256")" \
	    >"$TMP/$f.got"
	ok "... $f: its bytes exactly" cmp -s "$TMP/$f.got" "$TMP/$f.expect"
	i=$((i + 1))
done
printf 'see the files\n' >"$TMP/expect"
part_text "$id" 1.1 >"$TMP/got"
ok "... the text body's, its line end kept" cmp -s "$TMP/got" "$TMP/expect"
done_testing

#!/bin/sh
# ioc extract --message: a mail message saved from a mail client gives
# the indicators receive would store of it (decoded, decrypted with the
# gateway's key, from the text a reader sees and never from other header
# fields), each said to be signed or not; the store is not touched.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

P=$TMP/gnupg-partner
gpg_desk_and "$P" "AusCERT <reports@auscert.example>"
AUS=$PEER

values() {	# ARGS...: the type:value list of ioc extract ARGS
	"$MAILGW" ioc extract "$@" 2>>"$TMP/stderr" | tr '\t' : | paste -sd' ' -
}

SS=$TEST_DATA/shadowserver-memcached.eml
SS_IOCS="ipv4:58.16.7.21 ipv4:59.33.10.20 domain:cache3.example-idc.cn"
SS_IOCS="$SS_IOCS ipv6:2001:db8::7"
is "a scan report's base64 CSV attachment: read decoded" \
    "$(values --message "$SS")" "$SS_IOCS"
is "... which the file's bytes alone do not give" "$(values "$SS")" ""
grep -c 'shadowserver-memcached.eml is a mail message, read as it stands' \
    "$TMP/stderr" >"$TMP/n"
is "... and the file read as it stands is said to be a message, once" \
    "$(cat "$TMP/n")" 1
printf 'Seen 192.0.2.7\n\nFrom: a report quoted\nDate: today\n\n' \
    >"$TMP/text.txt"
"$MAILGW" ioc extract "$TMP/text.txt" >/dev/null 2>"$TMP/text.err"
is "... a text is not, nor a text quoting header fields later" \
    "$(cat "$TMP/text.err")" ""
printf 'From alice@example.org Mon Nov 23 00:00:00 2026\n%s\n%s\n\nbody\n' \
    'From: alice@example.org' 'Subject: x' >"$TMP/one.mbox"
"$MAILGW" ioc extract "$TMP/one.mbox" >/dev/null 2>"$TMP/mbox.err"
ok "... an mbox is" grep -q 'one.mbox is a mail message' "$TMP/mbox.err"
is "... on standard input too" "$(values --message <"$SS")" "$SS_IOCS"
ok "... and the store is not opened, let alone made" test ! -e "$DB"
is "a gzipped CSV report (report.csv.gz): inflated and read" \
    "$(values --message "$TEST_DATA/gzip-csv-report.eml")" \
    "ipv4:198.51.100.44 domain:cache9.example-idc.cn ipv4:198.51.100.45"

cat >"$TMP/headers.eml" <<'MAIL'
Received: from mx.attacker.net (mx.attacker.net [45.33.32.156]) by mx
X-Originating-IP: [104.16.1.1]
From: soc@bank.com
Subject: Phishing on 93.184.216.34
Message-ID: <m1@bank.com>
Content-Type: text/plain; charset=utf-8; format=flowed
Content-Transfer-Encoding: quoted-printable

Counterfeit site hxxps://login-bank[.]com/verify on 10.1.2.3 =E2=80=94 t=
he kit at 203.0.113.=
77.
MAIL
is "the subject and the decoded text, no other header field" \
    "$(values --message "$TMP/headers.eml")" "ipv4:93.184.216.34 \
url:https://login-bank.com/verify domain:login-bank.com ipv4:10.1.2.3 \
ipv4:203.0.113.77"
# A phishing page mailed as HTML: what its form posts to, what it loads
# and where it refreshes to are indicators; a form's bare text stays
# apart from the text after the form (gumbo 0.10.1 joins them).
cat >"$TMP/kit.eml" <<'MAIL'
From: soc@bank.com
Subject: kit
Message-ID: <k1@bank.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><meta http-equiv="refresh" content="9; url=https://go.evil-refresh.com/r">
</head><body><img src="https://cdn.evil-img.net/logo.png">
<form action="https://collect.evil-post.top/p.php">Password <input type=password></form>
<form>198.51.100.7</form>5 more, <img src="cid:logo@bank.com"></body></html>
MAIL
is "HTML: a form's action, an image, a refresh; a form's text apart" \
    "$(values --message "$TMP/kit.eml")" "url:https://go.evil-refresh.com/r \
domain:go.evil-refresh.com url:https://cdn.evil-img.net/logo.png \
domain:cdn.evil-img.net url:https://collect.evil-post.top/p.php \
domain:collect.evil-post.top ipv4:198.51.100.7"
# HTML as a mail client or a word processor writes it: no-break spaces
# (&nbsp;), curly quotes, a dash, an ellipsis against the hosts, and a
# link's &amp;. The gateway's first binary of this session gave two of
# the seven.
cat >"$TMP/marks.eml" <<'MAIL'
From: soc@bank.com
Subject: phishing at “evil30.com”
Message-ID: <m2@bank.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>The host evil31.com&nbsp;is live, IP&nbsp;198.51.100.30&nbsp;(AS13335).</p>
<p>&ldquo;evil32.com&rdquo; &mdash; and evil33.com&hellip; or&nbsp;evil35.com&mdash;now</p>
<p><a href="http://evil34.com/a?b=1&amp;c=2">click</a></p>
MAIL
is "HTML's marks against hosts: each host found whole" \
    "$(values --message "$TMP/marks.eml")" "domain:evil30.com \
domain:evil31.com ipv4:198.51.100.30 asn:AS13335 domain:evil32.com \
domain:evil33.com domain:evil35.com url:http://evil34.com/a?b=1&c=2 \
domain:evil34.com"
# The same page's source, read as text: the link's &amp; is '&'.
sed '1,/^$/d' "$TMP/marks.eml" >"$TMP/marks.html"
is "... and its source, read as text" \
    "$(values "$TMP/marks.html" | tr ' ' '\n' | grep '^url')" \
    "url:http://evil34.com/a?b=1&c=2"
# An mbox (a folder a mail client saved): each message, decoded.
{
	echo "From r@partner.example Mon Nov 23 00:00:00 2026"
	tr -d '\r' <"$SS"
	echo
	echo "From soc@bank.com Mon Nov 23 00:00:01 2026"
	cat "$TMP/headers.eml"
	echo
} >"$TMP/two.mbox"
is "an mbox: the indicators of each of its messages, decoded" \
    "$(values --message "$TMP/two.mbox")" \
    "$SS_IOCS $(values --message "$TMP/headers.eml")"
is "... which the file's bytes alone do not give" \
    "$(values "$TMP/two.mbox" | tr ' ' '\n' | grep -c 'cache3.example-idc.cn')" 0
"$MAILGW" ioc extract --message <"$TMP/two.mbox" >"$TMP/in.out" 2>"$TMP/in.err"; rc=$?
is "an mbox of several on standard input: exit 65" "$rc" 65
is "... saying to give it as a file, nothing printed" \
    "$(cat "$TMP/in.err" "$TMP/in.out")" \
    "mailgw: ioc extract: standard input holds an mbox of several messages; give it as a file"
cat "$TMP/two.mbox" | "$MAILGW" ioc extract --message /dev/stdin >/dev/null 2>"$TMP/in.err"
is "... and so through a FILE that is a pipe" "$(cat "$TMP/in.err")" \
    "mailgw: ioc extract: /dev/stdin holds an mbox of several messages; give it as a file"
write_config "$TMP/small.conf" "max_message_size = 1K"
"$MAILGW" -c "$TMP/small.conf" ioc extract --message "$TMP/two.mbox" \
    >"$TMP/small.out" 2>"$TMP/small.err"; rc=$?
is "a message of it over max_message_size: skipped, as import does" "$rc" 0
is "... named on standard error" "$(cat "$TMP/small.err")" \
    "mailgw: ioc extract: $TMP/two.mbox, message 1: skipped: larger than max_message_size (1024 bytes)"
is "... the others read" "$(tr '\t' : <"$TMP/small.out" | paste -sd' ' -)" \
    "$(values --message "$TMP/headers.eml")"
is "the same as receive stores" "$(receive "$TMP/headers.eml")" 0
is "... on the ticket" \
    "$(show 1 '[.iocs[] | .type + ":" + .value] | join(" ")')" \
    "$(values --message "$TMP/headers.eml")"

# Signed by AusCERT, with an unsigned part added after the signature.
header() {	# SUBJECT ID: AusCERT's header block in $TMP/h
	printf 'From: AusCERT <reports@auscert.example>\r\n' >"$TMP/h"
	printf 'To: cert@cert.example\r\nSubject: %s\r\n' "$1" >>"$TMP/h"
	printf 'Message-ID: <%s@auscert.example>\r\n' "$2" >>"$TMP/h"
}
header Report s1
printf 'Content-Type: text/plain\r\n\r\nC2 at %s and %s\r\n' \
    signed-c2.com 198.51.100.7 >"$TMP/e"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/signed.eml"
{
	cat "$TMP/h"
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
	printf -- '--outer\r\n'
	sed -n '/^Content-Type: multipart\/signed/,$p' "$TMP/signed.eml"
	printf '\r\n--outer\r\nContent-Type: text/plain\r\n\r\n'
	printf 'Also unsigned-c2.com and 198.51.100.7\r\n--outer--\r\n'
} >"$TMP/mixed.eml"
signed() {	# FILE VALUE: "signed" of VALUE in --message --json
	"$MAILGW" ioc extract --message --json "$1" |
	    "$JQ" -r ".[] | select(.value == \"$2\") | .signed"
}
is "text a good signature covers: signed" \
    "$(signed "$TMP/mixed.eml" signed-c2.com)" true
is "text added beside it: not signed" \
    "$(signed "$TMP/mixed.eml" unsigned-c2.com)" false
is "an indicator in both: signed" \
    "$(signed "$TMP/mixed.eml" 198.51.100.7)" true
# A phish AusCERT forwards as an attachment, under its signature: what
# its header gives (its Subject, a Reply-To to another domain) is signed.
header Phish f1
{
	printf 'Content-Type: multipart/mixed; boundary="in"\r\n\r\n'
	printf -- '--in\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n'
	printf -- '--in\r\nContent-Type: message/rfc822\r\n\r\n'
	printf 'From: Bank <security@bank.example>\r\n'
	printf 'Reply-To: collect@harvest-fwd.com\r\n'
	printf 'Subject: Verify at login.fwd-bank.com\r\n\r\nDear customer.\r\n'
	printf -- '--in--\r\n'
} >"$TMP/e"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/fwd.eml"
is "a forwarded phish's Subject, signed" \
    "$(signed "$TMP/fwd.eml" login.fwd-bank.com)" true
is "... and its diverted Reply-To, signed; not its From" \
    "$(signed "$TMP/fwd.eml" collect@harvest-fwd.com)$(signed "$TMP/fwd.eml" \
    security@bank.example)" true
ok "--message --json gives no offset (it would be into a decoded text)" \
    sh -c '! "$1" ioc extract --message --json "$2" | grep -q first_offset' \
    sh "$MAILGW" "$TMP/mixed.eml"

# Encrypted to the gateway: read with its key.
printf 'Content-Type: text/plain\r\n\r\nEncrypted: evil-secret.com\r\n' \
    >"$TMP/plain"
header Secret e1
encrypt_mime "$P" "$AUS" "$GW" "$TMP/h" "$TMP/plain" >"$TMP/enc.eml"
is "encrypted to the gateway's key: decrypted and read" \
    "$(values --message "$TMP/enc.eml")" "domain:evil-secret.com"
is "... and signed inside" "$(signed "$TMP/enc.eml" evil-secret.com)" true

"$MAILGW" ioc extract --message --with-offsets "$SS" 2>/dev/null
is "--with-offsets has no meaning with --message: usage, 64" "$?" 64
write_config "$TMP/small.conf" "max_message_size = 1000"
MAILGW_CONFIG=$TMP/small.conf "$MAILGW" ioc extract --message "$SS" \
    2>"$TMP/err"
is "over max_message_size: 65, one line" "$? $(wc -l <"$TMP/err")" "65 1"
done_testing

#!/bin/sh
# receive stores each message's indicators on its ticket: from the text
# a reader sees (subject, text and HTML parts, text and CSV attachments,
# forwarded messages), never from other header fields; once per ticket,
# counted, first message kept; notifiable only when public and not
# allowlisted (our own domain, the partners' domains, [ioc] allowlist).
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf"
printf '[ioc]\nallowlist = 9.9.9.9\n' >>"$TMP/mailgw.conf"
sed -i 's/^address = .*/address = cert@cert.example.org/' "$TMP/mailgw.conf"
mg partner add AusCERT --email reports@auscert.org.au >/dev/null
csv=$(printf 'ip,port\n8.8.4.4,53\n' | base64)
cat >"$TMP/report.eml" <<MAIL
Received: from mx.attacker.net (mx.attacker.net [45.33.32.156]) by mx
X-Originating-IP: [104.16.1.1]
From: Reporter <soc@bank.com>
To: cert@cert.example.org
Subject: Phishing on 93.184.216.34
Message-ID: <ioc-1@bank.com>
References: <older@phish-header.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: multipart/alternative; boundary="a"

--a
Content-Type: text/plain

Counterfeit site hxxps://login-bank[.]com/verify on 10.1.2.3,
resolver 9.9.9.9, partner host www.auscert.org.au, our cdn.cert.example.org.
--a
Content-Type: text/html

<p>See <a href="http://evil-href.net/x">here</a> and login-bank.com</p>
--a--
--b
Content-Type: text/csv; name="hosts.csv"
Content-Disposition: attachment; filename="hosts.csv"
Content-Transfer-Encoding: base64

$csv
--b
Content-Type: message/rfc822

From: victim@customer.net
Subject: forwarded
Message-ID: <inner@forwarded-header.com>

I clicked hxxp://payload[.]ru/a.exe
--b--
MAIL
is "a report with indicators everywhere: exit 0" "$(receive "$TMP/report.eml")" 0
iocs() { show 1 '[.iocs[] | .type + ":" + .value] | join(" ")'; }
is "the indicators of what a reader sees, in order" "$(iocs)" \
    "ipv4:93.184.216.34 url:https://login-bank.com/verify domain:login-bank.com ipv4:10.1.2.3 ipv4:9.9.9.9 domain:www.auscert.org.au domain:cdn.cert.example.org url:http://evil-href.net/x domain:evil-href.net ipv4:8.8.4.4 url:http://payload.ru/a.exe domain:payload.ru"
ok "nothing from other header fields (Received, X-Originating-IP, References, Message-ID)" \
    sh -c '! "$1" ticket show 1 --json | "$2" -r ".iocs[].value" | grep -qx "45.33.32.156\|104.16.1.1\|phish-header.com\|forwarded-header.com\|bank.com\|mx.attacker.net\|customer.net"' sh "$MAILGW" "$JQ"
notif() { show 1 "[.iocs[] | select(.value == \"$1\") | .notifiable][0]"; }
is "public: notifiable" "$(notif 93.184.216.34)" true
is "private: kept, not notifiable" "$(notif 10.1.2.3)" false
is "allowlisted in the configuration: not notifiable" "$(notif 9.9.9.9)" false
is "a partner's domain: not notifiable" "$(notif www.auscert.org.au)" false
is "our own domain: not notifiable" "$(notif cdn.cert.example.org)" false
is "... allowlisted, as under our address's domain" \
    "$(show 1 '[.iocs[] | select(.value == "cdn.cert.example.org") | .allowlisted][0]')" true
is "the reason shown" "$(show 1 '[.iocs[] | select(.value == "10.1.2.3") | .class][0]')" private
is "defanged writing remembered" "$(show 1 '[.iocs[] | select(.value == "payload.ru") | .defanged][0]')" true
is "login-bank.com once, seen twice (text and HTML)" \
    "$(show 1 '[.iocs[] | select(.value == "login-bank.com") | .occurrences] | join(",")' )" 2
is "nothing is signed before PGP verifies it" "$(show 1 '[.iocs[].signed] | any')" false

printf 'From: soc@bank.com\nSubject: Re: [CNCERT #1] more\nMessage-ID: <ioc-2@bank.com>\n\nAlso 93.184.216.34 and 151.101.1.69.\n' >"$TMP/more.eml"
is "a follow-up on the ticket" "$(receive "$TMP/more.eml")" 0
is "... adds the new indicator" "$(show 1 '[.iocs[] | select(.value == "151.101.1.69")] | length')" 1
is "... counts the known one again" "$(show 1 '[.iocs[] | select(.value == "93.184.216.34") | .occurrences][0]')" 2
is "... which keeps its first message" "$(show 1 '[.iocs[] | select(.value == "93.184.216.34") | .message][0]')" \
    "$(show 1 '.messages[0].id')"
ok "the text view lists them" sh -c '"$1" ticket show 1 | grep -q "^    ipv4    10.1.2.3  (private)$"' sh "$MAILGW"
is "another ticket keeps its own" "$(receive "$TEST_DATA/no-message-id.eml"; sql "SELECT count(*) FROM iocs WHERE ticket_id = 2")" "0
0"
{
	printf 'From: soc@bank.com\nSubject: worm\nMessage-ID: <ioc-worm@bank.com>\n\n'
	i=1
	while [ $i -le 60 ]; do printf 'infected 93.184.217.%d\n' $i; i=$((i + 1)); done
} >"$TMP/worm.eml"
receive "$TMP/worm.eml" >/dev/null
worm=$(sql "SELECT ticket_id FROM iocs WHERE value = '93.184.217.60'")
"$MAILGW" ticket show "$worm" >"$TMP/worm.txt"
is "sixty indicators: the text view lists fifty" "$(grep -c '^    ipv4    93.184.217.' "$TMP/worm.txt")" 50
ok "... and counts the rest, naming the command that lists them" \
    grep -qx "    ... and 10 more (mailgw ioc export --ticket $worm lists them all)" "$TMP/worm.txt"
is "... the JSON view all of them" "$(show "$worm" '.iocs | length')" 60

# Mail programs send a .csv as application/vnd.ms-excel (Outlook) or
# application/octet-stream: read by its name when its bytes are text.
attached() {	# TYPE FILENAME BASE64 ID
	cat >"$TMP/$4.eml" <<MAIL
From: soc@bank.com
Subject: scan $4
Message-ID: <$4@bank.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

Attached.
--b
Content-Type: $1; name="$2"
Content-Disposition: attachment; filename="$2"
Content-Transfer-Encoding: base64

$3
--b--
MAIL
	receive "$TMP/$4.eml" >/dev/null
	sql "SELECT ticket_id FROM messages WHERE message_id = '$4@bank.com'"
}
scan=$(printf '"timestamp","ip","port"\r\n%s\r\n' \
    '"2026-11-21 00:01:02","203.0.113.9","11211"' | base64 -w0)
t=$(attached application/vnd.ms-excel memcached.CSV "$scan" excel)
is "a CSV sent as application/vnd.ms-excel: its address found" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 203.0.113.9
is "... and its row kept, with its time" \
    "$(sql "SELECT seen FROM ioc_rows WHERE ticket_id = $t")" \
    2026-11-21T00:01:02Z
log=$(printf 'Failed password from 198.51.100.23\n' | base64 -w0)
t=$(attached application/octet-stream auth.log "$log" octet)
is "a log sent as application/octet-stream: read by its name" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 198.51.100.23
bin=$(printf '203.0.113.10\000\001\002' | base64 -w0)
t=$(attached application/vnd.ms-excel sheet.csv "$bin" nul)
is "... not when its bytes hold a NUL (a spreadsheet named .csv)" \
    "$(show "$t" '.iocs | length')" 0
u16=$(printf 'ip\tport\r\n203.0.113.11\t23\r\n' |
    iconv -f UTF-8 -t UTF-16 | base64 -w0)
t=$(attached application/octet-stream hosts.txt "$u16" utf16)
is "... but UTF-16 with its byte order mark (Excel's Unicode text) is read" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 203.0.113.11
is "... its tab-separated row kept as a report's" \
    "$(sql "SELECT line || ' ' || value FROM ioc_rows WHERE ticket_id = $t")" \
    "2 203.0.113.11"
gz=$(printf '"timestamp","ip","port"\r\n%s\r\n' \
    '"2026-11-21 00:01:02","203.0.113.21","11211"' | gzip -c | base64 -w0)
t=$(attached application/gzip memcached.csv.gz "$gz" gzip)
is "a gzip of a CSV (report.csv.gz): inflated and read" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 203.0.113.21
is "... its row kept" \
    "$(sql "SELECT count(*) FROM ioc_rows WHERE ticket_id = $t")" 1
# A scan report is read by column: a version's column gives no address
# (memcached's 1.5.6.1 was APNIC's network), a host's column a name
# under a TLD that is also a file's extension (.pl, .cc: lost before);
# a row without an address and a short one are read all the same.
snmp=$(printf '%s\r\n' \
    '"timestamp","ip","port","hostname","version","firmware_version","sysdesc","server_name"' \
    '"2026-11-21 00:01:02","203.0.113.31","161","apn-37-248.dynamic.gprs.plus.pl","1.5.6.1","7.2.4.1","Linux rt 2.6.36.4 #1 SMP","c2-update.evil.cc"' \
    '"2026-11-21 00:01:03","","161","","","","see http://evil.example.net/x",""' \
    '"2026-11-21 00:01:04","203.0.113.32"' | base64 -w0)
t=$(attached text/csv scan_snmp.csv "$snmp" columns)
is "a scan report read by column: its addresses, hosts and link; no version" \
    "$(show "$t" '[.iocs[].value] | sort | join(" ")')" \
    "203.0.113.31 203.0.113.32 apn-37-248.dynamic.gprs.plus.pl c2-update.evil.cc evil.example.net http://evil.example.net/x"
is "... its rows kept as before" \
    "$(sql "SELECT group_concat(value, ' ') FROM ioc_rows WHERE ticket_id = $t")" \
    "203.0.113.31"

# Inflated no further than max_attachment_size, and then only to the
# last whole line: byte 1000 falls inside "198.51.100.123", after
# "198.51.100.1", an address nobody reported.
write_config "$TMP/small.conf" "max_attachment_size = 1000"
bomb=$(awk 'BEGIN { for (i = 0; i < 100; i++) print "a 198.51.100.123" }' |
    gzip -c | base64 -w0)
t=$(MAILGW_CONFIG=$TMP/small.conf attached application/gzip a.log.gz \
    "$bomb" bomb)
is "a gzip that inflates past max_attachment_size: its whole lines read" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 198.51.100.123
ok "... and the part says it was cut" sh -c '"$1" ticket show "$2" --json |
    grep -q "more than max_attachment_size"' sh "$MAILGW" "$t"
broken=$(printf 'host 203.0.113.30\n' | gzip -c | head -c 15 | base64 -w0)
t=$(attached application/gzip broken.txt.gz "$broken" broken)
is "a gzip that breaks off: stored and flagged" \
    "$(show "$t" '[.messages[0].parts[].problem // empty] | join(",")')" \
    "gzip data that does not inflate whole"
misp=$(printf '{"Event": {"info": "phishing", "Attribute": [%s]}}\n' \
    '{"type": "ip-dst", "value": "203.0.113.40"}' | base64 -w0)
t=$(attached application/json misp-event.json "$misp" misp)
is "a MISP event (application/json): read as text" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" 203.0.113.40
stix=$(printf '{"type": "indicator", "pattern": "[%s]"}\n' \
    "domain-name:value = 'stix-c2.com'" | base64 -w0)
t=$(attached application/octet-stream bundle.json "$stix" stix)
is "... and a STIX bundle named .json under another type" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" stix-c2.com
# An Excel range pasted into Outlook: an HTML table, cell against cell.
cat >"$TMP/table.eml" <<'MAIL'
From: soc@bank.com
Subject: hosts in a table
Message-ID: <table@bank.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<table><tr><td>ip</td><td>port</td><td>timestamp</td></tr>
<tr><td>203.0.113.90</td><td>443</td><td>2026-11-21 01:02:03</td></tr>
<tr><td>203.0.113.91</td><td>8080</td><td></td></tr></table>
MAIL
receive "$TMP/table.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'table@bank.com'")
is "an HTML table: each cell apart (no 203.0.113.90443)" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" "203.0.113.90 203.0.113.91"
is "... and, with a header row, its rows kept as a report's" \
    "$(sql "SELECT group_concat(value || ' ' || coalesce(seen, '-'), ', ')
        FROM ioc_rows WHERE ticket_id = $t")" \
    "203.0.113.90 2026-11-21T01:02:03Z, 203.0.113.91 -"
# Flowed text with DelSp=yes (RFC 3676) may break a long word: the
# URL and the address are whole again, not cut at the soft breaks.
printf '%s\n' 'From: soc@bank.com' 'Subject: flowed' \
    'Message-ID: <flowed@bank.com>' \
    'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes' '' \
    'Phishing at https://login-bank.example.com/verify/acco ' \
    'unt?id=12345 from 203.0.11 ' '3.7 today.' >"$TMP/flowed.eml"
receive "$TMP/flowed.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'flowed@bank.com'")
is "flowed text: what its soft breaks cut is whole" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" \
    "https://login-bank.example.com/verify/account?id=12345 login-bank.example.com 203.0.113.7"
# A report whose text is a link: each indicator with whether it may be
# notified.
link_report() {	# ID LINK
	printf '%s\n' 'From: soc@bank.com' 'Subject: a link' \
	    "Message-ID: <$1@bank.com>" '' "Fake login: $2" >"$TMP/$1.eml"
	receive "$TMP/$1.eml" >/dev/null
	show "$(sql "SELECT ticket_id FROM messages
	    WHERE message_id = '$1@bank.com'")" \
	    '[.iocs[] | .value + " " + (.notifiable | tostring)] | join(", ")'
}
# A phishing link as a partner on Microsoft 365 forwards it.
is "a SafeLinks link: its target notifiable, the wrapper kept but not" \
    "$(link_report wrapped 'https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwrapped-phish.com%2Flogin&data=05')" \
    "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwrapped-phish.com%2Flogin&data=05 false, nam02.safelinks.protection.outlook.com false, https://wrapped-phish.com/login true, wrapped-phish.com true"
# The same link copied from Google's results: Google's redirector.
is "a link through Google's /url: its target notifiable, Google not" \
    "$(link_report google-url 'https://www.google.com/url?q=https://found-phish.com/login&sa=D')" \
    "https://www.google.com/url?q=https://found-phish.com/login&sa=D false, www.google.com false, https://found-phish.com/login true, found-phish.com true"
t=$(attached application/octet-stream hosts.bin "$scan" bin)
is "... nor when its name does not say text" "$(show "$t" '.iocs | length')" 0
# A phishing mail forwarded as a file (phish.eml, application/octet-
# stream): what its reader sees (subject, text, HTML), not its other
# header fields.
eml_attached() {	# MESSAGE-ID INNER-FILE: a report with INNER as phish.eml
	printf '%s\n' 'From: soc@bank.com' 'Subject: fwd' "Message-ID: <$1>" \
	    'MIME-Version: 1.0' 'Content-Type: multipart/mixed; boundary="o"' \
	    '' '--o' 'Content-Type: text/plain' '' 'Attached.' '--o' \
	    'Content-Type: application/octet-stream; name="phish.eml"' \
	    'Content-Disposition: attachment; filename="phish.eml"' \
	    'Content-Transfer-Encoding: base64' ''
	base64 <"$2"
	printf '%s\n' '--o--'
}
printf '%s\n' 'From: "Bank" <noreply@evil-sender.com>' \
    'Subject: Verify your account at secure-bank-login.com' \
    'Received: from mx.evil.net (mx.evil.net [45.33.32.156])' \
    'MIME-Version: 1.0' 'Content-Type: text/html' '' \
    '<p>Click <a href="http://login.evil-bank.com/verify">here</a></p>' \
    >"$TMP/phish.eml"
eml_attached eml-1@bank.com "$TMP/phish.eml" >"$TMP/fwd.eml"
receive "$TMP/fwd.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'eml-1@bank.com'")
is "a message attached as a file: its subject's, text's and links' indicators" \
    "$(show "$t" '[.iocs[].value] | join(" ")')" \
    "secure-bank-login.com http://login.evil-bank.com/verify login.evil-bank.com"
# ... and where its Reply-To sends the replies to another domain than
# its From's: that address (a phish's collecting one), not the From's
# domain's, as message/rfc822 gives it.
printf '%s\n' 'From: "Bank" <noreply@evil-sender.com>' \
    'Reply-To: help@evil-sender.com, collect@harvest-eml.net,' \
    '  drop@harvest2-eml.net' \
    'Subject: Verify' '' 'Dear customer.' >"$TMP/phish2.eml"
eml_attached eml-2@bank.com "$TMP/phish2.eml" >"$TMP/fwd2.eml"
receive "$TMP/fwd2.eml" >/dev/null
is "... its Reply-To to other domains" "$(iocs_of eml-2@bank.com)" \
    "email:collect@harvest-eml.net email:drop@harvest2-eml.net"
is "... shown with its text as its reader sees it" \
    "$("$MAILGW" attachment text "$(sha256sum <"$TMP/phish2.eml" |
    cut -d' ' -f1)" | head -n 2)" \
    "$(printf '%s\n' 'Subject: Verify' \
    'Reply-To: collect@harvest-eml.net, drop@harvest2-eml.net')"
{ printf '%s\n' 'From: soc@bank.com' 'Subject: fwd' \
    'Message-ID: <rfc822-2@bank.com>' 'MIME-Version: 1.0' \
    'Content-Type: multipart/mixed; boundary="o"' '' '--o' \
    'Content-Type: message/rfc822' ''
  cat "$TMP/phish2.eml"; printf '%s\n' '--o--'; } >"$TMP/fwd3.eml"
receive "$TMP/fwd3.eml" >/dev/null
is "... the same as message/rfc822" "$(iocs_of rfc822-2@bank.com)" \
    "email:collect@harvest-eml.net email:drop@harvest2-eml.net"
# Attached six deep (each level three of max_depth: the message, its
# multipart, the attachment): read no deeper than max_depth allows.
cp "$TMP/phish.eml" "$TMP/n0.eml"
i=0
while [ $i -lt 6 ]; do
	eml_attached "n$i@bank.com" "$TMP/n$i.eml" >"$TMP/n$((i + 1)).eml"
	i=$((i + 1))
done
sed -i 's/^Message-ID: <n5@bank.com>/Message-ID: <nested@bank.com>/' \
    "$TMP/n6.eml"
write_config "$TMP/shallow.conf" "max_depth = 8"
is "an attached message six deep, max_depth 8: stored" \
    "$(MAILGW_CONFIG=$TMP/shallow.conf "$MAILGW" receive <"$TMP/n6.eml" \
    2>>"$TMP/stderr"; echo $?)" 0
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'nested@bank.com'")
is "... the innermost not read" "$(show "$t" '.iocs | length')" 0
is "... read whole with the default depth (32)" \
    "$("$MAILGW" ioc extract --message <"$TMP/n6.eml" | cut -f2 |
    tr '\n' ' ')" \
    "secure-bank-login.com http://login.evil-bank.com/verify login.evil-bank.com "
# Each level holds a copy of the mail in it, which is no smaller than
# what it holds: the first mail attached has the whole of
# max_attachment_size, each in it what is left after it. n6.eml holds
# n5.eml (4,334 bytes, within 6000), which holds n4.eml (2,972: 3,028
# left), which holds n3.eml (1,963: 1,065 left), which holds n2.eml
# (1,217): not read, and the part says so. With 8000, all are.
sed 's/^Message-ID: <nested@bank.com>/Message-ID: <nested-room@bank.com>/' \
    "$TMP/n6.eml" >"$TMP/n6r.eml"
write_config "$TMP/roomy.conf" "max_attachment_size = 6000"
is "mails in mails within 6000 bytes: the innermost not read, and said so" \
    "$(MAILGW_CONFIG=$TMP/roomy.conf receive "$TMP/n6r.eml") $(iocs_of nested-room@bank.com)|$(problems_of nested-room@bank.com)" \
    "0 |phish.eml: phish.eml: phish.eml: larger than max_attachment_size: kept only in the raw message"
sed 's/^Message-ID: <nested@bank.com>/Message-ID: <nested-room2@bank.com>/' \
    "$TMP/n6.eml" >"$TMP/n6s.eml"
write_config "$TMP/roomy.conf" "max_attachment_size = 8000"
is "... within 8000 bytes: read" \
    "$(MAILGW_CONFIG=$TMP/roomy.conf receive "$TMP/n6s.eml") $(iocs_of nested-room2@bank.com)|$(problems_of nested-room2@bank.com)" \
    "0 domain:secure-bank-login.com url:http://login.evil-bank.com/verify domain:login.evil-bank.com|"
# A Chinese bank's report in GB18030: hosts written against Chinese
# words, typed in full width, "。" for a dot, "http：//".
receive "$TEST_DATA/cjk-fullwidth.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages
    WHERE message_id = 'cjk-report-1@bank.com.cn'")
is "Chinese text: its hosts, full-width and glued to words, found" \
    "$(show "$t" '[.iocs[] | .value + (if .defanged then " defanged"
    else "" end)] | join(", ")')" \
    "203.0.113.77, http://phish-bank.com/login defanged, phish-bank.com defanged, 203.0.113.55 defanged, 198.51.100.23, 198.51.100.24, soc@bank.com.cn"
# text_report MESSAGE-ID FROM SUBJECT BODY-FILE: receive's exit status
# and the ticket's indicators for a text/plain report with that body.
text_report() {
	{ printf '%s\n' "From: $2" 'To: cert@cert.example.org' \
	    "Subject: $3" "Message-ID: <$1>" 'MIME-Version: 1.0' \
	    'Content-Type: text/plain; charset=utf-8' ''; cat "$4"; } \
	    >"$TMP/text-report.eml"
	echo "$(receive "$TMP/text-report.eml") $(iocs_of "$1")"
}
# A partner's signature, its phone numbers in dots: no address to
# notify. The report's own host and a key=value session id's: the host
# only.
cat >"$TMP/signature.txt" <<'MAIL'
The site on 198.51.100.44 is defaced; its admin panel logs
Cookie: PHPSESSID=5f4dcc3b5aa765d61d8327deb882cf99

--
CERT Example, incident desk
Tel: +32 2.123.45.67 | Fax +32 2.123.45.68
MAIL
is "a signature's phone numbers and a session id: no indicators" \
    "$(text_report signature-1@partner.example.be \
        'CERT Example <cert@partner.example.be>' Defacement \
        "$TMP/signature.txt")" \
    "0 ipv4:198.51.100.44"
# A DDoS report with the traceroute to the attacked host: its hops are
# carriers' routers, no one to notify; a sample's version is none.
cat >"$TMP/traceroute.txt" <<'MAIL'
Our customer 203.0.113.80 is flooded from the reflector 198.51.100.81.
The dropper's FileVersion: 1.0.0.1. Our path to the customer:

traceroute to 203.0.113.80 (203.0.113.80), 30 hops max, 60 byte packets
 1  gw.isp.example.net (192.0.2.1)  0.512 ms  0.480 ms  0.470 ms
 2  ae-1.r21.tokyjp05.jp.bb.gin.ntt.net (129.250.2.1)  1.201 ms  1.190 ms
 3  203.0.113.80 (203.0.113.80)  20.1 ms  20.2 ms  20.3 ms
MAIL
is "a traceroute's routers and a sample's version: no indicators" \
    "$(text_report traceroute-1@isp.example.net 'NOC <noc@isp.example.net>' \
        'Reflection attack on our customer' "$TMP/traceroute.txt")" \
    "0 ipv4:203.0.113.80 ipv4:198.51.100.81"
# A phish reported with its full header pasted into the text (Gmail's
# "Show original"): the sender's server, address and domain; not Gmail's
# receiving server, its seals, the victim's address, nor a hop inside
# Google.
cat >"$TMP/pasted.txt" <<'MAIL'
A customer forwarded this; the full header:

ARC-Seal: i=1; a=rsa-sha256; t=1719835954; cv=none;
        d=google.com; s=arc-20160816;
        b=Xy1kZ9abcdefGHIJ
Received: from mail.phish-bank.ru (mail.phish-bank.ru [203.0.113.90])
        by mx.google.com with ESMTPS id a640c23a62f3a
        for <customer@gmail.com>
        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);
        Mon, 01 Jul 2024 05:12:34 -0700 (PDT)
Received-SPF: pass (google.com: domain of bounce@phish-bank.ru designates 203.0.113.90 as permitted sender) client-ip=203.0.113.90;
Authentication-Results: mx.google.com;
       spf=pass (google.com: domain of bounce@phish-bank.ru designates 203.0.113.90 as permitted sender) smtp.mailfrom=bounce@phish-bank.ru
Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])
        by mx.google.com with SMTPS id a64
Subject: Verify your account at http://phish-bank.ru/login
MAIL
is "a pasted header: the sender's, not the receiver's" \
    "$(text_report pasted-1@bank.example.com \
        'Analyst <soc@bank.example.com>' 'Phish against our customers' \
        "$TMP/pasted.txt")" \
    "0 domain:mail.phish-bank.ru ipv4:203.0.113.90 email:bounce@phish-bank.ru url:http://phish-bank.ru/login domain:phish-bank.ru"
# An advisory's examples beside its real indicators: RFC 2606's names
# and the AS numbers for documentation and private use are kept on the
# ticket, each with its class, and never notified.
cat >"$TMP/examples.txt" <<'MAIL'
Block the C2 as in the example (http://c2.example.com/gate.php) and
the routes from AS64512 (AS64500 in the figure): the real one is
evil-c2.ru, announced by AS4134.
MAIL
text_report examples-1@soc.example.net 'SOC <soc@soc.example.net>' \
    'C2 advisory' "$TMP/examples.txt" >/dev/null
classes() {
	show "$(ticket_of examples-1@soc.example.net)" \
	    '[.iocs[] | .value + ":" + .class + ":" + (.notifiable | tostring)] | join(" ")'
}
is "examples and private AS numbers: kept with their class, not notifiable" \
    "$(classes)" \
    "http://c2.example.com/gate.php:documentation:false c2.example.com:documentation:false AS64512:private:false AS64500:documentation:false evil-c2.ru:public:true AS4134:public:true"
# A scan's text over 2 MB, its records on lines and then on one line
# of 1.8 MB: read in parts of about 1 MB (cut after a line end, or in
# the long line between two words), the ticket holds what the same text
# gives as a file, each counted as often.
awk 'BEGIN { for (i = 0; i < 25000; i++) printf "rec%d evil%d dot com, ASN %d and CVE 2024-%d at 203.0.113.%d\n", i, i % 3000, 64512 + i % 900, 10000 + i % 4000, i % 250
	for (i = 0; i < 25000; i++) printf "rec%d evil%d dot com, ASN %d and CVE 2024-%d at 198.51.100.%d; ", i, i % 3000, 64512 + i % 900, 10000 + i % 4000, i % 250 }' \
    >"$TMP/scan.txt"
mg ioc extract --jobs 1 --json "$TMP/scan.txt" |
    "$JQ" -r '.[] | .type + ":" + .value + ":" + (.count | tostring)' \
    >"$TMP/scan-file.out"
text_report scan-1@soc.example.net 'SOC <soc@soc.example.net>' \
    'Daily scan' "$TMP/scan.txt" >/dev/null
show "$(ticket_of scan-1@soc.example.net)" \
    '.iocs[] | .type + ":" + .value + ":" + (.occurrences | tostring)' \
    >"$TMP/scan-ticket.out"
is "a 3.7 MB text read in parts: the ticket's indicators and counts are the file's" \
    "$(cmp "$TMP/scan-ticket.out" "$TMP/scan-file.out" && wc -l <"$TMP/scan-file.out" | tr -d ' ')" 8400
done_testing

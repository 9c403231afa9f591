#!/bin/sh
# notify: one message per responsible contact with all its indicators,
# at home to networks, abroad to national CERTs; nothing sent twice; the
# update template for a contact told before; dry runs keep nothing;
# replies and bounces find their notification by its token.
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf"
printf '[notify]\ncountry = CN\n' >>"$TMP/mailgw.conf"
OUT=$TMP/outbox/new
mkdir -p "$TMP/c"
cat >"$TMP/c/networks.csv" <<'CSV'
kind,name,email,cidr,lang,format
network,Example Telecom Beijing,abuse-bj@telecom.example,58.16.0.0/16,zh,
network,Example Telecom Guangdong,abuse-gd@telecom.example,59.32.0.0/13,zh,csv
network,"Evil
Bcc: victim@else.example",abuse-evil@telecom.example,61.128.0.0/16,en,
CSV
{
	echo "apnic|CN|ipv4|58.16.0.0|65536|20050101|allocated"
	echo "apnic|CN|ipv4|59.32.0.0|524288|20050101|allocated"
	echo "apnic|CN|ipv4|61.128.0.0|65536|20050101|allocated"
} >"$TMP/c/delegated.txt"
# 22 countries, a /16 each, a national CERT each.
awk 'BEGIN { split("AU BR CA DE ES FR GB IN IT JP KR MX NL PL RU SE SG TR UA US VN ZA", cc, " ")
	print "kind,name,email,country,lang" > "'"$TMP/c/certs.csv"'"
	for (i = 1; i <= 22; i++) {
		printf "ripencc|%s|ipv4|%d.%d.0.0|65536|20100101|allocated\n", cc[i], 100 + i, 10 >> "'"$TMP/c/delegated.txt"'"
		printf "national-cert,CERT-%s,cert@cert.%s.example,%s,en\n", cc[i], tolower(cc[i]), cc[i] > "'"$TMP/c/certs.csv"'"
	}
}'
mg contact import --format csv "$TMP/c/networks.csv" >/dev/null
mg contact import --format csv "$TMP/c/certs.csv" >/dev/null
mg contact import --format delegated "$TMP/c/delegated.txt" >/dev/null

# (a) two phishing hosts in two provinces
printf 'From: reports@auscert.example\nTo: cert@cert.example\nSubject: Phishing hosts in two provinces\nMessage-ID: <a1@test.example>\n\nPhishing at 58.16.3.4 and 59.33.10.20 (and our partner 10.0.0.1).\n' >"$TMP/a.eml"
is "the report: ticket 1" "$(receive "$TMP/a.eml")" 0
out=$(mg notify 1 --dry-run)
ok "dry run: both networks named" sh -c 'echo "$0" | grep -q "abuse-bj@telecom.example .*network .*notify-network .*1 indicator" &&
    echo "$0" | grep -q "abuse-gd@telecom.example .*network"' "$out"
ok "dry run: the first message in full" sh -c 'echo "$0" | grep -q "^Reply-To: .*<cert+[0-9a-f]*@cert.example>"' "$out"
is "dry run: nothing sent, nothing kept" "$(ls "$OUT" 2>/dev/null | wc -l | tr -d ' '):$(sql "SELECT count(*) FROM notifications")" "0:0"
# The same plan as JSON, for a script that reviews it before the run.
mg notify 1 --dry-run --json >"$TMP/plan.json"
is "dry run --json: the plan, each contact with its indicators" \
    "$("$JQ" -c '[.dry_run, .indicators, .new, (.tickets[] | .tag, [.notifications[] | [.address, .scope, .template, .format, ([.indicators[].value] | join(" "))]])]' "$TMP/plan.json")" \
    '[true,2,2,"[CNCERT #1]",[["abuse-bj@telecom.example","network","notify-network","inline","58.16.3.4"],["abuse-gd@telecom.example","network","notify-network","csv","59.33.10.20"]]]'
ok "... with provenance, and the first message in full" sh -c '"$0" -e ".tickets[0].notifications[0].provenance | length > 0" "$1" >/dev/null &&
    "$0" -r .first_message "$1" | grep -q "^Reply-To: .*<cert+[0-9a-f]*@cert.example>"' "$JQ" "$TMP/plan.json"
is "... nothing sent, nothing kept" "$(ls "$OUT" 2>/dev/null | wc -l | tr -d ' '):$(sql "SELECT count(*) FROM notifications")" "0:0"
is "... a first message that cannot be made (no such template): null, the JSON whole" \
    "$(mg notify 1 --dry-run --json --template nosuch 2>/dev/null | "$JQ" -c '[.new, .first_message, ([.tickets[0].notifications[].template] | unique)]')" \
    '[2,null,["nosuch"]]'
is "notify: two networks" "$(mg notify 1)" \
    "2 notifiable address(es) and network(s): 2 notification(s) new, 0 told within the interval, 0 with nobody to tell; 2 sent, 0 failed, 0 still pending"
is "... --json, run again: the counts" "$(mg notify 1 --json | "$JQ" -c .)" \
    '{"dry_run":false,"indicators":2,"new":0,"told_within_interval":2,"nobody":0,"sent":0,"failed":0,"pending":0}'
is "... two messages" "$(ls "$OUT" | wc -l | tr -d ' ')" 2
bj=$(grep -l "^To: .*abuse-bj@telecom.example" "$OUT"/*)
gd=$(grep -l "^To: .*abuse-gd@telecom.example" "$OUT"/*)
ok "... Beijing's lists its host inline, in Chinese" sh -c 'grep -q "^  58.16.3.4" "$0" &&
    grep -A1 "^Subject: \[CNCERT #1\]" "$0" | grep -q "^ =?UTF-8?B?"' "$bj"
ok "... Guangdong's as a CSV attachment" sh -c 'grep -q "^Content-Type: text/csv" "$0" && grep -q "filename=\"CNCERT-1-indicators.csv\"" "$0"' "$gd"
ok "... auto-generated, with the token in Reply-To and Return-Path" sh -c 'grep -q "^Auto-Submitted: auto-generated" "$0" &&
    grep -q "^Return-Path: <cert+[0-9a-f]\{20\}@cert.example>" "$0"' "$bj"
is "... in ticket show, with provenance" \
    "$(show 1 '[.notifications[] | .address + " " + .status + " " + .template] | join(", ")')" \
    "abuse-bj@telecom.example sent notify-network, abuse-gd@telecom.example sent notify-network"
is "... audited" "$(sql "SELECT count(*) FROM audit WHERE action = 'notify.sent' AND ticket_id = 1")" 2
is "... as sent by whoever ran notify" \
    "$(sql "SELECT DISTINCT actor FROM audit WHERE action = 'notify.sent' AND ticket_id = 1")" "user:$(id -un)"
is "again: nothing new" "$(mg notify 1; ls "$OUT" | wc -l | tr -d ' ')" \
    "2 notifiable address(es) and network(s): 0 notification(s) new, 2 told within the interval, 0 with nobody to tell; 0 sent, 0 failed, 0 still pending
2"
# A reply to Beijing's notification, by its token, subject rewritten.
token=$(sql "SELECT token FROM notifications WHERE address = 'abuse-bj@telecom.example'")
printf 'From: abuse-bj@telecom.example\nTo: cert@cert.example\nSubject: RE: your mail\nMessage-ID: <r1@telecom.example>\n\nThe host is cleaned.\n' >"$TMP/r.eml"
is "the carrier's reply, to the token address" "$(receive "$TMP/r.eml" --recipient "cert+$token@cert.example")" 0
is "... lands on the ticket" "$(sql "SELECT ticket_id FROM messages WHERE message_id = 'r1@telecom.example'")" 1
is "... marks the notification replied" "$(sql "SELECT status FROM notifications WHERE token = '$token'")" replied
is "... no new ticket" "$(sql "SELECT count(*) FROM tickets")" 1
# A bounce (RFC 3464) to Guangdong's.
token=$(sql "SELECT token FROM notifications WHERE address = 'abuse-gd@telecom.example'")
printf 'From: MAILER-DAEMON@mx.telecom.example\nTo: cert+%s@cert.example\nSubject: Undelivered Mail\nMessage-ID: <b1@mx.telecom.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\nNo such user.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.telecom.example\n\nFinal-Recipient: rfc822; abuse-gd@telecom.example\nAction: failed\nStatus: 5.1.1\n--b--\n' "$token" >"$TMP/b.eml"
is "a bounce to the token address" "$(receive "$TMP/b.eml" --recipient "cert+$token@cert.example")" 0
is "... marks the notification bounced" "$(sql "SELECT status FROM notifications WHERE token = '$token'")" bounced
is "... opens no ticket" "$(sql "SELECT count(*) FROM tickets")" 1
is "... makes the address suspect, in lookups" \
    "$(mg contact lookup --json 59.33.1.1 | "$JQ" -r '.[0].answers[] | select(.scope == "network") | .email + " " + (.suspect != null | tostring)')" \
    "abuse-gd@telecom.example true"
ok "... and in the text form" sh -c '"$0" contact lookup 59.33.1.1 | grep -q "abuse-gd@telecom.example .*SUSPECT: bounced since 20"' "$MAILGW"
is "... which a re-import of the contacts keeps" \
    "$(mg contact import --format csv "$TMP/c/networks.csv" >/dev/null; sql "SELECT count(*) FROM suspect_addresses WHERE address = 'abuse-gd@telecom.example'")" 1
is "the address that replied is not suspect" \
    "$(mg contact lookup --json 58.16.1.1 | "$JQ" -r '.[0].answers[] | select(.scope == "network") | .suspect')" null
printf 'From: x@y.example\nSubject: forged\nMessage-ID: <f1@y.example>\n\nhi\n' >"$TMP/f.eml"
receive "$TMP/f.eml" --recipient "cert+0123456789abcdef0123@cert.example" >/dev/null
is "an unknown token threads like any mail" "$(sql "SELECT count(*) FROM tickets")" 2

# A new address on ticket 1 for a network told before: the update.
printf 'From: reports@auscert.example\nTo: cert@cert.example\nSubject: Re: [CNCERT #1] more\nMessage-ID: <a2@test.example>\n\nAlso 58.16.9.9 now.\n' >"$TMP/a2.eml"
receive "$TMP/a2.eml" >/dev/null
mg notify 1 >/dev/null
is "a contact told before gets the update, with the new address only" \
    "$(sql "SELECT template FROM notifications WHERE id = 3")|$(sql "SELECT group_concat(value) FROM notification_iocs WHERE notification_id = 3")" \
    "notify-update|58.16.9.9"
# The same address on another ticket, within the interval: not again.
printf 'From: soc@bank.example\nTo: cert@cert.example\nSubject: Seen again\nMessage-ID: <a3@test.example>\n\nAgain 58.16.3.4.\n' >"$TMP/a3.eml"
receive "$TMP/a3.eml" >/dev/null
ok "the same address elsewhere within the interval: not told again" \
    sh -c '"$MAILGW" notify 3 | grep -q "0 notification(s) new, 1 told within the interval"'

# A hostile contact name: no header of its own.
printf 'From: r@x.example\nTo: cert@cert.example\nSubject: evil\nMessage-ID: <e1@test.example>\n\nHost 61.128.1.1\n' >"$TMP/e.eml"
receive "$TMP/e.eml" >/dev/null
mg notify 4 >/dev/null
evil=$(grep -l "abuse-evil@telecom.example" "$OUT"/*)
ok "a contact name with a line break injects no header" sh -c '! grep -qi "^Bcc:" "$0" && grep -q "^To: \"Evil Bcc: victim@else.example\" <abuse-evil@telecom.example>" "$0"' "$evil"

# A merge moves the notifications, which keep their tokens.
mg ticket merge 4 1 >/dev/null
is "a merge moves the notifications" \
    "$(show 1 '[.notifications[].address] | map(select(. == "abuse-evil@telecom.example")) | length')" 1

# (b) 500 reflectors in 22 countries: one message per national CERT.
awk 'BEGIN { srand(22); print "From: sensors@partner.example\nTo: cert@cert.example\nSubject: memcached reflectors\nMessage-ID: <b500@test.example>\n"
	for (i = 0; i < 500; i++) { c = 1 + i % 22; printf "%d.10.%d.%d:11211\n", 100 + c, int(i / 22), 1 + i % 200 } }' >"$TMP/b500.eml"
receive "$TMP/b500.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'b500@test.example'")
before=$(ls "$OUT" | wc -l)
is "500 reflectors in 22 countries" "$(mg notify "$t" | cut -d';' -f1)" \
    "500 notifiable address(es) and network(s): 22 notification(s) new, 0 told within the interval, 0 with nobody to tell"
is "... 22 messages" "$(($(ls "$OUT" | wc -l) - before))" 22
is "... one per CERT" "$(sql "SELECT count(DISTINCT address) FROM notifications WHERE ticket_id = $t AND template = 'notify-cert'")" 22
codes=$(echo AU BR CA DE ES FR GB IN IT JP KR MX NL PL RU SE SG TR UA US VN ZA |
    awk '{ for (i = 1; i <= NF; i++) printf "%s(%c%s%c, %d)", (i > 1 ? ", " : ""), 39, tolower($i), 39, 100 + i }')
is "... each listing only its own country's addresses" \
    "$(sql "WITH cc (code, octet) AS (VALUES $codes)
        SELECT count(*) FROM notification_iocs i JOIN notifications n ON n.id = i.notification_id
        JOIN cc ON cc.code = substr(n.address, 11, 2)
        WHERE n.ticket_id = $t AND CAST(substr(i.value, 1, 3) AS INTEGER) != cc.octet")" 0
is "... all 500 told" "$(sql "SELECT count(*) FROM notification_iocs i JOIN notifications n ON n.id = i.notification_id WHERE n.ticket_id = $t")" 500
mg ticket show "$t" >"$TMP/b500.txt"
is "ticket show: the 22 messages we sent by recipient and subject alone" \
    "$(grep -c '^  #[0-9]* to  ' "$TMP/b500.txt"):$(grep -A2 '^  #[0-9]* to  ' "$TMP/b500.txt" | grep -c '^     subject:  ')" "22:22"
ok "... not their text" sh -c '! grep -q "the registries place in your" "$1"' sh "$TMP/b500.txt"

# The suspect address is told again, with a warning; its reply clears it.
printf 'From: soc@bank.example\nTo: cert@cert.example\nSubject: Guangdong again\nMessage-ID: <gd2@test.example>\n\nHost 59.34.7.7\n' >"$TMP/gd2.eml"
receive "$TMP/gd2.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'gd2@test.example'")
is "a suspect address is notified again" "$(mg notify "$t" 2>"$TMP/err" | cut -d';' -f2)" " 1 sent, 0 failed, 0 still pending"
ok "... with a warning that it bounced" grep -q "abuse-gd@telecom.example bounced a notification (suspect since 20" "$TMP/err"
token=$(sql "SELECT token FROM notifications WHERE ticket_id = $t")
printf 'From: abuse-gd@telecom.example\nTo: cert@cert.example\nSubject: Re: abuse report\nMessage-ID: <gd2r@telecom.example>\n\nDone.\n' >"$TMP/gd2r.eml"
receive "$TMP/gd2r.eml" --recipient "cert+$token@cert.example" >/dev/null
is "... and its reply clears the mark" "$(sql "SELECT count(*) FROM suspect_addresses")" 0
# Every kind of address a ticket holds, mixed: the contacts of a ticket
# are looked up as one batch (IPv4 and IPv6 in one pass over the store,
# networks written as CIDRs one by one); each network gets exactly its
# own, however the report orders and spells them.
cat >"$TMP/c/mixed.csv" <<'CSV'
kind,name,email,cidr,lang,format
network,Example Mobile Shanghai,abuse-sh@mobile.example,117.128.0.0/16,en,
network,Example IPv6 Net,abuse-v6@v6.example,2409:8a00::/24,en,
CSV
mg contact import --format csv "$TMP/c/mixed.csv" >/dev/null
printf 'From: soc@bank.example\nTo: cert@cert.example\nSubject: Mixed\nMessage-ID: <mix@test.example>\n\n117.128.9.9 2409:8a00::1 58.16.77.1\n2409:8AFF:0:0:0:0:0:9 117.128.0.0/24 58.16.77.2 2409:8b00::1 117.128.9.10\n' >"$TMP/mix.eml"
receive "$TMP/mix.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'mix@test.example'")
mg notify "$t" >/dev/null
told() {
	sql "SELECT group_concat(value, ' ') FROM (SELECT i.value FROM notification_iocs i JOIN notifications n ON n.id = i.notification_id WHERE n.ticket_id = $t AND n.address = '$1' ORDER BY i.value)"
}
is "mixed: Shanghai its two addresses and its CIDR" "$(told abuse-sh@mobile.example)" "117.128.0.0/24 117.128.9.10 117.128.9.9"
is "... the IPv6 network its two, canonical" "$(told abuse-v6@v6.example)" "2409:8a00::1 2409:8aff::9"
is "... Beijing (told before on ticket 1) its two" "$(told abuse-bj@telecom.example)" "58.16.77.1 58.16.77.2"
is "... and nobody for the address outside every network" \
    "$(sql "SELECT count(*) FROM notification_iocs i JOIN notifications n ON n.id = i.notification_id WHERE n.ticket_id = $t AND i.value = '2409:8b00::1'")" 0
done_testing

#!/bin/sh
# ioc export: the tickets' indicators as CSV, JSON and a MISP event.
. "${srcdir:-.}/tests/e2e/lib.sh"

printf 'From: reports@auscert.example\nTo: cert@cert.example\nSubject: Malware drop\nMessage-ID: <e1@test.example>\n\n%s\n' \
    "Payload at hxxp://93.184.216[.]34/drop/a.exe on evil-drop.com, md5 44d88612fea8a8f36de82e1278abb02f,
exploiting CVE-2026-12345 from AS4134, controller 45.33.32.156, our host 10.1.2.3,
contact admin@evil-drop.com, see also https://www.cert.example/advisory
(its figure names c2.example.com and AS64496, examples)" >"$TMP/a.eml"
printf 'From: soc@bank.example\nTo: cert@cert.example\nSubject: Phish\nMessage-ID: <e2@test.example>\n\nPhishing at login-bank-verify.com (185.199.108.153)\n' >"$TMP/b.eml"
is "two reports" "$(receive "$TMP/a.eml")$(receive "$TMP/b.eml")" 00

mg ioc export --format csv >"$TMP/all.csv"
is "csv: the header" "$(head -n 1 "$TMP/all.csv")" \
    '"ticket","tag","type","value","class","allowlisted","notifiable","signed","defanged","occurrences","first_seen"'
ok "csv: a row per indicator of both tickets" \
    test "$(($(wc -l <"$TMP/all.csv") - 1))" -eq "$(sql "SELECT count(*) FROM iocs")"
ok "csv: the private address, not notifiable" grep -q '^"1","\[CNCERT #1\]","ipv4","10.1.2.3","private","no","no"' "$TMP/all.csv"
ok "csv: the defanged URL, refanged" grep -q '"url","http://93.184.216.34/drop/a.exe","public","no","yes","no","yes"' "$TMP/all.csv"

is "json: --ticket 2" "$(mg ioc export --ticket 2 --format json | "$JQ" -r '[.[] | .type + ":" + .value] | join(" ")')" \
    "domain:login-bank-verify.com ipv4:185.199.108.153"
is "json: fields" "$(mg ioc export --ticket '[CNCERT #2]' | "$JQ" -c '.[1] | [.ticket, .tag, .class, .notifiable, .allowlisted]')" \
    '[2,"[CNCERT #2]","public",true,false]'
sql "UPDATE iocs SET first_seen = '2026-10-01T00:00:00Z' WHERE ticket_id = 1"
is "json: --since" "$(mg ioc export --since 2026-11-01 --format json | "$JQ" '[.[].ticket] | unique | join(",")')" '"2"'
mg ioc export --ticket 99 >/dev/null 2>&1
is "no such ticket: 66" "$?" 66
mg ioc export --format stix >/dev/null 2>&1
is "an unknown format: 64" "$?" 64

mg ioc export --ticket 1 --format misp >"$TMP/misp.json" 2>"$TMP/misp.err"
is "misp: one event, TLP:AMBER, not published" \
    "$("$JQ" -c '.Event | [.info, .Tag[0].name, .published, .distribution]' "$TMP/misp.json")" \
    '["CNCERT: indicators of [CNCERT #1]","tlp:amber",false,"1"]'
ok "misp: uuids are version 4" sh -c '"$0" -r "[.Event.uuid, .Event.Attribute[].uuid][]" "$1" |
    grep -vqE "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" && exit 1 || exit 0' "$JQ" "$TMP/misp.json"
is "misp: attribute types" \
    "$("$JQ" -r '[.Event.Attribute[] | .type + "=" + .value] | sort | join(" ")' "$TMP/misp.json")" \
    "AS=AS4134 domain=evil-drop.com ip-dst=45.33.32.156 ip-dst=93.184.216.34 md5=44d88612fea8a8f36de82e1278abb02f url=http://93.184.216.34/drop/a.exe vulnerability=CVE-2026-12345"
is "misp: to_ids for what can be blocked, not for a CVE" \
    "$("$JQ" -r '[.Event.Attribute[] | select(.to_ids | not) | .type] | sort | join(" ")' "$TMP/misp.json")" "AS vulnerability"
is "misp: categories" \
    "$("$JQ" -r '[.Event.Attribute[] | select(.type == "md5" or .type == "ip-dst") | .category] | unique | join(",")' "$TMP/misp.json")" \
    "Network activity,Payload delivery"
ok "misp: the private address, our own domain and the e-mail address stay here" \
    sh -c '! grep -q "10.1.2.3\|cert.example\|admin@evil-drop.com" "$0"' "$TMP/misp.json"
ok "... an example's name and AS number too (documentation)" \
    sh -c '! grep -q "example.com\|AS64496" "$0"' "$TMP/misp.json"
ok "... which the csv keeps, not notifiable" \
    grep -q '"domain","c2.example.com","documentation","no","no"' "$TMP/all.csv"
ok "... and stderr says so" grep -q "indicator(s) kept back" "$TMP/misp.err"
# A ticket with none to share: an empty attribute list, still an event.
printf 'From: x@y.example\nTo: cert@cert.example\nSubject: nothing\nMessage-ID: <none@test.example>\n\nNo indicators here.\n' >"$TMP/none.eml"
receive "$TMP/none.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'none@test.example'")
is "misp: a ticket without indicators, an event with no attributes" \
    "$(mg ioc export --ticket "$t" --format misp 2>/dev/null | "$JQ" -c '[.Event.info != null, .Event.Attribute]')" '[true,[]]'
is "json: and an empty array" "$(mg ioc export --ticket "$t" --format json | "$JQ" -c .)" '[]'

# The exports are written as they are read, not built in memory first:
# a worm report of 50,000 addresses goes out under a 48 MB address-space
# limit (built whole, the JSON took a 92 MB peak and aborted under any
# limit up to 80 MB). Not under the sanitizers, whose shadow memory no
# such limit allows.
if [ -z "${SANITIZERS:-}${ASAN_OPTIONS:-}" ]; then
	awk 'BEGIN { print "From: s@partner.example\nTo: cert@cert.example\nSubject: Worm\nMessage-ID: <worm@test.example>\n"
		for (i = 0; i < 50000; i++) printf "45.%d.%d.%d\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$TMP/worm.eml"
	receive "$TMP/worm.eml" >/dev/null
	t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'worm@test.example'")
	for f in json misp; do
		(ulimit -v 48000; "$MAILGW" ioc export --ticket "$t" --format $f \
		    >"$TMP/worm.$f" 2>/dev/null)
		is "$f: 50,000 indicators in 48 MB, exit 0" "$?" 0
	done
	is "... all of them, as JSON" "$("$JQ" length "$TMP/worm.json")" 50000
	is "... and in the MISP event" "$("$JQ" '.Event.Attribute | length' "$TMP/worm.misp")" 50000
	# So is ticket show --json (built whole: a 98 MB peak), with the
	# rows of a CSV report of 20,000 lines under their indicators.
	(ulimit -v 48000; "$MAILGW" ticket show "$t" --json >"$TMP/worm.show" 2>/dev/null)
	is "ticket show --json: 50,000 indicators in 48 MB, exit 0" "$?" 0
	is "... all of them, after the message" \
	    "$("$JQ" -c '[(.iocs | length), (.messages | length), .messages[0].message_id, .status]' "$TMP/worm.show")" \
	    '[50000,1,"worm@test.example","new"]'
	{
		printf 'From: s@partner.example\nTo: cert@cert.example\nSubject: Daily scan\n'
		printf 'Message-ID: <scan@test.example>\nMIME-Version: 1.0\n'
		printf 'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nToday'"'"'s report.\n'
		printf -- '--b\nContent-Type: text/csv\nContent-Disposition: attachment; filename="scan.csv"\n\n'
		echo '"timestamp","ip","port","asn","geo"'
		awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\"2026-11-21 00:%02d:%02d\",\"58.%d.%d.%d\",11211,4134,CN\n", i / 60 % 60, i % 60, 16 + int(i / 65536), int(i / 256) % 256, i % 256 }'
		printf -- '--b--\n'
	} >"$TMP/scan.eml"
	receive "$TMP/scan.eml" >/dev/null
	t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'scan@test.example'")
	(ulimit -v 48000; "$MAILGW" ticket show "$t" --json >"$TMP/scan.show" 2>/dev/null)
	is "... and 20,000 report rows, exit 0" "$?" 0
	ok "... the text jq makes of it (as jansson prints a whole document)" \
	    sh -c '"$0" . "$1" | cmp -s - "$1" && "$0" . "$2" | cmp -s - "$2"' "$JQ" "$TMP/scan.show" "$TMP/worm.json"
	is "... each row under its indicator" \
	    "$("$JQ" -c '[([.iocs[].rows | length] | add), (.iocs[] | select(.value == "58.16.1.2") | .rows[] | [.line, .seen, .columns.port])]' "$TMP/scan.show")" \
	    '[20000,[260,"2026-11-21T00:04:18Z","11211"]]'
fi
done_testing

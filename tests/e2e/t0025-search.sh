#!/bin/sh
# ticket list's filters (status, category, owner, partner, indicator with CIDR
# and subdomain matching, dates, full text), --json and --csv, and
# ticket link.
. "${srcdir:-.}/tests/e2e/lib.sh"

mg partner add AusCERT --email reports@auscert.example >/dev/null
n=0
# report FROM SUBJECT BODY: a report; prints the exit code.
report() {
	n=$((n + 1))
	printf 'From: %s\nTo: cert@cert.example\nSubject: %s\nMessage-ID: <s%d@test.example>\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
	    "$1" "$2" $n "$3" >"$TMP/m.eml"
	receive "$TMP/m.eml"
}
ids() {
	mg ticket list "$@" --json | "$JQ" -r '[.[].id] | join(" ")'
}
report "reports@auscert.example" "Phishing on 198.51.100.7" \
    "Host 198.51.100.7 serves hxxps://www.login-bank[.]com/verify" >/dev/null
report "soc@bank.example" "Scanning from a /24" "Our sensors saw 203.0.113.0/24 and 2001:db8:1::/48 scanning." >/dev/null
report "abuse@isp.example" "Spam run" "Spam sent through evillogin-bank.com and mail.example.org." >/dev/null
report "cert@other.example" "仿冒银行网站, \"urgent\"" "仿冒银行网站出现在 192.0.2.200" >/dev/null
is "four tickets" "$(ids)" "4 3 2 1"

mg ticket set 2 status=open category=scanning >/dev/null
mg ticket set 3 category=spam >/dev/null
is "--status" "$(ids --status open)" 2
is "--category" "$(ids --category spam)" 3
is "--status and --category together" "$(ids --status new --category scanning)" ""
mg ticket set 2 owner=alice >/dev/null
mg ticket set 4 owner=alice >/dev/null
mg ticket set 1 owner=bob >/dev/null
is "--owner: one analyst's queue" "$(ids --owner alice)" "4 2"
is "--owner with --status" "$(ids --owner alice --status open)" 2
is "--owner with a text to start from" "$(ids --owner bob --text login)" 1
ok "the text list shows the owner, '-' for none" \
    sh -c '"$1" ticket list | grep -q "^\[CNCERT #4\]  *new  *alice  " &&
    "$1" ticket list | grep -q "^\[CNCERT #3\]  *new  *-  "' sh "$MAILGW"
mg ticket list --status done >/dev/null 2>&1
is "an unknown status: usage, 64" "$?" 64

is "--partner: by the partner's address" "$(ids --partner auscert)" 1
is "--ioc: an address" "$(ids --ioc 198.51.100.7)" 1
is "--ioc: written defanged" "$(ids --ioc '198.51.100[.]7')" 1
is "--ioc: an address inside a CIDR a ticket names" "$(ids --ioc 203.0.113.99)" 2
is "--ioc: an IPv6 address inside one" "$(ids --ioc 2001:db8:1:ffff::5)" 2
is "--ioc: an address in none" "$(ids --ioc 203.0.114.1)" ""
is "--ioc: a domain finds its subdomains" "$(ids --ioc login-bank.com)" 1
is "--ioc: ... but not a name that merely ends alike" "$(ids --ioc evillogin-bank.com)" 3
is "--ioc: a URL" "$(ids --ioc 'https://www.login-bank.com/verify')" 1
mg ticket list --ioc 'no indicator' >/dev/null 2>&1
is "--ioc without an indicator: usage, 64" "$?" 64

is "--text: a phrase of the body" "$(ids --text 'serves hxxps')" 1
is "--text: case does not matter" "$(ids --text 'SENSORS SAW')" 2
is "--text: Chinese" "$(ids --text '银行网站出现')" 4
is "--text: the subject" "$(ids --text 'Spam run')" 3
is "--text: two Chinese characters, anywhere in a run" "$(ids --text '银行')" 4
is "--text: ... in order" "$(ids --text '行银')" ""
is "--text: words, not pieces of words" "$(ids --text 'ensor')" ""
is "--text: a quote in the text" "$(ids --text '"urgent"')" 4
is "--text and --ioc together" "$(ids --text 'Phishing' --ioc 198.51.100.7)" 1

sql "UPDATE tickets SET created = '2026-10-15T08:00:00Z' WHERE id = 1"
sql "UPDATE tickets SET created = '2026-10-31T23:59:59Z' WHERE id = 2"
is "--since (a date)" "$(ids --since 2026-11-01)" "4 3"
is "--until (a date: the whole day)" "$(ids --until 2026-10-31)" "2 1"
is "--since and --until (times)" "$(ids --since 2026-10-15T08:00:01Z --until 2026-11-01T00:00:00Z)" 2
mg ticket list --since yesterday >/dev/null 2>&1
is "a date that is none: usage, 64" "$?" 64
is "--limit" "$(ids --limit 2)" "4 3"

mg ticket list --csv >"$TMP/list.csv"
is "--csv: a header and a row per ticket" "$(wc -l <"$TMP/list.csv" | tr -d ' ')" 5
is "--csv: the header" "$(head -n 1 "$TMP/list.csv")" \
    '"id","tag","status","category","owner","priority","created","updated","messages","subject"'
ok "--csv: commas and quotes quoted" grep -q '"仿冒银行网站, ""urgent"""$' "$TMP/list.csv"
mg ticket list --csv --json >/dev/null 2>&1
is "--csv and --json: usage, 64" "$?" 64
# A subject a spreadsheet would run as a formula (CSV injection) is
# written with an apostrophe in front, which spreadsheets hide.
printf 'From: x@evil.example\nTo: cert@cert.example\nSubject: =HYPERLINK("http://evil.example","click")\nMessage-ID: <f1@evil.example>\n\nhi\n' >"$TMP/f.eml"
receive "$TMP/f.eml" >/dev/null
mg ticket list --csv --text click >"$TMP/f.csv"
ok "--csv: a formula made text" grep -qF ',"'"'"'=HYPERLINK(""http://evil.example"",""click"")"' "$TMP/f.csv"
is "... the subject itself unchanged" \
    "$(mg ticket list --json --text click | "$JQ" -r '.[0].subject')" '=HYPERLINK("http://evil.example","click")'

# ticket link
is "ticket link" "$(mg ticket link 1 '[CNCERT #3]')" "[CNCERT #1] related to [CNCERT #3]"
is "... shown on both" "$(show 1 '.links | join(",")') $(show 3 '.links | join(",")')" "3 1"
is "... audited on both" \
    "$(sql "SELECT group_concat(ticket_id || ':' || detail, '; ') FROM audit WHERE action = 'ticket.link'")" \
    "1:related to [CNCERT #3]; 3:related to [CNCERT #1]"
is "... again: said so, nothing added" "$(mg ticket link 3 1)" "[CNCERT #3] was related already to [CNCERT #1]"
is "... once" "$(sql "SELECT count(*) FROM ticket_links")" 1
ok "... in the text view" sh -c '"$MAILGW" ticket show 1 | grep -q "related:  \[CNCERT #3\]"'
mg ticket link 1 99 >/dev/null 2>&1
is "linking to no ticket: 66" "$?" 66
mg ticket link 2 2 >/dev/null 2>&1
is "linking a ticket to itself: 64" "$?" 64

# A merged ticket's indicators keep their search keys.
mg ticket merge 2 3 >/dev/null
is "after a merge, an address inside a CIDR of the merged ticket" "$(ids --ioc 203.0.113.99)" 3
is "... an IPv6 address inside one too" "$(ids --ioc 2001:db8:1:ffff::5)" 3

# A message of two texts, the second Chinese, each found (the texts are
# joined and spaced once for the index; a text alone without Chinese is
# indexed as it is).
printf 'From: cert@other.example\nTo: cert@cert.example\nSubject: two texts\nMessage-ID: <two@test.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=t\n\n--t\nContent-Type: text/plain\n\nthe loader beacons hourly\n--t\nContent-Type: text/plain; charset=utf-8; name="zh.txt"\nContent-Disposition: attachment; filename="zh.txt"\n\n僵尸网络控制服务器\n--t--\n' >"$TMP/two.eml"
receive "$TMP/two.eml" >/dev/null
two=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'two@test.example'")
is "--text: the first of two texts" "$(ids --text 'beacons hourly')" "$two"
is "--text: Chinese in the second" "$(ids --text '控制服务器')" "$two"

# A store made before search existed: db migrate fills the keys and the
# full-text index from what is stored.
mkdir "$TMP/old"
for f in "${srcdir:-.}"/migrations/000[1-9]_*.sql "${srcdir:-.}"/migrations/0010_*.sql; do
	"$SQLITE3" "$TMP/old/mailgw.db" <"$f"
done
"$SQLITE3" "$TMP/old/mailgw.db" "PRAGMA user_version = 10;
    INSERT INTO tickets (id, subject) VALUES (1, 'Old report');
    INSERT INTO messages (id, ticket_id, direction, message_id, content_sha256, subject, size, raw)
        VALUES (1, 1, 'in', 'old@x', 'aa', 'Old report about a botnet', 3, x'616263');
    INSERT INTO parts (message_id, path, depth, kind, content_type, raw_start, raw_length, text)
        VALUES (1, '1', 0, 'text', 'text/plain', 0, 3, 'the botnet controller sits in 198.18.0.0/15');
    INSERT INTO iocs (ticket_id, type, value, class, message_id) VALUES (1, 'cidr', '198.18.0.0/15', 'reserved', 1);"
write_config "$TMP/old.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/old/mailgw.db|" "$TMP/old.conf"
MAILGW_CONFIG=$TMP/old.conf mg db migrate >/dev/null
is "an old store migrated: its CIDR found by an address inside" \
    "$(MAILGW_CONFIG=$TMP/old.conf mg ticket list --ioc 198.19.1.1 --json | "$JQ" -r '.[].id')" 1
is "... its text found" \
    "$(MAILGW_CONFIG=$TMP/old.conf mg ticket list --text 'botnet controller' --json | "$JQ" -r '.[].id')" 1
# ticket list --json prints each ticket as it is read, not a document
# built in memory first: 100,000 tickets under a 48 MB address-space
# limit (built whole they needed well over 100 MB). Not under the
# sanitizers, whose shadow memory no such limit allows.
if [ -z "${SANITIZERS:-}${ASAN_OPTIONS:-}" ]; then
	sql "WITH RECURSIVE n(i) AS (SELECT 1000000 UNION ALL SELECT i + 1 FROM n WHERE i < 1099999)
	    INSERT INTO tickets (id, subject, created) SELECT i, 'Bulk ' || i, '2026-11-01T08:00:00Z' FROM n" >/dev/null
	(ulimit -v 48000; "$MAILGW" ticket list --json >"$TMP/all.json" 2>/dev/null)
	is "list --json: 100,000 more tickets in 48 MB, exit 0" "$?" 0
	is "... every one listed" "$("$JQ" '[.[] | select(.subject | startswith("Bulk "))] | length' "$TMP/all.json")" 100000
fi
done_testing

#!/bin/sh
# mailgw report: the month's figures on a fixture store, as text and as
# HTML whose SVG charts headless Chromium draws (a screenshot, checked
# for each chart's colour).
. "${srcdir:-.}/tests/e2e/lib.sh"

mg partner add AusCERT --email reports@auscert.example >/dev/null
printf 'arin|US|ipv4|45.33.0.0|65536|20110101|allocated\nripencc|NL|ipv4|93.184.216.0|256|20080101|assigned\narin|US|ipv6|2001:4860::|32|20050101|allocated\n' >"$TMP/delegated.txt"
mg contact import --format delegated "$TMP/delegated.txt" >/dev/null
n=0
report() {
	n=$((n + 1))
	printf 'From: %s\nTo: cert@cert.example\nSubject: %s\nMessage-ID: <r%d@test.example>\n\n%s\n' \
	    "$1" "$2" $n "$3" >"$TMP/m.eml"
	receive "$TMP/m.eml" >/dev/null
}
report reports@auscert.example "Phishing A" "phishing host 45.33.32.156"
report reports@auscert.example "Phishing B" "phishing host 45.33.32.10 and 93.184.216.34"
report soc@bank.example "Malware C" "C2 at 93.184.216.99"
report soc@bank.example "DDoS D" "reflector 2001:4860:4860::8888"
report soc@bank.example "Old one" "in October: 45.33.32.1"
mg ticket set 1 category=phishing >/dev/null
mg ticket set 2 category=phishing >/dev/null
mg ticket set 3 category=malware >/dev/null
mg ticket set 4 category=ddos status=open >/dev/null
# Fixed times: created in November (one in October), resolved and
# notified at known times (the audit log takes rows, never changes).
sql "UPDATE tickets SET created = '2026-11-0' || id || 'T08:00:00Z' WHERE id <= 4;
     UPDATE tickets SET created = '2026-10-20T08:00:00Z' WHERE id = 5;
     INSERT INTO audit (ticket_id, at, actor, action, detail) VALUES
       (1, '2026-11-01T10:00:00Z', 'user:t', 'ticket.set', 'status: new -> resolved'),
       (2, '2026-11-02T12:00:00Z', 'user:t', 'ticket.set', 'status: new -> resolved'),
       (3, '2026-11-04T14:00:00Z', 'user:t', 'ticket.set', 'status: new -> resolved');
     UPDATE tickets SET status = 'resolved' WHERE id <= 3;
     INSERT INTO messages (id, ticket_id, direction, message_id, content_sha256, size, raw)
       VALUES (100, 1, 'out', 'n1@x', 'a', 0, x''), (101, 2, 'out', 'n2@x', 'b', 0, x'');
     INSERT INTO outbox (message_id, purpose, envelope_from, recipient, created) VALUES
       (100, 'notify', 'cert@cert.example', 'abuse@isp.example', '2026-11-01T08:30:00Z'),
       (101, 'notify', 'cert@cert.example', 'abuse@isp.example', '2026-11-02T09:00:00Z');"

mg report --month 2026-11 >"$TMP/report.txt"
line() {
	grep -q "$1" "$TMP/report.txt"
}
ok "text: the month" line "^CNCERT incident report, 2026-11 (2026-11-01 to 2026-11-30, UTC)$"
ok "text: four incidents (October's not counted)" line "^Incidents opened: 4$"
ok "text: by category" sh -c 'grep -A3 "^By category:" "$0" | grep -q "^  phishing  *2 "' "$TMP/report.txt"
ok "text: by partner" sh -c 'grep -A2 "^By partner:" "$0" | grep -q "^  AusCERT  *2 "' "$TMP/report.txt"
ok "text: by status" sh -c 'grep -A2 "^By status (now):" "$0" | grep -q "^  resolved  *3 "' "$TMP/report.txt"
ok "text: time to first notification (30m, 1h)" \
    line "^Time to first notification: median 30m, 90th percentile 1h 00m (2 of 4 tickets).$"
ok "text: time to resolution (2h, 4h, 30h)" \
    line "^Time to resolution: median 4h 00m, 90th percentile 30h 00m (3 of 4 tickets).$"
ok "text: networks, each ticket once" sh -c 'grep -A4 "^Networks named most" "$0" | grep -q "^  45.33.32.0/24  *2 "' "$TMP/report.txt"
ok "text: IPv6 by /48" line "^  2001:4860:4860::/48  *1 "
ok "text: countries, each ticket once" sh -c 'grep -A3 "^Countries" "$0" | grep -q "^  US  *3 " &&
    grep -A3 "^Countries" "$0" | grep -q "^  NL  *2 "' "$TMP/report.txt"
mg report --month 2026-13 >/dev/null 2>"$TMP/err"
is "no such month: 64" "$?" 64
is "... and says why" "$(head -1 "$TMP/err")" "mailgw: report: --month: '2026-13' is no month (2026-11)"
mg report --month 2026-11 --format pdf >/dev/null 2>&1
is "an unknown format: 64" "$?" 64
is "an empty month" "$(mg report --month 2025-01 | sed -n 3p)" "Incidents opened: 0"

# The same figures as JSON, for scripts.
mg report --month 2026-11 --format json >"$TMP/report.json"
is "json: the month and its incidents" \
    "$("$JQ" -c '[.desk, .month, .since, .until, .tickets]' "$TMP/report.json")" \
    '["CNCERT","2026-11","2026-11-01T00:00:00Z","2026-12-01T00:00:00Z",4]'
is "json: every tally, largest first" \
    "$("$JQ" -c '[.by_category[0], .by_partner[0], .by_status[0]]' "$TMP/report.json")" \
    '[{"label":"phishing","tickets":2},{"label":"(no partner)","tickets":2},{"label":"resolved","tickets":3}]'
is "json: the times in hours" \
    "$("$JQ" -c '[.time_to_first_notification, .time_to_resolution]' "$TMP/report.json")" \
    '[{"tickets":2,"median_hours":0.5,"p90_hours":1},{"tickets":3,"median_hours":4,"p90_hours":30}]'
is "json: networks and countries" \
    "$("$JQ" -c '[(.networks[] | select(.label == "45.33.32.0/24") | .tickets), (.countries | map(.label + "=" + (.tickets | tostring)) | join(","))]' "$TMP/report.json")" \
    '[2,"US=3,NL=2"]'
is "json: an empty month, times null" \
    "$(mg report --month 2025-01 --format json | "$JQ" -c '[.tickets, .by_category, .time_to_resolution]')" \
    '[0,[],{"tickets":0,"median_hours":null,"p90_hours":null}]'

mg report --month 2026-11 --format html >"$TMP/report.html"
is "html: five charts" "$(grep -o '<svg class="chart"' "$TMP/report.html" | wc -l | tr -d ' ')" 5
ok "html: self-contained (nothing fetched)" sh -c '! grep -Eq "(src|href)=" "$0"' "$TMP/report.html"
is "html: the total" "$(sed -n 's/.*<b id="total">\([0-9]*\)<.*/\1/p' "$TMP/report.html")" 4

command -v chromium >/dev/null 2>&1 && command -v pngtopnm >/dev/null 2>&1 || {
	echo "# chromium or netpbm missing: the rendering is not checked"
	ok "chromium renders the report (skipped: not installed)" false
	done_testing
}
HOME=$TMP timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --window-size=900,2300 --screenshot="$TMP/shot.png" \
    "file://$TMP/report.html" >"$TMP/chromium.log" 2>&1
ok "chromium took a screenshot" test -s "$TMP/shot.png"
# Pixels of each chart's colour (category, partner, status, networks).
pngtopnm "$TMP/shot.png" | pnmtoplainpnm | awk '
    NR == 1 { next } NR == 2 { next } NR == 3 { next }
    { for (i = 1; i <= NF; i++) { v[k++] = $i; if (k == 3) { c[v[0] "," v[1] "," v[2]]++; k = 0 } } }
    END { print c["31,119,180"] + 0, c["44,160,44"] + 0, c["255,127,14"] + 0, c["148,103,189"] + 0, c["214,39,40"] + 0 }' >"$TMP/pixels"
set -- $(cat "$TMP/pixels")
ok "the category chart is drawn ($1 pixels)" test "${1:-0}" -gt 2000
ok "the partner chart is drawn ($2 pixels)" test "${2:-0}" -gt 2000
ok "the status chart is drawn ($3 pixels)" test "${3:-0}" -gt 2000
ok "the network chart is drawn ($4 pixels)" test "${4:-0}" -gt 2000
ok "the country chart is drawn ($5 pixels)" test "${5:-0}" -gt 2000
done_testing

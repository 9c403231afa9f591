#!/bin/sh
# Contacts: RPSL (RIPE and APNIC style), delegated statistics and CSV
# imports; lookups by network, carrier, national CERT and registrar,
# each with its provenance; re-imports and manual overrides; and the
# network lookup against a brute-force reference on random nested and
# overlapping ranges of both families.
. "${srcdir:-.}/tests/e2e/lib.sh"

C=$TEST_DATA/contacts
is "RPSL, RIPE and APNIC style, one source" \
    "$(mg contact import --format ripe --source rir "$C/ripe.db" "$C/apnic.db" 2>"$TMP/err")" \
    "rir: 18 objects imported, 1 skipped"
ok "... the bad object reported with its file and line" \
    grep -q "ripe.db:94: inetnum: 'not a range' is not what it should be; skipped" "$TMP/err"
ok "... no progress lines when stderr is not a terminal" sh -c '! grep -q "objects read\|stored\|segments" "$0"' "$TMP/err"
# On a terminal (script(1) gives it one): how far each phase has got,
# each phase's last line left standing; the same import again, same source.
if command -v script >/dev/null 2>&1; then
	script -qec "\"$MAILGW\" contact import --format ripe --source rir \"$C/ripe.db\" \"$C/apnic.db\"" \
	    /dev/null </dev/null >"$TMP/tty" 2>&1
	tr -d '\r' <"$TMP/tty" >"$TMP/tty.txt"
	ok "on a terminal: each file's objects read" sh -c 'grep -q "^contact import: .*/ripe.db: 13 objects read" "$0" &&
	    grep -q "^contact import: .*/apnic.db: 5 objects read" "$0"' "$TMP/tty.txt"
	ok "... the networks stored, the segments rebuilt" sh -c 'grep -q "contact import: 12 networks and AS numbers stored" "$0" &&
	    grep -q "contact import: lookup segments rebuilt" "$0"' "$TMP/tty.txt"
	ok "... each line clears what a longer one left" grep -q "$(printf '\033')\[K" "$TMP/tty.txt"
	ok "... and the summary as before" grep -q "^rir: 18 objects imported, 1 skipped" "$TMP/tty.txt"
fi
is "delegated statistics" "$(mg contact import --format delegated "$C/delegated-test.txt" 2>"$TMP/err")" \
    "delegated-test.txt: 4 objects imported, 2 skipped"
ok "... bad lines reported with their numbers" sh -c 'grep -q "delegated-test.txt:11: not a delegation line" "$0" &&
    grep -q "delegated-test.txt:12: not a delegation line" "$0"' "$TMP/err"
is "CSV: national CERTs" "$(mg contact import --format csv "$C/certs.csv" 2>"$TMP/err")" \
    "certs.csv: 3 objects imported, 2 skipped"
ok "... rows refused, with why" sh -c 'grep -q "row 5: no valid email" "$0" && grep -q "row 6: country is not an ISO 3166 code" "$0"' "$TMP/err"
is "CSV: registrars" "$(mg contact import --format csv "$C/registrars.csv" 2>"$TMP/err")" \
    "registrars.csv: 3 objects imported, 0 skipped"
ok "... an unknown column warned about" grep -q "column 'colour' is not known; ignored" "$TMP/err"

# answer VALUE SCOPE FIELD: the FIELD of the first answer of SCOPE.
answer() {
	mg contact lookup --json "$1" | "$JQ" -r "[.[0].answers[] | select(.scope == \"$2\")][0].$3 // \"-\""
}
is "an address: the network's abuse-c (RIPE)" "$(answer 198.51.100.7 network email)" abuse@isp.example
is "... through the organisation's abuse-c, with the range" "$(answer 198.51.100.7 network range)" 198.51.100.0/24
is "... and its provenance" \
    "$(mg contact lookup --json 198.51.100.7 | "$JQ" -c '.[0].answers[0].provenance | [.source, .object, .manual]')" \
    '["rir","inetnum: 198.51.100.0 - 198.51.100.255",false]'
is "... the carrier of its origin AS" "$(answer 198.51.100.7 carrier email)" abuse@isp.example
is "... the national CERT of its country (delegated)" "$(answer 198.51.100.7 national-cert name)" NCSC-NL
is "... with the CERT's language, format and key" \
    "$(mg contact lookup --json 198.51.100.7 | "$JQ" -r '[.[0].answers[] | select(.scope == "national-cert")][0] | [.lang, .format, .key, .interval_s] | join(" ")')" \
    "en inline 0123456789ABCDEF0123456789ABCDEF01234567 86400"
is "the most specific network" "$(answer 198.51.100.130 network email)" abuse@hosting.example
is "a network without abuse-c answers through the one holding it" "$(answer 198.51.100.161 network email)" abuse@hosting.example
# A network written with host bits, as an interface's address is: its
# host's network answers, not its first address's (the /24's holder
# for a host of the /26 inside it).
is "an address with a prefix length: its host's network, not the first address's" \
    "$(answer 198.51.100.130/24 network range) $(answer 198.51.100.130/25 network range) $(answer 198.51.100.0/25 network range)" \
    "198.51.100.128/26 198.51.100.128/26 198.51.100.0/24"
is "a redacted abuse address is nobody's" "$(answer 203.0.113.5 network email)" -
is "IPv6: the most specific inet6num" "$(answer 2001:db8:1234::1 network email)" abuse@hosting.example
is "IPv6: the allocation around it" "$(answer 2001:db8:ffff::1 network range)" 2001:db8::/32
# A dual-stack server logs an IPv4 client as "::ffff:198.51.100.7";
# NAT64 (RFC 6052) writes it behind 64:ff9b::/96. Either is the IPv4
# host, whose network's owner answers; the value keeps its spelling.
is "an IPv4-mapped address: its IPv4 host's network and carrier" \
    "$(answer ::ffff:198.51.100.7 network email) $(answer ::ffff:198.51.100.7 network range) $(answer ::FFFF:c633:6407 carrier email)" \
    "abuse@isp.example 198.51.100.0/24 abuse@isp.example"
is "... and one behind NAT64's prefix, in a URL too" \
    "$(answer 64:ff9b::198.51.100.130 network email) $(answer 'http://[64:ff9b::c633:6482]:8080/x' network email)" \
    "abuse@hosting.example abuse@hosting.example"
is "... and 6to4's, 2002:V4ADDR::/48 (RFC 3056): that IPv4 host's site" \
    "$(answer 2002:c633:6482::1 network email) $(answer 2002:c633:6407:1::5 network range)" \
    "abuse@hosting.example 198.51.100.0/24"
is "... and Teredo's, 2001::/32 (RFC 4380): its client, the last four bytes inverted" \
    "$(answer 2001:0:4136:e378:8000:63bf:39cc:9b7d network email)" \
    "abuse@hosting.example"
is "... the value and its type as written" \
    "$(mg contact lookup --json 64:ff9b::198.51.100.130 | "$JQ" -r '.[0] | .type + " " + .value')" \
    "ipv6 64:ff9b::c633:6482"
is "... but not the rest of 64:ff9b::/32, nor ::/96" \
    "$(answer 64:ff9b:1::c633:6482 network email) $(answer ::198.51.100.7 network email)" "- -"
is "APNIC style: mnt-irt's abuse-mailbox" "$(answer 192.0.2.7 network email)" anti-spam@telecom.example
is "... a nested irt" "$(answer 192.0.2.100 network email)" abuse@province.example
is "... China's national CERT" "$(answer 192.0.2.100 national-cert email)" cncert@cert.example.cn
is "an AS number: its carrier" "$(answer AS64511 carrier email)" anti-spam@telecom.example
is "a defanged URL: the registrar of the most specific domain" "$(answer 'hxxp://www.login-bank[.]com/x' registrar email)" abuse@reseller.example
is "a domain: by its TLD" "$(answer evil.com registrar iana_id)" - 
is "... the registrar" "$(answer evil.com registrar name)" "Example Registrar Inc."
is "an e-mail address: its domain's registrar" "$(answer x@mail.example.net registrar email)" abuse@registrar.example
is "scopes are never merged: three answers for one address" \
    "$(mg contact lookup --json 198.51.100.7 | "$JQ" -r '[.[0].answers[].scope] | join(" ")')" "network carrier national-cert"
printf '198.51.100.7\n\nevil.com\nnonsense\n' | mg contact lookup --json >"$TMP/batch.json"
is "a list on standard input" "$("$JQ" -r '[.[] | .query + "=" + (.type // "none")] | join(" ")' "$TMP/batch.json")" \
    "198.51.100.7=ipv4 evil.com=domain nonsense=none"
ok "text output names the source" sh -c '"$MAILGW" contact lookup 192.0.2.7 | grep -q "anti-spam@telecom.example .*\[rir, inetnum: 192.0.2.0 - 192.0.2.255"'

# Manual entries override imported ones and survive re-imports.
is "a manual CSV" "$(mg contact import --format csv --manual "$C/manual.csv")" "manual.csv: 2 objects imported, 0 skipped"
is "... overrides the RIPE network" "$(answer 198.51.100.7 network email)" noc@isp.example
is "... marked manual" "$(answer 198.51.100.7 network provenance.manual)" true
is "... but not outside its range" "$(answer 198.51.100.130 network email)" abuse@hosting.example
is "... and the carrier, manual first" "$(answer 198.51.100.7 carrier email)" carrier@isp.example
sed 's/abuse@isp.example/abuse-new@isp.example/' "$C/ripe.db" >"$TMP/ripe.db"
is "re-importing the RIR source" "$(mg contact import --format ripe --source rir "$TMP/ripe.db" "$C/apnic.db" 2>/dev/null)" \
    "rir: 18 objects imported, 1 skipped"
is "... replaces what it said" "$(answer 198.51.100.200 network email)" abuse-new@isp.example
is "... once (no rows of the old import left)" "$(sql "SELECT count(*) FROM contacts WHERE email = 'abuse@isp.example'")" 0
is "... the manual entry still wins" "$(answer 198.51.100.7 network email)" noc@isp.example
is "... the other sources untouched" "$(answer 192.0.2.100 national-cert email)" cncert@cert.example.cn
gzip -c "$C/certs.csv" >"$TMP/certs.csv.gz"
is "gzip, as a new source" "$(mg contact import --format csv --source certs.csv "$TMP/certs.csv.gz" 2>/dev/null)" \
    "certs.csv: 3 objects imported, 2 skipped"
is "... replacing the plain import" "$(sql "SELECT count(*) FROM contacts WHERE kind = 'national-cert'")" 3
mg contact import --format csv "$TMP/none.csv" >/dev/null 2>&1
is "a missing file: 66, nothing changed" "$?:$(sql "SELECT count(*) FROM contact_sources")" "66:5"
# An import removes the rows it replaces itself (the foreign keys'
# cascade is off while it runs): none of the re-imports above left a row
# pointing at nothing, and the store's own connections check them again.
is "... no dangling reference after the re-imports" "$(sql "SELECT count(*) FROM pragma_foreign_key_check")" 0
is "... every contact row of a source that exists" "$(sql "SELECT (SELECT count(*) FROM contact_asns a WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = a.contact_id)) + (SELECT count(*) FROM contact_ranges r WHERE NOT EXISTS (SELECT 1 FROM contact_sources x WHERE x.id = r.source_id))")" 0
mg contact import --format whois "$C/certs.csv" >/dev/null 2>&1
is "an unknown format: 64" "$?" 64
is "contact sources: each import, manual first, with its counts" \
    "$(mg contact sources --json | "$JQ" -r '.[] | [.name, .format, (.manual | tostring), (.objects | tostring), (.skipped | tostring), (.contacts > 0 | tostring)] | join(" ")')" \
    "manual.csv csv true 2 0 true
certs.csv csv false 3 2 true
delegated-test.txt delegated false $(sql "SELECT objects FROM contact_sources WHERE name = 'delegated-test.txt'") $(sql "SELECT skipped FROM contact_sources WHERE name = 'delegated-test.txt'") false
registrars.csv csv false $(sql "SELECT objects FROM contact_sources WHERE name = 'registrars.csv'") 0 true
rir ripe false 18 1 true"
ok "... and as text, one line each" sh -c \
    'test "$("$0" contact sources | grep -c " objects, ")" -eq 5' "$MAILGW"

# The segments (every source's ranges, flattened) are rebuilt only by an
# import whose source had or has ranges: a marker segment survives a
# list of CERTs and goes with a list that names a network.
mark_segment() {
	sql "INSERT INTO contact_segments VALUES (4, x'FFFFFF00', x'FFFFFFFF', (SELECT max(id) FROM contact_ranges))"
}
marked() { sql "SELECT count(*) FROM contact_segments WHERE lo = x'FFFFFF00'"; }
mark_segment
mg contact import --format csv --source certs.csv "$TMP/certs.csv.gz" >/dev/null 2>&1
is "a CERT list re-imported: the segments not rebuilt" "$(marked)" 1
is "... its CERTs there" "$(answer 192.0.2.100 national-cert email)" cncert@cert.example.cn
mg contact import --format csv --manual "$C/manual.csv" >/dev/null
is "a list with a network re-imported: rebuilt" "$(marked)" 0
is "... and its network still answers" "$(answer 198.51.100.7 network email)" noc@isp.example
mark_segment
printf 'kind,name,email,country\nnational-cert,CNCERT/CC,cncert@cert.example.cn,CN\n' >"$TMP/onlycerts.csv"
mg contact import --format csv --manual "$TMP/onlycerts.csv" --source manual.csv >/dev/null
is "a source that had ranges and has none: rebuilt" "$(marked)" 0
is "... its network gone: the RIR answers" "$(answer 198.51.100.7 network email)" abuse-new@isp.example
mg contact import --format csv --manual "$C/manual.csv" >/dev/null
is "... and back" "$(answer 198.51.100.7 network email)" noc@isp.example

# whois, for a domain no import names: its Registrar Abuse Contact Email.
cat >"$TMP/whois" <<'SH'
#!/bin/sh
[ "$1" = -- ] && shift
echo "$1" >>"${0%/*}/whois.asked"
case $1 in
phishing-site.org) cat <<'W'
   Domain Name: PHISHING-SITE.ORG
   Registrar: Example Registrar, LLC
   Registrar Abuse Contact Email: abuse@registrar.example.net
   Registrar Abuse Contact Phone: +1.5555550100
W
;;
*) echo "No match for $1." ;;
esac
SH
chmod +x "$TMP/whois"
write_config "$TMP/whois.conf"
printf '[contacts]\nwhois = %s\n' "$TMP/whois" >>"$TMP/whois.conf"
is "whois: the registrar of a domain no import names" \
    "$(MAILGW_CONFIG=$TMP/whois.conf mg contact lookup --json www.phishing-site.org |
    "$JQ" -r '.[0].answers[0] | [.scope, .email, .name, .provenance.source, .provenance.object] | join("|")')" \
    "registrar|abuse@registrar.example.net|Example Registrar, LLC|whois|whois phishing-site.org"
ok "... asked for the registered domain, not the host" grep -qx "phishing-site.org" "$TMP/whois.asked"
is "... nothing when whois knows nothing" \
    "$(MAILGW_CONFIG=$TMP/whois.conf mg contact lookup --json nothing-here.org | "$JQ" '.[0].answers | length')" 0
is "... and not asked when an import answers" \
    "$(MAILGW_CONFIG=$TMP/whois.conf mg contact lookup --json evil.com | "$JQ" -r '.[0].answers[0].provenance.source'; grep -c "evil.com" "$TMP/whois.asked")" \
    "registrars.csv
0"

# A brute-force reference: random nested and overlapping IPv4 ranges
# (written lo-hi) and nested IPv6 prefixes, one contact each; the
# network for random addresses must be the most specific range.
mkdir -p "$TMP/rand"
awk -v seed=4711 'function ip4(v) { return sprintf("10.0.%d.%d", int(v / 256), v % 256) }
function ip6(v) { return sprintf("2001:db8::%x", v) }
BEGIN {
	srand(seed)
	print "kind,name,email,cidr" > "'"$TMP/rand/ranges.csv"'"
	n = 0
	for (i = 0; i < 300; i++) {
		lo = int(rand() * 65000); len = int(2 ^ int(rand() * 12)) + int(rand() * 40)
		hi = lo + len; if (hi > 65535) hi = 65535
		if ((lo "-" hi) in seen) continue
		seen[lo "-" hi] = 1; n++
		L[n] = lo; H[n] = hi; F[n] = 4
		printf "network,r%d,r%d@v4.example,%s-%s\n", n, n, ip4(lo), ip4(hi) > "'"$TMP/rand/ranges.csv"'"
	}
	for (i = 0; i < 200; i++) {
		bits = 2 + int(rand() * 14); size = 2 ^ bits
		lo = int(rand() * 65536 / size) * size; hi = lo + size - 1
		if (("6:" lo "-" hi) in seen) continue
		seen["6:" lo "-" hi] = 1; n++
		L[n] = lo; H[n] = hi; F[n] = 6
		printf "network,r%d,r%d@v6.example,%s/%d\n", n, n, ip6(lo), 128 - bits > "'"$TMP/rand/ranges.csv"'"
	}
	for (q = 0; q < 1500; q++) {
		f = q % 2 ? 6 : 4; x = int(rand() * 65536)
		best = 0
		for (k = 1; k <= n; k++) {
			if (F[k] != f || L[k] > x || H[k] < x) continue
			if (!best || H[k] - L[k] < H[best] - L[best] ||
			    (H[k] - L[k] == H[best] - L[best] && L[k] > L[best])) best = k
		}
		print (f == 4 ? ip4(x) : ip6(x)) > "'"$TMP/rand/queries"'"
		print (best ? "r" best "@v" f ".example" : "-") > "'"$TMP/rand/expected"'"
	}
}'
is "random ranges imported" "$(mg contact import --format csv --source random "$TMP/rand/ranges.csv" | sed 's/[0-9]* objects/N objects/')" \
    "random: N objects imported, 0 skipped"
mg contact lookup --json <"$TMP/rand/queries" |
    "$JQ" -r '.[] | ([.answers[] | select(.scope == "network")][0].email // "-")' >"$TMP/rand/got"
is "1500 random addresses: the most specific range, as brute force finds it" \
    "$(paste -d' ' "$TMP/rand/queries" "$TMP/rand/expected" "$TMP/rand/got" | awk '$2 != $3' | head -n 3)" ""
ok "... and the reference is not trivial" test "$(grep -vc '^-$' "$TMP/rand/expected")" -gt 500
# shellcheck disable=SC2046 # one argument per address
mg contact lookup --json $(cat "$TMP/rand/queries") |
    "$JQ" -r '.[] | ([.answers[] | select(.scope == "network")][0].email // "-")' >"$TMP/rand/one"
is "... the same one at a time as in a batch" "$(cmp "$TMP/rand/got" "$TMP/rand/one" 2>&1)" ""

# A list longer than one batch (a million values): answered in pieces,
# the same answers in the same order.
mg contact lookup <"$TMP/rand/queries" >"$TMP/rand/once.txt"
awk '{ q[NR] = $0 } END { for (r = 0; r < 700; r++) for (i = 1; i <= NR; i++) print q[i] }' \
    "$TMP/rand/queries" >"$TMP/rand/many"
mg contact lookup <"$TMP/rand/many" >"$TMP/rand/many.txt"
is "1,050,000 values, past one batch: each answered as alone" \
    "$(awk '{ a[NR] = $0 } END { for (r = 0; r < 700; r++) for (i = 1; i <= NR; i++) print a[i] }' \
    "$TMP/rand/once.txt" | cmp - "$TMP/rand/many.txt" 2>&1)" ""
# --json streams its array: 337,500 values within 300 MB of address
# space (as one document, 200,000 took 550 MB); under the sanitizers,
# which reserve far more, unbounded.
head -n 337500 "$TMP/rand/many" >"$TMP/rand/some"
limit="ulimit -v 300000;"
case "${SANITIZERS:-}${ASAN_OPTIONS:-}" in ?*) limit= ;; esac
sh -c "$limit exec \"\$0\" contact lookup --json" "$MAILGW" <"$TMP/rand/some" >"$TMP/rand/some.json"
is "--json over 337,500 values in bounded memory: exit 0" "$?" 0
is "... every value an element of one array" \
    "$(grep -c '^    "query": ' "$TMP/rand/some.json"; head -c 2 "$TMP/rand/some.json"; tail -c 2 "$TMP/rand/some.json")" \
    "$(printf '337500\n[\n]')"
rm -f "$TMP/rand/many" "$TMP/rand/many.txt" "$TMP/rand/some" "$TMP/rand/some.json"

# A batch (standard input: addresses sorted and matched in one pass)
# answers every kind of value as one lookup at a time does: networks
# with carrier and CERT, manual overrides, IPv6 in any spelling,
# defanged and leading-zero addresses, CIDRs, AS numbers, domains,
# URLs, e-mail addresses, repeats, nonsense.
cat >"$TMP/mixed" <<'EOF'
198.51.100.7
192.0.2.100
2001:db8:1234::1
2001:DB8:FFFF:0:0:0:0:1
203.0.113.5
198.51.100.130
198.51.100.161
198.51.100[.]7
010.0.3.4
::ffff:198.51.100.7
198.51.100.0/24
AS64511
evil.com
hxxp://www.login-bank[.]com/x
x@mail.example.net
nonsense
198.51.100.7
8.8.8.8
10.0.3.4
2001:db8::1f
EOF
mg contact lookup <"$TMP/mixed" >"$TMP/mixed.batch"
# shellcheck disable=SC2046
mg contact lookup $(cat "$TMP/mixed") >"$TMP/mixed.one"
is "a batch answers as one at a time: text" "$(diff "$TMP/mixed.one" "$TMP/mixed.batch")" ""
mg contact lookup --json <"$TMP/mixed" >"$TMP/mixed.batch.json"
# shellcheck disable=SC2046
mg contact lookup --json $(cat "$TMP/mixed") >"$TMP/mixed.one.json"
is "... and JSON" "$(diff "$TMP/mixed.one.json" "$TMP/mixed.batch.json")" ""
is "... with networks, carriers and CERTs among the answers" \
    "$("$JQ" -r '[.[].answers[].scope] | unique | join(" ")' "$TMP/mixed.batch.json")" \
    "carrier national-cert network registrar"
# Registry text in Latin-1 (the RIPE database's charset) is stored as
# UTF-8; a list with bytes that are not UTF-8 still makes valid JSON.
printf 'role:           T\351l\351com abuse\nnic-hdl:        TA1-RIPE\nabuse-mailbox:  abuse@telecom-fr.example\nsource:         RIPE\n\ninetnum:        100.66.0.0 - 100.66.0.255\nnetname:        R\311SEAU-1\ncountry:        FR\nabuse-c:        TA1-RIPE\nsource:         RIPE\n\n' >"$TMP/latin1.db"
printf 'kind,name,email,cidr\nnetwork,Soci\351t\351 G\351n\351rale,abuse@sg.example,100.67.0.0/24\n' >"$TMP/latin1.csv"
mg contact import --format ripe --source latin1 "$TMP/latin1.db" >/dev/null
mg contact import --format csv --source latin1csv "$TMP/latin1.csv" >/dev/null
is "Latin-1 in an RPSL dump: UTF-8 in the answer" \
    "$(mg contact lookup --json 100.66.0.1 | "$JQ" -r '.[0].answers[0] | .name + " " + .netname')" \
    "Télécom abuse RÉSEAU-1"
is "... and in a CSV file" "$(mg contact lookup 100.67.0.1 | sed -n 's/^  network *abuse@sg.example  \([^ ]* [^ ]*\) .*/\1/p')" \
    "Société Générale"
# Control characters in registry text (an escape sequence, a bell, a
# carriage return, C1's CSI as UTF-8) never reach the analyst's terminal or our mail.
printf 'role:           Evil\033[31m desk\r\nnic-hdl:        EV1-RIPE\nabuse-mailbox:  abuse@evil.example\n\ninetnum:        100.68.0.0 - 100.68.0.255\nnetname:        EVIL\033]0;x\007NET\302\2331m\nabuse-c:        EV1-RIPE\n\n' >"$TMP/evil.db"
mg contact import --format ripe --source evil "$TMP/evil.db" >/dev/null
mg contact lookup 100.68.0.1 >"$TMP/evil.txt"
is "control characters in an RPSL dump: spaces in the answer" \
    "$(tr -d '\n' <"$TMP/evil.txt" | LC_ALL=C tr -d '[:print:]' | wc -c | tr -d ' '):$(mg contact lookup --json 100.68.0.1 | "$JQ" -r '.[0].answers[0] | .name + "|" + .netname')" \
    "0:Evil [31m desk|EVIL ]0;x NET  1m"
printf '\377\3761.2.3.4\n100.66.0.2\n' | mg contact lookup --json >"$TMP/bad.json"
is "a query that is not UTF-8: valid JSON, U+FFFD for its bytes, the next one answered" \
    "$("$JQ" -c '[.[] | [.query, (.answers | length)]]' "$TMP/bad.json")" \
    '[["��1.2.3.4",0],["100.66.0.2",1]]'

# An answer longer than the line the text output builds in place.
awk 'BEGIN { n = sprintf("%1500s", ""); gsub(/ /, "N", n)
	print "kind,name,email,cidr"; print "network," n ",abuse@long.example,100.64.0.0/24" }' >"$TMP/long.csv"
mg contact import --format csv --source long "$TMP/long.csv" >/dev/null
echo 100.64.0.9 | mg contact lookup >"$TMP/long.batch"
mg contact lookup 100.64.0.9 >"$TMP/long.one"
is "a 3,000-byte answer whole, in a batch as alone" \
    "$(cmp "$TMP/long.one" "$TMP/long.batch" && awk 'NR == 2 { print (length($0) > 3000 && /abuse@long.example/ && /long, row 2, /) }' "$TMP/long.batch")" 1
# LACNIC's answers: networks whose zero octets are left off
# ("100.70/16"), contacts as nic-hdl (and registro.br's nic-hdl-br)
# objects with an e-mail, the holder's name as owner.
is "LACNIC style" "$(mg contact import --format ripe "$C/lacnic.db" 2>"$TMP/err")" \
    "lacnic.db: 8 objects imported, 1 skipped"
ok "... a prefix longer than its octets is reported" \
    grep -q "lacnic.db:72: inetnum: '100/12' is not what it should be; skipped" "$TMP/err"
is "... the abbreviated network, its abuse-c's e-mail" "$(answer 100.70.9.1 network email)" abuse@ejemplo.example
is "... its range" "$(answer 100.70.9.1 network range)" 100.70.0.0/16
is "... the owner for a network's name" "$(answer 100.70.9.1 network netname)" "Ejemplo Telecomunicaciones S.A."
is "... three octets, the most specific" "$(answer 100.70.200.1 network email)" csirt@cliente.example
is "... registro.br's nic-hdl-br" "$(answer 100.71.20.1 network range)" 100.71.16.0/20
is "... its e-mail" "$(answer 100.71.20.1 network email)" cert@exemplo.example
is "... the AS number's carrier" "$(answer AS64521 carrier email)" cert@exemplo.example
# 125 digits and "/8": the padded copy would not fit its buffer (ASan)
awk 'BEGIN { n = sprintf("%125s", ""); gsub(/ /, "1", n); print "inetnum: " n "/8\n" }' >"$TMP/long.db"
is "... a network too long to pad is skipped" \
    "$(mg contact import --format ripe --source longnet "$TMP/long.db" 2>/dev/null)" \
    "longnet: 0 objects imported, 1 skipped"

done_testing

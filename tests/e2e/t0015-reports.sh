#!/bin/sh
# Structured reports: ARF (RFC 5965), X-ARF 0.2 (YAML), X-ARF 3 and 4
# (JSON, from tests/data/corpus/xarf) recognised and kept as fields;
# invalid ones stored and flagged, never refused.
. "${srcdir:-.}/tests/e2e/lib.sh"

report() { show "$1" ".messages[0].report$2"; }

is "ARF: exit 0" "$(receive "$TEST_DATA/arf.eml")" 0
is "... recognised" "$(report 1 .format)" arf
is "... its type" "$(report 1 .type)" abuse
is "... its source address" "$(report 1 .source_ip)" 192.0.2.1
is "... the reported domain" "$(report 1 .source)" example.net
is "... its time" "$(report 1 .time)" "Thu, 8 Mar 2005 14:00:00 EDT"
is "... valid" "$(report 1 .valid)" true
ok "... shown in text" sh -c '"$MAILGW" ticket show 1 | grep -q "report:   arf abuse from 192.0.2.1"'

sed -e '/^Version: 1/d' -e 's/arf-1@/arf-2@/' "$TEST_DATA/arf.eml" >"$TMP/arf-bad.eml"
is "ARF without Version: exit 0" "$(receive "$TMP/arf-bad.eml")" 0
is "... recognised, invalid" "$(report 2 .valid)" false
is "... and why" "$(report 2 .problem)" "no Version"

is "X-ARF 0.2: exit 0" "$(receive "$TEST_DATA/xarf-0.2.eml")" 0
is "... recognised" "$(report 3 .format)" x-arf-0.2
is "... type" "$(report 3 .type)" login-attack
is "... source" "$(report 3 .source_ip)" 192.0.2.66
is "... time, unquoted" "$(report 3 .time)" "2026-11-21T10:00:00+01:00"
is "... valid" "$(report 3 .valid)" true
sed -e '/^Service: /d' -e 's/^Source: .*/Source: 999.1.1.1\r/' -e 's/xarf02-1@/xarf02-2@/' \
    "$TEST_DATA/xarf-0.2.eml" >"$TMP/xarf-bad.eml"
receive "$TMP/xarf-bad.eml" >/dev/null
is "X-ARF 0.2 with a bad source and no Service: invalid, and why" "$(report 4 .problem)" \
    "Source is not an address; no Service"

# X-ARF JSON as reporters send it: a note and the report as an attachment.
wrap() {
	printf 'From: reports@reporter.example\nTo: cert@cert.example\n'
	printf 'Subject: X-ARF report %s\nMessage-ID: <%s@reporter.example>\n' "$2" "$2"
	printf 'X-XARF: PLAIN\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="xarf"\n\n--xarf\n'
	printf 'Content-Type: text/plain\n\nAn X-ARF report.\n--xarf\n'
	printf 'Content-Type: application/json\nContent-Disposition: attachment; filename="xarf.json"\n\n'
	cat "$1"
	printf '\n--xarf--\n'
}

# run_corpus GLOB: receive each; print "valid invalid unrecognised failed"
run_corpus() {
	v=0 inv=0 none=0 failed=0 i=0
	for f in $1; do
		i=$((i + 1))
		wrap "$f" "$(echo "$f" | tr '/.' '--')" >"$TMP/x.eml"
		rc=$(receive "$TMP/x.eml")
		[ "$rc" -eq 0 ] || { failed=$((failed + 1)); continue; }
		id=$(sql "SELECT max(id) FROM messages")
		r=$(sql "SELECT valid FROM structured_reports WHERE message_id = $id")
		case $r in
		1) v=$((v + 1)) ;;
		0) inv=$((inv + 1)); echo "$f: $(sql "SELECT problem FROM structured_reports WHERE message_id = $id")" >>"$TMP/invalid" ;;
		*) none=$((none + 1)); echo "$f" >>"$TMP/none" ;;
		esac
	done
	echo "$v $inv $none $failed"
}

X=$CORPUS/xarf
: >"$TMP/invalid"; : >"$TMP/none"
set -- $(run_corpus "$X/v3-abusix/positive/*/*.json")
echo "# X-ARF 3 valid samples: $1 valid, $2 flagged, $3 not recognised"
sed 's/^/#   flagged: /' "$TMP/invalid"
is "X-ARF 3: all 102 valid samples stored" "$(($1 + $2 + $3))" 102
is "... every one recognised and valid" "$1" 102

: >"$TMP/invalid"; : >"$TMP/none"
set -- $(run_corpus "$X/v4-spec/samples/v4/*.json")
is "X-ARF 4: all 32 samples recognised and valid" "$1" 32

: >"$TMP/invalid"; : >"$TMP/none"
set -- $(run_corpus "$X/v3-abusix/negative/*/*.json")
echo "# X-ARF 3 invalid samples: $2 flagged, $1 pass our structural checks, $3 not recognised"
is "X-ARF 3: all 206 invalid samples stored, none refused" "$(($1 + $2 + $3))" 206
is "... none failed" "$4" 0
for name in invalid_missing_report invalid_ip invalid_date invalid_missing_reporter \
    invalid_ports invalid_missing_report_class_report_type; do
	ok "... $name flagged" grep -q "negative/1/$name.json: " "$TMP/invalid"
done
# The indicators of a report: the fields naming the abuse, not those
# naming the reporter or the format. The ARF part's Reported-Uri,
# Reported-Domain and Original-Mail-From gave nothing (the part is no
# text a reader sees inline); X-ARF 0.2's Schema-URL and Reported-From
# gave the schema's host and the reporter's address, X-ARF 3's
# ReporterInfo and X-ARF 4's reporter and sender the reporter's domain
# and addresses.
iocs() { mg ioc extract --message "$1" | tr '\t' : | paste -sd' ' -; }
sed -e 's/example\.net/spam-sender.com/g' -e 's/mail\.example\.com/mx.isp.net/' \
    -e 's/user@example\.com/victim@isp.net/' \
    -e 's|^\(Reported-Uri: .*\)|\1\nreported-uri: <http://b.spam-sender.com/y>\nReported-Uri:\n <http://c.spam-sender.com/z>|' \
    "$TEST_DATA/arf.eml" >"$TMP/arf-real.eml"
is "ARF: the source, the sender, the domain and URIs reported (a folded one too); not the reporter's MTA, nor the recipient" \
    "$(iocs "$TMP/arf-real.eml")" \
    "ipv4:192.0.2.1 email:somespammer@spam-sender.com domain:spam-sender.com url:http://spam-sender.com/earn_money.html url:http://b.spam-sender.com/y domain:b.spam-sender.com url:http://c.spam-sender.com/z domain:c.spam-sender.com"
sed -e 's/abuse@reporter\.example/abuse@blocklist-reporter.de/' \
    "$TEST_DATA/xarf-0.2.eml" >"$TMP/xarf-real.eml"
is "X-ARF 0.2: the source; not the reporter's address, nor the schema's URL" \
    "$(iocs "$TMP/xarf-real.eml")" "ipv4:192.0.2.66"
wrap "$X/v3-abusix/positive/1/botnet_sample.json" botnet-real >"$TMP/botnet.eml"
is "X-ARF 3: the source; not the ReporterInfo's domain and addresses" \
    "$(iocs "$TMP/botnet.eml")" "ipv4:192.0.2.55"
sed -e 's/ddos-monitor\.example/ddos-monitor.com/g' \
    "$X/v4-spec/samples/v4/connection-ddos.json" >"$TMP/ddos.json"
wrap "$TMP/ddos.json" ddos-real >"$TMP/ddos.eml"
is "X-ARF 4: the source and the destination; not the reporter, nor the sender" \
    "$(iocs "$TMP/ddos.eml" | tr ' ' '\n' | grep -v '^sha256:' | paste -sd' ' -)" \
    "ipv4:192.0.2.155 ipv4:203.0.113.100"
done_testing

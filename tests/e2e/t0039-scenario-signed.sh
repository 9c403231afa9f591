#!/bin/sh
# Seed scenario (a), whole: AusCERT's PGP/MIME signed report of two
# phishing hosts in two provinces is verified as AusCERT's and opens a
# ticket; the desk's signed acknowledgement goes back; notify sends one
# signed notification to each province's carrier; one carrier replies to
# its token address, the other only by References (its mail system
# dropped the Reply-To); both replies land on the ticket and mark their
# notification replied, and AusCERT's follow-up threads in by our tag.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

P=$TMP/gnupg-others
gpg_desk_and "$P" "AusCERT <reports@auscert.example>"
AUS=$PEER
write_config "$TMP/mailgw.conf" "signing_key = $GW"
sed -i 's/^ack = no$/ack = yes/' "$TMP/mailgw.conf"
printf '[notify]\ncountry = CN\n' >>"$TMP/mailgw.conf"
mg partner add AusCERT --email reports@auscert.example --key "$AUS" \
    --ref-regex 'AUSCERT-[0-9]+' >/dev/null
{
	echo "kind,name,email,cidr,lang"
	echo "network,Example Telecom Beijing,abuse-bj@telecom.example,58.16.0.0/16,zh"
	echo "network,Example Unicom Guangdong,abuse-gd@unicom.example,59.32.0.0/13,en"
} >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
OUT=$TMP/outbox/new
# verify FILE: the fingerprint whose good signature FILE carries.
verify() {
	split_signed "$1"
	"$GPG" --homedir "$P" --batch --status-fd 1 --verify "$TMP/sig.asc" \
	    "$TMP/part" 2>/dev/null | awk '$2 == "VALIDSIG" { print $12 }'
}

printf 'From: AusCERT <reports@auscert.example>\r\nTo: cert@cert.example\r\nSubject: [AUSCERT-20261122] Phishing hosts in two provinces\r\nMessage-ID: <aus-1@auscert.example>\r\nDate: Sun, 22 Nov 2026 08:00:00 +1000\r\n' >"$TMP/h"
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nTwo hosts serve a phishing kit against an Australian bank:\r\n  58.16.3.4  (Beijing)\r\n  59.33.10.20 (Guangdong)\r\nPlease have them taken down.\r\n' >"$TMP/e"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/report.eml"
is "AusCERT's signed report: stored" "$(receive "$TMP/report.eml")" 0
is "... verified as AusCERT's, fully covered" \
    "$(show 1 '.messages[] | select(.message_id == "aus-1@auscert.example") | [.coverage, .verified_partner] | join(" ")')" \
    "full AusCERT"
is "... both hosts found, marked signed" \
    "$(sql "SELECT group_concat(value || ':' || signed, ' ') FROM (SELECT value, signed FROM iocs WHERE ticket_id = 1 ORDER BY value)")" \
    "58.16.3.4:1 59.33.10.20:1"
is "... the partner's reference kept" \
    "$(show 1 '.partner_refs | map(.ref) | join(",")' 2>/dev/null || true)" "AUSCERT-20261122"
ack=$(grep -l "^To: .*reports@auscert.example" "$OUT"/* 2>/dev/null)
ok "an acknowledgement to AusCERT, our tag and theirs" \
    grep -q '^Subject: .*\[CNCERT #1\].*AUSCERT-20261122' "$ack"
is "... signed by the desk" "$(verify "$ack")" "$GW"
rm -f "$ack"

is "notify: the two carriers" "$(mg notify 1 | cut -d';' -f2)" \
    " 2 sent, 0 failed, 0 still pending"
bj=$(grep -l "^Delivered-To: abuse-bj@telecom.example" "$OUT"/*)
gd=$(grep -l "^Delivered-To: abuse-gd@unicom.example" "$OUT"/*)
ok "Beijing's lists only its host" sh -c 'grep -q "58.16.3.4" "$0" && ! grep -q "59.33.10.20" "$0"' "$bj"
ok "Guangdong's lists only its host" sh -c 'grep -q "59.33.10.20" "$0" && ! grep -q "58.16.3.4" "$0"' "$gd"
is "Beijing's is signed by the desk" "$(verify "$bj")" "$GW"
is "Guangdong's is signed by the desk" "$(verify "$gd")" "$GW"

# Beijing replies to the Reply-To (its token address).
rt=$(sed -n 's/^Reply-To: .*<\(cert+[0-9a-f]*@cert.example\)>\r$/\1/p' "$bj")
printf 'From: abuse-bj@telecom.example\nTo: %s\nSubject: Re: your notice\nMessage-ID: <bj-1@telecom.example>\n\n58.16.3.4 is shut down.\n' "$rt" >"$TMP/bj.eml"
"$MAILGW" receive --recipient "$rt" <"$TMP/bj.eml"
is "Beijing's reply to its token address: replied" \
    "$(sql "SELECT status FROM notifications WHERE address = 'abuse-bj@telecom.example'")" replied
# Guangdong's system sends to cert@ with References only.
mid=$(sed -n 's/^Message-ID: \(.*\)\r$/\1/p' "$gd")
printf 'From: someone@elsewhere.example\nTo: cert@cert.example\nSubject: Re: notice\nMessage-ID: <x-1@elsewhere.example>\nReferences: %s\n\nForwarded to me, not mine.\n' "$mid" >"$TMP/x.eml"
receive "$TMP/x.eml" >/dev/null
is "someone else's mail referencing it: on the ticket, not a reply" \
    "$(sql "SELECT ticket_id FROM messages WHERE message_id = 'x-1@elsewhere.example'") $(sql "SELECT status FROM notifications WHERE address = 'abuse-gd@unicom.example'")" \
    "1 sent"
printf 'From: abuse-gd@unicom.example\nTo: cert@cert.example\nSubject: Re: notice\nMessage-ID: <gd-1@unicom.example>\nReferences: %s\n\nThe host is cleaned.\n' "$mid" >"$TMP/gd.eml"
receive "$TMP/gd.eml" >/dev/null
is "Guangdong's reply by References: replied" \
    "$(sql "SELECT status FROM notifications WHERE address = 'abuse-gd@unicom.example'")" replied
# The lookup behind it (store_notification_by_msgid's query) goes
# through indexes: a scan of every notification a desk ever sent, for
# each reference of each incoming message, was what it did before 0017.
is "... found through indexes, no table scanned" \
    "$(sql "EXPLAIN QUERY PLAN SELECT n.id, n.address FROM messages m JOIN outbox o ON o.message_id = m.id JOIN notifications n ON n.outbox_id = o.id WHERE m.message_id = 'x' AND m.direction = 'out'" | grep -c SCAN)" 0
is "both replies on ticket 1" \
    "$(sql "SELECT group_concat(ticket_id, ' ') FROM messages WHERE message_id IN ('bj-1@telecom.example', 'gd-1@unicom.example')")" "1 1"
is "no acknowledgement to the carriers' replies" \
    "$(grep -l -e "^To: .*abuse-bj@" -e "^To: .*abuse-gd@" "$OUT"/* | wc -l | tr -d ' ')" 2

# AusCERT follows up with our tag: the same ticket, and the desk closes it.
printf 'From: AusCERT <reports@auscert.example>\nTo: cert@cert.example\nSubject: Re: [CNCERT #1] [AUSCERT-20261122] status?\nMessage-ID: <aus-2@auscert.example>\n\nAny news?\n' >"$TMP/f.eml"
receive "$TMP/f.eml" >/dev/null
is "AusCERT's follow-up threads in by our tag" \
    "$(sql "SELECT ticket_id FROM messages WHERE message_id = 'aus-2@auscert.example'")" 1
is "ticket show --json: each notification we sent, signed, with its text" \
    "$(show 1 '[.messages[] | select(.direction == "out") | [.parts[] | .content_type + (if .text then "+text" else "" end)] | join(" ")] | unique | join(" | ")')" \
    "multipart/signed text/plain+text application/pgp-signature"
ok "ticket show: a notification's header names its recipient, not the desk" \
    sh -c '"$1" ticket show 1 >"$2" && grep -q "^  #[0-9]* to  " "$2" &&
    ! sed -n "/^  #[0-9]* to  /,/^\$/p" "$2" | grep -q "^     name:\|^     for:"' \
    sh "$MAILGW" "$TMP/show.txt"
mg ticket set 1 status=resolved >/dev/null
is "the loop closed: resolved, two notifications replied, one ticket" \
    "$(show 1 '[.status, (.notifications | map(.status) | join(","))] | join(" ")') $(sql "SELECT count(*) FROM tickets")" \
    "resolved replied,replied 1"
done_testing

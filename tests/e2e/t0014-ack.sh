#!/bin/sh
# Acknowledgements: a new ticket opened by an outside sender gets one
# reply, tagged, threaded, marked auto-replied; and every loop rule of
# invariant 5 holds, each with its own message.
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf" "ack = yes" "ack_daily_limit = 2"
OUT=$TMP/outbox/new
acks() { ls "$OUT" 2>/dev/null | wc -l | tr -d ' '; }
# The newest acknowledgement, its header and its decoded body.
last_ack() { ls -t "$OUT"/* | head -1; }
ack_header() { sed -n "/^$1:/{s/^$1: //p;q}" "$(last_ack)" | tr -d '\r'; }
n=0
# report FROM SUBJECT [HEADER LINES...]: a new report; prints its exit code
report() {
	n=$((n + 1))
	from=$1
	subject=$2
	shift 2
	{
		printf 'From: %s\nTo: cert@cert.example\nSubject: %s\nMessage-ID: <r%d@test.example>\n' "$from" "$subject" "$n"
		for h in "$@"; do printf '%s\n' "$h"; done
		printf '\nHost 192.0.2.%d is scanning.\n' "$n"
	} >"$TMP/r$n.eml"
	receive "$TMP/r$n.eml"
}

mg partner add AusCERT --email reports@auscert.example --ref-regex '\[(AUSCERT #[0-9]+)\]' >/dev/null
is "a partner's report: exit 0" "$(receive "$TEST_DATA/plain-report.eml")" 0
is "... one acknowledgement in the outbox" "$(acks)" 1
is "... to the reporter" "$(ack_header To)" '"AusCERT Incident Desk" <Reports@auscert.example>'
is "... from the desk" "$(ack_header From)" '"CNCERT incident desk" <cert@cert.example>'
is "... our tag and theirs first in the subject" "$(ack_header Subject)" \
    "[CNCERT #1] [AUSCERT #4711] Re: Phishing hosts in two provinces"
is "... In-Reply-To the report" "$(ack_header In-Reply-To)" "<4711.1.report@auscert.example>"
is "... References the report" "$(ack_header References)" "<4711.1.report@auscert.example>"
is "... Auto-Submitted: auto-replied" "$(ack_header Auto-Submitted)" auto-replied
ok "... quoted-printable UTF-8 body naming the ticket" \
    grep -q "registered it as \[CNCERT #1\]" "$(last_ack)"
is "... envelope: Return-Path is the desk" "$(ack_header Return-Path)" "<cert@cert.example>"
is "... stored on the ticket as an outgoing message" "$(show 1 '.messages[1].direction')" out
is "... with the Message-ID it was sent with" \
    "<$(show 1 '.messages[1].message_id')>" "$(ack_header Message-ID)"
is "... marked sent in the outbox" "$(sql "SELECT status FROM outbox")" sent
is "... audited" "$(sql "SELECT count(*) FROM audit WHERE action = 'ack.queued'")" 1

ackid=$(ack_header Message-ID)
printf 'From: reports@auscert.example\nSubject: Re: thanks\nMessage-ID: <thanks@auscert.example>\nIn-Reply-To: %s\n\nThanks.\n' "$ackid" >"$TMP/thanks.eml"
is "a reply to the acknowledgement" "$(receive "$TMP/thanks.eml")" 0
is "... threads into the ticket by In-Reply-To" "$(show 1 '.messages | length')" 3
is "... and is not acknowledged (no new ticket)" "$(acks)" 1

is "a Chinese report" "$(receive "$TEST_DATA/gb2312-subject.eml")" 0
is "... acknowledged" "$(acks)" 2
ok "... in Chinese (感谢 in quoted-printable UTF-8)" grep -q "=E6=84=9F=E8=B0=A2" "$(last_ack)"

# Each loop rule: a new ticket, no reply, the reason audited.
before=$(acks)
suppressed() {
	is "$1: exit 0" "$2" 0
	is "$1: no acknowledgement" "$(acks)" "$before"
	is "$1: the reason audited" "$(sql "SELECT detail FROM audit WHERE action = 'ack.suppressed' ORDER BY id DESC LIMIT 1")" "$3"
}
suppressed "Auto-Submitted: auto-replied" "$(report a1@x.example "out of office" "Auto-Submitted: auto-replied")" Auto-Submitted
suppressed "Auto-Submitted: auto-generated" "$(report a2@x.example "report" "Auto-Submitted: auto-generated; x")" Auto-Submitted
for p in bulk junk list; do
	suppressed "Precedence: $p" "$(report "p$p@x.example" "news" "Precedence: $p")" "Precedence bulk, junk or list"
done
suppressed "List-Id" "$(report l@x.example "digest" "List-Id: <abuse.lists.example>")" List-Id
suppressed "X-Auto-Response-Suppress" "$(report s@x.example "x" "X-Auto-Response-Suppress: OOF, AutoReply")" X-Auto-Response-Suppress
suppressed "empty Return-Path" "$(report rp@x.example "bounce" "Return-Path: <>")" "empty Return-Path"
n=$((n + 1)); printf 'From: es@x.example\nSubject: x\nMessage-ID: <es@x>\n\nx\n' >"$TMP/es.eml"
suppressed "empty envelope sender (--sender \"\")" "$(receive "$TMP/es.eml" --sender "")" "empty envelope sender"
n=$((n + 1)); printf 'From: es2@x.example\nSubject: x\nMessage-ID: <es2@x>\n\nx\n' >"$TMP/es2.eml"
suppressed "empty envelope sender (SENDER=)" "$(SENDER= receive "$TMP/es2.eml")" "empty envelope sender"
suppressed "MAILER-DAEMON" "$(report MAILER-DAEMON@mx.x.example "Undelivered Mail")" "sender is a mail daemon"
suppressed "postmaster" "$(report Postmaster@x.example "notice")" "sender is a mail daemon"
suppressed "our own address" "$(report cert@cert.example "loop")" "sender is this desk"
suppressed "our own address with a token" "$(report cert+abc123@CERT.example "loop")" "sender is this desk"
mg staff add zhang --email zhang@cert.example >/dev/null
suppressed "staff" "$(report zhang@cert.example "new incident")" "sender is staff"

is "Auto-Submitted: no is answered" "$(report ok@x.example "fine" "Auto-Submitted: no")" 0
is "... acknowledged" "$(acks)" $((before + 1))
before=$(acks)
is "the same sender again, a new ticket: answered (limit 2)" "$(report ok@x.example "second")" 0
is "... acknowledged" "$(acks)" $((before + 1))
before=$(acks)
suppressed "past the daily limit" "$(report ok@x.example "third")" "daily limit of automatic replies to this sender"

# Hostile text from the report never reaches a header raw.
n=$((n + 1))
printf 'From: =?utf-8?Q?Evil=0D=0ABcc=3A_victim=40x=2Eexample?= <evil@x.example>\nSubject: =?utf-8?Q?hi=0D=0ABcc=3A_victim=40x=2Eexample?=\nMessage-ID: <evil@x.example>\n\nx\n' >"$TMP/evil.eml"
is "a hostile name and subject: exit 0" "$(receive "$TMP/evil.eml")" 0
ok "... acknowledged without a forged header" sh -c '! grep -qi "^Bcc:" "$1"' sh "$(last_ack)"
ok "... the name kept, inside its header" grep -q '^To: "Evil  Bcc: victim@x.example" <evil@x.example>' "$(last_ack)"

# A broken template costs the acknowledgement, never the report.
mkdir "$TMP/notemplates"
# (the later templates line wins)
write_config "$TMP/mailgw.conf" "ack = yes" "templates = $TMP/notemplates"
before=$(acks)
mg receive <"$TEST_DATA/html-only.eml" 2>"$TMP/err"; rc=$?
is "no template: the report is still stored, exit 0" "$rc" 0
is "... no acknowledgement" "$(acks)" "$before"
ok "... and a warning says why" grep -q "no acknowledgement: template $TMP/notemplates/ack" "$TMP/err"

# A transport that cannot deliver now leaves the reply in the outbox.
write_config "$TMP/mailgw.conf" "ack = yes"
sed -i "s|^url = .*|url = maildir:$TMP/ro-outbox|" "$TMP/mailgw.conf"
mkdir "$TMP/ro-outbox" && chmod 555 "$TMP/ro-outbox"
mg receive <"$TEST_DATA/big5-body.eml" 2>"$TMP/err"; rc=$?
if [ "$(id -u)" -ne 0 ]; then
	is "outbox unwritable: the report is still stored, exit 0" "$rc" 0
	is "... the reply pending, with the error" "$(sql "SELECT status FROM outbox ORDER BY id DESC LIMIT 1")" pending
else
	is "the report is stored, exit 0" "$rc" 0
	echo "# as root the read-only outbox is writable; pending not tested here"
fi
write_config "$TMP/mailgw.conf" "ack = yes"
sed -i "s|^url = .*|url = smtp://127.0.0.1:1|" "$TMP/mailgw.conf"
sed 's/big5@twcert/big5-2@twcert/; s/釣魚網站/x/' "$TEST_DATA/big5-body.eml" | sed 's/^From: .*/From: other@twcert.example.tw/' >"$TMP/b2.eml"
mg receive <"$TMP/b2.eml" 2>"$TMP/err"; rc=$?
is "a transport this version lacks: the report is stored, exit 0" "$rc" 0
is "... the reply pending" "$(sql "SELECT status FROM outbox ORDER BY id DESC LIMIT 1")" pending
ok "... with the reason" sh -c 'test -n "$("$1" "$2" "SELECT last_error FROM outbox ORDER BY id DESC LIMIT 1")"' sh "$SQLITE3" "$DB"
done_testing

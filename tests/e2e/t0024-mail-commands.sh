#!/bin/sh
# Commands by mail: a staff member's signed reply may set a ticket's
# fields, merge it and add notes; the same lines from anyone else, or
# not covered by a good staff signature, stay text. Bad commands: none
# applied, and a signed reply says why.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

G=$TMP/gnupg
P=$TMP/gnupg-people
gpg_home "$G"
gpg_home "$P"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
ZH=$(gpg_new_key "$P" "Zhang Wei <zhang@cert.example>")
AUS=$(gpg_new_key "$P" "AusCERT <reports@auscert.example>")
gpg_copy_key "$P" "$G" "$ZH"
gpg_copy_key "$P" "$G" "$AUS"
gpg_copy_key "$G" "$P" "$GW"
write_config "$TMP/mailgw.conf" "ack = yes" "signing_key = $GW"
mg staff add zhang --email zhang@cert.example --key "$ZH" >/dev/null
mg partner add AusCERT --email reports@auscert.example --key "$AUS" >/dev/null
OUT=$TMP/outbox/new

is "a report opens ticket 1" "$(receive "$TEST_DATA/plain-report.eml")" 0
rm -f "$OUT"/*
field() {
	show "$1" "[.status, .category, .owner] | map(. // \"-\") | join(\" \")"
}
n=0
# mail FROM KEY BODY [EXTRA-HEADER]: a PGP/MIME message signed by
# KEY ("": unsigned) replying on ticket $TICKET (default 1).
mail() {
	n=$((n + 1))
	{
		printf 'From: %s\r\nTo: cert@cert.example\r\n' "$1"
		printf 'Subject: Re: [CNCERT #%s] Phishing hosts\r\n' "${TICKET:-1}"
		printf 'Message-ID: <cmd%d@test.example>\r\n' $n
		[ $# -gt 3 ] && printf '%s\r\n' "$4"
	} >"$TMP/h"
	printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' "$3" >"$TMP/e"
	if [ -n "$2" ]; then
		sign_mime "$P" "$2" "$TMP/h" "$TMP/e"
	else
		cat "$TMP/h"
		printf 'MIME-Version: 1.0\r\n'
		cat "$TMP/e"
	fi >"$TMP/m.eml"
	receive "$TMP/m.eml"
}
CMDS='status: resolved
category: phishing
owner: zhang

Thanks, both hosts are down.'

is "AusCERT's signed mail with command lines: exit 0" \
    "$(mail "AusCERT <reports@auscert.example>" "$AUS" "$CMDS")" 0
is "... applies nothing (a partner is not staff)" "$(field 1)" "new - -"
is "... and the trail says the lines were kept as text" \
    "$(sql "SELECT action FROM audit WHERE ticket_id = 1 ORDER BY id DESC LIMIT 1")" command.ignored
is "zhang's address, unsigned: nothing applied" \
    "$(mail "Zhang Wei <zhang@cert.example>" "" "$CMDS"; field 1)" "0
new - -"
mail "Zhang Wei <zhang@cert.example>" "$ZH" "$CMDS" >/dev/null
cp "$TMP/m.eml" "$TMP/zhang-signed.eml"
is "zhang's signed reply: applied" "$(field 1)" "resolved phishing zhang"
is "... audited with the key's fingerprint" \
    "$(sql "SELECT actor FROM audit WHERE ticket_id = 1 AND action = 'ticket.set' ORDER BY id LIMIT 1")" \
    "staff:zhang key:$ZH"
is "... each field" \
    "$(sql "SELECT group_concat(detail, '; ') FROM audit WHERE ticket_id = 1 AND action = 'ticket.set'")" \
    "status: new -> resolved; category: - -> phishing; owner: - -> zhang"
is "... and no reply goes out" "$(ls "$OUT" | wc -l | tr -d ' ')" 0

# Unsigned text put before zhang's signed part: not verified, not applied.
mg ticket set 1 status=open >/dev/null
{
	printf 'From: Zhang Wei <zhang@cert.example>\r\nTo: cert@cert.example\r\n'
	printf 'Subject: Re: [CNCERT #1] x\r\nMessage-ID: <wrap@test.example>\r\n'
	printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n'
	printf -- '--w\r\nContent-Type: text/plain\r\n\r\nstatus: rejected\r\n--w\r\n'
	sed -n '/^Content-Type: multipart\/signed/,/^\r$/p' "$TMP/zhang-signed.eml"
	sed '1,/^\r$/d' "$TMP/zhang-signed.eml"
	printf '\r\n--w--\r\n'
} >"$TMP/wrapped.eml"
is "unsigned command lines before zhang's signed part: exit 0" "$(receive "$TMP/wrapped.eml")" 0
is "... nothing applied" "$(show 1 .status)" open

n=$((n + 1))
{ printf 'From: Zhang Wei <zhang@cert.example>\r\nTo: cert@cert.example\r\n'
  printf 'Subject: Re: [CNCERT #1] inline\r\nMessage-ID: <inline@test.example>\r\n'
  printf 'Content-Type: text/plain\r\n\r\n'
  sign_inline "$P" "$ZH" "priority: high
comment: the registrar confirmed the takedown"; } >"$TMP/m.eml"
is "a clear-signed command block: exit 0" "$(receive "$TMP/m.eml")" 0
is "... priority set" "$(show 1 .priority)" high
is "... the comment is an internal note" "$(show 1 '.notes[-1] | .author + ": " + .text')" \
    "staff:zhang key:$ZH: the registrar confirmed the takedown"

is "comment: with the body below as the note" \
    "$(mail "Zhang Wei <zhang@cert.example>" "$ZH" "comment:
Called the carrier; they isolate 198.51.100.7 tonight.")" 0
is "... the note" "$(show 1 '.notes[-1].text')" "Called the carrier; they isolate 198.51.100.7 tonight."

# Bad commands: none applied, a signed reply lists them.
is "a bad status and an unknown command: exit 0" \
    "$(mail "Zhang Wei <zhang@cert.example>" "$ZH" "category: malware
status: done
colour: red")" 0
is "... nothing applied (category unchanged)" "$(show 1 .category)" phishing
reply=$(ls "$OUT"/* 2>/dev/null | head -n 1)
ok "... a reply to zhang" grep -q '^To: "Zhang Wei" <zhang@cert.example>' "$reply"
ok "... signed" grep -q '^Content-Type: multipart/signed; micalg=pgp-' "$reply"
ok "... naming the bad lines" sh -c 'grep -q "status: done" "$0" && grep -q "colour: red" "$0" &&
    grep -q "is not new, open, stalled, resolved or rejected" "$0"' "$reply"
ok "... and not the good one" sh -c '! grep -q "category: malware" "$0"' "$reply"
is "... audited" "$(sql "SELECT detail FROM audit WHERE action = 'command.refused'")" \
    "2 of 3 command(s) refused, none applied"
rm -f "$OUT"/*
is "bad commands in an auto-submitted mail: exit 0" \
    "$(mail "Zhang Wei <zhang@cert.example>" "$ZH" "status: done" "Auto-Submitted: auto-replied")" 0
is "... no reply (loop rules)" "$(ls "$OUT" | wc -l | tr -d ' ')" 0
ok "... which the trail says" test "$(sql "SELECT count(*) FROM audit WHERE action = 'reply.suppressed'")" -eq 1

# "Hi all:" starts no command block.
is "a greeting with a colon: exit 0" "$(mail "Zhang Wei <zhang@cert.example>" "$ZH" "Hi all:
status: rejected")" 0
is "... not commands" "$(show 1 .status)" open

# merge: this ticket into another.
is "a second report opens ticket 2" "$(receive "$TEST_DATA/8bit-headers.eml")" 0
is "merge: 1 on ticket 2: exit 0" "$(TICKET=2 mail "Zhang Wei <zhang@cert.example>" "$ZH" "merge: [CNCERT #1]")" 0
is "... ticket 2 is merged into 1" "$(show 2 .merged_into)" 1
is "merge: a ticket that does not exist: refused" \
    "$(mail "Zhang Wei <zhang@cert.example>" "$ZH" "merge: 999"; sql "SELECT detail FROM audit WHERE action = 'command.refused' ORDER BY id DESC LIMIT 1")" \
    "0
1 of 1 command(s) refused, none applied"
done_testing

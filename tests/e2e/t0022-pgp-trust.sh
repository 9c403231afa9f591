#!/bin/sh
# Who a message is from: only a good signature by a partner's recorded
# key over everything a reader sees, on mail from that partner's one
# address, makes it theirs. The attacks of the literature on mail clients
# (partial signing, MIME wrapping, identity confusion), each shown never
# to yield verified_partner.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

# Keys: the gateway's, AusCERT's, JPCERT's, a staff member's, and a
# stranger's; the gateway knows all public keys but the stranger's.
G=$TMP/gnupg
P=$TMP/gnupg-partners
gpg_home "$G"
gpg_home "$P"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
AUS=$(gpg_new_key "$P" "AusCERT <reports@auscert.example>")
JP=$(gpg_new_key "$P" "JPCERT/CC <info@jpcert.example>")
ZH=$(gpg_new_key "$P" "Zhang Wei <zhang@cert.example>")
EVE=$(gpg_new_key "$P" "Eve <reports@auscert.example>")
for k in "$AUS" "$JP" "$ZH"; do
	gpg_copy_key "$P" "$G" "$k"
done
gpg_copy_key "$G" "$P" "$GW"
mg partner add AusCERT --email reports@auscert.example --key "$AUS" >/dev/null
mg partner add "JPCERT/CC" --email info@jpcert.example --key "$JP" >/dev/null
mg staff add zhang --email zhang@cert.example --key "$ZH" >/dev/null

n=0
# header FROM SUBJECT [EXTRA-LINE]: a header block in $TMP/h.
header() {
	n=$((n + 1))
	{
		printf 'From: %s\r\nTo: cert@cert.example\r\n' "$1"
		printf 'Subject: %s\r\nMessage-ID: <t%d@test.example>\r\n' "$2" "$n"
		printf 'Date: Sun, 22 Nov 2026 08:00:00 +0000\r\n'
		[ $# -gt 2 ] && printf '%s\r\n' "$3"
	} >"$TMP/h"
}
# entity TEXT: a text/plain entity in $TMP/e.
entity() {
	printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' "$1" \
	    >"$TMP/e"
}
# verdict FILE: exit code, coverage, verified_partner, verified_staff.
verdict() {
	rc=$(receive "$1")
	printf '%s %s\n' "$rc" "$(last_message |
	    "$JQ" -r '[.coverage, .verified_partner, .verified_staff] | map(. // "-") | join(" ")')"
}

REPORT="Phishing at 198.51.100.7 (hxxp://login-bank[.]example/verify)"

# --- What verifies.
header "AusCERT <reports@auscert.example>" "Phishing report"
entity "$REPORT"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/good.eml"
is "PGP/MIME signed by AusCERT from AusCERT's address: verified" \
    "$(verdict "$TMP/good.eml")" "0 full AusCERT -"
is "... the key that decided" "$(last_message | "$JQ" -r .verified_key)" "$AUS"
is "... its indicators signed" \
    "$(sql "SELECT group_concat(signed) FROM iocs WHERE value = '198.51.100.7'")" 1
cp "$TMP/good.eml" "$TMP/good-signed.eml"

header "reports@auscert.example" "Inline signed"
{ cat "$TMP/h"; printf 'Content-Type: text/plain\r\n\r\n'; sign_inline "$P" "$AUS" "$REPORT"; } >"$TMP/m.eml"
is "one clear-signed block, nothing around it: verified" "$(verdict "$TMP/m.eml")" "0 full AusCERT -"

header "AusCERT <reports@auscert.example>" "Encrypted report"
encrypt_mime "$P" "$AUS" "$GW" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "signed and encrypted to the gateway: verified" "$(verdict "$TMP/m.eml")" "0 full AusCERT -"
is "... and encrypted" "$(last_message | "$JQ" -r '[.encrypted, .encryption] | join(" ")')" "true full"
ok "... its text decrypted and searchable" \
    test "$(sql "SELECT count(*) FROM part_text WHERE text LIKE '%login-bank%'")" -ge 2

header "Zhang Wei <zhang@cert.example>" "Re: [CNCERT #1] Phishing report"
entity "status: resolved"
sign_mime "$P" "$ZH" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a staff member's signed mail: verified staff" "$(verdict "$TMP/m.eml")" "0 full - zhang"
entity "$REPORT"

# --- What does not.
# mixed TEXT-BEFORE SIGNED-FILE TEXT-AFTER: the header of $TMP/h over a
# multipart/mixed that wraps the signed message's body between two texts.
signed_body() {
	sed '1,/^\r$/d' "$1"
}
signed_type() {
	sed -n '/^MIME-Version/,/^\r$/p' "$1" | sed '1d;/^\r$/d'
}
mixed() {
	cat "$TMP/h"
	printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="wrap"\r\n\r\n'
	if [ -n "$1" ]; then
		printf -- '--wrap\r\nContent-Type: text/plain\r\n\r\n%s\r\n' "$1"
	fi
	printf -- '--wrap\r\n'
	signed_type "$2"
	printf '\r\n'
	signed_body "$2"
	printf '\r\n'
	if [ -n "$3" ]; then
		printf -- '--wrap\r\nContent-Type: text/plain\r\n\r\n%s\r\n' "$3"
	fi
	printf -- '--wrap--\r\n'
}

header "AusCERT <reports@auscert.example>" "Prepended"
mixed "URGENT: also block 203.0.113.66" "$TMP/good-signed.eml" "" >"$TMP/m.eml"
is "unsigned text before the signed part: partial, not verified" \
    "$(verdict "$TMP/m.eml")" "0 partial - -"
is "... the good signature is still recorded" \
    "$(last_message | "$JQ" -r '.signatures[0].status')" good
is "... the injected indicator is not signed" \
    "$(sql "SELECT signed FROM iocs WHERE value = '203.0.113.66'")" 0
is "... and the reason is kept" "$(last_message | "$JQ" -r .verification)" \
    "signature coverage is partial: not everything a reader sees is signed"

header "AusCERT <reports@auscert.example>" "Appended"
mixed "" "$TMP/good-signed.eml" "P.S. and 203.0.113.67" >"$TMP/m.eml"
is "unsigned text after the signed part: not verified" "$(verdict "$TMP/m.eml")" "0 partial - -"

header "reports@auscert.example" "Inline with a postscript"
{ cat "$TMP/h"; printf 'Content-Type: text/plain\r\n\r\n'; sign_inline "$P" "$AUS" "$REPORT"
  printf '\r\nP.S. please also take down 203.0.113.68\r\n'; } >"$TMP/m.eml"
is "text after a clear-signed block: not verified" "$(verdict "$TMP/m.eml")" "0 partial - -"

header "reports@auscert.example" "Two inline blocks"
{ cat "$TMP/h"; printf 'Content-Type: text/plain\r\n\r\n'; sign_inline "$P" "$AUS" "$REPORT"
  printf '\r\n'; sign_inline "$P" "$AUS" "second"; } >"$TMP/m.eml"
is "a second clear-signed block: not verified" "$(verdict "$TMP/m.eml")" "0 partial - -"

header "reports@auscert.example" "Signed part hidden in HTML"
{ cat "$TMP/h"
  printf 'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n'
  printf -- '--alt\r\nContent-Type: text/plain\r\n\r\nBlock 203.0.113.69 now.\r\n'
  printf -- '--alt\r\nContent-Type: text/html\r\n\r\n<html><body><p>Block 203.0.113.69 now.</p><!--\r\n'
  sign_inline "$P" "$AUS" "$REPORT"
  printf -- '--></body></html>\r\n--alt--\r\n'; } >"$TMP/m.eml"
is "a signed block in an HTML comment: not verified" "$(verdict "$TMP/m.eml")" "0 partial - -"

header "reports@auscert.example" "Signed text moved into an attachment"
{ cat "$TMP/h"
  printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="att"\r\n\r\n'
  printf -- '--att\r\nContent-Type: text/plain\r\n\r\nBlock 203.0.113.70 now, see the signed report.\r\n'
  printf -- '--att\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="report.txt"\r\n\r\n'
  sign_inline "$P" "$AUS" "$REPORT"
  printf -- '--att\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="orig.eml"\r\n\r\n'
  cat "$TMP/good-signed.eml"
  printf -- '\r\n--att--\r\n'; } >"$TMP/m.eml"
is "signed text and a signed message as attachments: not verified" \
    "$(verdict "$TMP/m.eml")" "0 partial - -"

header "AusCERT <reports@auscert.example>" "Fwd: Phishing report"
{ cat "$TMP/h"
  printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="fwd"\r\n\r\n'
  printf -- '--fwd\r\nContent-Type: message/rfc822\r\n\r\n'
  cat "$TMP/good-signed.eml"
  printf -- '\r\n--fwd--\r\n'; } >"$TMP/m.eml"
is "nothing but a forwarded signed message: not verified" \
    "$(verdict "$TMP/m.eml")" "0 none - -"
is "... its signature recorded as the forwarded message's" \
    "$(last_message | "$JQ" -r '.signatures[0] | [.status, .forwarded] | join(" ")')" "good true"

n=$((n + 1))
{ printf 'From: AusCERT <reports@auscert.example>\r\nFrom: JPCERT/CC <info@jpcert.example>\r\n'
  printf 'To: cert@cert.example\r\nSubject: Two From\r\nMessage-ID: <t%d@test.example>\r\n' $n; } >"$TMP/h"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "two From header fields: not verified" "$(verdict "$TMP/m.eml")" "0 full - -"

header "reports@auscert.example, info@jpcert.example" "Two From addresses"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "two addresses in From: not verified" "$(verdict "$TMP/m.eml")" "0 full - -"

header "JPCERT/CC <reports@auscert.example>" "Display name"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a display name naming another partner: not verified" "$(verdict "$TMP/m.eml")" "0 full - -"

header "\"info@jpcert.example\" <reports@auscert.example>" "Display address"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a display name holding another address: not verified" "$(verdict "$TMP/m.eml")" "0 full - -"

header "AusCERT <reports@auscert.example>" "Sender" "Sender: info@jpcert.example"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a Sender that is not the From address: not verified" "$(verdict "$TMP/m.eml")" "0 full - -"

header "JPCERT/CC <info@jpcert.example>" "Borrowed signature"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "AusCERT's signature on mail from JPCERT's address: not verified" \
    "$(verdict "$TMP/m.eml")" "0 full - -"
is "... and why" "$(last_message | "$JQ" -r .verification)" \
    "From <info@jpcert.example> is not an address of the key's partner"

header "Eve <reports@auscert.example>" "A stranger's key"
sign_mime "$P" "$EVE" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a key the gateway does not hold, UID and From AusCERT's: not verified" \
    "$(verdict "$TMP/m.eml")" "0 none - -"
is "... unknown key" "$(last_message | "$JQ" -r '.signatures[0].status')" unknown-key
gpg_copy_key "$P" "$G" "$EVE"
sign_mime "$P" "$EVE" "$TMP/h" "$TMP/e" | sed 's/^Message-ID: <t[0-9]*/&b/' >"$TMP/m.eml"
is "... known to the keyring but recorded for nobody: not verified" \
    "$(verdict "$TMP/m.eml")" "0 full - -"
is "... good, UID matching, still nobody's" \
    "$(last_message | "$JQ" -r '.signatures[0] | [.status, .from_match] | join(" ")')" "good true"

header "AusCERT <reports@auscert.example>" "Tampered" "X-Verified-Partner: AusCERT"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" | sed 's/198\.51\.100\.7/198.51.100.8/' >"$TMP/m.eml"
is "a body changed after signing: bad, not verified" "$(verdict "$TMP/m.eml")" "0 none - -"
is "... bad" "$(last_message | "$JQ" -r '.signatures[0].status')" bad

header "AusCERT <reports@auscert.example>" "Unsigned" "X-Verified-Partner: AusCERT"
{ cat "$TMP/h"; printf '\r\nverified_partner: AusCERT\r\ncoverage: full\r\n'; } >"$TMP/m.eml"
is "unsigned mail claiming verification: not verified" "$(verdict "$TMP/m.eml")" "0 none - -"

is "only the four genuine messages are verified" \
    "$(sql "SELECT count(*) FROM messages WHERE verified_role IS NOT NULL")" 4
# --- One LMTP session: its keyring handle, and the key listings it
# keeps for a minute, serve every message; each is still judged alone.
header "AusCERT <reports@auscert.example>" "LMTP one"
entity "$REPORT"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/l1.eml"
header "AusCERT <reports@auscert.example>" "LMTP two: JPCERT's key on AusCERT's address"
sign_mime "$P" "$JP" "$TMP/h" "$TMP/e" >"$TMP/l2.eml"
header "AusCERT <reports@auscert.example>" "LMTP three"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/l3.eml"
header "JPCERT/CC <info@jpcert.example>" "LMTP four"
sign_mime "$P" "$JP" "$TMP/h" "$TMP/e" >"$TMP/l4.eml"
{
	printf 'LHLO c\r\n'
	for f in l1 l2 l3 l4; do
		printf 'MAIL FROM:<a@partner.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'
		sed 's/^\./../' "$TMP/$f.eml"
		printf '.\r\n'
	done
	printf 'QUIT\r\n'
} | mg lmtp >"$TMP/lmtp.out"
is "four signed messages in one LMTP session: all stored" \
    "$(grep -c '^250 2.0.0 <cert@cert.example> stored' "$TMP/lmtp.out")" 4
is "... each judged alone: AusCERT, not (a key that is not AusCERT's), AusCERT, JPCERT/CC" \
    "$(sql "SELECT group_concat(coalesce(verified_name, '-'), ' ') FROM (SELECT verified_name FROM messages WHERE subject LIKE 'LMTP %' ORDER BY id)")" \
    "AusCERT - AusCERT JPCERT/CC"
is "... every signature good, by the key that made it, From matching its UIDs or not" \
    "$(sql "SELECT group_concat(v, ' ') FROM (SELECT s.status || ':' || substr(s.fingerprint, 1, 8) || ':' || s.from_match AS v FROM signatures s JOIN messages m ON m.id = s.message_id WHERE m.subject LIKE 'LMTP %' ORDER BY m.id)")" \
    "good:$(echo "$AUS" | cut -c1-8):1 good:$(echo "$JP" | cut -c1-8):0 good:$(echo "$AUS" | cut -c1-8):1 good:$(echo "$JP" | cut -c1-8):1"

done_testing

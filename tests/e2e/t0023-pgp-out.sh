#!/bin/sh
# What we send is signed (RFC 3156) when a signing key is configured, and
# verifies with gpg over the bytes as delivered and with our own receive.
# When gpg cannot work, receive defers (75) and stores nothing; what is
# wrong with a message's own OpenPGP is stored as such (0).
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

P=$TMP/gnupg-partner
gpg_desk_and "$P" "AusCERT <reports@auscert.example>"
AUS=$PEER
write_config "$TMP/mailgw.conf" "ack = yes" "signing_key = $GW"
mg partner add AusCERT --email reports@auscert.example --key "$AUS" >/dev/null
OUT=$TMP/outbox/new

# --- The acknowledgement, signed.
is "a report: exit 0" "$(receive "$TEST_DATA/plain-report.eml")" 0
ack=$(ls "$OUT"/* 2>/dev/null | head -n 1)
ok "an acknowledgement was delivered" test -f "$ack"
boundary=$(sed -n 's/^ boundary="\(.*\)"\r$/\1/p' "$ack")
ok "... multipart/signed, application/pgp-signature" \
    grep -q '^ protocol="application/pgp-signature";' "$ack"
micalg=$(sed -n 's/^Content-Type: multipart\/signed; micalg=\(.*\);\r$/\1/p' "$ack")

gpg_verify() {
	"$GPG" --homedir "$P" --batch --status-fd 1 --verify "$TMP/sig.asc" \
	    "$TMP/part" 2>/dev/null
}
split_signed "$ack"
ok "gpg --verify over the bytes as delivered (CRLF): good" \
    sh -c '"$0" --homedir "$1" --batch --status-fd 1 --verify "$2/sig.asc" "$2/part" 2>/dev/null |
    grep -q "^\[GNUPG:\] GOODSIG"' "$GPG" "$P" "$TMP"
hash=$(gpg_verify | awk '$2 == "VALIDSIG" { print $10 }')
case $hash in 8) want=pgp-sha256 ;; 9) want=pgp-sha384 ;; 10) want=pgp-sha512 ;; *) want=hash-$hash ;; esac
is "... micalg names the hash used" "$micalg" "$want"
is "... by the gateway's key" "$(gpg_verify | awk '$2 == "VALIDSIG" { print $12 }')" "$GW"
# A local delivery agent stores mail with LF line ends; the signature is
# over the canonical (CRLF) form, so it still verifies once made canonical.
tr -d '\r' <"$ack" >"$TMP/lf.eml"
split_signed "$TMP/lf.eml" canon
ok "... and over the bytes an LF mailbox keeps, made canonical" \
    sh -c '"$0" --homedir "$1" --batch --status-fd 1 --verify "$2/sig.asc" "$2/part" 2>/dev/null |
    grep -q "^\[GNUPG:\] GOODSIG"' "$GPG" "$P" "$TMP"
ok "no line of the signed text starts with \"From \"" sh -c '! grep -q "^From " "$0/part"' "$TMP"
ok "the text is quoted-printable" grep -q '^Content-Transfer-Encoding: quoted-printable' "$ack"

# Our own receive, on another store that knows the gateway as a partner.
mkdir -p "$TMP/db2"
write_config "$TMP/other.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/db2/mailgw.db|" "$TMP/other.conf"
MAILGW_CONFIG=$TMP/other.conf mg partner add CNCERT --email cert@cert.example --key "$GW" >/dev/null
MAILGW_CONFIG=$TMP/other.conf "$MAILGW" receive <"$ack"
is "mailgw receives its own acknowledgement: exit 0" "$?" 0
j=$(MAILGW_CONFIG=$TMP/other.conf "$MAILGW" ticket show 1 --json | "$JQ" -c '.messages[0]')
is "... good, full, from the From address, verified" \
    "$(printf '%s' "$j" | "$JQ" -r '[.signatures[0].status, .coverage, .signatures[0].from_match, .verified_partner] | join(" ")')" \
    "good full true CNCERT"

# --- No unsigned acknowledgement when the key cannot sign.
rm -f "$OUT"/*
write_config "$TMP/mailgw.conf" "ack = yes" "signing_key = 0123456789ABCDEF0123456789ABCDEF01234567"
is "signing key not in the keyring: the report still goes in" \
    "$(receive "$TEST_DATA/8bit-headers.eml")" 0
is "... and no acknowledgement goes out" "$(ls "$OUT" | wc -l | tr -d ' ')" 0
is "... which the trail says" \
    "$(sql "SELECT detail FROM audit WHERE action = 'ack.suppressed' ORDER BY id DESC LIMIT 1")" \
    "the reply could not be signed"
write_config "$TMP/mailgw.conf" "signing_key = 01234"
mg ticket list >/dev/null 2>"$TMP/err"; rc=$?
is "a signing_key that is no fingerprint: configuration error (78)" "$rc" 78
write_config "$TMP/mailgw.conf"

# --- gpg-agent unreachable: defer, store nothing.
n0=$(count_messages)
printf 'From: reports@auscert.example\r\nTo: cert@cert.example\r\nSubject: Encrypted\r\nMessage-ID: <enc1@test.example>\r\n' >"$TMP/h"
printf 'Content-Type: text/plain\r\n\r\nInfected host 192.0.2.55\r\n' >"$TMP/e"
encrypt_mime "$P" "$AUS" "$GW" "$TMP/h" "$TMP/e" >"$TMP/enc.eml"
gpgconf --homedir "$G" --kill gpg-agent
echo "agent-program /bin/false" >>"$G/gpg.conf"
is "encrypted mail, gpg-agent unreachable: exit 75" "$(receive "$TMP/enc.eml")" 75
ok "... with one line on stderr" grep -q "^mailgw: gpg: decrypting: gpg-agent does not answer" "$TMP/stderr"
is "... and nothing stored" "$(count_messages)" "$n0"
sed -i '/^agent-program/d' "$G/gpg.conf"
is "the agent back: exit 0" "$(receive "$TMP/enc.eml")" 0
is "... decrypted and verified" \
    "$(last_message | "$JQ" -r '[.encryption, .coverage, .verified_partner] | join(" ")')" "full full AusCERT"

# --- The keyring unreadable (as a user: root reads everything).
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$TMP/nb"
	cp -R "$G" "$TMP/nb/gnupg"
	write_config "$TMP/nb.conf"
	sed -i "s|$TMP/db/mailgw.db|$TMP/nb/mailgw.db|; s|$TMP/gnupg\$|$TMP/nb/gnupg|" "$TMP/nb.conf"
	chown -R nobody:nogroup "$TMP/nb"
	chmod 000 "$TMP/nb/gnupg/pubring.kbx"
	printf 'From: a@b.example\r\nSubject: s\r\nMessage-ID: <nb1@test.example>\r\n' >"$TMP/h"
	sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" >"$TMP/nb.eml"
	as_nobody "$MAILGW" -c "$TMP/nb.conf" receive <"$TMP/nb.eml" 2>"$TMP/nb.err"
	is "signed mail, keyring unreadable: exit 75" "$?" 75
	ok "... saying why" grep -q "^mailgw: gnupghome: .*pubring.kbx: Permission denied" "$TMP/nb.err"
	is "... nothing stored" "$(as_nobody "$SQLITE3" "$TMP/nb/mailgw.db" "SELECT count(*) FROM messages" 2>/dev/null || echo 0)" 0
	chmod 600 "$TMP/nb/gnupg/pubring.kbx"
	as_nobody "$MAILGW" -c "$TMP/nb.conf" receive <"$TMP/nb.eml" 2>>"$TMP/nb.err"
	is "readable again: exit 0" "$?" 0
	gpgconf --homedir "$TMP/nb/gnupg" --kill all 2>/dev/null
fi

# --- What is wrong with the message itself is stored, exit 0.
printf 'From: reports@auscert.example\r\nSubject: Corrupt\r\nMessage-ID: <c1@test.example>\r\n' >"$TMP/h"
sign_mime "$P" "$AUS" "$TMP/h" "$TMP/e" | sed '/^-----BEGIN PGP SIGNATURE/{n;n;s/[A-Za-z]/x/g}' >"$TMP/m.eml"
is "a corrupt signature: exit 0" "$(receive "$TMP/m.eml")" 0
ok "... stored as not good" test "$(last_message | "$JQ" -r '.signatures[0].status')" != good
OTHER=$TMP/gnupg-other
gpg_home "$OTHER"
X=$(gpg_new_key "$OTHER" "Somebody <x@other.example>")
gpg_copy_key "$OTHER" "$P" "$X"
printf 'From: reports@auscert.example\r\nSubject: Not for us\r\nMessage-ID: <c2@test.example>\r\n' >"$TMP/h"
encrypt_mime "$P" "$AUS" "$X" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "a ciphertext for a key we do not hold: exit 0" "$(receive "$TMP/m.eml")" 0
is "... stored: no secret key, nothing covered" \
    "$(last_message | "$JQ" -r '[([.parts[] | select(.pgp == "ciphertext")][0].decryption), .coverage] | join(" ")')" \
    "no-secret-key none"
printf 'From: reports@auscert.example\r\nSubject: Truncated\r\nMessage-ID: <c3@test.example>\r\n' >"$TMP/h"
encrypt_mime "$P" "$AUS" "$GW" "$TMP/h" "$TMP/e" | awk '/^-----BEGIN PGP MESSAGE/ { cut = NR + 4 } !cut || NR < cut' >"$TMP/m.eml"
is "a truncated armor: exit 0" "$(receive "$TMP/m.eml")" 0
is "... stored as an error" \
    "$(last_message | "$JQ" -r '[.parts[] | select(.pgp == "ciphertext")][0].decryption')" error

# --- An encrypted attachment (report.csv.gpg, binary OpenPGP) beside a
# plain text: decrypted, named without .gpg, its text searched.
write_config "$TMP/mailgw.conf"
printf 'ip,seen\n203.0.113.77,2026-11-22\n' >"$TMP/report.csv"
"$GPG" --homedir "$P" --batch --yes --trust-model always --recipient "$GW" \
    --local-user "$AUS" --sign --encrypt -o "$TMP/report.csv.gpg" "$TMP/report.csv" 2>/dev/null
{ printf 'From: reports@auscert.example\r\nTo: cert@cert.example\r\nSubject: Hosts attached\r\n'
  printf 'Message-ID: <att1@test.example>\r\nMIME-Version: 1.0\r\n'
  printf 'Content-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\n'
  printf 'Content-Type: text/plain\r\n\r\nThe hosts are attached, encrypted.\r\n--a\r\n'
  printf 'Content-Type: application/octet-stream; name="report.csv.gpg"\r\n'
  printf 'Content-Disposition: attachment; filename="report.csv.gpg"\r\n'
  printf 'Content-Transfer-Encoding: base64\r\n\r\n'
  base64 "$TMP/report.csv.gpg" | sed 's/$/\r/'
  printf -- '--a--\r\n'; } >"$TMP/m.eml"
is "an encrypted attachment: exit 0" "$(receive "$TMP/m.eml")" 0
is "... decrypted into a part named report.csv" \
    "$(last_message | "$JQ" -r '[.parts[] | select(.decrypted)][0] | [.filename, .encrypted, .signed] | join(" ")')" \
    "report.csv true full"
is "... whose indicator is on the ticket, signed" \
    "$(sql "SELECT signed FROM iocs WHERE value = '203.0.113.77'")" 1
is "... the plain text beside it makes coverage partial" "$(last_message | "$JQ" -r .coverage)" partial

# --- An encrypted report from a verified partner: the acknowledgement
# goes back encrypted to the key that signed it, signed inside.
write_config "$TMP/mailgw.conf" "ack = yes" "signing_key = $GW"
rm -f "$OUT"/*
printf 'From: AusCERT <reports@auscert.example>\r\nTo: cert@cert.example\r\nSubject: Confidential: botnet C2\r\nMessage-ID: <enc2@test.example>\r\n' >"$TMP/h"
encrypt_mime "$P" "$AUS" "$GW" "$TMP/h" "$TMP/e" >"$TMP/m.eml"
is "an encrypted, verified report: exit 0" "$(receive "$TMP/m.eml")" 0
ack=$(ls "$OUT"/* 2>/dev/null | head -n 1)
ok "... its acknowledgement is multipart/encrypted" \
    grep -q '^ protocol="application/pgp-encrypted";' "$ack"
ok "... with nothing of the text in the clear" sh -c '! grep -q "acknowledge\|Ticket\|ticket" "$0"' "$ack"
sed -n '/^-----BEGIN PGP MESSAGE/,/^-----END PGP MESSAGE/p' "$ack" | tr -d '\r' >"$TMP/ack.asc"
"$GPG" --homedir "$P" --batch --status-fd 1 --decrypt -o "$TMP/ack.plain" "$TMP/ack.asc" \
    >"$TMP/ack.status" 2>/dev/null
ok "... AusCERT decrypts it" grep -q '^\[GNUPG:\] DECRYPTION_OKAY' "$TMP/ack.status"
ok "... and finds it signed by the gateway" grep -q "^\[GNUPG:\] VALIDSIG $GW\|^\[GNUPG:\] VALIDSIG .* $GW\$" "$TMP/ack.status"
ok "... a MIME entity holding the acknowledgement" \
    sh -c 'grep -q "^Content-Type: text/plain; charset=utf-8" "$0" && grep -q "Content-Transfer-Encoding: quoted-printable" "$0"' "$TMP/ack.plain"
done_testing

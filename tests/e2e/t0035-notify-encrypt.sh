#!/bin/sh
# A template may ask ("X-Mailgw-Encrypt: yes") for notifications to be
# encrypted to the contact's key: then those with a key get it signed
# and encrypted, the others signed; never in the clear when it cannot be.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

C=$TMP/gnupg-carrier
gpg_desk_and "$C" "Beijing abuse <abuse-bj@telecom.example>"
BJ=$PEER
cp -R "${TEMPLATES:-templates}" "$TMP/templates"
sed -i '1a X-Mailgw-Encrypt: yes' "$TMP/templates/notify-network.en"
write_config "$TMP/mailgw.conf" "signing_key = $GW" "templates = $TMP/templates"
printf 'kind,name,email,cidr,key\nnetwork,Beijing,abuse-bj@telecom.example,58.16.0.0/16,%s\nnetwork,Guangdong,abuse-gd@telecom.example,59.32.0.0/13,\n' "$BJ" >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: Hosts\nMessage-ID: <e1@test.example>\n\n58.16.3.4 and 59.33.10.20\n' >"$TMP/r.eml"
receive "$TMP/r.eml" >/dev/null
is "notify" "$(mg notify 1 | cut -d';' -f2)" " 2 sent, 0 failed, 0 still pending"
OUT=$TMP/outbox/new
bj=$(grep -l "^To: .*abuse-bj@telecom.example" "$OUT"/*)
gd=$(grep -l "^To: .*abuse-gd@telecom.example" "$OUT"/*)
ok "the contact with a key: multipart/encrypted" grep -q '^ protocol="application/pgp-encrypted";' "$bj"
ok "... nothing of the text in the clear" sh -c '! grep -q "58.16.3.4" "$0"' "$bj"
ok "... the template's request is not sent" sh -c '! grep -qi "^X-Mailgw-Encrypt" "$0"' "$bj"
sed -n '/^-----BEGIN PGP MESSAGE/,/^-----END PGP MESSAGE/p' "$bj" | tr -d '\r' >"$TMP/bj.asc"
"$GPG" --homedir "$C" --batch --status-fd 1 --decrypt -o "$TMP/bj.txt" "$TMP/bj.asc" >"$TMP/bj.status" 2>/dev/null
ok "... the carrier decrypts it" grep -q '^\[GNUPG:\] DECRYPTION_OKAY' "$TMP/bj.status"
ok "... signed by the desk inside" grep -q "^\[GNUPG:\] VALIDSIG .* $GW\$" "$TMP/bj.status"
ok "... the address in it" grep -q "58.16.3.4" "$TMP/bj.txt"
ok "the contact without a key: signed, readable" sh -c 'grep -q "^Content-Type: multipart/signed" "$0" && grep -q "^  59.33.10.20" "$0"' "$gd"
# No signing key: what the template asks to encrypt is not sent at all.
write_config "$TMP/mailgw.conf" "templates = $TMP/templates"
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: More\nMessage-ID: <e2@test.example>\n\n58.16.9.9\n' >"$TMP/r2.eml"
receive "$TMP/r2.eml" >/dev/null
mg notify 2 >/dev/null 2>&1
is "no signing key: failed, not sent in the clear" \
    "$(sql "SELECT status || ': ' || last_error FROM notifications WHERE ticket_id = 2")" \
    "failed: the template asks for encryption, and no signing_key is set to sign it"
done_testing

#!/bin/sh
# Every case of KDE mimetreeparser's EXPECTED.md, received with its test
# keyring as the gateway's and asserted on ticket show --json.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

gpg_kde_home "$TMP/gnupg"
KDE=$CORPUS/kde-mimetreeparser/testdata
UNIT=1BA323932B3FAA826132C79E8D9860C58F246DE6

# expect FILE DESCRIPTION JQ-PREDICATE: FILE received (exit 0), and the
# predicate holds on its message's JSON.
expect() {
	rc=$(receive "$KDE/$1")
	json=$(last_message)
	if [ "$rc" = 0 ] &&
	    [ "$(printf '%s' "$json" | "$JQ" -r "$3")" = true ]; then
		is "$1: $2" ok ok
	else
		is "$1: $2" "exit $rc: $json" "$3"
	fi
}

expect openpgp-inline-signed.mbox "unsigned text before a good clear-signed block: partial" \
    ".coverage == \"partial\" and .signatures[0].status == \"good\" and
     .signatures[0].fingerprint == \"$UNIT\" and .signatures[0].carrier == \"inline\" and
     .parts[0].signed == \"partial\""
expect openpgp-inline-signed-broken.mbox "a changed clear-signed text: bad" \
    '.coverage == "none" and .signatures[0].status == "bad"'
expect openpgp-inline-signed-broken2.mbox "a block mangled by its transfer encoding: not good" \
    '.coverage == "none" and (.signatures | length) == 1 and .signatures[0].status != "good"'
expect openpgp-signed-sender-mismatch.mbox "good, but no UID is the From address" \
    ".coverage == \"full\" and .signatures[0].status == \"good\" and
     .signatures[0].from_match == false and .verified_partner == null"
expect openpgp-encrypted+signed.mbox "encrypted and signed in one: full, good" \
    ".encrypted and .encryption == \"full\" and .coverage == \"full\" and
     .signatures[0].status == \"good\" and .signatures[0].carrier == \"encrypted\" and
     .signatures[0].fingerprint == \"$UNIT\" and
     ([.parts[] | select(.content)] | all(.encrypted and .signed == \"full\"))"
expect openpgp-multipart-embedded-signed.mbox "encrypted, signed by a key not in the keyring" \
    '.encryption == "full" and .signatures[0].status == "unknown-key" and .coverage == "none"'
expect openpgp-encrypted-signed-thunderbird.mbox "encrypted, signed; the attached key is a key" \
    ".encryption == \"full\" and .coverage == \"full\" and .signatures[0].status == \"good\" and
     ([.parts[] | select(.pgp == \"key\")] | length == 1 and all(.encrypted and .signed == \"full\"))"
expect openpgp-encrypted-attachment-and-non-encrypted-attachment.mbox \
    "the attachment beside the encrypted body is neither: partial" \
    '.encryption == "partial" and .coverage == "partial" and .signatures[0].status == "good" and
     ([.parts[] | select(.content_type == "image/png")][0] | .encrypted == false and .signed == "none") and
     ([.parts[] | select(.content and .encrypted)] | length == 2 and all(.signed == "full"))'
expect openpgp-inline-encrypted+nonenc.mbox "plain, encrypted, plain, encrypted and signed, plain" \
    '.encryption == "partial" and .coverage == "partial" and
     ([.parts[] | select(.decrypted)] | length == 2 and .[0].signed == "none" and .[1].signed == "full") and
     ([.parts[] | select(.decrypted | not)][0] | .content and .encrypted == false and .decryption == "decrypted") and
     .signatures[0].status == "good" and .signatures[0].part == "1.2"'
expect multipart-mixed-alternative-inline-pgp.mbox "inline PGP in an alternative: its block decrypted, the text around it not" \
    '.encryption == "partial" and
     ([.parts[] | select(.path == "1.1.1.1")][0] | .encrypted == false and .decryption == "decrypted") and
     ([.parts[] | select(.decrypted)] | length == 1 and all(.encrypted))'
expect openpgp-encrypted-ambiguous-mime.mbox "mangled by Exchange, still found encrypted" \
    '([.parts[] | select(.pgp == "ciphertext")][0].decryption == "decrypted") and
     ([.parts[] | select(.decrypted and .content)] | length == 3)'
expect smime-encrypted-ambiguous-mime.mbox "S/MIME: stored, no coverage" \
    '.coverage == "none" and (.signatures | length) == 0'
# EXPECTED.md calls its body signed; the file holds no signature: an
# alternative (text and HTML) and the list's footer beside it.
expect text+html-maillinglist.mbox "an alternative and a list footer, no signature" \
    '([.parts[] | select(.content)] | map(.path) == ["1.1.1", "1.1.2", "1.2"]) and
     .coverage == "none" and (.signatures | length) == 0'
for f in openpgp-signed-mailinglist.mbox openpgp-signed-mailinglist+additional-children.mbox \
    openpgp-signed-no-protocol.mbox openpgp-signed-base64-mailman-footer.mbox; do
	expect $f "signed by a key not in the keyring" \
	    '.signatures[0].status == "unknown-key" and .coverage == "none" and
	     (.signatures[0].fingerprint | test("^(D6B72EB1A7F1DB43|7F96CCD64D12D247)$"))'
done
expect openpgp-signed-mailinglist+old.mbox "a signature in a digest's text: cannot be checked" \
    '.signatures[0].status == "error" and .coverage == "none"'
expect openpgp-signed-two-attachments.mbox "good over the body and both attachments" \
    ".coverage == \"full\" and .signatures[0].status == \"good\" and
     .signatures[0].fingerprint == \"$UNIT\" and ([.parts[] | select(.content)] | length == 3)"
# Their boundaries were rewritten by hand ("level1-boundary",
# "Apple-Mail=_12345678-1234-..."): the signed bytes are not the signed
# bytes any more, and gpg says so too.
for f in openpgp-signed-apple.mbox openpgp-signed-and-unsigned-attachments-and-parts.mbox; do
	expect $f "a hand-edited signed part: bad" \
	    '.signatures[0].status == "bad" and .coverage == "none"'
done
for f in "$KDE"/smime-*.mbox; do
	expect "${f##*/}" "S/MIME is not checked: stored, coverage none" \
	    '.coverage == "none" and (.signatures | length) == 0'
done

# What was decrypted is kept, its text searchable like any other.
ok "decrypted text is stored and found" \
    test "$(sql "SELECT count(*) FROM part_text WHERE text LIKE '%encrypted message text%'")" -ge 1
is "the plaintext of every layer is kept" \
    "$(sql "SELECT count(*) FROM layers WHERE length(raw) = 0")" 0
is "no layer part keeps its text in the raw message" \
    "$(sql "SELECT count(*) FROM parts WHERE layer_id IS NOT NULL AND text_in_raw")" 0
ok "ticket show (text) names the signer" \
    sh -c '"$MAILGW" ticket show 1 | grep -q "signed:   part 1, good by '$UNIT'"'

# Every PGP message of the corpus goes in with exit 0.
bad=0
for f in "$KDE"/*pgp*.mbox "$KDE"/crlf*.mbox "$KDE"/*forward*.mbox; do
	[ "$(receive "$f")" = 0 ] || { echo "# $f"; bad=$((bad + 1)); }
done
is "every OpenPGP message of the corpus: exit 0" "$bad" 0
done_testing

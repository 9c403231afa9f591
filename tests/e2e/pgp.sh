# pgp.sh: OpenPGP helpers for the end-to-end tests, sourced after lib.sh.
# Every GnuPG home lives under $TMP and its agent is stopped on exit.

: "${GPG:=gpg}"
command -v "$GPG" >/dev/null 2>&1 || skip_all "gpg not installed"
command -v gpgconf >/dev/null 2>&1 || skip_all "gpgconf not installed"

trap 'for h in "$TMP"/gnupg*; do [ -d "$h" ] &&
    gpgconf --homedir "$h" --kill all 2>/dev/null; done
    chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# gpg_home DIR: a fresh, private GnuPG home.
gpg_home() {
	mkdir -p "$1"
	chmod 700 "$1"
	echo "pinentry-mode loopback" >"$1/gpg.conf"
}

# gpg_kde_home DIR: KDE mimetreeparser's test keyring (keys without
# passphrase; the unit test key is 1BA323932B3FAA826132C79E8D9860C58F246DE6).
gpg_kde_home() {
	cp -R "$CORPUS/kde-mimetreeparser/gnupg_home" "$1"
	chmod -R u+w "$1"
	chmod 700 "$1"
	# Make gpg 2 migrate the secret keys now, quietly.
	"$GPG" --homedir "$1" --batch --list-secret-keys >/dev/null 2>&1
}

# gpg_new_key HOME "Name <addr>": a new signing and encryption key without
# passphrase; prints its fingerprint.
gpg_new_key() {
	"$GPG" --homedir "$1" --batch --passphrase '' \
	    --quick-gen-key "$2" ed25519 sign never 2>/dev/null
	fpr=$("$GPG" --homedir "$1" --with-colons --list-keys "$2" 2>/dev/null |
	    awk -F: '/^fpr/ { print $10; exit }')
	"$GPG" --homedir "$1" --batch --passphrase '' \
	    --quick-add-key "$fpr" cv25519 encr never 2>/dev/null
	echo "$fpr"
}

# gpg_desk_and HOME "Name <addr>": the gateway's key in $G ($TMP/gnupg,
# the configuration's gnupghome), fingerprint $GW, and another party's
# in HOME, fingerprint $PEER, each home with the other's public key.
gpg_desk_and() {
	G=$TMP/gnupg
	gpg_home "$G"
	gpg_home "$1"
	GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
	PEER=$(gpg_new_key "$1" "$2")
	gpg_copy_key "$1" "$G" "$PEER"
	gpg_copy_key "$G" "$1" "$GW"
}

# gpg_copy_key FROM TO FPR: FPR's public key, from one home to another.
gpg_copy_key() {
	"$GPG" --homedir "$1" --export "$3" | "$GPG" --homedir "$2" --batch \
	    --import 2>/dev/null
}

# crlf: line ends to CRLF, the final line end dropped (it belongs to the
# boundary that follows the signed part).
crlf() {
	awk 'NR > 1 { printf "\r\n" } { sub(/\r$/, ""); printf "%s", $0 }'
}

# sign_mime HOME FPR HEADER ENTITY: a multipart/signed message (RFC 3156)
# with the header fields in the file HEADER around the MIME entity in the
# file ENTITY, signed by FPR.
sign_mime() {
	crlf <"$4" >"$TMP/signed.part"
	"$GPG" --homedir "$1" --batch --yes --armor --local-user "$2" \
	    --digest-algo SHA256 --detach-sign -o "$TMP/signed.asc" \
	    "$TMP/signed.part" 2>/dev/null
	cat "$3"
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: multipart/signed; micalg=pgp-sha256;\r\n'
	printf ' protocol="application/pgp-signature"; boundary="sig42"\r\n\r\n'
	printf -- '--sig42\r\n'
	cat "$TMP/signed.part"
	printf '\r\n--sig42\r\nContent-Type: application/pgp-signature\r\n\r\n'
	crlf <"$TMP/signed.asc"
	printf '\r\n--sig42--\r\n'
}

# sign_inline HOME FPR TEXT: TEXT clear-signed by FPR.
sign_inline() {
	printf '%s\n' "$3" | "$GPG" --homedir "$1" --batch --armor \
	    --local-user "$2" --clearsign 2>/dev/null
}

# encrypt_mime HOME FROM_FPR TO_FPR HEADER ENTITY: a multipart/encrypted
# message, signed and encrypted in one (RFC 3156 section 6.2).
encrypt_mime() {
	"$GPG" --homedir "$1" --batch --yes --armor --trust-model always \
	    --local-user "$2" --recipient "$3" --sign --encrypt \
	    -o "$TMP/enc.asc" "$5" 2>/dev/null
	cat "$4"
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: multipart/encrypted;\r\n'
	printf ' protocol="application/pgp-encrypted"; boundary="enc42"\r\n\r\n'
	printf -- '--enc42\r\nContent-Type: application/pgp-encrypted\r\n\r\n'
	printf 'Version: 1\r\n\r\n--enc42\r\n'
	printf 'Content-Type: application/octet-stream\r\n\r\n'
	crlf <"$TMP/enc.asc"
	printf '\r\n--enc42--\r\n'
}

# split_signed FILE [canon]: of a multipart/signed message, the signed
# part (line ends as in FILE, or CRLF with canon; up to the line end
# before the boundary, which belongs to the boundary) to $TMP/part, the
# signature to $TMP/sig.asc.
split_signed() {
	boundary=$(sed -n 's/^ boundary="\(.*\)"\r\{0,1\}$/\1/p' "$1" | head -n 1)
	awk -v b="--$boundary" -v part="$TMP/part" -v sig="$TMP/sig.asc" \
	    -v canon="${2:-}" '
	    { line = $0; sub(/\r$/, "", line) }
	    line == b || line == b "--" {
		if (n == 1 && have)
			printf "%s", prev_line > part
		n++
		have = 0
		next
	    }
	    n == 1 {
		if (have && canon)
			printf "%s\r\n", prev_line > part
		else if (have)
			printf "%s\n", prev > part
		prev = $0
		prev_line = line
		have = 1
	    }
	    n == 2 { print line > sig }' "$1"
}
# last_message: ticket show --json's object for the newest message.
last_message() {
	id=$(sql "SELECT max(id) FROM messages")
	t=$(sql "SELECT ticket_id FROM messages WHERE id = $id")
	"$MAILGW" ticket show "$t" --json |
	    "$JQ" -c ".messages[] | select(.id == $id)"
}

# notification_signed_by HOME FPR FILE: the PGP/MIME signed message in
# FILE (as the maildir transport wrote it) verifies, over the exact bytes
# of its first part in CRLF form, as signed by FPR.
notification_signed_by() {
	tr -d '\r' <"$3" | awk '/^--=_mailgw_signed/ { k++; next } k == 1' |
	    awk 'NR > 1 { printf "\r\n" } { printf "%s", $0 }' >"$TMP/signed.part"
	sed -n '/^-----BEGIN PGP SIGNATURE/,/^-----END PGP SIGNATURE/p' "$3" |
	    tr -d '\r' >"$TMP/signed.asc"
	"$GPG" --homedir "$1" --batch --status-fd 1 --verify "$TMP/signed.asc" \
	    "$TMP/signed.part" 2>/dev/null | grep -q "VALIDSIG $2"
}

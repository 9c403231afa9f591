#!/bin/sh
# demo.sh: install what is missing, build mailgw, install it under
# _build/demo/inst (nothing goes to the system's directories), and run it
# there on its embedded defaults, without a configuration file: reports
# go in (one a zipped CSV scan report, one an Excel workbook, one typed
# in full width), tickets come out,
# acknowledgements land in the maildir outbox, and a reply carrying the
# ticket's tag threads back. Then, with a
# configuration naming the desk's signing key (made here): a partner's
# PGP/MIME signed report is verified, its indicators found, their
# contacts resolved from imported data, signed notifications go to the
# outbox, and a carrier's reply finds its notification by its token.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/deps.sh"
install_missing

inst=$top/_build/demo/inst
echo "== building mailgw and installing it under $inst"
autoreconf -fi >/dev/null
mkdir -p _build/demo
(cd _build/demo && "$top/configure" -q --prefix="$inst" &&
    make -s -j"$(nproc)" >/dev/null && make -s install >/dev/null)
mailgw=$inst/bin/mailgw
unset MAILGW_CONFIG
if [ "$(id -u)" -eq 0 ]; then
	state=$inst/var/lib/mailgw
else
	state=${XDG_STATE_HOME:-$HOME/.local/state}/mailgw
fi
outbox=$state/outbox/new

say() { printf '\n== %s\n' "$*"; }
before=$(ls "$outbox" 2>/dev/null | wc -l)

say "AusCERT's report arrives on stdin, as the MTA pipes it"
sed -n '/^From:/,/^Message-ID:/p' tests/data/plain-report.eml | tr -d '\r'
"$mailgw" -v receive --recipient cert@localhost <tests/data/plain-report.eml

id=$("$mailgw" ticket list --json | jq -r \
    '[.[] | select(.subject | test("two provinces"))][0].id')
tag=$("$mailgw" ticket show "$id" --json | jq -r .tag)
say "it is ticket $tag"
"$mailgw" ticket show "$id"

say "the reporter's acknowledgement, in the maildir outbox ($outbox)"
if [ "$(ls "$outbox" 2>/dev/null | wc -l)" -gt "$before" ]; then
	ack=$(ls -t "$outbox" | head -1)
	sed -n '/^From:/p; /^To:/p; /^Subject:/p; /^In-Reply-To:/p; /^Auto-Submitted:/p' \
	    "$outbox/$ack" | tr -d '\r'
else
	echo "(none new: this report was acknowledged in an earlier run)"
fi

# show_report FILE SUBJECT-REGEX JQ-FILTER: receive FILE, then show its
# ticket (the newest whose subject matches) through the filter.
show_report() {
	"$mailgw" -v receive <"$1"
	_id=$("$mailgw" ticket list --json |
	    jq -r --arg re "$2" '[.[] | select(.subject | test($re))][0].id')
	"$mailgw" ticket show "$_id" --json | jq -c "$3"
}
rows='{tag, subject, attachment: .messages[0].attachments[0].filename,
    iocs: [.iocs[] | {value, seen: [(.rows // [])[].seen]}]}'

say "a bank reports a counterfeit site in Chinese (GBK bytes labelled gb2312)"
show_report tests/data/gb18030-body-labelled-gb2312.eml "^仿冒银行网站$" \
    '{tag, subject, from: .messages[0].from_name,
    text: .messages[0].parts[0].kind}'

say "a scan feed's daily report arrives zipped, as Windows sends it: the CSV inside is read, its rows kept"
show_report tests/data/zip-csv-report.eml "memcached report" "$rows"

say "a province's desk sends its list of hosts as an Excel workbook: its rows kept like a CSV report's"
show_report tests/data/xlsx-report.eml "^受害主机列表$" "$rows"

say "a report typed in full width, its hosts written against Chinese words (２０３．０．１１３．５５, 地址198.51.100.23, http：//phish-bank。com)"
show_report tests/data/cjk-fullwidth.eml "通报" '{tag, subject,
    iocs: [.iocs[] | .value]}'

say "the carrier replies with \"Re: $tag\" in a GB2312-encoded subject"
reply=$(mktemp)
trap 'rm -f "$reply"' EXIT
printf 'From: =?gb2312?B?1dTBwQ==?= <noc@carrier.example.cn>\nTo: cert@localhost\nSubject: Re: %s =?gb2312?B?0tG0psDt?=\nMessage-ID: <demo-reply-%s@carrier.example.cn>\n\nBoth hosts are isolated.\n' \
    "$tag" "$(date +%s)" >"$reply"
"$mailgw" -v receive <"$reply"

say "the same report delivered again is stored once"
"$mailgw" -v receive <tests/data/plain-report.eml

say "and once more over LMTP, as Postfix's lmtp client would hand it over (mailgw lmtp): still once"
{ printf 'LHLO mx.localhost\r\nMAIL FROM:<reports@auscert.example>\r\n'
  printf 'RCPT TO:<cert@localhost>\r\nDATA\r\n'
  sed 's/^\./../' tests/data/plain-report.eml; printf '.\r\nQUIT\r\n'; } |
    "$mailgw" lmtp | tr -d '\r'

say "ticket $tag now holds the thread"
"$mailgw" ticket show "$id" --json | jq '{tag, status, subject,
    messages: [.messages[] | {direction, from, from_name, subject}]}'

say "all tickets"
"$mailgw" ticket list

# ---- OpenPGP, contacts, notifications ----------------------------------
# The desk now signs what it sends: a configuration naming its key. The
# gateway's keyring is the default one ($state/gnupg); AusCERT's key is
# made here in a keyring of its own, as a partner would have it.
gw_home=$state/gnupg
aus_home=$state/demo-auscert-gnupg
mkdir -p "$gw_home" "$aus_home"
chmod 700 "$gw_home" "$aus_home"
newkey() {
	if ! gpg --homedir "$1" --list-secret-keys "$2" >/dev/null 2>&1; then
		gpg --homedir "$1" --batch --passphrase '' --quick-gen-key "$2" \
		    ed25519 sign never 2>/dev/null
		f=$(gpg --homedir "$1" --with-colons --list-keys "$2" 2>/dev/null |
		    awk -F: '/^fpr/ { print $10; exit }')
		gpg --homedir "$1" --batch --passphrase '' --quick-add-key "$f" \
		    cv25519 encr never 2>/dev/null
	fi
	gpg --homedir "$1" --with-colons --list-keys "$2" 2>/dev/null |
	    awk -F: '/^fpr/ { print $10; exit }'
}
gw=$(newkey "$gw_home" "CERT desk <cert@localhost>")
aus=$(newkey "$aus_home" "AusCERT <reports@auscert.example>")
gpg --homedir "$aus_home" --export "$aus" | gpg --homedir "$gw_home" --batch --import 2>/dev/null
gpg --homedir "$gw_home" --export "$gw" | gpg --homedir "$aus_home" --batch --import 2>/dev/null
conf=$state/demo.conf
cat >"$conf" <<CONF
[gateway]
address = cert@localhost
database = $state/mailgw.db
gnupghome = $gw_home
signing_key = $gw
[notify]
country = CN
[transport]
url = maildir:$state/outbox
CONF
export MAILGW_CONFIG="$conf"

say "AusCERT is a partner with its key; carriers and CERTs are contacts"
"$mailgw" partner add AusCERT --email reports@auscert.example --key "$aus"
contacts=$(mktemp -d)
trap 'rm -f "$reply"; rm -rf "$contacts"' EXIT
cat >"$contacts/networks.csv" <<'CSV'
kind,name,email,cidr,lang
network,Example Telecom Beijing,abuse-bj@telecom.example,58.16.0.0/16,zh
network,Example Telecom Guangdong,abuse-gd@telecom.example,59.32.0.0/13,zh
CSV
printf 'kind,name,email,country,lang\nnational-cert,JPCERT/CC,info@jpcert.example,JP,en\n' >"$contacts/certs.csv"
printf 'apnic|CN|ipv4|58.16.0.0|65536|20050101|allocated\napnic|CN|ipv4|59.32.0.0|524288|20050101|allocated\napnic|JP|ipv4|133.0.0.0|16777216|19970101|allocated\n' >"$contacts/delegated.txt"
"$mailgw" contact import --format csv "$contacts/networks.csv"
"$mailgw" contact import --format csv "$contacts/certs.csv"
"$mailgw" contact import --format delegated "$contacts/delegated.txt"
"$mailgw" contact lookup 58.16.3.4 133.1.2.3

say "AusCERT sends a PGP/MIME signed report: two hosts in two provinces, one in Japan"
n=$(date +%s)
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nPhishing kits at 58.16.3.4 and 59.33.10.20, reflector at 133.1.2.3.\r\n' >"$contacts/part"
gpg --homedir "$aus_home" --batch --yes --armor --local-user "$aus" --detach-sign \
    -o "$contacts/part.asc" "$contacts/part" 2>/dev/null
{
	printf 'From: AusCERT <reports@auscert.example>\r\nTo: cert@localhost\r\n'
	printf 'Subject: [AUSCERT #%s] Phishing hosts\r\nMessage-ID: <signed-%s@auscert.example>\r\n' "$n" "$n"
	printf 'MIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=pgp-sha512;\r\n'
	printf ' protocol="application/pgp-signature"; boundary="sig"\r\n\r\n--sig\r\n'
	cat "$contacts/part"
	printf '\r\n--sig\r\nContent-Type: application/pgp-signature\r\n\r\n'
	sed 's/$/\r/' "$contacts/part.asc"
	printf '\r\n--sig--\r\n'
} >"$contacts/signed.eml"
"$mailgw" -v receive --recipient cert@localhost <"$contacts/signed.eml"
sid=$("$mailgw" ticket list --json | jq -r '.[0].id')
"$mailgw" ticket show "$sid" --json | jq '{tag, verified_partner: .messages[0].verified_partner,
    coverage: .messages[0].coverage, signature: .messages[0].signatures[0] | {status, fingerprint, uid},
    iocs: [.iocs[] | {value, signed, notifiable}]}'

say "notify: one signed message per responsible contact (dry run first)"
"$mailgw" notify "$sid" --dry-run | sed -n '1,/^The first message/p'
"$mailgw" notify "$sid"
if [ "$("$mailgw" ticket show "$sid" --json | jq '.notifications | length')" -eq 0 ]; then
	echo "(these contacts were told of these addresses in an earlier run," \
	    "within [notify] interval: nothing new)"
	exit 0
fi
note=$(grep -l "^To: .*abuse-bj@telecom.example" $(ls -t "$outbox"/* | head -n 3) | head -n 1)
sed -n '/^Return-Path:/p; /^To:/p; /^Reply-To:/p; /^Content-Type: multipart/p' "$note" | tr -d '\r'

say "the carrier answers to the address in Reply-To"
token=$(sed -n 's/^Reply-To: .*<cert+\([0-9a-f]*\)@localhost>.*/\1/p' "$note" | tr -d '\r')
printf 'From: abuse-bj@telecom.example\nTo: cert@localhost\nSubject: RE: your report\nMessage-ID: <demo-bj-%s@telecom.example>\n\nHost 58.16.3.4 isolated.\n' "$n" >"$reply"
"$mailgw" -v receive --recipient "cert+$token@localhost" <"$reply"
"$mailgw" ticket show "$sid" --json | jq '[.notifications[] | {address, template, status}]'

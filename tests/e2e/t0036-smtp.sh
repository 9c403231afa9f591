#!/bin/sh
# The smtp:// transport against a real SMTP server (aiosmtpd) on
# 127.0.0.1: STARTTLS required and the certificate verified (CA and host
# name), AUTH only inside TLS, the message arriving byte for byte with
# its signature intact; 4xx leaves a notification pending, 5xx fails it
# with the server's words; no TLS offered, an untrusted certificate or a
# refused login never sends anything. smtps:// speaks TLS from the start.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

PY=/usr/bin/python3
"$PY" -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd not installed (scripts/deps.sh installs it)"
command -v openssl >/dev/null 2>&1 || skip_all "openssl not installed"

# A CA of our own and a certificate it signed for "localhost" only.
cd "$TMP" || exit 99
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout ca.key -out ca.pem -days 2 -subj "/CN=mailgw test CA" \
    2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout srv.key -out srv.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost\n' >srv.ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out srv.pem -days 2 -extfile srv.ext 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout other.key -out other.pem -days 2 -subj "/CN=other CA" 2>/dev/null
cd - >/dev/null || exit 99
printf 's3cret pass\n' >"$TMP/pw"
chmod 600 "$TMP/pw"

pids=
# serve NAME ARGS...: an SMTP server in $TMP/NAME; its port in $port.
serve() {
	name=$1
	shift
	"$PY" "${srcdir:-.}/tests/e2e/smtpd.py" --dir "$TMP/$name" \
	    --cert "$TMP/srv.pem" --key "$TMP/srv.key" "$@" \
	    >"$TMP/$name.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ ! -s "$TMP/$name/port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(cat "$TMP/$name/port")
}
trap 'kill $pids 2>/dev/null; chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

serve main --tls starttls --user relay --password "s3cret pass"
main=$port
G=$TMP/gnupg
P=$TMP/gnupg-carrier
gpg_home "$G"
gpg_home "$P"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
gpg_copy_key "$G" "$P" "$GW"
smtp_config() {
	write_config "$TMP/mailgw.conf" "signing_key = $GW"
	sed -i "s|^url = .*|url = $1|" "$TMP/mailgw.conf"
	shift
	for line in "$@"; do
		echo "$line" >>"$TMP/mailgw.conf"
	done
}
smtp_config "smtp://localhost:$main" "ca_file = $TMP/ca.pem" \
    "user = relay" "password_file = $TMP/pw"
{
	echo "kind,name,email,cidr"
	echo "network,Example Telecom,abuse@telecom.example,58.16.0.0/16"
	echo "network,Gone Telecom,reject@gone.example,59.32.0.0/16"
	echo "network,Busy Telecom,later@busy.example,60.1.0.0/16"
	echo "network,Filtered Telecom,spam@filtered.example,61.1.0.0/16"
} >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
report() {	# report N HOST: ticket N, reporting HOST
	printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: Host %s\nMessage-ID: <smtp%s@test.example>\n\nInfected: %s\n' \
	    "$2" "$1" "$2" >"$TMP/r$1.eml"
	receive "$TMP/r$1.eml" >/dev/null
}

report 1 58.16.1.1
is "notify through SMTP: sent" "$(mg notify 1 2>"$TMP/err" | cut -d';' -f2)" \
    " 1 sent, 0 failed, 0 still pending"
M=$TMP/main/mail
token=$(sql "SELECT token FROM notifications WHERE ticket_id = 1")
is "the envelope: our token address to the contact, inside TLS, logged in" \
    "$(tr '\n' ' ' <"$M/1.env")" \
    "from cert+$token@cert.example rcpt abuse@telecom.example tls yes auth relay "
sql "SELECT writefile('$TMP/stored.eml', m.raw) FROM messages m
    JOIN outbox o ON o.message_id = m.id
    JOIN notifications n ON n.outbox_id = o.id WHERE n.ticket_id = 1" >/dev/null
ok "the message arrives byte for byte as stored" cmp -s "$TMP/stored.eml" "$M/1.eml"
split_signed "$M/1.eml"
ok "... and its signature verifies with gpg" sh -c \
    '"$0" --homedir "$1" --batch --status-fd 1 --verify "$2/sig.asc" "$2/part" 2>/dev/null |
    grep -q "^\[GNUPG:\] VALIDSIG .* $3\$"' "$GPG" "$P" "$TMP" "$GW"

report 2 59.32.1.1
mg notify 2 >/dev/null 2>&1
is "550 to RCPT: failed, with the server's words" \
    "$(sql "SELECT status || ': ' || last_error FROM notifications WHERE ticket_id = 2")" \
    "failed: smtp: exit 67: localhost: RCPT TO:<reject@gone.example>: 550 5.1.1 <reject@gone.example>: no such mailbox here"
report 3 61.1.1.1
mg notify 3 >/dev/null 2>&1
is "554 after DATA: failed" \
    "$(sql "SELECT status || ': ' || last_error FROM notifications WHERE ticket_id = 3")" \
    "failed: smtp: exit 65: localhost: message refused: 554 5.7.1 message refused as spam"
report 4 60.1.1.1
is "451 to RCPT: pending" "$(mg notify 4 2>"$TMP/err" | cut -d';' -f2)" \
    " 0 sent, 0 failed, 1 still pending"
ok "... saying why" grep -q "451 4.3.0 <later@busy.example>: mailbox busy" "$TMP/err"
is "nothing but the first message reached the server" "$(ls "$M" | grep -c '\.eml$')" 1

# What must never send: each stays pending, and the server sees nothing.
report 5 58.16.2.2
notify5() { mg notify 5 2>"$TMP/err" | cut -d';' -f2; }
smtp_config "smtp://localhost:$main" "ca_file = $TMP/other.pem" \
    "user = relay" "password_file = $TMP/pw"
is "a certificate our CA did not sign: pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... not trusted" grep -q "TLS certificate not trusted" "$TMP/err"
smtp_config "smtp://127.0.0.1:$main" "ca_file = $TMP/ca.pem" \
    "user = relay" "password_file = $TMP/pw"
is "a certificate for another name: pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... not for this host name" grep -q "127.0.0.1: TLS certificate is not for this host name" "$TMP/err"
smtp_config "smtp://localhost:$main" "ca_file = $TMP/ca.pem"
is "no login where the server wants one: pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... with the server's words" grep -q "530 5.7.0 Authentication required" "$TMP/err"
chmod 644 "$TMP/pw"
smtp_config "smtp://localhost:$main" "ca_file = $TMP/ca.pem" \
    "user = relay" "password_file = $TMP/pw"
is "a password file others may read: not used, pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... saying so" grep -q "password file $TMP/pw: readable by others" "$TMP/err"
chmod 600 "$TMP/pw"
printf 'wrong\n' >"$TMP/pw2"
chmod 600 "$TMP/pw2"
smtp_config "smtp://localhost:$main" "ca_file = $TMP/ca.pem" \
    "user = relay" "password_file = $TMP/pw2"
is "a wrong password: pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... login refused" grep -q "login as relay refused: 535" "$TMP/err"
serve plain --tls none
smtp_config "smtp://localhost:$port" "ca_file = $TMP/ca.pem"
is "a server without STARTTLS: pending" "$(notify5)" " 0 sent, 0 failed, 1 still pending"
ok "... not sent in the clear" grep -q "does not offer STARTTLS" "$TMP/err"
is "... nothing reached it" "$(ls "$TMP/plain/mail" | wc -l | tr -d ' ')" 0
smtp_config "smtp://localhost:$port" "tls = none" "user = relay" \
    "password_file = $TMP/pw"
mg notify 5 >/dev/null 2>"$TMP/err"; rc=$?
is "a password with tls = none: a configuration error" "$rc" 78
ok "... saying so" grep -q "a password is never sent with tls = none" "$TMP/err"
is "nothing reached the first server either" "$(ls "$M" | grep -c '\.eml$')" 1

# Cleartext only where the configuration says so; then smtps://.
smtp_config "smtp://localhost:$port" "tls = none"
is "tls = none to a local relay: sent" "$(notify5)" " 1 sent, 0 failed, 0 still pending"
is "... in the clear, as configured" "$(sed -n 's/^tls //p' "$TMP/plain/mail/1.env")" no
serve implicit --tls tls
smtp_config "smtps://localhost:$port" "ca_file = $TMP/ca.pem"
report 6 58.16.3.3
is "smtps:// (TLS from the start): sent" "$(mg notify 6 2>"$TMP/err" | cut -d';' -f2)" \
    " 1 sent, 0 failed, 0 still pending"
is "... over TLS" "$(sed -n 's/^tls //p' "$TMP/implicit/mail/1.env")" yes
smtp_config "smtp://localhost:1" "ca_file = $TMP/ca.pem"
report 7 58.16.4.4
is "nobody listening: pending" "$(mg notify 7 2>"$TMP/err" | cut -d';' -f2)" \
    " 0 sent, 0 failed, 1 still pending"
ok "... connection refused" grep -q "connect to localhost port 1: Connection refused" "$TMP/err"
for bad in "smtp://" "smtp://host:0" "smtp://host:99999" "smtp://-x" \
    "smtp://ho st" "smtp://[::1"; do
	smtp_config "$bad"
	mg notify 7 >/dev/null 2>&1; rc=$?
	is "url '$bad': a configuration error" "$rc" 78
done
smtp_config "smtp://localhost:$main" "ca_file = $TMP/ca.pem" \
    "user = relay" "password_file = $TMP/pw"
is "the pending ones go once the server is right" \
    "$(mg notify 7 2>/dev/null | cut -d';' -f2)" " 1 sent, 0 failed, 0 still pending"
is "... two messages on the main server in all" "$(ls "$M" | grep -c '\.eml$')" 2
done_testing

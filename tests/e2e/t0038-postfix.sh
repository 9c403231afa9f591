#!/bin/sh
# mailgw behind a real Postfix (Debian's), in both directions, wired as
# contrib/postfix/README says: an instance of its own (configuration,
# queue and mailboxes under $TMP, loopback only, no listener), a pipe
# transport running "mailgw receive" as nobody, recipient_delimiter = +.
# Mail to cert@ and cert+TOKEN@ submitted through Postfix's sendmail
# lands on the right tickets; notifications leave through the sendmail:
# transport into Postfix and reach a local mailbox, where gpg verifies
# their signature; with the store unavailable Postfix defers (exit 75)
# and delivers once it is back, nothing lost or stored twice. The same
# through LMTP, and through mailgw-deliver handing messages to a
# running "mailgw lmtp --listen".
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

[ "$(id -u)" -eq 0 ] || skip_all "starting Postfix needs root"
command -v postfix >/dev/null 2>&1 && [ -x /usr/sbin/sendmail ] &&
    [ -f /usr/share/postfix/master.cf.dist ] ||
    skip_all "postfix not installed (scripts/deps.sh installs it)"

PF=$TMP/pf
mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/mail"
chown postfix "$PF/data"
chown nobody:nogroup "$PF/mail"
MAIL_CONFIG=$PF/etc
export MAIL_CONFIG	# for sendmail and postqueue, here and in mailgw
nobody_uid=$(id -u nobody)
nobody_gid=$(getent group nogroup | cut -d: -f3)

# The store and its configuration, for the pipe (as nobody) and for the
# desk (root, with the signing key). A GnuPG home nobody cannot read is
# an unreadable keyring (75); the pipe's configuration names none.
G=$TMP/gnupg
P=$TMP/gnupg-carrier
gpg_home "$G"
gpg_home "$P"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
gpg_copy_key "$G" "$P" "$GW"
write_config "$TMP/desk.conf" "signing_key = $GW"
sed -i "s|^url = .*|url = sendmail:/usr/sbin/sendmail|" "$TMP/desk.conf"
write_config "$TMP/pipe.conf"
sed -i "s|^gnupghome = .*|gnupghome = $TMP/no-gnupg|" "$TMP/pipe.conf"
chmod 644 "$TMP/pipe.conf"
MAILGW_CONFIG=$TMP/desk.conf
printf 'kind,name,email,cidr\nnetwork,Example Telecom,abuse@telecom.example,58.16.0.0/16\n' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
chown -R nobody:nogroup "$TMP/db"

cat >"$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mailgw-test.localdomain
mydomain = localdomain
myorigin = \$myhostname
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relayhost =
default_transport = error:5.1.2 nothing leaves this test
recipient_delimiter = +
transport_maps = inline:{ cert@cert.example=mailgw:, cert-lmtp@cert.example=lmtp:unix:private/mailgw-lmtp, cert-deliver@cert.example=mailgwd: }
mailgw_destination_recipient_limit = 1
mailgwd_destination_recipient_limit = 1
virtual_mailbox_domains = telecom.example
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = inline:{ abuse@telecom.example=telecom/ }
virtual_uid_maps = static:$nobody_uid
virtual_gid_maps = static:$nobody_gid
smtputf8_enable = no
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
EOF
# Debian's services (as the package ships them, whatever the system's
# own configuration says), without the SMTP listener; then mailgw's pipe.
# The pipe runs as nobody: it gets a copy of the binary in $TMP, which
# nobody may enter, whatever the modes above the build tree (a clone in
# a mktemp -d directory is 0700).
mkdir -p "$TMP/bin" "$TMP/recv"
cp "$MAILGW" "$TMP/bin/mailgw"
cp "$(dirname "$MAILGW")/mailgw-deliver" "$TMP/bin/mailgw-deliver"
chmod 755 "$TMP/bin" "$TMP/bin/mailgw" "$TMP/bin/mailgw-deliver"
chown nobody:nogroup "$TMP/recv"
grep -v '^smtp  *inet ' /usr/share/postfix/master.cf.dist >"$PF/etc/master.cf"
cat >>"$PF/etc/master.cf" <<EOF
mailgw    unix  -       n       n       -       4       pipe
  flags=Rq user=nobody argv=$TMP/bin/mailgw -c $TMP/pipe.conf receive --recipient \${original_recipient} --sender \${sender}
mailgwd   unix  -       n       n       -       4       pipe
  flags=Rq user=nobody argv=$TMP/bin/mailgw-deliver $TMP/recv/lmtp.sock -c $TMP/pipe.conf --recipient \${original_recipient} --sender \${sender}
EOF

pf_stop() {
	postfix -c "$PF/etc" stop >/dev/null 2>&1 ||
	    postfix -c "$PF/etc" abort >/dev/null 2>&1
}
trap 'pf_stop; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
ok "postfix check: the instance's configuration is sound" \
    postfix -c "$PF/etc" check
ok "postfix starts" postfix -c "$PF/etc" start
postfix -c "$PF/etc" status >/dev/null 2>&1 ||
    { cat "$PF/maillog" >&2; done_testing; exit 1; }

# logged PATTERN: Postfix's log has a line that matches (Postfix logs a
# delivery a moment after mailgw has stored the message and replied).
logged() { grep -q "$1" "$PF/maillog"; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds.
wait_for() {
	n=$(($1 * 10))
	shift
	while ! "$@" 2>/dev/null; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}
# received() N: mailgw has stored N incoming messages.
received() { test "$(as_nobody "$SQLITE3" -cmd '.timeout 10000' "$DB" "SELECT count(*) FROM messages WHERE direction = 'in'" 2>/dev/null)" = "$1"; }
queue_empty() { [ -z "$(find "$PF/queue/active" "$PF/queue/incoming" "$PF/queue/deferred" "$PF/queue/maildrop" -type f 2>/dev/null)" ]; }

submit() {	# submit SENDER RCPT FILE
	/usr/sbin/sendmail -oi -f "$1" -- "$2" <"$3"
}
cat >"$TMP/r1.eml" <<EOF
From: Partner CERT <r@partner.example>
To: cert@cert.example
Subject: Two phishing hosts
Message-ID: <pf1@partner.example>

Please handle 58.16.1.1 and 58.16.2.2.
EOF
ok "a report submitted through Postfix's sendmail" submit r@partner.example cert@cert.example "$TMP/r1.eml"
ok "... reaches mailgw through the pipe" wait_for 30 received 1
is "... on a new ticket, with its envelope" \
    "$(sql "SELECT ticket_id || ' ' || coalesce(recipient, '-') FROM messages")" \
    "1 cert@cert.example"

# The desk notifies: sendmail: into Postfix, delivered to the carrier.
is "notify through sendmail into Postfix" "$(mg notify 1 | cut -d';' -f2)" \
    " 1 sent, 0 failed, 0 still pending"
box=$PF/mail/telecom/new
has_mail() { [ -n "$(ls "$box" 2>/dev/null)" ]; }
ok "... delivered to the carrier's mailbox" wait_for 30 has_mail
f=$(ls "$box"/* | head -n 1)
ok "... with the token in Return-Path" \
    grep -q "^Return-Path: <cert+$(sql "SELECT token FROM notifications")@cert.example>" "$f"
split_signed "$f" canon
ok "... signed: gpg verifies the desk's signature" sh -c \
    '"$0" --homedir "$1" --batch --status-fd 1 --verify "$2/sig.asc" "$2/part" 2>/dev/null |
    grep -q "^\[GNUPG:\] VALIDSIG .* $3\$"' "$GPG" "$P" "$TMP" "$GW"

# The carrier replies to the Reply-To: cert+TOKEN@.
token=$(sql "SELECT token FROM notifications")
msgid=$(sed -n 's/^Message-ID: \(.*\)$/\1/p' "$f" | tr -d '\r')
cat >"$TMP/reply.eml" <<EOF
From: Example Telecom abuse <abuse@telecom.example>
To: cert+$token@cert.example
Subject: Re: your report
Message-ID: <pf-reply@telecom.example>
In-Reply-To: $msgid

Both hosts are cleaned up.
EOF
ok "the carrier's reply to cert+TOKEN@ through Postfix" \
    submit abuse@telecom.example "cert+$token@cert.example" "$TMP/reply.eml"
ok "... reaches mailgw" wait_for 30 received 2
is "... on the notification's ticket, its token kept as the recipient" \
    "$(sql "SELECT ticket_id || ' ' || recipient FROM messages WHERE message_id = 'pf-reply@telecom.example'")" \
    "1 cert+$token@cert.example"
is "... which marks the notification replied" \
    "$(sql "SELECT status FROM notifications")" replied

# The store goes away: Postfix defers, and delivers once it is back.
chmod 000 "$TMP/db"
cat >"$TMP/r2.eml" <<EOF
From: Partner CERT <r@partner.example>
To: cert@cert.example
Subject: A third host
Message-ID: <pf2@partner.example>

And 58.16.3.3.
EOF
ok "a report while the store is unavailable is accepted by Postfix" \
    submit r@partner.example cert@cert.example "$TMP/r2.eml"
ok "... and deferred (mailgw exit 75)" wait_for 30 logged "status=deferred"
ok "... with mailgw's reason in the log" logged "status=deferred.*mailgw: store"
ok "... still in Postfix's queue" sh -c \
    'postqueue -c "$0" -p | grep -q "cert@cert.example"' "$PF/etc"
# store_back N MSGID HOW: the store writable again, nothing was written
# while it was not (N - 1 messages in); after a flush of Postfix's queue
# the deferred message MSGID is delivered (HOW), gone from the queue,
# stored exactly once.
store_back() {
	chmod 755 "$TMP/db"
	is "... nothing written meanwhile" \
	    "$(sql "SELECT count(*) FROM messages WHERE direction = 'in'")" $(($1 - 1))
	postqueue -c "$PF/etc" -f
	ok "store back, queue flushed: delivered${3:-}" wait_for 30 received "$1"
	ok "... and gone from the queue" wait_for 30 queue_empty
	sleep 1
	is "... exactly once" \
	    "$(sql "SELECT count(*) FROM messages WHERE message_id = '$2'")" 1
}
store_back 3 pf2@partner.example
is "every message once in all: three in, one notification out" \
    "$(sql "SELECT group_concat(n, ' ') FROM (SELECT direction || '=' || count(*) AS n FROM messages GROUP BY direction ORDER BY direction)")" "in=3 out=1"
is "the reports' tickets: the first and a new one" \
    "$(sql "SELECT group_concat(ticket_id, ' ') FROM (SELECT ticket_id FROM messages WHERE direction = 'in' ORDER BY id)")" \
    "1 1 2"

# --- LMTP: Postfix's lmtp client to "mailgw lmtp", one process per
# connection, as a systemd socket unit with Accept=yes would start it
# (tests/e2e/unix-inetd.py stands in for systemd), in the queue
# directory where the chrooted client finds private/mailgw-lmtp.
python3 "${srcdir:-.}/tests/e2e/unix-inetd.py" "$PF/queue/private/mailgw-lmtp" \
    setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$TMP/bin/mailgw" -c "$TMP/pipe.conf" lmtp 2>>"$TMP/lmtp.err" &
inetd=$!
trap 'kill $inetd 2>/dev/null; pf_stop; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
sock() { test -S "$PF/queue/private/mailgw-lmtp"; }
wait_for 10 sock
sed -e 's/pf2@/pf-lmtp1@/' -e 's/^To: .*/To: cert-lmtp@cert.example/' \
    -e 's/A third host/Over LMTP/' "$TMP/r2.eml" >"$TMP/l1.eml"
ok "a report to an address routed to lmtp:unix:private/mailgw-lmtp" \
    submit r@partner.example cert-lmtp@cert.example "$TMP/l1.eml"
ok "... reaches mailgw through LMTP" wait_for 30 received 4
is "... on a new ticket, the RCPT TO address as its recipient" \
    "$(sql "SELECT ticket_id || ' ' || recipient FROM messages WHERE message_id = 'pf-lmtp1@partner.example'")" \
    "3 cert-lmtp@cert.example"
ok "... Postfix logs it delivered by mailgw's 250" wait_for 30 logged \
    "to=<cert-lmtp@cert.example>.*relay=.*private/mailgw-lmtp.*$(:
    )status=sent (250 2.0.0 <cert-lmtp@cert.example> stored)"

# The store unavailable: 451, Postfix defers; back: delivered once.
chmod 000 "$TMP/db"
sed -e 's/pf-lmtp1@/pf-lmtp2@/' "$TMP/l1.eml" >"$TMP/l2.eml"
ok "a report over LMTP while the store is unavailable" \
    submit r@partner.example cert-lmtp@cert.example "$TMP/l2.eml"
ok "... is deferred on mailgw's 421 naming the store" wait_for 30 logged \
    "to=<cert-lmtp@cert.example>.*status=deferred.*421 4.3.0 .*store"
store_back 5 pf-lmtp2@partner.example " over LMTP"
kill $inetd 2>/dev/null

# --- mailgw-deliver in the pipe, handing each message to a running
# "mailgw lmtp --listen" (as nobody, as the pipe runs); with the
# receiver gone it runs mailgw receive beside it, and the MTA sees the
# same exit codes.
setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$TMP/bin/mailgw" -v -c "$TMP/pipe.conf" lmtp --listen \
    "$TMP/recv/lmtp.sock" 2>>"$TMP/recv.err" &
receiver=$!
trap 'kill $receiver $inetd 2>/dev/null; pf_stop; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
listening() { grep -q 'listening on' "$TMP/recv.err"; }
wait_for 10 listening
sed -e 's/pf2@/pf-deliver1@/' -e 's/^To: .*/To: cert-deliver@cert.example/' \
    -e 's/A third host/Through mailgw-deliver/' "$TMP/r2.eml" >"$TMP/d1.eml"
ok "a report to an address whose pipe runs mailgw-deliver" \
    submit r@partner.example cert-deliver@cert.example "$TMP/d1.eml"
ok "... reaches mailgw" wait_for 30 received 6
ok "... stored by the receiver" grep -q \
    "stored message .* <pf-deliver1@partner.example>" "$TMP/recv.err"
is "... the envelope recipient kept" \
    "$(sql "SELECT recipient FROM messages WHERE message_id = 'pf-deliver1@partner.example'")" \
    "cert-deliver@cert.example"
ok "... Postfix logs it delivered through the pipe" wait_for 30 logged \
    "to=<cert-deliver@cert.example>.*relay=mailgwd.*status=sent"
kill $receiver
wait $receiver 2>/dev/null
sed -e 's/pf-deliver1@/pf-deliver2@/' "$TMP/d1.eml" >"$TMP/d2.eml"
ok "the receiver gone: a report to the same address" \
    submit r@partner.example cert-deliver@cert.example "$TMP/d2.eml"
ok "... is stored all the same (mailgw receive, run by mailgw-deliver)" \
    wait_for 30 received 7
ok "... and not by the receiver" sh -c \
    '! grep -q "<pf-deliver2@partner.example>" "$0"' "$TMP/recv.err"

ok "the store checks clean" sh -c '"$0" -c "$1" db check >/dev/null' "$MAILGW" "$TMP/desk.conf"
done_testing

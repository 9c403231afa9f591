#!/bin/sh
# mailgw import: mbox files, maildirs and directories of messages through
# the receive path: threaded, de-duplicated (an import run again stores
# nothing twice, nor what receive stored already), never acknowledged;
# a message refused for good is skipped and counted, a path that is not
# there is 66.
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf"
sed -i 's/^ack = no$/ack = yes/' "$TMP/mailgw.conf"
D=$TEST_DATA
# An mbox as an MDA writes it: From_ lines, "From " in bodies escaped.
{
	for m in plain-report gb2312-subject 8bit-headers; do
		printf 'From reporter@partner.example Sun Nov 22 08:00:00 2026\n'
		sed 's/^From />From /' "$D/$m.eml"
		echo
	done
} >"$TMP/box.mbox"
is "an mbox of three messages" "$(mg import "$TMP/box.mbox")" \
    "3 message(s) read: 3 stored, 0 stored before, 0 refused"
is "... on three tickets, subjects decoded" \
    "$(sql "SELECT count(DISTINCT ticket_id) FROM messages WHERE direction = 'in'")" 3
is "... and no acknowledgement (old mail)" \
    "$(sql "SELECT count(*) FROM outbox"):$(ls "$TMP/outbox/new" 2>/dev/null | wc -l | tr -d ' ')" "0:0"
is "the same mbox again: nothing stored twice" "$(mg import "$TMP/box.mbox")" \
    "3 message(s) read: 0 stored, 3 stored before, 0 refused"
ok "... no progress line when stderr is no terminal" sh -c '! "$1" import "$0" 2>&1 >/dev/null | grep -q "import:"' "$TMP/box.mbox" "$MAILGW"
# On a terminal (script(1) gives it one): a line counting the messages,
# cleared before the summary.
if command -v script >/dev/null 2>&1; then
	script -qec "\"$MAILGW\" import \"$TMP/box.mbox\"" /dev/null </dev/null >"$TMP/tty" 2>&1
	ok "on a terminal: the messages counted as they are read" grep -q "import: 1 message(s) read" "$TMP/tty"
	ok "... the line cleared, then the summary" sh -c 'tr -d "\r" <"$0" | grep -q "$(printf "\033")\[K3 message(s) read: 0 stored, 3 stored before, 0 refused\$"' "$TMP/tty"
fi

# A maildir: cur/ and new/, one message already in, a reply by our tag.
mkdir -p "$TMP/md/cur" "$TMP/md/new" "$TMP/md/tmp"
cp "$D/plain-report.eml" "$TMP/md/cur/1700000000.1.host:2,S"
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = (SELECT message_id FROM messages ORDER BY id LIMIT 1)")
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: Re: [CNCERT #%s] more\nMessage-ID: <imp-reply@partner.example>\n\nAnd 198.51.100.99 too.\n' "$t" >"$TMP/md/new/1700000001.2.host"
printf 'not for us\n' >"$TMP/md/tmp/1700000002.3.host"
is "a maildir: cur and new, not tmp" "$(mg import "$TMP/md")" \
    "2 message(s) read: 1 stored, 1 stored before, 0 refused"
is "... the reply threads into its ticket by the tag" \
    "$(sql "SELECT ticket_id FROM messages WHERE message_id = 'imp-reply@partner.example'")" "$t"
# A directory of .eml files, with an empty one.
mkdir "$TMP/eml"
cp "$D/html-only.eml" "$D/big5-body.eml" "$TMP/eml/"
: >"$TMP/eml/empty.eml"
mg import "$TMP/eml" >"$TMP/out" 2>"$TMP/err"; rc=$?
is "a directory of messages, one empty" "$rc:$(cat "$TMP/out")" \
    "0:3 message(s) read: 2 stored, 0 stored before, 1 refused"
ok "... the empty one named on stderr" grep -q "empty.eml: skipped: empty" "$TMP/err"
# What receive stored is not imported again, and the other way round.
is "receive after import: stored once" "$(receive "$D/big5-body.eml"):$(sql "SELECT count(*) FROM messages WHERE direction = 'in'")" "0:6"
# A KDE test file: one message without a From_ line is an mbox of one.
is "an mbox without From_ lines: one message" \
    "$(mg import "$CORPUS/kde-mimetreeparser/testdata/openpgp-inline-signed.mbox")" \
    "1 message(s) read: 1 stored, 0 stored before, 0 refused"
mg import "$TMP/nonexistent" >/dev/null 2>"$TMP/err"; rc=$?
is "a path that is not there: 66" "$rc" 66
ok "... one line saying so" sh -c 'test "$(wc -l <"$0")" -eq 1 && grep -q "nonexistent: No such file" "$0"' "$TMP/err"
mg import >/dev/null 2>&1; rc=$?
is "no path: usage, 64" "$rc" 64
ok "the store checks clean" sh -c '"$0" db check >/dev/null' "$MAILGW"
done_testing

#!/bin/sh
# ticket show's text view reads as a thread: each message's header and
# then the text a reader sees of it (plain parts, else HTML made text;
# forwarded messages marked; attachments only named), with nothing a
# terminal would obey (escape sequences, C1 controls, a carriage return
# that writes over its line).
. "${srcdir:-.}/tests/e2e/lib.sh"

tshow() { "$MAILGW" ticket show "$1" >"$TMP/show.txt"; }
tid() { sql "SELECT ticket_id FROM messages WHERE message_id = '$1'"; }

receive "$TEST_DATA/plain-report.eml" >/dev/null
receive "$TEST_DATA/reply-by-tag.eml" >/dev/null
t=$(tid 4711.1.report@auscert.example)
tshow "$t"
ok "the report's text under its header, indented" \
    grep -qx "     we observed two phishing sites hosted in your constituency:" "$TMP/show.txt"
ok "... as written (defanged, its own indentation kept)" \
    grep -qx "       hxxp://login-bank\[.\]example/verify  198.51.100\[.\]7" "$TMP/show.txt"
is "the reply's text after the reply's header" \
    "$(sed -n '/from  noc@carrier.example/,$p' "$TMP/show.txt" | grep -c '^     Host isolated.$')" 1
is "... and not before it" \
    "$(sed -n '1,/from  noc@carrier.example/p' "$TMP/show.txt" | grep -c 'Host isolated')" 0

printf 'From: a@b.example\nSubject: indent\nMessage-ID: <indent@b.example>\n\n\n   indented first line\nsecond\n\n' >"$TMP/indent.eml"
receive "$TMP/indent.eml" >/dev/null
tshow "$(tid indent@b.example)"
is "blank lines around the text dropped, the first line's indent kept" \
    "$(sed -n '/^     id: /,$p' "$TMP/show.txt")" "     id:       <indent@b.example>

        indented first line
     second"

receive "$TEST_DATA/html-only.eml" >/dev/null
tshow "$(tid html-only@bank.example)"
ok "HTML alone: shown as its text, links with their targets" \
    grep -q "^     the counterfeit site click here <http://login.bank-secure.example/verify> imitates" "$TMP/show.txt"
ok "... no markup" sh -c '! grep -q "<p>\|<a href\|alert" "$1"' sh "$TMP/show.txt"

receive "$TEST_DATA/attachments.eml" >/dev/null
tshow "$(tid attach@auscert.example)"
ok "attachments named, a text attachment's content not shown" \
    sh -c 'grep -q "attached: hosts.txt" "$1" && ! grep -q "^     192.0.2" "$1"' sh "$TMP/show.txt"
ok "a forwarded message's text marked as forwarded" \
    sh -c 'grep -qx "     -- forwarded: \"I was phished\" from victim@example.org --" "$1" &&
    sed -n "/-- forwarded/,\$p" "$1" | grep -qx "     The inner report."' sh "$TMP/show.txt"

# What we sent is part of the thread too: the acknowledgement, to its
# recipient, with its text (read back from the raw message we stored).
write_config "$TMP/ack.conf" "ack = yes"
"$MAILGW" -c "$TMP/ack.conf" receive <"$TEST_DATA/gb2312-subject.eml" 2>/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE direction = 'out'")
"$MAILGW" -c "$TMP/ack.conf" ticket show "$t" >"$TMP/show.txt"
to=$(sql "SELECT recipient FROM messages WHERE direction = 'out'")
ok "our acknowledgement: 'to' its recipient, not from us" \
    grep -qx "  #[0-9]* to  $to" "$TMP/show.txt"
ok "... when it was queued" grep -q "^     queued:   20" "$TMP/show.txt"
ok "... without 'for:' (the recipient is in its first line)" \
    sh -c '! sed -n "/ to  /,/^\$/p" "$1" | grep -q "^     for:"' sh "$TMP/show.txt"
ok "... and its text, with the ticket's tag" \
    sh -c 'sed -n "/ to  /,\$p" "$1" | grep -q "^     .*\[CNCERT #$2\]"' sh "$TMP/show.txt" "$t"
is "... and in JSON, its parts as sent (unsigned here: no signing key), text included" \
    "$("$MAILGW" -c "$TMP/ack.conf" ticket show "$t" --json | "$JQ" -r '.messages[] | select(.direction == "out") | [.parts[] | .content_type + ":" + ((.text // "") | test("CNCERT #'"$t"'") | tostring)] | join(" ")')" \
    "text/plain:true"

# A report that would drive the analyst's terminal: ESC sequences (clear
# the screen, retitle the window, colour), C1's CSI (U+009B) in UTF-8, a
# CR that would hide "SHOWN" under "hidden", a BEL.
printf 'From: x@hostile.example\nSubject: escapes\nMessage-ID: <esc@hostile.example>\nContent-Type: text/plain; charset=utf-8\n\nbefore\033[2J\033]0;owned\007 after \302\23331m red\nhidden\rSHOWN\a\n' >"$TMP/esc.eml"
is "a report with terminal escapes: exit 0" "$(receive "$TMP/esc.eml")" 0
tshow "$(tid esc@hostile.example)"
ok "... none reaches the terminal (no ESC, BEL, CR, C1)" \
    sh -c '! LC_ALL=C grep -q "$(printf "[\033\007\r]\\|\302\233")" "$1"' sh "$TMP/show.txt"
ok "... the text around them is still there" \
    grep -qx "     before\[2J\]0;owned after 31m red" "$TMP/show.txt"
ok "... and a line a CR would have hidden is shown as two" \
    sh -c 'grep -qx "     hidden" "$1" && grep -qx "     SHOWN" "$1"' sh "$TMP/show.txt"
is "the stored text is what was written (only the view is filtered)" \
    "$(sql "SELECT instr(t.text, char(27)) > 0 FROM part_text t JOIN messages m ON m.id = t.message_id WHERE m.message_id = 'esc@hostile.example'")" 1
is "JSON: a readable part carries its text, control characters escaped" \
    "$(show "$(tid esc@hostile.example)" '.messages[0].parts[0].text')" \
    "$(printf 'before\033[2J\033]0;owned\007 after \302\23331m red\nhidden\rSHOWN\a')"
is "... an HTML part its text" \
    "$(show "$(tid html-only@bank.example)" '.messages[0].parts[0].text | test("click here <http://login.bank-secure.example/verify>")')" true
is "... an attachment none" \
    "$(show "$(tid attach@auscert.example)" '[.messages[0].parts[] | select(.filename == "hosts.txt") | has("text")] | join(",")')" false
# Header fields are stored without them (C1 too), so that no view needs
# to filter them again.
printf 'From: y@hostile.example\nSubject: =?utf-8?q?red=1B=5B31m_csi=C2=9B1m_alert?=\nMessage-ID: <esc-subject@hostile.example>\n\nbody\n' >"$TMP/esc2.eml"
receive "$TMP/esc2.eml" >/dev/null
is "an encoded subject's ESC and C1 CSI are not kept" \
    "$(show "$(tid esc-subject@hostile.example)" .subject)" "red[31m csi1m alert"
# Where a message is signed, what its signature does not cover is said
# so where it is read: an unsigned part beside a signed one, unsigned
# text around a clear-signed block.
. "${srcdir:-.}/tests/e2e/pgp.sh"
gpg_home "$TMP/gnupg"
fpr=$(gpg_new_key "$TMP/gnupg" "AusCERT <reports@auscert.example>")
signed=$(sign_inline "$TMP/gnupg" "$fpr" "Please block 192.0.2.7.")
printf 'From: reports@auscert.example\nSubject: mixed\nMessage-ID: <mixed@auscert.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n%s\n--b\nContent-Type: text/plain\n\nAlso block 203.0.113.99.\n--b--\n' "$signed" >"$TMP/mixed.eml"
receive "$TMP/mixed.eml" >/dev/null
is "a signed part and an unsigned one: coverage partial" \
    "$(show "$(tid mixed@auscert.example)" '.messages[0].coverage')" partial
tshow "$(tid mixed@auscert.example)"
is "... the unsigned part marked, the signed one not" \
    "$(sed -n '/^     Please block/,$p' "$TMP/show.txt" | grep -c '^     -- not covered by the signature --$'):$(sed -n '1,/^     Please block/p' "$TMP/show.txt" | grep -c 'covered by the signature')" "1:0"
ok "... right before the unsigned text" \
    sh -c 'grep -A2 "^     -- not covered by the signature --$" "$1" | grep -q "^     Also block 203.0.113.99.$"' sh "$TMP/show.txt"
{
	printf 'From: reports@auscert.example\nSubject: preface\nMessage-ID: <preface@auscert.example>\n\n'
	printf 'Unsigned words first.\n\n%s\n' "$signed"
} >"$TMP/preface.eml"
receive "$TMP/preface.eml" >/dev/null
tshow "$(tid preface@auscert.example)"
ok "text before a clear-signed block: its part marked as partly covered" \
    sh -c 'grep -A2 "^     -- partly covered by the signature --$" "$1" | grep -q "^     Unsigned words first.$"' sh "$TMP/show.txt"
receive "$CORPUS/kde-mimetreeparser/testdata/openpgp-encrypted-attachment-and-non-encrypted-attachment.mbox" >/dev/null
tshow "$(tid 13897561.XENKdJMSlR@tabin.local)"
ok "ciphertext without our key: said so where its text would be" \
    grep -qx "     -- encrypted, not decrypted (no-secret-key) --" "$TMP/show.txt"
tshow "$(tid html-only@bank.example)"
ok "an unsigned message has no such marks" \
    sh -c '! grep -q "covered by the signature" "$1"' sh "$TMP/show.txt"
done_testing

#!/bin/sh
# mailgw lmtp: the receive path behind LMTP (RFC 2033) on stdin and
# stdout. A reply per recipient after DATA; 250 only once committed,
# 4xx when it may pass (the client retries), 5xx for what never will;
# dot-stuffing undone and CRLF made LF, so that a message through LMTP
# is the same message as through the pipe.
. "${srcdir:-.}/tests/e2e/lib.sh"

# lmtp_msg FILE: FILE as DATA sends it: CRLF line ends, dot-stuffed,
# ended by the line ".".
lmtp_msg() {
	sed -e 's/^\./../' -e 's/$/\r/' "$1"
	printf '.\r\n'
}

# replies FILE: the reply codes of a session, one line, in order.
replies() {
	cut -c1-3 "$1" | tr '\n' ' ' | sed 's/ $//'
}

r=$TEST_DATA/plain-report.eml
g=$TEST_DATA/gb2312-subject.eml

# --- Two messages in one session, pipelined (all commands at once), one
# of them to two recipients.
{
	printf 'LHLO client.example\r\n'
	printf 'MAIL FROM:<reports@auscert.example> BODY=8BITMIME SIZE=5000\r\n'
	printf 'RCPT TO:<cert@cert.example>\r\n'
	printf 'RCPT TO:<cert+t0123456789abcdef0123@cert.example>\r\n'
	printf 'DATA\r\n'
	lmtp_msg "$r"
	printf 'MAIL FROM:<partner@cert.example.cn>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'
	lmtp_msg "$g"
	printf 'QUIT\r\n'
} >"$TMP/s1.in"
mg lmtp <"$TMP/s1.in" >"$TMP/s1.out" 2>"$TMP/s1.err"; rc=$?
is "a session ends with exit 0" "$rc" 0
is "the replies, in order, one per recipient after DATA" "$(replies "$TMP/s1.out")" \
    "220 250 250 250 250 250 250 250 250 354 250 250 250 250 354 250 221"
ok "LHLO advertises PIPELINING, ENHANCEDSTATUSCODES, 8BITMIME and SIZE" \
    sh -c 'grep -q "^250-PIPELINING" "$1" && grep -q "^250-ENHANCEDSTATUSCODES" "$1" && grep -q "^250-8BITMIME" "$1" && grep -q "^250 SIZE [0-9]" "$1"' sh "$TMP/s1.out"
ok "each recipient's reply names it" \
    sh -c 'grep -q "^250 2.0.0 <cert@cert.example> stored" "$1" && grep -q "^250 2.0.0 <cert+t0123456789abcdef0123@cert.example> stored" "$1"' sh "$TMP/s1.out"
ok "every reply line ends in CRLF" sh -c '! grep -qv "$(printf "\r")\$" "$1"' sh "$TMP/s1.out"
is "two messages stored" "$(count_messages)" 2
is "two tickets" "$(mg ticket list --json | "$JQ" length)" 2
is "the first recipient is the message's recipient" \
    "$(sql "SELECT recipient FROM messages ORDER BY id LIMIT 1")" "cert@cert.example"
is "the stored message is the file's bytes (the line ends LMTP added gone)" \
    "$(sql "SELECT hex(raw) FROM messages ORDER BY id LIMIT 1")" \
    "$(od -An -tx1 -v "$r" | tr -d ' \n' | tr a-f A-F)"
t=$(sql "SELECT ticket_id FROM messages ORDER BY id LIMIT 1")
is "its ticket has the decoded subject" "$(show "$t" .subject)" \
    "[AUSCERT #4711] Phishing hosts in two provinces"

# The same message through the pipe: stored before, not again.
is "the same message through the pipe: exit 0" "$(receive "$r")" 0
is "... and not stored twice" "$(count_messages)" 2

# --- A line that starts with a dot, and one that is only "..".
printf 'From: a@partner.example\nTo: cert@cert.example\nSubject: dots\nMessage-ID: <dots@partner.example>\n\n.hidden\n..\nend\n' >"$TMP/dots.eml"
{ printf 'LHLO c\r\nMAIL FROM:<a@partner.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'; lmtp_msg "$TMP/dots.eml"; printf 'QUIT\r\n'; } |
    mg lmtp >"$TMP/s2.out"
is "dot-stuffed lines come back as written, CRLF made LF" \
    "$(sql "SELECT hex(raw) FROM messages WHERE message_id = 'dots@partner.example'")" \
    "$(od -An -tx1 -v "$TMP/dots.eml" | tr -d ' \n' | tr a-f A-F)"

# --- What is refused for good: 5xx, nothing stored.
n=$(count_messages)
printf 'LHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<cert@cert.example>\r\nRCPT TO:<cert+x@cert.example>\r\nDATA\r\n.\r\nQUIT\r\n' |
    mg lmtp >"$TMP/s3.out"
is "an empty message: 554 for each recipient" "$(replies "$TMP/s3.out")" "220 250 250 250 250 250 250 250 250 354 554 554 221"
write_config "$TMP/small.conf" "max_message_size = 2000"
printf 'LHLO c\r\nMAIL FROM:<a@b.example> SIZE=999999\r\nQUIT\r\n' | mg -c "$TMP/small.conf" lmtp >"$TMP/s4.out"
ok "MAIL with a SIZE over max_message_size: 552" grep -q "^552 5.3.4 " "$TMP/s4.out"
{ cat "$r"; head -c 3000 /dev/zero | tr '\0' '\n'; } >"$TMP/big.eml"
{ printf 'LHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'; lmtp_msg "$TMP/big.eml"; printf 'NOOP\r\nQUIT\r\n'; } |
    mg -c "$TMP/small.conf" lmtp >"$TMP/s5.out"
ok "a message over max_message_size: 552 after DATA" grep -q "^552 5.3.4 message larger" "$TMP/s5.out"
ok "... read to its end: the next command is answered" sh -c 'tail -2 "$1" | head -1 | grep -q "^250 2.0.0 ok"' sh "$TMP/s5.out"
is "... nothing stored" "$(count_messages)" "$n"

# --- Commands out of order, unknown, malformed, too long: answered,
# the session goes on.
long=$(head -c 3000 /dev/zero | tr '\0' x)
printf 'MAIL FROM:<a@b.example>\r\nLHLO c\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\nHELO c\r\nEHLO c\r\nMAIL FROM:a@b.example\r\nMAIL FROM:<a@b.example> FROB=1\r\nMAIL FROM:<a@b.example>\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<>\r\nRCPT TO:<cert@cert.example> NOTIFY=NEVER\r\nFROB\r\nNOOP %s\r\nVRFY cert\r\nRSET\r\nDATA\r\nNOOP\r\nQUIT\r\n' "$long" |
    mg lmtp >"$TMP/s6.out"
is "errors answered in order" "$(replies "$TMP/s6.out")" \
    "220 503 250 250 250 250 250 503 503 500 500 501 555 250 503 501 501 500 500 252 250 503 250 221"
ok "HELO is refused: this is LMTP" grep -q "^500 5.5.1 this is LMTP: LHLO" "$TMP/s6.out"
ok "a line over 2048 bytes is refused" grep -q "^500 5.5.2 line too long" "$TMP/s6.out"
is "nothing stored" "$(count_messages)" "$n"

# Nothing the client sends comes back in a reply.
printf 'LHLO c\r\nMAIL FROM:<evil\001@b.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n.\r\nQUIT\r\n' |
    mg lmtp >"$TMP/s7.out"
ok "no control character from the client reaches a reply" sh -c '! tr -d "\r\n" <"$1" | grep -q "[[:cntrl:]]"' sh "$TMP/s7.out"
is "... a path with a control character is refused" \
    "$(replies "$TMP/s7.out")" "220 250 250 250 250 250 501 503 503 500 221"
printf 'LHLO c\r\nMAIL FROM:<"john doe"@b.example>\r\nRCPT TO:<cert desk@cert.example>\r\nRCPT TO:<cert>\r\nRCPT TO:<cert@cert.example>\r\nRSET\r\nQUIT\r\n' |
    mg lmtp >"$TMP/s7b.out"
is "a quoted sender with a blank is taken; a recipient that is not a plain address is not" \
    "$(replies "$TMP/s7b.out")" "220 250 250 250 250 250 250 501 501 250 250 221"

# --- The client goes away: in the middle of DATA, nothing is stored;
# without QUIT, the session still ends cleanly.
{ printf 'LHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'; head -5 "$r" | sed 's/$/\r/'; } |
    mg lmtp >"$TMP/s8.out"; rc=$?
is "the client gone in the middle of DATA: exit 0" "$rc" 0
is "... nothing stored" "$(count_messages)" "$n"
{ printf 'LHLO c\r\nNOOP\r\n'; } | mg lmtp >"$TMP/s9.out"; rc=$?
is "end of input without QUIT: exit 0" "$rc" 0

# --- Idle past --timeout: 421.
{ printf 'LHLO c\r\n'; sleep 2; } | mg lmtp --timeout 1 >"$TMP/s10.out"
ok "idle past --timeout: 421 and the session ends" grep -q "^421 4.4.2 " "$TMP/s10.out"
mg lmtp --timeout 0 </dev/null >/dev/null 2>&1; rc=$?
is "--timeout 0 is a usage error" "$rc" 64

# --- Noise: random bytes as commands, and as a message (NUL bytes,
# bare CRs, endless lines) between MAIL and the final dot.
head -c 300000 /dev/urandom >"$TMP/noise"
mg lmtp <"$TMP/noise" >"$TMP/noise.out" 2>&1; rc=$?
is "300 KB of random bytes as commands: exit 0" "$rc" 0
ok "... every reply a code and text on one line" \
    sh -c '! grep -av "^[2-5][0-9][0-9][ -]" "$1" | grep -q .' sh "$TMP/noise.out"
{ printf 'LHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'
  printf 'Subject: noise\r\nMessage-ID: <noise@b.example>\r\n\r\n'
  printf X; tr -d '\n' <"$TMP/noise" | head -c 100000; printf '\r\n.\r\nQUIT\r\n'; } | mg lmtp >"$TMP/noise2.out"; rc=$?
is "a message of random bytes: exit 0" "$rc" 0
ok "... stored" grep -q "^250 2.0.0 <cert@cert.example> stored" "$TMP/noise2.out"
is "... as its bytes, NULs and all" \
    "$(sql "SELECT length(raw) FROM messages WHERE message_id = 'noise@b.example'")" \
    "$(( $(printf 'Subject: noise\r\nMessage-ID: <noise@b.example>\r\n\r\n' | tr -d '\r' | wc -c) + $(tr -d '\n' <"$TMP/noise" | head -c 100000 | wc -c) + 2 ))"
n=$(count_messages)

# --- No store at all (its directory is a file): 421 at the greeting,
# naming the store, and exit 75.
: >"$TMP/notadir"
write_config "$TMP/nostore.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/notadir/mailgw.db|" "$TMP/nostore.conf"
printf 'LHLO c\r\nQUIT\r\n' | mg -c "$TMP/nostore.conf" lmtp >"$TMP/s12.out" 2>/dev/null; rc=$?
is "no store: exit 75" "$rc" 75
ok "... and one reply, 421 naming the store" \
    sh -c 'test "$(wc -l <"$1")" -eq 1 && grep -q "^421 4.3.0 cert.example: store $2" "$1"' sh "$TMP/s12.out" "$TMP/notadir/mailgw.db"

# --- A transient fault in the middle of a session: the store held
# locked past the busy timeout. That recipient gets 451 and nothing is
# half-written; the next message, the lock gone, is stored. One process
# throughout: its requests go through a FIFO, a step at a time.
write_config "$TMP/mailgw.conf" "busy_timeout = 1s"
mkfifo "$TMP/fifo"
mg lmtp <"$TMP/fifo" >"$TMP/s11.out" 2>"$TMP/s11.err" &
server=$!
exec 3>"$TMP/fifo"
# wait_reply N: until the session has written N lines (10 s at most).
wait_reply() {
	i=0
	until [ "$(wc -l <"$TMP/s11.out")" -ge "$1" ] || [ $i -gt 200 ]; do
		i=$((i + 1))
		sleep 0.05
	done
}
printf 'LHLO c\r\n' >&3
wait_reply 6
hold_lock 4
{ printf 'MAIL FROM:<a@partner.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'; lmtp_msg "$TEST_DATA/8bit-headers.eml"; } >&3
wait_reply 10
ok "the store locked past the busy timeout: 451 for the recipient" \
    sh -c 'sed -n 10p "$1" | grep -q "^451 4.3.0 .*locked"' sh "$TMP/s11.out"
wait $holder
is "... nothing half-written" "$(count_messages)" "$n"
{ printf 'MAIL FROM:<a@partner.example>\r\nRCPT TO:<cert@cert.example>\r\nDATA\r\n'; lmtp_msg "$TEST_DATA/8bit-headers.eml"; printf 'QUIT\r\n'; } >&3
exec 3>&-
wait $server; rc=$?
is "... the same session, the lock gone: the retry is stored" \
    "$(sed -n 14p "$TMP/s11.out" | cut -c1-3)" 250
is "... once" "$(count_messages)" $((n + 1))
is "... and the session ends with exit 0" "$rc" 0
ok "... the failure logged on stderr" grep -q "lmtp: <cert@cert.example>: .*locked" "$TMP/s11.err"
ok "the store checks clean" sh -c '"$MAILGW" db check >/dev/null'

done_testing

#!/bin/sh
# mailgw lmtp --listen SOCKET, and receive with lmtp_socket (or
# mailgw-deliver SOCKET, the libc-only program a pipe may run instead):
# a delivery through the pipe hands its message to the receiver that
# keeps the store open, and exits as its reply says (250: 0, 4xx: 75,
# 5xx: 65). With no receiver there, one that went away, no envelope
# recipient, or a message LMTP cannot carry byte for byte, receive
# stores it itself, as without lmtp_socket.
. "${srcdir:-.}/tests/e2e/lib.sh"

sock=$TMP/lmtp.sock
# A report as an MTA's pipe gives it: LF line ends.
tr -d '\r' <"$TEST_DATA/plain-report.eml" >"$TMP/report.eml"
r=$TMP/report.eml
# The receiver's store is the default one of lib.sh ($DB); the clients'
# configuration names a store of their own, so that where a message
# lands says who stored it.
write_config "$TMP/client.conf" "lmtp_socket = $sock" \
    "database = $TMP/client.db"
in_receiver() {	# MESSAGE-ID: 1 when the receiver's store has it
	sql "SELECT count(*) FROM messages WHERE message_id = '$1'"
}
in_client() {	# MESSAGE-ID: 1 when the client's own store has it
	[ -f "$TMP/client.db" ] || { echo 0; return; }
	"$SQLITE3" "$TMP/client.db" \
	    "SELECT count(*) FROM messages WHERE message_id = '$1'"
}
where() {	# MESSAGE-ID: "R C", its count in the receiver's store and here
	echo "$(in_receiver "$1") $(in_client "$1")"
}
as_id() {	# ID: the report with that Message-ID, in $TMP/ID.eml
	sed "s/^Message-ID: <.*/Message-ID: <$1>/" "$r" >"$TMP/$1.eml"
	echo "$TMP/$1.eml"
}
deliver() {	# FILE [ARGS...]: mailgw-deliver to $sock, falling back on
		# receive with the client configuration
	f=$1
	shift
	"$(dirname "$MAILGW")/mailgw-deliver" "$sock" -c "$TMP/client.conf" \
	    "$@" <"$f" 2>>"$TMP/client.err"
	echo $?
}
client() {	# FILE [ARGS...]: receive through the client configuration
	f=$1
	shift
	MAILGW_CONFIG=$TMP/client.conf "$MAILGW" receive "$@" <"$f" \
	    2>>"$TMP/client.err"
	echo $?
}
start_receiver() {	# returns once it listens (it says so with -v)
	: >>"$TMP/receiver.err"
	_n=$(grep -c 'listening on' "$TMP/receiver.err")
	"$MAILGW" -v lmtp --listen "$sock" 2>>"$TMP/receiver.err" &
	receiver=$!
	_i=0
	until [ "$(grep -c 'listening on' "$TMP/receiver.err")" -gt "$_n" ] ||
	    [ $_i -gt 200 ]; do
		_i=$((_i + 1))
		sleep 0.05
	done
}
trap 'kill $receiver 2>/dev/null; chmod -R u+w "$TMP" 2>/dev/null;
    rm -rf "$TMP"' EXIT

start_receiver
id=$(sed -n 's/^Message-ID: <\(.*\)>.*/\1/p' "$r" | head -1)
is "a delivery with lmtp_socket: exit 0" \
    "$(client "$r" --recipient cert@cert.example)" 0
is "... stored by the receiver, not here" \
    "$(in_receiver "$id") $(in_client "$id")" "1 0"
ok "... and this process never made a store of its own" \
    test ! -e "$TMP/client.db"
is "the same message again: exit 0, stored once" \
    "$(client "$r" --recipient cert@cert.example) $(in_receiver "$id")" "0 1"
f=$(as_id env@lmtp.test)
is "Postfix's ORIGINAL_RECIPIENT is an envelope recipient too" \
    "$(ORIGINAL_RECIPIENT=cert@cert.example client "$f") \
$(where env@lmtp.test)" "0 1 0"
is "... and the recipient is kept as the pipe would keep it" \
    "$(sql "SELECT recipient FROM messages
        WHERE message_id = 'env@lmtp.test'")" "cert@cert.example"

f=$(as_id deliver@lmtp.test)
is "mailgw-deliver: exit 0, stored by the receiver" \
    "$(deliver "$f" --recipient cert@cert.example) \
$(where deliver@lmtp.test)" "0 1 0"
ok "... a program that needs no library but libc" sh -c \
    '! ldd "$1" | grep -v -e libc.so -e ld-linux -e vdso -e libasan \
    -e libubsan -e libstdc -e libm.so -e libgcc -e libpthread -e libdl \
    -e librt | grep -q .' sh "$(dirname "$MAILGW")/mailgw-deliver"

# What is stored here rather than handed over.
f=$(as_id norcpt@lmtp.test)
is "no envelope recipient: stored here" \
    "$(client "$f") $(where norcpt@lmtp.test)" "0 0 1"
sed -e 's/^Message-ID: <.*/Message-ID: <crlf@lmtp.test>/' -e 's/$/\r/' "$r" \
    >"$TMP/crlf.eml"
is "CRLF line ends (LMTP would make them LF): stored here, as they came" \
    "$(client "$TMP/crlf.eml" --recipient cert@cert.example) \
$(where crlf@lmtp.test)" "0 0 1"
is "an empty message: refused before anything, 65" \
    "$(client /dev/null --recipient cert@cert.example)" 65
is "... through mailgw-deliver too (mailgw receive refuses it)" \
    "$(deliver /dev/null --recipient cert@cert.example)" 65
f=$(as_id norcpt2@lmtp.test)
is "mailgw-deliver without a recipient: mailgw receive stores it" \
    "$(deliver "$f") $(where norcpt2@lmtp.test)" "0 0 1"

# The receiver's store held by another process past its busy timeout:
# its 451 is this delivery's 75, and nothing is stored anywhere.
write_config "$MAILGW_CONFIG" "busy_timeout = 200ms"
kill $receiver
wait $receiver 2>/dev/null
start_receiver
f=$(as_id busy@lmtp.test)
hold_lock 3
is "the receiver's store locked: exit 75, as the pipe would" \
    "$(client "$f" --recipient cert@cert.example)" 75
ok "... one line on stderr naming the receiver's reply" \
    grep -q "^mailgw: receive: the receiver at $sock: 451 " "$TMP/client.err"
f2=$(as_id busy2@lmtp.test)
is "... mailgw-deliver too: 75" \
    "$(deliver "$f2" --recipient cert@cert.example)" 75
ok "... its one line naming the reply" grep -q \
    "^mailgw-deliver: the receiver at $sock: 451 " "$TMP/client.err"
wait $holder
is "... and once the lock is gone, the retry is stored by it" \
    "$(client "$f" --recipient cert@cert.example) \
$(where busy@lmtp.test)" "0 1 0"

# The receiver gone, its socket left behind: stored here.
kill $receiver
wait $receiver 2>/dev/null
f=$(as_id gone@lmtp.test)
is "the receiver gone: stored here, exit 0" \
    "$(client "$f" --recipient cert@cert.example) \
$(where gone@lmtp.test)" "0 0 1"
f=$(as_id gone2@lmtp.test)
is "... mailgw-deliver too, through mailgw receive" \
    "$(deliver "$f" --recipient cert@cert.example) \
$(where gone2@lmtp.test)" "0 0 1"
start_receiver
ok "a new receiver replaces the socket left behind" test -S "$sock"
f=$(as_id again@lmtp.test)
is "... and takes deliveries again" \
    "$(client "$f" --recipient cert@cert.example) \
$(where again@lmtp.test)" "0 1 0"

: >"$TMP/not-a-socket"
"$MAILGW" lmtp --listen "$TMP/not-a-socket" 2>"$TMP/err"
is "--listen where a file is (not a socket): 75, the file left alone" \
    "$? $(wc -c <"$TMP/not-a-socket")" "75 0"
"$MAILGW" lmtp --listen relative.sock 2>"$TMP/err"
is "--listen with a relative path: 64" "$?" 64
"$(dirname "$MAILGW")/mailgw-deliver" relative.sock </dev/null 2>"$TMP/err"
is "mailgw-deliver with a relative path: 64, its usage" \
    "$? $(grep -c '^usage: mailgw-deliver SOCKET' "$TMP/err")" "64 1"
done_testing

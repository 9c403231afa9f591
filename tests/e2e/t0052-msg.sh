#!/bin/sh
# An Outlook message attached (phish.msg: Outlook attaches a mail dragged
# into another so): made mail by msgconvert (libemail-outlook-message-perl)
# in a child process under limits, then read as a message attached as a
# file, its subject and text. msgconvert = (empty) turns it off; one
# that is not there, or fails, leaves the .msg stored and its part
# saying so.
. "${srcdir:-.}/tests/e2e/lib.sh"

[ -x /usr/bin/msgconvert ] ||
    skip_all "no /usr/bin/msgconvert (libemail-outlook-message-perl)"

msg_mail() {	# MESSAGE-ID TYPE FILE: a report with FILE attached as TYPE
	attached_mail "$1" "$2" phish.msg "$3"
}

want="domain:bank-login.top url:http://bank-login.top/verify \
email:collect@evil-collect.xyz ipv4:203.0.113.77"
msg_mail msg-1@bank.com application/vnd.ms-outlook \
    "$TEST_DATA/msg/phish.msg" >"$TMP/msg1.eml"
is "an Outlook message attached: exit 0" "$(receive "$TMP/msg1.eml")" 0
is "... the indicators of its subject and text" "$(iocs_of msg-1@bank.com)" \
    "$want"
is "... nothing wrong with it" "$(problems_of msg-1@bank.com)" ""
msg_sha=$(sha256sum <"$TEST_DATA/msg/phish.msg" | cut -d' ' -f1)
is "... the .msg stored as it came" \
    "$(sql "SELECT attachment FROM parts WHERE filename = 'phish.msg'
        LIMIT 1")" "$msg_sha"
ok "attachment text: its subject and text, for a terminal" sh -c \
    '"$1" attachment text "$2" | grep -q "^Subject: Verify your account at bank-login.top$"' \
    sh "$MAILGW" "$msg_sha"

msg_mail msg-2@bank.com application/octet-stream \
    "$TEST_DATA/msg/phish.msg" >"$TMP/msg2.eml"
is "... sent as application/octet-stream, by its name" \
    "$(mg ioc extract --message "$TMP/msg2.eml" | tr '\t' : | paste -sd' ' -)" \
    "$want"

msg_mail msg-3@bank.com application/vnd.ms-outlook \
    "$TEST_DATA/msg/truncated.msg" >"$TMP/msg3.eml"
is "a .msg that is none: the message stored all the same" \
    "$(receive "$TMP/msg3.eml")" 0
is "... and its part says why" "$(problems_of msg-3@bank.com)" \
    "an Outlook message that was not read: /usr/bin/msgconvert could not read it (broken, or no Outlook message)"

# receive_as SETTING MESSAGE-ID: phish.msg attached, received with the
# configuration's msgconvert set so
receive_as() {
	write_config "$TMP/$2.conf" "$1"
	msg_mail "$2" application/vnd.ms-outlook "$TEST_DATA/msg/phish.msg" \
	    >"$TMP/$2.eml"
	MAILGW_CONFIG=$TMP/$2.conf "$MAILGW" receive <"$TMP/$2.eml" \
	    2>>"$TMP/stderr"
}

receive_as "msgconvert =" msg-4@bank.com
cp "$TMP/msg-4@bank.com.conf" "$TMP/off.conf"
is "msgconvert = (empty): the .msg not read, and no problem said" \
    "$(iocs_of msg-4@bank.com)|$(problems_of msg-4@bank.com)" "|"

receive_as "msgconvert = /nonexistent/msgconvert" msg-5@bank.com
is "a msgconvert that is not there: its part says so" \
    "$(problems_of msg-5@bank.com)" \
    "an Outlook message that was not read: /nonexistent/msgconvert is not installed"

# ioc extract --message on a .msg saved from Outlook
is "ioc extract --message phish.msg: its indicators" \
    "$(mg ioc extract --message "$TEST_DATA/msg/phish.msg" | tr '\t' : | paste -sd' ' -)" \
    "$want"
is "... on standard input too" \
    "$(mg ioc extract --message <"$TEST_DATA/msg/phish.msg" | tr '\t' : | paste -sd' ' -)" \
    "$want"
"$MAILGW" ioc extract --message "$TEST_DATA/msg/truncated.msg" >"$TMP/out" \
    2>"$TMP/err"
is "... one that is none: 65, one line saying why, nothing printed" \
    "$? $(wc -l <"$TMP/err") $(wc -c <"$TMP/out")" "65 1 0"
ok "... naming the file and msgconvert" grep -q \
    "truncated.msg is an Outlook message, and /usr/bin/msgconvert could not read it" "$TMP/err"
MAILGW_CONFIG=$TMP/off.conf "$MAILGW" ioc extract --message \
    "$TEST_DATA/msg/phish.msg" >/dev/null 2>"$TMP/err"
is "... msgconvert turned off: 65, and said" "$? $(cat "$TMP/err")" \
    "65 mailgw: ioc extract: $TEST_DATA/msg/phish.msg is an Outlook message, and msgconvert was turned off (msgconvert =)"

"$MAILGW" ioc extract "$TEST_DATA/msg/phish.msg" >"$TMP/out" 2>"$TMP/err"
is "ioc extract phish.msg without --message: read as bytes, and a warning says so" \
    "$? $(cat "$TMP/err")" \
    "0 mailgw: ioc extract: $TEST_DATA/msg/phish.msg is an Outlook message, read as bytes: its UTF-16 text is not seen (--message reads it)"

# import: a .msg among the messages of a directory is no mail to store
mkdir "$TMP/saved"
cp "$TEST_DATA/msg/phish.msg" "$TMP/saved/"
"$MAILGW" import "$TMP/saved" >"$TMP/out" 2>"$TMP/err"
is "import of a .msg: refused, not stored as mail" "$? $(cat "$TMP/out")" \
    "0 1 message(s) read: 0 stored, 0 stored before, 1 refused"
ok "... saying what it is and what reads it" grep -q \
    "phish.msg: skipped: an Outlook message (.msg), not mail; attach it to a report, or read it with ioc extract --message" \
    "$TMP/err"

write_config "$TMP/bad.conf" "msgconvert = msgconvert"
ok "msgconvert must be a full path" sh -c \
    '! MAILGW_CONFIG=$1 "$2" ticket list >/dev/null 2>&1' \
    sh "$TMP/bad.conf" "$MAILGW"
done_testing

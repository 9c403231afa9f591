#!/bin/sh
# Invariant 2: the same message delivered twice is stored once; a reused
# Message-ID with other content is another message.
. "${srcdir:-.}/tests/e2e/lib.sh"

r=$TEST_DATA/plain-report.eml
is "first delivery: exit 0" "$(receive "$r")" 0
is "second delivery: exit 0" "$(receive "$r")" 0
is "stored once" "$(count_messages)" 1

{ printf 'Received: from relay.example by mx.cert.example; Mon, 23 Nov 2026 01:00:00 +0000\r\n'; cat "$r"; } >"$TMP/relayed.eml"
is "re-delivery with one more Received: exit 0" "$(receive "$TMP/relayed.eml")" 0
is "... still stored once" "$(count_messages)" 1

{ printf 'Return-Path: <other@bounce.example>\nDelivered-To: cert@cert.example\nX-Original-To: cert@cert.example\n'
  printf 'Received: from a\n\tby b\n\twith folded lines; Mon, 23 Nov 2026 01:00:00 +0000\n'; cat "$r"; } >"$TMP/more-trace.eml"
is "re-delivery with other trace fields (folded too): exit 0" "$(receive "$TMP/more-trace.eml")" 0
is "... still stored once" "$(count_messages)" 1

{ printf 'From MAILER-DAEMON Mon Nov 23 01:00:00 2026\n'; cat "$r"; } >"$TMP/mbox.eml"
is "re-delivery with an mbox From_ line: exit 0" "$(receive "$TMP/mbox.eml")" 0
is "... still stored once" "$(count_messages)" 1

sed 's/Please have them taken down./Please have them taken down today./' "$r" >"$TMP/changed.eml"
is "same Message-ID, other body: exit 0" "$(receive "$TMP/changed.eml")" 0
is "... is a second message" "$(count_messages)" 2
sed 's/^Subject: .*/Subject: a different subject\r/' "$r" >"$TMP/changed2.eml"
is "same Message-ID, other header: exit 0" "$(receive "$TMP/changed2.eml")" 0
is "... is a third message" "$(count_messages)" 3
is "... each in its own ticket (no tag, no reference)" \
    "$(sql "SELECT count(DISTINCT ticket_id) FROM messages")" 3

n=$(count_messages)
is "no Message-ID: exit 0" "$(receive "$TEST_DATA/no-message-id.eml")" 0
is "no Message-ID, again: exit 0" "$(receive "$TEST_DATA/no-message-id.eml")" 0
is "no Message-ID: stored once" "$(count_messages)" $((n + 1))
sed 's/A report/Another report/' "$TEST_DATA/no-message-id.eml" >"$TMP/other-noid.eml"
receive "$TMP/other-noid.eml" >/dev/null
is "no Message-ID, other content: stored" "$(count_messages)" $((n + 2))
is "a duplicate writes nothing to the audit log" \
    "$(sql "SELECT count(*) FROM audit WHERE action IN ('ticket.create', 'message.in')")" "$(count_messages)"
done_testing

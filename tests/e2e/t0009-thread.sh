#!/bin/sh
# Threading as far as the foundation goes: our tag in the subject, then
# In-Reply-To, then References; otherwise a new ticket. A reply to a
# resolved ticket reopens it.
. "${srcdir:-.}/tests/e2e/lib.sh"

is "report opens ticket 1" "$(receive "$TEST_DATA/plain-report.eml")" 0
is "ticket subject keeps the partner's tag" "$(show 1 .subject)" \
    "[AUSCERT #4711] Phishing hosts in two provinces"

is "reply with our tag behind AW: Re:" "$(receive "$TEST_DATA/reply-by-tag.eml")" 0
is "... joins ticket 1" "$(show 1 '.messages | length')" 2
is "... no new ticket" "$(sql "SELECT count(*) FROM tickets")" 1
is "... audit says how" "$(sql "SELECT detail FROM audit WHERE action = 'message.in' ORDER BY id DESC LIMIT 1" | sed 's/.*threaded by //')" tag

is "reply found by References (In-Reply-To unknown)" \
    "$(receive "$TEST_DATA/reply-by-references.eml")" 0
is "... joins ticket 1" "$(show 1 '.messages | length')" 3
is "... its GB2312 Q-encoded subject decoded" "$(show 1 '.messages[2].subject')" "回复: 处理完毕"

sed -e 's/^Message-ID: .*/Message-ID: <irt@isp.example>\r/' \
    -e 's/^In-Reply-To: .*/In-Reply-To: <noc-77@carrier.example>\r/' \
    -e '/^References:/d' -e 's/^Subject: .*/Subject: thanks\r/' \
    "$TEST_DATA/reply-by-references.eml" >"$TMP/irt.eml"
is "reply found by In-Reply-To" "$(receive "$TMP/irt.eml")" 0
is "... joins ticket 1" "$(show 1 '.messages | length')" 4

printf 'From: x@y.example\nSubject: =?utf-8?Q?Re=3A_=5Bcncert_=231=5D_encoded?=\nMessage-ID: <enc@y.example>\n\nbody\n' >"$TMP/enc.eml"
is "tag inside an RFC 2047 subject, lower case" "$(receive "$TMP/enc.eml")" 0
is "... joins ticket 1" "$(show 1 '.messages | length')" 5

printf 'From: x@y.example\nSubject: Re: [CNCERT #999] no such ticket\nMessage-ID: <t999@y.example>\n\nbody\n' >"$TMP/t999.eml"
is "tag naming no ticket" "$(receive "$TMP/t999.eml")" 0
is "... opens a new ticket" "$(sql "SELECT count(*) FROM tickets")" 2
is "... whose subject drops the prefix and the tag" "$(show 2 .subject)" "no such ticket"

printf 'From: x@y.example\nSubject: [OTHERCERT #1] not ours\nMessage-ID: <other@y.example>\n\nbody\n' >"$TMP/other.eml"
receive "$TMP/other.eml" >/dev/null
is "another CERT's tag is not ours: new ticket" "$(sql "SELECT count(*) FROM tickets")" 3

mg ticket set 1 status=resolved >/dev/null
printf 'From: noc@carrier.example\nSubject: Re: [CNCERT #1] it is back\nMessage-ID: <back@carrier.example>\n\nThe host is up again.\n' >"$TMP/back.eml"
is "reply to a resolved ticket" "$(receive "$TMP/back.eml")" 0
is "... reopens it" "$(show 1 .status)" open
is "... audited" "$(sql "SELECT count(*) FROM audit WHERE ticket_id = 1 AND action = 'ticket.reopen'")" 1
is "... no new ticket" "$(sql "SELECT count(*) FROM tickets")" 3
done_testing

#!/bin/sh
# Hostile sizes and shapes (issue 9): a 50 MB message, 10,000 parts,
# nesting 1,000 deep, a 10 MB header line, 100,000 recipients, a zip
# bomb: each stored (or refused) within the configured limits, in
# bounded time and memory, never a crash.
. "${srcdir:-.}/tests/e2e/lib.sh"

# Memory is bounded for the plain build; AddressSanitizer reserves far
# more address space than it uses, so there only time is. The build
# says which it is (SANITIZERS, from make check); by hand, ASAN_OPTIONS.
limit=
case "${SANITIZERS:-}${ASAN_OPTIONS:-}" in
'') limit="ulimit -v 1500000;" ;;
esac
# rcv FILE: exit code of receive within 120 s (and 1.5 GB when bounded).
rcv() {
	sh -c "$limit exec timeout 120 \"\$0\" receive" "$MAILGW" <"$1" 2>>"$TMP/err"
	echo $?
}

awk 'BEGIN { print "From: a@b.example\nSubject: big\nMessage-ID: <big@x>\nContent-Type: text/plain\n"
	line = "198.51.100.7 scanned 203.0.113.9 port 23 at 2026-11-22T08:00:00Z, again and again"
	for (i = 0; i < 640000; i++) print line }' >"$TMP/big.eml"
ok "a 50 MB message: generated" test "$(wc -c <"$TMP/big.eml")" -gt 50000000
is "... stored" "$(rcv "$TMP/big.eml")" 0
is "... once, whole" "$(sql "SELECT size = $(wc -c <"$TMP/big.eml") FROM messages WHERE message_id = 'big@x'")" 1

# A 30 MB text, under max_attachment_size: read, its indicators stored
# and its text indexed for search in 175 MB of address space, where
# copies of it made while parsing and indexing took 211 MB (its bytes
# as they came, decoded, as text, joined with the other texts, spaced
# for the index and that result again).
if [ -n "$limit" ]; then
	awk 'BEGIN { print "From: a@b.example\nSubject: text\nMessage-ID: <text30@x>\nContent-Type: text/plain\n"
		line = "198.51.100.8 scanned 203.0.113.10 port 23 at 2026-11-22T08:00:00Z, over and over"
		for (i = 0; i < 370000; i++) print line }' >"$TMP/text30.eml"
	sh -c 'ulimit -v 175000; exec "$0" receive' "$MAILGW" <"$TMP/text30.eml" 2>>"$TMP/err"
	is "a 30 MB text in 175 MB: stored" "$?" 0
	is "... its indicators on the ticket" \
	    "$(sql "SELECT group_concat(value, ' ') FROM (SELECT i.value FROM iocs i JOIN messages m ON m.id = i.message_id WHERE m.message_id = 'text30@x' ORDER BY i.value)")" \
	    "198.51.100.8 203.0.113.10"
	is "... its text found" \
	    "$(mg ticket list --text 'over and over' --json | "$JQ" -r '.[].subject')" text

	# Memory that runs out is a temporary failure (75: the MTA keeps
	# the message and tries again), one line said, not a signal and a
	# core file; the second try, given the memory, stores it.
	sed 's/text30@x/short30@x/' "$TMP/text30.eml" >"$TMP/short30.eml"
	sh -c 'ulimit -v 60000; exec "$0" receive' "$MAILGW" \
	    <"$TMP/short30.eml" 2>"$TMP/short.err"
	is "... in 60 MB: 75" "$?" 75
	is "... one line why" "$(wc -l <"$TMP/short.err" | tr -d ' ') $(grep -c \
	    -x 'mailgw: .*out of memory.*' "$TMP/short.err")" "1 1"
	is "... nothing stored" \
	    "$(sql "SELECT count(*) FROM messages WHERE message_id = 'short30@x'")" 0
	is "... then stored" "$(rcv "$TMP/short30.eml")" 0
	is "... once" \
	    "$(sql "SELECT count(*) FROM messages WHERE message_id = 'short30@x'")" 1
fi

awk 'BEGIN { print "From: a@b.example\nSubject: parts\nMessage-ID: <parts@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=p\n"
	for (i = 0; i < 10000; i++) printf "--p\nContent-Type: text/plain\n\npart %d 192.0.2.%d\n", i, i % 250
	print "--p--" }' >"$TMP/parts.eml"
is "10,000 parts: stored" "$(rcv "$TMP/parts.eml")" 0
is "... the parts walked stop at max_parts (1000)" \
    "$(sql "SELECT count(*) <= 1001 FROM parts p JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'parts@x'")" 1
ok "... and the problem is noted" test -n "$(sql "SELECT problem FROM messages WHERE message_id = 'parts@x'")$(sql "SELECT group_concat(p.problem) FROM parts p JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'parts@x' AND p.problem IS NOT NULL")"

awk 'BEGIN { print "From: a@b.example\nSubject: deep\nMessage-ID: <deep@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n"
	for (i = 1; i < 1000; i++) printf "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i - 1, i
	print "--b999\nContent-Type: text/plain\n\nthe bottom\n--b999--"
	for (i = 998; i >= 0; i--) printf "--b%d--\n", i }' >"$TMP/deep.eml"
is "nesting 1,000 deep: stored" "$(rcv "$TMP/deep.eml")" 0
is "... walked no deeper than max_depth (32)" \
    "$(sql "SELECT max(depth) <= 33 FROM parts p JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'deep@x'")" 1

awk 'BEGIN { printf "From: a@b.example\nSubject: long\nMessage-ID: <long@x>\nX-Long: "
	for (i = 0; i < 200000; i++) printf "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	print "\n\nbody" }' >"$TMP/long.eml"
is "a 10 MB header line: stored" "$(rcv "$TMP/long.eml")" 0

awk 'BEGIN { printf "From: a@b.example\nSubject: many\nMessage-ID: <many@x>\nTo: "
	for (i = 0; i < 100000; i++) printf "%sr%d@example.org", i ? ",\n " : "", i
	print "\n\nbody" }' >"$TMP/many.eml"
is "100,000 recipients: stored" "$(rcv "$TMP/many.eml")" 0
is "... the To header kept" "$(sql "SELECT length(to_addrs) > 1000000 FROM messages WHERE message_id = 'many@x'")" 1

# A zip bomb: 1 GB of zeros in a few kilobytes. mailgw never unpacks
# archives (libmagic is told not to look inside compressed data).
if command -v gzip >/dev/null; then
	head -c 1000000000 /dev/zero | gzip -9 >"$TMP/bomb.gz"
	{
		printf 'From: a@b.example\nSubject: bomb\nMessage-ID: <bomb@x>\nMIME-Version: 1.0\n'
		printf 'Content-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nsee attachment\n'
		printf -- '--z\nContent-Type: application/gzip; name="bomb.gz"\nContent-Disposition: attachment; filename="bomb.gz"\nContent-Transfer-Encoding: base64\n\n'
		base64 "$TMP/bomb.gz"
		printf -- '--z--\n'
	} >"$TMP/bomb.eml"
	is "a zip bomb attached: stored" "$(rcv "$TMP/bomb.eml")" 0
	is "... its bytes kept as they came" \
	    "$(sql "SELECT a.size = $(wc -c <"$TMP/bomb.gz") FROM attachments a JOIN parts p ON p.attachment = a.sha256 JOIN messages m ON m.id = p.message_id WHERE m.message_id = 'bomb@x'")" 1
fi
write_config "$TMP/small.conf" "max_message_size = 1M"
is "over max_message_size: refused, 65" "$(MAILGW_CONFIG=$TMP/small.conf rcv "$TMP/big.eml")" 65
ok "... with one line saying why" grep -q "^mailgw: .*max_message_size" "$TMP/err"
done_testing

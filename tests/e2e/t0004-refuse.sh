#!/bin/sh
# Permanent refusals: empty input and input over the size limit exit 65
# with one clear line on stderr (the MTA puts it in the bounce).
. "${srcdir:-.}/tests/e2e/lib.sh"

: | mg receive 2>"$TMP/err"; rc=$?
is "empty input: exit 65" "$rc" 65
is "empty input: one line on stderr" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
is "empty input: says why" "$(cat "$TMP/err")" "mailgw: receive: message refused: empty input"
printf '\r\n \n\t\n' | mg receive 2>/dev/null; rc=$?
is "only white space: exit 65" "$rc" 65

write_config "$TMP/small.conf" "max_message_size = 2K"
head -c 2048 /dev/zero | tr '\0' 'a' >"$TMP/body"
{ printf 'Subject: exactly at the limit\n\n'; cat "$TMP/body"; } | head -c 2048 >"$TMP/at.eml"
is "test message is 2048 bytes" "$(wc -c <"$TMP/at.eml" | tr -d ' ')" 2048
mg -c "$TMP/small.conf" receive <"$TMP/at.eml"; rc=$?
is "exactly at the limit: exit 0" "$rc" 0
{ printf 'Subject: one byte over\n\n'; cat "$TMP/body"; } | head -c 2049 >"$TMP/over.eml"
is "test message is 2049 bytes" "$(wc -c <"$TMP/over.eml" | tr -d ' ')" 2049
mg -c "$TMP/small.conf" receive <"$TMP/over.eml" 2>"$TMP/err"; rc=$?
is "one byte over the limit: exit 65" "$rc" 65
is "over the limit: one line naming the limit" "$(cat "$TMP/err")" \
    "mailgw: receive: message refused: larger than the limit of 2048 bytes (max_message_size)"
head -c 5000000 /dev/zero | mg -c "$TMP/small.conf" receive 2>/dev/null; rc=$?
is "far over the limit: exit 65" "$rc" 65
is "nothing but the message at the limit stored" "$(count_messages)" 1
done_testing

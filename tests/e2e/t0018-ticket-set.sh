#!/bin/sh
# ticket set ID KEY=VALUE...: status, category, owner, priority; checked,
# all or nothing, each change in the audit log with who made it.
. "${srcdir:-.}/tests/e2e/lib.sh"

receive "$TEST_DATA/plain-report.eml" >/dev/null
is "a new ticket: priority normal, no category, no owner" \
    "$(show 1 '[.priority, .category, .owner] | map(tostring) | join(" ")')" "normal null null"
out=$(mg ticket set 1 status=open category=phishing owner=zhang priority=high)
is "ticket set prints each change" "$out" "[CNCERT #1] status: new -> open
[CNCERT #1] category: - -> phishing
[CNCERT #1] owner: - -> zhang
[CNCERT #1] priority: normal -> high"
is "... and they hold" "$(show 1 '[.status, .category, .owner, .priority] | join(" ")')" \
    "open phishing zhang high"
is "... audited with the local user" \
    "$(sql "SELECT actor || ' ' || detail FROM audit WHERE action = 'ticket.set' ORDER BY id LIMIT 1")" \
    "user:$(id -un) status: new -> open"
is "clearing the owner" "$(mg ticket set '[CNCERT #1]' owner=)" "[CNCERT #1] owner: zhang -> -"
is "... it is gone" "$(show 1 .owner)" null

for bad in status=closed priority=urgent category=whatever owner='a b' colour=blue \
    a_key_of_sixteen=x nokey; do
	mg ticket set 1 "$bad" >/dev/null 2>"$TMP/err"; rc=$?
	is "ticket set 1 $bad: exit 64" "$rc" 64
done
ok "... saying why" grep -q "^mailgw: ticket set: '*nokey'* is not KEY=VALUE$" "$TMP/err"
mg ticket set 1 "owner=$(printf 'li\377')" >/dev/null 2>"$TMP/err"; rc=$?
is "an owner that is not UTF-8: exit 64" "$rc" 64
ok "... saying so, the byte escaped" grep -q "owner: 'li\\\\xff' is not UTF-8" "$TMP/err"
# What a value quotes stays on its line: no forged line, no escapes for
# the terminal (the MTA puts stderr in a bounce; syslog keeps it).
mg ticket set 1 "category=$(printf 'a\nmailgw: forged\033[31m')" >/dev/null 2>"$TMP/err"
is "an error quoting a newline and an escape: one line (and the usage, a line a form)" \
    "$(grep -c "^mailgw: " "$TMP/err"):$(grep -c "^usage: " "$TMP/err"):$(grep -c -v "^mailgw: \|^usage: mailgw ticket \|^       mailgw ticket " "$TMP/err")" "1:1:0"
ok "... both written as \\xNN" grep -q "'a\\\\x0amailgw: forged\\\\x1b\[31m' is not a category" "$TMP/err"
mg ticket set 1 "category=Zoë" >/dev/null 2>"$TMP/err"
ok "... UTF-8 kept as it is" grep -q "'Zoë' is not a category" "$TMP/err"
mg ticket set 1 status=resolved priority=urgent >/dev/null 2>&1
is "one bad value: nothing changes (all or nothing)" "$(show 1 .status)" open
mg ticket set 99 status=open >/dev/null 2>"$TMP/err"; rc=$?
is "no such ticket: exit 66" "$rc" 66

# Categories come from [desk] categories.
printf '[desk]\ncategories = phishing botnet\n' >>"$MAILGW_CONFIG"
is "a configured category" "$(mg ticket set 1 category=botnet)" "[CNCERT #1] category: phishing -> botnet"
mg ticket set 1 category=malware >/dev/null 2>&1; rc=$?
is "a category the configuration does not list: exit 64" "$rc" 64

# Resolved, then a reply reopens it.
mg ticket set 1 status=resolved >/dev/null
printf 'From: noc@carrier.example\nSubject: Re: [CNCERT #1] back\nMessage-ID: <back@carrier.example>\n\nup again\n' >"$TMP/back.eml"
receive "$TMP/back.eml" >/dev/null
is "a reply to the resolved ticket reopens it" "$(show 1 .status)" open
done_testing

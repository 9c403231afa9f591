#!/bin/sh
# Bulk: notify over 300 contacts killed with SIGKILL half way, then run
# again: every contact ends with exactly one message. --rate, and one
# sending run at a time.
. "${srcdir:-.}/tests/e2e/lib.sh"

awk 'BEGIN { print "kind,name,email,cidr"
	for (i = 0; i < 300; i++) printf "network,Net %d,abuse%d@net%d.example,58.%d.%d.0/24\n", i, i, i, int(i / 256), i % 256 }' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
awk 'BEGIN { print "From: sensors@partner.example\nTo: cert@cert.example\nSubject: Infected hosts\nMessage-ID: <bulk@test.example>\n"
	for (i = 0; i < 300; i++) printf "58.%d.%d.7\n", int(i / 256), i % 256 }' >"$TMP/r.eml"
receive "$TMP/r.eml" >/dev/null
OUT=$TMP/outbox/new
# The program itself in the background (not through a shell function, which
# would leave it running when the subshell is killed).
"$MAILGW" notify 1 >/dev/null 2>&1 &
pid=$!
# Kill it once some messages are out, wherever it is then.
for i in $(seq 1 200); do
	[ "$(ls "$OUT" 2>/dev/null | wc -l)" -ge 30 ] && break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
ok "killed half way (some, not all, out)" test "$(ls "$OUT" | wc -l)" -lt 300
mg notify 1 >/dev/null 2>&1
is "run again: 300 messages" "$(ls "$OUT" | wc -l | tr -d ' ')" 300
is "... one per contact" "$(cat "$OUT"/* | grep -c '^Delivered-To: ')" 300
is "... 300 distinct recipients" "$(cat "$OUT"/* | sed -n 's/^Delivered-To: //p' | sort -u | wc -l | tr -d ' ')" 300
is "... every notification sent" "$(sql "SELECT group_concat(DISTINCT status) FROM notifications")" sent
is "a third run: nothing" "$(mg notify 1 | cut -d';' -f2)" " 0 sent, 0 failed, 0 still pending"
mg notify 1 --rate 0 >/dev/null 2>&1
is "--rate 0: usage, 64" "$?" 64
printf 'From: s@partner.example\nTo: cert@cert.example\nSubject: Two more\nMessage-ID: <two@test.example>\n\n59.1.1.1 59.1.2.2\n' >"$TMP/t.eml"
printf 'kind,name,email,cidr\nnetwork,A,a@a.example,59.1.1.0/24\nnetwork,B,b@b.example,59.1.2.0/24\n' >"$TMP/c2.csv"
mg contact import --format csv "$TMP/c2.csv" >/dev/null
receive "$TMP/t.eml" >/dev/null
start=$(date +%s)
"$MAILGW" notify 2 --rate 60 >/dev/null &
pid=$!
# Once its first message is out (the second waits a second), it holds the
# store's sending lock, and a second run must wait its turn.
i=0
while ! grep -q -e "^Delivered-To: a@a.example" -e "^Delivered-To: b@b.example" "$OUT"/* 2>/dev/null &&
    [ $i -lt 200 ]; do
	sleep 0.02
	i=$((i + 1))
done
mg notify 2 >/dev/null 2>"$TMP/err"; rc=$?
is "a second notify while one is sending: 75" "$rc" 75
ok "... saying another is sending" grep -q "another notify or takedown is sending from this store" "$TMP/err"
out=$(mg notify 2 --dry-run 2>&1); rc=$?
is "... a dry run meanwhile is fine" "$rc" 0
wait $pid
ok "--rate 60: two messages a second apart" test "$(($(date +%s) - start))" -ge 1
is "... and each contact once" "$(grep -l -e "^Delivered-To: a@a.example" -e "^Delivered-To: b@b.example" "$OUT"/* | wc -l | tr -d ' ')" 2
done_testing

#!/bin/sh
# Bulk: one notify over a ticket of 10,000 addresses across 2,000
# contacts (300 under the sanitizers), signed (two workers), killed with
# SIGKILL part way, then run
# again: every contact ends with exactly one signed message listing its
# addresses; a progress line on a terminal only; --rate, and one sending
# run at a time.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

# The issue's scale in the plain build; under the sanitizers, where every
# fork of gpg copies ASan's page tables (a minute and a half of system
# time for 2,000), a smaller one.
n=2000
case "${SANITIZERS:-}${ASAN_OPTIONS:-}" in
?*) n=300 ;;
esac
G=$TMP/gnupg
gpg_home "$G"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")
write_config "$TMP/mailgw.conf" "signing_key = $GW"
awk -v n=$n 'BEGIN { print "kind,name,email,cidr"
	for (i = 0; i < n; i++) printf "network,Net %d,abuse%d@net%d.example,58.%d.%d.0/24\n", i, i, i, int(i / 256), i % 256 }' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
awk -v n=$n 'BEGIN { print "From: sensors@partner.example\nTo: cert@cert.example\nSubject: Infected hosts\nMessage-ID: <bulk@test.example>\n"
	for (i = 0; i < n; i++) for (k = 1; k <= 5; k++) printf "58.%d.%d.%d\n", int(i / 256), i % 256, k }' >"$TMP/r.eml"
receive "$TMP/r.eml" >/dev/null
is "$((5 * n)) addresses on the ticket" "$(sql "SELECT count(*) FROM iocs WHERE type = 'ipv4'")" $((5 * n))
OUT=$TMP/outbox/new
# The program itself in the background (not through a shell function, which
# would leave it running when the subshell is killed).
"$MAILGW" notify 1 >/dev/null 2>"$TMP/killed.err" &
pid=$!
# Kill it once some messages are out, wherever it is then.
for i in $(seq 1 600); do
	[ "$(ls "$OUT" 2>/dev/null | wc -l)" -ge $((n / 7)) ] && break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
ok "killed part way (some, not all, out)" test "$(ls "$OUT" | wc -l)" -lt $n
ok "... no progress line when standard error is no terminal" sh -c '! grep -q "handed over" "$0"' "$TMP/killed.err"
# Run again on a terminal (script(1) gives it one).
script -qec "\"$MAILGW\" notify 1" /dev/null >"$TMP/tty.out" 2>&1
is "run again, on a terminal: exit 0" "$?" 0
ok "... a progress line there" grep -q "notify: \[CNCERT #1\] [0-9]* of [0-9]* handed over" "$TMP/tty.out"
ok "... its last count left standing: all of them" sh -c 'tr "\r" "\n" <"$0" | grep -q "notify: \[CNCERT #1\] \([0-9]*\) of \1 handed over.\[K\$"' "$TMP/tty.out"
is "$n messages" "$(ls "$OUT" | wc -l | tr -d ' ')" $n
is "... one per contact" "$(cat "$OUT"/* | sed -n 's/^Delivered-To: //p' | sort -u | wc -l | tr -d ' ')" $n
is "... every one signed" "$(grep -l '^ protocol="application/pgp-signature"' "$OUT"/* | wc -l | tr -d ' ')" $n
is "... every notification sent" "$(sql "SELECT group_concat(DISTINCT status) FROM notifications")" sent
mg ticket show 1 >"$TMP/show.txt"
is "ticket show: the first 50 notifications listed" "$(grep -c '^  notified: abuse' "$TMP/show.txt")" 50
is "... and how all of them stand" "$(grep '^  notified: \.\.\.' "$TMP/show.txt")" \
    "  notified: ... and $((n - 50)) more (ticket show 1 --json lists them); all $n: $n sent"
is "... our $n messages by recipient and subject alone" \
    "$(grep -c '^  #[0-9]* to  abuse' "$TMP/show.txt"):$(grep -c '^     queued:' "$TMP/show.txt")" "$n:0"
# Net 234 (58.0.234.0/24) is told its five addresses and no other.
f=$(grep -l '^Delivered-To: abuse234@net234.example' "$OUT"/*)
is "... each listing its own five addresses" \
    "$(grep -o '58\.[0-9]*\.[0-9]*\.[0-9]*' "$f" | sort -u | tr '\n' ' ')" \
    "58.0.234.1 58.0.234.2 58.0.234.3 58.0.234.4 58.0.234.5 "
# Three signatures checked by gpg: the first, one from the killed run's
# rerun and the last.
good=0
for f in $(ls "$OUT"/* | sed -n "1p;$((n / 2))p;\$p"); do
	notification_signed_by "$G" "$GW" "$f" && good=$((good + 1))
done
is "... the signatures good (gpg, three of them)" "$good" 3
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

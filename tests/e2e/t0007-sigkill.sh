#!/bin/sh
# 200 deliveries, each killed with SIGKILL at a random moment and
# delivered again until it exits 0, as an MTA would: every message is
# stored exactly once and the store checks clean.
. "${srcdir:-.}/tests/e2e/lib.sh"

command -v timeout >/dev/null || skip_all "timeout(1) not installed"
mkdir "$TMP/msgs"
awk -v dir="$TMP/msgs" 'BEGIN {
	for (i = 1; i <= 200; i++) {
		f = dir "/" i ".eml"
		printf "Received: from relay%d.example by mx.cert.example\n", i >f
		printf "From: reporter@partner.example\n" >f
		printf "To: cert@cert.example\n" >f
		printf "Subject: incident %d\n", i >f
		printf "Message-ID: <kill-%d@partner.example>\n\n", i >f
		for (l = 0; l < i * 20; l++)
			printf "203.0.113.%d line %d of a longer scan report\n", i % 250, l >f
		close(f)
	}
}'

# How long one delivery takes here (the kill window must cover it): the
# fastest of ten deliveries of the largest message into a scratch store,
# since other tests running beside this one only ever slow it down.
write_config "$TMP/scratch.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/scratch.db|" "$TMP/scratch.conf"
run_us=
for n in 1 2 3 4 5 6 7 8 9 10; do
	sed "s/^Message-ID: .*/Message-ID: <cal-$n@x>/" "$TMP/msgs/200.eml" >"$TMP/cal.eml"
	start=$(date +%s%N)
	"$MAILGW" -c "$TMP/scratch.conf" receive <"$TMP/cal.eml"
	us=$((($(date +%s%N) - start) / 1000))
	[ -z "$run_us" ] || [ "$us" -lt "$run_us" ] && run_us=$us
done
echo "# one delivery takes at least $run_us us"

# A random delay in [0, window): a kill anywhere from exec to exit. The
# window follows the machine's load (shrinks after a delivery that got
# through, grows after a kill), so that about half are killed; a message
# killed again and again gets more time on each retry.
window=$((run_us * 3 / 2))
delay() {
	n=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	us=$((n % (window * (1 + $1)) + 1))
	printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}

killed=0
attempts=0
i=1
while [ "$i" -le 200 ]; do
	try=0
	while :; do
		timeout -s KILL "$(delay "$try")" "$MAILGW" receive \
		    <"$TMP/msgs/$i.eml" 2>/dev/null
		rc=$?
		attempts=$((attempts + 1))
		if [ "$rc" -eq 137 ]; then
			killed=$((killed + 1))
			window=$((window * 11 / 10))
		else
			window=$((window * 8 / 10 + 100))
		fi
		[ "$rc" -eq 0 ] && break
		try=$((try + 1))
		if [ "$try" -gt 60 ]; then
			echo "# message $i never got through (last exit $rc)"
			break
		fi
	done
	i=$((i + 1))
done
echo "# $attempts attempts, $killed killed by SIGKILL"
ok "many deliveries were killed (the test tests something)" test "$killed" -ge 50
ok "some deliveries were not killed" test "$attempts" -gt "$killed"
is "200 messages stored" "$(count_messages)" 200
is "each exactly once" "$(sql "SELECT count(DISTINCT message_id) FROM messages")" 200
is "each in its own ticket" "$(sql "SELECT count(*) FROM tickets")" 200
is "no ticket without its message" \
    "$(sql "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)")" 0
ok "raw bytes intact (sizes match the files)" sh -c '
	for i in 1 50 100 150 200; do
		want=$(wc -c <"$1/msgs/$i.eml" | tr -d " ")
		got=$("$SQLITE3" "$2" "SELECT length(raw) FROM messages WHERE message_id = '"'"'kill-$i@partner.example'"'"'")
		[ "$want" = "$got" ] || exit 1
	done' sh "$TMP" "$DB"
mg db check >"$TMP/check" 2>&1; rc=$?
is "db check exits 0" "$rc" 0
ok "db check reports integrity ok" grep -q "^integrity: ok$" "$TMP/check"
done_testing

#!/bin/sh
# Many MTA deliveries at once: 8 concurrent writers x 100 distinct
# messages give exactly 800 stored messages; every delivery exits 0, or
# 75 and then succeeds on a retry, as the MTA would do it.
. "${srcdir:-.}/tests/e2e/lib.sh"

write_config "$TMP/mailgw.conf" "busy_timeout = 20s"
mkdir "$TMP/msgs"
awk -v dir="$TMP/msgs" 'BEGIN {
	for (w = 1; w <= 8; w++)
		for (i = 1; i <= 100; i++) {
			f = dir "/" w "-" i ".eml"
			printf "From: writer%d@partner.example\n", w >f
			printf "To: cert@cert.example\n" >f
			printf "Subject: report %d from writer %d\n", i, w >f
			printf "Message-ID: <%d.%d@partner.example>\n\n", w, i >f
			printf "Host 192.0.2.%d is scanning.\n", i >f
			close(f)
		}
}'

writer() {
	w=$1
	i=1
	while [ "$i" -le 100 ]; do
		tries=0
		while :; do
			"$MAILGW" receive <"$TMP/msgs/$w-$i.eml" 2>>"$TMP/err.$w"
			rc=$?
			echo "$rc" >>"$TMP/rc.$w"
			[ "$rc" -eq 75 ] && [ "$tries" -lt 20 ] || break
			tries=$((tries + 1))
			sleep 0.1
		done
		echo "$rc" >>"$TMP/final.$w"
		i=$((i + 1))
	done
}

w=1
while [ "$w" -le 8 ]; do
	writer "$w" &
	w=$((w + 1))
done
wait

is "800 deliveries finished" "$(cat "$TMP"/final.* | wc -l | tr -d ' ')" 800
is "every delivery finally exited 0" "$(cat "$TMP"/final.* | sort -u | tr -d '\n')" 0
is "no exit code but 0 and 75 on any attempt" \
    "$(cat "$TMP"/rc.* | grep -cv '^\(0\|75\)$')" 0
echo "# attempts that exited 75 and were retried: $(cat "$TMP"/rc.* | grep -c '^75$')"
is "exactly 800 messages stored" "$(count_messages)" 800
is "800 distinct Message-IDs" "$(sql "SELECT count(DISTINCT message_id) FROM messages")" 800
is "800 tickets" "$(sql "SELECT count(*) FROM tickets")" 800
is "ticket ids are dense: no transaction lost half-way" "$(sql "SELECT max(id) FROM tickets")" 800
ok "db check is clean" sh -c '"$MAILGW" db check >/dev/null'
done_testing

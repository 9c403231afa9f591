#!/bin/sh
# The sendmail transport: sendmail -oi -f ENVELOPE -- RCPT, the message
# on standard input (LF line ends), no shell; exit 0 sent, 75 or a crash
# later, 67 never (with sendmail's words).
. "${srcdir:-.}/tests/e2e/lib.sh"

mkdir -p "$TMP/sm"
cat >"$TMP/sm/sendmail" <<SH
#!/bin/sh
n=\$(ls "$TMP/sm" | grep -c '^msg' || true)
printf '%s\n' "\$@" >"$TMP/sm/args.\$n"
cat >"$TMP/sm/msg.\$n"
code=\$(cat "$TMP/sm/exit" 2>/dev/null || echo 0)
eval last=\\\${\$#}
[ "\$code" = 67 ] && echo "5.1.1 <\$last>: Recipient address rejected" >&2
[ "\$code" = kill ] && kill -9 \$\$
exit "\$code"
SH
chmod +x "$TMP/sm/sendmail"
write_config "$TMP/mailgw.conf"
sed -i "s|^url = .*|url = sendmail:$TMP/sm/sendmail|" "$TMP/mailgw.conf"
printf 'kind,name,email,cidr\nnetwork,Example Telecom,abuse@telecom.example,58.16.0.0/16\nnetwork,Other Telecom,abuse@other.example,59.32.0.0/16\n' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: Hosts\nMessage-ID: <s1@test.example>\n\nHost 58.16.1.1\n' >"$TMP/a.eml"
receive "$TMP/a.eml" >/dev/null

echo 75 >"$TMP/sm/exit"
is "sendmail says try later: the notification stays pending" \
    "$(mg notify 1 2>"$TMP/err" | cut -d';' -f2)" " 0 sent, 0 failed, 1 still pending"
ok "... and why, on stderr" grep -q "sendmail: exit 75" "$TMP/err"
echo kill >"$TMP/sm/exit"
is "sendmail killed: still pending" "$(mg notify 1 2>/dev/null | cut -d';' -f2)" " 0 sent, 0 failed, 1 still pending"
rm "$TMP/sm/exit"
is "sendmail accepts: sent, once" "$(mg notify 1 | cut -d';' -f2)" " 1 sent, 0 failed, 0 still pending"
last=$(ls "$TMP/sm" | grep '^args' | sort -t. -k2 -n | tail -n 1)
is "the arguments: -oi -f ENVELOPE -- RCPT" "$(tr '\n' ' ' <"$TMP/sm/$last")" \
    "-oi -f cert+$(sql "SELECT token FROM notifications WHERE id = 1")@cert.example -- abuse@telecom.example "
msg=$TMP/sm/msg.${last#args.}
ok "the message on standard input, LF line ends" sh -c 'grep -q "^To: \"Example Telecom\" <abuse@telecom.example>$" "$0" && ! grep -q "$(printf "\r")" "$0"' "$msg"
is "the same message each attempt (composed once)" \
    "$(for f in "$TMP"/sm/msg.*; do grep '^Message-ID' "$f"; done | sort -u | wc -l | tr -d ' ')" 1
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: More\nMessage-ID: <s2@test.example>\n\nHost 59.32.1.1\n' >"$TMP/b.eml"
receive "$TMP/b.eml" >/dev/null
echo 67 >"$TMP/sm/exit"
mg notify 2 >/dev/null 2>&1
is "sendmail refuses the recipient: failed, with its words" \
    "$(sql "SELECT status || ': ' || last_error FROM notifications WHERE ticket_id = 2")" \
    "failed: sendmail: exit 67: 5.1.1 <abuse@other.example>: Recipient address rejected"
is "... and a rerun does not send it again" "$(mg notify 2 2>/dev/null | cut -d';' -f1)" \
    "1 notifiable address(es) and network(s): 0 notification(s) new, 1 told within the interval, 0 with nobody to tell"
sed -i "s|^url = .*|url = sendmail:$TMP/sm/nonexistent|" "$TMP/mailgw.conf"
printf 'From: r@partner.example\nTo: cert@cert.example\nSubject: Third\nMessage-ID: <s3@test.example>\n\nHost 58.16.9.9\n' >"$TMP/c.eml"
receive "$TMP/c.eml" >/dev/null
is "no sendmail at the path: pending, to try later" "$(mg notify 3 2>/dev/null | cut -d';' -f2)" " 0 sent, 0 failed, 1 still pending"
done_testing

#!/bin/sh
# mailgw-sign: notify's signing workers hand each message to a helper
# process of their own (gpgme forks each gpg from it, not from notify).
# Its answers are gpg's: a signature that verifies, a refusal with gpg's
# words; a helper killed part way leaves its worker signing in notify,
# every contact still told once; run by hand or fed garbage, it stops
# with a usage or protocol error and never hangs.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/pgp.sh"

SIGN=$(dirname "$MAILGW")/mailgw-sign
[ -x "$SIGN" ] || skip_all "mailgw-sign not built beside $MAILGW"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
G=$TMP/gnupg
gpg_home "$G"
GW=$(gpg_new_key "$G" "CNCERT desk <cert@cert.example>")

# One request by hand (signer.c's exchange): sign, then a key we lack.
cat >"$TMP/ask.py" <<'PY'
import struct, subprocess, sys
sign, home, fpr, out = sys.argv[1:5]
p = subprocess.Popen([sign, home, "1048576"], stdin=subprocess.PIPE,
    stdout=subprocess.PIPE)
def ask(op, signer, recipient, data):
    p.stdin.write(struct.pack("=I3I", ord(op), len(signer), len(recipient),
        len(data)) + signer + recipient + data)
    p.stdin.flush()
    rc, status, l0, l1, l2 = struct.unpack("=ii3I", p.stdout.read(20))
    micalg, body, msg = p.stdout.read(l0), p.stdout.read(l1), p.stdout.read(l2)
    return rc, micalg.decode(), body, msg.decode()
data = b"Content-Type: text/plain\r\n\r\nThe host 198.51.100.7 is infected.\r\n"
open(out + ".data", "wb").write(data)
rc, micalg, body, msg = ask("S", fpr.encode(), b"", data)
open(out + ".asc", "wb").write(body)
print(rc, micalg, msg or "-")
rc, micalg, body, msg = ask("S", b"0" * 40, b"", data)
print(rc, len(body), "refused" if msg else "-")
p.stdin.close()
print(p.wait())
PY
python3 "$TMP/ask.py" "$SIGN" "$G" "$GW" "$TMP/one" >"$TMP/ask.out" 2>"$TMP/ask.err"
is "a signing request: signed, its micalg" "$(sed -n 1p "$TMP/ask.out")" "0 pgp-sha256 -"
ok "... a signature gpg verifies over the same bytes" sh -c \
    '"$0" --homedir "$1" --batch --status-fd 1 --verify "$2.asc" "$2.data" 2>/dev/null | grep -q "VALIDSIG $3"' \
    "$GPG" "$G" "$TMP/one" "$GW"
is "a key we lack: refused with gpg's words, nothing signed" "$(sed -n 2p "$TMP/ask.out")" "-1 0 refused"
is "... and at end of input the helper ends, 0" "$(sed -n 3p "$TMP/ask.out")" 0

"$SIGN" >/dev/null 2>&1
is "run without arguments: 64" "$?" 64
"$SIGN" relative/home 100 </dev/null >/dev/null 2>&1
is "a relative keyring directory: 64" "$?" 64
head -c 4096 /dev/urandom >"$TMP/garbage"
"$SIGN" "$G" 1048576 <"$TMP/garbage" >/dev/null 2>&1
is "garbage in: a protocol error (76), at once" "$?" 76
printf 'S\0\0\0\50\0\0\0\0\0\0\0\377\377\377\177' >"$TMP/big"
"$SIGN" "$G" 1048576 <"$TMP/big" >/dev/null 2>&1
is "a request past the size it was given: 76" "$?" 76

# notify with its helpers killed part way: every contact still told once.
n=300
write_config "$TMP/mailgw.conf" "signing_key = $GW"
awk -v n=$n 'BEGIN { print "kind,name,email,cidr"
	for (i = 0; i < n; i++) printf "network,Net %d,abuse%d@net%d.example,58.%d.%d.0/24\n", i, i, i, int(i / 256), i % 256 }' >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null
awk -v n=$n 'BEGIN { print "From: sensors@partner.example\nTo: cert@cert.example\nSubject: Infected hosts\nMessage-ID: <helper@test.example>\n"
	for (i = 0; i < n; i++) printf "58.%d.%d.7\n", int(i / 256), i % 256 }' >"$TMP/r.eml"
receive "$TMP/r.eml" >/dev/null
OUT=$TMP/outbox/new
# A hundred a second, so that the helpers are there to be killed.
"$MAILGW" notify 1 --rate 6000 >"$TMP/notify.out" 2>"$TMP/notify.err" &
pid=$!
for i in $(seq 1 600); do
	[ "$(ls "$OUT" 2>/dev/null | wc -l)" -ge 30 ] && break
	sleep 0.05
done
# notify's own children: gpgme forks in a helper, and its child is
# "mailgw-sign" too until it has run gpg
helpers=$(pgrep -P "$pid" -f "mailgw-sign $G" | wc -l | tr -d ' ')
pkill -9 -f "mailgw-sign $G"
wait $pid
is "notify ran its messages through two helpers" "$helpers" 2
is "... killed part way, notify still ends with everything sent" \
    "$(cut -d';' -f2 "$TMP/notify.out")" " $n sent, 0 failed, 0 still pending"
ok "... saying its workers sign in the process now" grep -q "signing helper ended; signing in this process" "$TMP/notify.err"
is "... $n messages, one per contact" \
    "$(cat "$OUT"/* | sed -n 's/^Delivered-To: //p' | sort -u | wc -l | tr -d ' '):$(ls "$OUT" | wc -l | tr -d ' ')" "$n:$n"
good=0
for f in $(ls "$OUT"/* | sed -n "1p;$((n / 2))p;\$p"); do
	notification_signed_by "$G" "$GW" "$f" && good=$((good + 1))
done
is "... the first, middle and last signatures good (gpg)" "$good" 3
is "no helper left running" "$(pgrep -f "mailgw-sign $G" | wc -l | tr -d ' ')" 0
done_testing

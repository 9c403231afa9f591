#!/bin/sh
# takedown: a phishing domain's registrar is asked to suspend it, with
# the evidence; a URL on a bare address goes to the hosting network; the
# ticket's takedown state follows; the registrar's reply is recorded.
. "${srcdir:-.}/tests/e2e/lib.sh"

mkdir -p "$TMP/c"
cat >"$TMP/c/registrars.csv" <<'CSV'
kind,name,email,domain,lang
registrar,Example Registrar Inc.,abuse@registrar.example,com,en
registrar,Example CN Registry,abuse@registry.example.cn,cn,zh
network,Example Hosting,abuse@hosting.example,,en
CSV
printf 'kind,name,email,cidr\nnetwork,Example Hosting,abuse@hosting.example,45.33.32.0/24\n' >"$TMP/c/hosting.csv"
mg contact import --format csv "$TMP/c/registrars.csv" >/dev/null
mg contact import --format csv "$TMP/c/hosting.csv" >/dev/null
mg partner add AusCERT --email reports@auscert.example --ref-regex '\[(AUSCERT #[0-9]+)\]' >/dev/null
OUT=$TMP/outbox/new

printf 'From: reports@auscert.example\nTo: cert@cert.example\nSubject: [AUSCERT #4711] Counterfeit bank site\nMessage-ID: <c1@test.example>\n\nThe counterfeit site hxxps://login-bank-verify[.]com/secure is up,\nmirrored at http://45.33.32.156/secure/index.html and on fake-bank.cn.\nIts server is 45.33.32.156.\n' >"$TMP/c.eml"
is "the report" "$(receive "$TMP/c.eml")" 0
out=$(mg takedown 1 --dry-run)
ok "dry run: the registrars and the host" sh -c 'echo "$0" | grep -q "abuse@registrar.example .*registrar .*takedown-registrar" &&
    echo "$0" | grep -q "abuse@registry.example.cn .*registrar" &&
    echo "$0" | grep -q "abuse@hosting.example .*hosting .*takedown-hosting"' "$out"
is "... nothing kept" "$(sql "SELECT count(*) FROM notifications")" 0
is "dry run --json: the same three" \
    "$(mg takedown 1 --dry-run --json | "$JQ" -c '[.tickets[0].notifications[] | [.address, .scope, .template]] | sort')" \
    '[["abuse@hosting.example","hosting","takedown-hosting"],["abuse@registrar.example","registrar","takedown-registrar"],["abuse@registry.example.cn","registrar","takedown-registrar"]]'
is "takedown" "$(mg takedown 1 | cut -d';' -f2)" " 3 sent, 0 failed, 0 still pending"
reg=$(grep -l "^To: .*abuse@registrar.example" "$OUT"/*)
ok "the registrar's request names the domain and URL, with the evidence" sh -c '
    grep -q "^  login-bank-verify.com" "$0" && grep -q "^  https://login-bank-verify.com/secure" "$0" &&
    grep -q "AUSCERT #4711" "$0" && grep -q "first reported to us 20" "$0"' "$reg"
ok "... both tags in the subject, ours first" grep -q '^Subject: \[CNCERT #1\] \[AUSCERT #4711\] Takedown request' "$reg"
host=$(grep -l "^To: .*abuse@hosting.example" "$OUT"/*)
ok "the host gets the URL on its address" grep -q "^  http://45.33.32.156/secure/index.html" "$host"
ok "... not the bare address (that is for notify)" sh -c '! grep -q "^  45.33.32.156$" "$0"' "$host"
is "the ticket's takedown is requested" "$(show 1 .takedown)" requested
is "... audited" "$(sql "SELECT detail FROM audit WHERE action = 'ticket.set' AND actor = 'mailgw'")" "takedown: - -> requested"
is "takedown again: nothing new" "$(mg takedown 1 | cut -d';' -f1)" \
    "4 domain(s) and URL(s): 0 notification(s) new, 4 told within the interval, 0 with nobody to tell"
token=$(sql "SELECT token FROM notifications WHERE address = 'abuse@registrar.example'")
printf 'From: abuse@registrar.example\nTo: cert@cert.example\nSubject: Re: [CNCERT #1] Takedown request\nMessage-ID: <rr@registrar.example>\n\nSuspended.\n' >"$TMP/r.eml"
is "the registrar's reply" "$(receive "$TMP/r.eml" --recipient "cert+$token@cert.example")" 0
is "... recorded on the ticket and its notification" \
    "$(sql "SELECT ticket_id FROM messages WHERE message_id = 'rr@registrar.example'") $(sql "SELECT status FROM notifications WHERE token = '$token'")" "1 replied"
is "ticket set takedown=done" "$(mg ticket set 1 takedown=done)" "[CNCERT #1] takedown: requested -> done"
mg ticket set 1 takedown=finished >/dev/null 2>&1
is "a state that is none: 64" "$?" 64
# A host whose address the ticket knows (a CSV report's hostname and ip
# columns): its hosting network is asked as well as its registrar.
printf 'From: reports@auscert.example\nTo: cert@cert.example\nSubject: Phishing kit\nMessage-ID: <c9@test.example>\n\ntimestamp,ip,hostname,url\n2026-11-21 10:00:00,45.33.32.200,phish-other.com,http://phish-other.com/login\n' >"$TMP/h.eml"
receive "$TMP/h.eml" >/dev/null
t=$(sql "SELECT ticket_id FROM messages WHERE message_id = 'c9@test.example'")
out=$(mg takedown "$t" --dry-run)
ok "a named host with a known address: registrar and hosting network" sh -c '
    echo "$0" | grep -q "abuse@registrar.example .*registrar .*takedown-registrar .* 2 indicator" &&
    echo "$0" | grep -q "abuse@hosting.example .*hosting .*takedown-hosting .* 2 indicator"' "$out"
is "... and sent so" "$(mg takedown "$t" | cut -d';' -f2)" " 2 sent, 0 failed, 0 still pending"
host=$(grep -l "^Subject: \[CNCERT #$t\]" "$OUT"/* | xargs grep -l "^To: .*abuse@hosting.example")
ok "... the hosting network's request names the domain and the URL" sh -c \
    'grep -q "^  phish-other.com" "$0" && grep -q "^  http://phish-other.com/login" "$0"' "$host"
is "contact lookup --ticket: the host's network as its hosting answer" \
    "$(mg contact lookup --json --ticket "$t" phish-other.com | "$JQ" -r '[.[0].answers[] | .scope + " " + .email] | join(", ")')" \
    "registrar abuse@registrar.example, hosting abuse@hosting.example"
is "... without --ticket, the registrar alone" \
    "$(mg contact lookup --json phish-other.com | "$JQ" -r '[.[0].answers[] | .scope] | join(",")')" registrar
done_testing

#!/bin/sh
# What a report or a contact list puts into an outgoing message never
# injects a header or breaks its structure: a subject, an indicator and a
# contact name with CR/LF, NUL, 5,000-character words and "=?" sequences,
# through a template that puts each into a header. Each outgoing message
# is parsed back (Python's email package, strict policy): the headers
# are exactly the program's and the template's, every line is within
# RFC 5322's 998 characters, and each value decodes to the text without
# its line breaks.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3"

cp -R "${TEMPLATES:-templates}" "$TMP/templates"
for lang in en zh; do
	{
		echo 'Subject: {{tags}} {{subject}} / {{contact}}'
		echo 'X-Mailgw-Note: {{{subject}}} {{{contact}}}'
		echo
		echo 'Dear {{contact}},'
		echo
		echo '{{subject}}'
		echo '{{#indicators}}'
		echo '  {{value}}'
		echo '{{/indicators}}'
	} >"$TMP/templates/notify-network.$lang"
	{
		echo 'Subject: {{tags}} Takedown {{#indicators}}{{value}} {{/indicators}}'
		echo
		echo '{{#indicators}}'
		echo '  {{value}}'
		echo '{{/indicators}}'
	} >"$TMP/templates/takedown-hosting.$lang"
done
write_config "$TMP/mailgw.conf" "templates = $TMP/templates"

long=$(head -c 5000 /dev/zero | tr '\0' 'A')
# The contact list: a name with CR LF, "=?", a long word and a NUL-like
# control; CSV quoting carries the line break.
printf 'kind,name,email,cidr\r\nnetwork,"Evil =?utf-8?q?x?= Corp\r\nBcc: victim@else.example\r\n\r\nbody",abuse@evil.example,58.16.0.0/16\r\nnetwork,"Long %s \001\002 Name",abuse@long.example,59.32.0.0/16\r\n' \
    "$long" >"$TMP/c.csv"
mg contact import --format csv "$TMP/c.csv" >/dev/null 2>&1

# The report: an encoded subject that decodes to CR LF, a header line,
# a NUL and "=?"; a URL indicator with "=?" and a 5,000-character path.
subj=$(printf 'Phish\r\nBcc: victim@else.example\r\n\r\n=?utf-8?q?y?= x\000end' | base64 -w0)
{
	printf 'From: r@partner.example\nTo: cert@cert.example\n'
	printf 'Subject: =?utf-8?b?%s?= %s\n' "$subj" "$long"
	printf 'Message-ID: <hostile@test.example>\n\n'
	printf 'Hosts 58.16.1.1 and 59.32.1.1\n'
	printf 'Bcc: hidden@else.example\n'
	printf 'http://58.16.1.1/=?utf-8?q?a?=/%s\n' "$long"
} >"$TMP/r.eml"
is "the hostile report is stored" "$(receive "$TMP/r.eml")" 0
is "notify: two messages" "$(mg notify 1 | cut -d';' -f2)" " 2 sent, 0 failed, 0 still pending"

cat >"$TMP/check.py" <<'PY'
import email, email.header, email.policy, sys
raw = open(sys.argv[1], "rb").read()
for n, line in enumerate(raw.split(b"\r\n")):
    if len(line) > 998:
        sys.exit("line %d: %d octets" % (n + 1, len(line)))
    if b"\0" in line or b"\r" in line or b"\n" in line:
        sys.exit("line %d: a bare CR, LF or NUL" % (n + 1))
head = raw.split(b"\r\n\r\n", 1)[0]
names = [l.split(b":", 1)[0].decode().lower()
         for l in head.split(b"\r\n") if l[:1] not in (b" ", b"\t")]
want = sorted(["return-path", "delivered-to", "from", "to", "reply-to",
               "subject", "date", "message-id", "auto-submitted",
               "mime-version", "content-type", "content-transfer-encoding",
               "x-mailgw-note", "x-loop", "references", "in-reply-to"])
extra = [x for x in names if x not in want]
if extra or len(names) != len(set(names)):
    sys.exit("headers: %s" % names)
m = email.message_from_bytes(raw, policy=email.policy.strict)
old = email.message_from_bytes(raw, policy=email.policy.compat32)
for h in ("subject", "to", "x-mailgw-note"):
    v = str(email.header.make_header(email.header.decode_header(
        str(old[h]).replace("\r\n", "")))) if old[h] else "-"
    if "\r" in v or "\n" in v or "\0" in v:
        sys.exit("%s decodes with a line break: %r" % (h, v))
    print("%s: %s" % (h, v))
body = m.get_body(("plain",)).get_content()
print("body-has-url: %s" % ("/=?utf-8?q?a?=/AAAA" in body))
print("body-bcc-lines: %d" % sum(1 for l in body.splitlines()
                                 if l.lower().startswith("bcc:")))
PY
for a in evil long; do
	f=$(grep -l "^Delivered-To: abuse@$a.example" "$TMP"/outbox/new/*)
	ok "to $a: one message" test "$(echo "$f" | wc -l)" -eq 1
	"$PY" "$TMP/check.py" "$f" >"$TMP/$a.out" 2>&1; rc=$?
	is "to $a: parses strictly, only our headers, lines <= 998" "$rc" 0
	[ $rc -eq 0 ] || cat "$TMP/$a.out" >&2
done
ok "the subject decodes without its line breaks" \
    grep -q '^subject: \[CNCERT #1\] Phish Bcc: victim@else.example' "$TMP/evil.out"
ok "... and \"=?\" in it stays text" grep -q 'victim@else.example =?utf-8?q?y?= x' "$TMP/evil.out"
ok "the contact name: one line, its \"=?\" as text" \
    grep -q '^to: Evil =?utf-8?q?x?= Corp  Bcc: victim@else.example    body <abuse@evil.example>$' "$TMP/evil.out"
ok "a raw ({{{ }}}) header value is made one line too" \
    grep -q '^x-mailgw-note: Phish Bcc: victim@else.example' "$TMP/evil.out"
ok "the long name is kept whole, encoded in pieces" grep -q "^to: Long A\{5000\} .* Name <abuse@long.example>$" "$TMP/long.out"
is "a Bcc: line of the report stays out of every header" \
    "$(grep -il '^Bcc:' "$TMP"/outbox/new/* | wc -l | tr -d ' ')" 0
mg takedown 1 >/dev/null
f=$(grep -l "^Subject: .*Takedown" "$TMP"/outbox/new/*)
ok "takedown of the hostile URL: one message" test "$(echo "$f" | wc -l)" -eq 1
"$PY" "$TMP/check.py" "$f" >"$TMP/url.out" 2>&1; rc=$?
is "... parses strictly, only our headers, lines <= 998" "$rc" 0
[ $rc -eq 0 ] || cat "$TMP/url.out" >&2
ok "... the URL whole in the subject, \"=?\" as text" \
    grep -q "^subject: \[CNCERT #1\] Takedown http://58.16.1.1/=?utf-8?q?a?=/A\{5000\}" "$TMP/url.out"
is "... and in the body" "$(grep -c '^body-has-url: True' "$TMP/url.out")" 1
done_testing

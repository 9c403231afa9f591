#!/bin/sh
# demo.sh: install what is missing, build mailgw, install it under
# _build/demo/inst (nothing goes to the system's directories), and run it
# there on its embedded defaults, without a configuration file: reports
# go in, tickets come out, acknowledgements land in the maildir outbox,
# and a reply carrying the ticket's tag threads back.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/deps.sh"
install_missing

inst=$top/_build/demo/inst
echo "== building mailgw and installing it under $inst"
autoreconf -fi >/dev/null
mkdir -p _build/demo
(cd _build/demo && "$top/configure" -q --prefix="$inst" &&
    make -s -j"$(nproc)" >/dev/null && make -s install >/dev/null)
mailgw=$inst/bin/mailgw
unset MAILGW_CONFIG
if [ "$(id -u)" -eq 0 ]; then
	state=$inst/var/lib/mailgw
else
	state=${XDG_STATE_HOME:-$HOME/.local/state}/mailgw
fi
outbox=$state/outbox/new

say() { printf '\n== %s\n' "$*"; }
before=$(ls "$outbox" 2>/dev/null | wc -l)

say "AusCERT's report arrives on stdin, as the MTA pipes it"
sed -n '/^From:/,/^Message-ID:/p' tests/data/plain-report.eml | tr -d '\r'
"$mailgw" -v receive --recipient cert@localhost <tests/data/plain-report.eml

id=$("$mailgw" ticket list --json | jq -r \
    '[.[] | select(.subject | test("two provinces"))][0].id')
tag=$("$mailgw" ticket show "$id" --json | jq -r .tag)
say "it is ticket $tag"
"$mailgw" ticket show "$id"

say "the reporter's acknowledgement, in the maildir outbox ($outbox)"
if [ "$(ls "$outbox" 2>/dev/null | wc -l)" -gt "$before" ]; then
	ack=$(ls -t "$outbox" | head -1)
	sed -n '/^From:/p; /^To:/p; /^Subject:/p; /^In-Reply-To:/p; /^Auto-Submitted:/p' \
	    "$outbox/$ack" | tr -d '\r'
else
	echo "(none new: this report was acknowledged in an earlier run)"
fi

say "a bank reports a counterfeit site in Chinese (GBK bytes labelled gb2312)"
"$mailgw" -v receive <tests/data/gb18030-body-labelled-gb2312.eml
bank=$("$mailgw" ticket list --json | jq -r '[.[] | select(.subject == "仿冒银行网站")][0].id')
"$mailgw" ticket show "$bank" --json | jq '{tag, subject,
    from: .messages[0].from_name, text: .messages[0].parts[0].kind}'

say "the carrier replies with \"Re: $tag\" in a GB2312-encoded subject"
reply=$(mktemp)
trap 'rm -f "$reply"' EXIT
printf 'From: =?gb2312?B?1dTBwQ==?= <noc@carrier.example.cn>\nTo: cert@localhost\nSubject: Re: %s =?gb2312?B?0tG0psDt?=\nMessage-ID: <demo-reply-%s@carrier.example.cn>\n\nBoth hosts are isolated.\n' \
    "$tag" "$(date +%s)" >"$reply"
"$mailgw" -v receive <"$reply"

say "the same report delivered again is stored once"
"$mailgw" -v receive <tests/data/plain-report.eml

say "ticket $tag now holds the thread"
"$mailgw" ticket show "$id" --json | jq '{tag, status, subject,
    messages: [.messages[] | {direction, from, from_name, subject}]}'

say "all tickets"
"$mailgw" ticket list

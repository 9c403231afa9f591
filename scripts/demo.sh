#!/bin/sh
# demo.sh: install what is missing, build, and run mailgw on its embedded
# defaults (no configuration file): an incident report goes in, a ticket
# comes out, and a reply carrying the ticket's tag threads back into it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/deps.sh"
install_missing

if [ ! -x _build/demo/mailgw/mailgw ]; then
	echo "== building mailgw"
	autoreconf -fi >/dev/null
	mkdir -p _build/demo
	(cd _build/demo && "$top/configure" -q && make -s -j"$(nproc)")
fi
mailgw=$top/_build/demo/mailgw/mailgw
unset MAILGW_CONFIG

say() { printf '\n== %s\n' "$*"; }

say "an incident report from AusCERT arrives on stdin, as the MTA pipes it"
sed -n '/^From:/,/^Message-ID:/p' tests/data/plain-report.eml | tr -d '\r'
"$mailgw" -v receive --recipient cert@localhost <tests/data/plain-report.eml

id=$("$mailgw" ticket list --json | jq -r \
    '[.[] | select(.subject | test("AUSCERT #4711"))][0].id')
tag=$("$mailgw" ticket show "$id" --json | jq -r .tag)
say "the report is ticket $tag"
"$mailgw" ticket show "$id"

say "the carrier replies with \"Re: $tag\" in the subject (GB2312, RFC 2047)"
reply=$(mktemp)
trap 'rm -f "$reply"' EXIT
printf 'From: =?gb2312?B?1dTBwQ==?= <noc@carrier.example.cn>\nTo: cert@localhost\nSubject: Re: %s =?gb2312?B?0tG0psDt?=\nMessage-ID: <demo-reply-%s@carrier.example.cn>\nIn-Reply-To: <4711.1.report@auscert.example>\n\nBoth hosts are isolated.\n' \
    "$tag" "$(date +%s)" >"$reply"
"$mailgw" -v receive <"$reply"

say "the same report delivered again is stored once"
"$mailgw" -v receive <tests/data/plain-report.eml

say "the ticket now holds the thread"
"$mailgw" ticket show "$id" --json | jq '{tag, status, subject,
    messages: [.messages[] | {from, from_name, subject, date}]}'

say "all tickets"
"$mailgw" ticket list

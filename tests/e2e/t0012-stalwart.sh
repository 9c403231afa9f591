#!/bin/sh
# Every message of stalwart's parser corpus (tests/data/corpus/
# stalwart-mail-parser/eml), against its expected parse: decoded subject,
# sender address, count of text parts and of attachments. Where mailgw
# deliberately differs, t0012-stalwart.differences says so and why; any
# other difference, or a listed one that no longer happens, fails.
#
# Counts compared. Text parts: the leaves a reader sees inline (kinds
# text and html), not counting those inside an attached message, against
# the parts JMAP's algorithm puts in text_body or html_body and not in
# attachments. Attachments: kind attachment, plus message/rfc822 parts,
# not counting those inside an attached message, against attachments.
. "${srcdir:-.}/tests/e2e/lib.sh"

: "${CORPUS:=$TEST_DATA/corpus}"
dir=$CORPUS/stalwart-mail-parser/eml
[ -d "$dir" ] || skip_all "no corpus at $dir"
listed="${srcdir:-.}/tests/e2e/t0012-stalwart.differences"

expected() {
	"$JQ" -r '
	  (.parts[0].headers // []) as $h
	  | ([$h[] | select(.name == "subject") | .value.Text // empty][0] // "") as $s
	  | ([$h[] | select(.name == "from") | .value | .. | .address? // empty][0] // "") as $f
	  | ((.text_body + .html_body) | unique) as $t
	  | ([$t[] | select(. as $i | ($ARGS.named.att | index($i)) | not)] | length) as $nt
	  | "subject=\($s)|from=\($f)|text=\($nt)|attachments=\(.attachments | length)"
	' --argjson att "$("$JQ" -c .attachments "$1")" "$1"
}

actual() {
	"$MAILGW" ticket show "$1" --json | "$JQ" -r '
	  .messages[0] as $m
	  | [$m.parts[] | select(.kind == "message") | .path] as $fwd
	  | [$m.parts[] | select(.path as $p | any($fwd[]; . as $f | $p | startswith($f + "."))
	      | not)] as $top
	  | "subject=\($m.subject)|from=\($m.from)|text=\([$top[] | select(.kind == "text" or .kind == "html")] | length)|attachments=\([$top[] | select(.kind == "attachment" or .kind == "message")] | length)"'
}

: >"$TMP/differences"
n=0
for eml in "$dir"/*/*.eml; do
	name=${eml#"$dir"/}
	json=${eml%.eml}.json
	[ -f "$json" ] || continue
	n=$((n + 1))
	sed "1s/^/X-Corpus-File: $(echo "$name" | tr '/' '-')\n/" "$eml" >"$TMP/in.eml"
	rc=$(receive "$TMP/in.eml")
	[ "$rc" -eq 0 ] || { echo "$name: exit $rc" >>"$TMP/differences"; continue; }
	id=$(sql "SELECT max(id) FROM tickets")
	want=$(expected "$json")
	got=$(actual "$id")
	for field in subject from text attachments; do
		w=$(echo "$want" | tr '|' '\n' | grep "^$field=")
		g=$(echo "$got" | tr '|' '\n' | grep "^$field=")
		[ "$w" = "$g" ] || echo "$name $field" >>"$TMP/differences"
	done
done
echo "# $n messages compared"
ok "the corpus is there" test "$n" -ge 50
sort -u "$TMP/differences" >"$TMP/found"
grep -v '^#' "$listed" | grep -v '^$' | cut -d: -f1 | sort -u >"$TMP/allowed"
comm -23 "$TMP/found" "$TMP/allowed" >"$TMP/new"
comm -13 "$TMP/found" "$TMP/allowed" >"$TMP/stale"
while read -r line; do echo "# unexplained difference: $line"; done <"$TMP/new"
while read -r line; do echo "# listed but no longer different: $line"; done <"$TMP/stale"
is "no difference but those listed and explained" "$(wc -l <"$TMP/new" | tr -d ' ')" 0
is "every listed difference still happens" "$(wc -l <"$TMP/stale" | tr -d ' ')" 0
echo "# $(wc -l <"$TMP/found" | tr -d ' ') listed differences"
done_testing

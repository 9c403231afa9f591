#!/bin/sh
# Real mail from other projects' test suites (tests/data/corpus): every
# message is received with exit 0 and stored, however broken it is.
# Deliberate difference: kde's empty.mbox holds zero bytes, which is no
# message at all; receive refuses empty input with 65 (DESIGN invariant 1).
. "${srcdir:-.}/tests/e2e/lib.sh"

: "${CORPUS:=$TEST_DATA/corpus}"
[ -d "$CORPUS/stalwart-mail-parser" ] || skip_all "no corpus at $CORPUS"
find "$CORPUS/stalwart-mail-parser/eml" -name '*.eml' >"$TMP/files"
find "$CORPUS/kde-mimetreeparser/testdata" -name '*.mbox' >>"$TMP/files"
total=$(wc -l <"$TMP/files" | tr -d ' ')
failed=0
empty=0
while read -r f; do
	rc=$(receive "$f")
	if [ ! -s "$f" ] && [ "$rc" -eq 65 ]; then
		empty=$((empty + 1))
	elif [ "$rc" -ne 0 ]; then
		echo "# $f: exit $rc"
		failed=$((failed + 1))
	fi
done <"$TMP/files"
echo "# $total corpus files, $empty empty"
ok "corpus has messages" test "$total" -gt 120
is "every corpus message: exit 0 (an empty file: 65)" "$failed" 0
is "exactly one empty file (kde's empty.mbox)" "$empty" 1
distinct=$(xargs sha256sum <"$TMP/files" | awk '{print $1}' | sort -u | wc -l | tr -d ' ')
is "every distinct non-empty file stored once" "$(count_messages)" $((distinct - empty))
ok "db check is clean" sh -c '"$MAILGW" db check >/dev/null'
is "every ticket listed as JSON" "$(mg ticket list --json | "$JQ" length)" \
    "$(sql "SELECT count(*) FROM tickets")"
ok "every ticket shows as valid JSON" sh -c '
	for id in $("$SQLITE3" "$1" "SELECT id FROM tickets"); do
		"$MAILGW" ticket show "$id" --json | "$JQ" -e .id >/dev/null || exit 1
	done' sh "$DB"
done_testing

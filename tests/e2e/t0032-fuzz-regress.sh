#!/bin/sh
# The fuzz targets over the test data, the shared corpus and every input
# fuzzing found (tests/fuzz/regress): none may crash, leak or trip a
# sanitizer (make check runs this under ASan and UBSan too).
. "${srcdir:-.}/tests/e2e/lib.sh"

: "${FUZZ:?run the tests through make check}"
R=${srcdir:-.}/tests/fuzz/regress
run() {
	target=$1
	shift
	"$FUZZ/fuzz-$target" "$@" >"$TMP/$target.out" 2>&1
}
ok "message: the test data, the MIME corpora, what fuzzing found" \
    run message "$TEST_DATA" "$CORPUS/kde-mimetreeparser/testdata" \
    "$CORPUS/stalwart-mail-parser/eml/malformed" "$CORPUS/stalwart-mail-parser/eml/rfc" \
    "$CORPUS/stalwart-mail-parser/eml/thirdparty" "$R/message"
ok "pgp: the same, and the OpenPGP messages" \
    run pgp "$TEST_DATA" "$CORPUS/kde-mimetreeparser/testdata" \
    "$CORPUS/stalwart-mail-parser/eml/malformed" "$R/pgp"
ok "ioc: the indicator corpus" run ioc "$CORPUS/ioc-extractor-ninoseki" "$TEST_DATA" "$R/ioc"
ok "template: the Mustache specs as templates, our templates" \
    run template "$CORPUS/mustache-spec/specs" "${srcdir:-.}/templates" "$R/template"
ok "tag: subjects" run tag "$R/tag" "$TEST_DATA"
ok "rpsl: the contact fixtures" run rpsl "$TEST_DATA/contacts" "$R/rpsl"
ok "lmtp: sessions, and the test messages as sessions" run lmtp "$R/lmtp" "$TEST_DATA"
ok "sign: requests to mailgw-sign, and the test data as requests" run sign "$R/sign" "$TEST_DATA"
ok "archive: zip and gzip files, and the test data as archives" \
    run archive "$R/archive" "$TEST_DATA"
ok "... every input read" test "$(cat "$TMP"/*.out | awk '/ inputs$/ { n += $1 } END { print n }')" -gt 300
done_testing

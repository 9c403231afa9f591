#!/bin/sh
# A PDF attached (a notice, an advisory): its text, by pdftotext
# (poppler-utils) in a child process under limits, read for its
# indicators as any attachment's. pdftotext = (empty) turns it off; a
# pdftotext that is not there, or fails, leaves the PDF stored and its
# part saying so.
. "${srcdir:-.}/tests/e2e/lib.sh"

[ -x /usr/bin/pdftotext ] || skip_all "no /usr/bin/pdftotext (poppler-utils)"

pdf_mail() {	# MESSAGE-ID: a message with tests/data/pdf/notice.pdf
	attached_mail "$1" application/pdf notice.pdf "$TEST_DATA/pdf/notice.pdf"
}

pdf_mail pdf-1@bank.com >"$TMP/pdf.eml"
is "a PDF notice: exit 0" "$(receive "$TMP/pdf.eml")" 0
is "... the indicators of its text" "$(iocs_of pdf-1@bank.com)" \
    "ipv4:203.0.113.88 url:http://pdf-phish.com/login domain:pdf-phish.com ipv4:198.51.100.88 ipv4:192.0.2.88"
is "... nothing wrong with it" "$(problems_of pdf-1@bank.com)" ""
pdf_sha=$(sha256sum <"$TEST_DATA/pdf/notice.pdf" | cut -d' ' -f1)
is "... the PDF stored as it came" \
    "$(sql "SELECT attachment FROM parts WHERE filename = 'notice.pdf'
        LIMIT 1")" "$pdf_sha"
ok "attachment text: the PDF's text, for a terminal" sh -c \
    '"$1" attachment text "$2" | grep -q "hosted at 203.0.113.88 and"' \
    sh "$MAILGW" "$pdf_sha"
t=$(ticket_of pdf-1@bank.com)
ok "ticket show names the command under the attachment" sh -c \
    '"$1" ticket show "$2" | grep -A1 "attached: notice.pdf" |
    grep -q "^     text:     [0-9]* lines read, shown by: mailgw attachment text $3$"' \
    sh "$MAILGW" "$t" "$pdf_sha"
"$MAILGW" attachment text "$(printf '%064d' 0)" >/dev/null 2>"$TMP/err"
is "attachment text of what is not there: 66, one line" \
    "$? $(wc -l <"$TMP/err")" "66 1"

write_config "$TMP/off.conf" "pdftotext ="
pdf_mail pdf-2@bank.com >"$TMP/pdf2.eml"
MAILGW_CONFIG=$TMP/off.conf "$MAILGW" receive <"$TMP/pdf2.eml" \
    2>>"$TMP/stderr"
is "pdftotext = (empty): the PDF not read, and no problem said" \
    "$(iocs_of pdf-2@bank.com)|$(problems_of pdf-2@bank.com)" "|"

write_config "$TMP/gone.conf" "pdftotext = /nonexistent/pdftotext"
pdf_mail pdf-3@bank.com >"$TMP/pdf3.eml"
is "a pdftotext that is not there: the message stored all the same" \
    "$(MAILGW_CONFIG=$TMP/gone.conf "$MAILGW" receive <"$TMP/pdf3.eml" \
    2>>"$TMP/stderr"; echo $?)" 0
is "... and its part says why" "$(problems_of pdf-3@bank.com)" \
    "a PDF whose text was not read: /nonexistent/pdftotext is not installed"

write_config "$TMP/crash.conf" "pdftotext = $TEST_DATA/pdf/crash.sh"
pdf_mail pdf-4@bank.com >"$TMP/pdf4.eml"
MAILGW_CONFIG=$TMP/crash.conf "$MAILGW" receive <"$TMP/pdf4.eml" \
    2>>"$TMP/stderr"
is "a pdftotext that crashes: the part says so" \
    "$(problems_of pdf-4@bank.com)" \
    "a PDF whose text was not read: $TEST_DATA/pdf/crash.sh was \
stopped at its limits"

write_config "$TMP/bad.conf" "pdftotext = pdftotext"
ok "pdftotext must be a full path" sh -c \
    '! MAILGW_CONFIG=$1 "$2" ticket list >/dev/null 2>&1' \
    sh "$TMP/bad.conf" "$MAILGW"
# ioc extract on a PDF saved: --message reads its text, from a file or
# standard input; without, a warning says it is read as bytes
is "ioc extract --message notice.pdf: its text's indicators" \
    "$(mg ioc extract --message "$TEST_DATA/pdf/notice.pdf" | tr '\t' : | paste -sd' ' -)" \
    "ipv4:203.0.113.88 url:http://pdf-phish.com/login domain:pdf-phish.com ipv4:198.51.100.88 ipv4:192.0.2.88"
is "... on standard input too" \
    "$(mg ioc extract --message <"$TEST_DATA/pdf/notice.pdf" | tr '\t' : | paste -sd' ' -)" \
    "ipv4:203.0.113.88 url:http://pdf-phish.com/login domain:pdf-phish.com ipv4:198.51.100.88 ipv4:192.0.2.88"
"$MAILGW" ioc extract "$TEST_DATA/pdf/notice.pdf" >"$TMP/out" 2>"$TMP/err"
is "ioc extract notice.pdf without --message: read as bytes, and a warning says so" \
    "$? $(cat "$TMP/err")" \
    "0 mailgw: ioc extract: $TEST_DATA/pdf/notice.pdf is a PDF, read as bytes: its text is not seen (--message reads it)"
done_testing

#!/bin/sh
# A TNEF stream attached (winmail.dat, application/ms-tnef: Outlook sends
# a rich text mail's attachments so, where other mail programs show
# nothing to open): each file in it is read as if attached on its own,
# a CSV report's rows kept, a workbook's cells, a text's indicators;
# a picture is not read. A broken or cut stream gives what came before
# the break, and the part says so. The stream is stored as it came.
# (tests/data/tnef/make-tnef.py writes the streams.)
. "${srcdir:-.}/tests/e2e/lib.sh"

D=$TEST_DATA/tnef
tnef_mail() {	# MESSAGE-ID TYPE FILE: a mail with FILE as winmail.dat
	attached_mail "$1" "$2" winmail.dat "$3"
}

tnef_mail tnef-1@bank.com application/ms-tnef "$D/report.dat" >"$TMP/t1.eml"
is "a winmail.dat: exit 0" "$(receive "$TMP/t1.eml")" 0
is "... the indicators of its CSV report, its notes and its workbook" \
    "$(iocs_of tnef-1@bank.com)" \
    "ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72 url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz ipv4:203.0.113.10 domain:host1.example.com ipv4:198.51.100.20"
is "... nothing wrong with it" "$(problems_of tnef-1@bank.com)" ""
tnef_sha=$(sha256sum <"$D/report.dat" | cut -d' ' -f1)
is "... the stream stored as it came" \
    "$(sql "SELECT attachment FROM parts WHERE filename = 'winmail.dat'
        LIMIT 1")" "$tnef_sha"
mg attachment text "$tnef_sha" >"$TMP/t1.txt"
is "attachment text: each file under its long name (UTF-16, cp1252), or its title" \
    "$(grep '^-- ' "$TMP/t1.txt" | paste -sd' ' -)" \
    "-- report-2026-11-21.csv -- -- notes.txt -- -- Hosts für CNCERT.xlsx --"

tnef_mail tnef-2@bank.com application/octet-stream "$D/one-csv.dat" \
    >"$TMP/t2.eml"
is "one CSV report in it, sent as octet-stream (by its name): exit 0" \
    "$(receive "$TMP/t2.eml")" 0
is "... its rows kept, with their times" \
    "$(sql "SELECT group_concat(line || ' ' || value || ' ' || seen, ', ')
        FROM ioc_rows")" \
    "2 198.51.100.71 2026-11-21T04:05:06Z, 3 198.51.100.72 2026-11-21T04:05:07Z"

tnef_mail tnef-3@bank.com application/ms-tnef "$D/broken.dat" >"$TMP/t3.eml"
is "a byte changed in the notes: exit 0" "$(receive "$TMP/t3.eml")" 0
is "... the CSV report before them read, nothing from there on" \
    "$(iocs_of tnef-3@bank.com)" \
    "ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72"
is "... and the part says so" "$(problems_of tnef-3@bank.com)" \
    "a TNEF stream (winmail.dat) broken or cut short: read up to the break"

tnef_mail tnef-4@bank.com application/ms-tnef "$D/cut.dat" >"$TMP/t4.eml"
is "a stream cut short: the same" \
    "$(receive "$TMP/t4.eml") $(iocs_of tnef-4@bank.com)" \
    "0 ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72"

tnef_mail tnef-8@bank.com application/ms-tnef "$D/bad-xlsx.dat" >"$TMP/t8.eml"
is "a workbook in it that does not open: the notes read" \
    "$(receive "$TMP/t8.eml") $(iocs_of tnef-8@bank.com)" \
    "0 url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz"
is "... and the part says so, with the file's name" \
    "$(problems_of tnef-8@bank.com)" \
    "hosts.xlsx: an Excel workbook that does not open"

attached_mail tnef-9@bank.com application/vnd.ms-tnef ATT00001.dat \
    "$D/one-csv.dat" >"$TMP/t9.eml"
attached_mail tnef-10@bank.com application/ms-tnef ATT00002.bin \
    "$D/one-csv.dat" >"$TMP/t10.eml"
is "by its type, whatever its name (a gateway renames it)" \
    "$(receive "$TMP/t9.eml") $(iocs_of tnef-9@bank.com) $(receive "$TMP/t10.eml") $(iocs_of tnef-10@bank.com)" \
    "0 ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72 0 ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72"

tnef_mail tnef-11@bank.com application/ms-tnef "$D/nested-5.dat" >"$TMP/t11.eml"
tnef_mail tnef-12@bank.com application/ms-tnef "$D/nested-40.dat" >"$TMP/t12.eml"
is "a winmail.dat in a winmail.dat, 5 deep: read" \
    "$(receive "$TMP/t11.eml") $(iocs_of tnef-11@bank.com)" \
    "0 url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz"
is "... 40 deep: no deeper than max_depth (32), nothing read" \
    "$(receive "$TMP/t12.eml") $(iocs_of tnef-12@bank.com)|" "0 |"

tnef_mail tnef-5@bank.com application/ms-tnef "$D/empty.dat" >"$TMP/t5.eml"
is "the signature alone: nothing read, nothing wrong" \
    "$(receive "$TMP/t5.eml") $(iocs_of tnef-5@bank.com)|$(problems_of tnef-5@bank.com)" \
    "0 |"

printf 'TNEF? 203.0.113.70\n' >"$TMP/not.dat"
tnef_mail tnef-6@bank.com application/ms-tnef "$TMP/not.dat" >"$TMP/t6.eml"
is "no TNEF signature: stored, not read" \
    "$(receive "$TMP/t6.eml") $(iocs_of tnef-6@bank.com)|$(problems_of tnef-6@bank.com)" \
    "0 |"
printf 'x\237>"\001\000junk 203.0.113.71\n' >"$TMP/junk.dat"
tnef_mail tnef-7@bank.com application/ms-tnef "$TMP/junk.dat" >"$TMP/t7.eml"
is "its signature, then junk: nothing read, and the part says so" \
    "$(receive "$TMP/t7.eml") $(iocs_of tnef-7@bank.com)|$(problems_of tnef-7@bank.com)" \
    "0 |a TNEF stream (winmail.dat) broken or cut short: read up to the break"

# A phish forwarded as an attachment from Outlook in rich text: each
# message attached is read with its subject and body and its own files;
# a Chinese Outlook's in its code page (GBK); an OLE object of another
# interface, and a message's IID before no stream, are no message.
tnef_mail tnef-13@bank.com application/ms-tnef "$D/embedded.dat" \
    >"$TMP/t13.eml"
is "messages attached in a winmail.dat: exit 0" "$(receive "$TMP/t13.eml")" 0
is "... the notes', each message's body's and its files' indicators; not the OLE object's" \
    "$(iocs_of tnef-13@bank.com)" \
    "url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz url:https://secure-pay-check.top/login domain:secure-pay-check.top ipv4:203.0.113.45 ipv4:198.51.100.71 domain:cache7.example-idc.cn ipv4:198.51.100.72 domain:phish-cn-bank.top ipv4:198.51.100.88"
is "... nothing wrong with it" "$(problems_of tnef-13@bank.com)" ""
mg attachment text "$(sha256sum <"$D/embedded.dat" | cut -d' ' -f1)" \
    >"$TMP/t13.txt"
is "attachment text: a message under its title, its text and files under theirs" \
    "$(grep '^-- ' "$TMP/t13.txt" | paste -sd' ' -)" \
    "-- notes.txt -- -- Fw: Zahlungsbestätigung -- -- the message's text -- -- hosts.csv -- -- an Outlook message attached --"
is "... the subject and body as written (GBK made UTF-8)" \
    "$(grep -c -e '^Fw: Zahlungsbestätigung$' -e '^钓鱼邮件$' -e '^钓鱼网站 phish-cn-bank.top 服务器 198.51.100.88$' "$TMP/t13.txt")" 3

is "ioc extract --message reads it too" \
    "$(mg ioc extract --message "$TMP/t1.eml" | tr '\t' : | paste -sd' ' -)" \
    "$(iocs_of tnef-1@bank.com)"
# What a winmail.dat holds is read up to max_attachment_size in all, at
# any depth: a message attached in one attached in one ..., 20 deep,
# each stream a little longer than what it holds, would otherwise be
# held 20 times over at once. With the default, the innermost's notes
# are read; within 8000 bytes in all (the stream is 4,566), not, and
# the part says so (the second message in, cut, breaks off).
tnef_mail tnef-14@bank.com application/ms-tnef "$D/chain-20.dat" \
    >"$TMP/t14.eml"
is "messages attached 20 deep: the innermost's notes read" \
    "$(receive "$TMP/t14.eml") $(iocs_of tnef-14@bank.com)|$(problems_of tnef-14@bank.com)" \
    "0 url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz|"
write_config "$TMP/small.conf" "max_attachment_size = 8000"
tnef_mail tnef-15@bank.com application/ms-tnef "$D/chain-20.dat" \
    >"$TMP/t15.eml"
is "... within 8000 bytes in all: not, and the part says so" \
    "$(MAILGW_CONFIG=$TMP/small.conf receive "$TMP/t15.eml") $(iocs_of tnef-15@bank.com)|$(problems_of tnef-15@bank.com)" \
    "0 |Fw: notes: Fw: notes: a TNEF stream (winmail.dat) broken or cut short: read up to the break; holds more than max_attachment_size in all: read up to it"

# The same bound through a mail saved as a file in a winmail.dat
# (fw.eml, 830 bytes), with a winmail.dat attached (the notes): within
# 1000 bytes in all, the notes are not read.
tnef_mail tnef-16@bank.com application/ms-tnef "$D/eml-in.dat" \
    >"$TMP/t16.eml"
tnef_mail tnef-17@bank.com application/ms-tnef "$D/eml-in.dat" \
    >"$TMP/t17.eml"
write_config "$TMP/small.conf" "max_attachment_size = 1000"
is "a winmail.dat in a mail in a winmail.dat: its notes read; within 1000 bytes in all, not" \
    "$(receive "$TMP/t16.eml") $(iocs_of tnef-16@bank.com)|$(MAILGW_CONFIG=$TMP/small.conf receive "$TMP/t17.eml") $(iocs_of tnef-17@bank.com)" \
    "0 url:http://login-secure-bank.top/verify domain:login-secure-bank.top email:collect@evil-collect.xyz|0 "

# A winmail.dat saved alone: --message reads it as the mail that carried
# it, its own body the text (203.0.113.97) before what it holds; read
# as bytes, a warning says what --message would see.
is "ioc extract --message on a winmail.dat saved alone" \
    "$(mg ioc extract --message "$D/embedded.dat" | tr '\t' : | paste -sd' ' -)" \
    "ipv4:203.0.113.97 $(iocs_of tnef-13@bank.com)"
mg ioc extract "$D/embedded.dat" >/dev/null 2>"$TMP/warn.txt"
is "... as bytes, a warning" "$(cat "$TMP/warn.txt")" \
    "mailgw: ioc extract: $D/embedded.dat is a winmail.dat (TNEF), read as bytes: its UTF-16 text is not seen (--message reads it)"
done_testing

#!/bin/sh
# The command line: version, help, usage errors, configuration sources.
. "${srcdir:-.}/tests/e2e/lib.sh"

out=$(mg --version)
is "--version names the program" "${out%% *}" "mailgw"
ok "--help lists receive" sh -c '"$MAILGW" --help | grep -q "^  receive "'
ok "help lists ticket and db" sh -c '"$MAILGW" help | grep -q "^  ticket " && "$MAILGW" help | grep -q "^  db "'
is "help --help: the same list" "$("$MAILGW" help --help 2>&1; echo "rc=$?")" "$("$MAILGW" help; echo "rc=$?")"
out=$(mg help receive)
is "help COMMAND prints its synopsis" "$(echo "$out" | head -1)" "usage: mailgw receive [--recipient ADDR] [--sender ADDR]"
# COMMAND --help: the same, on stdout, exit 0, with neither the
# configuration nor the store (a configuration that cannot load is not
# read); after "--" it is an argument
out=$("$MAILGW" -c "$TMP/no-such.conf" ioc extract --json --help 2>"$TMP/err"); rc=$?
is "COMMAND --help prints its synopsis and exits 0" "$rc:$(echo "$out" | head -1)" \
    "0:usage: mailgw ioc extract [FILE] [--json | --with-offsets] [--message] [--jobs N]"
ok "... and nothing on stderr" test ! -s "$TMP/err"
is "... the same text as help COMMAND" "$("$MAILGW" receive --help)" "$(mg help receive)"
mg ioc extract -- --help </dev/null >/dev/null 2>"$TMP/err"; rc=$?
is "... after --, a file's name" "$rc:$(cat "$TMP/err")" "66:mailgw: ioc extract: --help: No such file or directory"

mg frobnicate >/dev/null 2>"$TMP/err"; rc=$?
is "unknown command exits 64" "$rc" 64
ok "unknown command names it on stderr" grep -q "^mailgw: unknown command 'frobnicate'$" "$TMP/err"
ok "unknown command prints usage" grep -q "^usage: mailgw" "$TMP/err"

mg --frobnicate >/dev/null 2>"$TMP/err"; rc=$?
is "unknown global option exits 64" "$rc" 64
mg >/dev/null 2>&1; rc=$?
is "no command exits 64" "$rc" 64
mg ticket list --frobnicate >/dev/null 2>"$TMP/err"; rc=$?
is "unknown command option exits 64" "$rc" 64
ok "usage error shows the command's synopsis" grep -q "^usage: mailgw ticket list" "$TMP/err"
is "... one line says which option, then the synopsis, a line a form" \
    "$(head -1 "$TMP/err"):$(sed -n 2p "$TMP/err" | cut -c1-26):$(sed -n 3p "$TMP/err")" \
    "mailgw: ticket list: unknown option '--frobnicate':usage: mailgw ticket list :       mailgw ticket show ID [--json]"
ok "... a form's alternatives in brackets stay on its line" grep -q "^usage: mailgw ticket list .*\[--json | --csv\]$" "$TMP/err"
mg receive --recipient </dev/null >/dev/null 2>"$TMP/err"; rc=$?
is "an option without its value: 64, and said so" "$rc:$(head -1 "$TMP/err")" \
    "64:mailgw: receive: option '--recipient' needs a value"
mg ioc extract -z </dev/null >/dev/null 2>"$TMP/err"; rc=$?
is "an unknown short option" "$rc:$(head -1 "$TMP/err")" "64:mailgw: ioc extract: unknown option '-z'"
mg partner add P --email not-an-address >/dev/null 2>"$TMP/err"; rc=$?
is "partner add: a bad address named" "$rc:$(head -1 "$TMP/err")" \
    "64:mailgw: partner add: --email: 'not-an-address' is not an e-mail address"
mg partner add P --key 1234 >/dev/null 2>"$TMP/err"; rc=$?
is "partner add: a bad fingerprint named" "$rc:$(head -1 "$TMP/err")" \
    "64:mailgw: partner add: --key: '1234' is not a key fingerprint (40 hex digits)"
mg ticket list --status bogus >/dev/null 2>&1; rc=$?
is "unknown status exits 64" "$rc" 64
mg ticket show abc >/dev/null 2>&1; rc=$?
is "bad ticket id exits 64" "$rc" 64
mg ticket show 42 >/dev/null 2>"$TMP/err"; rc=$?
is "missing ticket exits 66" "$rc" 66
ok "missing ticket says so" grep -q "^mailgw: ticket show: no ticket 42$" "$TMP/err"

# Configuration: -c wins over $MAILGW_CONFIG; a named file must exist.
mg -c "$TMP/nonexistent.conf" ticket list >/dev/null 2>"$TMP/err"; rc=$?
is "missing -c file exits 78" "$rc" 78
ok "missing -c file is named" grep -q "nonexistent.conf: No such file" "$TMP/err"
MAILGW_CONFIG=$TMP/nonexistent.conf mg ticket list >/dev/null 2>&1; rc=$?
is "missing \$MAILGW_CONFIG file exits 78" "$rc" 78

printf '[gateway]\ntag = CNCERT\ncolour = blue\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" ticket list >/dev/null 2>"$TMP/err"; rc=$?
is "unknown key exits 78" "$rc" 78
is "unknown key: one line naming file, line and key" "$(cat "$TMP/err")" \
    "mailgw: $TMP/bad.conf:3: unknown key 'colour' in [gateway]"
printf '[gateway]\ntag = CN CERT\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" ticket list >/dev/null 2>"$TMP/err"; rc=$?
is "bad tag exits 78" "$rc" 78
ok "bad tag is named" grep -q "bad value for gateway.tag: 'CN CERT'" "$TMP/err"
printf '[gateway]\nmax_message_size = lots\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" ticket list >/dev/null 2>&1; rc=$?
is "bad size exits 78" "$rc" 78
printf '[transport]\nurl = carrier-pigeon:/coop\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" ticket list >/dev/null 2>&1; rc=$?
is "bad transport url exits 78" "$rc" 78
printf '[wishes]\npony = yes\n' >"$TMP/bad.conf"
mg -c "$TMP/bad.conf" ticket list >/dev/null 2>"$TMP/err"; rc=$?
is "unknown section exits 78" "$rc" 78

write_config "$TMP/other.conf"
sed -i "s|$TMP/db/mailgw.db|$TMP/other.db|" "$TMP/other.conf"
mg -c "$TMP/other.conf" receive <"$TEST_DATA/plain-report.eml"
ok "-c FILE chooses the store" test -s "$TMP/other.db"
is "-c FILE wins over \$MAILGW_CONFIG" "$(count_messages)" 0

# Embedded defaults: no file at all. As a user, state goes under
# $XDG_STATE_HOME (root uses the local state directory instead). A system
# file the user may not look for is an error, not a reason to guess (make
# distcheck's sysconfdir lies under a private directory).
sysconf=$("$MAILGW" --help | sed -n 's/.*else \(.*mailgw.conf\),$/\1/p')
nobody_env() {
	env -u MAILGW_CONFIG HOME="$TMP/home" XDG_STATE_HOME="$TMP/home/state" \
	    sh -c '. "$0"; as_nobody "$@"' "${srcdir:-.}/tests/e2e/as-nobody.sh" "$@"
}
mkdir -p "$TMP/home" && chmod 777 "$TMP/home"
nobody_env "$MAILGW" receive <"$TEST_DATA/plain-report.eml" 2>"$TMP/err"
if [ -e "$sysconf" ]; then
	echo "# $sysconf exists; embedded defaults not tested"
elif grep -q "mailgw.conf: Permission denied" "$TMP/err"; then
	is "an unreadable system configuration is an error" \
	    "$(cat "$TMP/err")" "mailgw: $sysconf: Permission denied"
else
	ok "no configuration: embedded defaults create the store" \
	    test -s "$TMP/home/state/mailgw/mailgw.db"
	out=$(nobody_env "$MAILGW" ticket list)
	ok "no configuration: default tag in the listing" \
	    sh -c 'echo "$1" | grep -q "^\[CERT #1\] .*Phishing hosts"' sh "$out"
fi
done_testing

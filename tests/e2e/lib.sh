# lib.sh: TAP helpers for mailgw's end-to-end tests (after mblaze t/lib.sh).
# Each test runs the built binary against a fresh temporary root with its
# own configuration and SQLite store. Source it; then call the checks and
# end with done_testing.

set -u

: "${MAILGW:?run the tests through make check}"
: "${TEST_DATA:?run the tests through make check}"
: "${SQLITE3:=sqlite3}"
: "${JQ:=jq}"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mailgw-test.XXXXXX") || exit 99
chmod 755 "$TMP"
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
unset MAILGW_CONFIG ORIGINAL_RECIPIENT RECIPIENT

test_count=0
test_failed=0

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

for tool in "$SQLITE3" "$JQ"; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool not installed"
done

# ok DESCRIPTION COMMAND...: passes when COMMAND exits 0.
ok() {
	desc=$1
	shift
	test_count=$((test_count + 1))
	if "$@"; then
		echo "ok $test_count - $desc"
	else
		echo "not ok $test_count - $desc"
		test_failed=$((test_failed + 1))
	fi
}

# is DESCRIPTION GOT EXPECTED
is() {
	test_count=$((test_count + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		printf '#   got:      %s\n#   expected: %s\n' "$2" "$3"
		test_failed=$((test_failed + 1))
	fi
}

done_testing() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
	exit $?
}

# write_config FILE [EXTRA LINES...]: a configuration whose store is in
# $TMP, acknowledgements off (t0014 tests them); extra lines are appended
# to [gateway].
write_config() {
	file=$1
	shift
	{
		echo "[gateway]"
		echo "address = cert@cert.example"
		echo "tag = CNCERT"
		echo "database = $TMP/db/mailgw.db"
		echo "gnupghome = $TMP/gnupg"
		echo "templates = ${TEMPLATES:-$(pwd)/templates}"
		echo "ack = no"
		for line in "$@"; do
			echo "$line"
		done
		echo "[transport]"
		echo "url = maildir:$TMP/outbox"
	} >"$file"
}

mkdir -p "$TMP/db"
write_config "$TMP/mailgw.conf"
MAILGW_CONFIG=$TMP/mailgw.conf
export MAILGW_CONFIG
DB=$TMP/db/mailgw.db
# The schema version this tree's migrations make.
LATEST=$(ls "${srcdir:-.}"/migrations/[0-9][0-9][0-9][0-9]_*.sql | wc -l | tr -d ' ')

mg() {
	"$MAILGW" "$@"
}

# receive FILE [ARGS...]: pipe FILE into mailgw receive; prints the exit code.
receive() {
	f=$1
	shift
	"$MAILGW" receive "$@" <"$f" 2>>"$TMP/stderr"
	echo $?
}

# sql QUERY...: the sqlite3 shell on the store. It waits for a lock as
# mailgw does: a reader that opens the store while the last connection
# of a mailgw process closes it (and checkpoints the WAL) is told
# "database is locked" at once without a timeout.
sql() {
	"$SQLITE3" -batch -cmd '.timeout 10000' "$DB" "$@"
}

count_messages() {
	sql "SELECT count(*) FROM messages"
}

# hold_lock SECONDS: another process takes the store's write lock, as a
# delivery in its transaction does (an INSERT into audit, never
# committed), and keeps it for SECONDS; returns once it has it (it says
# so after the INSERT, so that a loaded machine cannot let mailgw in
# first), its pid in $holder.
hold_lock() {
	rm -f "$TMP/held"
	{
		echo "BEGIN IMMEDIATE;"
		echo "INSERT INTO audit (actor, action) VALUES ('test', 'hold the lock');"
		echo ".print held"
		sleep "$1"
		echo "ROLLBACK;"
	} | "$SQLITE3" "$DB" >"$TMP/held" &
	holder=$!
	_i=0
	until grep -q held "$TMP/held" 2>/dev/null || [ $_i -gt 200 ]; do
		_i=$((_i + 1))
		sleep 0.05
	done
}

# show ID FILTER: one value from ticket show --json.
show() {
	"$MAILGW" ticket show "$1" --json | "$JQ" -r "$2"
}

# ticket_of MESSAGE-ID: the ticket the message joined.
ticket_of() {
	sql "SELECT ticket_id FROM messages WHERE message_id = '$1'"
}

# iocs_of MESSAGE-ID: its ticket's indicators, "type:value" each.
iocs_of() {
	show "$(ticket_of "$1")" '[.iocs[] | .type + ":" + .value] | join(" ")'
}

# problems_of MESSAGE-ID: what its ticket's first message's parts say
# was wrong with them.
problems_of() {
	show "$(ticket_of "$1")" \
	    '[.messages[0].parts[].problem // empty] | join(", ")'
}

# attached_mail MESSAGE-ID TYPE NAME FILE: a report from soc@bank.com, a
# line of text and FILE attached as NAME, of TYPE, in base64.
attached_mail() {
	printf '%s\n' 'From: soc@bank.com' 'To: cert@cert.example' \
	    "Subject: $3" "Message-ID: <$1>" 'MIME-Version: 1.0' \
	    'Content-Type: multipart/mixed; boundary="b"' '' '--b' \
	    'Content-Type: text/plain' '' "$3 is attached." '--b' \
	    "Content-Type: $2; name=\"$3\"" \
	    "Content-Disposition: attachment; filename=\"$3\"" \
	    'Content-Transfer-Encoding: base64' ''
	base64 <"$4"
	printf '%s\n' '--b--'
}

. "${srcdir:-.}/tests/e2e/as-nobody.sh"

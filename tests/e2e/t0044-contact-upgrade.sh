#!/bin/sh
# A store made before migration 0018 (contact sources without spans of
# rowids, an index by source on contacts and ranges, the old CHECK on a
# contact's kind) upgraded with its contacts: nothing lost, the spans
# cover the old rows, a re-import deletes them and only them, and an
# insert no longer builds a temporary index.
. "${srcdir:-.}/tests/e2e/lib.sh"

C=$TEST_DATA/contacts
# Schema version 17: this tree's store taken back to it. Migration 0018
# touches only the contact tables; they get their old shape, the
# contacts table from 0012's own text. 0019 added a column to parts and
# remade the part_text view: both undone (0010's view, the texts kept
# in parts as before). A message stored before shows the same texts after.
mg db migrate >/dev/null || { echo "Bail out! db migrate"; exit 1; }
receive "$TEST_DATA/attachments.eml" >/dev/null
sql "SELECT path || '=' || length(text) FROM part_text ORDER BY path" >"$TMP/texts.before"
{
	echo "PRAGMA foreign_keys = OFF;"
	# (what a mailgw of version 17 kept: the text itself)
	echo "UPDATE parts SET text = (SELECT t.text FROM part_text t WHERE t.id = parts.id) WHERE text_in_attachment;"
	echo "DROP VIEW part_text;"
	echo "ALTER TABLE parts DROP COLUMN text_in_attachment;"
	sed -n '/^CREATE VIEW part_text AS/,/;$/p' "${srcdir:-.}/migrations/0010_pgp.sql"
	for c in first_contact last_contact first_range last_range; do
		echo "ALTER TABLE contact_sources DROP COLUMN $c;"
	done
	echo "DROP TABLE contacts;"
	sed -n '/^CREATE TABLE contacts (/,/^);/p' "${srcdir:-.}/migrations/0012_contacts.sql"
	echo "CREATE INDEX contacts_source ON contacts (source_id);"
	echo "CREATE INDEX contact_ranges_source ON contact_ranges (source_id);"
	echo "PRAGMA user_version = 17;"
} | sql || { echo "Bail out! taking the store back to version 17"; exit 1; }
is "the store of version 17 has the old CHECK" \
    "$(sql "SELECT sql LIKE '%kind IN (%' FROM sqlite_schema WHERE name = 'contacts'")" 1
# Two sources, their rows interleaved in rowid order as two imports of
# that time could leave them (old, then other, then old re-imported
# after other grew), and segments naming old's network.
sql <<'EOF'
INSERT INTO contact_sources (id, name, format, objects) VALUES
    (1, 'old', 'ripe', 3), (2, 'other', 'csv', 1);
INSERT INTO contacts (id, source_id, kind, name, email, object) VALUES
    (10, 1, 'network', 'Old ISP', 'abuse@old.example', 'AR1 (inetnum)'),
    (11, 2, 'national-cert', 'CERT-XX', 'cert@xx.example', 'row 2'),
    (12, 1, 'carrier', 'Old carrier', 'noc@old.example', 'AR1 (aut-num)');
INSERT INTO contact_ranges (id, source_id, contact_id, family, lo, hi,
    netname, country, object) VALUES
    (100, 1, 10, 4, X'C0000200', X'C00002FF', 'OLD-NET', 'XX',
        'inetnum: 192.0.2.0 - 192.0.2.255'),
    (101, 2, 11, 4, X'C6336400', X'C63364FF', 'OTHER', 'XX',
        'row 3'),
    (102, 1, NULL, 4, X'C0000000', X'C000FFFF', 'OLD-ALLOC', 'XX',
        'inetnum: 192.0.0.0 - 192.0.255.255');
INSERT INTO contact_asns (asn, contact_id) VALUES (64500, 12);
INSERT INTO contact_countries (cc, contact_id) VALUES ('XX', 11);
INSERT INTO contact_segments (family, lo, hi, range_id) VALUES
    (4, X'C0000200', X'C00002FF', 100), (4, X'C6336400', X'C63364FF', 101);
EOF

is "db migrate on a store of version 17" "$(mg db migrate)" \
    "$DB: schema version $LATEST (2 migrations applied)"
sql "SELECT path || '=' || length(text) FROM part_text ORDER BY path" >"$TMP/texts.after"
ok "... a message stored before shows the same texts" cmp -s "$TMP/texts.before" "$TMP/texts.after"
is "... every contact kept, with its fields" \
    "$(sql "SELECT group_concat(id || ' ' || source_id || ' ' || kind || ' ' || email, ',') FROM contacts")" \
    "10 1 network abuse@old.example,11 2 national-cert cert@xx.example,12 1 carrier noc@old.example"
is "... every range, AS and country still pointing at them" \
    "$(sql "SELECT count(*) FROM contact_ranges r JOIN contacts c ON c.id = r.contact_id;
        SELECT count(*) FROM contact_asns a JOIN contacts c ON c.id = a.contact_id;
        SELECT count(*) FROM contact_countries x JOIN contacts c ON c.id = x.contact_id" | tr '\n' ' ')" \
    "2 1 1 "
is "... no dangling reference" "$(sql "SELECT count(*) FROM pragma_foreign_key_check")" 0
is "... the spans of the old rows" \
    "$(sql "SELECT group_concat(name || ' ' || first_contact || '-' || last_contact || ' ' || first_range || '-' || last_range, ',') FROM contact_sources")" \
    "old 10-12 100-102,other 11-11 101-101"
is "... the indexes by source gone" \
    "$(sql "SELECT count(*) FROM sqlite_schema WHERE name IN ('contacts_source', 'contact_ranges_source')")" 0
is "... the old network still answers" \
    "$(mg contact lookup --json 192.0.2.9 | "$JQ" -r '.[0].answers[] | select(.scope == "network") | .email')" \
    abuse@old.example
is "db check: clean" "$(mg db check >/dev/null 2>&1; echo $?)" 0

# A kind outside the list is refused, by comparisons, not by a
# temporary index built for every inserted row.
ok "a contact of an unknown kind is refused" sh -c '! "$0" -batch "$1" "PRAGMA foreign_keys = ON; INSERT INTO contacts (source_id, kind, name, object) VALUES (1, '"'"'spammer'"'"', '"'"'x'"'"', '"'"'y'"'"')" 2>/dev/null' "$SQLITE3" "$DB"
is "... and an insert builds no temporary index" \
    "$(sql "EXPLAIN INSERT INTO contacts (source_id, kind, name, object) VALUES (1, 'network', 'x', 'y')" | grep -c OpenEphemeral)" 0

# Re-importing "old" deletes its rows through the spans, whichever
# order they were in, and leaves "other" alone.
is "re-importing the old source" \
    "$(mg contact import --format ripe --source old "$C/apnic.db" 2>/dev/null)" \
    "old: 5 objects imported, 0 skipped"
is "... none of its old rows left" \
    "$(sql "SELECT count(*) FROM contacts WHERE email LIKE '%@old.example'; SELECT count(*) FROM contact_ranges WHERE netname LIKE 'OLD-%'; SELECT count(*) FROM contact_asns WHERE asn = 64500" | tr '\n' ' ')" \
    "0 0 0 "
is "... the other source's rows all there" \
    "$(sql "SELECT count(*) FROM contacts WHERE id = 11; SELECT count(*) FROM contact_ranges WHERE id = 101; SELECT count(*) FROM contact_countries WHERE cc = 'XX'" | tr '\n' ' ')" \
    "1 1 1 "
is "... the old network answers no more: the new import's does" \
    "$(mg contact lookup --json 192.0.2.9 | "$JQ" -r '[.[0].answers[] | select(.scope == "network") | .email] | join(" ")')" \
    anti-spam@telecom.example
is "... the other's still does" \
    "$(mg contact lookup --json 198.51.100.9 | "$JQ" -r '.[0].answers[] | select(.scope == "network") | .email')" \
    cert@xx.example
is "... the new import's spans start past the other source's rows" \
    "$(sql "SELECT first_contact > 11 AND first_range > 101 AND last_contact >= first_contact AND last_range >= first_range FROM contact_sources WHERE name = 'old'")" 1
is "... its counts as contact sources shows them" \
    "$(mg contact sources --json | "$JQ" -c '[.[] | [.name, .contacts, .ranges]]')" \
    "$(sql "SELECT json_group_array(json_array(x.name, (SELECT count(*) FROM contacts c WHERE c.source_id = x.id), (SELECT count(*) FROM contact_ranges r WHERE r.source_id = x.id))) FROM (SELECT * FROM contact_sources ORDER BY manual DESC, name) x")"
is "... no dangling reference" "$(sql "SELECT count(*) FROM pragma_foreign_key_check")" 0

done_testing

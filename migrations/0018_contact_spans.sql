-- 0018_contact_spans: cheaper contact imports (a full RIR dump is five
-- million ranges).
--
-- Every row of a source's contacts and ranges is inserted by its import,
-- in one write transaction that takes the next rowids; so a source
-- remembers the span of rowids its import took, and a re-import deletes
-- through that span (and source_id), instead of an index by source on
-- both tables that every inserted row had to enter (a third of an
-- import's time). Spans of older imports are their rows' lowest and
-- highest rowids.
--
-- The contacts table is rebuilt because its CHECK on kind, an IN list of
-- six, made SQLite build a temporary index for every inserted row; the
-- same values are checked by comparisons. Migrations run with the
-- foreign keys' enforcement off, so dropping the old table removes
-- nothing else.

ALTER TABLE contact_sources ADD COLUMN first_contact INTEGER;
ALTER TABLE contact_sources ADD COLUMN last_contact INTEGER;
ALTER TABLE contact_sources ADD COLUMN first_range INTEGER;
ALTER TABLE contact_sources ADD COLUMN last_range INTEGER;

UPDATE contact_sources SET
    first_contact = (SELECT min(id) FROM contacts c
        WHERE c.source_id = contact_sources.id),
    last_contact = (SELECT max(id) FROM contacts c
        WHERE c.source_id = contact_sources.id),
    first_range = (SELECT min(id) FROM contact_ranges r
        WHERE r.source_id = contact_sources.id),
    last_range = (SELECT max(id) FROM contact_ranges r
        WHERE r.source_id = contact_sources.id);

DROP INDEX contact_ranges_source;
DROP INDEX contacts_source;

CREATE TABLE contacts_0018 (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES contact_sources (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind = 'network' OR kind = 'carrier'
                    OR kind = 'registrar' OR kind = 'hosting'
                    OR kind = 'national-cert' OR kind = 'partner'),
    name        TEXT NOT NULL,
    email       TEXT,               -- the abuse address; NULL: none found
    lang        TEXT,
    format      TEXT CHECK (format IS NULL OR format IN ('inline', 'csv')),
    key         TEXT,               -- PGP fingerprint
    interval_s  INTEGER,            -- tell again only after this long
    iana_id     INTEGER,
    object      TEXT NOT NULL       -- where it came from
);
INSERT INTO contacts_0018 (id, source_id, kind, name, email, lang, format,
    key, interval_s, iana_id, object)
    SELECT id, source_id, kind, name, email, lang, format, key, interval_s,
        iana_id, object FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_0018 RENAME TO contacts;

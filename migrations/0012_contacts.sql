-- 0012_contacts: who answers for what. Contacts come from imports
-- (RIR RPSL dumps, delegated statistics, CSV files), each import a
-- source that a re-import replaces whole; a manual source (CSV imported
-- with --manual) overrides what the others say and survives their
-- re-imports. Every answer can name its source, object and import time.

CREATE TABLE contact_sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL CHECK (format IN ('ripe', 'delegated', 'csv')),
    manual      INTEGER NOT NULL DEFAULT 0,
    imported    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    objects     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES contact_sources (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('network', 'carrier', 'registrar',
                    'hosting', 'national-cert', 'partner')),
    name        TEXT NOT NULL,
    email       TEXT,               -- the abuse address; NULL: none found
    lang        TEXT,
    format      TEXT CHECK (format IS NULL OR format IN ('inline', 'csv')),
    key         TEXT,               -- PGP fingerprint
    interval_s  INTEGER,            -- tell again only after this long
    iana_id     INTEGER,
    object      TEXT NOT NULL       -- where it came from
);
CREATE INDEX contacts_source ON contacts (source_id);

-- Address ranges (big-endian, 4 or 16 bytes) and who answers for them.
CREATE TABLE contact_ranges (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES contact_sources (id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    family      INTEGER NOT NULL CHECK (family IN (4, 6)),
    lo          BLOB NOT NULL,
    hi          BLOB NOT NULL,
    netname     TEXT,
    country     TEXT,
    asn         INTEGER,            -- the origin AS, when known
    object      TEXT NOT NULL
);
CREATE INDEX contact_ranges_source ON contact_ranges (source_id);

-- The ranges that have a contact, flattened: every address lies in at
-- most one segment, which names the range that answers for it (the most
-- specific; a manual one before any other). Rebuilt after each import.
CREATE TABLE contact_segments (
    family      INTEGER NOT NULL,
    lo          BLOB NOT NULL,
    hi          BLOB NOT NULL,
    range_id    INTEGER NOT NULL,
    PRIMARY KEY (family, lo)
) WITHOUT ROWID;

-- The same for origin AS: the most specific range that names one.
CREATE TABLE asn_segments (
    family      INTEGER NOT NULL,
    lo          BLOB NOT NULL,
    hi          BLOB NOT NULL,
    range_id    INTEGER NOT NULL,
    PRIMARY KEY (family, lo)
) WITHOUT ROWID;

CREATE TABLE contact_asns (
    asn         INTEGER NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
);
CREATE INDEX contact_asns_asn ON contact_asns (asn);
CREATE INDEX contact_asns_contact ON contact_asns (contact_id);

CREATE TABLE contact_countries (
    cc          TEXT NOT NULL,      -- ISO 3166 alpha-2, upper case
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
);
CREATE INDEX contact_countries_cc ON contact_countries (cc);
CREATE INDEX contact_countries_contact ON contact_countries (contact_id);

-- Domains a registrar (or a host) answers for, spelt backwards.
CREATE TABLE contact_domains (
    suffix      TEXT NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
);
CREATE INDEX contact_domains_suffix ON contact_domains (suffix);
CREATE INDEX contact_domains_contact ON contact_domains (contact_id);

-- RIR delegated statistics: which country an address range is in. The
-- ranges of one file do not overlap.
CREATE TABLE country_ranges (
    source_id   INTEGER NOT NULL REFERENCES contact_sources (id) ON DELETE CASCADE,
    family      INTEGER NOT NULL,
    lo          BLOB NOT NULL,
    hi          BLOB NOT NULL,
    cc          TEXT NOT NULL,
    registry    TEXT NOT NULL
);
CREATE INDEX country_ranges_lo ON country_ranges (family, lo);
CREATE INDEX country_ranges_source ON country_ranges (source_id);

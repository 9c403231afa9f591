-- 0003_correspondents: partners (organisations we work with: CERTs,
-- carriers, banks) and staff (the desk's analysts), their addresses and
-- PGP keys, and the partners' own ticket references mapped to ours.

CREATE TABLE correspondents (
    id          INTEGER PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('partner', 'staff')),
    name        TEXT NOT NULL,
    ref_regex   TEXT,                   -- partners: their reference, POSIX ERE
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (role, name)
);

-- An address or key belongs to one correspondent only, so that a message
-- never speaks for two.
CREATE TABLE correspondent_addresses (
    correspondent_id INTEGER NOT NULL REFERENCES correspondents (id) ON DELETE CASCADE,
    address     TEXT NOT NULL COLLATE NOCASE UNIQUE
);
CREATE INDEX correspondent_addresses_id ON correspondent_addresses (correspondent_id);

CREATE TABLE correspondent_keys (
    correspondent_id INTEGER NOT NULL REFERENCES correspondents (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL UNIQUE    -- 40 upper-case hex digits
);
CREATE INDEX correspondent_keys_id ON correspondent_keys (correspondent_id);

-- A partner's own reference ("AUSCERT #4711", "ESB-2022.1234") and the
-- ticket it stands for, bound to that partner.
CREATE TABLE partner_refs (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES correspondents (id) ON DELETE CASCADE,
    ref         TEXT NOT NULL COLLATE NOCASE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    message_id  INTEGER REFERENCES messages (id),   -- where it was first seen
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (partner_id, ref)
);
CREATE INDEX partner_refs_ticket ON partner_refs (ticket_id);

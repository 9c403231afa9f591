-- 0010_pgp: what OpenPGP says about each message. Signatures per part,
-- the plaintext of what was decrypted (its parts are in parts, with
-- their offsets into the layer's bytes), and per message how much of
-- what a reader sees good signatures and encryption cover, and which
-- partner or staff member, if any, the message is verified to be from.

ALTER TABLE messages ADD COLUMN coverage TEXT NOT NULL DEFAULT 'none'
    CHECK (coverage IN ('full', 'partial', 'none'));
ALTER TABLE messages ADD COLUMN encryption TEXT NOT NULL DEFAULT 'none'
    CHECK (encryption IN ('full', 'partial', 'none'));
-- Decided once, when the message came in, from the keys and addresses
-- the desk had recorded then; never from anything in the message.
ALTER TABLE messages ADD COLUMN verified_role TEXT
    CHECK (verified_role IN ('partner', 'staff'));
ALTER TABLE messages ADD COLUMN verified_name TEXT;
ALTER TABLE messages ADD COLUMN verified_key TEXT;
ALTER TABLE messages ADD COLUMN verification TEXT;  -- why not, or how

-- What one ciphertext decrypted to: a MIME entity, parsed into parts.
CREATE TABLE layers (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    path        TEXT NOT NULL,      -- its root part
    parent_path TEXT NOT NULL,      -- the part that held the ciphertext
    raw         BLOB NOT NULL,
    UNIQUE (message_id, path)
);

ALTER TABLE parts ADD COLUMN layer_id INTEGER REFERENCES layers (id);
ALTER TABLE parts ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parts ADD COLUMN content INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parts ADD COLUMN signed TEXT NOT NULL DEFAULT 'none'
    CHECK (signed IN ('full', 'partial', 'none'));
ALTER TABLE parts ADD COLUMN pgp TEXT
    CHECK (pgp IN ('signature', 'pgp-control', 'ciphertext', 'key'));
ALTER TABLE parts ADD COLUMN decryption TEXT
    CHECK (decryption IN ('decrypted', 'no-secret-key', 'too-large', 'error'));

CREATE TABLE signatures (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    part_path   TEXT NOT NULL,      -- the part it covers
    carrier     TEXT NOT NULL CHECK (carrier IN ('pgp-mime', 'inline', 'encrypted')),
    status      TEXT NOT NULL CHECK (status IN ('good', 'bad', 'unknown-key',
                    'expired-key', 'revoked-key', 'expired', 'error')),
    fingerprint TEXT NOT NULL DEFAULT '',
    uid         TEXT,
    from_match  INTEGER NOT NULL DEFAULT 0,
    forwarded   INTEGER NOT NULL DEFAULT 0, -- inside a forwarded message
    created     TEXT,
    detail      TEXT
);
CREATE INDEX signatures_message ON signatures (message_id, id);
CREATE INDEX signatures_fingerprint ON signatures (fingerprint);

-- Text kept in the raw message is never that of a decrypted part.
DROP VIEW part_text;
CREATE VIEW part_text AS
    SELECT p.id, p.message_id, p.path,
           CASE WHEN p.text_in_raw AND p.layer_id IS NULL
                THEN CAST(substr(m.raw, p.body_start + 1, p.body_length) AS TEXT)
                ELSE p.text END AS text
    FROM parts p JOIN messages m ON m.id = p.message_id;

-- 0002_parts: the MIME tree of every message, the text a reader sees,
-- and attachments stored once per content.

-- An attachment's bytes, once across the store, keyed by their SHA-256.
CREATE TABLE attachments (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    magic_type  TEXT NOT NULL,          -- what libmagic sees in the bytes
    data        BLOB NOT NULL
);

-- One row per MIME part, in depth-first order. Offsets are into
-- messages.raw: the whole part (header and body, as a signature covers
-- it) and its encoded body.
CREATE TABLE parts (
    id                  INTEGER PRIMARY KEY,
    message_id          INTEGER NOT NULL REFERENCES messages (id),
    path                TEXT NOT NULL,      -- "1", "1.2", ...
    depth               INTEGER NOT NULL,
    kind                TEXT NOT NULL
                        CHECK (kind IN ('multipart', 'message', 'text', 'html', 'attachment')),
    content_type        TEXT NOT NULL,
    charset             TEXT,
    transfer_encoding   TEXT,
    disposition         TEXT,
    filename            TEXT,               -- sanitized; never a path
    raw_start           INTEGER NOT NULL,
    raw_length          INTEGER NOT NULL,
    body_start          INTEGER,
    body_length         INTEGER,
    size                INTEGER NOT NULL DEFAULT 0,     -- decoded
    text                TEXT,               -- UTF-8 a reader sees, unless
    text_in_raw         INTEGER NOT NULL DEFAULT 0, -- it is the raw body
                                            -- as it is (kept once)
    attachment          TEXT REFERENCES attachments (sha256),
    inner_from          TEXT,               -- message/rfc822: the
    inner_subject       TEXT,               -- forwarded header,
    inner_message_id    TEXT,               -- searchable
    inner_date          TEXT,
    problem             TEXT,
    UNIQUE (message_id, path)
);
CREATE INDEX parts_attachment ON parts (attachment) WHERE attachment IS NOT NULL;

-- The text of every part, wherever it is kept: read this, not parts.text.
CREATE VIEW part_text AS
    SELECT p.id, p.message_id, p.path,
           CASE WHEN p.text_in_raw
                THEN CAST(substr(m.raw, p.body_start + 1, p.body_length) AS TEXT)
                ELSE p.text END AS text
    FROM parts p JOIN messages m ON m.id = p.message_id;
CREATE INDEX parts_inner_message_id ON parts (inner_message_id)
    WHERE inner_message_id IS NOT NULL;

-- 0004_outbox: mail we send. The message itself is a row of messages
-- (direction 'out', raw kept, so replies thread by its Message-ID); the
-- outbox row is its delivery: recorded before the transport gets it,
-- marked sent after (invariant 6).

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    purpose         TEXT NOT NULL,          -- ack, notify, takedown, reply
    envelope_from   TEXT NOT NULL,
    recipient       TEXT NOT NULL COLLATE NOCASE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent            TEXT
);
CREATE INDEX outbox_pending ON outbox (status) WHERE status = 'pending';
-- The per-sender cap on automatic replies counts these.
CREATE INDEX outbox_recipient ON outbox (purpose, recipient, created);

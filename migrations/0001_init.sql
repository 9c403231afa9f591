-- 0001_init: tickets, messages with their raw bytes and the header fields
-- threading needs, and the append-only audit log.
-- Times are RFC 3339 UTC text: 2026-11-22T08:00:00Z.

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    status      TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'open', 'stalled', 'resolved', 'rejected')),
    category    TEXT,
    owner       TEXT,
    subject     TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX tickets_status ON tickets (status, id);

-- One row per distinct message. The idempotency key is the Message-ID
-- ('' when there is none) with the SHA-256 of the message without its
-- trace fields, so a re-delivery is recognised and a reused Message-ID
-- with other content is kept as the other message it is.
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    message_id      TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    received        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    recipient       TEXT NOT NULL DEFAULT '',
    from_addr       TEXT NOT NULL DEFAULT '',
    from_name       TEXT NOT NULL DEFAULT '',
    to_addrs        TEXT NOT NULL DEFAULT '',
    cc_addrs        TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    date            TEXT,
    in_reply_to     TEXT NOT NULL DEFAULT '',
    refs            TEXT NOT NULL DEFAULT '',
    problem         TEXT,
    size            INTEGER NOT NULL,
    raw             BLOB NOT NULL,
    UNIQUE (message_id, content_sha256)
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);

-- Who did what to which ticket, and when. Append-only: nothing in mailgw
-- updates or deletes a row, and the triggers refuse it to anybody else.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER REFERENCES tickets (id),
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_ticket ON audit (ticket_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- 0013_notify: notifications. notify decides first (one pending row per
-- contact address, template and format, with the indicators it covers
-- and where the contact came from), then composes and sends; the row
-- keeps its message and its state, and a per-notification token lets
-- replies and bounces find it.

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    contact     TEXT NOT NULL,          -- the contact's name
    address     TEXT NOT NULL COLLATE NOCASE,
    scope       TEXT NOT NULL,          -- network, carrier, national-cert
    template    TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('inline', 'csv')),
    lang        TEXT NOT NULL DEFAULT 'en',
    key         TEXT,                   -- PGP fingerprint of the contact
    provenance  TEXT NOT NULL,          -- source, object, import time
    token       TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'failed', 'replied',
                    'bounced')),
    message_id  INTEGER REFERENCES messages (id),   -- once composed
    outbox_id   INTEGER REFERENCES outbox (id),
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent        TEXT,
    last_error  TEXT
);
CREATE INDEX notifications_ticket ON notifications (ticket_id, id);
-- At most one pending notification per contact, template and format.
CREATE UNIQUE INDEX notifications_pending
    ON notifications (ticket_id, address, template, format)
    WHERE status = 'pending';

-- Which indicators each notification tells of, by value, so that a
-- contact is not told again about the same one within its interval.
CREATE TABLE notification_iocs (
    notification_id INTEGER NOT NULL REFERENCES notifications (id)
                    ON DELETE CASCADE,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (notification_id, type, value)
) WITHOUT ROWID;
CREATE INDEX notification_iocs_value ON notification_iocs (type, value);

-- Small values of the store's own (the reply tokens' key when the
-- configuration names none).
CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;

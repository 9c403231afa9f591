-- 0006_iocs: the indicators of each ticket, once per (type, value): when
-- and in which message first seen, how often, whether written defanged,
-- whether they came from signed content, and whether they may be
-- notified (a public address or name the allowlist does not hold).

CREATE TABLE iocs (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    class       TEXT NOT NULL,      -- public, private, documentation, ...
    allowlisted INTEGER NOT NULL DEFAULT 0,
    defanged    INTEGER NOT NULL DEFAULT 0,
    signed      INTEGER NOT NULL DEFAULT 0,
    occurrences INTEGER NOT NULL DEFAULT 1,
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    first_seen  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (ticket_id, type, value)
);
-- Which tickets name an indicator.
CREATE INDEX iocs_value ON iocs (type, value);

-- 0016_suspects: addresses a notification bounced from (RFC 3464). They
-- stay suspect, across re-imports of the contact data, until a reply
-- comes from one of them; lookups and notify say so.

CREATE TABLE suspect_addresses (
    address         TEXT PRIMARY KEY COLLATE NOCASE,
    since           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    notification_id INTEGER REFERENCES notifications (id) ON DELETE SET NULL
);

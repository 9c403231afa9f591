-- 0008_notes: the desk's internal notes on a ticket; never mailed out.

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    author      TEXT NOT NULL,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    text        TEXT NOT NULL
);
CREATE INDEX notes_ticket ON notes (ticket_id, id);

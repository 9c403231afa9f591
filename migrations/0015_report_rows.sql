-- 0015_report_rows: the rows of CSV reports (Shadowserver-style feeds:
-- timestamp, ip, port, hostname, asn, geo ...). Each row that names an
-- address is kept with the indicator it gave, when the report says it
-- was seen, and every column as the report wrote it (a JSON object).

CREATE TABLE ioc_rows (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    part_path   TEXT NOT NULL,
    line        INTEGER NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    seen        TEXT,                   -- RFC 3339 UTC, when it parsed
    columns     TEXT NOT NULL
);
CREATE INDEX ioc_rows_ioc ON ioc_rows (ticket_id, type, value);

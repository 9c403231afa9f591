-- 0005_reports: the structured abuse report a message carries (ARF,
-- X-ARF 0.2, 3 or 4), reduced to the fields the desk works from. An
-- invalid report is kept with its problem, never refused.

CREATE TABLE structured_reports (
    message_id  INTEGER PRIMARY KEY REFERENCES messages (id),
    format      TEXT NOT NULL,      -- arf, x-arf-0.2, x-arf-3, x-arf-4
    type        TEXT,
    category    TEXT,
    source_ip   TEXT,
    source      TEXT,
    time        TEXT,
    valid       INTEGER NOT NULL,
    problem     TEXT
);
CREATE INDEX structured_reports_source_ip ON structured_reports (source_ip)
    WHERE source_ip IS NOT NULL;

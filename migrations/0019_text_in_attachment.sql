-- 0019_text_in_attachment: a text attachment's text is its bytes (a
-- CSV report, a log) more often than not, or its bytes with each CRLF
-- made LF (1 and 2). Such a part keeps its text once, in attachments,
-- as text_in_raw keeps a plain body once, in the raw message: a daily
-- scan report of 100,000 rows kept 11 MB twice.

ALTER TABLE parts ADD COLUMN text_in_attachment INTEGER NOT NULL DEFAULT 0;

DROP VIEW part_text;
CREATE VIEW part_text AS
    SELECT p.id, p.message_id, p.path,
           CASE WHEN p.text_in_raw AND p.layer_id IS NULL
                THEN CAST(substr(m.raw, p.body_start + 1, p.body_length) AS TEXT)
                WHEN p.text_in_attachment = 1
                THEN (SELECT CAST(a.data AS TEXT) FROM attachments a
                      WHERE a.sha256 = p.attachment)
                WHEN p.text_in_attachment = 2
                THEN (SELECT replace(CAST(a.data AS TEXT), char(13, 10),
                                     char(10)) FROM attachments a
                      WHERE a.sha256 = p.attachment)
                ELSE p.text END AS text
    FROM parts p JOIN messages m ON m.id = p.message_id;

-- 0011_search: what ticket list's filters need to stay fast on a million
-- tickets, and links between related tickets.

-- The key an indicator is searched by: a CIDR's network in canonical
-- form (an address finds the CIDRs that hold it by looking its network
-- up at every prefix length), a domain spelt backwards (its subdomains
-- follow it in the index). mailgw_ioc_key is mailgw's own (ioc.c).
ALTER TABLE iocs ADD COLUMN search_key TEXT;
UPDATE iocs SET search_key = mailgw_ioc_key(type, value)
    WHERE type IN ('cidr', 'domain');
CREATE INDEX iocs_search ON iocs (type, search_key)
    WHERE search_key IS NOT NULL;

CREATE INDEX tickets_created ON tickets (created);
CREATE INDEX tickets_category ON tickets (category, id);
CREATE INDEX messages_from ON messages (from_addr COLLATE NOCASE);

-- Full text of what came in: subjects and the text a reader sees, by
-- message (rowid = messages.id). Words, and every Chinese, Japanese or
-- Korean character a word of its own (mailgw_fts_text spaces them out,
-- as mailgw does for queries), so that a phrase of them is found
-- anywhere in a run of text; contentless: the text itself is in parts
-- and messages.
CREATE VIRTUAL TABLE message_text USING fts5 (subject, body, content = '',
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO message_text (rowid, subject, body)
    SELECT m.id, mailgw_fts_text(m.subject),
           mailgw_fts_text(coalesce((SELECT group_concat(t.text, char(10))
                                     FROM part_text t
                                     WHERE t.message_id = m.id), ''))
    FROM messages m WHERE m.direction = 'in';

-- Related incidents (not duplicates: those are merged), each pair once.
CREATE TABLE ticket_links (
    a           INTEGER NOT NULL REFERENCES tickets (id),
    b           INTEGER NOT NULL REFERENCES tickets (id),
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (a < b),
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX ticket_links_b ON ticket_links (b);

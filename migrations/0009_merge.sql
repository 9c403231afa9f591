-- 0009_merge: a ticket merged into another keeps its row (its tag and
-- its audit trail), points at the ticket that holds its messages now,
-- and threads mail for its tag there.

ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets (id);

-- 0014_takedown: a ticket's takedown, apart from its status: requested
-- (the registrar or host was asked), acknowledged, done, refused.
ALTER TABLE tickets ADD COLUMN takedown TEXT
    CHECK (takedown IN ('requested', 'acknowledged', 'done', 'refused'));

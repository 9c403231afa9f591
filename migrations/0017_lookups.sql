-- 0017_lookups: indexes for lookups that scanned a table which grows
-- with every bulk notification. A reply or a bounce that names our
-- message in In-Reply-To or References finds its notification through
-- the outbox entry that carried it.

CREATE INDEX notifications_outbox ON notifications (outbox_id)
    WHERE outbox_id IS NOT NULL;

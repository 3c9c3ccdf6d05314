-- Automation, part two (docs/automation.md): events that are no record change ('signal': a ticket's SLA
-- warning or breach, an email received or replied), and the built-in rules (`builtin` names them; seeded by
-- services::automation::builtin). The generated event triggers are dropped here and installed again after
-- (store/rule_events.rs), since the table they write is rebuilt to widen its kind check.
DROP TRIGGER IF EXISTS rule_event_people_create;
DROP TRIGGER IF EXISTS rule_event_people_update;
DROP TRIGGER IF EXISTS rule_event_people_delete;
DROP TRIGGER IF EXISTS rule_event_companies_create;
DROP TRIGGER IF EXISTS rule_event_companies_update;
DROP TRIGGER IF EXISTS rule_event_companies_delete;
DROP TRIGGER IF EXISTS rule_event_deals_create;
DROP TRIGGER IF EXISTS rule_event_deals_update;
DROP TRIGGER IF EXISTS rule_event_deals_delete;
DROP TRIGGER IF EXISTS rule_event_tasks_create;
DROP TRIGGER IF EXISTS rule_event_tasks_update;
DROP TRIGGER IF EXISTS rule_event_tasks_delete;
DROP TRIGGER IF EXISTS rule_event_tickets_create;
DROP TRIGGER IF EXISTS rule_event_tickets_update;
DROP TRIGGER IF EXISTS rule_event_tickets_delete;
DROP TRIGGER IF EXISTS rule_event_orders_create;
DROP TRIGGER IF EXISTS rule_event_orders_update;
DROP TRIGGER IF EXISTS rule_event_orders_delete;

CREATE TABLE rule_events_new (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    entity TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    person_id INTEGER,
    -- 'signal': `changes` is {"signal": "sla_warning" | "sla_breach" | "email_received" | "email_replied", ...}.
    kind TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'deleted', 'time', 'signal')),
    changes TEXT NOT NULL DEFAULT '{}',
    chain TEXT NOT NULL DEFAULT '[]',
    depth INTEGER NOT NULL DEFAULT 0,
    processed_at INTEGER
);
INSERT INTO rule_events_new SELECT id, at, entity, record_id, person_id, kind, changes, chain, depth, processed_at
    FROM rule_events ORDER BY id;
DROP TABLE rule_events;
ALTER TABLE rule_events_new RENAME TO rule_events;
CREATE INDEX rule_events_pending ON rule_events (id) WHERE processed_at IS NULL;
CREATE INDEX rule_events_at ON rule_events (at);
CREATE INDEX rule_events_time ON rule_events (record_id, entity) WHERE kind = 'time';

ALTER TABLE rules ADD COLUMN builtin TEXT;
CREATE UNIQUE INDEX rules_builtin ON rules (builtin) WHERE builtin IS NOT NULL;

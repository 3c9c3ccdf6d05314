-- Automation rules (docs/automation.md). A rule is its JSON definition; a paused rule keeps why.
CREATE TABLE rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    paused_reason TEXT,
    -- A time-based trigger's last instant handled (so a restart catches up once, never twice).
    last_fired_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- What changed, written by triggers (store/rule_events.rs) in the same transaction as the change, while
-- some rule is enabled. `changes` is {field: [from, to]}; `chain` is the [[rule, entity, record], ...]
-- that led to the change when a rule's action made it, and `depth` its length.
CREATE TABLE rule_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    entity TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    person_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'deleted', 'time')),
    changes TEXT NOT NULL DEFAULT '{}',
    chain TEXT NOT NULL DEFAULT '[]',
    depth INTEGER NOT NULL DEFAULT 0,
    processed_at INTEGER
);
CREATE INDEX rule_events_pending ON rule_events (id) WHERE processed_at IS NULL;
CREATE INDEX rule_events_at ON rule_events (at);

-- The chain the worker's current rule run belongs to: one row, written and removed inside the run's own
-- transaction, read by the event triggers. Never holds a row outside a transaction.
CREATE TABLE rule_context (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    chain TEXT NOT NULL,
    depth INTEGER NOT NULL
);

-- One row per rule and event: the run happened (or was skipped or failed) exactly once.
CREATE TABLE rule_runs (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    entity TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'no_match', 'loop_skipped', 'failed')),
    actions TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    at INTEGER NOT NULL,
    UNIQUE (rule_id, event_id)
);
CREATE INDEX rule_runs_history ON rule_runs (rule_id, at);
CREATE INDEX rule_runs_at ON rule_runs (at);
-- A quiet-record trigger looks up whether it already fired for a record.
CREATE INDEX rule_events_time ON rule_events (record_id, entity) WHERE kind = 'time';

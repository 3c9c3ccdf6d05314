-- Cadences: named templates of follow-up steps, and the task series made by applying one to a person.
-- name_key:     the folded name (store/fold.rs), so names are unique and found case- and accent-insensitively.
-- system_key:   set on the seeded default only, so re-seeding never duplicates it (like pipelines).
CREATE TABLE cadences (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    system_key TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- kind is an ActivityKind in snake_case; title is a template where {name} becomes the person's name.
CREATE TABLE cadence_steps (
    cadence_id  INTEGER NOT NULL REFERENCES cadences (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    offset_days INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    PRIMARY KEY (cadence_id, position)
) WITHOUT ROWID;

-- One application of a cadence to a person. stopped_at/stop_reason ('reply', 'converted', 'lost') record why
-- the remaining steps were cancelled. Deleting the cadence keeps the run and its tasks (history).
CREATE TABLE cadence_runs (
    id          INTEGER PRIMARY KEY,
    cadence_id  INTEGER REFERENCES cadences (id) ON DELETE SET NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    started_at  INTEGER NOT NULL,
    stopped_at  INTEGER,
    stop_reason TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX cadence_runs_active ON cadence_runs (person_id) WHERE stopped_at IS NULL;
CREATE INDEX cadence_runs_cadence ON cadence_runs (cadence_id);

-- The tasks a run created. cancelled_at is set when a stop closed the task (the task itself gets done_at, so
-- it leaves every open/due/reminder query); it tells a cancelled step from one the user completed.
CREATE TABLE cadence_tasks (
    run_id       INTEGER NOT NULL REFERENCES cadence_runs (id) ON DELETE CASCADE,
    task_id      INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    cancelled_at INTEGER,
    PRIMARY KEY (run_id, task_id)
) WITHOUT ROWID;
CREATE INDEX cadence_tasks_task ON cadence_tasks (task_id);

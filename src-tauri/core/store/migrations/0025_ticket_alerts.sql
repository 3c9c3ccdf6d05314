-- SLA breach warnings and breaches (services::tickets::alerts). One row per ticket, SLA clock (target and
-- the instant the clock started: the opening, or the customer message a next reply answers) and kind: a
-- warning row is written when the warning is sent, so it is sent once, across restarts and processes; a
-- breach row marks the breach when it is first seen (`marked_at`) and `notified_at` when it was announced.
CREATE TABLE ticket_alerts (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    target TEXT NOT NULL CHECK (target IN ('first_response', 'next_reply', 'resolution')),
    clock_start INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach')),
    due_at INTEGER NOT NULL,
    assignee TEXT,
    marked_at INTEGER NOT NULL,
    notified_at INTEGER,
    UNIQUE (ticket_id, target, clock_start, kind)
);
CREATE INDEX ticket_alerts_marked ON ticket_alerts (kind, marked_at);

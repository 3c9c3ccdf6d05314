-- The service desk (services::tickets, services::sla): tickets, their events (status changes, replies,
-- notes, assignments, ratings; each with its own time, which may lie in the past), business-hours calendars
-- and the ordered SLA policies. SLA state is computed from the events, never stored. Calendars and policies
-- are kept as their JSON definitions (docs/support-metrics.md), validated by the service before they are saved.
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    description TEXT,
    person_id INTEGER NOT NULL REFERENCES people (id),
    company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    type TEXT NOT NULL CHECK (type IN ('question', 'incident', 'problem', 'request')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'chat', 'visit', 'web', 'social')),
    assignee TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    deal_id INTEGER REFERENCES deals (id) ON DELETE SET NULL,
    opened_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, opened_at);
CREATE INDEX tickets_person ON tickets (person_id);
CREATE INDEX tickets_assignee ON tickets (assignee, status);

CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'status', 'reply', 'customer_reply', 'note', 'assign', 'rating')),
    at INTEGER NOT NULL,
    author TEXT,
    status TEXT,
    body TEXT,
    assignee TEXT,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
    -- The Message-ID of the email this event sent or received (threading of answers).
    message_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at, id);
CREATE INDEX ticket_events_message ON ticket_events (message_id) WHERE message_id IS NOT NULL;

CREATE TABLE sla_calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Campaigns (docs/campaigns.md): a channel, a consent purpose, a budget and cost entries in minor units of
-- the campaign's currency.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'event', 'social', 'ads', 'print', 'other')),
    goal            TEXT,
    purpose         TEXT NOT NULL,
    starts_on       TEXT,
    ends_on         TEXT,
    owner           TEXT,
    budget_minor    INTEGER CHECK (budget_minor >= 0),
    currency        TEXT NOT NULL,
    conversion_days INTEGER NOT NULL DEFAULT 30 CHECK (conversion_days > 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE campaign_costs (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    spent_on     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    note         TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX campaign_costs_campaign ON campaign_costs (campaign_id, spent_on);

-- The members, snapshotted from a segment when added. variant: the A/B group (0-based) of a test member,
-- NULL for the rest.
CREATE TABLE campaign_members (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    variant     INTEGER,
    PRIMARY KEY (campaign_id, person_id)
) WITHOUT ROWID;
CREATE INDEX campaign_members_person ON campaign_members (person_id);

-- One row per message a campaign queued: the primary key makes a member's message exactly-once, however
-- often `send` runs. Responses are read from the outbox, mail_replies, mail_bounces, consents and deals.
CREATE TABLE campaign_sends (
    campaign_id INTEGER NOT NULL,
    person_id   INTEGER NOT NULL,
    outbox_id   INTEGER UNIQUE REFERENCES outbox (id) ON DELETE SET NULL,
    variant     INTEGER,
    queued_at   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person_id),
    FOREIGN KEY (campaign_id, person_id) REFERENCES campaign_members (campaign_id, person_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- An A/B test: its variants, the recorded seed of the split, and the variant the rest was sent.
CREATE TABLE campaign_abtests (
    campaign_id  INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    seed         INTEGER NOT NULL,
    test_percent INTEGER NOT NULL CHECK (test_percent BETWEEN 1 AND 100),
    metric       TEXT NOT NULL CHECK (metric IN ('reply', 'conversion')),
    window_days  INTEGER NOT NULL CHECK (window_days > 0),
    rest_variant INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE TABLE campaign_variants (
    campaign_id INTEGER NOT NULL REFERENCES campaign_abtests (campaign_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    template_id INTEGER NOT NULL REFERENCES templates (id),
    subject     TEXT,
    PRIMARY KEY (campaign_id, position)
) WITHOUT ROWID;

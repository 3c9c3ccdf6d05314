-- A paused campaign send (docs/campaigns.md, "Progress, pause and resume"): while a campaign has a row here,
-- the outbox sender takes none of its queued messages (one already in flight finishes). Local to this
-- desktop, like the outbox it governs; removing the row resumes the send.
CREATE TABLE campaign_pauses (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    paused_at   INTEGER NOT NULL
);

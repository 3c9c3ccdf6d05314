-- Team sync of campaigns (docs/team-sync.md, "Campaigns"):
-- 1. A campaign is the team's and is matched by its name: name_key (the lower-cased name) is filled by the
--    step after this file (`campaign_keys::fill`, which also makes it unique) and is unique from then on.
-- 2. A send record gets an integer id (it travels as a record of its own, keyed by campaign and person), and
--    `sent_at`, the time the outbox accepted the message, kept in step with the outbox by a trigger, so that
--    a desktop that did not send it still counts it as sent. The outbox link stays local (NULL elsewhere).
--    A send no longer needs its member row: it stays when the member is removed (or when another desktop's
--    member list does not have them), so that person is never sent the campaign again.
ALTER TABLE campaigns ADD COLUMN name_key TEXT NOT NULL DEFAULT '';

CREATE TABLE campaign_sends_new (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outbox_id   INTEGER UNIQUE REFERENCES outbox (id) ON DELETE SET NULL,
    variant     INTEGER,
    queued_at   INTEGER NOT NULL,
    sent_at     INTEGER,
    UNIQUE (campaign_id, person_id)
);
INSERT INTO campaign_sends_new (campaign_id, person_id, outbox_id, variant, queued_at, sent_at)
    SELECT s.campaign_id, s.person_id, s.outbox_id, s.variant, s.queued_at,
           (SELECT o.sent_at FROM outbox o WHERE o.id = s.outbox_id)
    FROM campaign_sends s ORDER BY s.queued_at, s.campaign_id, s.person_id;
DROP TABLE campaign_sends;
ALTER TABLE campaign_sends_new RENAME TO campaign_sends;
CREATE INDEX campaign_sends_person ON campaign_sends (person_id);

CREATE TRIGGER outbox_campaign_sent AFTER UPDATE OF sent_at ON outbox
WHEN NEW.sent_at IS NOT OLD.sent_at
BEGIN
    UPDATE campaign_sends SET sent_at = NEW.sent_at WHERE outbox_id = NEW.id;
END;

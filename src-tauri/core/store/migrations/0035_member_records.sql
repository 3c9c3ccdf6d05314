-- Team sync (docs/team-sync.md, "Members, replies and attachments"): campaign and static segment members,
-- and a person's bounced addresses, become records of their own, keyed by (parent, person) or (person,
-- address), so rows added and removed on two desktops offline merge one by one; they get an integer id like every synced record (their natural key stays
-- unique). Reply facts travel: a reply no longer needs its local IMAP message (a pulled one has none, and
-- removing a mailbox keeps the fact), and names the campaign send it answers, so every desktop's campaign
-- report counts it. Rebuilt in place; the rows keep their values.
CREATE TABLE campaign_members_new (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    variant     INTEGER,
    UNIQUE (campaign_id, person_id)
);
INSERT INTO campaign_members_new (campaign_id, person_id, added_at, variant)
    SELECT campaign_id, person_id, added_at, variant FROM campaign_members ORDER BY campaign_id, added_at, person_id;
DROP TABLE campaign_members;
ALTER TABLE campaign_members_new RENAME TO campaign_members;
CREATE INDEX campaign_members_person ON campaign_members (person_id);

CREATE TABLE segment_members_new (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    UNIQUE (segment_id, person_id)
);
INSERT INTO segment_members_new (segment_id, person_id)
    SELECT segment_id, person_id FROM segment_members ORDER BY segment_id, person_id;
DROP TABLE segment_members;
ALTER TABLE segment_members_new RENAME TO segment_members;
CREATE INDEX segment_members_person ON segment_members (person_id);

CREATE TABLE mail_bounces_new (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    status     TEXT,
    message_id INTEGER REFERENCES mail_messages (id) ON DELETE SET NULL,
    bounced_at INTEGER NOT NULL,
    UNIQUE (person_id, address)
);
INSERT INTO mail_bounces_new (person_id, address, status, message_id, bounced_at)
    SELECT person_id, address, status, message_id, bounced_at FROM mail_bounces ORDER BY bounced_at, person_id, address;
DROP TABLE mail_bounces;
ALTER TABLE mail_bounces_new RENAME TO mail_bounces;
CREATE INDEX mail_bounces_address ON mail_bounces (address);

CREATE TABLE mail_replies_new (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    -- The local message the reply is; NULL on the desktops it was pulled to (and once its mailbox is gone).
    message_id  INTEGER REFERENCES mail_messages (id) ON DELETE SET NULL,
    replied_to  TEXT NOT NULL,
    outbox_id   INTEGER,
    -- The campaign send it answers (its message was that send's), on every desktop.
    send_id     INTEGER REFERENCES campaign_sends (id) ON DELETE SET NULL,
    occurred_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (person_id, message_id)
);
INSERT INTO mail_replies_new (id, person_id, message_id, replied_to, outbox_id, send_id, occurred_at, created_at)
    SELECT r.id, r.person_id, r.message_id, r.replied_to, r.outbox_id,
           (SELECT s.id FROM campaign_sends s JOIN outbox o ON o.id = s.outbox_id
             WHERE s.person_id = r.person_id
               AND (o.id = r.outbox_id OR r.replied_to IN (o.message_id, trim(o.message_id, '<>')))),
           r.occurred_at, r.created_at
    FROM mail_replies r ORDER BY r.id;
DROP TABLE mail_replies;
ALTER TABLE mail_replies_new RENAME TO mail_replies;
CREATE INDEX mail_replies_person ON mail_replies (person_id, occurred_at);
CREATE INDEX mail_replies_replied_to ON mail_replies (replied_to);
CREATE INDEX mail_replies_send ON mail_replies (send_id);

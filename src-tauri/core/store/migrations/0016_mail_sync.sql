-- IMAP sync. One row per synced folder of an account: where the incremental sync stands. The state of a
-- folder is written in the same transaction as the messages it covers, so a crash resumes exactly there.
CREATE TABLE mail_folders (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES mail_accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('inbox', 'sent', 'other')),
    uidvalidity   INTEGER,
    -- The highest UID stored; the next sync fetches UID last_uid+1:*.
    last_uid      INTEGER NOT NULL DEFAULT 0,
    highestmodseq INTEGER,
    synced_at     INTEGER,
    UNIQUE (account_id, name)
);

-- Every message sync has seen, once, whatever folder (or account) it was found in: deduplicated by
-- Message-ID (without angle brackets; a hash of the bytes for a message without one).
CREATE TABLE mail_messages (
    id           INTEGER PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE,
    account_id   INTEGER REFERENCES mail_accounts (id) ON DELETE SET NULL,
    folder_id    INTEGER REFERENCES mail_folders (id) ON DELETE SET NULL,
    uid          INTEGER,
    direction    TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_address TEXT,
    subject      TEXT NOT NULL DEFAULT '',
    sent_at      INTEGER NOT NULL,
    -- The root of the thread (see services::mail::parse): a person's mail is grouped by it.
    thread_key   TEXT NOT NULL,
    in_reply_to  TEXT,
    size         INTEGER NOT NULL,
    malformed    INTEGER NOT NULL DEFAULT 0,
    bounce       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE INDEX mail_messages_thread ON mail_messages (thread_key, sent_at);

CREATE TABLE mail_attachments (
    message_id   INTEGER NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

-- The email activity a message became on each matched person's timeline.
CREATE TABLE mail_message_activities (
    message_id  INTEGER NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id   INTEGER REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, activity_id)
) WITHOUT ROWID;
CREATE INDEX mail_message_activities_person ON mail_message_activities (person_id);
CREATE INDEX mail_message_activities_activity ON mail_message_activities (activity_id);

-- The reply signal: a person answered a message the user sent (outbox or Sent folder). Cadences, scoring,
-- A/B tests and automation read it.
CREATE TABLE mail_replies (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    message_id  INTEGER NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
    -- The Message-ID of the user's message that was answered, and its outbox row when it went through it.
    replied_to  TEXT NOT NULL,
    outbox_id   INTEGER,
    occurred_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (person_id, message_id)
);
CREATE INDEX mail_replies_person ON mail_replies (person_id, occurred_at);
CREATE INDEX mail_replies_replied_to ON mail_replies (replied_to);

-- An address of a person that bounced (a delivery status notification named it). Lower-cased like
-- person_emails.value; cleared by removing the row.
CREATE TABLE mail_bounces (
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    status     TEXT,
    message_id INTEGER REFERENCES mail_messages (id) ON DELETE SET NULL,
    bounced_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, address)
) WITHOUT ROWID;
CREATE INDEX mail_bounces_address ON mail_bounces (address);

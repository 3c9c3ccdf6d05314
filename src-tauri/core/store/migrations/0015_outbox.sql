-- Every message the app sends. `raw` is the complete RFC 5322 message, built once when queued (Message-ID
-- fixed then), so a retry sends identical bytes. A row is 'sending' from just before its SMTP transaction until
-- the server's answer is recorded: after a crash that row is the only one that may go out twice.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES mail_accounts(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL UNIQUE,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The plain-text body, for the timeline activity written when the message is sent.
    body TEXT NOT NULL,
    raw BLOB NOT NULL,
    bulk INTEGER NOT NULL DEFAULT 0,
    -- The consent purpose a bulk message's List-Unsubscribe withdraws.
    purpose TEXT,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error_code TEXT,
    last_error TEXT,
    queued_at INTEGER NOT NULL,
    sent_at INTEGER,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    -- Set once the sent message was appended to the IMAP Sent folder.
    appended_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_account_sent ON outbox (account_id, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_person ON outbox (person_id) WHERE person_id IS NOT NULL;

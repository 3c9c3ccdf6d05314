-- IMAP flags and expunges (issue 14): the \Seen, \Answered and \Flagged flags of the folder copy a message was
-- stored from, read again on every sync (CONDSTORE: what changed since the folder's HIGHESTMODSEQ; without it
-- the recent window), and when sync noticed that the message was deleted on the server. The activity stays
-- (it is a record of contact); the views mark it.
ALTER TABLE mail_messages ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_messages ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_messages ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_messages ADD COLUMN server_deleted_at INTEGER;
-- Where a reply goes: the first Reply-To address, else the first From address (lower-cased).
ALTER TABLE mail_messages ADD COLUMN reply_address TEXT;
CREATE INDEX mail_messages_folder_uid ON mail_messages (folder_id, uid);

-- How many messages with a UID up to last_uid the folder held after the last sync: fewer now means some
-- were expunged, and only then is the folder's UID list read.
ALTER TABLE mail_folders ADD COLUMN known_count INTEGER;

-- Per account, the outcome of the last sync: when one last succeeded, and the last failure (the error's
-- code, which names the failing step, and its message) until a sync succeeds again.
ALTER TABLE mail_accounts ADD COLUMN sync_ok_at INTEGER;
ALTER TABLE mail_accounts ADD COLUMN sync_error_code TEXT;
ALTER TABLE mail_accounts ADD COLUMN sync_error_message TEXT;
ALTER TABLE mail_accounts ADD COLUMN sync_error_at INTEGER;

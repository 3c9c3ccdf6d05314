-- Tickets by email (issue 15): an account whose inbox is a support mailbox turns each new message there that
-- answers no ticket into a new ticket (services::tickets::email).
ALTER TABLE mail_accounts ADD COLUMN support_mailbox INTEGER NOT NULL DEFAULT 0;

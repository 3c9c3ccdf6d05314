-- Mail accounts (IMAP + SMTP settings). The password lives in the OS keyring as `mail-account-<id>`, never here.
CREATE TABLE mail_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    address TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL,
    imap_host TEXT NOT NULL,
    imap_port INTEGER NOT NULL,
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
    -- SHA-256 of the pinned leaf certificate (DER), lowercase hex.
    imap_cert_pin TEXT,
    smtp_cert_pin TEXT,
    create_leads INTEGER NOT NULL DEFAULT 0,
    -- JSON array of folder names synced besides Inbox and Sent.
    extra_folders TEXT NOT NULL DEFAULT '[]',
    per_minute INTEGER NOT NULL DEFAULT 20,
    per_day INTEGER NOT NULL DEFAULT 500,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE mail_signatures (
    account_id INTEGER NOT NULL REFERENCES mail_accounts(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (account_id, lang)
);

-- Message templates (services::templates): a name (unique without regard to case or accents), an optional
-- purpose, one variant per language (subject and body, minijinja syntax) and attached documents whose bytes
-- live here, so a template sends the same files on every machine and in every backup.
CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    purpose TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE template_variants (
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('en', 'nl', 'de', 'da')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (template_id, lang)
) WITHOUT ROWID;

CREATE TABLE template_attachments (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    data BLOB NOT NULL,
    UNIQUE (template_id, name)
);

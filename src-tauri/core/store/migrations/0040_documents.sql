-- The document library (docs/documents.md): case studies and white papers kept in the store, so they are
-- encrypted at rest with it (SQLCipher), travel in its backups and reach a team through sync. The media
-- type is sniffed from the bytes by the core, never taken from the UI; tags are a JSON array of strings.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    language   TEXT CHECK (language IN ('en', 'nl', 'de', 'da')),
    tags       TEXT NOT NULL DEFAULT '[]',
    file_name  TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT NOT NULL,
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_title ON documents (lower(title), id);

-- A library document a template sends with every message (the template's own attachments stay in
-- template_attachments). The service refuses to delete a document a template uses; the cascade is for a
-- deletion pulled from a team workspace.
CREATE TABLE template_documents (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    UNIQUE (template_id, document_id)
);
CREATE INDEX template_documents_document ON template_documents (document_id);

-- One row per library document a queued message carried: written in the queueing transaction with the
-- "Sent <title>" activity on the person's timeline. UNIQUE (outbox_id, document_id) makes it once per
-- message however often the outbox retries it. The title is kept as sent; campaign_id is set when a
-- campaign queued the message (its report counts documents sent per document).
CREATE TABLE document_sends (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
    campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    outbox_id   INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
    sent_at     INTEGER NOT NULL,
    UNIQUE (outbox_id, document_id)
);
CREATE INDEX document_sends_campaign ON document_sends (campaign_id, document_id);
CREATE INDEX document_sends_document ON document_sends (document_id);

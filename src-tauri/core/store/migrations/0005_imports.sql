-- Imports: every run of an import is one batch, so it can be undone as a whole later.
-- format: csv | xlsx | vcard; entity: people | leads | companies | deals | activities.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    format     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    created    INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    skipped    INTEGER NOT NULL,
    errors     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    undone_at  INTEGER
);

-- The records a batch touched. previous IS NULL: the batch created the record (undo deletes it);
-- otherwise it holds the record as JSON from before the batch updated it (undo writes it back).
-- entity is an Entity name, or 'custom_field' for a field definition the batch created.
CREATE TABLE import_records (
    batch_id  INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    entity    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    previous  TEXT,
    PRIMARY KEY (batch_id, entity, record_id)
) WITHOUT ROWID;

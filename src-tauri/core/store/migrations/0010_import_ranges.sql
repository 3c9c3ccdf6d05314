-- Bulk imports, version 2: what a batch created is recorded as ranges of consecutive ids (an import creates
-- its records one after another, so a million created people are one range, not a million rows). Updated
-- records and created custom fields stay in import_records, which keeps the values to restore.
CREATE TABLE import_ranges (
    batch_id INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    entity   TEXT NOT NULL,
    first_id INTEGER NOT NULL,
    last_id  INTEGER NOT NULL,
    PRIMARY KEY (batch_id, entity, first_id)
) WITHOUT ROWID;

-- The audit triggers are regenerated (services/audit/triggers.rs): their 'create' trigger now skips
-- records created while a row exists in audit_bulk_create, which only ever happens inside an import's own
-- transaction (the import inserts the row first and deletes it before committing). The import itself is
-- one audit entry naming its batch, and the batch lists every record it created; updates and deletes
-- are always audited.

-- Enrichment (services::enrich): what it filled in on a person, so it can be shown and undone. Apply only
-- fills empty fields; undo clears a field only while it still holds the value written here.
CREATE TABLE enrichment_fills (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    -- Named as in the person JSON: first_name, last_name, company_id, address.country, language.
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    source     TEXT NOT NULL,
    confidence REAL NOT NULL,
    applied_at INTEGER NOT NULL,
    undone_at  INTEGER
);
CREATE INDEX enrichment_fills_person ON enrichment_fills (person_id, applied_at);
-- The phone numbers already stored are rewritten in E.164 by the migration's Rust step (store::phones).

-- The audit trail: who changed which record, when, and which fields. It never holds field values, so an
-- erased person leaves no personal data here. The triggers that fill it for creates, updates and deletes
-- are generated from the record tables' columns (services/audit/triggers.rs), so every write path is
-- covered; restores, purges, imports, exports and erasures are recorded by the services that do them.
-- action:    create | update | delete | restore | purge | import | export | erase
-- entity:    person | company | deal | activity | task, or NULL for the whole store (an export)
-- fields:    JSON array of changed column names
-- profile:   the settings' user_name at the time
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT,
    record_id INTEGER,
    fields    TEXT NOT NULL DEFAULT '[]',
    profile   TEXT
);
CREATE INDEX audit_log_record ON audit_log (entity, record_id, id);

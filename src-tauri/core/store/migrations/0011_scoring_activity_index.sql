-- A full rescore reads, for every lead, when its non-note activities happened and which were inbound. This
-- partial index holds exactly that, in lead order, so the rescore scans it without visiting the activity
-- rows. kind and deleted_at are repeated as columns because older SQLite versions only treat a partial
-- index as covering when every column the query names is in it.
CREATE INDEX activities_scoring ON activities (person_id, occurred_at, direction, kind, deleted_at)
    WHERE deleted_at IS NULL AND kind <> 'note';

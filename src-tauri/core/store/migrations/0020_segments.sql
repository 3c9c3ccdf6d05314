-- Segments (docs/segments.md): saved filters over people. filter is the JSON form of domain::Filter.
-- name_key is the lower-cased name: names are unique case-insensitively.
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    filter     TEXT NOT NULL,
    is_static  INTEGER NOT NULL DEFAULT 0,
    pinned     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The snapshot of a static segment: the people who matched when it was saved.
CREATE TABLE segment_members (
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (segment_id, person_id)
) WITHOUT ROWID;
CREATE INDEX segment_members_person ON segment_members (person_id);

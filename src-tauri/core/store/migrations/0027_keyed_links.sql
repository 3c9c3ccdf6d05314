-- Team sync of tags and custom fields (docs/team-sync.md, "Keyed tables"): taggings and custom values get an
-- integer id like every synced record (their global id is then derived from their natural key, which stays
-- unique). Rebuilt in place; the rows keep their order and values.
CREATE TABLE taggings_new (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    UNIQUE (entity, record_id, tag_id)
);
INSERT INTO taggings_new (entity, record_id, tag_id, position)
    SELECT entity, record_id, tag_id, position FROM taggings ORDER BY entity, record_id, position;
DROP TABLE taggings;
ALTER TABLE taggings_new RENAME TO taggings;
CREATE INDEX taggings_tag ON taggings (tag_id, entity, record_id);

CREATE TABLE custom_values_new (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    def_id    INTEGER NOT NULL REFERENCES custom_field_defs (id) ON DELETE CASCADE,
    value     TEXT NOT NULL,
    UNIQUE (entity, record_id, def_id)
);
INSERT INTO custom_values_new (entity, record_id, def_id, value)
    SELECT entity, record_id, def_id, value FROM custom_values ORDER BY entity, record_id, def_id;
DROP TABLE custom_values;
ALTER TABLE custom_values_new RENAME TO custom_values;
CREATE INDEX custom_values_def ON custom_values (def_id);

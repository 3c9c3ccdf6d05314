-- Team sync (docs/team-sync.md). The synced tables get their `gid` column, ids and change-capture triggers
-- from the registry (store/sync/capture.rs `ensure`, run after the migrations), not from this file.

-- One row: this desktop's part in a team workspace. capture = 1 while it is in a team (local writes are then
-- recorded); applying = 1 only inside the transaction that applies a pull. hlc is the hybrid logical clock.
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    capture       INTEGER NOT NULL DEFAULT 0,
    applying      INTEGER NOT NULL DEFAULT 0,
    hlc           INTEGER NOT NULL DEFAULT 0,
    node          TEXT,
    url           TEXT,
    username      TEXT,
    role          TEXT,
    last_pull_seq INTEGER NOT NULL DEFAULT 0,
    last_push_at  INTEGER,
    last_pull_at  INTEGER,
    last_error    TEXT,
    conflicts     INTEGER NOT NULL DEFAULT 0,
    triggers      TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- Field changes not yet pushed, oldest first. value is JSON (references as the target's gid); field
-- '_purged' is a tombstone for a row removed for good.
CREATE TABLE sync_changes (
    seq   INTEGER PRIMARY KEY,
    tbl   TEXT NOT NULL,
    gid   TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    hlc   INTEGER NOT NULL
);
CREATE INDEX sync_changes_field ON sync_changes (tbl, gid, field);

-- Pulled references whose target has not arrived yet (a later batch, or a record this user cannot see):
-- linked as soon as the target arrives.
CREATE TABLE sync_unresolved (
    tbl    TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    col    TEXT NOT NULL,
    target TEXT NOT NULL,
    gid    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
) WITHOUT ROWID;
CREATE INDEX sync_unresolved_gid ON sync_unresolved (gid);

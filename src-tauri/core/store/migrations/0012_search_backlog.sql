-- People whose search entries are still to be written, as ranges of ids (inclusive). A large import
-- commits its records at the pace of the tables and leaves the people beyond its first few thousand
-- here; the search indexer (services/search_backlog.rs) writes their entries afterwards in short
-- transactions, so neither the import nor the user's own edits wait for FTS5. Ids only: an erased
-- person leaves no personal data behind in this table.
CREATE TABLE people_search_backlog (
    first_id INTEGER PRIMARY KEY,
    last_id  INTEGER NOT NULL
);

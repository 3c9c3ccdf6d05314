-- Search that stays fast whatever the prefix: every full-text index gets prefix indexes for 1 to 4
-- characters (a typed prefix becomes one stored term, read in rowid order and stopped by LIMIT, instead of
-- merging every term that starts with it), and people's entries get columns: name, phone (digits only),
-- body (emails, company). The people index is refilled by this migration's seed from the records.
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, phone, body, prefix = '1 2 3 4', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TEMP TABLE fts_copy AS SELECT rowid AS id, body FROM companies_fts;
DROP TABLE companies_fts;
CREATE VIRTUAL TABLE companies_fts USING fts5 (body, prefix = '1 2 3 4', tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO companies_fts (rowid, body) SELECT id, body FROM fts_copy ORDER BY id;
DROP TABLE fts_copy;

CREATE TEMP TABLE fts_copy AS SELECT rowid AS id, body FROM deals_fts;
DROP TABLE deals_fts;
CREATE VIRTUAL TABLE deals_fts USING fts5 (body, prefix = '1 2 3 4', tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO deals_fts (rowid, body) SELECT id, body FROM fts_copy ORDER BY id;
DROP TABLE fts_copy;

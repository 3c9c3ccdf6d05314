-- The Tickets page's search box looks at every ticket's subject, not only the page it loaded: a trigram
-- index makes `LIKE '%words%'` on subjects an index search (case and accents ignored). Kept by triggers, so
-- every write path (the services, imports, team sync, the bench generator) keeps it current.
CREATE VIRTUAL TABLE tickets_fts USING fts5 (subject, tokenize = 'trigram remove_diacritics 1');
INSERT INTO tickets_fts (rowid, subject) SELECT id, subject FROM tickets;
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts (rowid, subject) VALUES (NEW.id, NEW.subject);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF id, subject ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = OLD.id;
  INSERT INTO tickets_fts (rowid, subject) VALUES (NEW.id, NEW.subject);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = OLD.id;
END;

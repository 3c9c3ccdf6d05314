-- The ticket list (services::tickets::read::list) is newest first: without an index on the opening time its
-- unfiltered page and an agent's page sorted every ticket (a temp B-tree over 200k rows at the bench's 1M
-- scale) to return 500. The id, the second sort key, is the rowid each index entry carries.
CREATE INDEX tickets_opened ON tickets (opened_at);
CREATE INDEX tickets_assignee_opened ON tickets (assignee, opened_at);

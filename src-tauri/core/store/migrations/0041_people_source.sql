-- The dashboard's source filter resolves its people with `trim(p.source) = ?` over live people (every figure
-- joins that set), and its picker lists the distinct sources: without an index both read the whole people
-- table. This expression index serves the first by a search and the picker's DISTINCT by a covering scan.
CREATE INDEX people_source ON people (trim(source)) WHERE deleted_at IS NULL;

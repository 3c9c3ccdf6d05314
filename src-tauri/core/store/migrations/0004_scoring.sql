-- Lead scoring. The current score lives on the person so lists filter and sort by it without a join;
-- it is derived data, rewritten by services/scoring whenever the lead, its activities, the rules or the
-- model change. score_band is 'hot' | 'warm' | 'cold'.
ALTER TABLE people ADD COLUMN score INTEGER;
ALTER TABLE people ADD COLUMN score_band TEXT;
-- The list's sort key is COALESCE(score, -1) (unscored last when descending); the same expression here
-- lets "sort by score" (also with a tag filter, checked per row in score order) walk the index.
CREATE INDEX people_score ON people (COALESCE(score, -1), id) WHERE deleted_at IS NULL;

-- User rules: attribute op value => points. attribute is a scoring attribute name (source, tag,
-- activities_30d, custom.<key>, ...); op a RuleOp in snake_case.
CREATE TABLE scoring_rules (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    attribute  TEXT NOT NULL,
    op         TEXT NOT NULL,
    value      TEXT,
    points     INTEGER NOT NULL CHECK (points BETWEEN -100 AND 100),
    enabled    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The trained model (one row): the encoder and weights as JSON, plus its summary for the settings page.
CREATE TABLE scoring_model (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    trained_at INTEGER NOT NULL,
    model      TEXT NOT NULL,
    summary    TEXT NOT NULL
);

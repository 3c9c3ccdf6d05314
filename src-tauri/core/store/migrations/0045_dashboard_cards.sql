-- The Dashboard's people and deal cards (issue 17: the page in 500 ms at 1M people). Each index holds every
-- column its query reads, `deleted_at` (and `status`, `kind`) included so that the partial index covers it:
-- no table row is read per person, deal or order (docs/analytics.md, "Speed").
-- Lifecycle shares (GROUP BY lifecycle in index order) and conversion by source (one pass over the people).
CREATE INDEX people_analytics ON people (lifecycle, created_at, owner, source, deleted_at) WHERE deleted_at IS NULL;
-- The funnel per stage: deals grouped by stage, status and currency in index order.
CREATE INDEX deals_analytics ON deals (stage_id, status, currency, created_at, owner, person_id, probability,
    value_minor, deleted_at) WHERE deleted_at IS NULL;
-- Conversion: who bought (a counted order that is not a return) and who won a deal, and since when (campaigns).
CREATE INDEX orders_bought ON orders (person_id, ordered_at, status, kind, deleted_at)
    WHERE deleted_at IS NULL AND status IN ('confirmed', 'paid') AND kind <> 'credit_note';
CREATE INDEX deals_won_person ON deals (person_id, closed_at, status, deleted_at)
    WHERE deleted_at IS NULL AND status = 'won';
-- The owner picker steps from one distinct owner to the next (people and companies have theirs since 0001).
CREATE INDEX deals_owner ON deals (owner) WHERE deleted_at IS NULL;

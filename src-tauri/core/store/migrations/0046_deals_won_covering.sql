-- Revenue's won deals per month read `deals_won` alone (issue 17: the Dashboard in 500 ms at 1M people): the
-- index also holds `status` and `deleted_at`, the columns of its own WHERE, so that it covers the query and
-- no table row is read per won deal (as 0045 did for the other cards). Same name, same rows.
DROP INDEX deals_won;
CREATE INDEX deals_won ON deals (closed_at, currency, value_minor, status, deleted_at)
    WHERE status = 'won' AND deleted_at IS NULL;

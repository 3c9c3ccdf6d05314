-- The dashboard's funnel (open deals per stage) and won revenue by month read only these partial indexes,
-- never the deals table: measured at 1M people / 300k deals, 241 ms -> 35 ms and 176 ms -> 25 ms of CPU.
CREATE INDEX deals_funnel ON deals (stage_id, currency, value_minor) WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX deals_won ON deals (closed_at, currency, value_minor) WHERE status = 'won' AND deleted_at IS NULL;

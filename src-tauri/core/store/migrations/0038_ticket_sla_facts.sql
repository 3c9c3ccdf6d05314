-- The support figures aggregate in SQL over the kept SLA snapshots (services::tickets::metrics_sql) instead of
-- reading every ticket of the period: each row also keeps the ticket's opening time, status, assignee, channel
-- and type, and the instants from which the ticket counts as breached (`late_from`), has an SLA verdict
-- (`verdict_from`) and may be breaching soon (`soon_from` to `run_until`), so "now" is a comparison; covering
-- indexes on the times a period selects by (opening, first response, resolution) and on the status (the
-- backlog). The rows are a cache: emptied here (and the rules' generation forgotten), the next
-- list or support figure computes them all again with the new columns.
ALTER TABLE ticket_sla ADD COLUMN late_from INTEGER;
ALTER TABLE ticket_sla ADD COLUMN verdict_from INTEGER;
ALTER TABLE ticket_sla ADD COLUMN soon_from INTEGER;
ALTER TABLE ticket_sla ADD COLUMN run_until INTEGER;
ALTER TABLE ticket_sla ADD COLUMN opened_at INTEGER;
ALTER TABLE ticket_sla ADD COLUMN status TEXT;
ALTER TABLE ticket_sla ADD COLUMN assignee TEXT;
ALTER TABLE ticket_sla ADD COLUMN channel TEXT;
ALTER TABLE ticket_sla ADD COLUMN type TEXT;
DELETE FROM ticket_sla;
DELETE FROM ticket_sla_meta;
CREATE INDEX ticket_sla_opened ON ticket_sla (opened_at, assignee, channel, type, late_from);
CREATE INDEX ticket_sla_first_response ON ticket_sla (fr_at, assignee, fr_ms) WHERE fr_at IS NOT NULL;
CREATE INDEX ticket_sla_resolved ON ticket_sla (resolved_at, assignee, res_ms, verdict_from, late_from, rating)
WHERE resolved_at IS NOT NULL;
CREATE INDEX ticket_sla_status ON ticket_sla (status, assignee, opened_at, late_from, soon_from, run_until);
CREATE INDEX ticket_sla_valid_from ON ticket_sla (valid_from);
-- The kept status and assignee are the ticket row's: a change to them drops the row like the other fields.
DROP TRIGGER ticket_sla_ticket_update;
CREATE TRIGGER ticket_sla_ticket_update
AFTER UPDATE OF id, priority, type, channel, company_id, opened_at, status, assignee ON tickets
BEGIN
  DELETE FROM ticket_sla WHERE ticket_id IN (OLD.id, NEW.id);
END;

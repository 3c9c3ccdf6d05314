-- Each ticket's SLA clocks as of its latest event (services::sla::snapshot), so the ticket list, its breaching
-- filter and the support figures read them instead of computing every clock from the events. A cache: the
-- triggers below drop a ticket's row whenever what it was computed from changes, whoever writes (services,
-- team sync, imports, the bench generator); the services write it again in the same transaction, and reads
-- compute a missing row from the events. `ticket_sla_meta` names the policies and calendars the rows were
-- computed under (`Rules::generation`): under other ones every row is stale and the next list fills them all
-- again. Empty here: the first ticket list after this upgrade fills it.
CREATE TABLE ticket_sla (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    valid_from INTEGER NOT NULL,
    policy TEXT,
    calendar TEXT,
    fr_run INTEGER,
    fr_due INTEGER,
    fr_at INTEGER,
    nr_run INTEGER,
    nr_due INTEGER,
    nr_at INTEGER,
    res_run INTEGER,
    res_due INTEGER,
    resolved_at INTEGER,
    paused INTEGER NOT NULL,
    paused_ms INTEGER NOT NULL,
    since INTEGER NOT NULL,
    breached INTEGER NOT NULL,
    attention_at INTEGER,
    fr_ms INTEGER,
    res_ms INTEGER,
    rating INTEGER,
    rating_comment TEXT
);
CREATE INDEX ticket_sla_attention ON ticket_sla (attention_at) WHERE attention_at IS NOT NULL;
-- `missing`: rows were dropped that no service writes again (a company's tags changed): the next read
-- computes the missing rows.
CREATE TABLE ticket_sla_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    missing INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER ticket_sla_event_insert AFTER INSERT ON ticket_events BEGIN
  DELETE FROM ticket_sla WHERE ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER ticket_sla_event_update AFTER UPDATE OF ticket_id, kind, at, status, body, rating ON ticket_events BEGIN
  DELETE FROM ticket_sla WHERE ticket_id IN (OLD.ticket_id, NEW.ticket_id);
END;
CREATE TRIGGER ticket_sla_event_delete AFTER DELETE ON ticket_events BEGIN
  DELETE FROM ticket_sla WHERE ticket_id = OLD.ticket_id;
END;
CREATE TRIGGER ticket_sla_ticket_update AFTER UPDATE OF id, priority, type, channel, company_id, opened_at ON tickets
BEGIN
  DELETE FROM ticket_sla WHERE ticket_id IN (OLD.id, NEW.id);
END;
-- A policy may look at the requester's company's tags.
CREATE INDEX IF NOT EXISTS tickets_company ON tickets (company_id);
CREATE TRIGGER ticket_sla_company_tag_insert AFTER INSERT ON taggings
WHEN NEW.entity = 'company' AND EXISTS (SELECT 1 FROM tickets WHERE company_id = NEW.record_id) BEGIN
  DELETE FROM ticket_sla WHERE ticket_id IN (SELECT id FROM tickets WHERE company_id = NEW.record_id);
  UPDATE ticket_sla_meta SET missing = 1;
END;
CREATE TRIGGER ticket_sla_company_tag_delete AFTER DELETE ON taggings
WHEN OLD.entity = 'company' AND EXISTS (SELECT 1 FROM tickets WHERE company_id = OLD.record_id) BEGIN
  DELETE FROM ticket_sla WHERE ticket_id IN (SELECT id FROM tickets WHERE company_id = OLD.record_id);
  UPDATE ticket_sla_meta SET missing = 1;
END;

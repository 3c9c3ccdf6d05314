-- The support figures for a period read the tickets opened in it, those open now, and those answered or
-- resolved in it: that last set is found by the time of their reply and status events.
CREATE INDEX ticket_events_at ON ticket_events (at, kind, ticket_id);
-- The SLA clocks read a ticket's events by ticket and time, needing only these columns (not the bodies):
-- with them in the index, the figures over tens of thousands of tickets read no table rows.
DROP INDEX ticket_events_ticket;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at, id, kind, status, assignee, rating);

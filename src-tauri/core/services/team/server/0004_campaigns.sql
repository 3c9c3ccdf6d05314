-- Relata team workspace, server schema 4 (docs/team-sync.md, "Campaigns"): campaigns join. A campaign is
-- team vocabulary like a segment (a shared table, matched by name), its cost entries and send records follow
-- it (relata_tables.parent_field, registered by `team init`). The one new rule is per table: campaigns are
-- marketing, so support, which does not see segments or cadences, does not see campaigns, their costs or
-- their sends either; sales read and write them; readonly reads them.
CREATE OR REPLACE FUNCTION relata_table_open(p_write boolean, p_tbl text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'sales' THEN NOT (p_write AND p_tbl IN ('tickets', 'ticket_events', 'sla_calendars', 'sla_policies'))
    WHEN 'support' THEN p_tbl NOT IN ('deals', 'orders', 'segments', 'cadences',
                                      'campaigns', 'campaign_costs', 'campaign_sends')
                        AND NOT (p_write AND p_tbl IN ('products', 'templates'))
    WHEN 'readonly' THEN NOT p_write
    ELSE false
  END
$$;

-- Relata team workspace, server schema 5 (docs/team-sync.md, "Members, replies and attachments"): campaign
-- members, static segment members and bounced addresses are records of their own (keyed by parent and
-- person, or person and address, following their parent), replies to the user's messages and template
-- attachments join. The records themselves need nothing new (relata_tables is filled by `team init`); the
-- rights per table do: support, which does not see campaigns or segments, does not see their members or the
-- replies (campaign responses) either, and reads template attachments like templates, without writing them.
CREATE OR REPLACE FUNCTION relata_table_open(p_write boolean, p_tbl text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'sales' THEN NOT (p_write AND p_tbl IN ('tickets', 'ticket_events', 'sla_calendars', 'sla_policies'))
    WHEN 'support' THEN p_tbl NOT IN ('deals', 'orders', 'segments', 'segment_members', 'cadences',
                                      'campaigns', 'campaign_costs', 'campaign_sends', 'campaign_members',
                                      'mail_replies')
                        AND NOT (p_write AND p_tbl IN ('products', 'templates', 'template_attachments'))
    WHEN 'readonly' THEN NOT p_write
    ELSE false
  END
$$;

-- The lists these records replace: a schema-5 desktop ignores them, so they go (their records keep their seq).
UPDATE relata_records SET fields = fields - 'members', stamps = stamps - 'members'
  WHERE tbl IN ('campaigns', 'segments') AND fields ? 'members';
UPDATE relata_records SET fields = fields - 'bounces', stamps = stamps - 'bounces'
  WHERE tbl = 'people' AND fields ? 'bounces';

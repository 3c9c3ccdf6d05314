-- Relata team workspace, server schema 3 (docs/team-sync.md, "Every table"): the service desk, products and
-- orders, segments, templates and cadences join. Two things they need from the server:
--
-- 1. Numbers unique across the workspace (a ticket's T-000123). relata_tables.number_field names the field;
--    relata_records.number mirrors it under a unique index. A desktop sends the next number it knows; the
--    server keeps it when it is still free in the workspace and otherwise writes the next free one into the
--    record, which the sender then pulls like any other change.
-- 2. Rights per table beside the rights per record. A record with a parent (a ticket its person, an event
--    its ticket, an order its person) follows its parent up the chain AND its own table must be open to the
--    role: support works tickets but does not see deals or orders; sales read the tickets of the people
--    they see but do not write them; readonly writes nothing.

ALTER TABLE relata_tables ADD COLUMN number_field text;
ALTER TABLE relata_records ADD COLUMN number bigint;
CREATE UNIQUE INDEX relata_records_number ON relata_records (tbl, number) WHERE number IS NOT NULL;

-- Whether another record of the table holds the number, and the next free one, read past row-level
-- security (a number is unique across the workspace, not across what one user sees).
CREATE FUNCTION relata_number_taken(p_tbl text, p_gid uuid, p_number bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM relata_records WHERE tbl = p_tbl AND number = p_number AND gid <> p_gid)
$$;
CREATE FUNCTION relata_next_number(p_tbl text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT COALESCE(max(number), 0) + 1 FROM relata_records WHERE tbl = p_tbl
$$;
REVOKE ALL ON FUNCTION relata_number_taken(text, uuid, bigint), relata_next_number(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relata_number_taken(text, uuid, bigint), relata_next_number(text)
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support, relata_team_readonly;

-- Pushes run one at a time (relata_push takes an advisory lock), so the free number stays free until commit;
-- the unique index guards the rest.
CREATE FUNCTION relata_set_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE f text; v bigint;
BEGIN
  SELECT number_field INTO f FROM relata_tables WHERE tbl = NEW.tbl;
  IF f IS NULL OR jsonb_typeof(NEW.fields -> f) IS DISTINCT FROM 'number' THEN
    RETURN NEW;
  END IF;
  v := (NEW.fields ->> f)::bigint;
  IF TG_OP = 'UPDATE' AND OLD.number IS NOT DISTINCT FROM v THEN
    RETURN NEW;
  END IF;
  IF relata_number_taken(NEW.tbl, NEW.gid, v) THEN
    v := relata_next_number(NEW.tbl);
    NEW.fields := NEW.fields || jsonb_build_object(f, v);
  END IF;
  NEW.number := v;
  RETURN NEW;
END
$$;
CREATE TRIGGER relata_records_number BEFORE INSERT OR UPDATE ON relata_records
  FOR EACH ROW EXECUTE FUNCTION relata_set_number();

-- The owner and parent of a record, read past row-level security (the caller's rights are then checked on
-- them): no row when the record is not on the server.
CREATE FUNCTION relata_parent_of(p_tbl text, p_gid uuid) RETURNS TABLE (owner text, parent_tbl text, parent_gid uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT r.owner, r.parent_tbl, r.parent_gid FROM relata_records r WHERE r.tbl = p_tbl AND r.gid = p_gid
$$;
REVOKE ALL ON FUNCTION relata_parent_of(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relata_parent_of(text, uuid)
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support, relata_team_readonly;

-- Which tables a role may read (p_write false) or write at all, whatever the record.
CREATE FUNCTION relata_table_open(p_write boolean, p_tbl text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'sales' THEN NOT (p_write AND p_tbl IN ('tickets', 'ticket_events', 'sla_calendars', 'sla_policies'))
    WHEN 'support' THEN p_tbl NOT IN ('deals', 'orders', 'segments', 'cadences')
                        AND NOT (p_write AND p_tbl IN ('products', 'templates'))
    WHEN 'readonly' THEN NOT p_write
    ELSE false
  END
$$;

-- A record's read or write right: its table must be open to the role; a record with a parent then has the
-- right its parent has (recursively: an event's ticket's person), none while the parent is not on the
-- server; one whose parent field is not written yet belongs to its creator (and to admins and managers).
CREATE OR REPLACE FUNCTION relata_can(p_write boolean, p_tbl text, p_owner text, p_parent_tbl text, p_parent_gid uuid)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE o record;
BEGIN
  IF NOT relata_table_open(p_write, p_tbl) THEN
    RETURN false;
  END IF;
  IF p_parent_tbl IS NOT NULL THEN
    SELECT * INTO o FROM relata_parent_of(p_parent_tbl, p_parent_gid);
    IF NOT FOUND THEN
      RETURN false;
    END IF;
    RETURN relata_can(p_write, p_parent_tbl, o.owner, o.parent_tbl, o.parent_gid);
  END IF;
  IF EXISTS (SELECT 1 FROM relata_tables t WHERE t.tbl = p_tbl AND t.parent_field IS NOT NULL) THEN
    RETURN relata_role() IN ('admin', 'manager') OR (p_owner = current_user AND relata_role() <> 'readonly');
  END IF;
  IF p_write THEN
    RETURN relata_can_write(p_tbl, p_owner);
  END IF;
  RETURN relata_can_read(p_tbl, p_owner);
END
$$;

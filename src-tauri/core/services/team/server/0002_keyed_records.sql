-- Relata team workspace, server schema 2 (docs/team-sync.md, "Keyed tables"): tags, custom fields and the
-- records that hang off another record (a tagging, a custom value).
--
-- A table may name a parent field (relata_tables.parent_field): the record then follows its parent for
-- reading and writing (a sales rep sees the taggings of the people they see). The parent field holds
-- [table, gid] (a polymorphic reference) or a gid of parent_table; a trigger keeps parent_tbl/parent_gid of
-- each record in step with it. A shared table (tags, custom field definitions) is the team's vocabulary:
-- every role reads it and every role that writes at all writes it.

ALTER TABLE relata_tables ADD COLUMN parent_field text;
ALTER TABLE relata_tables ADD COLUMN parent_table text;
ALTER TABLE relata_tables ADD COLUMN shared boolean NOT NULL DEFAULT false;

ALTER TABLE relata_records ADD COLUMN parent_tbl text;
ALTER TABLE relata_records ADD COLUMN parent_gid uuid;

CREATE FUNCTION relata_set_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE t relata_tables%ROWTYPE; v jsonb;
BEGIN
  SELECT * INTO t FROM relata_tables WHERE tbl = NEW.tbl;
  IF t.parent_field IS NULL THEN
    RETURN NEW;
  END IF;
  v := NEW.fields -> t.parent_field;
  IF jsonb_typeof(v) = 'array' THEN
    NEW.parent_tbl := v ->> 0;
    NEW.parent_gid := (v ->> 1)::uuid;
  ELSIF jsonb_typeof(v) = 'string' THEN
    NEW.parent_tbl := t.parent_table;
    NEW.parent_gid := (v #>> '{}')::uuid;
  ELSE
    NEW.parent_tbl := NULL;
    NEW.parent_gid := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER relata_records_parent BEFORE INSERT OR UPDATE ON relata_records
  FOR EACH ROW EXECUTE FUNCTION relata_set_parent();

CREATE FUNCTION relata_shared(p_tbl text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT shared FROM relata_tables WHERE tbl = p_tbl), false)
$$;

-- The owner of a parent record, read past row-level security (the caller's own rights are then checked on
-- it): no row when the parent is not on the server.
CREATE FUNCTION relata_parent_owner(p_tbl text, p_gid uuid) RETURNS TABLE (owner text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT r.owner FROM relata_records r WHERE r.tbl = p_tbl AND r.gid = p_gid
$$;
REVOKE ALL ON FUNCTION relata_parent_owner(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relata_parent_owner(text, uuid)
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support, relata_team_readonly;

CREATE OR REPLACE FUNCTION relata_can_read(p_tbl text, p_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'readonly' THEN true
    WHEN 'sales' THEN p_owner IS NULL OR p_owner = current_user OR p_tbl IN ('pipelines', 'stages')
                      OR relata_shared(p_tbl)
    WHEN 'support' THEN p_tbl IN ('people', 'companies', 'activities', 'tasks', 'pipelines', 'stages')
                        OR relata_shared(p_tbl)
    ELSE false
  END
$$;

CREATE OR REPLACE FUNCTION relata_can_write(p_tbl text, p_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'sales' THEN ((p_owner IS NULL OR p_owner = current_user) AND p_tbl NOT IN ('pipelines', 'stages'))
                      OR relata_shared(p_tbl)
    WHEN 'support' THEN p_tbl IN ('people', 'companies', 'activities', 'tasks') OR relata_shared(p_tbl)
    ELSE false
  END
$$;

-- A record's read (p_write false) or write right: a record with a parent has the right its parent gives
-- (none while the parent is not on the server); one whose parent field is not written yet belongs to its
-- creator (and to admins and managers) until it is.
CREATE FUNCTION relata_can(p_write boolean, p_tbl text, p_owner text, p_parent_tbl text, p_parent_gid uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN p_parent_tbl IS NOT NULL THEN EXISTS (
      SELECT 1 FROM relata_parent_owner(p_parent_tbl, p_parent_gid) o
      WHERE CASE WHEN p_write THEN relata_can_write(p_parent_tbl, o.owner) ELSE relata_can_read(p_parent_tbl, o.owner) END)
    WHEN EXISTS (SELECT 1 FROM relata_tables t WHERE t.tbl = p_tbl AND t.parent_field IS NOT NULL) THEN
      relata_role() IN ('admin', 'manager') OR (p_owner = current_user AND relata_role() <> 'readonly')
    WHEN p_write THEN relata_can_write(p_tbl, p_owner)
    ELSE relata_can_read(p_tbl, p_owner)
  END
$$;

DROP POLICY records_read ON relata_records;
DROP POLICY records_insert ON relata_records;
DROP POLICY records_update ON relata_records;
CREATE POLICY records_read ON relata_records FOR SELECT
  USING (relata_can(false, tbl, owner, parent_tbl, parent_gid));
CREATE POLICY records_insert ON relata_records FOR INSERT
  WITH CHECK (relata_can(true, tbl, owner, parent_tbl, parent_gid));
CREATE POLICY records_update ON relata_records FOR UPDATE
  USING (relata_can(true, tbl, owner, parent_tbl, parent_gid))
  WITH CHECK (relata_can(true, tbl, owner, parent_tbl, parent_gid));

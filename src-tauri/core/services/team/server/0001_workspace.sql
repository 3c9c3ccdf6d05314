-- Relata team workspace, server schema 1 (docs/team-sync.md). Applied by `relata team init` in one
-- transaction; services/team/server.rs records the version in relata_meta.
--
-- Records are stored generically: one row per synced record (its table name and global id), every field's
-- value in `fields` and the stamp that wrote it in `stamps` (field -> [hlc, node, seq]). A table the desktop
-- registers joins without a server change. Row-level security decides on `owner` (the record's owner field,
-- or its creator for tables without one).

DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['relata_team_admin', 'relata_team_manager', 'relata_team_sales',
                           'relata_team_support', 'relata_team_readonly'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another workspace of this cluster created it at the same moment
      END;
    END IF;
  END LOOP;
END $$;

CREATE TABLE relata_meta (key text PRIMARY KEY, value text NOT NULL);

-- The synced tables the workspace accepts, and which field holds the owner (filled by team init).
CREATE TABLE relata_tables (tbl text PRIMARY KEY, owner_field text);

CREATE SEQUENCE relata_seq;

CREATE TABLE relata_records (
  tbl        text NOT NULL,
  gid        uuid NOT NULL,
  owner      text,
  fields     jsonb NOT NULL DEFAULT '{}',
  stamps     jsonb NOT NULL DEFAULT '{}',
  purged     boolean NOT NULL DEFAULT false,
  seq        bigint NOT NULL,
  created_by text NOT NULL DEFAULT current_user,
  PRIMARY KEY (tbl, gid)
);
CREATE INDEX relata_records_seq ON relata_records (seq);
CREATE INDEX relata_records_owner ON relata_records (owner);

-- Every same-field edit that lost (its value kept, to look at and restore), and what beat it.
CREATE TABLE relata_conflicts (
  id         bigserial PRIMARY KEY,
  tbl        text NOT NULL,
  gid        uuid NOT NULL,
  field      text NOT NULL,
  lost_value jsonb,
  lost_hlc   bigint NOT NULL,
  lost_node  text NOT NULL,
  won_value  jsonb,
  won_hlc    bigint NOT NULL,
  won_node   text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  pushed_by  text NOT NULL DEFAULT current_user
);
CREATE INDEX relata_conflicts_record ON relata_conflicts (tbl, gid);

-- The calling user's team role (the first group role they belong to, strongest first).
CREATE FUNCTION relata_role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN pg_has_role(current_user, 'relata_team_admin', 'member') THEN 'admin'
    WHEN pg_has_role(current_user, 'relata_team_manager', 'member') THEN 'manager'
    WHEN pg_has_role(current_user, 'relata_team_sales', 'member') THEN 'sales'
    WHEN pg_has_role(current_user, 'relata_team_support', 'member') THEN 'support'
    WHEN pg_has_role(current_user, 'relata_team_readonly', 'member') THEN 'readonly'
  END
$$;

-- What each role reads: sales their own and unassigned records (and the shared pipelines), support the
-- customer records and their history, the others everything.
CREATE FUNCTION relata_can_read(p_tbl text, p_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'readonly' THEN true
    WHEN 'sales' THEN p_owner IS NULL OR p_owner = current_user OR p_tbl IN ('pipelines', 'stages')
    WHEN 'support' THEN p_tbl IN ('people', 'companies', 'activities', 'tasks', 'pipelines', 'stages')
    ELSE false
  END
$$;

-- What each role writes (the row as it is before and after the write must both pass).
CREATE FUNCTION relata_can_write(p_tbl text, p_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE relata_role()
    WHEN 'admin' THEN true
    WHEN 'manager' THEN true
    WHEN 'sales' THEN (p_owner IS NULL OR p_owner = current_user) AND p_tbl NOT IN ('pipelines', 'stages')
    WHEN 'support' THEN p_tbl IN ('people', 'companies', 'activities', 'tasks')
    ELSE false
  END
$$;

ALTER TABLE relata_records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_read ON relata_records FOR SELECT USING (relata_can_read(tbl, owner));
CREATE POLICY records_insert ON relata_records FOR INSERT WITH CHECK (relata_can_write(tbl, owner));
CREATE POLICY records_update ON relata_records FOR UPDATE
  USING (relata_can_write(tbl, owner)) WITH CHECK (relata_can_write(tbl, owner));

-- The conflict log follows its record: visible (and writable) only where the record is.
ALTER TABLE relata_conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY conflicts_read ON relata_conflicts FOR SELECT
  USING (EXISTS (SELECT 1 FROM relata_records r WHERE r.tbl = relata_conflicts.tbl AND r.gid = relata_conflicts.gid));
CREATE POLICY conflicts_insert ON relata_conflicts FOR INSERT
  WITH CHECK (relata_role() IN ('admin', 'manager', 'sales', 'support') AND
              EXISTS (SELECT 1 FROM relata_records r WHERE r.tbl = relata_conflicts.tbl AND r.gid = relata_conflicts.gid));

-- Applies a batch of field changes [{t, g, f, v, h}] with last-writer-wins per field on (hlc, node), as the
-- calling user (row-level security applies). Returns {"refused": [{t, g, f, reason}], "conflicts": n}.
-- p_seen is the caller's last pulled sequence number: an overwritten value written after it was never seen
-- by the caller, so the overwrite is a conflict and the losing value goes to relata_conflicts.
CREATE FUNCTION relata_push(p_schema int, p_node text, p_seen bigint, p_changes jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  c jsonb; v_tbl text; v_gid uuid; v_field text; v_hlc bigint; v_value jsonb;
  v_owner_field text; v_old jsonb; v_seq bigint; v_stamp jsonb; v_current int;
  r relata_records%ROWTYPE;
  v_refused jsonb := '[]'; v_conflicts int := 0; v_incoming_wins boolean;
BEGIN
  SELECT value::int INTO v_current FROM relata_meta WHERE key = 'schema_version';
  IF v_current IS DISTINCT FROM p_schema THEN
    RAISE EXCEPTION 'workspace schema % does not match the client''s %', v_current, p_schema
      USING ERRCODE = 'RL001';
  END IF;
  -- One push at a time: sequence numbers then become visible in order, so a pull never skips one.
  PERFORM pg_advisory_xact_lock(7346001);
  FOR c IN SELECT * FROM jsonb_array_elements(p_changes) LOOP
    BEGIN
      v_tbl := c->>'t'; v_gid := (c->>'g')::uuid; v_field := c->>'f'; v_hlc := (c->>'h')::bigint;
      v_value := COALESCE(c->'v', 'null'::jsonb);
      SELECT owner_field INTO v_owner_field FROM relata_tables WHERE tbl = v_tbl;
      IF NOT FOUND THEN
        v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', v_gid, 'f', v_field, 'reason', 'unknown_table');
        CONTINUE;
      END IF;
      SELECT * INTO r FROM relata_records WHERE tbl = v_tbl AND gid = v_gid FOR UPDATE;
      IF NOT FOUND THEN
        -- New record (or one this user cannot see: the primary key then refuses the insert).
        INSERT INTO relata_records (tbl, gid, owner, seq)
        VALUES (v_tbl, v_gid, CASE WHEN v_owner_field IS NULL THEN current_user END, nextval('relata_seq'))
        RETURNING * INTO r;
      END IF;
      IF v_field = '_purged' THEN
        v_seq := nextval('relata_seq');
        UPDATE relata_records SET purged = true, fields = '{}', seq = v_seq,
          stamps = jsonb_build_object('_purged', jsonb_build_array(v_hlc, p_node, v_seq))
        WHERE tbl = v_tbl AND gid = v_gid;
        IF NOT FOUND THEN
          v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', v_gid, 'f', v_field, 'reason', 'permission_denied');
        END IF;
        CONTINUE;
      END IF;
      IF r.purged THEN
        v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', v_gid, 'f', v_field, 'reason', 'purged');
        CONTINUE;
      END IF;
      v_stamp := r.stamps -> v_field;
      v_old := r.fields -> v_field;
      v_incoming_wins := v_stamp IS NULL OR (v_hlc, p_node) > ((v_stamp->>0)::bigint, v_stamp->>1);
      -- A concurrent edit of the same field by another desktop with another value: keep the loser.
      IF v_stamp IS NOT NULL AND v_stamp->>1 <> p_node AND v_old IS DISTINCT FROM v_value
         AND COALESCE((v_stamp->>2)::bigint, 0) > p_seen THEN
        IF v_incoming_wins THEN
          INSERT INTO relata_conflicts (tbl, gid, field, lost_value, lost_hlc, lost_node, won_value, won_hlc, won_node)
          VALUES (v_tbl, v_gid, v_field, v_old, (v_stamp->>0)::bigint, v_stamp->>1, v_value, v_hlc, p_node);
        ELSE
          INSERT INTO relata_conflicts (tbl, gid, field, lost_value, lost_hlc, lost_node, won_value, won_hlc, won_node)
          VALUES (v_tbl, v_gid, v_field, v_value, v_hlc, p_node, v_old, (v_stamp->>0)::bigint, v_stamp->>1);
        END IF;
        v_conflicts := v_conflicts + 1;
      END IF;
      IF NOT v_incoming_wins THEN
        CONTINUE;
      END IF;
      v_seq := nextval('relata_seq');
      UPDATE relata_records SET
        fields = fields || jsonb_build_object(v_field, v_value),
        stamps = stamps || jsonb_build_object(v_field, jsonb_build_array(v_hlc, p_node, v_seq)),
        owner = CASE WHEN v_field = v_owner_field THEN v_value #>> '{}' ELSE owner END,
        seq = v_seq
      WHERE tbl = v_tbl AND gid = v_gid;
      IF NOT FOUND THEN
        v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', v_gid, 'f', v_field, 'reason', 'permission_denied');
      END IF;
    EXCEPTION
      WHEN insufficient_privilege OR unique_violation THEN
        v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', v_gid, 'f', v_field, 'reason', 'permission_denied');
      WHEN invalid_text_representation THEN
        v_refused := v_refused || jsonb_build_object('t', v_tbl, 'g', c->>'g', 'f', v_field, 'reason', 'invalid');
    END;
  END LOOP;
  RETURN jsonb_build_object('refused', v_refused, 'conflicts', v_conflicts);
END
$$;

GRANT SELECT ON relata_meta, relata_tables, relata_records, relata_conflicts
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support, relata_team_readonly;
GRANT INSERT, UPDATE ON relata_records
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support;
GRANT INSERT ON relata_conflicts
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support;
GRANT USAGE ON SEQUENCE relata_seq, relata_conflicts_id_seq
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support;
REVOKE ALL ON FUNCTION relata_push(int, text, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION relata_push(int, text, bigint, jsonb)
  TO relata_team_admin, relata_team_manager, relata_team_sales, relata_team_support, relata_team_readonly;

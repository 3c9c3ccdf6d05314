//! Which tables travel to a team workspace, declared once. A synced table names its fields (the columns that
//! travel, as themselves), its references to other synced tables (local integer ids that travel as the
//! referenced record's global id), its owner column (what row-level security on the server decides by), and
//! the child tables that travel as one list field of their parent (a person's emails). Everything else in the
//! schema is declared local-only with its reason; `tests/core/team_registry.rs` fails on a table that is in
//! neither list, so a new table needs one line here to join (or to stay out).
//!
//! Change capture triggers, the global-id backfill and the apply of pulled changes are all generated from
//! these declarations: registering a table needs no other code unless it has derived columns to recompute
//! after a pull (`services::team::derived`, a layer up).

/// A synced record table. Columns not named in `fields`, `refs` or `owner` (sort keys, computed scores,
/// `updated_at`) stay local and are recomputed after a pull.
#[derive(Debug, Clone, Copy)]
pub struct SyncTable {
    pub name: &'static str,
    /// Columns that travel as their own values (text, numbers, JSON text). `deleted_at` belongs here for
    /// tables with a trash: deletes and restores then travel as field changes.
    pub fields: &'static [&'static str],
    /// (column, referenced synced table): travels as the referenced row's global id.
    pub refs: &'static [(&'static str, &'static str)],
    /// The column holding the owning team user (a PostgreSQL role name), if the table has one.
    pub owner: Option<&'static str>,
    /// Child tables that travel as one JSON list field of this record (all rows, in order).
    pub lists: &'static [ListField],
}

/// A child table carried as a list field of its parent: `table (parent_col, position, columns...)`.
#[derive(Debug, Clone, Copy)]
pub struct ListField {
    /// The field name on the wire and in the change log.
    pub field: &'static str,
    pub table: &'static str,
    pub parent_col: &'static str,
    /// The ordering column, rewritten 0.. on apply.
    pub position: &'static str,
    pub columns: &'static [&'static str],
}

/// One declaration line per synced table.
pub const fn synced(
    name: &'static str,
    fields: &'static [&'static str],
    refs: &'static [(&'static str, &'static str)],
    owner: Option<&'static str>,
) -> SyncTable {
    SyncTable { name, fields, refs, owner, lists: &[] }
}

impl SyncTable {
    pub const fn with_lists(mut self, lists: &'static [ListField]) -> Self {
        self.lists = lists;
        self
    }

    /// Every wire field: plain fields, references, the owner column and list fields.
    pub fn wire_fields(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = self.fields.to_vec();
        all.extend(self.refs.iter().map(|(c, _)| *c));
        all.extend(self.owner);
        all.extend(self.lists.iter().map(|l| l.field));
        all
    }

    pub fn reference(&self, column: &str) -> Option<&'static str> {
        self.refs.iter().find(|(c, _)| *c == column).map(|(_, t)| *t)
    }

    pub fn list(&self, field: &str) -> Option<&'static ListField> {
        self.lists.iter().find(|l| l.field == field)
    }
}

const EMAILS: ListField = ListField {
    field: "emails",
    table: "person_emails",
    parent_col: "person_id",
    position: "position",
    columns: &["label", "value"],
};
const PHONES: ListField = ListField {
    field: "phones",
    table: "person_phones",
    parent_col: "person_id",
    position: "position",
    columns: &["label", "value"],
};

/// The synced tables, parents before children (a pull applies in this order within one batch).
pub const SYNCED: &[SyncTable] = &[
    synced("pipelines", &["name", "system_key", "position", "created_at"], &[], None),
    synced(
        "stages",
        &["name", "system_key", "position", "probability", "created_at"],
        &[("pipeline_id", "pipelines")],
        None,
    ),
    synced(
        "companies",
        &[
            "name",
            "domain",
            "industry",
            "size",
            "street",
            "postal_code",
            "city",
            "region",
            "country",
            "phone",
            "website",
            "created_at",
            "deleted_at",
        ],
        &[],
        Some("owner"),
    ),
    synced(
        "people",
        &[
            "first_name",
            "last_name",
            "street",
            "postal_code",
            "city",
            "region",
            "country",
            "socials",
            "job_title",
            "source",
            "preferred_channel",
            "language",
            "lifecycle",
            "lead_status",
            "external_id",
            "created_at",
            "deleted_at",
        ],
        &[("company_id", "companies")],
        Some("owner"),
    )
    .with_lists(&[EMAILS, PHONES]),
    synced(
        "deals",
        &[
            "title",
            "value_minor",
            "currency",
            "expected_close",
            "probability",
            "status",
            "lost_reason",
            "closed_at",
            "position",
            "created_at",
            "deleted_at",
        ],
        &[("pipeline_id", "pipelines"), ("stage_id", "stages"), ("person_id", "people"), ("company_id", "companies")],
        Some("owner"),
    ),
    synced(
        "activities",
        &["kind", "direction", "subject", "body", "occurred_at", "duration_secs", "created_at", "deleted_at"],
        &[("person_id", "people"), ("company_id", "companies"), ("deal_id", "deals")],
        None,
    ),
    // A consent event of a person (given or withdrawn): an append-only history.
    synced(
        "consents",
        &["channel", "purpose", "status", "at", "source", "note", "created_at"],
        &[("person_id", "people")],
        None,
    ),
    synced("scoring_rules", &["name", "attribute", "op", "value", "points", "enabled", "created_at"], &[], None),
    synced(
        "tasks",
        &["title", "notes", "due_at", "remind_at", "done_at", "created_at", "deleted_at"],
        &[("person_id", "people"), ("company_id", "companies"), ("deal_id", "deals")],
        Some("owner"),
    ),
];

/// Tables that never leave this desktop, each with its reason.
pub const LOCAL_ONLY: &[(&str, &str)] = &[
    ("settings", "this desktop's preferences"),
    ("enrichment_fills", "this desktop's undo log of enrichment; the values it filled travel with the person"),
    ("people_fts", "search index, rebuilt from the rows"),
    ("companies_fts", "search index, rebuilt from the rows"),
    ("deals_fts", "search index, rebuilt from the rows"),
    ("people_search_backlog", "search indexing bookkeeping"),
    ("audit_log", "this desktop's audit trail"),
    ("audit_bulk_create", "audit bookkeeping during bulk imports"),
    ("import_batches", "import bookkeeping"),
    ("import_records", "import bookkeeping"),
    ("import_ranges", "import bookkeeping"),
    ("scoring_model", "the model trained on this desktop"),
    ("erasures", "GDPR erasure receipts of this desktop"),
    ("sync_changes", "team sync: changes not yet pushed"),
    ("sync_state", "team sync: this desktop's clock, cursor and workspace"),
    ("sync_unresolved", "team sync: pulled references waiting for their target"),
    ("mail_accounts", "this user's own mail accounts (the password is in this desktop's keyring)"),
    ("mail_signatures", "signatures of this desktop's mail accounts"),
    ("outbox", "this desktop's sending queue; a sent message travels as its email activity"),
    ("mail_folders", "where IMAP sync of this desktop's accounts stands"),
    ("mail_messages", "IMAP sync bookkeeping; each email travels as its activity"),
    ("mail_attachments", "IMAP sync bookkeeping; each email travels as its activity"),
    ("mail_message_activities", "IMAP sync bookkeeping; each email travels as its activity"),
];

/// User data that should travel but is not registered yet (see docs/team-sync.md, "Not synced yet"). Kept
/// apart from LOCAL_ONLY so the gap stays visible; each entry is a table to register.
pub const NOT_SYNCED_YET: &[&str] = &[
    "tags",
    "taggings",
    "custom_field_defs",
    "custom_values",
    "cadences",
    "cadence_steps",
    "cadence_runs",
    "cadence_tasks",
    // Team templates: a variant per language (keyed by language, not position) and attachments' bytes.
    "templates",
    "template_variants",
    "template_attachments",
    // Facts about people that every desktop should know: who replied, which addresses bounce.
    "mail_replies",
    "mail_bounces",
    // The service desk: tickets with their events, and the team's calendars and SLA policies.
    "tickets",
    "ticket_events",
    "sla_calendars",
    "sla_policies",
    // Segments: a filter that names custom fields by key (portable), and a static segment's snapshot.
    "segments",
    "segment_members",
    // Products and orders: an order line names its product by local id, which needs a reference inside a
    // list field before lines can travel with their order.
    "products",
    "product_prices",
    "orders",
    "order_lines",
];

pub fn table(name: &str) -> Option<&'static SyncTable> {
    SYNCED.iter().find(|t| t.name == name)
}

/// Whether a table of the local schema is accounted for. FTS5 shadow tables (`people_fts_data`...) belong
/// to their index.
pub fn is_declared(name: &str) -> bool {
    let base = ["_data", "_idx", "_content", "_docsize", "_config"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|b| LOCAL_ONLY.iter().any(|(t, _)| t == b))
        .unwrap_or(name);
    table(base).is_some()
        || SYNCED.iter().any(|t| t.lists.iter().any(|l| l.table == base))
        || LOCAL_ONLY.iter().any(|(t, _)| *t == base)
        || NOT_SYNCED_YET.contains(&base)
}

/// The columns of a table as the schema has them now.
pub fn columns(conn: &rusqlite::Connection, table: &str) -> crate::error::AppResult<Vec<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The current time in SQL, for tables without their own time columns (the injected clock is not visible
/// to SQL; rows with `created_at` / `updated_at` use those, which the services set from it).
const SQL_NOW: &str = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/// SQL for when a row of `table` (as `row`) was created and last written: its `created_at` / `updated_at`
/// where it has them, else the current time. The column names come from the schema.
pub fn times(cols: &[String], row: &str) -> (String, String) {
    let has = |c: &str| cols.iter().any(|x| x == c);
    let created = if has("created_at") { format!("{row}.created_at") } else { SQL_NOW.to_string() };
    let updated = if has("updated_at") { format!("{row}.updated_at") } else { created.clone() };
    (created, updated)
}

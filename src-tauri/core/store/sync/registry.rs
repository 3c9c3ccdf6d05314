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

pub use super::decl::{columns, synced, times, ListField, PolyRef, SyncTable, REMOVED};
use super::list_fields::{
    ABTEST, AB_VARIANTS, BOUNCES, CAMPAIGN_MEMBERS, MEMBERS, ORDER_LINES, PRICES, STEPS, VARIANTS,
};

const EMAILS: ListField = ListField {
    field: "emails",
    table: "person_emails",
    parent_col: "person_id",
    position: Some("position"),
    columns: &["label", "value"],
    refs: &[],
    key: None,
};
const PHONES: ListField = ListField {
    field: "phones",
    table: "person_phones",
    parent_col: "person_id",
    position: Some("position"),
    columns: &["label", "value"],
    refs: &[],
    key: None,
};

/// What a tagging or a custom value can belong to (the `entity` column, `domain::Entity`).
const RECORD: PolyRef = PolyRef {
    column: "record_id",
    kind_col: "entity",
    targets: &[
        ("person", "people"),
        ("company", "companies"),
        ("deal", "deals"),
        ("activity", "activities"),
        ("task", "tasks"),
    ],
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
    .with_lists(&[EMAILS, PHONES, BOUNCES]),
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
        &[
            "kind",
            "direction",
            "subject",
            "body",
            "occurred_at",
            "duration_secs",
            "created_at",
            "deleted_at",
            "call_outcome",
            "call_wait_secs",
            "call_agent",
            "call_number",
            "call_number_e164",
        ],
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
    synced("tags", &["name", "key"], &[], None).keyed(&["key"]).shared(),
    synced("custom_field_defs", &["entity", "key", "label", "kind", "choices", "position", "created_at"], &[], None)
        .keyed(&["entity", "key"])
        .shared(),
    synced("taggings", &["position"], &[("tag_id", "tags")], None)
        .with_poly(&[RECORD])
        .keyed(&["tag_id", "record_id"])
        .follows("record_id"),
    synced("custom_values", &["value"], &[("def_id", "custom_field_defs")], None)
        .with_poly(&[RECORD])
        .keyed(&["def_id", "record_id"])
        .follows("record_id"),
    // The service desk. A ticket follows its person for row-level security and gets its number from the
    // server when the one given here is taken (docs/team-sync.md, "Ticket numbers"); its events are its
    // append-only history. Calendars and policies are the team's, matched by name.
    synced(
        "tickets",
        &[
            "number",
            "subject",
            "description",
            "status",
            "priority",
            "type",
            "channel",
            "assignee",
            "tags",
            "opened_at",
            "created_at",
        ],
        &[("person_id", "people"), ("company_id", "companies"), ("deal_id", "deals")],
        None,
    )
    .follows("person_id")
    .numbered("number"),
    synced(
        "ticket_events",
        &["kind", "at", "author", "status", "body", "assignee", "rating", "message_id", "created_at"],
        &[("ticket_id", "tickets"), ("activity_id", "activities")],
        None,
    )
    .follows("ticket_id"),
    synced("sla_calendars", &["name", "name_key", "definition", "created_at"], &[], None).keyed(&["name_key"]).shared(),
    synced("sla_policies", &["name", "name_key", "position", "definition", "created_at"], &[], None)
        .keyed(&["name_key"])
        .shared(),
    // Products by SKU and orders by number: the same SKU or order number made on two desktops is one record.
    synced(
        "products",
        &[
            "sku",
            "sku_key",
            "name",
            "description",
            "category",
            "unit",
            "cost_minor",
            "cost_currency",
            "vat_category",
            "active",
            "created_at",
            "deleted_at",
        ],
        &[],
        None,
    )
    .with_lists(&[PRICES])
    .keyed(&["sku_key"])
    .shared(),
    synced(
        "orders",
        &[
            "number",
            "number_key",
            "kind",
            "status",
            "ordered_at",
            "ordered_on",
            "currency",
            "country",
            "net_minor",
            "vat_minor",
            "gross_minor",
            "cost_minor",
            "note",
            "source",
            "created_at",
            "deleted_at",
        ],
        &[("person_id", "people"), ("company_id", "companies"), ("original_order_id", "orders"), ("deal_id", "deals")],
        None,
    )
    .with_lists(&[ORDER_LINES])
    .keyed(&["number_key"])
    .follows("person_id"),
    synced("segments", &["name", "name_key", "filter", "is_static", "pinned", "created_at"], &[], None)
        .with_lists(&[MEMBERS])
        .keyed(&["name_key"])
        .shared(),
    synced("templates", &["name", "name_key", "purpose", "created_at"], &[], None)
        .with_lists(&[VARIANTS])
        .keyed(&["name_key"])
        .shared(),
    synced("cadences", &["name", "name_key", "created_at"], &[], None)
        .with_lists(&[STEPS])
        .keyed(&["name_key"])
        .shared(),
    // Campaigns are the team's, matched by name, with their members and A/B test as lists. Cost entries
    // and send records are records of their own (two desktops adding costs, or sending to different
    // members, both keep theirs); a send is keyed by campaign and person, and its outbox link stays local.
    synced(
        "campaigns",
        &[
            "name",
            "name_key",
            "channel",
            "goal",
            "purpose",
            "starts_on",
            "ends_on",
            "owner",
            "budget_minor",
            "currency",
            "conversion_days",
            "created_at",
        ],
        &[],
        None,
    )
    .with_lists(&[CAMPAIGN_MEMBERS, ABTEST, AB_VARIANTS])
    .keyed(&["name_key"])
    .shared(),
    synced(
        "campaign_costs",
        &["spent_on", "amount_minor", "note", "created_at"],
        &[("campaign_id", "campaigns")],
        None,
    )
    .follows("campaign_id"),
    synced(
        "campaign_sends",
        &["variant", "queued_at", "sent_at"],
        &[("campaign_id", "campaigns"), ("person_id", "people")],
        None,
    )
    .keyed(&["campaign_id", "person_id"])
    .follows("campaign_id"),
];

/// Tables that never leave this desktop, each with its reason.
pub const LOCAL_ONLY: &[(&str, &str)] = &[
    ("settings", "this desktop's preferences"),
    ("enrichment_fills", "this desktop's undo log of enrichment; the values it filled travel with the person"),
    ("people_fts", "search index, rebuilt from the rows"),
    ("companies_fts", "search index, rebuilt from the rows"),
    ("deals_fts", "search index, rebuilt from the rows"),
    ("tickets_fts", "search index of ticket subjects, kept by triggers from the rows"),
    ("ticket_sla", "each ticket's SLA clocks, derived from its events and rebuilt after a pull"),
    ("ticket_sla_meta", "which SLA rules this desktop's ticket_sla rows were derived under"),
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
    ("ticket_alerts", "which SLA warnings this desktop has shown; each desktop warns its own user"),
    ("rules", "automation runs on the desktop that has the rule; synced rules would act twice"),
    ("rule_events", "this desktop's automation event log"),
    ("rule_context", "automation bookkeeping inside one transaction"),
    ("rule_runs", "this desktop's automation run history; what the actions wrote travels itself"),
    ("cadence_runs", "a cadence run is the work of the desktop that started it (it stops on that user's mail); its tasks travel as tasks"),
    ("cadence_tasks", "which of a local run's tasks are its steps; the tasks themselves travel"),
];

/// User data that should travel but is not registered yet (see docs/team-sync.md, "Not synced yet"). Kept
/// apart from LOCAL_ONLY so the gap stays visible; each entry is a table to register.
pub const NOT_SYNCED_YET: &[&str] = &[
    // Attachments' bytes (up to the template size cap each) need a blob channel rather than the change log.
    "template_attachments",
    // Who replied: its row names the local IMAP message, which a pulled row cannot have.
    "mail_replies",
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

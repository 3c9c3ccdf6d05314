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
use super::list_fields::{ABTEST, AB_VARIANTS, EMAILS, ORDER_LINES, PHONES, PRICES, STEPS, VARIANTS};
pub use super::local_only::{LOCAL_ONLY, NOT_SYNCED_YET};

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
    .with_lists(&[EMAILS, PHONES]),
    // A bounced address of a person (the bounce message itself stays with its mailbox): one record per
    // person and address, so bounces recorded on two desktops both stay.
    synced("mail_bounces", &["address", "status", "bounced_at"], &[("person_id", "people")], None)
        .keyed(&["person_id", "address"])
        .follows("person_id"),
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
        .keyed(&["name_key"])
        .shared(),
    // A static segment's members and a campaign's members are records of their own, keyed by (parent,
    // person) and following their parent: members added or removed on two desktops offline merge one by one,
    // and the same member removed on one desktop and added again on another ends as the later action left it.
    synced("segment_members", &[], &[("segment_id", "segments"), ("person_id", "people")], None)
        .keyed(&["segment_id", "person_id"])
        .follows("segment_id"),
    synced("templates", &["name", "name_key", "purpose", "created_at"], &[], None)
        .with_lists(&[VARIANTS])
        .keyed(&["name_key"])
        .shared(),
    // A template's attachment, matched by its name within the template; its bytes travel base64-encoded and
    // are read when pushed (a push batch is cut by size, `outbox::pending`).
    synced("template_attachments", &["name", "mime", "size", "data"], &[("template_id", "templates")], None)
        .with_blobs(&["data"])
        .keyed(&["template_id", "name"])
        .follows("template_id"),
    // The document library: a document travels with its bytes like a template attachment (a byte field);
    // a template's link to one is keyed by the pair and follows the template.
    synced(
        "documents",
        &["title", "language", "tags", "file_name", "mime", "size", "sha256", "data", "created_at"],
        &[],
        None,
    )
    .with_blobs(&["data"])
    .shared(),
    synced("template_documents", &[], &[("template_id", "templates"), ("document_id", "documents")], None)
        .keyed(&["template_id", "document_id"])
        .follows("template_id"),
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
    .with_lists(&[ABTEST, AB_VARIANTS])
    .keyed(&["name_key"])
    .shared(),
    synced(
        "campaign_members",
        &["added_at", "variant"],
        &[("campaign_id", "campaigns"), ("person_id", "people")],
        None,
    )
    .keyed(&["campaign_id", "person_id"])
    .follows("campaign_id"),
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
    // A reply to the user's message: the fact travels (who, when, which Message-ID and campaign send it
    // answers) so every desktop's campaign report counts it; the local IMAP message and outbox links stay.
    synced(
        "mail_replies",
        &["replied_to", "occurred_at", "created_at"],
        &[("person_id", "people"), ("send_id", "campaign_sends")],
        None,
    )
    .follows("person_id"),
    // A library document sent to a person (with its timeline note and campaign), so every desktop's
    // campaign report counts it; the outbox link stays local.
    synced(
        "document_sends",
        &["title", "sent_at"],
        &[
            ("document_id", "documents"),
            ("person_id", "people"),
            ("activity_id", "activities"),
            ("campaign_id", "campaigns"),
        ],
        None,
    )
    .follows("person_id"),
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

//! The filter's field catalogue: every field a condition can name, its kind and operators, and where its
//! value comes from. The UI gets the same list (`fields`), so the editor and the compiler never disagree.

use rusqlite::Connection;

use crate::domain::{CustomFieldKind, FieldKind, FilterField, FilterOp, Id, MemberResponse};
use crate::error::AppResult;

/// Where a field's value comes from (the compiler turns it into SQL over `people p`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// A column of `people p` (a fixed name from this file, never input).
    Column(&'static str),
    CompanyName,
    Tags,
    Custom(Id),
    /// The purpose: true when the newest event of some channel for it is "given".
    Consent(String),
    /// Live activities of the person, all or of one kind.
    ActivityCount(Option<&'static str>),
    ActivityLast(Option<&'static str>),
    DealCount,
    /// The sum of the person's live deals of that status, in the value's currency.
    DealValue(&'static str),
    /// The person has a live deal in the stage of that name.
    DealStage,
    /// Purchases: confirmed or paid orders (docs/segments.md).
    OrderCount,
    OrderTotal,
    OrderLast,
    /// Has bought a product of that name or SKU.
    OrderProduct,
    /// The person's tickets, all or only those not solved or closed.
    TicketCount {
        open_only: bool,
    },
    TicketLast,
    /// Member of the campaign of that name (a campaign's snapshot of people).
    CampaignMember,
    /// Member of one of the named campaigns with this response to it.
    CampaignResponse(MemberResponse),
    /// How many campaigns the person is a member of.
    CampaignCount,
    /// The upsell model ranks the product among the person's first suggestions (`segments::likely`).
    UpsellLikely,
}

pub(crate) struct Resolved {
    pub field: FilterField,
    pub source: Source,
}

const LIFECYCLES: &[&str] = &["lead", "qualified", "customer", "churned"];
const LEAD_STATUSES: &[&str] = &["open", "converted", "lost"];
const BANDS: &[&str] = &["hot", "warm", "cold"];
const CHANNELS: &[&str] = &["email", "phone", "sms", "chat", "visit", "post"];
const ACTIVITY_KINDS: &[&str] = &["call", "email", "meeting", "note", "chat", "visit"];

/// (name, kind, nullable, choices, source) of the fields that do not depend on the data.
const PERSON: &[(&str, FieldKind, bool, &[&str], Source)] = &[
    ("first_name", FieldKind::Text, true, &[], Source::Column("p.first_name")),
    ("last_name", FieldKind::Text, true, &[], Source::Column("p.last_name")),
    ("city", FieldKind::Text, true, &[], Source::Column("p.city")),
    ("postal_code", FieldKind::Text, true, &[], Source::Column("p.postal_code")),
    ("region", FieldKind::Text, true, &[], Source::Column("p.region")),
    ("country", FieldKind::Text, true, &[], Source::Column("p.country")),
    ("company_name", FieldKind::Text, true, &[], Source::CompanyName),
    ("job_title", FieldKind::Text, true, &[], Source::Column("p.job_title")),
    ("owner", FieldKind::Text, true, &[], Source::Column("p.owner")),
    ("source", FieldKind::Text, true, &[], Source::Column("p.source")),
    ("language", FieldKind::Text, true, &[], Source::Column("p.language")),
    ("preferred_channel", FieldKind::Choice, true, CHANNELS, Source::Column("p.preferred_channel")),
    ("lifecycle", FieldKind::Choice, false, LIFECYCLES, Source::Column("p.lifecycle")),
    ("lead_status", FieldKind::Choice, true, LEAD_STATUSES, Source::Column("p.lead_status")),
    ("score", FieldKind::Number, true, &[], Source::Column("p.score")),
    ("band", FieldKind::Choice, true, BANDS, Source::Column("p.score_band")),
    ("tags", FieldKind::Tags, true, &[], Source::Tags),
    ("created_at", FieldKind::Time, false, &[], Source::Column("p.created_at")),
    ("updated_at", FieldKind::Time, false, &[], Source::Column("p.updated_at")),
    ("activities.count", FieldKind::Number, false, &[], Source::ActivityCount(None)),
    ("activities.last_at", FieldKind::Time, true, &[], Source::ActivityLast(None)),
    ("deals.count", FieldKind::Number, false, &[], Source::DealCount),
    ("deals.won_value", FieldKind::Money, false, &[], Source::DealValue("won")),
    ("deals.open_value", FieldKind::Money, false, &[], Source::DealValue("open")),
    ("tickets.count", FieldKind::Number, false, &[], Source::TicketCount { open_only: false }),
    ("tickets.open_count", FieldKind::Number, false, &[], Source::TicketCount { open_only: true }),
    ("tickets.last_at", FieldKind::Time, true, &[], Source::TicketLast),
    ("orders.count", FieldKind::Number, false, &[], Source::OrderCount),
    ("orders.total", FieldKind::Money, false, &[], Source::OrderTotal),
    ("orders.last_at", FieldKind::Time, true, &[], Source::OrderLast),
    ("campaigns.count", FieldKind::Number, false, &[], Source::CampaignCount),
];

/// The operators of a kind; fields that always hold a value do without `is_empty` and `is_not_empty`.
pub fn ops(kind: FieldKind, nullable: bool) -> Vec<FilterOp> {
    use FilterOp::*;
    let ops: &[FilterOp] = match kind {
        FieldKind::Text => &[Eq, Ne, In, Contains, StartsWith, IsEmpty, IsNotEmpty],
        FieldKind::Choice => &[Eq, Ne, In, IsEmpty, IsNotEmpty],
        FieldKind::Number => &[Eq, Ne, Lt, Lte, Gt, Gte, IsEmpty, IsNotEmpty],
        FieldKind::Money => &[Eq, Ne, Lt, Lte, Gt, Gte],
        FieldKind::Date => &[Eq, Before, After, WithinLastDays, IsEmpty, IsNotEmpty],
        FieldKind::Time => &[Before, After, WithinLastDays, IsEmpty, IsNotEmpty],
        FieldKind::Boolean => &[Eq, IsEmpty, IsNotEmpty],
        FieldKind::Tags => &[Contains, In, IsEmpty, IsNotEmpty],
        FieldKind::Product => &[Eq, Ne, In],
    };
    ops.iter().copied().filter(|op| nullable || !matches!(op, IsEmpty | IsNotEmpty)).collect()
}

fn field(name: &str, kind: FieldKind, nullable: bool, choices: Vec<String>, label: Option<String>) -> FilterField {
    let key = name.split('.').next().filter(|p| *p == "custom" || *p == "consent").map_or(name, |p| p);
    FilterField {
        name: name.to_string(),
        kind,
        ops: ops(kind, nullable),
        choices,
        label_key: format!("segments.field.{key}"),
        label,
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Every field, in the editor's order: the person's own, activities per kind, deals, custom fields, consent
/// purposes in use.
pub fn fields(conn: &Connection) -> AppResult<Vec<FilterField>> {
    let mut names: Vec<String> = PERSON.iter().map(|f| f.0.to_string()).collect();
    for kind in ACTIVITY_KINDS {
        names.push(format!("activities.{kind}.count"));
        names.push(format!("activities.{kind}.last_at"));
    }
    names.push("deals.stage".into());
    names.push("orders.product".into());
    names.push("campaigns.member".into());
    names.extend(MemberResponse::ALL.iter().map(|r| format!("campaigns.{}", r.name())));
    names.push("upsell.likely".into());
    for (key, ..) in custom_defs(conn)? {
        names.push(format!("custom.{key}"));
    }
    let mut stmt = conn.prepare_cached("SELECT DISTINCT purpose FROM consents ORDER BY purpose")?;
    for purpose in stmt.query_map([], |r| r.get::<_, String>(0))? {
        names.push(format!("consent.{}", purpose?));
    }
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if let Some(r) = resolve(conn, &name)? {
            out.push(r.field);
        }
    }
    Ok(out)
}

/// The field named `name`, or None when there is no such field.
pub(crate) fn resolve(conn: &Connection, name: &str) -> AppResult<Option<Resolved>> {
    if let Some((_, kind, nullable, choices, source)) = PERSON.iter().find(|f| f.0 == name) {
        let field = field(name, *kind, *nullable, strings(choices), None);
        return Ok(Some(Resolved { field, source: source.clone() }));
    }
    if let Some(rest) = name.strip_prefix("activities.") {
        let found = ACTIVITY_KINDS.iter().find_map(|k| match rest.strip_prefix(k) {
            Some(".count") => Some((FieldKind::Number, false, Source::ActivityCount(Some(k)))),
            Some(".last_at") => Some((FieldKind::Time, true, Source::ActivityLast(Some(k)))),
            _ => None,
        });
        return Ok(
            found.map(|(kind, nullable, source)| Resolved { field: field(name, kind, nullable, vec![], None), source })
        );
    }
    if name == "deals.stage" {
        let mut stmt = conn.prepare_cached("SELECT DISTINCT name FROM stages ORDER BY name")?;
        let stages = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut field = field(name, FieldKind::Choice, false, stages, None);
        field.ops = vec![FilterOp::Eq, FilterOp::Ne, FilterOp::In];
        return Ok(Some(Resolved { field, source: Source::DealStage }));
    }
    if name == "orders.product" {
        let mut field = field(name, FieldKind::Text, false, vec![], None);
        field.ops = vec![FilterOp::Eq, FilterOp::In, FilterOp::Contains, FilterOp::StartsWith];
        return Ok(Some(Resolved { field, source: Source::OrderProduct }));
    }
    let response =
        name.strip_prefix("campaigns.").and_then(|r| MemberResponse::ALL.into_iter().find(|x| x.name() == r));
    if name == "campaigns.member" || response.is_some() {
        // A choice of campaigns: member of one of them (with that response to it).
        let mut stmt = conn.prepare_cached("SELECT DISTINCT name FROM campaigns ORDER BY name")?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut field = field(name, FieldKind::Choice, false, names, None);
        field.ops = vec![FilterOp::Eq, FilterOp::Ne, FilterOp::In];
        let source = response.map_or(Source::CampaignMember, Source::CampaignResponse);
        return Ok(Some(Resolved { field, source }));
    }
    if name == "upsell.likely" {
        let field = field(name, FieldKind::Product, false, vec![], None);
        return Ok(Some(Resolved { field, source: Source::UpsellLikely }));
    }
    if let Some(key) = name.strip_prefix("custom.") {
        let Some((_, id, label, kind, choices)) = custom_defs(conn)?.into_iter().find(|d| d.0 == key) else {
            return Ok(None);
        };
        let kind = match kind {
            CustomFieldKind::Text => FieldKind::Text,
            CustomFieldKind::Number => FieldKind::Number,
            CustomFieldKind::Date => FieldKind::Date,
            CustomFieldKind::Boolean => FieldKind::Boolean,
            CustomFieldKind::Choice => FieldKind::Choice,
        };
        return Ok(Some(Resolved { field: field(name, kind, true, choices, Some(label)), source: Source::Custom(id) }));
    }
    if let Some(purpose) = name.strip_prefix("consent.").filter(|p| !p.trim().is_empty()) {
        let field = field(name, FieldKind::Boolean, false, vec![], Some(purpose.to_string()));
        return Ok(Some(Resolved { field, source: Source::Consent(purpose.to_string()) }));
    }
    Ok(None)
}

type Def = (String, Id, String, CustomFieldKind, Vec<String>);

fn custom_defs(conn: &Connection) -> AppResult<Vec<Def>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, id, label, kind, choices FROM custom_field_defs WHERE entity = 'person' ORDER BY position, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            crate::services::records::parse_enum(&r.get::<_, String>(3)?)?,
            crate::services::records::json_col(&r.get::<_, String>(4)?)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

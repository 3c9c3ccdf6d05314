//! The child tables that travel as list fields of the tables registered since server schema 3, and of
//! campaigns since schema 4 (the person's emails and phones are declared beside their table in `registry.rs`).

use super::decl::ListField;

/// The addresses of a person that bounced (the bounce message itself stays with its mailbox).
pub(super) const BOUNCES: ListField = ListField {
    field: "bounces",
    table: "mail_bounces",
    parent_col: "person_id",
    position: None,
    columns: &["address", "status", "bounced_at"],
    refs: &[],
    key: None,
};
/// An order's lines: the product travels as its global id (a reference inside a list).
pub(super) const ORDER_LINES: ListField = ListField {
    field: "lines",
    table: "order_lines",
    parent_col: "order_id",
    position: Some("position"),
    columns: &[
        "product_id",
        "description",
        "quantity_milli",
        "unit_price_minor",
        "discount_bp",
        "vat_rate_bp",
        "net_minor",
        "vat_minor",
        "gross_minor",
        "cost_minor",
    ],
    refs: &[("product_id", "products")],
    key: None,
};
/// A product's list price per currency.
pub(super) const PRICES: ListField = ListField {
    field: "prices",
    table: "product_prices",
    parent_col: "product_id",
    position: None,
    columns: &["currency", "price_minor"],
    refs: &[],
    key: None,
};
/// A static segment's snapshot: its people, by global id (a member this user cannot see is left out here).
pub(super) const MEMBERS: ListField = ListField {
    field: "members",
    table: "segment_members",
    parent_col: "segment_id",
    position: None,
    columns: &["person_id"],
    refs: &[("person_id", "people")],
    key: None,
};
/// A template's text per language (one variant per language, ordered by it).
pub(super) const VARIANTS: ListField = ListField {
    field: "variants",
    table: "template_variants",
    parent_col: "template_id",
    position: None,
    columns: &["lang", "subject", "body"],
    refs: &[],
    key: None,
};
/// A cadence's steps in order.
pub(super) const STEPS: ListField = ListField {
    field: "steps",
    table: "cadence_steps",
    parent_col: "cadence_id",
    position: Some("position"),
    columns: &["offset_days", "kind", "title"],
    refs: &[],
    key: None,
};
/// A campaign's members by global id, with their A/B group; matched by person, so a pulled list updates the
/// rows in place (a member this user cannot see is left out here).
pub(super) const CAMPAIGN_MEMBERS: ListField = ListField {
    field: "members",
    table: "campaign_members",
    parent_col: "campaign_id",
    position: None,
    columns: &["person_id", "added_at", "variant"],
    refs: &[("person_id", "people")],
    key: Some(&["person_id"]),
};
/// A campaign's A/B test (none or one row); updated in place, so recording the winner keeps the variants.
pub(super) const ABTEST: ListField = ListField {
    field: "abtest",
    table: "campaign_abtests",
    parent_col: "campaign_id",
    position: None,
    columns: &["seed", "test_percent", "metric", "window_days", "rest_variant", "created_at"],
    refs: &[],
    key: Some(&[]),
};
/// The A/B test's variants by their number (the A/B group the members have), each with its template.
pub(super) const AB_VARIANTS: ListField = ListField {
    field: "variants",
    table: "campaign_variants",
    parent_col: "campaign_id",
    position: None,
    columns: &["position", "template_id", "subject"],
    refs: &[("template_id", "templates")],
    key: Some(&["position"]),
};

//! The child tables that travel as list fields of the tables registered since server schema 3 (the
//! person's emails and phones are declared beside their table in `registry.rs`).

use super::decl::ListField;

/// The addresses of a person that bounced (the bounce message itself stays with its mailbox).
pub(super) const BOUNCES: ListField = ListField {
    field: "bounces",
    table: "mail_bounces",
    parent_col: "person_id",
    position: None,
    columns: &["address", "status", "bounced_at"],
    refs: &[],
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
};
/// A product's list price per currency.
pub(super) const PRICES: ListField = ListField {
    field: "prices",
    table: "product_prices",
    parent_col: "product_id",
    position: None,
    columns: &["currency", "price_minor"],
    refs: &[],
};
/// A static segment's snapshot: its people, by global id (a member this user cannot see is left out here).
pub(super) const MEMBERS: ListField = ListField {
    field: "members",
    table: "segment_members",
    parent_col: "segment_id",
    position: None,
    columns: &["person_id"],
    refs: &[("person_id", "people")],
};
/// A template's text per language (one variant per language, ordered by it).
pub(super) const VARIANTS: ListField = ListField {
    field: "variants",
    table: "template_variants",
    parent_col: "template_id",
    position: None,
    columns: &["lang", "subject", "body"],
    refs: &[],
};
/// A cadence's steps in order.
pub(super) const STEPS: ListField = ListField {
    field: "steps",
    table: "cadence_steps",
    parent_col: "cadence_id",
    position: Some("position"),
    columns: &["offset_days", "kind", "title"],
    refs: &[],
};

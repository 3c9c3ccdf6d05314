//! The child tables that travel as list fields of their parent (`registry.rs` names them on their table).

use super::decl::ListField;

pub(super) const EMAILS: ListField = ListField {
    field: "emails",
    table: "person_emails",
    parent_col: "person_id",
    position: Some("position"),
    columns: &["label", "value"],
    refs: &[],
    key: None,
};
pub(super) const PHONES: ListField = ListField {
    field: "phones",
    table: "person_phones",
    parent_col: "person_id",
    position: Some("position"),
    columns: &["label", "value"],
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

//! Products, orders and their lines (issue 17). Money in minor units of the row's currency, quantities in
//! thousandths (`quantity_milli`: 1.5 kg is 1500), rates and discounts in basis points (21 % is 2100).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

/// The VAT rate category a product falls in; the rate itself comes from the VAT table by country and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VatCategory {
    #[default]
    Standard,
    Reduced,
    Reduced2,
    SuperReduced,
    Zero,
    Exempt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProductPrice {
    pub currency: String,
    pub price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    /// "piece" when empty.
    pub unit: String,
    pub cost_minor: Option<i64>,
    /// The currency of the cost price; the app's default currency when empty.
    pub cost_currency: Option<String>,
    pub vat_category: VatCategory,
    /// List prices, at most one per currency.
    pub prices: Vec<ProductPrice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Product {
    pub id: Id,
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub unit: String,
    pub cost_minor: Option<i64>,
    pub cost_currency: Option<String>,
    pub vat_category: VatCategory,
    pub prices: Vec<ProductPrice>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    #[default]
    Order,
    Invoice,
    /// A return or credit note: its lines have negative quantities.
    CreditNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    #[default]
    Confirmed,
    Paid,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderSource {
    #[default]
    Manual,
    Import,
    Deal,
}

/// One line as entered: a product (its name, list price and VAT category fill what is left out) or free
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OrderLineInput {
    pub product_id: Option<Id>,
    /// Required for a free-text line; a product line defaults to the product's name.
    pub description: Option<String>,
    /// Thousandths of the unit; negative on a return.
    pub quantity_milli: i64,
    /// The product's list price in the order's currency when left out.
    pub unit_price_minor: Option<i64>,
    pub discount_bp: i32,
    /// From the VAT table (the order's country, the product's category, the order date) when left out.
    pub vat_rate_bp: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OrderInput {
    /// Generated ("O000123") when empty.
    pub number: String,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    /// The order a credit note reverses.
    pub original_order_id: Option<Id>,
    /// When it was ordered: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (local time) or RFC 3339; now when empty.
    pub ordered_at: Option<String>,
    /// The app's default currency when empty.
    pub currency: String,
    /// ISO 3166-1 alpha-2, for the VAT rates; the app's region when empty.
    pub country: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<OrderLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OrderLine {
    pub id: Id,
    pub position: i32,
    pub product_id: Option<Id>,
    pub sku: Option<String>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i32,
    pub vat_rate_bp: i32,
    pub net_minor: i64,
    pub vat_minor: i64,
    pub gross_minor: i64,
    pub cost_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Order {
    pub id: Id,
    pub number: String,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub person_id: Option<Id>,
    pub person_name: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub original_order_id: Option<Id>,
    pub deal_id: Option<Id>,
    /// Unix seconds.
    pub ordered_at: i64,
    /// The local calendar date of `ordered_at`.
    pub ordered_on: String,
    pub currency: String,
    pub country: Option<String>,
    pub net_minor: i64,
    pub vat_minor: i64,
    pub gross_minor: i64,
    pub cost_minor: i64,
    pub note: Option<String>,
    pub source: OrderSource,
    pub line_count: i32,
    /// Filled by `get`; lists leave it empty (see `line_count`).
    pub lines: Vec<OrderLine>,
    /// The net amount and VAT per VAT rate, sums of the lines' rounded amounts, lowest rate first; filled
    /// by `get` with the lines.
    pub vat_rates: Vec<VatRateTotal>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// What a customer spent in one currency (credit notes subtract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CurrencyTotal {
    pub currency: String,
    pub net_minor: i64,
    pub gross_minor: i64,
}

/// A person's or company's purchases: totals per currency, the number of orders (credit notes not
/// counted) and the date of the last one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct PurchaseSummary {
    pub totals: Vec<CurrencyTotal>,
    pub order_count: i32,
    pub last_ordered_on: Option<String>,
}

/// An order as its timeline entry shows it: the entry's `id` is the order's, its `subject` the number and
/// its `occurred_at` the moment it was ordered. Amounts in minor units of `currency`, as the core computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OrderFacts {
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub currency: String,
    pub net_minor: i64,
    pub gross_minor: i64,
}

/// An order's lines at one VAT rate: their net amounts and their VAT, each summed from the rounded lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct VatRateTotal {
    pub vat_rate_bp: i32,
    pub net_minor: i64,
    pub vat_minor: i64,
}

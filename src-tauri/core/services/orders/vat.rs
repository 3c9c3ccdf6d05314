//! Looking up a VAT rate in the table (`vat_table`) by country, category and date.

use super::vat_table::VAT_RATES;
use crate::domain::VatCategory;

/// The rate in basis points in force in `country` (ISO alpha-2; Greece as `GR` or `EL`) for `category`
/// on `date` (`YYYY-MM-DD`). Zero-rated and exempt goods are 0 everywhere. `None` when the country is not
/// in the table, or has no rate of that category on that date.
pub fn rate(country: &str, category: VatCategory, date: &str) -> Option<u32> {
    match category {
        VatCategory::Zero | VatCategory::Exempt => return Some(0),
        _ => {}
    }
    let country = match country.trim().to_ascii_uppercase().as_str() {
        "GR" => "EL".to_string(),
        c => c.to_string(),
    };
    VAT_RATES
        .iter()
        .filter(|(c, cat, since, _)| *c == country && *cat == category && *since <= date)
        .max_by_key(|(_, _, since, _)| *since)
        .and_then(|(_, _, _, bp)| *bp)
}

/// The rate a product of `category` is charged: its category's rate, or the standard rate where the
/// country has no rate of that category (Denmark has no reduced rate: everything is 25 %). `None` only
/// for a country the table does not hold.
pub fn rate_or_standard(country: &str, category: VatCategory, date: &str) -> Option<u32> {
    rate(country, category, date).or_else(|| rate(country, VatCategory::Standard, date))
}

/// Whether the table knows the country.
pub fn knows(country: &str) -> bool {
    rate(country, VatCategory::Standard, "9999-12-31").is_some()
}

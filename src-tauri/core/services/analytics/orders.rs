//! The order rows every order figure reads, and the customer key they group by.

use std::collections::BTreeMap;

use super::board::Amount;
use super::filter::Resolved;

/// A common table `f(cust, day, ret, currency, net, cost)` of the counted orders: not deleted, confirmed or
/// paid (drafts and cancelled orders are no sales), dated `?1..=?2` (local `YYYY-MM-DD`), and with `?3` set,
/// only those whose customer person or company has that owner, and with `?4` true only those whose person is
/// in the source/segment scope (see `scope`). `cust` is the customer: the person id, else
/// minus the company id, NULL for an anonymous sale; `ret` is 1 for a return or credit note.
pub(super) const COUNTED: &str = "WITH f AS (
    SELECT CASE WHEN o.person_id IS NOT NULL THEN o.person_id
                WHEN o.company_id IS NOT NULL THEN -o.company_id END AS cust,
           o.ordered_on AS day, o.kind = 'credit_note' AS ret, o.currency AS currency,
           o.net_minor AS net, o.cost_minor AS cost
    FROM orders o
    WHERE o.deleted_at IS NULL AND o.status IN ('confirmed', 'paid') AND o.ordered_on BETWEEN ?1 AND ?2
      AND (?3 IS NULL OR o.person_id IN (SELECT id FROM people WHERE owner = ?3)
                      OR o.company_id IN (SELECT id FROM companies WHERE owner = ?3))
      AND (?4 = 0 OR o.person_id IN (SELECT id FROM temp.analytics_scope)))";

/// The parameters of [`COUNTED`] for a resolved filter.
pub(super) fn params(filter: &Resolved) -> (String, String, Option<String>) {
    let (from, to) = filter.day_bounds();
    (from, to, filter.owner.clone())
}

/// Per-currency sums, ordered by currency code.
pub(super) fn amounts(map: &BTreeMap<String, i64>) -> Vec<Amount> {
    map.iter().map(|(currency, minor)| Amount { currency: currency.clone(), minor: *minor }).collect()
}

/// `part ÷ whole`, or None when the whole is zero.
pub(super) fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64)
}

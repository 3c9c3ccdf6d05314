//! The order rows every order figure reads, and the customer key they group by.

use std::collections::BTreeMap;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

use super::board::Amount;
use super::facts;
use super::filter::Resolved;
use crate::error::AppResult;

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

/// One counted order as [`scan`] hands it over, borrowed from the row (nothing is allocated per order).
pub(super) struct Order<'a> {
    /// The customer as in [`COUNTED`]: person id, minus the company id, None for an anonymous sale.
    pub cust: Option<i64>,
    /// The local date, `YYYY-MM-DD`.
    pub day: &'a str,
    /// A return or credit note.
    pub ret: bool,
    /// Index into the currency codes [`scan`] answers.
    pub currency: usize,
    pub net: i64,
    pub cost: i64,
}

/// The bounds and filters of one [`scan`]: the parameters `?1..?4` of [`COUNTED`].
pub(super) struct Bounds<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub owner: Option<&'a str>,
    pub scoped: bool,
}

/// Hands every counted order of the bounds to `each`, oldest day first, and answers the currency codes the
/// orders' `currency` index into. Without an owner or scope filter the orders come from the months kept
/// packed in `order_facts` (see `facts`), else from the covering index `orders_counted` (migration 0043); both
/// hand over the same orders in the same order, the index's, so the figures aggregate in Rust unchanged.
pub(super) fn scan(conn: &Connection, b: &Bounds, mut each: impl FnMut(&Order)) -> AppResult<Vec<String>> {
    let mut currencies: Vec<String> = Vec::new();
    if b.owner.is_none() && !b.scoped && !facts::plain_forced() {
        facts::scan(conn, b.from, b.to, &mut currencies, &mut each)?;
    } else {
        let (from, to) = (b.from.as_bytes(), b.to.as_bytes());
        rows(conn, from, to, b.owner, b.scoped, &mut currencies, &mut each)?;
    }
    Ok(currencies)
}

/// [`COUNTED`]'s orders dated `from..=to` from the covering index, in its order. The bounds are bound as text
/// from bytes (a month's upper bound ends in a byte no UTF-8 text holds); `currencies` collects the codes.
pub(super) fn rows(
    conn: &Connection,
    from: &[u8],
    to: &[u8],
    owner: Option<&str>,
    scoped: bool,
    currencies: &mut Vec<String>,
    each: &mut dyn FnMut(&Order),
) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(&scan_sql())?;
    let (from, to) = (ToSqlOutput::Borrowed(ValueRef::Text(from)), ToSqlOutput::Borrowed(ValueRef::Text(to)));
    let mut rows = stmt.query((from, to, owner, scoped))?;
    while let Some(r) = rows.next()? {
        let currency = facts::intern(currencies, text(r.get_ref(3)?));
        let order = Order {
            cust: r.get(0)?,
            day: text(r.get_ref(1)?),
            ret: r.get(2)?,
            currency,
            net: r.get(4)?,
            cost: r.get(5)?,
        };
        each(&order);
    }
    Ok(())
}

/// The query of [`scan`]: [`COUNTED`]'s rows in date order.
fn scan_sql() -> String {
    format!("{COUNTED} SELECT cust, day, ret, currency, net, cost FROM f ORDER BY day")
}

/// A text column's value (the columns read are NOT NULL text; anything else reads as empty).
pub(super) fn text(v: ValueRef<'_>) -> &str {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
        _ => "",
    }
}

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::scan_sql;
    use crate::clock::ManualClock;
    use crate::store::Store;

    /// The scan reads the covering index alone, in its order: no table row, no temp b-tree for the sort.
    #[test]
    fn the_scan_reads_the_covering_index_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Arc::new(ManualClock::new(0))).unwrap();
        let plan = store
            .read(|conn| {
                crate::services::id_sets::reset(conn, "analytics_scope")?;
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {}", scan_sql()))?;
                let rows = stmt.query_map(("0000-01-01", "9999-12-31", None::<String>, false), |r| r.get(3))?;
                Ok(rows.collect::<Result<Vec<String>, _>>()?.join("; "))
            })
            .unwrap();
        assert!(plan.contains("USING COVERING INDEX orders_counted"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

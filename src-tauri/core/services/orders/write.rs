//! Writing a checked order and its lines: the one place that stores the totals (`totals` computes them).

use std::sync::LazyLock;

use rusqlite::{params, Connection, Statement, ToSql};

use super::totals::{self, LineTotals};
use crate::domain::{Id, OrderKind, OrderSource, OrderStatus};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::enum_str;
use crate::store::many;

/// An order header whose values were checked.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub number: String,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub original_order_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub ordered_at: i64,
    pub ordered_on: String,
    pub currency: String,
    pub country: Option<String>,
    pub note: Option<String>,
    pub source: OrderSource,
    pub import_id: Option<Id>,
}

/// A line whose values were checked; its totals are computed when the order is written.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub product_id: Option<Id>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i32,
    pub vat_rate_bp: i32,
    /// Unit cost in the order's currency, when known.
    pub unit_cost_minor: Option<i64>,
}

pub(crate) fn number_key(number: &str) -> String {
    number.trim().to_lowercase()
}

/// Whether `number` folds to `key` ([`number_key`]), without allocating for an ASCII number.
pub(crate) fn has_key(number: &str, key: &str) -> bool {
    let number = number.trim();
    match number.is_ascii() {
        true => number.len() == key.len() && number.bytes().zip(key.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b),
        false => number_key(number) == key,
    }
}

/// Each line's totals and cost, and their sums (net, vat, gross, cost).
type Computed = (Vec<Totals>, LineTotals, i64);

fn compute(lines: &[Line], first: usize) -> AppResult<Computed> {
    let mut sums = LineTotals::default();
    let mut cost = 0i64;
    let mut each = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        // The line's field is named only when it is wrong (no string per line on the import's path).
        let t = totals::line(l.quantity_milli, l.unit_price_minor, l.discount_bp, l.vat_rate_bp, "lines")
            .map_err(|e| AppError { field: Some(format!("lines.{}", first + i)), ..e })?;
        let c = l.unit_cost_minor.map(|u| totals::cost(l.quantity_milli, u));
        sums = LineTotals { net: sums.net + t.net, vat: sums.vat + t.vat, gross: sums.gross + t.gross };
        cost += c.unwrap_or(0);
        each.push((t, c));
    }
    Ok((each, sums, cost))
}

fn too_large(net: i64, gross: i64) -> AppResult<()> {
    if gross.abs() > totals::MAX_MINOR || net.abs() > totals::MAX_MINOR {
        return Err(AppError::field(ErrorCode::OutOfRange, "lines", "the order's total is too large"));
    }
    Ok(())
}

/// The columns of an order row as [`bind_order`] binds them, and of a line as [`bind_line`] binds them.
pub(super) const ORDER_COLUMNS: &str =
    "id, number, number_key, kind, status, person_id, company_id, original_order_id, \
    deal_id, ordered_at, ordered_on, currency, country, net_minor, vat_minor, gross_minor, cost_minor, note, source, \
    import_id, created_at, updated_at";
pub(super) const LINE_COLUMNS: &str = "order_id, position, product_id, description, quantity_milli, unit_price_minor, \
    discount_bp, vat_rate_bp, net_minor, vat_minor, gross_minor, cost_minor";
pub(super) const ORDER_PARAMS: usize = 22;
pub(super) const LINE_PARAMS: usize = 12;

/// One order (a number already taken inserts nothing) and one line: built once, not per call.
static INSERT_ORDER: LazyLock<String> = LazyLock::new(|| {
    format!("{} ON CONFLICT (number_key) DO NOTHING", many::insert_sql("orders", ORDER_COLUMNS, ORDER_PARAMS, 1))
});
static INSERT_LINE: LazyLock<String> = LazyLock::new(|| many::insert_sql("order_lines", LINE_COLUMNS, LINE_PARAMS, 1));

/// Binds an order row's values from parameter `at` on (1-based); `id` `None` lets SQLite choose it.
pub(super) fn bind_order(
    st: &mut Statement,
    at: usize,
    id: Option<Id>,
    head: &Head,
    sums: &Sums,
    now: i64,
) -> AppResult<()> {
    let values: [&dyn ToSql; ORDER_PARAMS] = [
        &id,
        &head.number,
        &number_key(&head.number),
        &enum_str(&head.kind),
        &enum_str(&head.status),
        &head.person_id,
        &head.company_id,
        &head.original_order_id,
        &head.deal_id,
        &head.ordered_at,
        &head.ordered_on,
        &head.currency,
        &head.country,
        &sums.totals.net,
        &sums.totals.vat,
        &sums.totals.gross,
        &sums.cost,
        &head.note,
        &enum_str(&head.source),
        &head.import_id,
        &now,
        &now,
    ];
    many::bind(st, at, &values)
}

/// Binds a line's values from parameter `at` on (1-based).
pub(super) fn bind_line(
    st: &mut Statement,
    at: usize,
    order: Id,
    position: usize,
    l: &Line,
    t: &Totals,
) -> AppResult<()> {
    let values: [&dyn ToSql; LINE_PARAMS] = [
        &order,
        &(position as i64),
        &l.product_id,
        &l.description,
        &l.quantity_milli,
        &l.unit_price_minor,
        &l.discount_bp,
        &l.vat_rate_bp,
        &t.0.net,
        &t.0.vat,
        &t.0.gross,
        &t.1,
    ];
    many::bind(st, at, &values)
}

/// An order's sums: its lines' totals added up, and their cost.
pub(super) struct Sums {
    pub totals: LineTotals,
    pub cost: i64,
}

/// A line's totals and cost.
pub(super) type Totals = (LineTotals, Option<i64>);

/// Each line's totals, and the order's sums, checked against the largest total.
pub(super) fn checked(lines: &[Line]) -> AppResult<(Vec<Totals>, Sums)> {
    let (each, totals, cost) = compute(lines, 0)?;
    too_large(totals.net, totals.gross)?;
    Ok((each, Sums { totals, cost }))
}

/// Inserts the order and its lines, with totals per line and their sums on the order. A number already
/// taken is a `Duplicate` on `number`.
pub(crate) fn insert(tx: &Connection, head: &Head, lines: &[Line], now: i64) -> AppResult<Id> {
    let (each, sums) = checked(lines)?;
    // No RETURNING: SQLite collects returned rows in a temporary b-tree, opened and closed per statement. A
    // number already taken inserts nothing (the change count is 0); otherwise the new row's id is the
    // connection's last insert rowid (triggers' inserts do not change it once they are done).
    let mut st = tx.prepare_cached(&INSERT_ORDER)?;
    bind_order(&mut st, 1, None, head, &sums, now)?;
    if st.raw_execute()? == 0 {
        return Err(AppError::field(
            ErrorCode::Duplicate,
            "number",
            format!("an order numbered \"{}\" exists", head.number),
        ));
    }
    let id = tx.last_insert_rowid();
    put_lines(tx, id, 0, lines, each)?;
    Ok(id)
}

/// Adds lines after the `first` ones an order has, and their amounts to its totals (an import whose
/// invoice's lines are not next to each other in the file).
pub(crate) fn append(tx: &Connection, id: Id, first: usize, lines: &[Line], now: i64) -> AppResult<()> {
    let (each, sums, cost) = compute(lines, first)?;
    let (net, gross): (i64, i64) = tx
        .prepare_cached("SELECT net_minor, gross_minor FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    too_large(net + sums.net, gross + sums.gross)?;
    tx.prepare_cached(
        "UPDATE orders SET net_minor = net_minor + ?1, vat_minor = vat_minor + ?2, gross_minor = gross_minor + ?3,
         cost_minor = cost_minor + ?4, updated_at = ?5 WHERE id = ?6",
    )?
    .execute(params![sums.net, sums.vat, sums.gross, cost, now, id])?;
    put_lines(tx, id, first, lines, each)
}

fn put_lines(tx: &Connection, id: Id, first: usize, lines: &[Line], each: Vec<Totals>) -> AppResult<()> {
    let mut put = tx.prepare_cached(&INSERT_LINE)?;
    for (i, (l, t)) in lines.iter().zip(each).enumerate() {
        bind_line(&mut put, 1, id, first + i, l, &t)?;
        put.raw_execute()?;
    }
    Ok(())
}

//! Reading orders back: one with its lines, a customer's list, and what a customer spent.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::domain::{CurrencyTotal, Id, Order, OrderLine, PurchaseSummary, VatRateTotal};
use crate::error::{AppError, AppResult};
use crate::services::records::parse_enum;

const COLUMNS: &str = concat!(
    "o.id, o.number, o.kind, o.status, p.id, ",
    crate::person_display_name!("p"),
    ", c.id, c.name, o.original_order_id, o.deal_id, o.ordered_at, o.ordered_on, o.currency, o.country,
    o.net_minor, o.vat_minor, o.gross_minor, o.cost_minor, o.note, o.source,
    (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id), o.created_at, o.updated_at"
);
const FROM: &str = "orders o LEFT JOIN people p ON p.id = o.person_id AND p.deleted_at IS NULL
    LEFT JOIN companies c ON c.id = o.company_id AND c.deleted_at IS NULL";

/// Whose orders a list shows: a person's, and a company's (its own and those of its people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
}

pub(crate) fn order(conn: &Connection, id: Id) -> AppResult<Order> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?1 AND o.deleted_at IS NULL");
    let order = conn.prepare_cached(&sql)?.query_row([id], from_row).optional()?;
    let mut order = order.ok_or_else(|| AppError::not_found("order", id))?;
    order.lines = lines(conn, id)?;
    order.vat_rates = vat_rates(&order.lines);
    Ok(order)
}

/// Newest first, without their lines (`line_count` says how many).
pub(crate) fn list(conn: &Connection, filter: Filter) -> AppResult<Vec<Order>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.deleted_at IS NULL
         AND (?1 IS NULL OR o.person_id = ?1)
         AND (?2 IS NULL OR o.company_id = ?2 OR o.person_id IN (SELECT id FROM people WHERE company_id = ?2))
         ORDER BY o.ordered_at DESC, o.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([filter.person_id, filter.company_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Totals per currency (credit notes subtract, cancelled orders are left out), the number of orders and
/// invoices, and the date of the last one.
pub(crate) fn summary(conn: &Connection, filter: Filter) -> AppResult<PurchaseSummary> {
    let scope = "deleted_at IS NULL AND status <> 'cancelled'
        AND (?1 IS NULL OR person_id = ?1)
        AND (?2 IS NULL OR company_id = ?2 OR person_id IN (SELECT id FROM people WHERE company_id = ?2))";
    let args = [filter.person_id, filter.company_id];
    let totals = conn
        .prepare_cached(&format!(
            "SELECT currency, SUM(net_minor), SUM(gross_minor) FROM orders WHERE {scope} GROUP BY currency ORDER BY currency"
        ))?
        .query_map(args, |r| Ok(CurrencyTotal { currency: r.get(0)?, net_minor: r.get(1)?, gross_minor: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let (order_count, last_ordered_on) = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*), MAX(ordered_on) FROM orders WHERE {scope} AND kind <> 'credit_note'"
        ))?
        .query_row(args, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(PurchaseSummary { totals, order_count, last_ordered_on })
}

/// Net and VAT per rate, from the lines' stored (rounded) amounts, so they add up to the order's totals.
fn vat_rates(lines: &[OrderLine]) -> Vec<VatRateTotal> {
    let mut by_rate = std::collections::BTreeMap::<i32, (i64, i64)>::new();
    for l in lines {
        let sums = by_rate.entry(l.vat_rate_bp).or_default();
        *sums = (sums.0 + l.net_minor, sums.1 + l.vat_minor);
    }
    by_rate
        .into_iter()
        .map(|(vat_rate_bp, (net_minor, vat_minor))| VatRateTotal { vat_rate_bp, net_minor, vat_minor })
        .collect()
}

fn lines(conn: &Connection, id: Id) -> AppResult<Vec<OrderLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.position, l.product_id, p.sku, l.description, l.quantity_milli, l.unit_price_minor,
                l.discount_bp, l.vat_rate_bp, l.net_minor, l.vat_minor, l.gross_minor, l.cost_minor
         FROM order_lines l LEFT JOIN products p ON p.id = l.product_id
         WHERE l.order_id = ?1 ORDER BY l.position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(OrderLine {
            id: r.get(0)?,
            position: r.get(1)?,
            product_id: r.get(2)?,
            sku: r.get(3)?,
            description: r.get(4)?,
            quantity_milli: r.get(5)?,
            unit_price_minor: r.get(6)?,
            discount_bp: r.get(7)?,
            vat_rate_bp: r.get(8)?,
            net_minor: r.get(9)?,
            vat_minor: r.get(10)?,
            gross_minor: r.get(11)?,
            cost_minor: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn from_row(r: &Row) -> rusqlite::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: parse_enum(&r.get::<_, String>(2)?)?,
        status: parse_enum(&r.get::<_, String>(3)?)?,
        person_id: r.get(4)?,
        person_name: r.get(5)?,
        company_id: r.get(6)?,
        company_name: r.get(7)?,
        original_order_id: r.get(8)?,
        deal_id: r.get(9)?,
        ordered_at: r.get(10)?,
        ordered_on: r.get(11)?,
        currency: r.get(12)?,
        country: r.get(13)?,
        net_minor: r.get(14)?,
        vat_minor: r.get(15)?,
        gross_minor: r.get(16)?,
        cost_minor: r.get(17)?,
        note: r.get(18)?,
        source: parse_enum(&r.get::<_, String>(19)?)?,
        line_count: r.get(20)?,
        lines: Vec::new(),
        vat_rates: Vec::new(),
        created_at: r.get(21)?,
        updated_at: r.get(22)?,
    })
}

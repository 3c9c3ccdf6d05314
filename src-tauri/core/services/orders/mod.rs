//! Products and orders (issue 17): products with list prices per currency, cost and VAT category; orders,
//! invoices and credit notes with lines whose totals are computed here (`totals`, rounding per line); the
//! EU VAT table (`vat_table`, looked up by `vat`); a deal turned into an order; and the import of order
//! lines from shop and ERP exports (`import`). Every write lands in the `products`, `product_prices`,
//! `orders` and `order_lines` tables, which the store reports as `Topic::Order`.

mod bulk;
mod check;
mod from_deal;
pub mod import;
mod load;
pub mod products;
pub mod timeline;
pub mod totals;
pub mod vat;
pub mod vat_table;
pub mod when;
mod write;

pub use check::MAX_QUANTITY_MILLI;
pub use from_deal::from_deal;
pub use load::Filter;

use crate::clock::system_zone;
use crate::domain::{AuditAction, Entity, Id, Order, OrderInput, OrderSource, OrderStatus, PurchaseSummary};
use crate::error::{AppError, AppResult};
use crate::store::Store;

/// Checks and writes an order with its lines, in one transaction. Dates without an offset are read in
/// the system's time zone.
pub fn create(store: &Store, input: OrderInput) -> AppResult<Order> {
    create_in(store, input, system_zone())
}

/// `create`, reading dates without an offset in `zone`.
pub fn create_in(store: &Store, input: OrderInput, zone: chrono_tz::Tz) -> AppResult<Order> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let (head, lines) = check::order(tx, &input, now, zone, OrderSource::Manual)?;
        let id = write::insert(tx, &head, &lines, now)?;
        load::order(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Order> {
    store.read(|conn| load::order(conn, id))
}

/// The live orders of a person and/or company (all when the filter is empty), newest first, without
/// their lines.
pub fn list(store: &Store, filter: Filter) -> AppResult<Vec<Order>> {
    store.read(|conn| load::list(conn, filter))
}

pub fn summary(store: &Store, filter: Filter) -> AppResult<PurchaseSummary> {
    store.read(|conn| load::summary(conn, filter))
}

/// Changes a live order's status (a draft confirmed, an order paid or cancelled). The audit trigger records
/// the change as an update of `status`.
pub fn set_status(store: &Store, id: Id, status: OrderStatus) -> AppResult<Order> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        tx.prepare_cached(
            "UPDATE orders SET status = ?1, updated_at = ?2 WHERE id = ?3 AND deleted_at IS NULL AND status <> ?1",
        )?
        .execute(rusqlite::params![crate::services::records::enum_str(&status), now, id])?;
        load::order(tx, id)
    })
}

/// Moves an order to the trash (`deleted_at`, as every record): it leaves lists, totals and analytics, and
/// the Trash page lists it (`trash::restore` and `trash::purge` take `Entity::Order`).
pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let n = tx
            .prepare_cached("UPDATE orders SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NULL")?
            .execute([now, id])?;
        match n {
            0 => Err(AppError::not_found("order", id)),
            _ => Ok(()),
        }
    })
}

/// Brings a deleted order back, with a `restore` entry in the audit trail (as `trash::restore` writes).
pub fn restore(store: &Store, id: Id) -> AppResult<Order> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let n = tx
            .prepare_cached(
                "UPDATE orders SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL",
            )?
            .execute([now, id])?;
        match n {
            0 => Err(AppError::not_found("deleted order", id)),
            _ => {
                crate::services::audit::record(tx, now, AuditAction::Restore, Some(Entity::Order), Some(id), &[])?;
                load::order(tx, id)
            }
        }
    })
}

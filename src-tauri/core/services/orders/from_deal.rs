//! A deal turned into an order: one line with the deal's title and value (read as the net amount), for
//! the deal's person and company, in the deal's currency, VAT at the customer's country's standard rate.

use rusqlite::OptionalExtension;

use super::{check, load, write};
use crate::clock::system_zone;
use crate::domain::{DealStatus, Id, Order, OrderInput, OrderLineInput, OrderSource};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::deals;
use crate::store::Store;

/// Refused for a lost deal, and for a deal that already has an order (the error names that order).
pub fn from_deal(store: &Store, deal_id: Id) -> AppResult<Order> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let deal = deals::load(tx, deal_id)?;
        if deal.status == DealStatus::Lost {
            return Err(AppError::new(ErrorCode::Conflict, format!("deal {deal_id} is lost: there is nothing to order")));
        }
        let existing: Option<String> = tx
            .prepare_cached("SELECT number FROM orders WHERE deal_id = ?1 AND deleted_at IS NULL")?
            .query_row([deal_id], |r| r.get(0))
            .optional()?;
        if let Some(number) = existing {
            return Err(AppError::new(ErrorCode::Conflict, format!("deal {deal_id} already has order {number}")));
        }
        let country: Option<String> = tx
            .prepare_cached(
                "SELECT COALESCE((SELECT country FROM people WHERE id = ?1), (SELECT country FROM companies WHERE id = ?2))",
            )?
            .query_row(rusqlite::params![deal.person_id, deal.company_id], |r| r.get(0))?;
        let input = OrderInput {
            person_id: deal.person_id,
            company_id: deal.company_id,
            currency: deal.currency.clone(),
            country,
            lines: vec![OrderLineInput {
                description: Some(deal.title.clone()),
                quantity_milli: 1000,
                unit_price_minor: Some(deal.value_minor),
                ..Default::default()
            }],
            ..Default::default()
        };
        let (mut head, lines) = check::order(tx, &input, now, system_zone(), OrderSource::Deal)?;
        head.deal_id = Some(deal_id);
        let id = write::insert(tx, &head, &lines, now)?;
        load::order(tx, id)
    })
}

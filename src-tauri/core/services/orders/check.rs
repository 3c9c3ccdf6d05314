//! Checking an order as entered: customer links, the date, currency and country, and each line (its
//! product's name, list price and VAT category fill what the line leaves out).

use rusqlite::Connection;

use super::products;
use super::vat;
use super::when::{self, DayOrder};
use super::write::{Head, Line};
use crate::domain::{Entity, Id, OrderInput, OrderKind, OrderLineInput, OrderSource, VatCategory};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use crate::services::{people, records, settings};

/// The largest quantity of a line, in thousandths (a billion units).
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000_000;

pub(crate) fn order(
    tx: &Connection,
    input: &OrderInput,
    now_ms: i64,
    zone: chrono_tz::Tz,
    source: OrderSource,
) -> AppResult<(Head, Vec<Line>)> {
    let app = settings::load(tx)?;
    let number = match input.number.trim() {
        "" => next_number(tx)?,
        n => v::text("number", n, SHORT_MAX)?,
    };
    let currency = match input.currency.trim() {
        "" => app.default_currency.clone(),
        c => v::currency("currency", c)?,
    };
    let country = match v::optional_with("country", input.country.as_deref(), v::country)? {
        Some(c) => Some(c),
        None => people::app_region(&app),
    };
    records::check_link(tx, Entity::Person, "person_id", input.person_id)?;
    records::check_link(tx, Entity::Company, "company_id", input.company_id)?;
    let (ordered_at, ordered_on) = match input.ordered_at.as_deref().map(str::trim) {
        None | Some("") => when::at(now_ms.div_euclid(1000), zone),
        Some(t) => when::moment(t, zone, DayOrder::DayFirst).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidDate, "ordered_at", format!("\"{t}\" is not a date and time"))
        })?,
    };
    let original_order_id = match input.original_order_id {
        None => None,
        Some(_) if input.kind != OrderKind::CreditNote => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "original_order_id",
                "only a credit note links to the order it reverses",
            ))
        }
        Some(id) => Some(original(tx, id, &currency)?),
    };
    if input.lines.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "lines", "an order needs at least one line"));
    }
    let lines = input
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| line(tx, i, l, input.kind, &currency, country.as_deref(), &ordered_on))
        .collect::<AppResult<Vec<_>>>()?;
    let head = Head {
        number,
        kind: input.kind,
        status: input.status,
        person_id: input.person_id,
        company_id: input.company_id,
        original_order_id,
        deal_id: None,
        ordered_at,
        ordered_on,
        currency,
        country,
        note: v::optional("note", input.note.as_deref(), TEXT_MAX)?,
        source,
        import_id: None,
    };
    Ok((head, lines))
}

/// The order a credit note reverses: live, and in the same currency.
fn original(tx: &Connection, id: Id, currency: &str) -> AppResult<Id> {
    let found: Option<String> = tx
        .prepare_cached("SELECT currency FROM orders WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |r| r.get(0))
        .ok();
    match found {
        None => Err(AppError::field(ErrorCode::NotFound, "original_order_id", format!("order {id} does not exist"))),
        Some(c) if c != currency => Err(AppError::field(
            ErrorCode::InvalidValue,
            "original_order_id",
            format!("order {id} is in {c}, the credit note in {currency}"),
        )),
        Some(_) => Ok(id),
    }
}

fn line(
    tx: &Connection,
    i: usize,
    l: &OrderLineInput,
    kind: OrderKind,
    currency: &str,
    country: Option<&str>,
    date: &str,
) -> AppResult<Line> {
    let f = |name: &str| format!("lines.{i}.{name}");
    let product = match l.product_id {
        Some(id) => Some(products::line_defaults(tx, id, currency)?.ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, f("product_id"), format!("product {id} does not exist"))
        })?),
        None => None,
    };
    let description = match (l.description.as_deref().map(str::trim), &product) {
        (Some(d), _) if !d.is_empty() => v::text(&f("description"), d, NAME_MAX)?,
        (_, Some(p)) => p.name.clone(),
        _ => {
            return Err(AppError::field(
                ErrorCode::Required,
                f("description"),
                "a line without a product needs a description",
            ))
        }
    };
    v::range(&f("quantity_milli"), l.quantity_milli, -MAX_QUANTITY_MILLI, MAX_QUANTITY_MILLI)?;
    match (kind, l.quantity_milli) {
        (_, 0) => {
            return Err(AppError::field(ErrorCode::OutOfRange, f("quantity_milli"), "a line's quantity cannot be 0"))
        }
        (OrderKind::CreditNote, q) if q > 0 => {
            return Err(AppError::field(
                ErrorCode::OutOfRange,
                f("quantity_milli"),
                "a credit note's lines have negative quantities",
            ))
        }
        _ => {}
    }
    let unit_price_minor = match (l.unit_price_minor, product.as_ref().and_then(|p| p.price_minor)) {
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => {
            return Err(AppError::field(
                ErrorCode::Required,
                f("unit_price_minor"),
                format!("the line needs a unit price (the product has no list price in {currency})"),
            ))
        }
    };
    v::range(&f("unit_price_minor"), unit_price_minor, 0, super::totals::MAX_MINOR)?;
    v::range(&f("discount_bp"), l.discount_bp.into(), 0, 10_000)?;
    let vat_rate_bp = match l.vat_rate_bp {
        Some(r) => {
            v::range(&f("vat_rate_bp"), r.into(), 0, 10_000)?;
            r
        }
        None => {
            let category = product.as_ref().map_or(VatCategory::Standard, |p| p.vat_category);
            country.and_then(|c| vat::rate_or_standard(c, category, date)).unwrap_or(0) as i32
        }
    };
    Ok(Line {
        product_id: l.product_id,
        description,
        quantity_milli: l.quantity_milli,
        unit_price_minor,
        discount_bp: l.discount_bp,
        vat_rate_bp,
        unit_cost_minor: product.and_then(|p| p.cost_minor),
    })
}

/// "O" and the next order id, six digits at least ("O000042"). In a team workspace the desktop's own tag
/// follows ("O000042-5F3A9C", from its sync node id): orders travel by number, and two desktops numbering
/// offline must not give two orders one number.
pub(crate) fn next_number(tx: &Connection) -> AppResult<String> {
    let next: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM orders", [], |r| r.get(0))?;
    let sync = crate::store::sync::outbox::state(tx)?;
    Ok(match sync.node.filter(|_| sync.capture) {
        Some(node) => {
            let tag: String = node.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
            format!("O{next:06}-{}", tag.to_uppercase())
        }
        None => format!("O{next:06}"),
    })
}

//! One row of an order-lines import read into an `ImportLine` (the orders service groups and writes them).

use std::cell::RefCell;

use chrono_tz::Tz;

use super::columns::Cells;
use super::source::RowSource;
use super::types::{ImportEntity, ImportOptions};
use super::values;
use crate::domain::{money, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::countries;
use crate::services::orders::import::{ImportLine, OrderBatch};
use crate::services::orders::when::{self, DayOrder};
use crate::services::orders::MAX_QUANTITY_MILLI;
use crate::services::validate as v;

/// How this file's cells are read.
pub struct Reading {
    pub zone: Tz,
    pub day_order: DayOrder,
    pub currency: String,
    /// The last date cell read and its moment: the lines of an invoice repeat their date.
    last_date: RefCell<Option<(String, i64, String)>>,
}

impl Reading {
    /// `when::moment` of a date cell, remembered for the next line with the same cell.
    fn moment(&self, date: &str) -> Option<(i64, String)> {
        let mut last = self.last_date.borrow_mut();
        if let Some((_, at, on)) = last.as_ref().filter(|(cell, ..)| cell == date) {
            return Some((*at, on.clone()));
        }
        let (at, on) = when::moment(date, self.zone, self.day_order)?;
        *last = Some((date.to_string(), at, on.clone()));
        Some((at, on))
    }
}

pub fn line(cells: &Cells, r: &Reading) -> AppResult<ImportLine> {
    let number = integral(cells.get("number").ok_or_else(|| required("number", "the line has no invoice number"))?);
    let quantity = cells.get("quantity").ok_or_else(|| required("quantity", "the line has no quantity"))?;
    let quantity_milli = scaled(quantity, 3)
        .filter(|q| *q != 0 && q.abs() <= MAX_QUANTITY_MILLI)
        .ok_or_else(|| bad("quantity", format!("\"{quantity}\" is not a quantity")))?;
    let currency = match cells.get("currency") {
        Some(c) => v::currency("currency", c)?,
        None => r.currency.clone(),
    };
    let price = cells.get("unit_price").ok_or_else(|| required("unit_price", "the line has no unit price"))?;
    let unit_price_minor = scaled(price, money::exponent(&currency))
        .ok_or_else(|| bad("unit_price", format!("\"{price}\" is not an amount")))?;
    if unit_price_minor < 0 {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "unit_price",
            format!("a unit price cannot be negative ({price}): a return has a negative quantity"),
        ));
    }
    let date = cells.get("ordered_at").ok_or_else(|| required("ordered_at", "the line has no date"))?;
    let (ordered_at, ordered_on) = r.moment(date).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, "ordered_at", format!("\"{date}\" is not a date and time"))
    })?;
    let vat_rate_bp = cells.get("vat_rate").map(vat_rate).transpose()?.unwrap_or(0);
    Ok(ImportLine {
        number,
        sku: cells.get("sku").map(integral),
        description: cells.string("description"),
        quantity_milli,
        unit_price_minor,
        vat_rate_bp,
        ordered_at,
        ordered_on,
        customer: cells.get("customer_id").map(integral),
        email: cells.string("email"),
        country: cells.get("country").and_then(countries::code).map(str::to_string),
        currency,
    })
}

/// The orders side of an import of `options.entity == Orders`: the store's products and customers, and
/// how the file's dates are read (the time zone, and the day order that the first date naming a day above
/// 12 tells; day first when none does).
pub fn prepare(
    tx: &rusqlite::Connection,
    options: &ImportOptions,
    batch: Id,
    now: i64,
    default_currency: &str,
    dates: impl FnOnce() -> AppResult<Option<DayOrder>>,
) -> AppResult<Option<(OrderBatch, Reading)>> {
    if options.entity != ImportEntity::Orders {
        return Ok(None);
    }
    let zone = zone(options)?;
    let currency = match options.currency.as_deref().map(str::trim) {
        None | Some("") => default_currency.to_string(),
        Some(c) => v::currency("currency", c)?,
    };
    let day_order = dates()?.unwrap_or(DayOrder::DayFirst);
    let orders = OrderBatch::load(tx, batch, now, options.anonymous)?;
    Ok(Some((orders, Reading { zone, day_order, currency, last_date: RefCell::new(None) })))
}

/// The time zone of the file's times without an offset: the import's `timezone`, else the system's.
pub fn zone(options: &ImportOptions) -> AppResult<Tz> {
    match options.timezone.as_deref().map(str::trim) {
        None | Some("") => Ok(crate::clock::system_zone()),
        Some(tz) => tz.parse::<Tz>().map_err(|_| {
            AppError::field(
                ErrorCode::InvalidValue,
                "timezone",
                format!("\"{tz}\" is not an IANA time zone (like Europe/Amsterdam)"),
            )
        }),
    }
}

/// The day order the date column tells (see `when::tells_order`), reading the file until a date says it; none
/// when the first date is written year first (the file's dates are ISO).
pub fn day_order(src: &mut dyn RowSource, column: Option<usize>) -> AppResult<Option<DayOrder>> {
    let Some(column) = column else { return Ok(None) };
    let mut cells = Vec::new();
    while src.next_row(&mut cells)?.is_some() {
        let Some(cell) = cells.get(column).map(|c| c.trim()).filter(|c| !c.is_empty()) else { continue };
        if when::year_first(cell) {
            return Ok(None);
        }
        if let Some(order) = when::tells_order(cell) {
            return Ok(Some(order));
        }
    }
    Ok(None)
}

fn required(field: &str, message: &str) -> AppError {
    AppError::field(ErrorCode::Required, field, message)
}

fn bad(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

/// A number a spreadsheet stored as a float, read as the integer it is: "13607.0" -> "13607". Anything
/// else stays as written.
pub fn integral(s: &str) -> String {
    let s = s.trim();
    match s.split_once('.') {
        Some((whole, zeros))
            if !whole.is_empty()
                && whole.trim_start_matches('-').chars().all(|c| c.is_ascii_digit())
                && !zeros.is_empty()
                && zeros.chars().all(|c| c == '0') =>
        {
            whole.to_string()
        }
        _ => s.to_string(),
    }
}

/// A decimal as an integer of `digits` decimals, rounded half away from zero ("2.555", 2 -> 256):
/// shops export unit prices with more decimals than the currency has.
pub fn scaled(s: &str, digits: u32) -> Option<i64> {
    let text = values::decimal_text(s)?;
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, &*text),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if whole.len() > 15 {
        return None;
    }
    let exact = &fraction[..fraction.len().min(18)];
    let value = whole.bytes().chain(exact.bytes()).fold(0i128, |n, d| n * 10 + i128::from(d - b'0'));
    let shift = exact.len() as i32 - digits as i32;
    let scaled = match shift {
        s if s <= 0 => value * 10i128.pow((-s) as u32),
        s => crate::services::orders::totals::div_round(value, 10i128.pow(s as u32)),
    };
    let signed = if negative { -scaled } else { scaled };
    i64::try_from(signed).ok()
}

/// A VAT rate column: a percentage ("21", "21%", "9,5"), or a fraction below 1 ("0.21").
fn vat_rate(s: &str) -> AppResult<i32> {
    let text = s.trim().trim_end_matches('%').trim();
    let n = values::number(text).filter(|n| (0.0..=100.0).contains(n));
    let n = n.ok_or_else(|| bad("vat_rate", format!("\"{s}\" is not a VAT rate")))?;
    let percent = if n < 1.0 && n > 0.0 { n * 100.0 } else { n };
    Ok((percent * 100.0).round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_and_rounded_prices() {
        assert_eq!(integral("13607.0"), "13607");
        assert_eq!(integral("13607.00"), "13607");
        assert_eq!(integral("13607.5"), "13607.5");
        assert_eq!(integral("85123A"), "85123A");
        assert_eq!(integral(".0"), ".0");
        assert_eq!(scaled("2.55", 2), Some(255));
        assert_eq!(scaled("2,555", 2), Some(256));
        assert_eq!(scaled("-2.555", 2), Some(-256));
        assert_eq!(scaled("0.001", 2), Some(0));
        assert_eq!(scaled("6", 3), Some(6000));
        assert_eq!(scaled("-1.5", 3), Some(-1500));
        assert_eq!(scaled("abc", 2), None);
        assert_eq!(scaled(".5", 2), Some(50));
        assert_eq!(scaled("5.", 2), Some(500));
        assert_eq!(scaled(" 12.345 ", 2), Some(1235));
        assert_eq!(scaled("1.234,50", 2), Some(123450));
        assert_eq!(scaled("€ -3", 2), Some(-300));
        assert_eq!(scaled("1.2.3", 2), Some(12300), "points as thousands separators, as values::number reads them");
        assert_eq!(scaled("-", 2), None);
        assert_eq!(scaled(".", 2), None);
        assert_eq!(scaled("1234567890123456", 0), None);
        assert_eq!(scaled("0.1234567890123456789", 2), Some(12));
        assert_eq!(vat_rate("21%").unwrap(), 2100);
        assert_eq!(vat_rate("0.09").unwrap(), 900);
        assert_eq!(vat_rate("9,5").unwrap(), 950);
    }
}

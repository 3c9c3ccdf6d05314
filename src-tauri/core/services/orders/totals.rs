//! Line and order totals in minor units, computed once, here.
//!
//! The rounding rule (docs/orders.md): per line,
//! `net = round(quantity_milli × unit_price_minor × (10000 − discount_bp) / 10⁷)` and
//! `vat = round(net × vat_rate_bp / 10⁴)`, `gross = net + vat`, each rounded half away from zero in exact
//! integer arithmetic (so a return line is exactly the negative of the line it returns). An order's
//! totals are the sums of its lines' rounded amounts: the VAT is rounded per line, never on the total.

use crate::error::{AppError, AppResult, ErrorCode};

/// The largest amount a JavaScript number holds exactly (totals cross IPC as numbers).
pub const MAX_MINOR: i64 = (1 << 53) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineTotals {
    pub net: i64,
    pub vat: i64,
    pub gross: i64,
}

/// `num / den` rounded half away from zero; `den` > 0.
pub fn div_round(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

/// A line's amounts; `field` names the line in the error when they do not fit.
pub fn line(
    quantity_milli: i64,
    unit_price_minor: i64,
    discount_bp: i32,
    vat_rate_bp: i32,
    field: &str,
) -> AppResult<LineTotals> {
    let net = div_round(
        i128::from(quantity_milli) * i128::from(unit_price_minor) * i128::from(10_000 - discount_bp),
        10_000_000,
    );
    let vat = div_round(net * i128::from(vat_rate_bp), 10_000);
    let fits = |v: i128| v.abs() <= i128::from(MAX_MINOR);
    if !fits(net) || !fits(net + vat) {
        return Err(AppError::field(ErrorCode::OutOfRange, field, "the line's amount is too large"));
    }
    Ok(LineTotals { net: net as i64, vat: vat as i64, gross: (net + vat) as i64 })
}

/// The cost of goods of a line: the unit cost times the quantity, rounded like the net amount.
pub fn cost(quantity_milli: i64, unit_cost_minor: i64) -> i64 {
    let v = div_round(i128::from(quantity_milli) * i128::from(unit_cost_minor), 1000);
    v.clamp(i128::from(-MAX_MINOR), i128::from(MAX_MINOR)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-15, 10), -2);
        assert_eq!(div_round(14, 10), 1);
    }
}

//! Counts as the 32-bit integers the IPC types carry (specta refuses 64-bit ones). `n as i32` wraps a count
//! past `i32::MAX` into a negative number; these either refuse it or saturate, and each caller says why.

use crate::error::{AppError, AppResult, ErrorCode};

/// `n`, or an `InvalidValue` error naming `what` when it does not fit: for a count that is stored or
/// computed on, where a wrong number would be worse than no result (nothing has been written yet).
pub fn checked_i32(n: usize, what: &str) -> AppResult<i32> {
    i32::try_from(n)
        .map_err(|_| AppError::new(ErrorCode::InvalidValue, format!("too many {what}: {n} is more than {}", i32::MAX)))
}

/// `n`, or `i32::MAX` when it does not fit: for a count only reported, after the work it counts is done.
/// Counts are never negative, so a value out of range is always one too large.
pub fn saturating_i32(n: impl TryInto<i32>) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// `n`, or `u32::MAX` when it does not fit; see [`saturating_i32`].
pub fn saturating_u32(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_that_fit_pass_and_larger_ones_are_refused_or_saturate() {
        assert_eq!(checked_i32(41, "leads").unwrap(), 41);
        assert_eq!(checked_i32(i32::MAX as usize, "leads").unwrap(), i32::MAX);
        let e = checked_i32(i32::MAX as usize + 1, "leads").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidValue);
        assert_eq!(e.message, "too many leads: 2147483648 is more than 2147483647");
        assert_eq!(
            (saturating_i32(7usize), saturating_i32(u64::MAX), saturating_i32(1i64 << 40)),
            (7, i32::MAX, i32::MAX)
        );
        assert_eq!(
            (saturating_u32(7usize), saturating_u32(usize::MAX), saturating_u32(u128::MAX)),
            (7, u32::MAX, u32::MAX)
        );
    }
}

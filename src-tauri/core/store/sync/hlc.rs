//! The hybrid logical clock that stamps every recorded change: one 64-bit integer, the physical time in
//! milliseconds shifted left by 16 bits plus a counter. A stamp is always above the previous one and above
//! any stamp seen in a pull, so causally later edits compare later even when clocks disagree. Ties between
//! desktops are broken by the node id (`sync_state.node`), so every desktop and the server order two
//! stamps the same way.

/// Counter bits below the milliseconds.
pub const SHIFT: u32 = 16;

/// Advances this desktop's clock for a change written at `{ms}` (the row's own updated_at, which services
/// set from the injected clock), only while changes are recorded.
pub(crate) const HLC_BUMP_SQL: &str = "UPDATE sync_state SET hlc = max(hlc + 1, COALESCE({ms}, 0) * 65536)
    WHERE id = 1 AND capture = 1 AND applying = 0;";

/// True while local writes are recorded: this desktop is in a team and is not applying a pull.
pub(crate) const LOGGING_SQL: &str = "(SELECT capture = 1 AND applying = 0 FROM sync_state WHERE id = 1)";

/// The stamp a physical time starts at.
pub fn from_millis(ms: i64) -> i64 {
    ms.saturating_mul(1 << SHIFT)
}

/// The physical milliseconds of a stamp.
pub fn millis(hlc: i64) -> i64 {
    hlc >> SHIFT
}

/// Whether change (a_hlc, a_node) wins over (b_hlc, b_node): the later stamp, then the greater node id.
pub fn wins(a_hlc: i64, a_node: &str, b_hlc: i64, b_node: &str) -> bool {
    (a_hlc, a_node) > (b_hlc, b_node)
}

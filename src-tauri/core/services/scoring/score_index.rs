//! The `people_score` index during a full rescore. When most leads get a new score, updating the index
//! entry of each (a delete and an insert at a random place in the B-tree) costs more than dropping the index
//! before the writes and building it again afterwards in one sorted pass (`store::set_aside`). Both happen
//! inside the rescore's write transaction, so a failure or a cancel rolls the drop back with the scores: the
//! store never commits without the index.

use rusqlite::Connection;

use crate::error::AppResult;
use crate::store::set_aside::SetAside;

const INDEX: &str = "people_score";

/// Whether the writes are worth a rebuild: the share of leads that changed in the first range read, applied
/// to every lead, is at least a quarter of the people rows the rebuild has to scan.
pub fn worth_rebuilding(first_changed: usize, first_leads: usize, total_leads: usize, people_rows: i64) -> bool {
    if first_leads == 0 || first_changed * 2 < first_leads {
        return false;
    }
    let expected = (first_changed as f64 / first_leads as f64) * total_leads as f64;
    expected * 4.0 >= people_rows as f64
}

/// Drops the index until [`SetAside::rebuild`], in the same transaction.
pub fn drop(tx: &Connection) -> AppResult<SetAside> {
    SetAside::named(tx, INDEX)
}

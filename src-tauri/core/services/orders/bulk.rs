//! Orders written many to a statement, for an import: each `INSERT` statement SQLite runs has a fixed cost
//! (its statement journal, because the tables have triggers; the CHECK lists; the end of the statement)
//! that one row of a few hundred bytes does not repay. An import's orders are collected here, with their
//! ids chosen as SQLite would (the highest id plus one, counting up: nothing else writes orders in the
//! import's transaction), and written 64 to a statement, their lines after them. The totals are computed
//! and checked when an order is added, so a wrong line is still reported at the row that completed it.

use rusqlite::Connection;

use super::write::{self, Head, Line, Sums, Totals, LINE_COLUMNS, LINE_PARAMS, ORDER_COLUMNS, ORDER_PARAMS};
use crate::domain::Id;
use crate::error::AppResult;

/// Rows to a statement, largest first: a remainder goes in smaller statements (each size is one cached
/// statement), so a write never prepares a statement of a new shape.
const CHUNKS: [usize; 3] = [64, 8, 1];

pub(crate) struct Bulk {
    next_id: Id,
    orders: Vec<(Id, Head, Sums)>,
    /// (order id, position, line, its totals)
    lines: Vec<(Id, usize, Line, Totals)>,
}

impl Bulk {
    pub fn new(tx: &Connection) -> AppResult<Bulk> {
        let next_id = tx.query_row("SELECT COALESCE(max(id), 0) + 1 FROM orders", [], |r| r.get(0))?;
        Ok(Bulk { next_id, orders: Vec::new(), lines: Vec::new() })
    }

    /// Takes an order whose number is new to the store and to this import; returns the id it will have.
    /// Its totals are checked here (`write::checked`); it is written by a later `add` or by `write`.
    pub fn add(&mut self, tx: &Connection, head: Head, lines: Vec<Line>, now: i64) -> AppResult<Id> {
        let (each, sums) = write::checked(&lines, now)?;
        let id = self.next_id;
        self.next_id += 1;
        self.orders.push((id, head, sums));
        self.lines.extend(lines.into_iter().zip(each).enumerate().map(|(i, (l, t))| (id, i, l, t)));
        if self.orders.len() >= CHUNKS[0] {
            self.write(tx)?;
        }
        Ok(id)
    }

    /// Writes the orders collected, then their lines (a line's order must exist: its foreign key is checked
    /// at once).
    pub fn write(&mut self, tx: &Connection) -> AppResult<()> {
        put(tx, "orders", ORDER_COLUMNS, ORDER_PARAMS, &self.orders, |st, at, (id, head, sums)| {
            write::bind_order(st, at, Some(*id), head, sums)
        })?;
        put(tx, "order_lines", LINE_COLUMNS, LINE_PARAMS, &self.lines, |st, at, (order, position, line, t)| {
            write::bind_line(st, at, *order, *position, line, t)
        })?;
        self.orders.clear();
        self.lines.clear();
        Ok(())
    }
}

fn put<T>(
    tx: &Connection,
    table: &str,
    columns: &str,
    params: usize,
    rows: &[T],
    bind: impl Fn(&mut rusqlite::Statement, usize, &T) -> AppResult<()>,
) -> AppResult<()> {
    let mut rest = rows;
    for size in CHUNKS {
        if rest.len() < size {
            continue;
        }
        let mut st = tx.prepare_cached(&write::insert_sql(table, columns, params, size))?;
        while rest.len() >= size {
            let (chunk, after) = rest.split_at(size);
            for (i, row) in chunk.iter().enumerate() {
                bind(&mut st, 1 + i * params, row)?;
            }
            st.raw_execute()?;
            rest = after;
        }
    }
    Ok(())
}

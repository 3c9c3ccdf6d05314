//! The counted orders kept packed per month (`order_facts`, migration 0044), so that a figure over all history
//! decodes about 36 blobs instead of stepping SQLite through a million index entries. A month is the first
//! seven characters of `ordered_on`. Triggers on `orders` name every month whose counted orders may have
//! changed in `order_facts_dirty`; [`refresh`] packs those again before a figure reads, and a reader takes any
//! month still dirty in its snapshot (a write that committed in between) from the index, so every figure sees
//! exactly what the index scan would have shown in the same snapshot.

use std::cell::Cell;
use std::time::Instant;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::orders::{rows, text, Order};
use super::packed::{unpack, Packer, Record};
use crate::domain::Id;
use crate::error::AppResult;
use crate::services::id_sets;
use crate::store::set_aside::SetAside;
use crate::store::Store;

thread_local! {
    static PLAIN: Cell<bool> = const { Cell::new(false) };
}

/// Tests compare the figures read through the kept months with the plain index scan: while `on`, this
/// thread's figures read every order from the index.
#[doc(hidden)]
pub fn force_plain_scan(on: bool) {
    PLAIN.with(|p| p.set(on));
}

pub(super) fn plain_forced() -> bool {
    PLAIN.with(Cell::get)
}

/// The orders' insert trigger set aside while one write adds many orders (ids from `first` up; nothing else
/// writes orders in that transaction): each row would run it, and SQLite writes a many-row `INSERT` into a table
/// with an insert trigger through a temporary table first. [`NewOrders::finish`] names every month the new
/// orders fall in, once, in one statement (a superset of the counted orders' months that the trigger names; a
/// month with none counted is forgotten when packed) and makes the trigger again.
#[must_use = "the trigger must be made again before the transaction commits"]
pub struct NewOrders {
    first: Id,
    trigger: SetAside,
}

impl NewOrders {
    pub fn set_aside(tx: &Connection, first: Id) -> AppResult<NewOrders> {
        Ok(NewOrders { first, trigger: SetAside::named(tx, "order_facts_insert")? })
    }

    pub fn finish(self, tx: &Connection) -> AppResult<()> {
        if !self.trigger.is_empty() {
            tx.execute(
                "INSERT INTO order_facts_dirty (month)
                 SELECT DISTINCT substr(ordered_on, 1, 7) FROM orders
                 WHERE id >= ?1 AND substr(ordered_on, 1, 7) NOT IN (SELECT month FROM order_facts_dirty)",
                [self.first],
            )?;
        }
        self.trigger.rebuild(tx)
    }
}

/// Packs the dirty months again, in one write that no other writer can interleave with, when the writer is
/// free; when it is busy (an import, a sync) the figures read those months from the index this time. Never
/// fails a figure: the kept months are only a faster way to the same rows.
pub(super) fn refresh(store: &Store) {
    let dirty = store.read(|conn| {
        Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM order_facts_dirty)", [], |r| r.get::<_, bool>(0))?)
    });
    match dirty {
        Ok(false) => return,
        Ok(true) => {}
        Err(e) => {
            tracing::warn!(code = ?e.code, "could not look for order months to pack");
            return;
        }
    }
    let started = Instant::now();
    match store.try_write(|tx| pack_dirty(tx)) {
        Some(Ok((months, orders))) => {
            let ms = started.elapsed().as_millis() as u64;
            tracing::info!(months, orders, ms, "order months packed for analytics");
        }
        Some(Err(e)) => tracing::warn!(code = ?e.code, "could not pack the order months for analytics"),
        None => tracing::debug!("the writer is busy; dirty order months are read from the index"),
    }
}

/// Packs every dirty month from the index (or forgets it when it has no counted orders left) and clears
/// the dirty set. Answers the months and orders packed.
fn pack_dirty(tx: &Connection) -> AppResult<(usize, u64)> {
    let months: Vec<String> = {
        let mut stmt = tx.prepare("SELECT month FROM order_facts_dirty ORDER BY month")?;
        let months = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        months
    };
    // The index query names the scope table; unscoped here, but it must exist on the writer too.
    id_sets::reset(tx, "analytics_scope")?;
    let mut total = 0;
    for month in &months {
        let mut packer = Packer::default();
        let mut currencies = Vec::new();
        rows(tx, month.as_bytes(), &above(month), None, false, &mut currencies, &mut |o| {
            if month_of(o.day) == month {
                packer.push(o);
            }
        })?;
        total += packer.count();
        if packer.count() == 0 {
            tx.prepare_cached("DELETE FROM order_facts WHERE month = ?1")?.execute([month])?;
        } else {
            let count = packer.count() as i64;
            let data = packer.finish(&currencies);
            tx.prepare_cached("INSERT OR REPLACE INTO order_facts (month, orders, data) VALUES (?1, ?2, ?3)")?
                .execute((month, count, data))?;
        }
    }
    // The writer's transaction: nobody marked a month since the list was read.
    tx.execute("DELETE FROM order_facts_dirty", [])?;
    Ok((months.len(), total))
}

/// Hands every counted order dated `from..=to` to `each` in the index's order, from the kept months, and
/// from the index for months dirty in this snapshot or kept in a form this build cannot read. `currencies`
/// collects the codes in the order the orders first use them, as the index scan does.
pub(super) fn scan(
    conn: &Connection,
    from: &str,
    to: &str,
    currencies: &mut Vec<String>,
    each: &mut dyn FnMut(&Order),
) -> AppResult<()> {
    // A day's month is a prefix of it, so the months of the days in range lie between these two; only the
    // first and the last month can hold days outside the range.
    let (first, last) = (month_of(from), month_of(to));
    if first > last {
        return Ok(());
    }
    let dirty: Vec<String> = {
        let mut stmt =
            conn.prepare_cached("SELECT month FROM order_facts_dirty WHERE month BETWEEN ?1 AND ?2 ORDER BY month")?;
        let months = stmt.query_map((first, last), |r| r.get(0))?.collect::<Result<_, _>>()?;
        months
    };
    let mut dirty = dirty.iter().peekable();
    let range = Range { from, to, first, last };
    let mut stmt =
        conn.prepare_cached("SELECT month, data FROM order_facts WHERE month BETWEEN ?1 AND ?2 ORDER BY month")?;
    let mut kept = stmt.query((first, last))?;
    let mut records = Vec::new();
    while let Some(row) = kept.next()? {
        let month = text(row.get_ref(0)?);
        while let Some(d) = dirty.next_if(|d| d.as_str() < month) {
            from_index(conn, d, &range, currencies, each)?;
        }
        if dirty.next_if(|d| d.as_str() == month).is_some() {
            from_index(conn, month, &range, currencies, each)?;
            continue;
        }
        let data = match row.get_ref(1)? {
            ValueRef::Blob(b) => b,
            _ => &[],
        };
        match unpack(data, &mut records) {
            Some(packed) => emit(month, &packed.days, &packed.currencies, &records, &range, currencies, each),
            None => {
                tracing::warn!("a kept order month is unreadable; read from the index");
                from_index(conn, month, &range, currencies, each)?;
            }
        }
    }
    for d in dirty {
        from_index(conn, d, &range, currencies, each)?;
    }
    Ok(())
}

/// The days asked for and their first and last month.
struct Range<'a> {
    from: &'a str,
    to: &'a str,
    first: &'a str,
    last: &'a str,
}

fn emit(
    month: &str,
    days: &[&str],
    codes: &[&str],
    records: &[Record],
    range: &Range,
    currencies: &mut Vec<String>,
    each: &mut dyn FnMut(&Order),
) {
    let edge = month == range.first || month == range.last;
    let inside: Vec<bool> = days.iter().map(|d| !edge || (range.from <= *d && *d <= range.to)).collect();
    // The month's currency indexes, mapped to the caller's when first used (so codes come in scan order).
    let mut global: Vec<Option<usize>> = vec![None; codes.len()];
    for r in records {
        if !inside[r.day as usize] {
            continue;
        }
        let slot = &mut global[r.currency as usize];
        let currency = *slot.get_or_insert_with(|| intern(currencies, codes[r.currency as usize]));
        let order = Order { cust: r.cust, day: days[r.day as usize], ret: r.ret, currency, net: r.net, cost: r.cost };
        each(&order);
    }
}

/// One month's counted orders within the range, read from the index.
fn from_index(
    conn: &Connection,
    month: &str,
    range: &Range,
    currencies: &mut Vec<String>,
    each: &mut dyn FnMut(&Order),
) -> AppResult<()> {
    let top = above(month);
    let lo = range.from.as_bytes().max(month.as_bytes());
    let hi = range.to.as_bytes().min(top.as_slice());
    rows(conn, lo, hi, None, false, currencies, &mut |o| {
        if month_of(o.day) == month {
            each(o);
        }
    })
}

/// The index of `code` in `currencies`, added at the end when new.
pub(super) fn intern(currencies: &mut Vec<String>, code: &str) -> usize {
    match currencies.iter().position(|c| c == code) {
        Some(i) => i,
        None => {
            currencies.push(code.to_owned());
            currencies.len() - 1
        }
    }
}

/// A day's month: its first seven characters, as SQLite's `substr(day, 1, 7)` counts them.
pub(super) fn month_of(day: &str) -> &str {
    day.char_indices().nth(7).map_or(day, |(i, _)| &day[..i])
}

/// An upper bound, as text bytes, of every day that starts with `month`: the month followed by 0xFF, a byte
/// no UTF-8 text holds, so it sorts above every continuation (SQLite compares text bytewise).
fn above(month: &str) -> Vec<u8> {
    let mut top = month.as_bytes().to_vec();
    top.push(0xFF);
    top
}

#[cfg(test)]
mod tests {
    use super::month_of;

    #[test]
    fn a_month_is_the_first_seven_characters() {
        assert_eq!(month_of("2024-02-29"), "2024-02");
        assert_eq!(month_of("2024-0"), "2024-0");
        assert_eq!(month_of("ÅÄÖ1-02-03"), "ÅÄÖ1-02");
        assert_eq!(month_of(""), "");
    }
}

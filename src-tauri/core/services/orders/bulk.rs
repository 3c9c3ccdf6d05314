//! Orders written many to a statement, for an import: each `INSERT` statement SQLite runs has a fixed cost
//! (its statement journal, because the tables have triggers; the CHECK lists; the end of the statement)
//! that one row of a few hundred bytes does not repay. An import's new products and orders are collected
//! here, with their ids chosen as SQLite would (the highest id plus one, counting up: nothing else writes
//! products or orders in the import's transaction), and written 64 to a statement: the products, the
//! orders, then their lines. Values are checked when they are added (a product's by `products::check`, an
//! order's totals by `write::checked`), so a wrong line is still reported at the row it came from; the
//! write itself failing is the store's fault, and stops the import.

use rusqlite::Connection;

use super::products;
use super::write::{self, Head, Line, Sums, Totals, LINE_COLUMNS, LINE_PARAMS, ORDER_COLUMNS, ORDER_PARAMS};
use crate::domain::{Id, ProductInput};
use crate::error::{AppError, AppResult, ErrorCode};

/// Rows to a statement, largest first: a remainder goes in smaller statements (each size is one cached
/// statement), so a write never prepares a statement of a new shape.
const CHUNKS: [usize; 3] = [64, 8, 1];

pub(crate) struct Bulk {
    now: i64,
    next_product: Id,
    next_id: Id,
    /// Checked new products (`products::check`) and the ids they will have.
    products: Vec<(Id, ProductInput)>,
    orders: Vec<(Id, Head, Sums)>,
    /// (order id, position, line, its totals)
    lines: Vec<(Id, usize, Line, Totals)>,
}

impl Bulk {
    pub fn new(tx: &Connection, now: i64) -> AppResult<Bulk> {
        let next =
            |table: &str| tx.query_row(&format!("SELECT COALESCE(max(id), 0) + 1 FROM {table}"), [], |r| r.get(0));
        Ok(Bulk {
            now,
            next_product: next("products")?,
            next_id: next("orders")?,
            products: Vec::new(),
            orders: Vec::new(),
            lines: Vec::new(),
        })
    }

    /// Takes a product checked by `products::check` (its SKU new to the store and to this import); returns
    /// the id it will have. It is written before the next orders.
    pub fn add_product(&mut self, product: ProductInput) -> Id {
        let id = self.next_product;
        self.next_product += 1;
        self.products.push((id, product));
        id
    }

    /// Takes an order whose number is new to the store and to this import; returns the id it will have.
    /// Its totals are checked here (`write::checked`); it is written by a later `add` or by `write`.
    pub fn add(&mut self, tx: &Connection, head: Head, lines: Vec<Line>) -> AppResult<Id> {
        let (each, sums) = write::checked(&lines, self.now)?;
        let id = self.next_id;
        self.next_id += 1;
        self.orders.push((id, head, sums));
        self.lines.extend(lines.into_iter().zip(each).enumerate().map(|(i, (l, t))| (id, i, l, t)));
        if self.orders.len() >= CHUNKS[0] {
            self.write(tx)?;
        }
        Ok(id)
    }

    /// Writes what was collected: the products, the orders, then their lines (a line's order and product
    /// must exist: foreign keys are checked at once).
    pub fn write(&mut self, tx: &Connection) -> AppResult<()> {
        self.put_all(tx).map_err(|e| {
            AppError::new(ErrorCode::Database, format!("writing the imported orders failed: {}", e.message))
        })
    }

    fn put_all(&mut self, tx: &Connection) -> AppResult<()> {
        let now = self.now;
        put(tx, &products::insert_sql, products::PARAMS, &self.products, |st, at, (id, p)| {
            products::bind(st, at, Some(*id), p, now)
        })?;
        for (id, p) in self.products.iter().filter(|(_, p)| !p.prices.is_empty()) {
            products::put_prices(tx, *id, &p.prices)?;
        }
        put(
            tx,
            &|rows| write::insert_sql("orders", ORDER_COLUMNS, ORDER_PARAMS, rows),
            ORDER_PARAMS,
            &self.orders,
            |st, at, (id, head, sums)| write::bind_order(st, at, Some(*id), head, sums),
        )?;
        put(
            tx,
            &|rows| write::insert_sql("order_lines", LINE_COLUMNS, LINE_PARAMS, rows),
            LINE_PARAMS,
            &self.lines,
            |st, at, (order, position, line, t)| write::bind_line(st, at, *order, *position, line, t),
        )?;
        self.products.clear();
        self.orders.clear();
        self.lines.clear();
        Ok(())
    }
}

fn put<T>(
    tx: &Connection,
    sql: &dyn Fn(usize) -> String,
    params: usize,
    rows: &[T],
    bind: impl Fn(&mut rusqlite::Statement, usize, &T) -> AppResult<()>,
) -> AppResult<()> {
    let mut rest = rows;
    for size in CHUNKS {
        if rest.len() < size {
            continue;
        }
        let mut st = tx.prepare_cached(&sql(size))?;
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

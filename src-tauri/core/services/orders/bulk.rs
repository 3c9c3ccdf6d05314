//! Orders written many to a statement, for an import: each `INSERT` statement SQLite runs has a fixed cost
//! (its statement journal, because the tables have triggers; the CHECK lists; the end of the statement)
//! that one row of a few hundred bytes does not repay. An import's new products and orders are collected
//! here with the customers it creates, their ids chosen as SQLite would (the highest id plus one, counting
//! up: nothing else writes people, products or orders in the import's transaction), and written 64 to a
//! statement: the customers, the products, the orders, then their lines. Values are checked when they are
//! added (a customer's by `people::normalize`, a product's by `products::check`, an order's totals by
//! `write::checked`), so a wrong line is still reported at the row it came from; the write itself failing
//! is the store's fault, and stops the import.

use rusqlite::Connection;

use super::products;
use super::write::{self, Head, Line, Sums, Totals, LINE_COLUMNS, LINE_PARAMS, ORDER_COLUMNS, ORDER_PARAMS};
use crate::domain::{Id, PersonInput, ProductInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::people;
use crate::store::many;

/// Rows to a statement, largest first: a remainder goes in smaller statements (each size is one cached
/// statement), so a write never prepares a statement of a new shape.
const CHUNKS: [usize; 3] = [64, 8, 1];

pub(crate) struct Bulk {
    now: i64,
    next_person: Id,
    next_product: Id,
    next_id: Id,
    /// New customers, normalized (`people::normalize`), and the ids they will have.
    people: Table<(Id, PersonInput)>,
    /// Checked new products (`products::check`) and the ids they will have.
    products: Table<(Id, ProductInput)>,
    orders: Table<(Id, Head, Sums)>,
    /// (order id, position, line, its totals)
    lines: Table<(Id, usize, Line, Totals)>,
}

impl Bulk {
    pub fn new(tx: &Connection, now: i64) -> AppResult<Bulk> {
        let next =
            |table: &str| tx.query_row(&format!("SELECT COALESCE(max(id), 0) + 1 FROM {table}"), [], |r| r.get(0));
        Ok(Bulk {
            now,
            next_person: next("people")?,
            next_product: next("products")?,
            next_id: next("orders")?,
            people: Table::new(people::NEW_PARAMS, |n| {
                many::insert_sql("people", people::NEW_COLUMNS, people::NEW_PARAMS, n)
            }),
            products: Table::new(products::PARAMS, products::insert_sql),
            orders: Table::new(ORDER_PARAMS, |n| many::insert_sql("orders", ORDER_COLUMNS, ORDER_PARAMS, n)),
            lines: Table::new(LINE_PARAMS, |n| many::insert_sql("order_lines", LINE_COLUMNS, LINE_PARAMS, n)),
        })
    }

    /// The id the next order taken will have.
    pub fn next_order(&self) -> Id {
        self.next_id
    }

    /// Takes a new customer with no company, tags or custom values, normalized by `people::normalize` (its
    /// external id new to the store and to this import); returns the id it will have and the person as it
    /// will be written. It is written before the next orders.
    pub fn add_person(&mut self, person: PersonInput) -> (Id, &PersonInput) {
        let id = self.next_person;
        self.next_person += 1;
        self.people.rows.push((id, person));
        (id, &self.people.rows[self.people.rows.len() - 1].1)
    }

    /// Takes a product checked by `products::check` (its SKU new to the store and to this import); returns
    /// the id it will have. It is written before the next orders.
    pub fn add_product(&mut self, product: ProductInput) -> Id {
        let id = self.next_product;
        self.next_product += 1;
        self.products.rows.push((id, product));
        id
    }

    /// Takes an order whose number is new to the store and to this import; returns the id it will have.
    /// Its totals are checked here (`write::checked`); it is written by a later `add` or by `write`.
    pub fn add(&mut self, tx: &Connection, head: Head, lines: Vec<Line>) -> AppResult<Id> {
        let (each, sums) = write::checked(&lines)?;
        let id = self.next_id;
        self.next_id += 1;
        self.orders.rows.push((id, head, sums));
        self.lines.rows.extend(lines.into_iter().zip(each).enumerate().map(|(i, (l, t))| (id, i, l, t)));
        if self.orders.rows.len() >= CHUNKS[0] {
            // The lines beyond whole statements wait for the next orders (theirs are written by then).
            self.put(tx, false)?;
        }
        Ok(id)
    }

    /// Writes everything collected: the customers, the products, the orders, then their lines (a line's
    /// order and product must exist: foreign keys are checked at once).
    pub fn write(&mut self, tx: &Connection) -> AppResult<()> {
        self.put(tx, true)
    }

    /// The write failing is the store's fault, not a line's: it stops the import.
    fn put(&mut self, tx: &Connection, all_lines: bool) -> AppResult<()> {
        self.put_tables(tx, all_lines).map_err(|e| {
            AppError::new(ErrorCode::Database, format!("writing the imported orders failed: {}", e.message))
        })
    }

    fn put_tables(&mut self, tx: &Connection, all_lines: bool) -> AppResult<()> {
        let now = self.now;
        let people = self.people.put(tx, true, |st, at, (id, p)| people::bind_new(st, at, Some(*id), p, None, now))?;
        for (id, p) in people.iter().filter(|(_, p)| !p.emails.is_empty() || !p.phones.is_empty()) {
            people::write_lists(tx, *id, p)?;
        }
        let products = self.products.put(tx, true, |st, at, (id, p)| products::bind(st, at, Some(*id), p, now))?;
        for (id, p) in products.iter().filter(|(_, p)| !p.prices.is_empty()) {
            products::put_prices(tx, *id, &p.prices)?;
        }
        self.orders.put(tx, true, |st, at, (id, head, sums)| write::bind_order(st, at, Some(*id), head, sums, now))?;
        self.lines.put(tx, all_lines, |st, at, (order, position, line, t)| {
            write::bind_line(st, at, *order, *position, line, t)
        })?;
        Ok(())
    }
}

/// A table's rows waiting to be written, and its `INSERT` for each of `CHUNKS`.
struct Table<T> {
    params: usize,
    sql: [String; CHUNKS.len()],
    rows: Vec<T>,
}

impl<T> Table<T> {
    fn new(params: usize, sql: impl Fn(usize) -> String) -> Table<T> {
        Table { params, sql: CHUNKS.map(sql), rows: Vec::new() }
    }

    /// Writes the rows, the most to a statement; with `all` false only whole statements of the largest size,
    /// the rest waiting for more. Returns the rows written (the people's emails and the products' prices
    /// follow them).
    fn put(
        &mut self,
        tx: &Connection,
        all: bool,
        bind: impl Fn(&mut rusqlite::Statement, usize, &T) -> AppResult<()>,
    ) -> AppResult<Vec<T>> {
        let mut done = 0;
        for (size, sql) in CHUNKS.iter().zip(&self.sql) {
            if self.rows.len() - done < *size || (!all && *size < CHUNKS[0]) {
                continue;
            }
            let mut st = tx.prepare_cached(sql)?;
            while self.rows.len() - done >= *size {
                for (i, row) in self.rows[done..done + size].iter().enumerate() {
                    bind(&mut st, 1 + i * self.params, row)?;
                }
                st.raw_execute()?;
                done += size;
            }
        }
        Ok(self.rows.drain(..done).collect())
    }
}

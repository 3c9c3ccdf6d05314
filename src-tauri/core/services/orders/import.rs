//! The orders side of an order-lines import: lines arrive one by one (`services::import` reads and checks
//! the file's cells); the lines of one invoice number form one order. An invoice is written when the
//! next one starts; lines of an invoice met again later in the file are added to the order written for it.
//! Customers are matched or created by external id, products by SKU; both are cached for the whole file.
//! A file much larger than the orders already stored is written with the orders' secondary indexes set
//! aside and built again before the commit (`store::set_aside`), and so are the people's when it creates
//! many customers.

use std::collections::HashMap;

use rusqlite::Connection;

use super::bulk::Bulk;
use super::products;
use super::write::{self, Head, Line};
use crate::domain::Address;
use crate::domain::{Id, Lifecycle, OrderKind, OrderSource, OrderStatus, PersonInput, ProductInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::analytics::NewOrders;
use crate::services::import::{AnonymousPolicy, OrderImportStats};
use crate::services::people;
use crate::services::search_backlog::NewPeople;
use crate::store::set_aside::WhenItPays;

/// The tables whose secondary indexes a large import sets aside: the orders, and the people it creates. Their
/// unique indexes stay (the import matches invoice numbers through `number_key`'s).
static ORDER_TABLES: [&str; 2] = ["order_lines", "orders"];
static PEOPLE_TABLES: [&str; 1] = ["people"];

/// The import's keyed caches (invoice numbers, SKUs, external ids): a hash that is fast on short keys and
/// still seeded per process.
type Map<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// One line of the file, its values read.
#[derive(Debug, Clone)]
pub struct ImportLine {
    pub number: String,
    pub sku: Option<String>,
    pub description: Option<String>,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub vat_rate_bp: i32,
    pub ordered_at: i64,
    pub ordered_on: String,
    pub customer: Option<String>,
    pub email: Option<String>,
    pub country: Option<String>,
    pub currency: String,
}

/// What became of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Added,
    Skipped,
}

struct Pending {
    /// The invoice number folded (`write::number_key`), computed once per invoice.
    key: String,
    head: Head,
    lines: Vec<Line>,
}

pub struct OrderBatch {
    batch: Id,
    now: i64,
    anonymous: AnonymousPolicy,
    /// sku key -> (product id, unit cost, cost currency)
    products: Map<(Id, Option<i64>, Option<String>)>,
    customers: Map<Id>,
    /// Invoice numbers (folded) met so far: the order written for each (with its line count), or `None`
    /// when the store had it before this import.
    seen: Map<Option<(Id, usize)>>,
    /// Whether the store had any order before the import (else no invoice number can be one of its).
    had_orders: bool,
    pending: Option<Pending>,
    pub stats: OrderImportStats,
    /// People and products this batch created, in the order it created them (for the undo ranges).
    pub created_people: Vec<Id>,
    pub created_products: Vec<Id>,
    /// The orders' and the people's secondary indexes, set aside when the file is large against them.
    order_indexes: WhenItPays,
    people_indexes: WhenItPays,
    /// New orders not written yet (written many to a statement).
    bulk: Bulk,
    /// The orders' insert trigger, set aside until `finish` names the new orders' months.
    facts: Option<NewOrders>,
}

impl OrderBatch {
    /// Loads the store's products and the external ids of its people, in the trash too: a SKU and an
    /// external id are unique among all rows, so a line names the product or customer that has it.
    pub fn load(tx: &Connection, batch: Id, now: i64, anonymous: AnonymousPolicy) -> AppResult<OrderBatch> {
        let bulk = Bulk::new(tx, now)?;
        let products = tx
            .prepare("SELECT sku_key, id, cost_minor, cost_currency FROM products")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        // Trashed people too: one under that id is matched, not duplicated (external ids are unique among all).
        let customers = tx
            .prepare("SELECT external_id, id FROM people WHERE external_id IS NOT NULL")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OrderBatch {
            batch,
            now,
            anonymous,
            products,
            customers,
            seen: Map::default(),
            had_orders: bulk.next_order() > 1,
            pending: None,
            stats: OrderImportStats::default(),
            created_people: Vec::new(),
            created_products: Vec::new(),
            order_indexes: WhenItPays::new(tx, &ORDER_TABLES)?,
            people_indexes: WhenItPays::new(tx, &PEOPLE_TABLES)?,
            facts: Some(NewOrders::set_aside(tx, bulk.next_order())?),
            bulk,
        })
    }

    /// Sets the orders' secondary indexes aside when the rest of the file makes it pay, and the people's
    /// when the customers still to create do (`store::set_aside::pays`); called as the file is read, with
    /// the rows read and their share of the file.
    pub fn consider_setting_aside(&mut self, tx: &Connection, rows: u64, fraction: f64) -> AppResult<()> {
        self.order_indexes.consider(tx, rows, fraction)?;
        self.people_indexes.consider(tx, self.created_people.len() as u64, fraction)
    }

    /// Whether the orders' and the people's secondary indexes are set aside now.
    #[cfg(test)]
    fn indexes_set_aside(&self) -> (bool, bool) {
        (self.order_indexes.is_set_aside(), self.people_indexes.is_set_aside())
    }

    /// Writes the last invoice and builds any indexes set aside again: call once after the last line, in
    /// the import's transaction.
    pub fn finish(&mut self, tx: &Connection) -> AppResult<()> {
        self.flush(tx)?;
        self.bulk.write(tx)?;
        if let Some(facts) = self.facts.take() {
            facts.finish(tx)?;
        }
        self.order_indexes.rebuild(tx)?;
        self.people_indexes.rebuild(tx)
    }

    /// Takes a line; a customer it creates gets its search entry through `search` (at once for an
    /// import's first ones, queued for the indexer after that, as the people import does).
    pub fn add(&mut self, tx: &Connection, l: ImportLine, search: &mut NewPeople) -> AppResult<Taken> {
        if l.customer.is_none() && self.anonymous == AnonymousPolicy::Skip {
            self.stats.anonymous_skipped += 1;
            return Ok(Taken::Skipped);
        }
        if l.sku.is_none() && l.description.is_none() {
            return Err(AppError::field(ErrorCode::Required, "description", "the line has no SKU and no description"));
        }
        match &self.pending {
            Some(p) if write::has_key(&l.number, &p.key) => {
                if p.head.currency != l.currency {
                    return Err(AppError::field(
                        ErrorCode::InvalidValue,
                        "currency",
                        format!("invoice {} is in {}, this line in {}", l.number, p.head.currency, l.currency),
                    ));
                }
            }
            _ => {
                self.flush(tx)?;
                let key = write::number_key(&l.number);
                if self.had_orders && !self.seen.contains_key(&key) && exists(tx, &key)? {
                    self.seen.insert(key.clone(), None);
                }
                if let Some(None) = self.seen.get(&key) {
                    self.stats.existing_skipped += 1;
                    return Ok(Taken::Skipped);
                }
                let person_id = l.customer.as_deref().map(|ext| self.customer(tx, ext, &l, search)).transpose()?;
                self.pending = Some(Pending { key, head: self.head(&l, person_id), lines: Vec::new() });
            }
        }
        let line = self.line(tx, &l)?;
        let pending = self.pending.as_mut().ok_or_else(|| AppError::internal("no pending order"))?;
        if pending.head.person_id.is_none() {
            self.stats.anonymous_imported += 1;
        }
        pending.lines.push(line);
        Ok(Taken::Added)
    }

    /// Writes the invoice being collected.
    pub fn flush(&mut self, tx: &Connection) -> AppResult<()> {
        let Some(Pending { key, mut head, mut lines }) = self.pending.take() else { return Ok(()) };
        match self.seen.get(&key).copied().flatten() {
            Some((id, count)) => {
                if head.kind == OrderKind::CreditNote {
                    negate(&mut lines);
                }
                // The order may still be waiting to be written.
                self.bulk.write(tx)?;
                write::append(tx, id, count, &lines, self.now)?;
                self.seen.insert(key, Some((id, count + lines.len())));
            }
            None => {
                if is_return(&head.number) || lines.iter().all(|l| l.quantity_milli < 0) {
                    head.kind = OrderKind::CreditNote;
                    negate(&mut lines);
                    self.stats.returns += 1;
                }
                let count = lines.len();
                let id = self.bulk.add(tx, head, lines)?;
                self.stats.orders += 1;
                self.seen.insert(key, Some((id, count)));
            }
        }
        Ok(())
    }

    fn head(&self, l: &ImportLine, person_id: Option<Id>) -> Head {
        Head {
            number: l.number.clone(),
            kind: OrderKind::Order,
            status: OrderStatus::Confirmed,
            person_id,
            company_id: None,
            original_order_id: None,
            deal_id: None,
            ordered_at: l.ordered_at,
            ordered_on: l.ordered_on.clone(),
            currency: l.currency.clone(),
            country: l.country.clone(),
            note: None,
            source: OrderSource::Import,
            import_id: Some(self.batch),
        }
    }

    fn line(&mut self, tx: &Connection, l: &ImportLine) -> AppResult<Line> {
        let (product_id, unit_cost_minor) = match &l.sku {
            Some(sku) => {
                let (id, cost, cost_currency) = self.product(tx, sku, l.description.as_deref())?;
                (Some(id), cost.filter(|_| cost_currency.as_deref() == Some(l.currency.as_str())))
            }
            None => (None, None),
        };
        let description = l.description.clone().or_else(|| l.sku.clone()).unwrap_or_default();
        Ok(Line {
            product_id,
            description,
            quantity_milli: l.quantity_milli,
            unit_price_minor: l.unit_price_minor,
            discount_bp: 0,
            vat_rate_bp: l.vat_rate_bp,
            unit_cost_minor,
        })
    }

    fn product(
        &mut self,
        tx: &Connection,
        sku: &str,
        name: Option<&str>,
    ) -> AppResult<(Id, Option<i64>, Option<String>)> {
        let key = products::sku_key(sku);
        if let Some(found) = self.products.get(&key) {
            return Ok(found.clone());
        }
        let input = ProductInput { sku: sku.to_string(), name: name.unwrap_or(sku).to_string(), ..Default::default() };
        let checked = products::check(tx, input).map_err(|e| match e.field.as_deref() {
            Some("name") => AppError { field: Some("description".into()), ..e },
            _ => e,
        })?;
        let id = self.bulk.add_product(checked);
        self.created_products.push(id);
        self.stats.products_created += 1;
        self.products.insert(key, (id, None, None));
        Ok((id, None, None))
    }

    fn customer(&mut self, tx: &Connection, ext: &str, l: &ImportLine, search: &mut NewPeople) -> AppResult<Id> {
        if let Some(id) = self.customers.get(ext) {
            return Ok(*id);
        }
        let input = PersonInput {
            external_id: Some(ext.to_string()),
            lifecycle: Lifecycle::Customer,
            emails: l
                .email
                .iter()
                .map(|e| crate::domain::LabeledValue { label: "work".into(), value: e.clone() })
                .collect(),
            address: Address { country: l.country.clone(), ..Default::default() },
            ..Default::default()
        };
        let input = people::normalize(input).map_err(|e| match e.field.as_deref() {
            Some(f) if f.starts_with("emails") => AppError { field: Some("email".into()), ..e },
            Some(f) if f.starts_with("external_id") => AppError { field: Some("customer_id".into()), ..e },
            _ => e,
        })?;
        // A new person with no company, tags or custom values: the row and its emails (written with the
        // orders) and its search entry (or its place in the indexer's queue), from the input (what
        // `people::save` writes, without reading it back).
        let (id, person) = self.bulk.add_person(input);
        search.add(tx, id, person, None)?;
        self.created_people.push(id);
        self.stats.customers_created += 1;
        self.customers.insert(ext.to_string(), id);
        Ok(id)
    }
}

fn exists(tx: &Connection, key: &str) -> AppResult<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM orders WHERE number_key = ?1)")?
        .query_row([key], |r| r.get(0))?)
}

/// An invoice number of a return, as shops write them: `C` and a digit ("C536379").
fn is_return(number: &str) -> bool {
    let mut chars = number.trim().chars();
    matches!(chars.next(), Some('C' | 'c')) && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// A return's lines have negative quantities, however the file wrote them.
fn negate(lines: &mut [Line]) {
    for l in lines {
        l.quantity_milli = -l.quantity_milli.abs();
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;

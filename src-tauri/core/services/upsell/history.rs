//! The purchase histories the model learns from, read once: per customer (a person) the distinct products
//! they bought, with the last moment they bought each. Counted are live, confirmed or paid orders and
//! invoices of a person with product lines of positive quantity: returns and credit notes, anonymous and
//! company-only sales, drafts, cancelled orders and free-text lines are left out. Ids become dense integers.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;

/// The orders read: `ordered_on` (the local calendar date) in `[from, before)`; None leaves a side open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<String>,
    pub before: Option<String>,
}

/// A product as suggestions show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductMeta {
    pub id: Id,
    pub sku: String,
    pub name: String,
    /// Active and not deleted: only these are suggested.
    pub sellable: bool,
}

/// Customers × products, compressed: customer `c` (dense) bought `items[offsets[c]..offsets[c + 1]]`,
/// each `(product, last bought at in unix seconds)`, sorted by product.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub products: Vec<ProductMeta>,
    pub customers: Vec<Id>,
    pub offsets: Vec<u32>,
    pub items: Vec<(u32, i64)>,
}

const LINES: &str = "SELECT o.person_id, l.product_id, o.ordered_at
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.deleted_at IS NULL AND o.status IN ('confirmed', 'paid') AND o.kind <> 'credit_note'
      AND o.person_id IS NOT NULL AND l.product_id IS NOT NULL AND l.quantity_milli > 0
      AND (?1 IS NULL OR o.ordered_on >= ?1) AND (?2 IS NULL OR o.ordered_on < ?2)";

impl History {
    /// Reads the window's lines in one pass and groups them in memory.
    pub fn load(conn: &Connection, window: &Window) -> AppResult<History> {
        let mut raw: Vec<(Id, Id, i64)> = Vec::new();
        {
            let mut stmt = conn.prepare_cached(LINES)?;
            let mut rows = stmt.query((&window.from, &window.before))?;
            while let Some(r) = rows.next()? {
                raw.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
        }
        raw.sort_unstable();
        let mut dense: HashMap<Id, u32> = HashMap::new();
        let mut product_ids: Vec<Id> = Vec::new();
        let mut history = History { offsets: vec![0], ..History::default() };
        let mut i = 0;
        while i < raw.len() {
            let person = raw[i].0;
            while i < raw.len() && raw[i].0 == person {
                let (product, mut at) = (raw[i].1, raw[i].2);
                while i + 1 < raw.len() && raw[i + 1].0 == person && raw[i + 1].1 == product {
                    i += 1;
                    at = at.max(raw[i].2);
                }
                let next = dense.len() as u32;
                let p = *dense.entry(product).or_insert_with(|| {
                    product_ids.push(product);
                    next
                });
                history.items.push((p, at));
                i += 1;
            }
            let start = *history.offsets.last().unwrap_or(&0) as usize;
            history.items[start..].sort_unstable_by_key(|&(p, _)| p);
            history.customers.push(person);
            history.offsets.push(history.items.len() as u32);
        }
        history.products = product_meta(conn, &product_ids)?;
        Ok(history)
    }

    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// What customer `c` (dense) bought.
    pub fn bought(&self, c: usize) -> &[(u32, i64)] {
        &self.items[self.offsets[c] as usize..self.offsets[c + 1] as usize]
    }

    /// The dense index of a person, when they have a history.
    pub fn customer_index(&self, person: Id) -> Option<usize> {
        self.customers.binary_search(&person).ok()
    }
}

/// Sku, name and sellability of the products, in the order of `ids`.
fn product_meta(conn: &Connection, ids: &[Id]) -> AppResult<Vec<ProductMeta>> {
    let mut all: HashMap<Id, ProductMeta> = HashMap::with_capacity(ids.len());
    let mut stmt = conn.prepare_cached("SELECT id, sku, name, active = 1 AND deleted_at IS NULL FROM products")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let meta = ProductMeta { id: r.get(0)?, sku: r.get(1)?, name: r.get(2)?, sellable: r.get(3)? };
        all.insert(meta.id, meta);
    }
    Ok(ids
        .iter()
        .map(|id| {
            all.remove(id).unwrap_or(ProductMeta { id: *id, sku: String::new(), name: String::new(), sellable: false })
        })
        .collect())
}

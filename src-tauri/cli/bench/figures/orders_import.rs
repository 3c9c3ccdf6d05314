//! Import of order lines as a shop exports them (the UCI Online Retail headers: InvoiceNo, StockCode,
//! Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country) through the import service into a
//! fresh store, against a raw prepared INSERT loop of the same orders and lines in one transaction. The
//! lines are the dataset's own (its newest orders, up to `MAX_LINES`), so returns, anonymous sales and
//! repeat customers come in the dataset's proportions. A customer's id in the file is the person's external id,
//! or a number made from their id (the generated people have none), so customers are created by the import.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::time_ms;
use relata_core::clock::SystemClock;
use relata_core::error::AppResult;
use relata_core::services::import::{self, AnonymousPolicy, ImportEntity, ImportOptions};
use relata_core::store::Store;

/// The goal: at least 100k lines a second (the raw loop is reported beside it, without a ratio goal).
pub const GOAL: Goal = Goal::MinRate { rows_per_s: 100_000.0, ratio: 0.0 };
/// Lines imported: enough for a steady rate, few enough to keep the run short.
const MAX_LINES: i64 = 300_000;

/// One line as the file carries it.
struct Line {
    invoice: String,
    sku: Option<String>,
    description: String,
    quantity: f64,
    /// Unix seconds.
    at: i64,
    unit_price: f64,
    customer: Option<String>,
    country: Option<String>,
}

pub fn measure(ctx: &Ctx) -> AppResult<Figure> {
    let lines = newest_lines(ctx.store)?;
    if lines.is_empty() {
        return Ok(Figure::pending("orders_import", NAME, "rows/s", GOAL, "a dataset with orders"));
    }
    let n = lines.len() as f64;
    let scratch = ctx.data_dir.join("bench-orders-import");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    let file = scratch.join("lines.csv");
    write_csv(&file, &lines)?;

    let product = Store::open(&scratch.join("product"), Arc::new(SystemClock))?;
    let options = ImportOptions {
        entity: ImportEntity::Orders,
        currency: Some("EUR".into()),
        timezone: Some("Europe/Amsterdam".into()),
        anonymous: AnonymousPolicy::Import,
        ..Default::default()
    };
    let (product_ms, report) =
        time_ms(|| import::import_file(&product, &file, &options, &mut |_| {}, &AtomicBool::new(false)))?;
    let count = |table: &str| -> AppResult<i64> {
        product.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
    };
    let (orders, people, products) = (count("orders")?, count("people")?, count("products")?);
    let raw = Store::open(&scratch.join("raw"), Arc::new(SystemClock))?;
    let (raw_ms, _) = time_ms(|| raw_insert(&raw, &lines))?;
    drop((product, raw));
    let _ = std::fs::remove_dir_all(&scratch);
    let per_s = |ms: f64| n / (ms / 1000.0);
    Ok(Figure::rate("orders_import", NAME, GOAL, per_s(product_ms), Some(per_s(raw_ms)))
        .detail(format!(
            "{} lines ({} taken, {} rejected) into {} orders, {} customers and {} products created; import \
             {:.0} ms, raw {:.0} ms",
            lines.len(),
            report.created,
            report.errors.len(),
            orders,
            people,
            products,
            product_ms,
            raw_ms,
        ))
        .note(
            "The import reads and decodes the file, maps the headers, parses numbers, dates (local time in the \
             named zone) and quantities (on a thread of its own, ahead of the writes), matches or creates the \
             customer by external id and the product by SKU (both cached for the file), and computes each \
             line's rounded net, VAT and gross and the order's totals in the core; it writes the orders and \
             their lines 64 to a statement with the insert triggers that would write nothing set aside and, \
             the file being large against the fresh store, sets the orders', lines' and people's secondary \
             indexes aside and builds them again before the commit. The raw loop only inserts precomputed \
             rows one to a statement, with every index and trigger in place.",
        ))
}

const NAME: &str = "import of order lines (CSV, shop export headers)";

fn newest_lines(store: &Store) -> AppResult<Vec<Line>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT o.number, pr.sku, l.description, l.quantity_milli, o.ordered_at, l.unit_price_minor,
                    COALESCE(p.external_id, CAST(p.id + 10000 AS TEXT)), o.country
             FROM order_lines l JOIN orders o ON o.id = l.order_id
             LEFT JOIN products pr ON pr.id = l.product_id
             LEFT JOIN people p ON p.id = o.person_id
             WHERE o.deleted_at IS NULL
             ORDER BY o.id DESC, l.position LIMIT ?1",
        )?;
        let rows = stmt.query_map([MAX_LINES], |r| {
            Ok(Line {
                invoice: r.get(0)?,
                sku: r.get(1)?,
                description: r.get(2)?,
                quantity: r.get::<_, i64>(3)? as f64 / 1000.0,
                at: r.get(4)?,
                unit_price: r.get::<_, i64>(5)? as f64 / 100.0,
                customer: r.get(6)?,
                country: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

fn write_csv(path: &Path, lines: &[Line]) -> AppResult<()> {
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(path)?));
    out.write_record([
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
        "CustomerID",
        "Country",
    ])
    .map_err(std::io::Error::other)?;
    for l in lines {
        let at = chrono::DateTime::from_timestamp(l.at, 0).unwrap_or_default().format("%Y-%m-%d %H:%M:%S");
        let record = [
            l.invoice.clone(),
            l.sku.clone().unwrap_or_default(),
            l.description.clone(),
            l.quantity.to_string(),
            at.to_string(),
            format!("{:.2}", l.unit_price),
            l.customer.clone().unwrap_or_default(),
            l.country.clone().unwrap_or_default(),
        ];
        out.write_record(&record).map_err(std::io::Error::other)?;
    }
    out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?.flush()?;
    Ok(())
}

/// The floor: one order row per invoice and its line rows, prepared statements in one transaction, totals
/// summed in the loop, no parsing, no customer or product matching.
fn raw_insert(store: &Store, lines: &[Line]) -> AppResult<()> {
    store.bulk_write(|tx| {
        let mut order = tx.prepare_cached(
            "INSERT INTO orders (number, number_key, ordered_at, ordered_on, currency, country, net_minor,
                                 gross_minor, created_at, updated_at)
             VALUES (?1, lower(?1), ?2, date(?2, 'unixepoch'), 'EUR', ?3, 0, 0, ?2, ?2)",
        )?;
        let mut line = tx.prepare_cached(
            "INSERT INTO order_lines (order_id, position, description, quantity_milli, unit_price_minor, net_minor,
                                      vat_minor, gross_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?6)",
        )?;
        let mut total = tx.prepare_cached("UPDATE orders SET net_minor = ?2, gross_minor = ?2 WHERE id = ?1")?;
        let mut current: Option<(&str, i64, i64, i64)> = None;
        for l in lines {
            if current.is_none_or(|(number, ..)| number != l.invoice) {
                if let Some((_, id, _, sum)) = current {
                    total.execute(rusqlite::params![id, sum])?;
                }
                order.execute(rusqlite::params![l.invoice, l.at, l.country])?;
                current = Some((&l.invoice, tx.last_insert_rowid(), 0, 0));
            }
            if let Some((_, id, position, sum)) = current.as_mut() {
                let quantity = (l.quantity * 1000.0).round() as i64;
                let price = (l.unit_price * 100.0).round() as i64;
                let net = quantity * price / 1000;
                line.execute(rusqlite::params![*id, *position, l.description, quantity, price, net])?;
                *position += 1;
                *sum += net;
            }
        }
        if let Some((_, id, _, sum)) = current {
            total.execute(rusqlite::params![id, sum])?;
        }
        Ok(())
    })
}

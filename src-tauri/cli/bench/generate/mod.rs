//! `relata bench generate`: a reproducible European dataset written straight into a data dir.
//!
//! The schema comes from `Store::open` (migrations and seeds); the rows are then written with raw prepared
//! INSERTs in large transactions on one connection, search entries included, so a million people take
//! seconds, not the hours the one-record-per-transaction services would need.

mod companies;
mod orders;
mod people;
mod tickets;
mod work;

pub use people::BENCH_TAG;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use relata_core::clock::ManualClock;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::store::fts::{self, Index};
use relata_core::store::set_aside::{SetAside, Unique};
use relata_core::store::{Store, DB_FILE};

/// Every timestamp is relative to this instant (2026-01-01T00:00:00Z), so the same seed gives the same
/// file on any day.
pub const ANCHOR_MS: i64 = 1_767_225_600_000;
pub const DAY_MS: i64 = 86_400_000;

/// Rows per transaction: large enough that commits cost nothing, small enough to report progress.
const BATCH: u64 = 50_000;

/// How many of each record a dataset of `people` people gets (the 1M : 100k : 300k : 3M : 200k, and
/// 50k products, 1M orders and 3M order lines, 200k tickets with 1M events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub people: u64,
    pub companies: u64,
    pub deals: u64,
    pub activities: u64,
    pub tasks: u64,
    pub products: u64,
    pub orders: u64,
    pub order_lines: u64,
    pub tickets: u64,
    /// The generator's target; the events written come close to it (about 1.5 % over: see generate/tickets.rs).
    pub ticket_events: u64,
}

impl Counts {
    pub fn for_people(people: u64) -> Counts {
        Counts {
            people,
            companies: (people / 10).max(1),
            deals: people * 3 / 10,
            activities: people * 3,
            tasks: people / 5,
            products: (people / 20).max(1),
            orders: people,
            order_lines: people * orders::LINES_PER_ORDER,
            tickets: (people / 5).max(1),
            ticket_events: people.max(5),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    pub counts: Counts,
    pub seed: u64,
    pub seconds: f64,
    /// Seconds per part, in the order written.
    pub parts: Vec<(String, f64)>,
}

/// What the generator reports while it runs: (part, rows written so far, rows in the part).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, u64);

/// Fills an empty data dir. Refuses one that already holds people, so a dataset is never mixed with
/// real data.
pub fn generate(data_dir: &Path, people: u64, seed: u64, progress: Progress) -> AppResult<Generated> {
    if people == 0 {
        return Err(AppError::field(ErrorCode::InvalidValue, "people", "the dataset needs at least one person"));
    }
    let started = Instant::now();
    let store = Store::open(data_dir, Arc::new(ManualClock::new(ANCHOR_MS)))?;
    let has_people: bool =
        store.read(|c| Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM people)", [], |r| r.get(0))?))?;
    if has_people {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "data_dir",
            format!("{} already holds people; generate into an empty data dir", data_dir.display()),
        ));
    }
    tickets::sla_rules(&store)?;
    drop(store);

    let mut conn = Connection::open(data_dir.join(DB_FILE))?;
    // The keyed tables' triggers (taggings, custom values) derive ids with the store's SQL function.
    relata_core::store::sync::keys::register(&conn)?;
    // A generated file can be generated again, so durability is traded for speed while writing it.
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;",
    )?;
    let counts = Counts::for_people(people);
    let mut parts = Vec::new();
    let mut timed = |name: &str, f: &mut dyn FnMut() -> AppResult<()>| -> AppResult<()> {
        let t = Instant::now();
        f()?;
        parts.push((name.to_string(), t.elapsed().as_secs_f64()));
        Ok(())
    };
    // Secondary indexes are built once after the load (a sort each) instead of row by row (a random
    // b-tree insert per row and index): the load writes mostly appends.
    let mut indexes = Some(SetAside::tables(&conn, FILLED, Unique::SetAside)?);
    let vocab = people::Vocabulary::create(&conn)?;
    let mut company_names = Vec::new();
    timed("companies", &mut || {
        company_names = companies::write(&mut conn, seed, counts.companies, progress)?;
        Ok(())
    })?;
    let mut person_company = Vec::new();
    timed("people", &mut || {
        person_company = people::write(&mut conn, seed, &counts, &company_names, &vocab, progress)?;
        Ok(())
    })?;
    timed("deals", &mut || work::deals(&mut conn, seed, &counts, &person_company, &company_names, progress))?;
    timed("activities", &mut || work::activities(&mut conn, seed, &counts, &person_company, progress))?;
    timed("tasks", &mut || work::tasks(&mut conn, seed, &counts, &person_company, progress))?;
    let mut products = Vec::new();
    timed("products", &mut || {
        products = orders::products(&mut conn, seed, &counts, progress)?;
        Ok(())
    })?;
    timed("orders", &mut || orders::orders(&mut conn, seed, &counts, &person_company, &products, progress))?;
    timed("tickets", &mut || tickets::tickets(&mut conn, seed, &counts, &person_company, progress))?;
    timed("indexes", &mut || {
        if let Some(indexes) = indexes.take() {
            indexes.rebuild(&conn)?;
        }
        [Index::People, Index::Companies, Index::Deals].into_iter().try_for_each(|i| fts::optimize(&conn, i))
    })?;
    timed("analyze", &mut || {
        // Fresh statistics, so the planner picks the indexes the lists were built for.
        conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    })?;
    Ok(Generated { counts, seed, seconds: started.elapsed().as_secs_f64(), parts })
}

/// The tables the generator fills.
const FILLED: &[&str] = &[
    "companies",
    "people",
    "person_emails",
    "person_phones",
    "taggings",
    "custom_values",
    "deals",
    "activities",
    "tasks",
    "audit_log",
    "products",
    "product_prices",
    "orders",
    "order_lines",
    "tickets",
    "ticket_events",
];

/// Runs `row(tx, i)` for `i` in `0..total`, committing every `BATCH` rows.
fn in_batches(
    conn: &mut Connection,
    part: &str,
    total: u64,
    progress: Progress,
    mut row: impl FnMut(&Transaction, u64) -> AppResult<()>,
) -> AppResult<()> {
    let mut done = 0;
    while done < total {
        let end = (done + BATCH).min(total);
        let tx = conn.transaction()?;
        for i in done..end {
            row(&tx, i)?;
        }
        tx.commit()?;
        done = end;
        progress(part, done, total);
    }
    Ok(())
}

/// A moment `0..=days` days before the anchor, at a random time of day.
fn days_ago(rng: &mut relata_core::rng::Rng, days: i64) -> i64 {
    ANCHOR_MS - rng.range(0, days) * DAY_MS - rng.range(0, DAY_MS - 1)
}

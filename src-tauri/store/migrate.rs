//! Ordered schema migrations tracked in `PRAGMA user_version`. Every pending step (its SQL plus its seed)
//! runs in one transaction, so a failed upgrade leaves the previous schema untouched.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;

struct Migration {
    version: i32,
    sql: &'static str,
    /// Data a fresh schema needs, written with the clock's time (SQL files cannot see the injected clock).
    seed: Option<fn(&Transaction, Millis) -> AppResult<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("migrations/0001_init.sql"), seed: Some(seed_defaults) },
    Migration { version: 2, sql: include_str!("migrations/0002_reminders.sql"), seed: None },
    Migration { version: 3, sql: include_str!("migrations/0003_cadences.sql"), seed: Some(seed_cadences) },
    Migration { version: 4, sql: include_str!("migrations/0004_scoring.sql"), seed: None },
    Migration { version: 5, sql: include_str!("migrations/0005_imports.sql"), seed: None },
    Migration { version: 6, sql: include_str!("migrations/0006_consent_backups.sql"), seed: None },
    Migration { version: 7, sql: include_str!("migrations/0007_audit.sql"), seed: Some(audit_triggers) },
    Migration { version: 8, sql: include_str!("migrations/0008_dashboard_indexes.sql"), seed: None },
    Migration { version: 9, sql: include_str!("migrations/0009_search_prefixes.sql"), seed: Some(refill_people_fts) },
    Migration { version: 10, sql: include_str!("migrations/0010_import_ranges.sql"), seed: Some(audit_triggers) },
    Migration { version: 11, sql: include_str!("migrations/0011_scoring_activity_index.sql"), seed: None },
    Migration { version: 12, sql: include_str!("migrations/0012_search_backlog.sql"), seed: None },
];

pub const LATEST_VERSION: i32 = 12;

pub fn user_version(conn: &Connection) -> AppResult<i32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub fn run(conn: &mut Connection, now: Millis) -> AppResult<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    if current > LATEST_VERSION {
        return Err(AppError::new(
            ErrorCode::SchemaTooNew,
            format!(
                "this data was written by a newer Relata (schema {current}, this build knows {LATEST_VERSION}); \
                 update Relata"
            ),
        ));
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql)
            .map_err(|e| AppError::new(ErrorCode::Database, format!("migration {} failed: {e}", m.version)))?;
        if let Some(seed) = m.seed {
            seed(&tx, now)?;
        }
        // user_version cannot be bound as a parameter; the value is our own constant.
        tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('default_currency', '\"EUR\"', ?1)",
        [now],
    )?;
    tx.commit()?;
    Ok(())
}

/// Generated from the record tables' columns as they are at this version (see services/audit).
fn audit_triggers(tx: &Transaction, _now: Millis) -> AppResult<()> {
    crate::services::audit::install_triggers(tx)
}

/// The people index was recreated with columns; its entries are written again from the records.
fn refill_people_fts(tx: &Transaction, _now: Millis) -> AppResult<()> {
    crate::services::people::reindex_all(tx)
}

/// The seeded pipelines: (system_key, English name, [(stage system_key, English name, probability)]).
type SeedPipeline = (&'static str, &'static str, &'static [(&'static str, &'static str, i32)]);

const PIPELINES: &[SeedPipeline] = &[
    (
        "sales",
        "Sales",
        &[
            ("qualification", "Qualification", 10),
            ("meeting", "Meeting", 25),
            ("proposal", "Proposal", 50),
            ("negotiation", "Negotiation", 75),
        ],
    ),
    ("renewals", "Renewals", &[("check_in", "Check-in", 20), ("offer", "Offer", 50), ("decision", "Decision", 80)]),
];

fn seed_defaults(tx: &Transaction, now: Millis) -> AppResult<()> {
    for (position, (key, name, stages)) in PIPELINES.iter().enumerate() {
        // Idempotent by system_key, so re-running a seed can never duplicate the defaults.
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM pipelines WHERE system_key = ?1)", [key], |r| r.get(0))?;
        if exists {
            continue;
        }
        tx.execute(
            "INSERT INTO pipelines (name, system_key, position, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            rusqlite::params![name, key, position as i64, now],
        )?;
        let pipeline_id = tx.last_insert_rowid();
        for (pos, (skey, sname, probability)) in stages.iter().enumerate() {
            tx.execute(
                "INSERT INTO stages (pipeline_id, name, system_key, position, probability, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                rusqlite::params![pipeline_id, sname, skey, pos as i64, probability, now],
            )?;
        }
    }
    Ok(())
}

/// The default cadence: (offset_days, kind, title template). `{name}` becomes the person's name.
const NEW_LEAD_STEPS: &[(i32, &str, &str)] = &[
    (0, "call", "Introduce yourself to {name}"),
    (3, "email", "Send {name} more information"),
    (7, "call", "Check in with {name}"),
    (14, "email", "Last follow-up with {name}"),
];

fn seed_cadences(tx: &Transaction, now: Millis) -> AppResult<()> {
    let (key, name) = ("new_lead", "New lead follow-up");
    // Idempotent by system_key; a user cadence that already took the name (impossible on a fresh v3 schema,
    // but cheap to guard) keeps it, and the default is then not seeded.
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM cadences WHERE system_key = ?1 OR name_key = ?2)",
        rusqlite::params![key, fold(name)],
        |r| r.get(0),
    )?;
    if taken {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO cadences (name, name_key, system_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        rusqlite::params![name, fold(name), key, now],
    )?;
    let cadence_id = tx.last_insert_rowid();
    for (pos, (offset, kind, title)) in NEW_LEAD_STEPS.iter().enumerate() {
        tx.execute(
            "INSERT INTO cadence_steps (cadence_id, position, offset_days, kind, title) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![cadence_id, pos as i64, offset, kind, title],
        )?;
    }
    Ok(())
}

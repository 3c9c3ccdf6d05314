//! Ordered schema migrations tracked in `PRAGMA user_version`. Every pending step (its SQL plus its seed)
//! runs in one transaction, so a failed upgrade leaves the previous schema untouched.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;

/// What a migration does after its SQL. Each step is store code of its own (never a call into the services,
/// whose rules move on while a migration must keep doing what it did when it was written).
#[derive(Clone, Copy)]
enum Then {
    Nothing,
    /// Data a fresh schema needs, written with the clock's time (SQL files cannot see the injected clock).
    Seed(fn(&Transaction, Millis) -> AppResult<()>),
    /// The record tables' columns changed: generate their audit triggers again from the columns as they are now.
    ReinstallAuditTriggers,
    /// The people search index was recreated: write every person's entry again from the rows.
    RefillPeopleIndex,
}

struct Migration {
    version: i32,
    sql: &'static str,
    then: Then,
}

const fn m(version: i32, sql: &'static str, then: Then) -> Migration {
    Migration { version, sql, then }
}

const MIGRATIONS: &[Migration] = &[
    m(1, include_str!("migrations/0001_init.sql"), Then::Seed(seed_defaults)),
    m(2, include_str!("migrations/0002_reminders.sql"), Then::Nothing),
    m(3, include_str!("migrations/0003_cadences.sql"), Then::Seed(seed_cadences)),
    m(4, include_str!("migrations/0004_scoring.sql"), Then::Nothing),
    m(5, include_str!("migrations/0005_imports.sql"), Then::Nothing),
    m(6, include_str!("migrations/0006_consent_backups.sql"), Then::Nothing),
    m(7, include_str!("migrations/0007_audit.sql"), Then::ReinstallAuditTriggers),
    m(8, include_str!("migrations/0008_dashboard_indexes.sql"), Then::Nothing),
    m(9, include_str!("migrations/0009_search_prefixes.sql"), Then::RefillPeopleIndex),
    m(10, include_str!("migrations/0010_import_ranges.sql"), Then::ReinstallAuditTriggers),
    m(11, include_str!("migrations/0011_scoring_activity_index.sql"), Then::Nothing),
    m(12, include_str!("migrations/0012_search_backlog.sql"), Then::Nothing),
    m(13, include_str!("migrations/0013_system_events.sql"), Then::ReinstallAuditTriggers),
    m(14, include_str!("migrations/0014_mail_accounts.sql"), Then::Nothing),
    m(15, include_str!("migrations/0015_outbox.sql"), Then::Nothing),
    m(16, include_str!("migrations/0016_mail_sync.sql"), Then::Nothing),
    m(17, include_str!("migrations/0017_templates.sql"), Then::Nothing),
    m(TEAM_SYNC_MIGRATION, include_str!("migrations/0018_team_sync.sql"), Then::Nothing),
    m(19, include_str!("migrations/0019_tickets.sql"), Then::Nothing),
    m(20, include_str!("migrations/0020_segments.sql"), Then::Nothing),
    m(21, include_str!("migrations/0021_enrichment.sql"), Then::Seed(super::phones::to_e164)),
    m(22, include_str!("migrations/0022_mail_flags_status.sql"), Then::Nothing),
    m(23, include_str!("migrations/0023_support_mailbox.sql"), Then::Nothing),
    m(24, include_str!("migrations/0024_orders.sql"), Then::Nothing),
    m(25, include_str!("migrations/0025_ticket_alerts.sql"), Then::Nothing),
    m(26, include_str!("migrations/0026_rules.sql"), Then::Seed(super::rule_events::install_seed)),
    m(27, include_str!("migrations/0027_keyed_links.sql"), Then::Nothing),
    m(28, include_str!("migrations/0028_calls.sql"), Then::ReinstallAuditTriggers),
    m(29, include_str!("migrations/0029_rule_signals.sql"), Then::Seed(super::builtin_rules::seed)),
    m(30, include_str!("migrations/0030_campaigns.sql"), Then::Nothing),
    m(31, include_str!("migrations/0031_campaign_sync.sql"), Then::Seed(super::campaign_keys::fill)),
    m(32, include_str!("migrations/0032_ticket_list_indexes.sql"), Then::Nothing),
    m(33, include_str!("migrations/0033_ticket_event_times.sql"), Then::Nothing),
    m(34, include_str!("migrations/0034_ticket_search.sql"), Then::Nothing),
    // Rebuilds mail_replies, whose automation signal trigger goes with the old table.
    m(35, include_str!("migrations/0035_member_records.sql"), Then::Seed(super::rule_events::install_seed)),
    m(36, include_str!("migrations/0036_ticket_sla.sql"), Then::Nothing),
    // Orders join the trash and the audit trail: their audit triggers.
    m(37, include_str!("migrations/0037_order_trash.sql"), Then::ReinstallAuditTriggers),
    m(38, include_str!("migrations/0038_ticket_sla_facts.sql"), Then::Nothing),
    m(39, include_str!("migrations/0039_campaign_pauses.sql"), Then::Nothing),
    m(40, include_str!("migrations/0040_documents.sql"), Then::Nothing),
    m(41, include_str!("migrations/0041_people_source.sql"), Then::Nothing),
    m(42, include_str!("migrations/0042_ticket_sla_counts.sql"), Then::Nothing),
    // The analytics figures read the counted orders from one covering index.
    m(43, include_str!("migrations/0043_orders_counted.sql"), Then::Nothing),
    // The counted orders kept packed per month for the analytics figures, marked dirty by triggers.
    m(44, include_str!("migrations/0044_order_facts.sql"), Then::Nothing),
    // The Dashboard's people, deal and conversion cards read covering indexes.
    m(45, include_str!("migrations/0045_dashboard_cards.sql"), Then::Nothing),
    // Revenue's won deals per month read a covering index.
    m(46, include_str!("migrations/0046_deals_won_covering.sql"), Then::Nothing),
];

/// The migration that added team sync (global ids, change capture): a store below it is migrated in place.
pub const TEAM_SYNC_MIGRATION: i32 = 18;

/// The schema version this build writes: the last migration's.
pub const LATEST_VERSION: i32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn user_version(conn: &Connection) -> AppResult<i32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub fn run(conn: &mut Connection, now: Millis) -> AppResult<()> {
    run_to(conn, now, LATEST_VERSION)
}

/// Runs the migrations up to `target` only: `run` with the latest version, and tests that need a store as an
/// older build left it (an upgrade test then opens it normally).
pub fn run_to(conn: &mut Connection, now: Millis, target: i32) -> AppResult<()> {
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
    for m in MIGRATIONS.iter().filter(|m| m.version > current && m.version <= target) {
        tx.execute_batch(m.sql)
            .map_err(|e| AppError::new(ErrorCode::Database, format!("migration {} failed: {e}", m.version)))?;
        match m.then {
            Then::Nothing => {}
            Then::Seed(seed) => seed(&tx, now)?,
            Then::ReinstallAuditTriggers => super::audit_triggers::install(&tx)?,
            Then::RefillPeopleIndex => super::people_index::reindex_all(&tx)?,
        }
        // user_version cannot be bound as a parameter; the value is our own constant.
        tx.execute_batch(&format!("PRAGMA user_version = {}", m.version))?;
    }
    // Synced tables' ids and change-capture triggers follow the registry (a no-op when it did not change).
    // This build's registry fits this build's schema only: a store left at an older version (tests) gets
    // them when it is opened normally.
    if target >= TEAM_SYNC_MIGRATION && target == LATEST_VERSION {
        super::sync::capture::ensure(&tx)?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('default_currency', '\"EUR\"', ?1)",
        [now],
    )?;
    tx.commit()?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_run_one_by_one_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i32 + 1, "migration {} is out of order", m.version);
        }
        assert_eq!(LATEST_VERSION, MIGRATIONS.len() as i32);
    }
}

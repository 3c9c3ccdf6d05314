//! The figures of `relata bench`, one module each, measured on one dataset in one run. A figure whose
//! product path is not built yet reports itself pending instead of a number.

pub mod analytics;
pub mod cold_open;
pub mod dashboard;
pub mod import;
pub mod list;
pub mod mail;
pub mod mail_fetch;
pub mod orders_import;
pub mod rescore;
pub mod rules;
pub mod search;
pub mod segments;
pub mod tickets;
pub mod upsell;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::figure::Figure;
use relata_core::error::AppResult;
use relata_core::store::{Store, DB_FILE};

/// What every figure may use: the open store, where it lives and the binary to spawn for cold runs.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub data_dir: &'a Path,
    pub exe: PathBuf,
}

impl Ctx<'_> {
    /// A plain read-only connection for the raw references: no pool, no transaction wrapper.
    pub fn raw_conn(&self) -> AppResult<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::open_with_flags(self.data_dir.join(DB_FILE), flags)?)
    }
}

type Measure = fn(&Ctx) -> AppResult<Figure>;

/// Every figure in report order (or those whose key is in `only`, when it is not empty); `progress` hears
/// the name of each before it runs.
pub fn measure_all(ctx: &Ctx, only: &[String], progress: &mut dyn FnMut(&str)) -> AppResult<Vec<Figure>> {
    let figures: [(&str, Measure); 25] = [
        ("search", search::measure),
        ("list_tag_name", list::by_tag_and_name),
        ("list_tag_score", list::by_tag_and_score),
        ("import", import::measure),
        ("rescore", rescore::measure),
        ("dashboard", dashboard::measure),
        ("cold_open", cold_open::measure),
        ("list_search", search::list_page),
        ("mail_match", mail::matching),
        // Against the server the RELATA_BENCH_IMAP_* variables name; pending without them.
        ("mail_fetch", mail_fetch::fetch),
        ("segment_count", segments::count),
        ("segment_page", segments::first_page),
        ("analytics_revenue", analytics::revenue),
        ("analytics_churn", analytics::churn),
        ("analytics_retention", analytics::retention),
        ("analytics_dashboard", analytics::dashboard_page),
        ("rules_write", rules::single_write),
        ("rules_import", rules::import),
        ("upsell_build", upsell::build),
        ("upsell_suggest", upsell::suggest),
        ("orders_import", orders_import::measure),
        ("tickets_list", tickets::list),
        ("support_dashboard", tickets::dashboard),
        ("ticket_search", tickets::search),
        // Last: it writes (in a transaction it rolls back).
        ("mail_sync", mail::sync_store),
    ];
    let mut out = Vec::new();
    for (key, measure) in figures.into_iter().filter(|(key, _)| only.is_empty() || only.iter().any(|o| o == key)) {
        progress(key);
        out.push(measure(ctx)?);
    }
    Ok(out)
}

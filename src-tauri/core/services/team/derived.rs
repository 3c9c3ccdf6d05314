//! Local-only columns and search entries recomputed after a pull wrote a record, per synced table (the
//! store's registry names the synced fields; these are the service rules that derive the rest).

use rusqlite::Transaction;

use super::super::{companies, people, scoring, tickets};
use crate::error::AppResult;
use crate::store::fold::fold;
use crate::store::fts::{self, Index};

pub fn after_apply(tx: &Transaction, table: &str, id: i64) -> AppResult<()> {
    match table {
        "people" => {
            let live: bool = tx.query_row("SELECT deleted_at IS NULL FROM people WHERE id = ?1", [id], |r| r.get(0))?;
            if live {
                let input = people::load(tx, id)?.to_input();
                let key = people::sort_key(&input);
                tx.execute("UPDATE people SET sort_name = ?1 WHERE id = ?2", rusqlite::params![key, id])?;
            }
            people::reindex(tx, id)
        }
        "companies" => {
            let name: String = tx.query_row("SELECT name FROM companies WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute(
                "UPDATE companies SET name_key = ?1, sort_name = ?2 WHERE id = ?3",
                rusqlite::params![name.to_lowercase(), fold(&name), id],
            )?;
            companies::reindex(tx, id)?;
            people::reindex_company(tx, id)
        }
        "tickets" => tickets::sla_cache::refresh(tx, &[id]),
        "ticket_events" => {
            let ticket: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT ticket_id FROM ticket_events WHERE id = ?1",
                [id],
                |r| r.get(0),
            ))?;
            tickets::sla_cache::refresh(tx, &ticket.into_iter().collect::<Vec<_>>())
        }
        "deals" => {
            let title: String = tx.query_row("SELECT title FROM deals WHERE id = ?1", [id], |r| r.get(0))?;
            fts::put(tx, Index::Deals, id, &[&title])
        }
        _ => Ok(()),
    }
}

/// What depends on a whole batch rather than one record: pulled scoring rules rescore every lead once.
pub fn after_batch<'a>(tx: &Transaction, tables: impl IntoIterator<Item = &'a str>, now: i64) -> AppResult<()> {
    if tables.into_iter().any(|t| t == "scoring_rules") {
        scoring::rescore_all_in(tx, now)?;
    }
    Ok(())
}

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::{Entity, Id};
use relata_core::error::AppResult;
use relata_core::services::trash;
use relata_core::store::Store;

const ENTITIES: &[&str] = &["person", "company", "deal", "activity", "task", "order"];

#[derive(Debug, Subcommand)]
pub enum TrashCmd {
    /// List deleted records, newest first (a table, or JSON with --json).
    List(ListTrash),
    /// Restore a deleted record.
    Restore {
        /// person, company, deal, activity or task.
        #[arg(value_parser = enum_arg::<Entity>(ENTITIES))]
        entity: Entity,
        id: Id,
    },
}

#[derive(Debug, Args)]
pub struct ListTrash {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: TrashCmd) -> AppResult<()> {
    match cmd {
        TrashCmd::List(l) => {
            let items = trash::list(store)?;
            if l.json {
                return output::json(&items);
            }
            let total = items.len() as i64;
            let cells = items
                .into_iter()
                .map(|t| vec![t.entity.as_str().to_string(), t.id.to_string(), t.title, output::time(t.deleted_at)])
                .collect();
            output::table(&["TYPE", "ID", "TITLE", "DELETED"], cells, total);
            Ok(())
        }
        TrashCmd::Restore { entity, id } => {
            trash::restore(store, entity, id)?;
            output::json(&serde_json::json!({ "restored": { "entity": entity.as_str(), "id": id } }))
        }
    }
}

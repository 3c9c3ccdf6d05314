//! The conflict log as the Team settings show it: each lost value next to the one that won, as text, with
//! the record's name on this desktop (a record this desktop no longer has shows none).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Conflict;
use crate::error::AppResult;
use crate::secrets::SecretStore;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConflictView {
    pub id: i64,
    pub table: String,
    pub field: String,
    /// The record's name here (a person's full name, a company's name, a deal's or task's title).
    pub record: Option<String>,
    pub lost_value: String,
    pub won_value: String,
    pub pushed_by: String,
}

/// A field value as a person reads it: text as itself, null as nothing, anything else as JSON.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn label(conn: &Connection, table: &str, gid: &str) -> AppResult<Option<String>> {
    let expr = match table {
        "people" => "trim(first_name || ' ' || last_name)",
        "companies" | "pipelines" | "stages" => "name",
        "deals" | "tasks" => "title",
        "activities" => "COALESCE(subject, kind)",
        _ => return Ok(None),
    };
    Ok(conn
        .query_row(&format!("SELECT {expr} FROM {table} WHERE gid = ?1"), [gid], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The conflicts this user may see, newest first, ready to show.
pub async fn conflicts(store: &Store, secrets: &dyn SecretStore) -> AppResult<Vec<ConflictView>> {
    let log: Vec<Conflict> = super::conflicts(store, secrets).await?;
    store.read(|c| {
        log.iter()
            .map(|x| {
                Ok(ConflictView {
                    id: x.id,
                    table: x.table.clone(),
                    field: x.field.clone(),
                    record: label(c, &x.table, &x.gid)?,
                    lost_value: text(&x.lost_value),
                    won_value: text(&x.won_value),
                    pushed_by: x.pushed_by.clone(),
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn values_read_as_text() {
        assert_eq!(text(&serde_json::json!("Ghent")), "Ghent");
        assert_eq!(text(&serde_json::Value::Null), "");
        assert_eq!(text(&serde_json::json!(42)), "42");
    }
}

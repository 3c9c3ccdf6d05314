//! The deals list, newest first, with keyset pages.

use rusqlite::types::Value;

use super::{from_row_with_custom, COLUMNS, FROM};
use crate::domain::{Deal, DealsQuery, Entity, Page};
use crate::error::AppResult;
use crate::services::records::enum_str;
use crate::services::{custom, search};
use crate::store::fts::Index;
use crate::store::keyset::ListQuery;
use crate::store::Store;

pub fn list(store: &Store, q: &DealsQuery) -> AppResult<Page<Deal>> {
    let columns = format!("{COLUMNS}, {}", custom::json_expr(Entity::Deal, "d.id"));
    let mut lq = ListQuery::new(&columns, FROM, "d.id").sort("created_at", "d.created_at", true);
    lq.filter("d.deleted_at IS NULL", []);
    let ids = [
        ("d.pipeline_id = ?", q.pipeline_id),
        ("d.stage_id = ?", q.stage_id),
        ("d.person_id = ?", q.person_id),
        ("d.company_id = ?", q.company_id),
    ];
    for (sql, id) in ids {
        if let Some(id) = id {
            lq.filter(sql, [Value::Integer(id)]);
        }
    }
    if let Some(status) = q.status {
        lq.filter("d.status = ?", [Value::Text(enum_str(&status))]);
    }
    search::filter(&mut lq, Index::Deals, "d.id", q.search.as_deref());
    store.read(|conn| lq.fetch(conn, q.limit, q.cursor.as_deref(), from_row_with_custom))
}

//! Child tables that travel as one list field of their parent (a person's emails, an order's lines, a
//! product's prices), generated from their `ListField` declaration: the JSON value a trigger records, and
//! the rewrite of the child rows when a pull brings the list. A column that references a synced table
//! travels as the referenced row's global id and is resolved back to the local id here; a reference whose
//! target has not arrived is remembered in `sync_unresolved` (under the child table) and linked later.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde_json::Value;

use super::apply::to_sql;
use super::registry::{ListField, SYNCED};
use crate::error::{AppError, AppResult, ErrorCode};

/// The JSON list value of a list field for parent row id `parent_id` (an SQL expression): each row as an
/// array of its columns, references as global ids, in `position` order (or by the columns' wire values).
pub(crate) fn list_sql(l: &ListField, parent_id: &str) -> String {
    let names = l.columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let values = l
        .columns
        .iter()
        .map(|c| match l.reference(c) {
            Some(target) => format!("(SELECT gid FROM {target} WHERE id = li.\"{c}\") AS \"{c}\""),
            None => format!("li.\"{c}\" AS \"{c}\""),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let order = l.position.map(|p| format!("li.\"{p}\"")).unwrap_or_else(|| names.clone());
    format!(
        "(SELECT json_group_array(json_array({names})) FROM (SELECT {values} FROM {tbl} li \
         WHERE li.\"{pc}\" = {parent_id} ORDER BY {order}))",
        tbl = l.table,
        pc = l.parent_col,
    )
}

/// The list table `name` declares, if it is one.
pub fn list_table(name: &str) -> Option<&'static ListField> {
    SYNCED.iter().flat_map(|t| t.lists.iter()).find(|l| l.table == name)
}

/// Whether the child table has an integer `id` (rows that a remembered reference can point at).
fn has_id(tx: &Transaction, table: &str) -> AppResult<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = 'id')")?
        .query_row([table], |r| r.get(0))?)
}

fn required(tx: &Transaction, table: &str, column: &str) -> AppResult<bool> {
    Ok(tx
        .prepare_cached("SELECT \"notnull\" = 1 FROM pragma_table_info(?1) WHERE name = ?2")?
        .query_row([table, column], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

fn local_id(tx: &Transaction, target: &str, gid: &str) -> AppResult<Option<i64>> {
    Ok(tx
        .prepare_cached(&format!("SELECT id FROM {target} WHERE gid = ?1"))?
        .query_row([gid], |r| r.get(0))
        .optional()?)
}

/// A pulled list row as it is inserted (parent, position, columns) and its references still waiting for
/// their target: (column, target table, gid).
type Row<'a> = (Vec<SqlValue>, Vec<(&'a str, &'a str, String)>);

/// Writes the pulled list as the child rows of `parent`: replaces them, or (a list with a `key`) updates them
/// in place by key and deletes only the rows it no longer has.
pub(crate) fn write_list(tx: &Transaction, l: &ListField, parent: i64, value: &Value) -> AppResult<()> {
    let ids = has_id(tx, l.table)?;
    if ids && !l.refs.is_empty() {
        tx.execute(
            &format!(
                "DELETE FROM sync_unresolved WHERE tbl = ?1 AND row_id IN (SELECT id FROM {} WHERE \"{}\" = ?2)",
                l.table, l.parent_col
            ),
            params![l.table, parent],
        )?;
    }
    let rows = rows(tx, l, parent, value)?;
    let mut names = vec![l.parent_col];
    names.extend(l.position);
    names.extend(l.columns.iter().copied());
    let quoted = names.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let marks = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let mut sql = format!("INSERT INTO {} ({quoted}) VALUES ({marks})", l.table);
    // The positions in a row of the key columns (the parent first).
    let key_at: Vec<usize> = match l.key {
        None => {
            tx.execute(&format!("DELETE FROM {} WHERE \"{}\" = ?1", l.table, l.parent_col), [parent])?;
            vec![]
        }
        Some(key) => {
            let at: Vec<usize> =
                std::iter::once(0).chain(key.iter().filter_map(|k| names.iter().position(|n| n == k))).collect();
            remove_missing(tx, l, parent, &names, &at, &rows)?;
            let rest: Vec<String> = (0..names.len())
                .filter(|i| !at.contains(i))
                .map(|i| format!("\"{0}\" = excluded.\"{0}\"", names[i]))
                .collect();
            let target = at.iter().map(|&i| format!("\"{}\"", names[i])).collect::<Vec<_>>().join(", ");
            let action =
                if rest.is_empty() { "NOTHING".to_string() } else { format!("UPDATE SET {}", rest.join(", ")) };
            sql.push_str(&format!(" ON CONFLICT ({target}) DO {action}"));
            at
        }
    };
    for (row, waiting) in rows {
        tx.execute(&sql, params_from_iter(&row))?;
        if !ids || waiting.is_empty() {
            continue;
        }
        let id: i64 = if key_at.is_empty() {
            tx.last_insert_rowid()
        } else {
            let cond = key_at.iter().map(|&i| format!("\"{}\" IS ?", names[i])).collect::<Vec<_>>().join(" AND ");
            let sql = format!("SELECT id FROM {} WHERE {cond}", l.table);
            tx.query_row(&sql, params_from_iter(key_at.iter().map(|&i| &row[i])), |r| r.get(0))?
        };
        for (column, target, gid) in waiting {
            tx.execute(
                "INSERT INTO sync_unresolved (tbl, row_id, col, target, gid) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![l.table, id, column, target, gid],
            )?;
        }
    }
    Ok(())
}

/// The pulled list's rows with their references resolved; a row whose required reference does not resolve
/// here is left out (a segment member this user cannot see).
fn rows<'a>(tx: &Transaction, l: &'a ListField, parent: i64, value: &Value) -> AppResult<Vec<Row<'a>>> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::Null => &[],
        _ => return Err(AppError::new(ErrorCode::Database, format!("list field {} is not a list", l.field))),
    };
    let mut out = Vec::with_capacity(items.len());
    'rows: for item in items {
        let parts = item.as_array().map(Vec::as_slice).unwrap_or(&[]);
        let mut row: Vec<SqlValue> = vec![SqlValue::Integer(parent)];
        if l.position.is_some() {
            row.push(SqlValue::Integer(out.len() as i64));
        }
        let mut waiting = vec![];
        for (i, c) in l.columns.iter().enumerate() {
            let part = parts.get(i).unwrap_or(&Value::Null);
            let Some(target) = l.reference(c) else {
                row.push(parts.get(i).map(to_sql).unwrap_or(SqlValue::Text(String::new())));
                continue;
            };
            let Some(gid) = part.as_str() else {
                row.push(SqlValue::Null);
                continue;
            };
            match local_id(tx, target, gid)? {
                Some(id) => row.push(SqlValue::Integer(id)),
                None if required(tx, l.table, c)? => continue 'rows,
                None => {
                    row.push(SqlValue::Null);
                    waiting.push((*c, target, gid.to_string()));
                }
            }
        }
        out.push((row, waiting));
    }
    Ok(out)
}

/// Deletes the child rows of a keyed list whose key the pulled rows do not have.
fn remove_missing(
    tx: &Transaction,
    l: &ListField,
    parent: i64,
    names: &[&str],
    at: &[usize],
    rows: &[Row],
) -> AppResult<()> {
    let cols = at.iter().map(|&i| format!("\"{}\"", names[i])).collect::<Vec<_>>().join(", ");
    let mut stmt = tx.prepare(&format!("SELECT {cols} FROM {} WHERE \"{}\" = ?1", l.table, l.parent_col))?;
    let here: Vec<Vec<SqlValue>> = stmt
        .query_map([parent], |r| (0..at.len()).map(|i| r.get::<_, SqlValue>(i)).collect())?
        .collect::<rusqlite::Result<_>>()?;
    let cond = at.iter().map(|&i| format!("\"{}\" IS ?", names[i])).collect::<Vec<_>>().join(" AND ");
    let delete = format!("DELETE FROM {} WHERE {cond}", l.table);
    for key in here {
        if !rows.iter().any(|(row, _)| at.iter().zip(&key).all(|(&i, v)| &row[i] == v)) {
            tx.execute(&delete, params_from_iter(&key))?;
        }
    }
    Ok(())
}

/// Links a remembered reference of a list row when its target's row `gid` is here now: true when it did.
/// Table and column names come from the registry, never from the entry.
pub(crate) fn resolve_row(tx: &Transaction, table: &str, id: i64, column: &str, gid: &str) -> AppResult<bool> {
    let Some(l) = list_table(table) else { return Ok(false) };
    let Some((column, target)) = l.refs.iter().find(|(c, _)| *c == column) else { return Ok(false) };
    let Some(target_id) = local_id(tx, target, gid)? else { return Ok(false) };
    let table = l.table;
    tx.execute(&format!("UPDATE {table} SET \"{column}\" = ?1 WHERE id = ?2"), params![target_id, id])?;
    Ok(true)
}

//! Rows written many to one `INSERT` (an import's): the statement for a number of rows, and binding a row's
//! values at its place in it. SQLite pays a fixed cost per statement (its statement journal when the table
//! has triggers, its CHECK lists, the end of the statement) that one row does not repay.

use rusqlite::{Statement, ToSql};

use crate::error::AppResult;

/// `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows of `params` values each.
pub fn insert_sql(table: &str, columns: &str, params: usize, rows: usize) -> String {
    let row = format!("({})", vec!["?"; params].join(", "));
    format!("INSERT INTO {table} ({columns}) VALUES {}", vec![row.as_str(); rows].join(", "))
}

/// Binds `values` to parameters `at`, `at + 1`, … (1-based).
pub fn bind(st: &mut Statement, at: usize, values: &[&dyn ToSql]) -> AppResult<()> {
    for (i, v) in values.iter().enumerate() {
        st.raw_bind_parameter(at + i, v)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_statement_takes_every_row() {
        assert_eq!(insert_sql("t", "a, b", 2, 3), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)");
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let mut st = conn.prepare(&insert_sql("t", "a, b", 2, 2)).unwrap();
        bind(&mut st, 1, &[&1, &"one"]).unwrap();
        bind(&mut st, 3, &[&2, &"two"]).unwrap();
        assert_eq!(st.raw_execute().unwrap(), 2);
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT a, b FROM t ORDER BY a")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows, vec![(1, "one".into()), (2, "two".into())]);
    }
}

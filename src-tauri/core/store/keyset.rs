//! Keyset pagination shared by every list: rows are ordered by (sort key, id) and a page starts after the
//! last row of the previous one, so pages never skip or repeat rows and never pay for an OFFSET. The total
//! is counted for the first page only and travels in the cursor: counting a million rows on every page
//! would cost more than the page itself (the UI refetches from the first page when data changes).

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use crate::domain::Page;
use crate::error::{AppError, AppResult, ErrorCode};

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;

/// Sorts after every real text, so empty values end up last in an ascending list.
pub const TEXT_LAST: &str = "char(1114111)";

pub fn clamp_limit(limit: Option<u32>) -> u32 {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// A list query under construction. Filters use anonymous `?` placeholders, bound in the order added.
#[derive(Clone)]
pub struct ListQuery {
    columns: String,
    from: String,
    filters: Vec<String>,
    params: Vec<Value>,
    sort_key: String,
    id_col: String,
    desc: bool,
    /// Names the sort in the cursor, so a cursor from another sort order is refused, not misread.
    tag: String,
    /// A cheaper query giving the same total as counting the filtered rows (see `total_by`).
    total_sql: Option<(String, Vec<Value>)>,
    /// Set by `total_at_least`: the total is not counted, this is a lower bound.
    lower_bound: Option<i64>,
    /// Set by `keys_first`: the page's rows are chosen by their keys alone, then read in full.
    keys_first: bool,
}

impl ListQuery {
    pub fn new(columns: &str, from: &str, id_col: &str) -> Self {
        ListQuery {
            columns: columns.to_string(),
            from: from.to_string(),
            filters: Vec::new(),
            params: Vec::new(),
            sort_key: id_col.to_string(),
            id_col: id_col.to_string(),
            desc: false,
            tag: "id".into(),
            total_sql: None,
            lower_bound: None,
            keys_first: false,
        }
    }

    /// `key` must never be NULL: wrap nullable columns in COALESCE.
    pub fn sort(mut self, tag: &str, key: &str, desc: bool) -> Self {
        self.tag = format!("{tag}:{}", if desc { "desc" } else { "asc" });
        self.sort_key = key.to_string();
        self.desc = desc;
        self
    }

    pub fn filter(&mut self, sql: &str, params: impl IntoIterator<Item = Value>) {
        self.filters.push(sql.to_string());
        self.params.extend(params);
    }

    /// Replaces `COUNT(*)` over the filtered rows with `sql`, which must give the same number; for filters
    /// whose rows can be counted from an index alone (see `live_total`).
    pub fn total_by(&mut self, sql: String, params: Vec<Value>) {
        self.total_sql = Some((sql, params));
    }

    /// The total is already known to be exactly `n`: nothing is counted.
    pub fn total_known(&mut self, n: i64) {
        self.total_by("SELECT ?1".into(), vec![Value::Integer(n)]);
    }

    /// Skips counting: the total is reported as at least `n` (or at least the rows found), never exact
    /// unless the first page holds every row. For filters whose exact count costs more than the page.
    pub fn total_at_least(&mut self, n: i64) {
        self.lower_bound = Some(n);
    }

    /// For filters that leave a few thousand rows to sort (e.g. ids read from a search): the page is chosen
    /// by sorting only their keys, and only its rows are read in full. Otherwise SQLite computes every
    /// column (the subqueries for e-mail, phone and tags included) of every filtered row before sorting.
    pub fn keys_first(&mut self) {
        self.keys_first = true;
    }

    fn where_clause(filters: &[String]) -> String {
        if filters.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", filters.join(" AND "))
        }
    }

    pub fn fetch<T>(
        mut self,
        conn: &Connection,
        limit: Option<u32>,
        cursor: Option<&str>,
        map: impl Fn(&Row) -> rusqlite::Result<T>,
    ) -> AppResult<Page<T>> {
        let after = cursor.filter(|c| !c.is_empty()).map(|c| decode(&self.tag, c)).transpose()?;
        let (total, total_exact) = match (&after, &self.total_sql, self.lower_bound) {
            (Some(after), _, _) => (after.total, after.total_exact),
            (None, _, Some(n)) => (n, false),
            (None, Some((sql, params)), None) => {
                (conn.prepare_cached(sql)?.query_row(rusqlite::params_from_iter(params), |r| r.get(0))?, true)
            }
            (None, None, None) => {
                let sql = format!("SELECT COUNT(*) FROM {} {}", self.from, Self::where_clause(&self.filters));
                (conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(&self.params), |r| r.get(0))?, true)
            }
        };
        let first_page = after.is_none();

        let limit = clamp_limit(limit);
        if let Some(after) = after {
            let op = if self.desc { "<" } else { ">" };
            self.filters.push(format!("({}, {}) {op} (?, ?)", self.sort_key, self.id_col));
            self.params.extend([after.key, Value::Integer(after.id)]);
        }
        let dir = if self.desc { "DESC" } else { "ASC" };
        let (key, id, from, filters) = (&self.sort_key, &self.id_col, &self.from, Self::where_clause(&self.filters));
        let sql = if self.keys_first {
            format!(
                "SELECT {}, {key} AS k__, {id} AS id__ FROM {from} WHERE {id} IN \
                 (SELECT {id} FROM {from} {filters} ORDER BY {key} {dir}, {id} {dir} LIMIT ?) \
                 ORDER BY k__ {dir}, id__ {dir}",
                self.columns
            )
        } else {
            format!(
                "SELECT {}, {key} AS k__, {id} AS id__ FROM {from} {filters} ORDER BY k__ {dir}, id__ {dir} LIMIT ?",
                self.columns
            )
        };
        self.params.push(Value::Integer(i64::from(limit) + 1));

        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(&self.params))?;
        let mut items = Vec::new();
        let mut last = None;
        let mut more = false;
        while let Some(row) = rows.next()? {
            if items.len() == limit as usize {
                more = true;
                break;
            }
            items.push(map(row)?);
            last = Some((row.get::<_, Value>("k__")?, row.get::<_, i64>("id__")?));
        }
        let (total, total_exact) = match total_exact {
            true => (total, true),
            // The first page holds every row: now the count is known.
            false if first_page && !more => (items.len() as i64, true),
            false => (total.max(items.len() as i64), false),
        };
        let next_cursor = match (more, last) {
            (true, Some((key, id))) => Some(encode(&self.tag, &Cursor { key, id, total, total_exact })?),
            _ => None,
        };
        Ok(Page { items, next_cursor, total, total_exact })
    }
}

fn bad_cursor() -> AppError {
    AppError::field(ErrorCode::InvalidValue, "cursor", "the list cursor is invalid or from another sort order")
}

/// `SELECT` giving the number of live rows of `table` from two index-only counts (all rows, minus the
/// few in the trash), instead of a scan of the table.
pub fn live_total(table: &str) -> String {
    format!("SELECT (SELECT COUNT(*) FROM {table}) - (SELECT COUNT(*) FROM {table} WHERE deleted_at IS NOT NULL)")
}

/// Where a page starts: after the row with this sort key and id. `total` is the first page's count (a
/// lower bound unless `total_exact`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub key: Value,
    pub id: i64,
    pub total: i64,
    pub total_exact: bool,
}

/// `hex(json([tag, key, id, total, total_exact]))`: opaque to callers and safe in any transport.
pub fn encode(tag: &str, cursor: &Cursor) -> AppResult<String> {
    let key = match &cursor.key {
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Text(s) => serde_json::Value::from(s.as_str()),
        _ => return Err(AppError::internal("a list sort key must be an integer or text")),
    };
    let json = serde_json::to_string(&(tag, key, cursor.id, cursor.total, cursor.total_exact))?;
    Ok(json.bytes().map(|b| format!("{b:02x}")).collect())
}

pub fn decode(tag: &str, cursor: &str) -> AppResult<Cursor> {
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| cursor.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(bad_cursor)?;
    let (got_tag, key, id, total, total_exact): (String, serde_json::Value, i64, i64, bool) =
        serde_json::from_slice(&bytes).map_err(|_| bad_cursor())?;
    if got_tag != tag {
        return Err(bad_cursor());
    }
    let key = match key {
        serde_json::Value::String(s) => Value::Text(s),
        serde_json::Value::Number(n) => Value::Integer(n.as_i64().ok_or_else(bad_cursor)?),
        _ => return Err(bad_cursor()),
    };
    Ok(Cursor { key, id, total, total_exact })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_checks_its_sort() {
        let at = Cursor { key: Value::Text("søren \"x\"".into()), id: 42, total: 1_000_000, total_exact: true };
        let c = encode("name:asc", &at).unwrap();
        assert!(c.chars().all(|ch| ch.is_ascii_hexdigit()));
        assert_eq!(decode("name:asc", &c).unwrap(), at);
        assert!(decode("name:desc", &c).is_err());
        assert!(decode("name:asc", "zz").is_err());
        assert!(decode("name:asc", "abc").is_err());
        let at = Cursor { key: Value::Integer(-5), id: 7, total: 3, total_exact: false };
        let n = encode("created:desc", &at).unwrap();
        assert_eq!(decode("created:desc", &n).unwrap(), at);
    }

    #[test]
    fn limit_is_clamped() {
        assert_eq!(clamp_limit(None), 100);
        assert_eq!(clamp_limit(Some(0)), 1);
        assert_eq!(clamp_limit(Some(10_000)), 500);
    }
}

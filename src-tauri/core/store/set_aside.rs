//! Secondary indexes and idle triggers set aside during a large write. Adding rows one by one to an index
//! costs a B-tree search and often a page split per row; when a write adds many rows to a table that holds
//! few, dropping the index before the writes and building it again afterwards (one sorted pass over the table)
//! is much cheaper. An insert trigger costs every row a run of its program even when its `WHEN` is false, and
//! SQLite writes a many-row `INSERT` into a table with one through a temporary table first.
//!
//! Both happen in the caller's transaction: a failure, a cancel or a crash before the commit rolls the drop
//! back with the writes, so the store never commits without the indexes or the triggers. The definitions are
//! read from the schema, so they follow the migrations.

use rusqlite::Connection;

use crate::error::AppResult;

/// An insert trigger that writes nothing while its guard is false, whatever the row: the one on a table is
/// named `{prefix}{table}{suffix}`, and its `WHEN` clause is the guard, alone or AND-ed with more.
#[derive(Debug, Clone, Copy)]
pub struct InsertGuard {
    pub prefix: &'static str,
    pub suffix: &'static str,
    /// An SQL expression; NULL counts as false, as in a `WHEN`.
    pub guard: &'static str,
}

impl InsertGuard {
    /// Whether `sql` (a trigger's statement as the schema keeps it) is this guard's trigger on `table`.
    fn guards(&self, table: &str, sql: &str) -> bool {
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let head = format!("CREATE TRIGGER {}{table}{} AFTER INSERT ON {table} WHEN ", self.prefix, self.suffix);
        let Some(when) =
            flat(sql).strip_prefix(&head).and_then(|w| w.split_once(" BEGIN ")).map(|(w, _)| w.to_string())
        else {
            return false;
        };
        let guard = flat(self.guard);
        // Alone, or the first of conditions AND-ed with no OR (which could make the clause true without it).
        when == guard
            || when.strip_prefix(&guard).is_some_and(|rest| rest.starts_with(" AND ") && !rest.contains(" OR "))
    }
}

/// The store's insert triggers that only write while something is switched on: the audit log's (off while an
/// import lists its own creations), team sync's (off outside a team) and the automation log's (off while no
/// user rule is enabled).
pub const INSERT_GUARDS: [InsertGuard; 3] =
    [super::audit_triggers::CREATE_GUARD, super::sync::capture::INSERT_GUARD, super::rule_events::CREATE_GUARD];

/// What the schema kept of an index or trigger set aside: its type, name and `CREATE` statement.
#[derive(Debug)]
struct Kept {
    kind: &'static str,
    name: String,
    sql: String,
}

/// Whether the tables' unique indexes are set aside too. Kept, they go on checking the writes (a unique
/// index dropped would only report a clash when it is built again); an index that an ON CONFLICT clause or a
/// lookup of the write relies on must be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    Keep,
    SetAside,
}

/// Indexes and triggers dropped until [`SetAside::rebuild`].
#[derive(Debug, Default)]
#[must_use = "the indexes and triggers must be made again before the transaction commits"]
pub struct SetAside(Vec<Kept>);

impl SetAside {
    /// Drops the secondary indexes of `tables` (the ones SQLite makes for a UNIQUE or PRIMARY KEY constraint
    /// have no statement and stay).
    pub fn tables(conn: &Connection, tables: &[&str], unique: Unique) -> AppResult<SetAside> {
        let mut found = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT s.name, s.sql FROM sqlite_schema s JOIN pragma_index_list(s.tbl_name) l ON l.name = s.name
             WHERE s.type = 'index' AND s.tbl_name = ?1 AND s.sql IS NOT NULL AND (l.\"unique\" = 0 OR ?2)
             ORDER BY s.name",
        )?;
        for table in tables {
            let rows = stmt.query_map(rusqlite::params![table, unique == Unique::SetAside], |r| {
                Ok(Kept { kind: "INDEX", name: r.get(0)?, sql: r.get(1)? })
            })?;
            found.extend(rows.collect::<rusqlite::Result<Vec<Kept>>>()?);
        }
        drop_all(conn, found)
    }

    /// Drops one index or trigger by name; none is set aside if the store has no such index or trigger.
    pub fn named(conn: &Connection, name: &str) -> AppResult<SetAside> {
        let found = conn
            .prepare(
                "SELECT type = 'trigger', name, sql FROM sqlite_schema
                 WHERE type IN ('index', 'trigger') AND name = ?1 AND sql IS NOT NULL",
            )?
            .query_map([name], |r| {
                let kind = if r.get::<_, bool>(0)? { "TRIGGER" } else { "INDEX" };
                Ok(Kept { kind, name: r.get(1)?, sql: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<Kept>>>()?;
        drop_all(conn, found)
    }

    /// Drops the store's insert triggers that [`INSERT_GUARDS`] name, for each guard that is false now. The
    /// caller's write must leave the guards false until the rebuild (an import does not join a team or enable
    /// a rule). A trigger whose `WHEN` clause is not its guard's (a later version of it) stays.
    pub fn idle_insert_triggers(conn: &Connection) -> AppResult<SetAside> {
        let mut off = Vec::new();
        for guard in &INSERT_GUARDS {
            let sql = format!("SELECT COALESCE(({}), 0) = 0", guard.guard);
            if conn.query_row(&sql, [], |r| r.get::<_, bool>(0))? {
                off.push(guard);
            }
        }
        if off.is_empty() {
            return Ok(SetAside::default());
        }
        let mut stmt = conn.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'")?;
        let triggers = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
        let mut found = Vec::new();
        for trigger in triggers {
            let (name, table, sql): (String, String, String) = trigger?;
            if off.iter().any(|g| g.guards(&table, &sql)) {
                found.push(Kept { kind: "TRIGGER", name, sql });
            }
        }
        drop_all(conn, found)
    }

    /// The names of the indexes and triggers set aside.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|k| k.name.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Builds every index again, each in one sorted pass over its table, and makes the triggers again.
    pub fn rebuild(self, conn: &Connection) -> AppResult<()> {
        for kept in &self.0 {
            conn.execute_batch(&kept.sql)?;
        }
        Ok(())
    }
}

/// The secondary indexes of some tables during a long write, set aside once the rest of the write makes it
/// pay ([`pays`]) and built again by [`WhenItPays::rebuild`]. Unique indexes stay.
#[derive(Debug)]
pub struct WhenItPays {
    tables: &'static [&'static str],
    /// The highest rowid of the first table before the write: at least the rows a rebuild sorts besides the
    /// new ones.
    before: i64,
    aside: Option<SetAside>,
}

impl WhenItPays {
    pub fn new(conn: &Connection, tables: &'static [&'static str]) -> AppResult<WhenItPays> {
        let before = match tables.first() {
            Some(t) => conn.query_row(&format!("SELECT COALESCE(max(rowid), 0) FROM \"{t}\""), [], |r| r.get(0))?,
            None => 0,
        };
        Ok(WhenItPays { tables, before, aside: None })
    }

    /// Sets the indexes aside if `done` rows written into the first table, at `fraction` of the write, make
    /// it pay; nothing once they are.
    pub fn consider(&mut self, conn: &Connection, done: u64, fraction: f64) -> AppResult<()> {
        if self.aside.is_none() && pays(done, fraction, self.before) {
            let aside = SetAside::tables(conn, self.tables, Unique::Keep)?;
            tracing::debug!(indexes = ?aside.names().collect::<Vec<_>>(), done, "indexes set aside");
            self.aside = Some(aside);
        }
        Ok(())
    }

    pub fn is_set_aside(&self) -> bool {
        self.aside.is_some()
    }

    /// Builds the indexes set aside again (if any): call before the write's transaction commits.
    pub fn rebuild(&mut self, conn: &Connection) -> AppResult<()> {
        match self.aside.take() {
            Some(aside) => aside.rebuild(conn),
            None => Ok(()),
        }
    }
}

/// A write with fewer rows left than this keeps its indexes: what it would save is too small to matter.
pub const MIN_ROWS_LEFT: f64 = 8192.0;

/// Whether setting a table's secondary indexes aside pays, once `done` rows are `fraction` of the write: the
/// rows still to come are at least a third of the rows a rebuild sorts (the `before` rows the table held plus
/// every new one), and not a few. On the bench's order import an indexed insert cost about four times a
/// row's share of the rebuild, so it pays from a quarter on (docs/benchmarks.md); a third leaves a margin.
pub fn pays(done: u64, fraction: f64, before: i64) -> bool {
    if !(fraction > 0.0 && fraction < 1.0) || done == 0 {
        return false;
    }
    let total = done as f64 / fraction;
    let left = total - done as f64;
    left >= MIN_ROWS_LEFT && left * 3.0 >= before.max(0) as f64 + total
}

fn drop_all(conn: &Connection, found: Vec<Kept>) -> AppResult<SetAside> {
    for kept in &found {
        conn.execute_batch(&format!("DROP {} \"{}\"", kept.kind, kept.name.replace('"', "\"\"")))?;
    }
    Ok(SetAside(found))
}

#[cfg(test)]
#[path = "set_aside_tests.rs"]
mod tests;

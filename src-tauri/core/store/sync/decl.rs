//! The shapes of the sync registry's declarations (`registry.rs` holds the declarations themselves) and
//! the schema helpers the generated SQL uses.

pub use super::keys::PolyRef;

/// A synced record table. Columns not named in `fields`, `refs` or `owner` (sort keys, computed scores,
/// `updated_at`) stay local and are recomputed after a pull.
#[derive(Debug, Clone, Copy)]
pub struct SyncTable {
    pub name: &'static str,
    /// Columns that travel as their own values (text, numbers, JSON text). `deleted_at` belongs here for
    /// tables with a trash: deletes and restores then travel as field changes.
    pub fields: &'static [&'static str],
    /// (column, referenced synced table): travels as the referenced row's global id.
    pub refs: &'static [(&'static str, &'static str)],
    /// The column holding the owning team user (a PostgreSQL role name), if the table has one.
    pub owner: Option<&'static str>,
    /// Child tables that travel as one JSON list field of this record (all rows, in order).
    pub lists: &'static [ListField],
    /// References that may point at one of several tables (`record_id` beside an `entity` kind column).
    pub poly: &'static [PolyRef],
    /// The natural key of a table whose rows are unique by it (a tag's name key, a custom field's entity and
    /// key, a tagging's tag and record): its global id is derived from these columns (references by their
    /// target's global id), so two desktops that create the same row offline make one record. A keyed row's
    /// delete travels as the revivable field `_removed` (the same key can come back), not as a purge.
    pub key: &'static [&'static str],
    /// The reference whose target decides who may read and write this record on the server (a tagging
    /// follows its person), instead of the record's own owner.
    pub parent: Option<&'static str>,
    /// Team-wide vocabulary (tags, custom field definitions): every role reads it, every writing role writes it.
    pub shared: bool,
    /// An integer field unique across the workspace that the server hands out (a ticket's number): a desktop
    /// gives a new record the next local number, the server keeps it when it is still free and gives the
    /// next free one otherwise, and a pull that brings a number moves a local row holding it out of the way.
    pub numbered: Option<&'static str>,
    /// Fields among `fields` that hold bytes (an attachment's document): they travel base64-encoded, and the
    /// change log records them without their value (it is read from the row when pushed).
    pub blobs: &'static [&'static str],
}

/// The field a keyed row's delete and re-creation travel as.
pub const REMOVED: &str = "_removed";

/// A child table carried as a list field of its parent: `table (parent_col, position, columns...)`, every
/// row as a JSON array of `columns` in order. A column named in `refs` holds a local id of a synced table
/// and travels as that row's global id (an order line's product); a row whose NOT NULL reference does not
/// resolve on the pulling desktop is left out there.
#[derive(Debug, Clone, Copy)]
pub struct ListField {
    /// The field name on the wire and in the change log.
    pub field: &'static str,
    pub table: &'static str,
    pub parent_col: &'static str,
    /// The ordering column, rewritten 0.. on apply; None for a child table keyed by its columns (ordered by
    /// them: a product's price per currency).
    pub position: Option<&'static str>,
    pub columns: &'static [&'static str],
    /// (column, referenced synced table) among `columns`.
    pub refs: &'static [(&'static str, &'static str)],
    /// None: a pulled list replaces the child rows. Some(columns): the rows are matched by the parent and
    /// these columns (a unique key of the child table) and updated in place, and only rows the list no longer
    /// has are deleted, so the child's local-only columns and the rows that reference it (by a cascading
    /// foreign key) stay: an A/B test's variants stay when its winner is recorded.
    pub key: Option<&'static [&'static str]>,
}

impl ListField {
    pub fn reference(&self, column: &str) -> Option<&'static str> {
        self.refs.iter().find(|(c, _)| *c == column).map(|(_, t)| *t)
    }
}

/// One declaration line per synced table.
pub const fn synced(
    name: &'static str,
    fields: &'static [&'static str],
    refs: &'static [(&'static str, &'static str)],
    owner: Option<&'static str>,
) -> SyncTable {
    SyncTable {
        name,
        fields,
        refs,
        owner,
        lists: &[],
        poly: &[],
        key: &[],
        parent: None,
        shared: false,
        numbered: None,
        blobs: &[],
    }
}

impl SyncTable {
    pub const fn with_lists(mut self, lists: &'static [ListField]) -> Self {
        self.lists = lists;
        self
    }

    pub const fn with_poly(mut self, poly: &'static [PolyRef]) -> Self {
        self.poly = poly;
        self
    }

    pub const fn keyed(mut self, key: &'static [&'static str]) -> Self {
        self.key = key;
        self
    }

    pub const fn follows(mut self, parent: &'static str) -> Self {
        self.parent = Some(parent);
        self
    }

    pub const fn shared(mut self) -> Self {
        self.shared = true;
        self
    }

    pub const fn numbered(mut self, field: &'static str) -> Self {
        self.numbered = Some(field);
        self
    }

    pub const fn with_blobs(mut self, blobs: &'static [&'static str]) -> Self {
        self.blobs = blobs;
        self
    }

    pub fn is_blob(&self, field: &str) -> bool {
        self.blobs.contains(&field)
    }

    /// The columns that travel as one value each: plain fields, references, polymorphic references, owner.
    pub fn value_columns(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = self.fields.to_vec();
        all.extend(self.refs.iter().map(|(c, _)| *c));
        all.extend(self.poly.iter().map(|p| p.column));
        all.extend(self.owner);
        all
    }

    /// Every wire field: the value columns, list fields, and `_removed` for keyed tables.
    pub fn wire_fields(&self) -> Vec<&'static str> {
        let mut all = self.value_columns();
        all.extend(self.lists.iter().map(|l| l.field));
        if self.is_keyed() {
            all.push(REMOVED);
        }
        all
    }

    pub fn is_keyed(&self) -> bool {
        !self.key.is_empty()
    }

    pub fn poly_ref(&self, column: &str) -> Option<&'static PolyRef> {
        self.poly.iter().find(|p| p.column == column)
    }

    pub fn reference(&self, column: &str) -> Option<&'static str> {
        self.refs.iter().find(|(c, _)| *c == column).map(|(_, t)| *t)
    }

    pub fn list(&self, field: &str) -> Option<&'static ListField> {
        self.lists.iter().find(|l| l.field == field)
    }
}

/// The columns of a table as the schema has them now.
pub fn columns(conn: &rusqlite::Connection, table: &str) -> crate::error::AppResult<Vec<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The current time in SQL, for tables without their own time columns (the injected clock is not visible
/// to SQL; rows with `created_at` / `updated_at` use those, which the services set from it).
const SQL_NOW: &str = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/// SQL for when a row of `table` (as `row`) was created and last written: its `created_at` / `updated_at`
/// where it has them, else the current time. The column names come from the schema.
pub fn times(cols: &[String], row: &str) -> (String, String) {
    let has = |c: &str| cols.iter().any(|x| x == c);
    let created = if has("created_at") { format!("{row}.created_at") } else { SQL_NOW.to_string() };
    let updated = if has("updated_at") { format!("{row}.updated_at") } else { created.clone() };
    (created, updated)
}

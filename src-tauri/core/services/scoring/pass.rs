//! What one read of many leads keeps between ranges: every text value interned (a full rescore sees the
//! same few sources, owners and tags a million times, so a lead costs a reference count, not a String),
//! and, when reading every lead, the companies' attributes loaded once instead of joined per lead.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};

use crate::domain::Id;
use crate::error::AppResult;

/// A text value of a lead: shared, so interned copies cost no allocation.
pub type Text = Arc<str>;

/// FNV-1a: the keys are short level names looked up millions of times per pass, where SipHash's
/// flooding resistance buys nothing (the keys come from the user's own store) and costs a third of a lookup.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A company's `industry` and `size`, the two attributes a lead takes from its company.
type CompanyAttributes = [Option<Text>; 2];

pub struct Pass {
    texts: HashSet<Text, BuildHasherDefault<Fnv>>,
    /// Every live company, when the pass reads every lead; None to look each lead's company up.
    companies: Option<FastMap<Id, CompanyAttributes>>,
    /// Tag names by id, read as they are first met.
    tags: FastMap<Id, Text>,
    /// People read who are no longer leads but still have a score (see `features::load_range`).
    pub stale: Vec<Id>,
}

impl Pass {
    /// For a few leads: companies are looked up one by one.
    pub fn few() -> Pass {
        Pass { texts: HashSet::default(), companies: None, tags: FastMap::default(), stale: Vec::new() }
    }

    /// For every lead: all live companies are read once (in the caller's snapshot).
    pub fn all(conn: &Connection) -> AppResult<Pass> {
        let mut pass = Pass::few();
        let mut companies = FastMap::default();
        let mut stmt = conn.prepare_cached("SELECT id, industry, size FROM companies WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let attributes = [pass.text_at(r, 1)?, pass.text_at(r, 2)?];
            companies.insert(r.get(0)?, attributes);
        }
        pass.companies = Some(companies);
        Ok(pass)
    }

    /// Another pass over the same companies, for another reader thread. It gets its own copies of the
    /// texts: two threads counting references to the same `Text` would fight over its cache line.
    pub fn fork(&self) -> Pass {
        let mut pass = Pass::few();
        if let Some(all) = &self.companies {
            let mut own = |t: &Option<Text>| t.as_deref().map(|s| pass.text(s));
            let companies = all.iter().map(|(&id, [a, b])| (id, [own(a), own(b)])).collect();
            pass.companies = Some(companies);
        }
        pass
    }

    pub fn text(&mut self, s: &str) -> Text {
        match self.texts.get(s) {
            Some(t) => t.clone(),
            None => {
                let t: Text = s.into();
                self.texts.insert(t.clone());
                t
            }
        }
    }

    /// Column `col` of `row` as a non-empty text, interned.
    pub fn text_at(&mut self, row: &rusqlite::Row, col: usize) -> AppResult<Option<Text>> {
        let s = row.get_ref(col)?.as_str_or_null().map_err(rusqlite::Error::from)?;
        Ok(s.filter(|s| !s.is_empty()).map(|s| self.text(s)))
    }

    /// The name of tag `id` (None for a tag that is gone).
    pub fn tag(&mut self, conn: &Connection, id: Id) -> AppResult<Option<Text>> {
        if let Some(name) = self.tags.get(&id) {
            return Ok(Some(name.clone()));
        }
        let name: Option<String> =
            conn.prepare_cached("SELECT name FROM tags WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
        let name = name.map(|n| self.text(&n));
        if let Some(n) = &name {
            self.tags.insert(id, n.clone());
        }
        Ok(name)
    }

    pub fn company(&mut self, conn: &Connection, id: Option<Id>) -> AppResult<CompanyAttributes> {
        let Some(id) = id else { return Ok([None, None]) };
        if let Some(all) = &self.companies {
            return Ok(all.get(&id).cloned().unwrap_or_default());
        }
        let mut stmt =
            conn.prepare_cached("SELECT industry, size FROM companies WHERE id = ?1 AND deleted_at IS NULL")?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => Ok([self.text_at(r, 0)?, self.text_at(r, 1)?]),
            None => Ok([None, None]),
        }
    }
}

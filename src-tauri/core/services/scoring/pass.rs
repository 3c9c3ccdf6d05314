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

/// Ids up to this many times the rows (plus a margin) are kept in a vector indexed by id: a full rescore
/// looks a company up per lead, and indexing beats hashing 875k random probes into a 100k-entry map.
const DENSE_SPAN: i64 = 4;

/// Values by id: a vector indexed by `id - first` while the ids are dense enough, a map otherwise.
pub enum ById<V> {
    Dense { first: Id, values: Vec<Option<V>> },
    Sparse(FastMap<Id, V>),
}

impl<V> ById<V> {
    /// From `(id, value)` pairs; `(min, max, count)` of their ids chooses the layout.
    pub fn build(pairs: Vec<(Id, V)>) -> ById<V> {
        let (min, max) = pairs.iter().fold((Id::MAX, Id::MIN), |(lo, hi), (id, _)| (lo.min(*id), hi.max(*id)));
        let span = max.saturating_sub(min).saturating_add(1);
        if pairs.is_empty() || span > DENSE_SPAN.saturating_mul(pairs.len() as i64).saturating_add(1024) {
            return ById::Sparse(pairs.into_iter().collect());
        }
        let mut values: Vec<Option<V>> = std::iter::repeat_with(|| None).take(span as usize).collect();
        for (id, v) in pairs {
            values[(id - min) as usize] = Some(v);
        }
        ById::Dense { first: min, values }
    }

    pub fn get(&self, id: Id) -> Option<&V> {
        match self {
            ById::Dense { first, values } => {
                usize::try_from(id.wrapping_sub(*first)).ok().and_then(|i| values.get(i)).and_then(Option::as_ref)
            }
            ById::Sparse(map) => map.get(&id),
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = (Id, &V)> + '_> {
        match self {
            ById::Dense { first, values } => {
                Box::new(values.iter().enumerate().filter_map(move |(i, v)| v.as_ref().map(|v| (first + i as Id, v))))
            }
            ById::Sparse(map) => Box::new(map.iter().map(|(&id, v)| (id, v))),
        }
    }
}

pub struct Pass {
    texts: HashSet<Text, BuildHasherDefault<Fnv>>,
    /// Every live company, when the pass reads every lead; None to look each lead's company up.
    companies: Option<ById<CompanyAttributes>>,
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
        let mut companies = Vec::new();
        let mut stmt = conn.prepare_cached("SELECT id, industry, size FROM companies WHERE deleted_at IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let attributes = [pass.text_at(r, 1)?, pass.text_at(r, 2)?];
            companies.push((r.get(0)?, attributes));
        }
        pass.companies = Some(ById::build(companies));
        Ok(pass)
    }

    /// Another pass over the same companies, for another reader thread. It gets its own copies of the
    /// texts: two threads counting references to the same `Text` would fight over its cache line.
    pub fn fork(&self) -> Pass {
        let mut pass = Pass::few();
        if let Some(all) = &self.companies {
            let mut own = |t: &Option<Text>| t.as_deref().map(|s| pass.text(s));
            let companies = all.iter().map(|(id, [a, b])| (id, [own(a), own(b)])).collect();
            pass.companies = Some(ById::build(companies));
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
            return Ok(all.get(id).cloned().unwrap_or_default());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_id_are_found_in_either_layout() {
        for pairs in [vec![(3, "a"), (5, "b"), (4, "c")], vec![(1, "a"), (1_000_000, "b"), (-7, "c")]] {
            let by_id = ById::build(pairs.clone());
            assert_eq!(matches!(by_id, ById::Dense { .. }), pairs[1].0 == 5);
            for (id, v) in &pairs {
                assert_eq!(by_id.get(*id), Some(v));
            }
            for missing in [0, 2, 6, i64::MIN, i64::MAX, 999_999] {
                assert_eq!(by_id.get(missing), None, "{missing}");
            }
            let mut all: Vec<(Id, &str)> = by_id.iter().map(|(id, v)| (id, *v)).collect();
            all.sort();
            let mut want = pairs.clone();
            want.sort();
            assert_eq!(all, want);
        }
        assert!(ById::<u8>::build(Vec::new()).get(0).is_none());
    }
}

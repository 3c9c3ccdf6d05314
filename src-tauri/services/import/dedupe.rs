//! Duplicate detection without a query per key per row. Before a people import the store's emails, phones,
//! external ids and name + company keys are hashed into one set (8 bytes a key, trashed people included);
//! a key missing from the set cannot match, so only keys in it are looked up in SQL, which decides as
//! before (live people only, first by id). The set grows with the store, including the rows this import
//! adds (so duplicates inside one file are caught), never with the rows merely read from the file.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::Connection;

use super::lookup::Key;
use crate::domain::{Id, PersonInput};
use crate::error::AppResult;
use crate::services::people::sort_name;

pub struct PeopleIndex {
    keys: HashSet<u64>,
}

fn hash(key: &Key) -> u64 {
    let mut h = DefaultHasher::new();
    match key {
        Key::External(v) => (0u8, v).hash(&mut h),
        Key::Email(v) => (1u8, v).hash(&mut h),
        Key::Phone(v) => (2u8, v).hash(&mut h),
        Key::Name(name, company) => (3u8, name, company).hash(&mut h),
    }
    h.finish()
}

impl PeopleIndex {
    /// Every key of every person in the store, in the form the lookups compare (the stored values).
    pub fn load(conn: &Connection) -> AppResult<PeopleIndex> {
        let mut keys = HashSet::new();
        let mut add_all = |sql: &str, key: for<'a> fn(&'a str) -> Key<'a>| -> AppResult<()> {
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                // A value that is not text never equals the text a lookup binds.
                if let Ok(v) = r.get_ref(0)?.as_str() {
                    keys.insert(hash(&key(v)));
                }
            }
            Ok(())
        };
        add_all("SELECT value FROM person_emails", |v: &str| Key::Email(v))?;
        add_all("SELECT value FROM person_phones", |v: &str| Key::Phone(v))?;
        add_all("SELECT external_id FROM people WHERE external_id IS NOT NULL", |v: &str| Key::External(v))?;
        let mut stmt = conn.prepare("SELECT sort_name, company_id FROM people WHERE company_id IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let (Ok(name), Ok(company)) = (r.get_ref(0)?.as_str(), r.get::<_, Id>(1)) {
                keys.insert(hash(&Key::Name(name, company)));
            }
        }
        Ok(PeopleIndex { keys })
    }

    /// False when no person can have this key; true when one may (SQL then decides).
    pub fn may_contain(&self, key: &Key) -> bool {
        self.keys.contains(&hash(key))
    }

    /// The keys of a person this import just wrote (normalised input, as stored).
    pub fn add(&mut self, p: &PersonInput, company_id: Option<Id>) {
        let keys = &mut self.keys;
        keys.extend(p.emails.iter().map(|e| hash(&Key::Email(&e.value))));
        keys.extend(p.phones.iter().map(|f| hash(&Key::Phone(&f.value))));
        keys.extend(p.external_id.as_deref().map(|x| hash(&Key::External(x))));
        if let Some(cid) = company_id {
            keys.insert(hash(&Key::Name(&sort_name(&p.first_name, &p.last_name), cid)));
        }
    }
}

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
        for (sql, kind) in [
            ("SELECT value FROM person_emails", 1),
            ("SELECT value FROM person_phones", 2),
            ("SELECT external_id FROM people WHERE external_id IS NOT NULL", 0),
        ] {
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                // A value that is not text never equals the text a lookup binds.
                let Ok(v) = r.get_ref(0)?.as_str() else { continue };
                let key = match kind {
                    1 => Key::Email(v),
                    2 => Key::Phone(v),
                    _ => Key::External(v),
                };
                keys.insert(hash(&key));
            }
        }
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::{CompanyInput, LabeledValue};
    use crate::services::import::lookup::duplicate_person;
    use crate::services::{companies, people};
    use crate::store::Store;

    fn lv(value: &str) -> LabeledValue {
        LabeledValue { label: "work".into(), value: value.into() }
    }

    fn input(first: &str, last: &str, emails: &[&str], phones: &[&str], ext: Option<&str>) -> PersonInput {
        PersonInput {
            first_name: first.into(),
            last_name: last.into(),
            emails: emails.iter().map(|e| lv(e)).collect(),
            phones: phones.iter().map(|p| lv(p)).collect(),
            external_id: ext.map(str::to_string),
            ..Default::default()
        }
    }

    /// The prefiltered lookup answers exactly what asking SQL about every key answers.
    fn same_answer(conn: &Connection, index: &PeopleIndex, raw: PersonInput, company: Option<Id>) -> Option<Id> {
        let p = people::normalize(raw).unwrap();
        let by_sql = duplicate_person(conn, &p, company, &|_| true).unwrap();
        let by_index = duplicate_person(conn, &p, company, &|k| index.may_contain(k)).unwrap();
        assert_eq!(by_index, by_sql, "{p:?}");
        by_sql
    }

    #[test]
    fn the_index_finds_what_the_queries_find() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_741_608_000_000))).unwrap();
        let acme =
            companies::create(&store, CompanyInput { name: "ACME Zürich".into(), ..Default::default() }).unwrap();
        let mut with_company = input("Søren", "Ærø", &["Soren@Example.DK"], &["+45 20 12 34 56"], Some("crm-1"));
        with_company.company_id = Some(acme.id);
        let soren = people::create(&store, with_company).unwrap();
        let trashed =
            people::create(&store, input("Gone", "Person", &["gone@example.com"], &[], Some("crm-2"))).unwrap();
        people::delete(&store, trashed.id).unwrap();
        let twin =
            people::create(&store, input("Twin", "One", &["shared@example.com"], &["0031201234567"], None)).unwrap();
        people::create(&store, input("Twin", "Two", &["shared@example.com"], &[], None)).unwrap();

        store
            .write(|tx| {
                let mut index = PeopleIndex::load(tx)?;
                let c = Some(acme.id);
                // Email in another case and with spaces, phone in another format, external id, name + company.
                assert_eq!(
                    same_answer(tx, &index, input("X", "", &[" SOREN@example.dk "], &[], None), None),
                    Some(soren.id)
                );
                assert_eq!(
                    same_answer(tx, &index, input("X", "", &[], &["+45 2012 3456"], None), None),
                    Some(soren.id)
                );
                assert_eq!(same_answer(tx, &index, input("X", "", &[], &[], Some("crm-1")), None), Some(soren.id));
                assert_eq!(same_answer(tx, &index, input("søren", "ÆRØ", &[], &[], None), c), Some(soren.id));
                assert_eq!(same_answer(tx, &index, input("Søren", "Ærø", &[], &[], None), None), None);
                // Trashed people are no duplicates; the first of two sharing an email wins; 00 is +.
                assert_eq!(
                    same_answer(tx, &index, input("X", "", &["gone@example.com"], &[], Some("crm-2")), None),
                    None
                );
                assert_eq!(
                    same_answer(tx, &index, input("X", "", &["shared@example.com"], &[], None), None),
                    Some(twin.id)
                );
                assert_eq!(
                    same_answer(tx, &index, input("X", "", &[], &["+31 20 123 4567"], None), None),
                    Some(twin.id)
                );
                assert_eq!(
                    same_answer(tx, &index, input("New", "", &["new@example.com"], &["+4599999999"], None), c),
                    None
                );

                // A person this import writes is found by the next rows of the same file.
                let fresh =
                    people::normalize(input("Fresh", "Row", &["fresh@example.com"], &["+31611111111"], Some("x9")))?;
                let id = people::insert_checked(tx, &fresh, &[], Some(acme.id), 1)?;
                assert!(!index.may_contain(&Key::Email("fresh@example.com")));
                index.add(&fresh, Some(acme.id));
                for probe in [
                    input("Y", "", &["FRESH@example.com"], &[], None),
                    input("Y", "", &[], &["+31 6 1111 1111"], None),
                    input("Y", "", &[], &[], Some("x9")),
                ] {
                    assert_eq!(same_answer(tx, &index, probe, None), Some(id));
                }
                assert_eq!(same_answer(tx, &index, input("fresh", "row", &[], &[], None), c), Some(id));
                Ok(())
            })
            .unwrap();
    }
}

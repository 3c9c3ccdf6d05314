//! The search entries of a large import: the first few thousand are written with the import, the rest are
//! queued and written by the indexer, which survives edits, erasures and undo of queued people.

use std::cell::Cell;

use relata_core::domain::Entity;
use relata_core::services::import::{self, ImportEntity, ImportOptions};
use relata_core::services::search_backlog::{self, INLINE};
use relata_core::services::{gdpr, people, search, trash};

use super::import::run;
use super::import_bulk::write_people_csv;
use super::support::{env, person, Env};

const QUEUED: usize = 1_200;

/// Imports `INLINE + QUEUED` people ("Person0" ...) and returns the batch id.
fn import_large(e: &Env) -> i64 {
    let path = e.dir.path().join("large.csv");
    write_people_csv(&path, INLINE as usize + QUEUED);
    let r = run(e, &path, &ImportOptions { entity: ImportEntity::People, ..Default::default() });
    assert_eq!((r.created as usize, r.search_pending as usize), (INLINE as usize + QUEUED, QUEUED));
    r.batch_id.unwrap()
}

fn pending(e: &Env) -> u64 {
    e.store.read(search_backlog::pending).unwrap()
}

fn hits(e: &Env, query: &str) -> usize {
    search::global(&e.store, query, 10).unwrap().len()
}

fn id_of(e: &Env, first_name: &str) -> i64 {
    e.raw().query_row("SELECT id FROM people WHERE first_name = ?1", [first_name], |r| r.get(0)).unwrap()
}

#[test]
fn a_large_import_is_searchable_once_the_indexer_caught_up() {
    let e = env();
    import_large(&e);
    let last = format!("Person{}", INLINE as usize + QUEUED - 1);
    // Stored and listed at once; the first INLINE people are searchable at once, the rest are queued.
    assert_eq!(pending(&e), QUEUED as u64);
    assert_eq!(e.count("SELECT count(*) FROM people_fts"), i64::from(INLINE));
    assert_eq!((hits(&e, "Person0"), hits(&e, &last)), (1, 0));

    let mut seen = Vec::new();
    let done = search_backlog::catch_up(&e.store, &|| false, &mut |d, t| seen.push((d, t))).unwrap();
    assert_eq!(done, QUEUED as u64);
    assert_eq!(seen.last(), Some(&(QUEUED as u64, QUEUED as u64)));
    assert_eq!((pending(&e), hits(&e, &last)), (0, 1));
    // By email and phone too, exactly like a person indexed with the import.
    assert_eq!(hits(&e, &format!("{}@example", last.to_lowercase())), 1);
    assert_eq!(e.count("SELECT count(*) FROM people_fts"), (INLINE as usize + QUEUED) as i64);
    // Nothing left: a second pass does nothing.
    assert_eq!(search_backlog::catch_up(&e.store, &|| false, &mut |_, _| panic!("no progress")).unwrap(), 0);
}

#[test]
fn queued_people_that_were_edited_erased_or_purged_meanwhile_are_handled() {
    let e = env();
    import_large(&e);
    let base = INLINE as usize;
    let edited = id_of(&e, &format!("Person{base}"));
    let erased = id_of(&e, &format!("Person{}", base + 1));
    let purged = id_of(&e, &format!("Person{}", base + 2));
    let trashed = id_of(&e, &format!("Person{}", base + 3));

    people::update(&e.store, edited, person("Renamed", "Lastname")).unwrap();
    gdpr::erase(&e.store, erased).unwrap();
    people::delete(&e.store, purged).unwrap();
    trash::purge(&e.store, Entity::Person, purged).unwrap();
    people::delete(&e.store, trashed).unwrap();

    search_backlog::catch_up(&e.store, &|| false, &mut |_, _| {}).unwrap();
    // One entry for the edited person, with the new name; none for the erased or purged ones.
    assert_eq!(e.count(&format!("SELECT count(*) FROM people_fts WHERE rowid = {edited}")), 1);
    assert_eq!((hits(&e, "Renamed"), hits(&e, &format!("Person{base}"))), (1, 0));
    for gone in [erased, purged] {
        assert_eq!(e.count(&format!("SELECT count(*) FROM people_fts WHERE rowid = {gone}")), 0);
    }
    // A trashed person keeps an entry, as one trashed after indexing does (search hides the trash).
    assert_eq!(e.count(&format!("SELECT count(*) FROM people_fts WHERE rowid = {trashed}")), 1);
    assert_eq!(hits(&e, &format!("Person{}", base + 3)), 0);
    assert_eq!(e.count("SELECT count(*) FROM people_fts"), (base + QUEUED - 2) as i64);
}

#[test]
fn the_indexer_stops_between_chunks_and_resumes_where_it_stopped() {
    let e = env();
    let path = e.dir.path().join("larger.csv");
    // More than one chunk (5,000 people) queued.
    write_people_csv(&path, INLINE as usize + 7_000);
    let r = run(&e, &path, &ImportOptions { entity: ImportEntity::People, ..Default::default() });
    assert_eq!(r.search_pending, 7_000);

    let chunks = Cell::new(0);
    let stop = || chunks.get() >= 1;
    let done = search_backlog::catch_up(&e.store, &stop, &mut |_, _| chunks.set(chunks.get() + 1)).unwrap();
    assert_eq!((done, pending(&e)), (5_000, 2_000));
    assert_eq!(hits(&e, &format!("Person{}", INLINE + 4_999)), 1);
    assert_eq!(hits(&e, &format!("Person{}", INLINE + 5_000)), 0);
    assert_eq!(search_backlog::catch_up(&e.store, &|| false, &mut |_, _| {}).unwrap(), 2_000);
    assert_eq!((pending(&e), hits(&e, &format!("Person{}", INLINE + 6_999))), (0, 1));
}

#[test]
fn dry_runs_and_undone_imports_leave_nothing_queued() {
    let e = env();
    let path = e.dir.path().join("large.csv");
    write_people_csv(&path, INLINE as usize + 10);
    let dry = ImportOptions { entity: ImportEntity::People, dry_run: true, ..Default::default() };
    let r = run(&e, &path, &dry);
    assert_eq!((r.created as usize, r.search_pending, pending(&e)), (INLINE as usize + 10, 0, 0));

    let batch = import_large(&e);
    import::undo(&e.store, batch).unwrap();
    // Undo removed the people; the queued ranges find nobody and are cleared.
    assert_eq!(search_backlog::catch_up(&e.store, &|| false, &mut |_, _| {}).unwrap(), QUEUED as u64);
    assert_eq!((pending(&e), e.count("SELECT count(*) FROM people_fts")), (0, 0));
}

//! Tests of `store::set_aside`: indexes set aside and built again, idle insert triggers and their guards.

use super::*;

/// The name and statement of every index (or trigger) with a statement, by name.
fn of_type(conn: &Connection, kind: &str) -> Vec<(String, String)> {
    conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type = ?1 AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn schema(conn: &Connection) -> Vec<(String, String)> {
    of_type(conn, "index")
}

fn store() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, a INTEGER, b INTEGER, g TEXT);
         CREATE INDEX t_a ON t (a) WHERE a IS NOT NULL;
         CREATE INDEX t_ab ON t (a, b);
         CREATE UNIQUE INDEX t_g ON t (g);
         CREATE TABLE u (x INTEGER);
         CREATE INDEX u_x ON u (x);",
    )
    .unwrap();
    conn
}

#[test]
fn sets_aside_the_tables_secondary_indexes_and_builds_the_same_ones_again() {
    let mut conn = store();
    let before = schema(&conn);
    let tx = conn.transaction().unwrap();
    let aside = SetAside::tables(&tx, &["t"], Unique::Keep).unwrap();
    assert_eq!(aside.names().collect::<Vec<_>>(), ["t_a", "t_ab"]);
    let names: Vec<String> = schema(&tx).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["t_g", "u_x"], "the unique index and the other table's stay");
    for i in 0..1000 {
        tx.execute("INSERT INTO t (k, a, b, g) VALUES (?1, ?2, ?3, ?1)", rusqlite::params![format!("k{i}"), i % 7, i])
            .unwrap();
    }
    aside.rebuild(&tx).unwrap();
    tx.commit().unwrap();
    assert_eq!(schema(&conn), before);
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let via: i64 = conn.query_row("SELECT count(*) FROM t INDEXED BY t_ab WHERE a = 3", [], |r| r.get(0)).unwrap();
    assert_eq!(via, (0..1000).filter(|i| i % 7 == 3).count() as i64);
}

#[test]
fn unique_indexes_go_too_when_asked_and_a_rollback_brings_every_index_back() {
    let mut conn = store();
    let before = schema(&conn);
    let tx = conn.transaction().unwrap();
    let aside = SetAside::tables(&tx, &["t", "u"], Unique::SetAside).unwrap();
    assert_eq!(aside.names().collect::<Vec<_>>(), ["t_a", "t_ab", "t_g", "u_x"]);
    assert!(schema(&tx).is_empty());
    drop(aside);
    tx.rollback().unwrap();
    assert_eq!(schema(&conn), before);
}

#[test]
fn it_pays_when_the_rest_of_the_write_is_large_against_the_table() {
    // A fresh table, a tenth of the file read: 90k rows to come, the rebuild sorts 100k.
    assert!(pays(10_000, 0.1, 0));
    // A table of a million rows and a file of 100k: keep the indexes.
    assert!(!pays(10_000, 0.1, 1_000_000));
    // Half of the file left, as many rows stored as the file has: 50k left against 200k sorted.
    assert!(!pays(50_000, 0.5, 100_000));
    assert!(pays(20_000, 0.2, 60_000));
    // Too few rows left, or no estimate.
    assert!(!pays(1_000, 0.5, 0));
    assert!(!pays(1_000, 0.0, 0));
    assert!(!pays(1_000, 1.0, 0));
    assert!(!pays(0, 0.5, 0));
}

#[test]
fn when_it_pays_sets_aside_once_and_builds_again() {
    static TABLES: [&str; 1] = ["t"];
    let mut conn = store();
    let before = schema(&conn);
    let tx = conn.transaction().unwrap();
    let mut deferred = WhenItPays::new(&tx, &TABLES).unwrap();
    deferred.consider(&tx, 100, 0.5).unwrap();
    assert!(!deferred.is_set_aside(), "too few rows left");
    deferred.consider(&tx, 10_000, 0.1).unwrap();
    assert!(deferred.is_set_aside());
    assert_eq!(schema(&tx).len(), 2, "t_g and u_x stay");
    deferred.consider(&tx, 20_000, 0.2).unwrap();
    deferred.rebuild(&tx).unwrap();
    assert!(!deferred.is_set_aside());
    tx.commit().unwrap();
    assert_eq!(schema(&conn), before);
}

#[test]
fn a_guard_names_its_own_insert_trigger_when_alone_or_and_ed_never_or_ed() {
    const G: InsertGuard = InsertGuard { prefix: "log_", suffix: "_new", guard: "(SELECT on_ FROM switch)" };
    let on_t = |when: &str| format!("CREATE TRIGGER log_t_new AFTER INSERT ON t\n  WHEN {when}  BEGIN\n SELECT 1; END");
    assert!(G.guards("t", &on_t("(SELECT on_ FROM switch)")));
    assert!(G.guards("t", &on_t("(SELECT on_ FROM switch) AND NEW.a IS NULL")));
    assert!(!G.guards("t", &on_t("(SELECT on_ FROM switch) AND NEW.a IS NULL OR NEW.b")));
    assert!(!G.guards("t", &on_t("NEW.a IS NULL AND (SELECT on_ FROM switch)")));
    assert!(!G.guards("t", &on_t("(SELECT on_ FROM switch) OR 1")));
    assert!(!G.guards("u", &on_t("(SELECT on_ FROM switch)")), "another table's trigger");
    let update = "CREATE TRIGGER log_t_new AFTER UPDATE ON t WHEN (SELECT on_ FROM switch) BEGIN SELECT 1; END";
    assert!(!G.guards("t", update));
}

#[test]
fn idle_insert_triggers_go_while_their_guard_is_off_and_come_back() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE audit_bulk_create (batch_id INTEGER PRIMARY KEY);
         CREATE TABLE sync_state (id INTEGER PRIMARY KEY, capture INTEGER, applying INTEGER);
         INSERT INTO sync_state VALUES (1, 0, 0);
         CREATE TABLE rules (enabled INTEGER, builtin TEXT);
         INSERT INTO rules VALUES (1, NULL);
         CREATE TABLE t (id INTEGER PRIMARY KEY, deleted_at INTEGER);
         CREATE TABLE log (fired TEXT);
         CREATE TRIGGER t_other AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('other'); END;",
    )
    .unwrap();
    for g in &INSERT_GUARDS {
        let (p, s, w) = (g.prefix, g.suffix, g.guard);
        let sql =
            format!("CREATE TRIGGER {p}t{s} AFTER INSERT ON t WHEN {w} BEGIN INSERT INTO log VALUES ('{p}'); END;");
        conn.execute_batch(&sql).unwrap();
    }
    let before = of_type(&conn, "trigger");
    let tx = conn.transaction().unwrap();
    // An import lists its creations (the audit guard is off); no team; a user's rule is enabled.
    tx.execute("INSERT INTO audit_bulk_create VALUES (1)", []).unwrap();
    let idle = SetAside::idle_insert_triggers(&tx).unwrap();
    assert_eq!(idle.names().collect::<Vec<_>>(), ["audit_t_create", "sync_t_insert"]);
    tx.execute("INSERT INTO t (id) VALUES (1)", []).unwrap();
    idle.rebuild(&tx).unwrap();
    tx.commit().unwrap();
    assert_eq!(of_type(&conn, "trigger"), before);
    let fired: Vec<String> = conn
        .prepare("SELECT fired FROM log ORDER BY fired")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(fired, ["other", "rule_event_"], "the triggers whose guard was on ran");
}

#[test]
fn a_named_index_or_none() {
    let conn = store();
    assert!(SetAside::named(&conn, "missing").unwrap().is_empty());
    let aside = SetAside::named(&conn, "u_x").unwrap();
    assert_eq!(aside.names().collect::<Vec<_>>(), ["u_x"]);
    aside.rebuild(&conn).unwrap();
    assert_eq!(schema(&conn).len(), 4);
}

//! Team sync end to end against a real PostgreSQL: several desktops, each with its own store and keyring,
//! in one workspace. Run under `bash .ci/with-postgres.sh` (these tests fail without it).

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::team::server::SCHEMA;
use relata_core::services::{people, team};

use super::support::*;
use super::team_pg::*;

fn edit(d: &Desk, id: i64, change: impl FnOnce(&mut PersonInput)) {
    let mut input = people::get(&d.env.store, id).unwrap().to_input();
    change(&mut input);
    people::update(&d.env.store, id, input).unwrap();
}

#[tokio::test]
async fn a_person_travels_and_concurrent_edits_merge_field_by_field() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let (_, c) = member(&pg, &db, &a, "manager").await;

    let ann =
        people::create(&a.env.store, PersonInput { emails: vec![lv("work", "ann@acme.test")], ..person("Ann", "Lee") })
            .unwrap();
    let gid = a.gid("people", ann.id);
    a.sync().await;
    assert_eq!(a.pending(), 0, "a push empties the outbox");
    let report = b.sync().await;
    assert!(report.pulled > 0);
    let on_b = b.local_id("people", &gid).expect("the person reached B");
    let got = people::get(&b.env.store, on_b).unwrap();
    assert_eq!((got.first_name.as_str(), got.emails[0].value.as_str()), ("Ann", "ann@acme.test"));
    assert_eq!(b.pending(), 0, "what a pull wrote is not pushed back");
    // The search index was written for the pulled person.
    let hits = people::list(&b.env.store, &PeopleQuery { search: Some("ann".into()), ..Default::default() }).unwrap();
    assert_eq!(hits.total, 1);

    // Offline on both: different fields.
    a.env.clock.advance(MINUTE);
    b.env.clock.advance(MINUTE);
    edit(&a, ann.id, |p| p.address.city = Some("Ghent".into()));
    edit(&b, on_b, |p| p.job_title = Some("CTO".into()));
    a.sync().await;
    b.sync().await;
    a.sync().await;
    for (d, id) in [(&a, ann.id), (&b, on_b)] {
        let p = people::get(&d.env.store, id).unwrap();
        assert_eq!((p.address.city.as_deref(), p.job_title.as_deref()), (Some("Ghent"), Some("CTO")));
    }

    // Same field: B's edit is later on the clock, A pushes last; B's value wins everywhere, A's is logged.
    a.env.clock.advance(10 * MINUTE);
    b.env.clock.advance(20 * MINUTE);
    edit(&a, ann.id, |p| p.last_name = "Lee-A".into());
    edit(&b, on_b, |p| p.last_name = "Lee-B".into());
    b.sync().await;
    let report = a.sync().await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    b.sync().await;
    assert_eq!(people::get(&a.env.store, ann.id).unwrap().last_name, "Lee-B");
    assert_eq!(people::get(&b.env.store, on_b).unwrap().last_name, "Lee-B");
    let log = team::conflicts(&a.env.store, &a.secrets).await.unwrap();
    let lost = log.iter().find(|c| c.field == "last_name").expect("the loser is in the conflict log");
    assert_eq!((lost.lost_value.as_str(), lost.won_value.as_str()), (Some("Lee-A"), Some("Lee-B")));
    assert_eq!(team::status(&a.env.store).unwrap().conflicts, 1);
    // A restores its losing value from the log: a new edit that wins everywhere.
    team::restore_conflict(&a.env.store, &a.secrets, lost.id).await.unwrap();
    assert_eq!(people::get(&a.env.store, ann.id).unwrap().last_name, "Lee-A");
    a.sync().await;
    b.sync().await;
    assert_eq!(people::get(&b.env.store, on_b).unwrap().last_name, "Lee-A");
    let err = team::restore_conflict(&a.env.store, &a.secrets, 999_999).await.expect_err("no such conflict");
    assert_eq!(err.code, ErrorCode::NotFound);

    // A third desktop joining late gets the merged record.
    c.sync().await;
    let on_c = c.local_id("people", &gid).unwrap();
    let p = people::get(&c.env.store, on_c).unwrap();
    assert_eq!((p.last_name.as_str(), p.job_title.as_deref()), ("Lee-A", Some("CTO")));

    // A trash delete travels as a field and keeps the record restorable; a purge travels as a tombstone.
    a.env.clock.advance(HOUR);
    people::delete(&a.env.store, ann.id).unwrap();
    a.sync().await;
    b.sync().await;
    let deleted: Option<i64> =
        b.env.raw().query_row("SELECT deleted_at FROM people WHERE id = ?1", [on_b], |r| r.get(0)).unwrap();
    assert!(deleted.is_some(), "the delete reached B's trash");
    a.env.store.write(|tx| Ok(tx.execute("DELETE FROM people WHERE id = ?1", [ann.id])?)).unwrap();
    a.sync().await;
    b.sync().await;
    assert_eq!(b.local_id("people", &gid), None, "the tombstone removed B's copy");
}

#[tokio::test]
async fn references_travel_as_global_ids() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let p =
        people::create(&a.env.store, PersonInput { company_name: Some("Acme".into()), ..person("Bo", "Ek") }).unwrap();
    a.sync().await;
    b.sync().await;
    let on_b = b.local_id("people", &a.gid("people", p.id)).unwrap();
    let got = people::get(&b.env.store, on_b).unwrap();
    assert_eq!(got.company_name.as_deref(), Some("Acme"));
    assert_ne!(got.company_id, None);
    assert_eq!(b.gid("companies", got.company_id.unwrap()), a.gid("companies", p.company_id.unwrap()));
}

#[tokio::test]
async fn sales_see_only_their_own_and_unassigned_people_even_with_hand_written_sql() {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    let (s1, d1) = member(&pg, &db, &admin, "sales").await;
    let (s2, _d2) = member(&pg, &db, &admin, "sales").await;
    let own =
        people::create(&admin.env.store, PersonInput { owner: Some(s1.clone()), ..person("Own", "One") }).unwrap();
    let other =
        people::create(&admin.env.store, PersonInput { owner: Some(s2.clone()), ..person("Other", "Two") }).unwrap();
    let free = people::create(&admin.env.store, person("Free", "Three")).unwrap();
    admin.sync().await;

    let report = d1.sync().await;
    assert!(report.pulled > 0);
    assert!(d1.local_id("people", &admin.gid("people", own.id)).is_some());
    assert!(d1.local_id("people", &admin.gid("people", free.id)).is_some());
    let other_gid = admin.gid("people", other.id);
    assert_eq!(d1.local_id("people", &other_gid), None, "another rep's person never reaches sales");

    // The same user over their own connection, typing SQL.
    let raw = pg.raw(&db, &s1, &format!("pw-{s1}")).await;
    let seen: i64 = raw.query_one("SELECT count(*) FROM relata_records WHERE owner = $1", &[&s2]).await.unwrap().get(0);
    assert_eq!(seen, 0);
    let changed = raw.execute("UPDATE relata_records SET fields = '{}' WHERE owner = $1", &[&s2]).await.unwrap();
    assert_eq!(changed, 0);
    let err = raw
        .execute(
            "INSERT INTO relata_records (tbl, gid, owner, seq) VALUES ('people', gen_random_uuid(), $1, 0)",
            &[&s2],
        )
        .await
        .expect_err("inserting a record owned by another rep");
    assert_eq!(err.as_db_error().unwrap().code().code(), "42501", "{err}");
    // Through the push function: refused, and the record is untouched.
    let change = serde_json::json!([{"t": "people", "g": other_gid, "f": "first_name", "v": "Hacked", "h": i64::MAX}]);
    let result: serde_json::Value =
        raw.query_one("SELECT relata_push($1, 'n', 0, $2)", &[&SCHEMA, &change]).await.unwrap().get(0);
    assert_eq!(result["refused"][0]["reason"], "permission_denied", "{result}");
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    let name: String = admin_raw
        .query_one("SELECT fields->>'first_name' FROM relata_records WHERE gid = $1::text::uuid", &[&other_gid])
        .await
        .unwrap()
        .get(0);
    assert_eq!(name, "Other");
    // Nor can they give their own person to another rep.
    let local_own = d1.local_id("people", &admin.gid("people", own.id)).unwrap();
    edit(&d1, local_own, |p| p.owner = Some(s2.clone()));
    let report = d1.sync().await;
    assert!(report.refused.iter().any(|r| r.field == "owner" && r.reason == "permission_denied"), "{report:?}");
    let back = people::get(&d1.env.store, local_own).unwrap();
    assert_eq!(back.owner.as_deref(), Some(s1.as_str()), "a refused edit is put back to the server's value");
    assert_eq!(d1.pending(), 0);
}

#[tokio::test]
async fn readonly_writes_nothing_and_the_local_store_keeps_working() {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    people::create(&admin.env.store, person("Seen", "ByAll")).unwrap();
    admin.sync().await;
    let (ro, d) = member(&pg, &db, &admin, "readonly").await;
    d.sync().await;
    assert_eq!(people::list(&d.env.store, &PeopleQuery::default()).unwrap().total, 1, "readonly reads");
    people::create(&d.env.store, person("Local", "Only")).unwrap();
    let report = d.sync().await;
    assert!(!report.refused.is_empty() && report.refused.iter().all(|r| r.reason == "permission_denied"), "{report:?}");
    let raw = pg.raw(&db, &ro, &format!("pw-{ro}")).await;
    let err = raw.execute("UPDATE relata_records SET fields = '{}'", &[]).await.expect_err("readonly cannot update");
    assert_eq!(err.as_db_error().unwrap().code().code(), "42501");
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    let total: i64 =
        admin_raw.query_one("SELECT count(*) FROM relata_records WHERE tbl = 'people'", &[]).await.unwrap().get(0);
    assert_eq!(total, 1, "nothing readonly made reached the server");
}

#[tokio::test]
async fn a_wrong_password_is_a_login_error_and_the_store_keeps_working() {
    let pg = pg();
    let (db, _admin) = workspace(&pg).await;
    let d = desk();
    let err = team::join(&d.env.store, &d.secrets, &pg.url(None, &db), &pg.admin, "not-the-password")
        .await
        .expect_err("wrong password");
    assert_eq!(err.code, ErrorCode::Login, "{}", err.message);
    assert!(!err.message.contains("not-the-password"));
    assert!(!team::status(&d.env.store).unwrap().joined);
    people::create(&d.env.store, person("Still", "Works")).unwrap();
    // A server that is not there: a network error.
    let err = team::join(&d.env.store, &d.secrets, &pg.url(None, &db).replace(&pg.port, "1"), "x", "y")
        .await
        .expect_err("no server");
    assert_eq!(err.code, ErrorCode::Network, "{}", err.message);
}

#[tokio::test]
async fn a_workspace_on_another_schema_version_is_refused_both_ways() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    for version in [SCHEMA + 1, SCHEMA - 1] {
        let version = version.to_string();
        admin_raw.execute("UPDATE relata_meta SET value = $1 WHERE key = 'schema_version'", &[&version]).await.unwrap();
        let err = team::sync_once(&a.env.store, &a.secrets).await.expect_err("schema mismatch");
        assert_eq!(err.code, ErrorCode::SchemaMismatch, "{}", err.message);
        let status = team::status(&a.env.store).unwrap();
        assert_eq!(status.last_error.as_deref(), Some(err.message.as_str()));
    }
    // A client that skips the check is refused by the push function itself.
    let change = serde_json::json!([]);
    let err = admin_raw.query_one("SELECT relata_push($1, 'n', 0, $2)", &[&SCHEMA, &change]).await.expect_err("push");
    assert_eq!(relata_core::services::team::conn::map_err(err).code, ErrorCode::SchemaMismatch);
    // No workspace at all.
    let empty = pg.database().await;
    let d = desk();
    let err = team::join(&d.env.store, &d.secrets, &pg.url(None, &empty), &pg.admin, &pg.password)
        .await
        .expect_err("no workspace");
    assert_eq!(err.code, ErrorCode::SchemaMismatch, "{}", err.message);
}

#[tokio::test]
async fn leaving_keeps_the_local_copy_and_forgets_the_password() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "support").await;
    people::create(&a.env.store, person("Kept", "Here")).unwrap();
    a.sync().await;
    b.sync().await;
    assert_eq!(b.secrets.len(), 1);
    team::leave(&b.env.store, &b.secrets).unwrap();
    assert!(b.secrets.is_empty());
    let status = team::status(&b.env.store).unwrap();
    assert!(!status.joined);
    assert_eq!(people::list(&b.env.store, &PeopleQuery::default()).unwrap().total, 1);
    people::create(&b.env.store, person("After", "Leaving")).unwrap();
    assert_eq!(b.pending(), 0, "nothing is recorded outside a team");
}

#[tokio::test]
async fn the_background_job_pushes_after_the_debounce_and_pulls_on_its_timer() {
    use super::jobs::{next_sleep, timer, TestSleeper};
    use relata_core::services::team::job::{self, PULL_EVERY_MS, PUSH_DEBOUNCE_MS};
    use std::sync::Arc;

    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    // The job's desktop: the admin on a second desktop of their own, with a shareable store and keyring.
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(relata_core::clock::ManualClock::new(T0));
    let store = Arc::new(relata_core::store::Store::open(dir.path(), clock.clone()).unwrap());
    let keyring = Arc::new(relata_core::secrets::MemorySecrets::new());
    team::join(&store, &*keyring, &pg.url(None, &db), &pg.admin, &pg.password).await.unwrap();
    let keyring_for_job = keyring.clone();
    let secrets: Arc<dyn relata_core::secrets::SecretStore> = keyring;
    let (sleeper, mut sleeps) = TestSleeper::new(clock.clone());
    let wake = Arc::new(tokio::sync::Notify::new());
    let now = job::SyncNow::new(wake.clone());
    let handle =
        job::spawn(&tokio::runtime::Handle::current(), store.clone(), secrets, timer(&clock, &sleeper), now.clone());
    // The first pass runs at once, then the job sleeps until the next pull.
    assert_eq!(next_sleep(&mut sleeps).await, T0 + PULL_EVERY_MS);
    assert_eq!(team::status(&store).unwrap().pending, 0);

    let p = people::create(&store, person("Job", "Pushed")).unwrap();
    wake.notify_one();
    assert_eq!(next_sleep(&mut sleeps).await, T0 + PUSH_DEBOUNCE_MS, "a burst of edits waits for the debounce");
    assert!(team::status(&store).unwrap().pending > 0);
    sleeper.advance_to(T0 + PUSH_DEBOUNCE_MS);
    assert_eq!(next_sleep(&mut sleeps).await, T0 + PUSH_DEBOUNCE_MS + PULL_EVERY_MS);
    assert_eq!(team::status(&store).unwrap().pending, 0, "the job pushed");
    b.sync().await;
    let gid: String =
        store.read(|c| Ok(c.query_row("SELECT gid FROM people WHERE id = ?1", [p.id], |r| r.get(0))?)).unwrap();

    // The pull timer brings B's edit.
    let on_b = b.local_id("people", &gid).expect("the job's push reached B");
    edit(&b, on_b, |p| p.job_title = Some("From B".into()));
    b.sync().await;
    sleeper.advance_to(T0 + PUSH_DEBOUNCE_MS + PULL_EVERY_MS);
    next_sleep(&mut sleeps).await;
    assert_eq!(people::get(&store, p.id).unwrap().job_title.as_deref(), Some("From B"));

    // "Sync now" pulls at once, long before the timer.
    let t = T0 + PUSH_DEBOUNCE_MS + PULL_EVERY_MS;
    edit(&b, on_b, |p| p.job_title = Some("Asked for".into()));
    b.sync().await;
    now.ask();
    assert_eq!(next_sleep(&mut sleeps).await, t + PULL_EVERY_MS);
    assert_eq!(people::get(&store, p.id).unwrap().job_title.as_deref(), Some("Asked for"));

    // Offline: the pass fails and the job backs off; a local edit's poke does not cut the backoff short.
    let url: String = store.read(|c| Ok(c.query_row("SELECT url FROM sync_state", [], |r| r.get(0))?)).unwrap();
    let gone = url.replace(&format!(":{}/", pg.port), ":1/");
    store.write(|tx| Ok(tx.execute("UPDATE sync_state SET url = ?1", [&gone])?)).unwrap();
    let user = pg.admin.clone();
    relata_core::secrets::SecretStore::set(&*keyring_for_job, &format!("team:{user}@{gone}"), pg.password.as_bytes())
        .unwrap();
    people::create(&store, person("While", "Offline")).unwrap();
    now.ask();
    assert_eq!(next_sleep(&mut sleeps).await, t + job::BACKOFF.first_ms, "a failed pass backs off");
    let status = team::status(&store).unwrap();
    assert_eq!(status.last_error_code, Some(ErrorCode::Network), "{:?}", status.last_error);
    people::create(&store, person("Still", "Offline")).unwrap();
    wake.notify_one();
    assert_eq!(next_sleep(&mut sleeps).await, t + job::BACKOFF.first_ms, "the edit waits for the backoff");
    handle.stop().await;
}

#[tokio::test]
async fn an_expired_role_or_a_vanished_server_is_a_clear_error_and_the_store_keeps_working() {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    let (user, d) = member(&pg, &db, &admin, "sales").await;
    d.sync().await;
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    admin_raw.batch_execute(&format!("ALTER ROLE {user} VALID UNTIL '2000-01-01'")).await.unwrap();
    let err = team::sync_once(&d.env.store, &d.secrets).await.expect_err("expired role");
    assert_eq!(err.code, ErrorCode::Login, "{}", err.message);
    assert_eq!(team::status(&d.env.store).unwrap().last_error.as_deref(), Some(err.message.as_str()));
    let p = people::create(&d.env.store, person("Offline", "Work")).unwrap();
    assert!(d.pending() > 0, "the edit waits for the next sync");
    admin_raw.batch_execute(&format!("ALTER ROLE {user} VALID UNTIL 'infinity'")).await.unwrap();

    // The server goes away (here: the workspace's address stops answering).
    let url: String = d.env.raw().query_row("SELECT url FROM sync_state", [], |r| r.get(0)).unwrap();
    let gone = url.replace(&format!(":{}/", pg.port), ":1/");
    d.env.raw().execute("UPDATE sync_state SET url = ?1", [&gone]).unwrap();
    // (the keyring entry is named after the URL: carry it over, so only the address differs)
    let password = format!("pw-{user}");
    relata_core::secrets::SecretStore::set(&d.secrets, &format!("team:{user}@{gone}"), password.as_bytes()).unwrap();
    let err = team::sync_once(&d.env.store, &d.secrets).await.expect_err("server gone");
    assert_eq!(err.code, ErrorCode::Network, "{}", err.message);
    edit(&d, p.id, |p| p.job_title = Some("Still editable".into()));
    // Back again: the waiting edits go up.
    d.env.raw().execute("UPDATE sync_state SET url = ?1", [&url]).unwrap();
    let report = d.sync().await;
    assert!(report.pushed > 0 && report.refused.is_empty(), "{report:?}");
    assert_eq!(d.pending(), 0);
    assert_eq!(team::status(&d.env.store).unwrap().last_error, None);
}

#[tokio::test]
async fn a_host_that_is_not_loopback_gets_no_plain_tcp() {
    let pg = pg();
    let (db, _admin) = workspace(&pg).await;
    // This machine's own name: not a loopback name, so TLS is required; the test server has no TLS.
    let host = std::process::Command::new("hostname").output().expect("hostname").stdout;
    let host = String::from_utf8(host).unwrap().trim().to_string();
    assert!(!host.is_empty() && host != "localhost");
    let url = format!("postgres://{host}:{}/{db}", pg.port);
    let d = desk();
    let err = team::join(&d.env.store, &d.secrets, &url, &pg.admin, &pg.password).await.expect_err("plain TCP refused");
    let resolves_to_this_server = std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), 1))
        .map(|mut a| a.any(|a| a.ip() == std::net::IpAddr::from([127, 0, 0, 1])))
        .unwrap_or(false);
    if resolves_to_this_server {
        assert_eq!(err.code, ErrorCode::Tls, "{}", err.message);
    } else {
        assert!(matches!(err.code, ErrorCode::Tls | ErrorCode::Network | ErrorCode::Dns), "{}", err.message);
    }
    assert!(!team::status(&d.env.store).unwrap().joined);
}

//! Random schedules over three desktops against a real PostgreSQL: creates, edits, trash deletes and
//! restores on skewed clocks, desktops cut off for a while (partitions), and pushes that reach the server but
//! die before the desktop records them (a SIGKILL between the server's commit and the local one: the batch is
//! pushed again). Afterwards every store equals the server, and every field holds the value of its edit with
//! the greatest (hlc, node) stamp: no acknowledged edit is lost to another one that came before it.

use std::collections::BTreeMap;

use relata_core::domain::*;
use relata_core::rng::Rng;
use relata_core::services::{people, trash};
use relata_core::store::sync::outbox;
use serde_json::{json, Value};

use super::support::*;
use super::team_pg::*;

/// Every recorded edit: (gid, field) -> [(hlc, node, value)].
type Journal = BTreeMap<(String, String), Vec<(i64, String, Value)>>;

fn note(d: &Desk, journal: &mut Journal, gid: &str, fields: &[&str]) {
    let node = d.env.store.read(outbox::state).unwrap().node.unwrap();
    for f in fields {
        let (hlc, value): (i64, Option<String>) = d
            .env
            .raw()
            .query_row(
                "SELECT hlc, value FROM sync_changes WHERE gid = ?1 AND field = ?2 ORDER BY seq DESC LIMIT 1",
                rusqlite::params![gid, f],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let value = value.map(|v| serde_json::from_str(&v).unwrap()).unwrap_or(Value::Null);
        journal.entry((gid.to_string(), f.to_string())).or_default().push((hlc, node.clone(), value));
    }
}

fn field_value(d: &Desk, gid: &str, field: &str) -> Value {
    let v: rusqlite::types::Value =
        d.env.raw().query_row(&format!("SELECT \"{field}\" FROM people WHERE gid = ?1"), [gid], |r| r.get(0)).unwrap();
    match v {
        rusqlite::types::Value::Null => Value::Null,
        rusqlite::types::Value::Integer(i) => json!(i),
        rusqlite::types::Value::Text(t) => json!(t),
        other => panic!("unexpected {other:?}"),
    }
}

async fn run(seed: u64) {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    let (u1, d1) = member(&pg, &db, &admin, "manager").await;
    let (u2, d2) = member(&pg, &db, &admin, "manager").await;
    let desks = [
        (admin, pg.admin.clone(), pg.password.clone()),
        (d1, u1.clone(), format!("pw-{u1}")),
        (d2, u2.clone(), format!("pw-{u2}")),
    ];
    let mut rng = Rng::new(seed);
    let mut journal = Journal::new();
    let mut offline = [0u64; 3];
    let mut counter = 0;
    for _ in 0..80 {
        let i = rng.below(3) as usize;
        let (d, user, password) = &desks[i];
        d.env.clock.advance(rng.below(5 * MINUTE as u64) as i64);
        counter += 1;
        let live: Vec<i64> = d
            .env
            .raw()
            .prepare("SELECT id FROM people WHERE deleted_at IS NULL")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let trashed: Vec<i64> = d
            .env
            .raw()
            .prepare("SELECT id FROM people WHERE deleted_at IS NOT NULL")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        match rng.below(10) {
            0 | 1 => {
                let p = people::create(&d.env.store, person(&format!("F{counter}"), &format!("L{counter}"))).unwrap();
                note(d, &mut journal, &d.gid("people", p.id), &["first_name", "last_name"]);
            }
            2..=4 if !live.is_empty() => {
                let id = live[rng.below(live.len() as u64) as usize];
                let field = ["city", "job_title", "last_name"][rng.below(3) as usize];
                let mut input = people::get(&d.env.store, id).unwrap().to_input();
                let value = format!("{field}-{counter}");
                match field {
                    "city" => input.address.city = Some(value),
                    "job_title" => input.job_title = Some(value),
                    _ => input.last_name = value,
                }
                people::update(&d.env.store, id, input).unwrap();
                note(d, &mut journal, &d.gid("people", id), &[field]);
            }
            5 if !live.is_empty() => {
                let id = live[rng.below(live.len() as u64) as usize];
                people::delete(&d.env.store, id).unwrap();
                note(d, &mut journal, &d.gid("people", id), &["deleted_at"]);
            }
            6 if !trashed.is_empty() => {
                let id = trashed[rng.below(trashed.len() as u64) as usize];
                trash::restore(&d.env.store, Entity::Person, id).unwrap();
                note(d, &mut journal, &d.gid("people", id), &["deleted_at"]);
            }
            7 => offline[i] = 1 + rng.below(6), // cut off for a few of its turns
            8 if offline[i] == 0 => {
                // The push reaches the server, then the desktop dies before recording it.
                let state = d.env.store.read(outbox::state).unwrap();
                let batch = serde_json::to_value(d.env.store.read(|c| outbox::pending(c, 500)).unwrap()).unwrap();
                let raw = pg.raw(&db, user, password).await;
                raw.query_one(
                    "SELECT relata_push($1, $2, $3, $4)",
                    &[&relata_core::services::team::server::SCHEMA, &state.node.unwrap(), &state.last_pull_seq, &batch],
                )
                .await
                .unwrap();
            }
            _ if offline[i] > 0 => offline[i] -= 1,
            _ => {
                d.sync().await;
            }
        }
    }
    // Everyone back online: two rounds settle every desktop.
    for _ in 0..2 {
        for (d, _, _) in &desks {
            d.sync().await;
        }
    }
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    for ((gid, field), edits) in &journal {
        let (_, _, expected) = edits.iter().max_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1))).unwrap();
        let server: Value = admin_raw
            .query_one(
                "SELECT COALESCE(fields -> $2, 'null') FROM relata_records WHERE gid = $1::text::uuid",
                &[gid, field],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(&server, expected, "seed {seed}: server {gid}.{field}");
        for (n, (d, _, _)) in desks.iter().enumerate() {
            assert_eq!(&field_value(d, gid, field), expected, "seed {seed}: desk {n} {gid}.{field}");
        }
    }
    for (d, _, _) in &desks {
        assert_eq!(d.pending(), 0, "seed {seed}");
    }
}

#[tokio::test]
async fn random_schedules_converge_without_losing_the_latest_edit() {
    for seed in 1..=4 {
        run(seed).await;
    }
}

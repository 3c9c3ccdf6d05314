//! The set-based bulk edits (tag, untag, set owner) against the per-person path they replaced: N single
//! edits through `people::update` on a second store built the same way, with the same clock. People,
//! tags and taggings, the audit trail, automation events, the hot-lead alerts of the rescore, and what a
//! team push would send (through the sync layer's pending-changes reader) must come out equal.

use std::collections::HashMap;

use relata_core::domain::*;
use relata_core::services::{automation, bulk, people, scoring};
use relata_core::store::sync::outbox::{pending, start_capture};
use relata_core::store::sync::registry::SYNCED;

use super::support::*;

/// 30 people in a team store with a tag rule and an owner rule (+25 each: 50 → 75 crosses into hot), an
/// enabled automation rule (so events are logged), tags in several orders and spellings, owners, emails
/// and phones, customers among the leads, and one person in the trash. Returns the people's ids.
fn build(e: &Env) -> Vec<Id> {
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    for (attribute, value) in [("tag", "vip"), ("owner", "Maria")] {
        let rule = ScoringRuleInput {
            attribute: attribute.into(),
            value: Some(value.into()),
            points: 25,
            ..Default::default()
        };
        scoring::add_rule(&e.store, rule).unwrap();
    }
    let def = serde_json::json!({"name": "Owner", "trigger": {"type": "field_changed", "entity": "person", "field": "owner"},
        "actions": [{"type": "add_note", "body": "owner changed"}]});
    automation::add(&e.store, &serde_json::from_value(def).unwrap()).unwrap();
    let tag_sets: [&[&str]; 5] = [&[], &["vip"], &["Alpha", "VIP", "beta"], &["beta", "alpha"], &["gamma", "Vip"]];
    let owners = [None, Some("Maria"), Some("Jan")];
    let ids: Vec<Id> = (0..30)
        .map(|i| {
            e.clock.advance(1000);
            let mut p = person(&format!("P{i}"), "Bulk");
            p.tags = tag_sets[i % 5].iter().map(|t| t.to_string()).collect();
            p.owner = owners[i % 3].map(String::from);
            if i % 2 == 0 {
                p.emails = vec![lv("work", &format!("p{i}@example.com")), lv("home", &format!("p{i}@home.example"))];
            }
            if i % 3 == 0 {
                p.phones = vec![lv("work", "+31201234567")];
            }
            if i % 4 == 0 {
                p.lifecycle = Lifecycle::Customer;
            }
            people::create(&e.store, p).unwrap().id
        })
        .collect();
    people::delete(&e.store, ids[7]).unwrap();
    // Only the bulk edits' own changes and events are compared. Leads left out of most selections hold a
    // score that is out of date (as after a decay): only the people an edit changes are rescored.
    let raw = e.raw();
    raw.execute_batch("DELETE FROM sync_changes; DELETE FROM rule_events;").unwrap();
    let sql = "UPDATE people SET score = 3, score_band = 'cold' WHERE id % 4 = 2 AND lead_status IS NOT NULL";
    assert_eq!(raw.execute(sql, []).unwrap(), 8);
    ids
}

/// The old path: each selected live person edited on their own, exactly when the action changes them.
fn single_edits(e: &Env, ids: &[Id], action: &BulkAction) -> BulkResult {
    let mut live: Vec<Person> = ids.iter().filter_map(|&id| people::get(&e.store, id).ok()).collect();
    live.sort_by_key(|p| p.id);
    let mut r = BulkResult { selected: live.len() as u32, ..Default::default() };
    for mut p in live {
        let changed = match action {
            BulkAction::AddTag { tag } => {
                let has = p.tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase());
                (!has).then(|| p.tags.push(tag.clone())).is_some()
            }
            BulkAction::RemoveTag { tag } => {
                let before = p.tags.len();
                p.tags.retain(|t| t.to_lowercase() != tag.to_lowercase());
                p.tags.len() != before
            }
            BulkAction::SetOwner { owner } => {
                let owner = Some(owner.clone()).filter(|o| !o.is_empty());
                (p.owner != owner).then(|| p.owner = owner).is_some()
            }
            _ => unreachable!(),
        };
        if changed {
            people::update(&e.store, p.id, p.to_input()).unwrap();
            r.changed += 1;
        } else {
            r.skipped += 1;
        }
    }
    r
}

fn rows(e: &Env, sql: &str) -> Vec<Vec<String>> {
    let raw = e.raw();
    let mut stmt = raw.prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut out: Vec<Vec<String>> = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| Ok(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?)))
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.sort();
    out
}

/// What a push would send, with every global id replaced by its table and local row id (people's ids are
/// random per store), without the stamps: the per-person path also advanced the clock for rows it rewrote
/// unchanged, and rows without time columns (taggings) are stamped with the wall clock, not the test's.
fn pushed(e: &Env, names: &mut HashMap<String, String>) -> Vec<(String, String, String, String)> {
    remember(e, names);
    let name = |s: &str| names.get(s).cloned().unwrap_or_else(|| s.to_string());
    let mut out: Vec<_> = e
        .store
        .read(|c| pending(c, 1_000_000))
        .unwrap()
        .into_iter()
        .map(|c| {
            let mut value = c.value.to_string();
            for (gid, n) in names.iter() {
                value = value.replace(gid.as_str(), n);
            }
            (c.tbl, name(&c.gid), c.field, value)
        })
        .collect();
    out.sort();
    out
}

/// Adds every global id of the store to `names`, as `table#rowid` (kept: a row deleted later is named by it).
fn remember(e: &Env, names: &mut HashMap<String, String>) {
    let raw = e.raw();
    for t in SYNCED {
        let mut stmt = raw.prepare(&format!("SELECT gid, rowid FROM {} WHERE gid IS NOT NULL", t.name)).unwrap();
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap() {
            let (gid, id) = row.unwrap();
            names.insert(gid, format!("{}#{id}", t.name));
        }
    }
}

/// The columns of `table` but `except`, comma-separated.
fn columns(e: &Env, table: &str, except: &str) -> String {
    let sql = format!("SELECT group_concat(name) FROM pragma_table_info('{table}') WHERE name <> '{except}'");
    e.raw().query_row(&sql, [], |r| r.get(0)).unwrap()
}

struct Snapshot {
    people: Vec<Vec<String>>,
    tags: Vec<Vec<String>>,
    audit: Vec<Vec<String>>,
    events: Vec<Vec<String>>,
    alerts: Vec<Vec<String>>,
    pushed: Vec<(String, String, String, String)>,
}

fn snapshot(e: &Env, names: &mut HashMap<String, String>) -> Snapshot {
    Snapshot {
        // The gid (random per store) is compared through `pushed`.
        people: rows(e, &format!("SELECT {} FROM people", columns(e, "people", "gid"))),
        tags: rows(
            e,
            "SELECT t.id, t.name, t.key, g.id, g.entity, g.record_id, g.position FROM taggings g
                       JOIN tags t ON t.id = g.tag_id",
        ),
        audit: rows(e, "SELECT at, action, entity, record_id, fields, profile FROM audit_log"),
        events: rows(e, "SELECT at, entity, record_id, person_id, kind, changes FROM rule_events"),
        alerts: rows(
            e,
            "SELECT 'task', id, title, person_id, owner, due_at FROM tasks
                         UNION ALL SELECT 'note', id, subject, person_id, kind, occurred_at FROM activities",
        ),
        pushed: pushed(e, names),
    }
}

#[test]
fn set_based_tag_untag_and_owner_equal_the_per_person_edits() {
    let (old, new) = (env(), env());
    let ids = build(&old);
    assert_eq!(build(&new), ids, "both stores are built the same way");
    let mut selection: Vec<Id> = ids.iter().copied().filter(|id| id % 4 != 2).collect();
    selection.push(9999);
    let some: Vec<Id> = ids[..20].to_vec();
    let steps = [
        (selection.clone(), BulkAction::AddTag { tag: "VIP".into() }),
        (some.clone(), BulkAction::RemoveTag { tag: "alpha".into() }),
        (selection.clone(), BulkAction::SetOwner { owner: "Maria".into() }),
        (some.clone(), BulkAction::RemoveTag { tag: "Vip".into() }),
        (ids.clone(), BulkAction::AddTag { tag: "Spring 26".into() }),
        (some, BulkAction::SetOwner { owner: String::new() }),
        (selection, BulkAction::RemoveTag { tag: "no such tag".into() }),
    ];
    let (mut old_names, mut new_names) = (HashMap::new(), HashMap::new());
    for (i, (sel, action)) in steps.iter().enumerate() {
        remember(&old, &mut old_names);
        remember(&new, &mut new_names);
        old.clock.advance(MINUTE);
        new.clock.advance(MINUTE);
        let want = single_edits(&old, sel, action);
        let got = bulk::run(&new.store, &PeopleSelection { ids: sel.clone(), ..Default::default() }, action).unwrap();
        assert_eq!(got, want, "step {i}: counts of {action:?}");
        let (a, b) = (snapshot(&old, &mut old_names), snapshot(&new, &mut new_names));
        assert_eq!(b.people, a.people, "step {i}: people rows after {action:?}");
        assert_eq!(b.tags, a.tags, "step {i}: tags and taggings after {action:?}");
        assert_eq!(b.audit, a.audit, "step {i}: audit trail after {action:?}");
        assert_eq!(b.events, a.events, "step {i}: automation events after {action:?}");
        assert_eq!(b.alerts, a.alerts, "step {i}: hot-lead alerts after {action:?}");
        type Pushed = Vec<(String, String, String, String)>;
        let only = |x: &Pushed, y: &Pushed| x.iter().filter(|c| !y.contains(c)).cloned().collect::<Pushed>();
        let (extra, missing) = (only(&b.pushed, &a.pushed), only(&a.pushed, &b.pushed));
        assert!(b.pushed == a.pushed, "step {i}: a push after {action:?} sends {extra:?} too, and not {missing:?}");
    }
    let (a, b) = (snapshot(&old, &mut old_names), snapshot(&new, &mut new_names));
    assert!(a.alerts.len() >= 2 && !a.events.is_empty(), "the rescore crossed into hot and events were logged");
    assert!(b.pushed.iter().any(|c| c.0 == "taggings" && c.2 == "position"), "a removal renumbered positions");
}

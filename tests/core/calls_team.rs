//! A logged call's facts travel with its activity to another desktop of the team (migration 28's columns are
//! fields of the synced `activities` table). Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::{activities, calls, people};

use super::calls::call;
use super::support::*;
use super::team_pg::*;

#[tokio::test]
async fn a_calls_facts_travel_with_its_activity() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let ann = people::create(&a.env.store, person("Ann", "Lee")).unwrap();
    let input = CallInput {
        talk_secs: Some(125),
        wait_secs: Some(9),
        agent: Some("mia".into()),
        number: Some("+31 20 123 4567".into()),
        ..call(ann.id, Direction::Inbound, CallOutcome::Voicemail)
    };
    let logged = calls::log(&a.env.store, input).unwrap();
    a.sync().await;
    b.sync().await;
    let on_b = b.local_id("people", &a.gid("people", ann.id)).expect("the person reached B");
    let q = TimelineQuery { person_id: Some(on_b), ..Default::default() };
    let got = activities::timeline(&b.env.store, &q).unwrap().items;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].direction, got[0].duration_secs), (Some(Direction::Inbound), Some(125)));
    assert_eq!(got[0].call, logged.call);
    assert_eq!(b.pending(), 0, "what a pull wrote is not pushed back");
}

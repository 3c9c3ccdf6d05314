//! Phone calls: an activity of kind `call` plus its call facts (outcome, waiting time, agent, number), logged
//! in one transaction. Talk time is the activity's `duration_secs`, direction its `direction`.

pub mod metrics;

use rusqlite::{Connection, Row};

use super::records::{enum_str, parse_opt_enum};
use super::validate::{self as v, SHORT_MAX, TEXT_MAX};
use super::{activities, people, settings};
use crate::domain::{Activity, ActivityInput, ActivityKind, CallFacts, CallInput, CallOutcome, Direction};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::phone;
use crate::store::Store;

/// Logs a call on the person's (or company's) timeline and returns its activity.
pub fn log(store: &Store, input: CallInput) -> AppResult<Activity> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let facts = checked(tx, &input)?;
        let activity = ActivityInput {
            kind: ActivityKind::Call,
            direction: Some(input.direction),
            subject: String::new(),
            body: v::optional("note", input.note.as_deref(), TEXT_MAX)?,
            occurred_at: input.at,
            duration_secs: input.talk_secs,
            person_id: input.person_id,
            company_id: input.company_id,
            deal_id: None,
        };
        let id = activities::create_in(tx, &activity, now)?;
        tx.prepare_cached(
            "UPDATE activities SET call_outcome = ?2, call_wait_secs = ?3, call_agent = ?4, call_number = ?5,
             call_number_e164 = ?6 WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            enum_str(&facts.outcome),
            facts.wait_secs,
            facts.agent,
            facts.number,
            facts.number_e164
        ])?;
        activities::load(tx, id)
    })
}

/// The rules of a call's facts; the link, note and time are checked as for any activity.
fn checked(tx: &Connection, c: &CallInput) -> AppResult<CallFacts> {
    let invalid = |field: &str, why: &str| AppError::field(ErrorCode::InvalidValue, field, why.to_owned());
    for (field, secs) in [("talk_secs", c.talk_secs), ("wait_secs", c.wait_secs)] {
        if let Some(s) = secs {
            v::range(field, s.into(), 0, i64::from(i32::MAX))?;
        }
    }
    if c.direction == Direction::Outbound && c.wait_secs.is_some() {
        return Err(invalid("wait_secs", "waiting time is recorded for inbound calls only"));
    }
    if matches!(c.outcome, CallOutcome::NoAnswer | CallOutcome::Busy) && c.talk_secs.is_some_and(|s| s > 0) {
        return Err(invalid("talk_secs", "a call that was not answered has no talk time"));
    }
    let agent = match v::optional("agent", c.agent.as_deref(), SHORT_MAX)? {
        Some(a) => Some(a),
        None => settings::load(tx)?.user_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    let region = match (c.person_id, c.company_id) {
        (Some(pid), _) => people::phone_region_of(tx, pid)?,
        (None, company) => people::default_region(tx, company)?,
    };
    let (number, number_e164) = match v::optional("number", c.number.as_deref(), SHORT_MAX)? {
        Some(typed) => {
            v::phone("number", &typed, region.as_deref())?;
            let e164 = phone::e164(&typed, region.as_deref());
            (Some(typed), e164)
        }
        None => (None, None),
    };
    Ok(CallFacts { outcome: c.outcome, wait_secs: c.wait_secs, agent, number, number_e164 })
}

/// The call facts in an activity row from column `at` on (outcome, wait, agent, number, E.164).
pub(crate) fn facts_from_row(r: &Row, at: usize) -> rusqlite::Result<Option<CallFacts>> {
    let Some(outcome) = parse_opt_enum::<CallOutcome>(r.get(at)?)? else {
        return Ok(None);
    };
    Ok(Some(CallFacts {
        outcome,
        wait_secs: r.get(at + 1)?,
        agent: r.get(at + 2)?,
        number: r.get(at + 3)?,
        number_e164: r.get(at + 4)?,
    }))
}

/// The `tel:` link the OS dialer opens for a shown number: its E.164 form when valid (read in the app's
/// region), else its digits and leading `+` as typed. Anything that is not written like a phone number is
/// refused, so nothing but a dial reaches the OS opener.
pub fn dial_url(store: &Store, number: &str) -> AppResult<String> {
    let region = store.read(|conn| Ok(people::app_region(&settings::load(conn)?)))?;
    let normal = v::phone("number", number, region.as_deref())?;
    let dial: String = normal.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    Ok(format!("tel:{dial}"))
}

//! A signups import (`ImportEntity::Signups`): each row is a person (matched to one the store has, or
//! created as a lead, see `person`), one consent record when the row claims consent with a usable time,
//! and the follow-ups the import names: a static segment, a campaign, a welcome cadence. Everything runs
//! in the import's transaction and is noted in its batch, so undo removes it:
//! - consents as `import_records` of `consent` (their ids),
//! - memberships as `segment_member:<segment id>` / `campaign_member:<campaign id>` with the person's id
//!   (only those this import added: a person already a member stays one on undo),
//! - cadence series as `cadence_run` (the run's id; undo deletes its tasks too).
//!
//! A row that claims consent without a time, with a time that does not read, a time in the future or a
//! purpose the core does not know is imported without consent and listed in the report's
//! `consents_refused` with a reason code.

use chrono_tz::Tz;
use rusqlite::Connection;

use super::apply::{Ctx, Outcome};
use super::columns::Cells;
use super::person::{self, fatal};
use super::types::{ConsentRefusal, ConsentRefused, ImportEntity, ImportOptions, SignupImportStats};
use super::{batch, order_row, values};
use crate::domain::{CampaignRef, ConsentStatus, ContactChannel, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::gdpr::{self, Given};
use crate::services::orders::when::{self, DayOrder};
use crate::services::validate::{self as v, NAME_MAX};
use crate::services::{cadences, campaigns, segments, trash};

/// Record types under which a signups import notes what it made (see the module docs).
pub const CONSENT: &str = "consent";
pub const SEGMENT_MEMBER: &str = "segment_member:";
pub const CAMPAIGN_MEMBER: &str = "campaign_member:";
pub const CADENCE_RUN: &str = "cadence_run";

/// A signups import's options, resolved once before the rows, and its figures.
pub struct Signups {
    /// The source of new people whose row names none.
    pub person_source: Option<String>,
    purpose: String,
    known: Vec<String>,
    consent_source: String,
    zone: Tz,
    segment: Option<Id>,
    campaign: Option<Id>,
    cadence: Option<Id>,
    pub stats: SignupImportStats,
}

/// Checks the options (purpose, source, time zone, segment, campaign, cadence) before any row; `None`
/// for other imports.
pub fn prepare(tx: &Connection, options: &ImportOptions, file_name: &str) -> AppResult<Option<Signups>> {
    if options.entity != ImportEntity::Signups {
        return Ok(None);
    }
    let o = &options.signups;
    let known = gdpr::purposes(tx)?;
    let purpose = match o.purpose.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => gdpr::DEFAULT_PURPOSE.to_string(),
        Some(p) => gdpr::known_purpose(&known, p).map(str::to_string).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "purpose",
                format!("\"{p}\" is not a consent purpose Relata knows; known: {}", known.join(", ")),
            )
        })?,
    };
    let named = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let campaign = match named(&o.campaign) {
        None => None,
        Some(c) => Some(match c.parse::<Id>() {
            Ok(id) => {
                campaigns::find(tx, &CampaignRef::Id(id)).or_else(|_| campaigns::find(tx, &CampaignRef::Name(c)))?
            }
            Err(_) => campaigns::find(tx, &CampaignRef::Name(c))?,
        }),
    };
    Ok(Some(Signups {
        person_source: v::optional("source", o.source.as_deref(), NAME_MAX)?,
        purpose,
        known,
        consent_source: format!("signup import: {file_name}"),
        zone: order_row::zone(options)?,
        segment: named(&o.segment).map(|s| segments::static_by_id_or_name(tx, &s)).transpose()?,
        campaign,
        cadence: named(&o.cadence).map(|c| cadences::id_or_name(tx, &c)).transpose()?,
        stats: SignupImportStats::default(),
    }))
}

/// A consent the row gives, ready to write.
struct Claim {
    purpose: String,
    at: i64,
    confirmed_at: Option<i64>,
    source: String,
}

pub fn row(ctx: &mut Ctx, cells: &Cells) -> AppResult<Outcome> {
    let s = ctx.signups.as_ref().ok_or_else(|| AppError::internal("signups import not prepared"))?;
    let claim = claim(s, cells, ctx.now);
    let (outcome, person) = person::person(ctx, cells)?;
    let Some(person) = person else { return Ok(outcome) };
    follow_up(ctx, person, outcome, claim).map_err(fatal)?;
    Ok(outcome)
}

/// What the row's person gets: the consent, the memberships and the cadence, each noted in the batch.
fn follow_up(
    ctx: &mut Ctx,
    person: Id,
    outcome: Outcome,
    claim: Result<Option<Claim>, ConsentRefused>,
) -> AppResult<()> {
    let (tx, now, batch_id) = (ctx.tx, ctx.now, ctx.batch);
    let row = ctx.row;
    let s = ctx.signups.as_mut().ok_or_else(|| AppError::internal("signups import not prepared"))?;
    match outcome {
        Outcome::Created => s.stats.created += 1,
        Outcome::Updated | Outcome::Skipped => s.stats.merged += 1,
    }
    match claim {
        Ok(None) => {}
        Ok(Some(c)) => {
            let note = c.confirmed_at.map(confirmation_note);
            let given = Given {
                channel: ContactChannel::Email,
                purpose: &c.purpose,
                at: c.at,
                source: Some(&c.source),
                note: note.as_deref(),
            };
            let id = gdpr::insert_in(tx, person, ConsentStatus::Given, &given, now)?;
            batch::record(tx, batch_id, CONSENT, id, None)?;
            s.stats.consents_recorded += 1;
        }
        Err(refused) => s.stats.consents_refused.push(ConsentRefused { row, ..refused }),
    }
    if let Some(segment) = s.segment {
        let added = tx
            .prepare_cached("INSERT OR IGNORE INTO segment_members (segment_id, person_id) VALUES (?1, ?2)")?
            .execute([segment, person])?;
        if added > 0 {
            batch::record(tx, batch_id, &format!("{SEGMENT_MEMBER}{segment}"), person, None)?;
            s.stats.segment_joined += 1;
        }
    }
    if let Some(campaign) = s.campaign {
        if campaigns::add_member_in(tx, campaign, person, now)? {
            batch::record(tx, batch_id, &format!("{CAMPAIGN_MEMBER}{campaign}"), person, None)?;
            s.stats.campaign_joined += 1;
        }
    }
    if let Some(cadence) = s.cadence {
        match cadences::apply_tx(tx, cadence, person, now, s.zone, now) {
            Ok(_) => {
                let run: Id = tx
                    .prepare_cached("SELECT max(id) FROM cadence_runs WHERE cadence_id = ?1 AND person_id = ?2")?
                    .query_row([cadence, person], |r| r.get(0))?;
                batch::record(tx, batch_id, CADENCE_RUN, run, None)?;
                s.stats.cadences_started += 1;
            }
            // The series is already running for this person (a repeated signup): it is not doubled.
            Err(e) if e.code == ErrorCode::Conflict => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Undoes what a signups batch made besides its people (run before they go): its consents, the
/// memberships it added and its cadence series with their tasks. Returns how many it deleted.
pub fn undo(tx: &Connection, records: &[(String, Id, Option<String>)], now: i64) -> AppResult<u32> {
    let mut deleted = 0;
    for (entity, id, _) in records {
        let n = if entity == CONSENT {
            tx.prepare_cached("DELETE FROM consents WHERE id = ?1")?.execute([id])?
        } else if entity == CADENCE_RUN {
            let tasks: Vec<Id> = tx
                .prepare_cached("SELECT task_id FROM cadence_tasks WHERE run_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for task in &tasks {
                trash::purge_one(tx, Entity::Task, *task, now)?;
            }
            tasks.len() + tx.prepare_cached("DELETE FROM cadence_runs WHERE id = ?1")?.execute([id])?
        } else if let Some(segment) = entity.strip_prefix(SEGMENT_MEMBER).and_then(|s| s.parse::<Id>().ok()) {
            tx.prepare_cached("DELETE FROM segment_members WHERE segment_id = ?1 AND person_id = ?2")?
                .execute([segment, *id])?
        } else if let Some(campaign) = entity.strip_prefix(CAMPAIGN_MEMBER).and_then(|s| s.parse::<Id>().ok()) {
            tx.prepare_cached("DELETE FROM campaign_members WHERE campaign_id = ?1 AND person_id = ?2")?
                .execute([campaign, *id])?
        } else {
            0
        };
        deleted += crate::count::saturating_u32(n as u128);
    }
    Ok(deleted)
}

/// "double opt-in confirmed 2025-03-01T10:00:00Z": the consent's note (consents have no column of their
/// own for it; the consent's `at` stays the time it was given).
fn confirmation_note(at: i64) -> String {
    let utc = chrono::DateTime::from_timestamp_millis(at).unwrap_or_default();
    format!("double opt-in confirmed {}", utc.format("%Y-%m-%dT%H:%M:%SZ"))
}

/// The consent the row claims: `Ok(None)` when it claims none, `Err` when the claim cannot be recorded.
/// A row claims consent when its consent cell says yes, or, without a consent cell, when it has a consent
/// or confirmation time (a signup form's export lists only those who signed up).
fn claim(s: &Signups, cells: &Cells, now: i64) -> Result<Option<Claim>, ConsentRefused> {
    let (given, confirmed) = (cells.get("consented_at"), cells.get("confirmed_at"));
    match cells.get("consent") {
        Some(c) => match says_yes(c) {
            Some(false) => return Ok(None),
            Some(true) => {}
            None => return Err(refused(ConsentRefusal::UnclearConsent, "the consent cell says neither yes nor no", c)),
        },
        None if given.is_none() && confirmed.is_none() => return Ok(None),
        None => {}
    }
    let purpose = match cells.get("consent_purpose") {
        None => s.purpose.clone(),
        Some(p) => match gdpr::known_purpose(&s.known, p) {
            Some(k) => k.to_string(),
            None => return Err(refused(ConsentRefusal::UnknownPurpose, "the purpose is not one Relata knows", p)),
        },
    };
    let Some(given) = given else {
        return Err(ConsentRefused {
            row: 0,
            reason: ConsentRefusal::MissingTime,
            message: "consent is claimed without the time it was given".into(),
            value: None,
        });
    };
    let at = time(given, s.zone, now, ConsentRefusal::InvalidTime)?;
    let confirmed_at = confirmed.map(|c| time(c, s.zone, now, ConsentRefusal::InvalidConfirmation)).transpose()?;
    let source = cells.string("source").unwrap_or_else(|| s.consent_source.clone());
    Ok(Some(Claim { purpose, at, confirmed_at, source }))
}

fn refused(reason: ConsentRefusal, message: &str, value: &str) -> ConsentRefused {
    ConsentRefused { row: 0, reason, message: message.into(), value: Some(value.to_string()) }
}

/// A time in UTC milliseconds, refused when it does not read or lies in the future.
fn time(text: &str, zone: Tz, now: i64, unreadable: ConsentRefusal) -> Result<i64, ConsentRefused> {
    let at =
        moment(text, zone).ok_or_else(|| refused(unreadable, "the time does not read as a date and time", text))?;
    if at > now {
        return Err(refused(ConsentRefusal::FutureTime, "the consent time is in the future", text));
    }
    Ok(at)
}

/// RFC 3339, a date with an optional time (day first when written with the year last) read in `zone`
/// when it has no offset, or a Unix time in seconds (10 digits) or milliseconds (13 digits).
fn moment(text: &str, zone: Tz) -> Option<i64> {
    let t = text.trim();
    if t.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        return match t.len() {
            9 | 10 => Some(n * 1000),
            12 | 13 => Some(n),
            _ => None,
        };
    }
    when::moment(t, zone, DayOrder::DayFirst).map(|(secs, _)| secs * 1000)
}

/// Whether a consent cell says yes: the import's booleans in the four languages plus what forms write.
fn says_yes(cell: &str) -> Option<bool> {
    values::boolean(cell).or_else(|| match cell.trim().to_lowercase().as_str() {
        "1" | "oui" | "si" | "sí" | "on" | "checked" | "given" | "granted" | "agreed" | "accepted" | "subscribed"
        | "opt-in" | "optin" | "opted in" | "gegeven" | "erteilt" | "givet" => Some(true),
        "0" | "non" | "off" | "unchecked" | "declined" | "unsubscribed" | "opt-out" | "optout" | "opted out" => {
            Some(false)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_cells_and_times_read() {
        assert_eq!(says_yes("Ja"), Some(true));
        assert_eq!(says_yes("oui"), Some(true));
        assert_eq!(says_yes("1"), Some(true));
        assert_eq!(says_yes("nein"), Some(false));
        assert_eq!(says_yes("maybe"), None);
        let utc = Tz::UTC;
        assert_eq!(moment("2025-03-01T14:30:00+01:00", utc), Some(1_740_835_800_000));
        assert_eq!(moment("2025-03-01 14:30", utc), Some(1_740_839_400_000));
        assert_eq!(moment("1740839400", utc), Some(1_740_839_400_000));
        assert_eq!(moment("1740839400000", utc), Some(1_740_839_400_000));
        let amsterdam: Tz = "Europe/Amsterdam".parse().unwrap();
        assert_eq!(moment("01.03.2025 15:30", amsterdam), Some(1_740_839_400_000));
        assert_eq!(moment("soon", utc), None);
        assert_eq!(confirmation_note(1_740_839_400_000), "double opt-in confirmed 2025-03-01T14:30:00Z");
    }
}

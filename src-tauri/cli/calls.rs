//! `relata calls ...`: log a phone call on a person's timeline, list calls, and find who a number belongs
//! to (matched on its E.164 form, whatever its spelling).

use clap::{Args, Subcommand};

use super::output::{self, opt};
use relata_core::clock::Millis;
use relata_core::domain::{ActivityKind, CallInput, CallOutcome, Direction, Id, TimelineQuery};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::records::enum_str;
use relata_core::services::{activities, calls, people};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum CallsCmd {
    /// Log a call and print its activity as JSON.
    Log(LogCall),
    /// List calls, newest first (a table, or JSON with --json).
    List(ListCalls),
    /// The people whose phone number is NUMBER in any spelling (matched on E.164).
    Lookup {
        number: String,
        /// The country (ISO code, e.g. NL) a number without a country code is read in (default: the app's).
        #[arg(long)]
        region: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct LogCall {
    #[arg(long, value_name = "ID")]
    person: Id,
    /// in (inbound) or out (outbound).
    #[arg(long)]
    direction: String,
    /// answered, no_answer, voicemail or busy.
    #[arg(long)]
    outcome: String,
    /// Talk time in seconds.
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    talk: Option<i32>,
    /// Waiting time in seconds (inbound calls only).
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    wait: Option<i32>,
    /// The agent who took or made the call (default: the app's user name).
    #[arg(long)]
    agent: Option<String>,
    /// The number dialled or calling, as typed.
    #[arg(long)]
    number: Option<String>,
    /// When the call started, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    at: Option<Millis>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListCalls {
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    /// A company's calls, including those of its people.
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    /// At most this many rows (default: all).
    #[arg(long)]
    limit: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: CallsCmd) -> AppResult<()> {
    match cmd {
        CallsCmd::Log(c) => {
            let input = CallInput {
                person_id: Some(c.person),
                company_id: None,
                direction: direction(&c.direction)?,
                outcome: outcome(&c.outcome)?,
                talk_secs: c.talk,
                wait_secs: c.wait,
                agent: c.agent,
                number: c.number,
                at: c.at,
                note: c.note,
            };
            output::json(&calls::log(store, input)?)
        }
        CallsCmd::List(l) => {
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                let q = TimelineQuery {
                    person_id: l.person,
                    company_id: l.company,
                    kinds: vec![ActivityKind::Call],
                    limit: Some(limit),
                    cursor,
                    ..Default::default()
                };
                activities::timeline(store, &q)
            })?;
            let headers = ["ID", "WHEN", "DIRECTION", "OUTCOME", "TALK", "WAIT", "AGENT", "WITH"];
            output::list(l.json, rows, total, &headers, |a| {
                let secs = |s: Option<i32>| s.map(|s| format!("{s}s")).unwrap_or_default();
                let call = a.call.as_ref();
                vec![
                    a.id.to_string(),
                    output::time(a.occurred_at),
                    a.direction.map(|d| enum_str(&d)).unwrap_or_default(),
                    call.map(|c| enum_str(&c.outcome)).unwrap_or_default(),
                    secs(a.duration_secs),
                    secs(call.and_then(|c| c.wait_secs)),
                    call.and_then(|c| c.agent.clone()).unwrap_or_default(),
                    opt(&a.person_name.clone().or(a.company_name.clone())),
                ]
            })
        }
        CallsCmd::Lookup { number, region, json } => {
            let found = people::find_by_phone(store, &number, region.as_deref())?;
            if json {
                return output::json(&found);
            }
            let total = i64::try_from(found.people.len()).unwrap_or_default();
            let rows = found.people.into_iter().map(|p| vec![p.id.to_string(), p.display_name]).collect();
            output::table(&["ID", "NAME"], rows, total);
            Ok(())
        }
    }
}

fn direction(s: &str) -> AppResult<Direction> {
    match s.trim() {
        "in" | "inbound" => Ok(Direction::Inbound),
        "out" | "outbound" => Ok(Direction::Outbound),
        other => Err(AppError::field(ErrorCode::InvalidValue, "direction", format!("{other:?} is not in or out"))),
    }
}

fn outcome(s: &str) -> AppResult<CallOutcome> {
    CallOutcome::ALL.into_iter().find(|o| enum_str(o) == s.trim()).ok_or_else(|| {
        let names: Vec<String> = CallOutcome::ALL.iter().map(enum_str).collect();
        AppError::field(
            ErrorCode::InvalidValue,
            "outcome",
            format!("{s:?} is not a call outcome ({})", names.join(", ")),
        )
    })
}

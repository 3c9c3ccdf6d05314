use clap::{Args, Subcommand};

use super::output::{self, enum_arg, opt};
use relata_core::clock::Millis;
use relata_core::domain::{ActivityInput, ActivityKind, Direction, Id, TimelineQuery};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::i18n::Lang;
use relata_core::services::{activities, records};
use relata_core::store::Store;

const KINDS: &[&str] = &["call", "email", "meeting", "note", "chat", "visit"];

#[derive(Debug, Subcommand)]
pub enum ActivitiesCmd {
    /// Log an activity and print it as JSON.
    Add(AddActivity),
    /// List activities, newest first (a table, or JSON with --json).
    List(ListActivities),
}

#[derive(Debug, Args)]
pub struct AddActivity {
    #[arg(long, value_parser = enum_arg::<ActivityKind>(KINDS))]
    kind: ActivityKind,
    #[arg(long, value_parser = enum_arg::<Direction>(&["inbound", "outbound"]))]
    direction: Option<Direction>,
    #[arg(long, default_value = "")]
    subject: String,
    #[arg(long)]
    body: Option<String>,
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    #[arg(long, value_name = "ID")]
    deal: Option<Id>,
    /// When it happened, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    at: Option<Millis>,
    /// How long it took, in minutes.
    #[arg(long)]
    minutes: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ListActivities {
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    /// A company's activities, including those of its people.
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    /// At most this many rows (default: all).
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: ActivitiesCmd) -> AppResult<()> {
    match cmd {
        ActivitiesCmd::Add(a) => {
            let duration_secs = match a.minutes {
                Some(m) => Some(m.checked_mul(60).and_then(|s| i32::try_from(s).ok()).ok_or_else(|| {
                    AppError::field(ErrorCode::OutOfRange, "duration_secs", "the duration is too long")
                })?),
                None => None,
            };
            let input = ActivityInput {
                kind: a.kind,
                direction: a.direction,
                subject: a.subject,
                body: a.body,
                occurred_at: a.at,
                duration_secs,
                person_id: a.person,
                company_id: a.company,
                deal_id: a.deal,
            };
            output::json(&activities::create(store, input)?)
        }
        ActivitiesCmd::List(l) => {
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                let q = TimelineQuery {
                    person_id: l.person,
                    company_id: l.company,
                    limit: Some(limit),
                    cursor,
                    ..Default::default()
                };
                activities::timeline(store, &q)
            })?;
            output::list(l.json, rows, total, &["ID", "WHEN", "KIND", "SUBJECT", "WITH"], |a| {
                // A note the app wrote (a lead turning hot) reads in English, the CLI's language.
                let subject = a.system_event.as_ref().map_or_else(|| a.subject.clone(), |e| e.note(Lang::En).0);
                let with = a.person_name.or(a.company_name).or(a.deal_title);
                vec![a.id.to_string(), output::time(a.occurred_at), records::enum_str(&a.kind), subject, opt(&with)]
            })
        }
    }
}

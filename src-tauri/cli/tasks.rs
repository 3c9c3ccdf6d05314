use clap::{Args, Subcommand};

use super::output::{self, opt};
use relata_core::clock::Millis;
use relata_core::domain::{Id, Task, TaskInput, TaskState, TasksQuery};
use relata_core::error::AppResult;
use relata_core::i18n::Lang;
use relata_core::services::{reminders, tasks};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum TasksCmd {
    /// Add a task and print it as JSON.
    Add(AddTask),
    /// List open tasks by due time (a table, or JSON with --json).
    List(ListTasks),
    /// Mark a task done and print it as JSON.
    Done { id: Id },
    /// List open tasks due now or overdue, most overdue first (a table, or JSON with --json).
    Due {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remind again at a later time and print the task as JSON.
    Snooze {
        id: Id,
        /// When to remind again, RFC 3339; may be after the due time.
        #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
        until: Millis,
    },
}

#[derive(Debug, Args)]
pub struct AddTask {
    #[arg(long)]
    title: String,
    /// When it is due, RFC 3339 (e.g. 2025-06-30T09:00:00+02:00).
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    due: Millis,
    /// When to be reminded, RFC 3339; not after --due.
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    remind_at: Option<Millis>,
    /// Repeat it: an RRULE subset such as FREQ=WEEKLY;BYDAY=MO or FREQ=MONTHLY;INTERVAL=3;COUNT=4.
    #[arg(long, value_name = "RRULE")]
    repeat: Option<String>,
    /// The IANA time zone the repetition keeps its local time in (default with --repeat: the system's).
    #[arg(long, value_name = "IANA")]
    tz: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    #[arg(long, value_name = "ID")]
    deal: Option<Id>,
}

#[derive(Debug, Args)]
pub struct ListTasks {
    /// Include done tasks.
    #[arg(long)]
    all: bool,
    /// At most this many rows (default: all).
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: TasksCmd) -> AppResult<()> {
    match cmd {
        TasksCmd::Add(a) => {
            let input = TaskInput {
                title: a.title,
                notes: a.notes,
                due_at: a.due,
                remind_at: a.remind_at,
                person_id: a.person,
                company_id: a.company,
                deal_id: a.deal,
                owner: None,
                // A repeating task keeps its local time across DST, so it needs a zone; the service
                // validates a given one and reports a bad name as a field error.
                time_zone: a
                    .tz
                    .or_else(|| a.repeat.as_ref().map(|_| relata_core::clock::system_zone().name().to_string())),
                repeat: a.repeat,
            };
            output::json(&tasks::create(store, input)?)
        }
        TasksCmd::List(l) => {
            let state = if l.all { TaskState::All } else { TaskState::Open };
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                tasks::list(store, &TasksQuery { state, limit: Some(limit), cursor, ..Default::default() })
            })?;
            output::list(l.json, rows, total, &["ID", "DUE", "TITLE", "DONE", "WITH"], |t| {
                let title = title(&t);
                let with = t.person_name.or(t.company_name).or(t.deal_title);
                vec![
                    t.id.to_string(),
                    output::time(t.due_at),
                    title,
                    t.done_at.map(output::time).unwrap_or_default(),
                    opt(&with),
                ]
            })
        }
        TasksCmd::Done { id } => output::json(&tasks::set_done(store, id, true)?),
        TasksCmd::Due { json } => {
            // due_before is exclusive; one millisecond later includes a task due exactly now.
            let due_before = store.clock().now_ms().saturating_add(1);
            let (rows, total) = output::collect(None, |cursor, limit| {
                let q = TasksQuery { due_before: Some(due_before), limit: Some(limit), cursor, ..Default::default() };
                tasks::list(store, &q)
            })?;
            output::list(json, rows, total, &["ID", "DUE", "TITLE", "WITH"], |t| {
                let title = title(&t);
                let with = t.person_name.or(t.company_name).or(t.deal_title);
                vec![t.id.to_string(), output::time(t.due_at), title, opt(&with)]
            })
        }
        TasksCmd::Snooze { id, until } => output::json(&reminders::snooze(store, id, until)?),
    }
}

/// A task's title; one the app wrote (a lead turning hot) in English, the CLI's language.
fn title(t: &Task) -> String {
    t.system_event.as_ref().map_or_else(|| t.title.clone(), |e| e.task_title(Lang::En))
}

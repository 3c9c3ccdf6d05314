//! An iCalendar (RFC 5545) feed of follow-ups: every open task as an event at its due time, with an alarm
//! at its reminder time. UIDs are built from the task's id and creation time, so re-importing a newer
//! feed updates events instead of duplicating them.

use std::io::Write;

use super::text::{escape, utc_stamp, write_line};
use crate::domain::{Task, TaskState, TasksQuery};
use crate::error::AppResult;
use crate::services::tasks;
use crate::store::keyset::MAX_LIMIT;
use crate::store::Store;

/// How long each follow-up blocks in a calendar; tasks have no end time of their own.
const EVENT_MINUTES: u32 = 15;

/// Writes the calendar and returns the number of events.
pub fn write(store: &Store, out: &mut impl Write) -> AppResult<u64> {
    write_line(out, "BEGIN", "VCALENDAR")?;
    write_line(out, "VERSION", "2.0")?;
    write_line(out, "PRODID", "-//Relata//Relata CRM//EN")?;
    write_line(out, "CALSCALE", "GREGORIAN")?;
    write_line(out, "X-WR-CALNAME", "Relata follow-ups")?;
    let mut cursor = None;
    let mut written = 0;
    loop {
        let q = TasksQuery { state: TaskState::Open, limit: Some(MAX_LIMIT), cursor, ..Default::default() };
        let page = tasks::list(store, &q)?;
        for task in &page.items {
            event(task, out)?;
            written += 1;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    write_line(out, "END", "VCALENDAR")?;
    out.flush()?;
    Ok(written)
}

pub fn uid(task: &Task) -> String {
    format!("task-{}-{}@relata", task.id, task.created_at)
}

fn event(t: &Task, out: &mut impl Write) -> AppResult<()> {
    write_line(out, "BEGIN", "VEVENT")?;
    write_line(out, "UID", &uid(t))?;
    write_line(out, "DTSTAMP", &utc_stamp(t.updated_at))?;
    write_line(out, "DTSTART", &utc_stamp(t.due_at))?;
    write_line(out, "DURATION", &format!("PT{EVENT_MINUTES}M"))?;
    write_line(out, "SUMMARY", &escape(&t.title))?;
    let about: Vec<&str> =
        [&t.person_name, &t.company_name, &t.deal_title].into_iter().flatten().map(String::as_str).collect();
    let description = [t.notes.as_deref().unwrap_or_default(), &about.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !description.is_empty() {
        write_line(out, "DESCRIPTION", &escape(&description))?;
    }
    write_line(out, "LAST-MODIFIED", &utc_stamp(t.updated_at))?;
    if let Some(remind) = t.remind_at {
        write_line(out, "BEGIN", "VALARM")?;
        write_line(out, "ACTION", "DISPLAY")?;
        write_line(out, "DESCRIPTION", &escape(&t.title))?;
        write_line(out, "TRIGGER;VALUE=DATE-TIME", &utc_stamp(remind))?;
        write_line(out, "END", "VALARM")?;
    }
    write_line(out, "END", "VEVENT")
}

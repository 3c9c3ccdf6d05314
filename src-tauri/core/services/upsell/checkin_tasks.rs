//! Tasks from check-ins: one task per customer due for a check-in, for the customer's owner, due now (so
//! today), linked to the person, with its title as a typed event (`SystemEvent::CheckIn`) that every reader
//! sees in their own language. Never a second one while the customer has an open check-in task.

use serde::Serialize;
use specta::Type;

use super::checkins::checkins_in;
use crate::domain::{Entity, Id, SystemEvent, TaskInput};
use crate::error::AppResult;
use crate::services::{records, tasks};
use crate::store::Store;

/// What creating check-in tasks did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct CheckInTasks {
    /// The new tasks, in the check-ins' order (most overdue first).
    pub task_ids: Vec<Id>,
    /// Customers due who already had an open check-in task.
    pub skipped: u32,
}

/// Open (not done, not in the trash) check-in tasks of the person. A task the user edited is their own
/// text and no longer a check-in task.
const OPEN_TASK: &str = "SELECT EXISTS (SELECT 1 FROM tasks WHERE person_id = ?1 AND deleted_at IS NULL
    AND done_at IS NULL AND json_extract(system_event, '$.kind') = 'check_in')";

/// Creates the check-in tasks of the customers due now (the first `limit` check-ins), or of only those of
/// `people` who are due; people not due are left alone. One transaction: the check-ins are read in it,
/// so two calls at once cannot both create a customer's task.
pub fn create_tasks(store: &Store, people: Option<&[Id]>, limit: usize) -> AppResult<CheckInTasks> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let mut out = CheckInTasks::default();
        for c in checkins_in(tx, now, limit)? {
            if people.is_some_and(|ids| !ids.contains(&c.person_id)) {
                continue;
            }
            let open: bool = tx.prepare_cached(OPEN_TASK)?.query_row([c.person_id], |r| r.get(0))?;
            if open {
                out.skipped += 1;
                continue;
            }
            let owner: Option<String> =
                tx.prepare_cached("SELECT owner FROM people WHERE id = ?1")?.query_row([c.person_id], |r| r.get(0))?;
            // A title is required: a customer without a name is shown by its number.
            let name = if c.name.is_empty() { format!("#{}", c.person_id) } else { c.name.clone() };
            let input = TaskInput {
                title: name.clone(),
                due_at: now,
                person_id: Some(c.person_id),
                owner,
                ..Default::default()
            };
            let task = tasks::save(tx, None, &input, now)?;
            let event = SystemEvent::CheckIn { person: name, days_since: c.days_since, usual_days: c.median_gap_days };
            records::set_system_event(tx, Entity::Task, task, &event)?;
            out.task_ids.push(task);
        }
        Ok(out)
    })
}

import type { Task, TaskInput } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { fromDateTimeInputs, toDateInput, toTimeInput } from "../lib/dates";
import { opt, requireText } from "./common";

export type TaskLinks = { person_id: number | null; company_id: number | null; deal_id: number | null };

export type TaskForm = TaskLinks & {
  title: string;
  notes: string;
  due_at: string;
  due_at_time: string;
  remind: boolean;
  remind_at: string;
  remind_at_time: string;
  owner: string;
  // Not edited here yet, but carried through so saving a task keeps its recurrence and time zone.
  repeat: string | null;
  time_zone: string | null;
};

/** New tasks default to tomorrow 09:00: the usual "follow up" moment. */
export function taskToForm(task: Task | null, links: Partial<TaskLinks>, owner: string, now = Date.now()): TaskForm {
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const due = task?.due_at ?? tomorrow.getTime();
  const remind = task?.remind_at ?? null;
  return {
    title: task?.title ?? "",
    notes: task?.notes ?? "",
    due_at: toDateInput(due),
    due_at_time: toTimeInput(due),
    remind: remind !== null,
    remind_at: toDateInput(remind ?? due),
    remind_at_time: toTimeInput(remind ?? due),
    owner: task ? task.owner ?? "" : owner,
    person_id: task?.person_id ?? links.person_id ?? null,
    company_id: task?.company_id ?? links.company_id ?? null,
    deal_id: task?.deal_id ?? links.deal_id ?? null,
    repeat: task?.repeat ?? null,
    time_zone: task ? task.time_zone ?? null : localTimeZone(),
  };
}

function localTimeZone(): string | null {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
}

export function validateTask(f: TaskForm): FieldErrors {
  const errors: FieldErrors = {};
  requireText(errors, "title", f.title);
  const due = fromDateTimeInputs(f.due_at, f.due_at_time);
  if (due === null) errors.due_at = "invalid_date";
  if (f.remind) {
    const remind = fromDateTimeInputs(f.remind_at, f.remind_at_time);
    if (remind === null) errors.remind_at = "invalid_date";
    else if (due !== null && remind > due) errors.remind_at = "out_of_range";
  }
  return errors;
}

export function taskFromForm(f: TaskForm): TaskInput {
  return {
    title: f.title.trim(),
    notes: opt(f.notes),
    due_at: fromDateTimeInputs(f.due_at, f.due_at_time) ?? Date.now(),
    remind_at: f.remind ? fromDateTimeInputs(f.remind_at, f.remind_at_time) : null,
    person_id: f.person_id,
    company_id: f.company_id,
    deal_id: f.deal_id,
    owner: opt(f.owner),
    repeat: f.repeat,
    time_zone: f.time_zone,
  };
}

import type { Task, TaskInput } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { fromDateTimeInputs, toDateInput, toTimeInput } from "../lib/dates";
import { remindAtFor, remindChoiceOf, type RemindChoice } from "../lib/reminders";
import { opt, requireText } from "./common";
import { emptyRepeat, repeatFromForm, repeatToForm, validateRepeat, type RepeatForm } from "./repeat";

export type TaskLinks = { person_id: number | null; company_id: number | null; deal_id: number | null };

export type TaskForm = TaskLinks & {
  title: string;
  notes: string;
  due_at: string;
  due_at_time: string;
  remind: boolean;
  /** A preset offset before the due time, or "custom" for the remind_at inputs. */
  remind_choice: RemindChoice;
  /** The stored reminder: a snooze may have put it after the due time, and saving it unchanged is fine. */
  remind_orig: number | null;
  remind_at: string;
  remind_at_time: string;
  owner: string;
  repeat: RepeatForm;
  // Carried through so saving a task keeps its time zone; new tasks get the local one.
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
    remind_choice: remind === null ? "due" : remindChoiceOf(due, remind),
    remind_orig: remind,
    remind_at: toDateInput(remind ?? due),
    remind_at_time: toTimeInput(remind ?? due),
    owner: task ? task.owner ?? "" : owner,
    person_id: task?.person_id ?? links.person_id ?? null,
    company_id: task?.company_id ?? links.company_id ?? null,
    deal_id: task?.deal_id ?? links.deal_id ?? null,
    repeat: task ? repeatToForm(task.repeat, task.repeat_rule, due) : emptyRepeat(due),
    time_zone: task ? task.time_zone ?? null : localTimeZone(),
  };
}

function localTimeZone(): string | null {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
}

/** The reminder instant the form stands for; null without a reminder or with a malformed one. */
export function remindAtOf(f: TaskForm): number | null {
  if (!f.remind) return null;
  if (f.remind_choice === "custom") return fromDateTimeInputs(f.remind_at, f.remind_at_time);
  const due = fromDateTimeInputs(f.due_at, f.due_at_time);
  return due === null ? null : remindAtFor(due, f.remind_choice);
}

export function validateTask(f: TaskForm): FieldErrors {
  const errors: FieldErrors = {};
  requireText(errors, "title", f.title);
  const due = fromDateTimeInputs(f.due_at, f.due_at_time);
  if (due === null) errors.due_at = "invalid_date";
  if (f.remind && f.remind_choice === "custom") {
    const remind = remindAtOf(f);
    if (remind === null) errors.remind_at = "invalid_date";
    else if (due !== null && remind > due && remind !== f.remind_orig) errors.remind_at = "out_of_range";
  }
  return { ...errors, ...validateRepeat(f.repeat, f.due_at) };
}

export function taskFromForm(f: TaskForm): TaskInput {
  const due = fromDateTimeInputs(f.due_at, f.due_at_time) ?? Date.now();
  return {
    title: f.title.trim(),
    notes: opt(f.notes),
    due_at: due,
    remind_at: remindAtOf(f),
    person_id: f.person_id,
    company_id: f.company_id,
    deal_id: f.deal_id,
    owner: opt(f.owner),
    repeat: repeatFromForm(f.repeat, due),
    time_zone: f.time_zone,
  };
}

// Reminder offsets for the task form and snooze instants for the Today rows and notification centre. Pure
// and in local time: "1 day before" and "tomorrow 9:00" follow the calendar, not 24-hour spans, so they stay
// right across DST changes and month ends.

export const REMIND_OFFSETS = ["due", "10m", "1h", "1d"] as const;
export type RemindOffset = (typeof REMIND_OFFSETS)[number];
export type RemindChoice = RemindOffset | "custom";

const MINUTE = 60_000;

/** The reminder instant for a due time and a preset offset. */
export function remindAtFor(due: number, offset: RemindOffset): number {
  switch (offset) {
    case "due":
      return due;
    case "10m":
      return due - 10 * MINUTE;
    case "1h":
      return due - 60 * MINUTE;
    case "1d": {
      const d = new Date(due);
      d.setDate(d.getDate() - 1);
      return d.getTime();
    }
  }
}

/** Which preset an existing reminder matches, or "custom" (a snoozed reminder, any other time). */
export function remindChoiceOf(due: number, remind: number): RemindChoice {
  return REMIND_OFFSETS.find((o) => remindAtFor(due, o) === remind) ?? "custom";
}

export const SNOOZE_OPTIONS = ["10m", "1h", "tomorrow"] as const;
export type SnoozeOption = (typeof SNOOZE_OPTIONS)[number];

/** When a snoozed reminder fires again: in 10 minutes, in an hour, or tomorrow at 9:00 local time. */
export function snoozeUntil(option: SnoozeOption, now: number): number {
  if (option === "10m") return now + 10 * MINUTE;
  if (option === "1h") return now + 60 * MINUTE;
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

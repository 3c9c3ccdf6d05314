import type { TFunction } from "i18next";
import type { Activity, SystemEvent, Task } from "../bindings";

/**
 * Tasks and notes the app writes itself (a lead turning hot, a customer due for a check-in) carry a typed
 * event instead of text; these render it in the reader's language with the `system.*` keys (the CLI and
 * native notifications use the same keys). Records without one show their stored text.
 */
function leadHotVars(t: TFunction, e: Extract<SystemEvent, { kind: "lead_hot" }>) {
  return { person: e.person, score: e.score, band: t(`scoring.band.${e.band}`) };
}

export function taskTitle(t: TFunction, task: Pick<Task, "title"> & { system_event?: SystemEvent | null }): string {
  const e = task.system_event;
  if (!e) return task.title;
  if (e.kind === "check_in") return t("system.checkIn.task", { person: e.person, days: e.days_since, usual: e.usual_days });
  return t("system.leadHot.task", leadHotVars(t, e));
}

/** A system note's subject and body; `null` for an activity the user wrote. */
export function systemNote(t: TFunction, a: { system_event?: Activity["system_event"] }): { title: string; rest: string } | null {
  const e = a.system_event;
  if (!e) return null;
  // A check-in is only ever a task; a note carrying one reads as that task's title.
  if (e.kind === "check_in") return { title: taskTitle(t, { title: "", system_event: e }), rest: "" };
  return { title: t("system.leadHot.subject", leadHotVars(t, e)), rest: t("system.leadHot.body", leadHotVars(t, e)) };
}

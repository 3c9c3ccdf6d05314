import type { TFunction } from "i18next";
import type { Activity, SystemEvent, Task } from "../bindings";

/**
 * Tasks and notes the app writes itself (a lead turning hot) carry a typed event instead of text; these
 * render it in the reader's language with the `system.*` keys (the CLI and native notifications use the
 * same keys). Records without one show their stored text.
 */
function vars(t: TFunction, e: SystemEvent) {
  return { person: e.person, score: e.score, band: t(`scoring.band.${e.band}`) };
}

export function taskTitle(t: TFunction, task: Pick<Task, "title"> & { system_event?: SystemEvent | null }): string {
  const e = task.system_event;
  return e ? t("system.leadHot.task", vars(t, e)) : task.title;
}

/** A system note's subject and body; `null` for an activity the user wrote. */
export function systemNote(t: TFunction, a: { system_event?: Activity["system_event"] }): { title: string; rest: string } | null {
  const e = a.system_event;
  return e ? { title: t("system.leadHot.subject", vars(t, e)), rest: t("system.leadHot.body", vars(t, e)) } : null;
}

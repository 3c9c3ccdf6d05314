import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { api } from "../api/client";
import { useToast } from "../components/Toast";
import { useLocale } from "../i18n";
import { formatDayTime } from "../lib/dates";
import { snoozeUntil, type SnoozeOption } from "../lib/reminders";
import { taskTitle } from "../lib/systemEvent";

/** Snoozes a task's reminder (the core clears its delivered state) and says until when. */
export function useSnooze(task: Pick<Task, "id" | "title">): (option: SnoozeOption) => Promise<void> {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  return async (option) => {
    const now = Date.now();
    const until = snoozeUntil(option, now);
    try {
      await api.tasksSnooze(task.id, until);
      toast.show(t("snooze.done", { title: taskTitle(t, task), when: formatDayTime(until, locale, now) }));
    } catch (e) {
      toast.error(e);
    }
  };
}

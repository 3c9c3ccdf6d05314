import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { api } from "../api/client";
import { useToast } from "../components/Toast";
import { taskTitle } from "../lib/systemEvent";

/** One-click done, shown at once (optimistic) and rolled back if the core refuses. */
export function useTaskDone(task: Task): [boolean, () => Promise<void>] {
  const { t } = useTranslation();
  const toast = useToast();
  const [done, setDone] = useState(task.done_at !== null);
  const toggle = async () => {
    const next = !done;
    setDone(next);
    try {
      await api.tasksSetDone(task.id, next);
      if (next) {
        toast.show(t("task.doneToast", { title: taskTitle(t, task) }), {
          action: { label: t("common.undo"), run: () => void api.tasksSetDone(task.id, false).catch(toast.error) },
        });
      }
    } catch (e) {
      setDone(!next);
      toast.error(e);
    }
  };
  return [done, toggle];
}

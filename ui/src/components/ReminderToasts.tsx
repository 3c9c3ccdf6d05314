import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { events } from "../bindings";
import { invalidate } from "../api/invalidation";
import { useToast } from "./Toast";

/** Shows what the core's reminder scheduler fired, so nothing depends on the OS popup being seen, and says
 * once when the desktop has no notification server. Renders nothing itself. */
export function ReminderToasts() {
  const { t } = useTranslation();
  const toast = useToast();
  useEffect(() => {
    const unlisten = [
      events.reminderFired.listen((e) => {
        toast.show(t("reminders.fired", { title: e.payload.title }));
        invalidate(["task"]);
      }),
      events.notificationsUnavailable.listen(() => toast.show(t("reminders.unavailable"), { kind: "error" })),
    ];
    // Outside Tauri (unit tests) listening fails; there is nothing to show then.
    const stops = unlisten.map((p) => p.catch(() => null));
    return () => stops.forEach((p) => void p.then((stop) => stop?.()));
  }, [t, toast]);
  return null;
}

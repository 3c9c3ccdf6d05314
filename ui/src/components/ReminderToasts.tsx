import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { events } from "../bindings";
import { useToast } from "./Toast";

/** Shows what the core's reminder scheduler fired, so nothing depends on the OS popup being seen, and says
 * once when the desktop has no notification server. Renders nothing itself. */
export function ReminderToasts() {
  const { t } = useTranslation();
  const toast = useToast();
  useEffect(() => {
    const unlisten = [
      events.reminderFired.listen((e) => {
        // The fired task's list refreshes from the DataChanged the scheduler's write sends.
        toast.show(t("reminders.fired", { title: e.payload.title }));
      }),
      events.notificationsUnavailable.listen(() => toast.show(t("reminders.unavailable"), { kind: "error" })),
    ];
    // Outside Tauri (unit tests) listening fails; there is nothing to show then.
    const stops = unlisten.map((p) => p.catch(() => null));
    return () => stops.forEach((p) => void p.then((stop) => stop?.()));
  }, [t, toast]);
  return null;
}

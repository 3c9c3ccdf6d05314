import { useEffect } from "react";
import { events } from "../bindings";
import { navigate } from "../lib/router";

/** Follows requests from the desktop shell, such as "Today's follow-ups" in the tray menu. Renders nothing. */
export function ShellEvents() {
  useEffect(() => {
    const stop = events.navigateRequested
      .listen((e) => {
        // The tray only asks for today's list so far.
        if (e.payload.page === "today") navigate({ page: "today" });
      })
      // Outside Tauri (unit tests) there is no shell to listen to.
      .catch(() => null);
    return () => void stop.then((s) => s?.());
  }, []);
  return null;
}

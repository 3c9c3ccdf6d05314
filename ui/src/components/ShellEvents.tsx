import { useEffect } from "react";
import { events, type NavigateRequested } from "../bindings";
import { navigate, type Route } from "../lib/router";

/** The route the desktop shell asks for: today's list or a running campaign send (tray menu), or the record a
 * clicked reminder is about. */
export function routeFor({ page, id }: NavigateRequested): Route | null {
  if (page === "today") return { page: "today" };
  if (page === "ticket") return { page: "tickets", id };
  if (id === null) return null;
  if (page === "person" || page === "company" || page === "deal" || page === "campaign") return { page, id };
  return null;
}

/** Follows navigation requests from the desktop shell. Renders nothing. */
export function ShellEvents() {
  useEffect(() => {
    const stop = events.navigateRequested
      .listen((e) => {
        const route = routeFor(e.payload);
        if (route) navigate(route);
      })
      // Outside Tauri (unit tests) there is no shell to listen to.
      .catch(() => null);
    return () => void stop.then((s) => s?.());
  }, []);
  return null;
}

// A hash router is enough for a desktop app and gives deep links like `#/people/12`.
import { useSyncExternalStore } from "react";

export type Route =
  | { page: "today" }
  | { page: "people" }
  | { page: "person"; id: number }
  | { page: "companies" }
  | { page: "company"; id: number }
  | { page: "deals"; pipelineId: number | null }
  | { page: "deal"; id: number }
  | { page: "tasks" }
  | { page: "trash" }
  | { page: "import" }
  | { page: "settings" }
  | { page: "dashboard" }
  | { page: "tickets"; id: number | null }
  | { page: "support" }
  | { page: "segments" }
  | { page: "segment"; id: number }
  | { page: "campaigns" }
  | { page: "campaign"; id: number }
  | { page: "order"; id: number };

const LIST_PAGES = ["today", "people", "companies", "tasks", "trash", "import", "settings", "dashboard", "support", "segments", "campaigns"] as const;
const DETAIL: Record<string, "person" | "company" | "deal" | "segment" | "campaign" | "order"> = {
  people: "person",
  companies: "company",
  deals: "deal",
  segments: "segment",
  campaigns: "campaign",
  orders: "order",
};

export function parseRoute(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const [first, second] = parts;
  if (first === "deals" && second === undefined) {
    const p = new URLSearchParams(search).get("pipeline");
    return { page: "deals", pipelineId: p && /^\d+$/.test(p) ? Number(p) : null };
  }
  if (first === "tickets" && (second === undefined || /^\d+$/.test(second))) {
    return { page: "tickets", id: second === undefined ? null : Number(second) };
  }
  if (first in DETAIL && second !== undefined && /^\d+$/.test(second)) {
    return { page: DETAIL[first], id: Number(second) } as Route;
  }
  if ((LIST_PAGES as readonly string[]).includes(first) && second === undefined) {
    return { page: first } as Route;
  }
  return { page: "today" };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case "person":
      return `#/people/${route.id}`;
    case "company":
      return `#/companies/${route.id}`;
    case "deal":
      return `#/deals/${route.id}`;
    case "tickets":
      return route.id === null ? "#/tickets" : `#/tickets/${route.id}`;
    case "segment":
      return `#/segments/${route.id}`;
    case "campaign":
      return `#/campaigns/${route.id}`;
    case "order":
      return `#/orders/${route.id}`;
    case "deals":
      return route.pipelineId === null ? "#/deals" : `#/deals?pipeline=${route.pipelineId}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** The href of a record page, for links from lists, timeline and palette. */
export function recordHref(entity: string, id: number): string | null {
  if (entity === "person") return `#/people/${id}`;
  if (entity === "company") return `#/companies/${id}`;
  if (entity === "deal") return `#/deals/${id}`;
  if (entity === "order") return `#/orders/${id}`;
  return null;
}

function subscribe(cb: () => void) {
  window.addEventListener("hashchange", cb);
  return () => window.removeEventListener("hashchange", cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

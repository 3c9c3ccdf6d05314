// A stand-in for the generated bindings in component tests: every command is a vi.fn that resolves
// tauri-specta's `{ status: "ok", data }` unless a test says otherwise.
import { vi } from "vitest";

export const ok = <T>(data: T) => ({ status: "ok" as const, data });
export const err = (code: string, message = code, field: string | null = null) => ({ status: "error" as const, error: { code, message, field } });

export function emptyPage<T>(items: T[] = []) {
  return ok({ items, next_cursor: null, total: items.length, total_exact: true });
}

// Loosely typed on purpose: tests resolve whatever shape the case needs.
const fn = (impl: (...args: any[]) => Promise<unknown> = async () => undefined) => vi.fn<(...args: any[]) => Promise<any>>(impl);

export function makeCommands() {
  return {
    appInfo: fn(async () => ok({ version: "0", data_dir: "/tmp/x", schema_version: 1, os_locale: "en-US", startup_error: null, opening: false })),
    settingsGet: fn(async () => ok({ language: "en", theme: "system", default_currency: "EUR", user_name: "Sam" })),
    settingsSet: fn(async (s: unknown) => ok(s)),
    customFieldsList: fn(async () => ok([])),
    searchGlobal: fn(async () => ok([])),
    peopleList: fn(async () => emptyPage()),
    companiesList: fn(async () => emptyPage()),
    peopleCreate: fn(),
    peopleGet: fn(),
    trashRestore: fn(async () => ok(null)),
    repeatPreview: fn(async (rule: string, start: number) => ok({ rule, next: [start] })),
    ordersList: fn(async () => ok([])),
    ordersSummary: fn(async () => ok({ totals: [], order_count: 0, last_ordered_on: null })),
    upsellCheckins: fn(async () => ok([])),
    upsellCheckinTasks: fn(async () => ok({ task_ids: [], skipped: 0 })),
    productsSearch: fn(async () => ok([])),
    slaCalendarsList: fn(async () => ok([])),
    slaPoliciesList: fn(async () => ok([])),
    documentsList: fn(async () => ok([])),
    analyticsConversion: fn(async () => ok({ by_source: [], by_segment: [], by_campaign: [] })),
  };
}

// Drafts of business-hours calendars and SLA policies as the Settings forms edit them, and their summaries.
// The rules (time zones, overlapping hours, dates, names) are the core's; these only shape the input.
import type { CalendarDef, PolicyDef, SlaTargets, TicketPriority } from "../bindings";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const TARGETS = ["first_response", "next_reply", "resolution"] as const;
export type TargetKey = (typeof TARGETS)[number];

/** The weekday's short name in the reader's language (2026-06-01 is a Monday). */
export function weekdayName(day: Weekday, locale: string): string {
  const date = new Date(Date.UTC(2026, 5, 1 + WEEKDAYS.indexOf(day)));
  return new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(date);
}

/** "09:00–12:00, 13:00–17:00" from a day's ranges. */
export function rangesText(ranges: [string, string][] | undefined): string {
  return (ranges ?? []).map(([a, b]) => `${a}–${b}`).join(", ");
}

/** A day's ranges from "09:00-12:00, 13:00-17:00" (any dash); null when the text is not ranges. */
export function parseRanges(text: string): [string, string][] | null {
  const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  const out: [string, string][] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/.exec(p);
    if (!m) return null;
    out.push([m[1].padStart(5, "0"), m[2].padStart(5, "0")]);
  }
  return out;
}

export type CalendarDraft = {
  name: string;
  timezone: string;
  hours: Record<Weekday, string>;
  holidays: string;
  public_holidays: string;
};

export function calendarDraft(def: CalendarDef | null, defaultZone: string): CalendarDraft {
  const office = "09:00–12:00, 13:00–17:00";
  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, def ? rangesText(def.hours[d] as [string, string][] | undefined) : WEEKDAYS.indexOf(d) < 5 ? office : ""]),
  ) as Record<Weekday, string>;
  return {
    name: def?.name ?? "",
    timezone: def?.timezone ?? defaultZone,
    hours,
    holidays: (def?.holidays ?? []).join("\n"),
    public_holidays: def?.public_holidays ?? "",
  };
}

/** The definition to send, or the field errors found while shaping it (`hours.mon`: not ranges). */
export function calendarDef(d: CalendarDraft): { def: CalendarDef } | { errors: Record<string, "invalid_value"> } {
  const hours: Record<string, [string, string][]> = {};
  const errors: Record<string, "invalid_value"> = {};
  for (const day of WEEKDAYS) {
    const ranges = parseRanges(d.hours[day]);
    if (ranges === null) errors[`hours.${day}`] = "invalid_value";
    else if (ranges.length > 0) hours[day] = ranges;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const holidays = d.holidays.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  return {
    def: { name: d.name, timezone: d.timezone.trim(), hours, holidays: [...new Set(holidays)].sort(), public_holidays: d.public_holidays || null },
  };
}

export type TargetsDraft = Record<TicketPriority, Record<TargetKey, string>>;

export function targetsDraft(def: PolicyDef | null, priorities: TicketPriority[]): TargetsDraft {
  return Object.fromEntries(
    priorities.map((p) => {
      const tg: Partial<SlaTargets> = def?.targets[p] ?? {};
      return [p, Object.fromEntries(TARGETS.map((k) => [k, tg[k] == null ? "" : String(tg[k])]))];
    }),
  ) as TargetsDraft;
}

/** Targets in business minutes; a blank box is no target, a priority with none is left out. */
export function targetsDef(d: TargetsDraft): { targets: PolicyDef["targets"] } | { errors: Record<string, "out_of_range"> } {
  const targets: PolicyDef["targets"] = {};
  const errors: Record<string, "out_of_range"> = {};
  for (const [p, row] of Object.entries(d) as [TicketPriority, Record<TargetKey, string>][]) {
    const tg: SlaTargets = { first_response: null, next_reply: null, resolution: null };
    for (const k of TARGETS) {
      const text = row[k].trim();
      if (text === "") continue;
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0 || n > 1_000_000) errors[`targets.${p}.${k}`] = "out_of_range";
      else tg[k] = n;
    }
    if (TARGETS.some((k) => tg[k] != null)) targets[p] = tg;
  }
  return Object.keys(errors).length > 0 ? { errors } : { targets };
}

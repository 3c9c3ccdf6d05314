// The RRULE subset the core evaluates (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL),
// built and parsed as pure functions. Text is written in the core's canonical key order, so a rule built here
// round-trips unchanged. Anything outside the subset parses to null and is kept as text by the form.
import type { TFunction } from "i18next";
import { REPEAT_LIMITS } from "../bindings";

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Freq = "DAILY" | "WEEKLY" | "MONTHLY";
export type RepeatEnd = { kind: "never" } | { kind: "count"; count: number } | { kind: "until"; until: string };

export type Recurrence = {
  freq: Freq;
  interval: number;
  /** Weekly only; in Monday-first order. */
  byDay: Weekday[];
  /** Monthly only. */
  byMonthDay: number | null;
  end: RepeatEnd;
};

// The bounds are the core's (the core checks every rule again on save and in its preview).
const MAX_INTERVAL = REPEAT_LIMITS.max_interval;
const MAX_COUNT = REPEAT_LIMITS.max_count;

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Monday-first weekday code of a local instant. */
export function weekdayOf(ms: number): Weekday {
  return WEEKDAYS[(new Date(ms).getDay() + 6) % 7];
}

/** The canonical RRULE text; throws RangeError for a rule the core would refuse. */
export function buildRRule(r: Recurrence): string {
  if (!isInt(r.interval, 1, MAX_INTERVAL)) throw new RangeError("interval");
  if (r.freq === "WEEKLY" && r.byDay.length === 0) throw new RangeError("byDay");
  if (r.freq !== "WEEKLY" && r.byDay.length > 0) throw new RangeError("byDay");
  if (r.freq !== "MONTHLY" && r.byMonthDay !== null) throw new RangeError("byMonthDay");
  if (r.byMonthDay !== null && !isInt(r.byMonthDay, 1, 31)) throw new RangeError("byMonthDay");
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byDay.length > 0) parts.push(`BYDAY=${WEEKDAYS.filter((d) => r.byDay.includes(d)).join(",")}`);
  if (r.byMonthDay !== null) parts.push(`BYMONTHDAY=${r.byMonthDay}`);
  if (r.end.kind === "until") {
    if (!YMD.test(r.end.until)) throw new RangeError("until");
    parts.push(`UNTIL=${r.end.until.replace(/-/g, "")}`);
  }
  if (r.end.kind === "count") {
    if (!isInt(r.end.count, 1, MAX_COUNT)) throw new RangeError("count");
    parts.push(`COUNT=${r.end.count}`);
  }
  return parts.join(";");
}

/** The simple subset back as a Recurrence, or null for anything the pickers cannot show. */
export function parseRRule(text: string): Recurrence | null {
  const body = text.trim().replace(/^RRULE:/i, "");
  if (body === "") return null;
  const seen = new Map<string, string>();
  for (const part of body.split(";")) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(part.trim());
    if (!m || seen.has(m[1].toUpperCase())) return null;
    seen.set(m[1].toUpperCase(), m[2].trim().toUpperCase());
  }
  const freq = seen.get("FREQ");
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY") return null;
  const num = (v: string | undefined, max: number) => (v === undefined ? undefined : /^\d+$/.test(v) && isInt(Number(v), 1, max) ? Number(v) : null);
  const interval = num(seen.get("INTERVAL"), MAX_INTERVAL);
  const count = num(seen.get("COUNT"), MAX_COUNT);
  const monthDay = num(seen.get("BYMONTHDAY"), 31);
  if (interval === null || count === null || monthDay === null) return null;
  const days = seen.get("BYDAY")?.split(",") ?? [];
  if (!days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return null;
  if ((days.length > 0 && freq !== "WEEKLY") || (monthDay !== undefined && freq !== "MONTHLY")) return null;
  const untilRaw = seen.get("UNTIL");
  const u = untilRaw === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(untilRaw);
  if (untilRaw !== undefined && !u) return null;
  if (u && count !== undefined) return null;
  if ([...seen.keys()].some((k) => !["FREQ", "INTERVAL", "COUNT", "BYDAY", "BYMONTHDAY", "UNTIL"].includes(k))) return null;
  return {
    freq,
    interval: interval ?? 1,
    byDay: WEEKDAYS.filter((d) => days.includes(d)),
    byMonthDay: monthDay ?? null,
    end: u ? { kind: "until", until: `${u[1]}-${u[2]}-${u[3]}` } : count !== undefined ? { kind: "count", count } : { kind: "never" },
  };
}

/** Localised weekday names (Monday 2024-01-01 is the reference week). */
export function weekdayName(day: Weekday, locale: string, width: "short" | "long" = "short"): string {
  const date = Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day));
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: "UTC" }).format(date);
}

function formatUntil(ymd: string, locale: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
}

/** "Repeats weekly on Mon, Thu", "Repeats every 2 months on day 15, 5 times"; a rule outside the subset
 * is described generically. */
export function describeRRule(text: string, t: TFunction, locale: string): string {
  const r = parseRRule(text);
  if (!r) return t("repeat.summary.custom");
  const days = new Intl.ListFormat(locale, { style: "short", type: "conjunction" }).format(r.byDay.map((d) => weekdayName(d, locale)));
  const key = { DAILY: "daily", WEEKLY: days ? "weekly" : "weeklyPlain", MONTHLY: r.byMonthDay ? "monthly" : "monthlyPlain" }[r.freq];
  const base = t(`repeat.summary.${key}`, { count: r.interval, days, day: r.byMonthDay ?? 0 });
  if (r.end.kind === "count") return t("repeat.summary.times", { base, count: r.end.count });
  if (r.end.kind === "until") return t("repeat.summary.until", { base, date: formatUntil(r.end.until, locale) });
  return base;
}

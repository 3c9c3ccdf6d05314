// Repeat rules in the UI: the picker's state written as RRULE text, and a rule's parts in words. Reading,
// checking and evaluating rules is the core's job: a task carries its rule's parts (`repeat_rule`), and the
// picker asks the core (`repeatPreview`) whether its rule is valid and when it falls next.
import type { TFunction } from "i18next";
import { REPEAT_DAYS, type RepeatDay, type RepeatFreq, type RepeatRule } from "../bindings";

export const WEEKDAYS = REPEAT_DAYS;
export type Weekday = RepeatDay;
export type Freq = RepeatFreq;

/** Monday-first weekday code of a local instant. */
export function weekdayOf(ms: number): Weekday {
  return WEEKDAYS[(new Date(ms).getDay() + 6) % 7];
}

/** The rule as RRULE text in the core's key order; the core checks it (preview, save) and stores its own
 * canonical form. */
export function buildRRule(r: RepeatRule): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.by_day.length > 0) parts.push(`BYDAY=${WEEKDAYS.filter((d) => r.by_day.includes(d)).join(",")}`);
  if (r.by_month_day !== null) parts.push(`BYMONTHDAY=${r.by_month_day}`);
  if (r.until !== null) parts.push(`UNTIL=${r.until.replace(/-/g, "")}`);
  if (r.count !== null) parts.push(`COUNT=${r.count}`);
  return parts.join(";");
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

/** "Repeats weekly on Mon, Thu", "Repeats every 2 months on day 15, 5 times"; a rule the core could not
 * break into parts (null) is described generically. */
export function describeRRule(r: RepeatRule | null, t: TFunction, locale: string): string {
  if (!r) return t("repeat.summary.custom");
  const days = new Intl.ListFormat(locale, { style: "short", type: "conjunction" }).format(r.by_day.map((d) => weekdayName(d, locale)));
  const key = { DAILY: "daily", WEEKLY: days ? "weekly" : "weeklyPlain", MONTHLY: r.by_month_day ? "monthly" : "monthlyPlain" }[r.freq];
  const base = t(`repeat.summary.${key}`, { count: r.interval, days, day: r.by_month_day ?? 0 });
  if (r.count !== null) return t("repeat.summary.times", { base, count: r.count });
  if (r.until !== null) return t("repeat.summary.until", { base, date: formatUntil(r.until, locale) });
  return base;
}

// The recurrence picker's state and its mapping to and from RRULE text. Pure, so it is unit-tested.
import type { FieldErrors } from "../api/errors";
import { isYmd } from "../lib/dates";
import { REPEAT_LIMITS, type RepeatRule } from "../bindings";
import { buildRRule, weekdayOf, type Freq, type Weekday } from "../lib/rrule";

export type RepeatMode = "none" | "daily" | "weekly" | "monthly" | "interval";
export type EndKind = "never" | "count" | "until";

export type RepeatForm = {
  mode: RepeatMode;
  /** Typed text, validated on save. */
  interval: string;
  unit: Freq;
  days: Weekday[];
  end: EndKind;
  count: string;
  until: string;
  /** A rule the pickers cannot show: kept as it is and shown read-only. */
  raw: string | null;
  /** The raw rule's parts as the core read them, for its summary (null when it has none). */
  rawRule: RepeatRule | null;
};

export function emptyRepeat(due: number): RepeatForm {
  return { mode: "none", interval: "2", unit: "WEEKLY", days: [weekdayOf(due)], end: "never", count: "10", until: "", raw: null, rawRule: null };
}

/** The picker state for a stored rule (`text`) with the parts the core read from it (`rule`); a rule the
 * core gave no parts for (or monthly on another day than the due date's) is kept raw. */
export function repeatToForm(text: string | null, rule: RepeatRule | null, due: number): RepeatForm {
  const base = emptyRepeat(due);
  if (!text) return base;
  if (!rule || (rule.by_month_day !== null && rule.by_month_day !== new Date(due).getDate())) return { ...base, raw: text, rawRule: rule };
  const mode: RepeatMode = rule.interval !== 1 ? "interval" : rule.freq === "DAILY" ? "daily" : rule.freq === "WEEKLY" ? "weekly" : "monthly";
  return {
    ...base,
    mode,
    interval: String(rule.interval),
    unit: rule.freq,
    days: rule.by_day.length > 0 ? rule.by_day : base.days,
    end: rule.count !== null ? "count" : rule.until !== null ? "until" : "never",
    count: rule.count !== null ? String(rule.count) : base.count,
    until: rule.until ?? "",
  };
}

const positive = (s: string, max: number) => (/^\d+$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= max ? Number(s) : null);

/** Errors at the picker's inputs (`repeat_interval`, `repeat_days`, `repeat_count`, `repeat_until`). */
export function validateRepeat(f: RepeatForm, dueYmd: string): FieldErrors {
  const errors: FieldErrors = {};
  if (f.raw !== null || f.mode === "none") return errors;
  if (f.mode === "interval" && positive(f.interval, REPEAT_LIMITS.max_interval) === null) errors.repeat_interval = "out_of_range";
  const freq = f.mode === "interval" ? f.unit : f.mode.toUpperCase();
  if (freq === "WEEKLY" && f.days.length === 0) errors.repeat_days = "required";
  if (f.end === "count" && positive(f.count, REPEAT_LIMITS.max_count) === null) errors.repeat_count = "out_of_range";
  if (f.end === "until") {
    if (!isYmd(f.until)) errors.repeat_until = "invalid_date";
    else if (isYmd(dueYmd) && f.until < dueYmd) errors.repeat_until = "out_of_range";
  }
  return errors;
}

/** The rule a valid picker state stands for; null for none or a raw rule. */
export function repeatRecurrence(f: RepeatForm, due: number): RepeatRule | null {
  if (f.raw !== null || f.mode === "none") return null;
  const freq: Freq = f.mode === "interval" ? f.unit : (f.mode.toUpperCase() as Freq);
  return {
    freq,
    interval: f.mode === "interval" ? (positive(f.interval, REPEAT_LIMITS.max_interval) ?? 1) : 1,
    by_day: freq === "WEEKLY" ? f.days : [],
    by_month_day: freq === "MONTHLY" ? new Date(due).getDate() : null,
    until: f.end === "until" ? f.until : null,
    count: f.end === "count" ? (positive(f.count, REPEAT_LIMITS.max_count) ?? 1) : null,
  };
}

/** The RRULE text to save: the raw rule unchanged, null for none, else the built rule. */
export function repeatFromForm(f: RepeatForm, due: number): string | null {
  if (f.raw !== null) return f.raw;
  const r = repeatRecurrence(f, due);
  return r ? buildRRule(r) : null;
}

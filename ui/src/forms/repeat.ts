// The recurrence picker's state and its mapping to and from RRULE text. Pure, so it is unit-tested.
import type { FieldErrors } from "../api/errors";
import { isYmd } from "../lib/dates";
import { REPEAT_LIMITS } from "../bindings";
import { buildRRule, parseRRule, weekdayOf, type Freq, type Recurrence, type Weekday } from "../lib/rrule";

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
};

export function emptyRepeat(due: number): RepeatForm {
  return { mode: "none", interval: "2", unit: "WEEKLY", days: [weekdayOf(due)], end: "never", count: "10", until: "", raw: null };
}

/** The picker state for a stored rule; a rule outside the subset (or monthly on another day than the due
 * date's) is kept raw. */
export function repeatToForm(text: string | null, due: number): RepeatForm {
  const base = emptyRepeat(due);
  if (!text) return base;
  const r = parseRRule(text);
  if (!r || (r.byMonthDay !== null && r.byMonthDay !== new Date(due).getDate())) return { ...base, raw: text };
  const mode: RepeatMode = r.interval !== 1 ? "interval" : r.freq === "DAILY" ? "daily" : r.freq === "WEEKLY" ? "weekly" : "monthly";
  return {
    ...base,
    mode,
    interval: String(r.interval),
    unit: r.freq,
    days: r.byDay.length > 0 ? r.byDay : base.days,
    end: r.end.kind,
    count: r.end.kind === "count" ? String(r.end.count) : base.count,
    until: r.end.kind === "until" ? r.end.until : "",
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

/** The Recurrence a valid picker state stands for; null for none or a raw rule. */
export function repeatRecurrence(f: RepeatForm, due: number): Recurrence | null {
  if (f.raw !== null || f.mode === "none") return null;
  const freq: Freq = f.mode === "interval" ? f.unit : (f.mode.toUpperCase() as Freq);
  return {
    freq,
    interval: f.mode === "interval" ? (positive(f.interval, REPEAT_LIMITS.max_interval) ?? 1) : 1,
    byDay: freq === "WEEKLY" ? f.days : [],
    byMonthDay: freq === "MONTHLY" ? new Date(due).getDate() : null,
    end: f.end === "count" ? { kind: "count", count: positive(f.count, REPEAT_LIMITS.max_count) ?? 1 } : f.end === "until" ? { kind: "until", until: f.until } : { kind: "never" },
  };
}

/** The RRULE text to save: the raw rule unchanged, null for none, else the built rule. */
export function repeatFromForm(f: RepeatForm, due: number): string | null {
  if (f.raw !== null) return f.raw;
  const r = repeatRecurrence(f, due);
  return r ? buildRRule(r) : null;
}

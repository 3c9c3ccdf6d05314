import { describe, expect, it } from "vitest";
import type { RepeatRule } from "../bindings";
import { emptyRepeat, repeatFromForm, repeatToForm, validateRepeat } from "./repeat";

// Thursday 15 January 2026, 09:00 local.
const due = new Date(2026, 0, 15, 9).getTime();

describe("recurrence picker state", () => {
  it("starts with no repeat and the due date's weekday", () => {
    const f = emptyRepeat(due);
    expect(f.mode).toBe("none");
    expect(f.days).toEqual(["TH"]);
    expect(repeatFromForm(f, due)).toBeNull();
  });

  it("builds each mode", () => {
    const f = emptyRepeat(due);
    expect(repeatFromForm({ ...f, mode: "daily" }, due)).toBe("FREQ=DAILY");
    expect(repeatFromForm({ ...f, mode: "weekly", days: ["TH", "MO"] }, due)).toBe("FREQ=WEEKLY;BYDAY=MO,TH");
    expect(repeatFromForm({ ...f, mode: "monthly" }, due)).toBe("FREQ=MONTHLY;BYMONTHDAY=15");
    expect(repeatFromForm({ ...f, mode: "interval", interval: "2", unit: "DAILY" }, due)).toBe("FREQ=DAILY;INTERVAL=2");
    expect(repeatFromForm({ ...f, mode: "interval", interval: "3", unit: "MONTHLY", end: "count", count: "4" }, due)).toBe("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15;COUNT=4");
    expect(repeatFromForm({ ...f, mode: "weekly", end: "until", until: "2026-06-30" }, due)).toBe("FREQ=WEEKLY;BYDAY=TH;UNTIL=20260630");
  });

  // Stored rules with the parts the core reads from them (Task.repeat_rule).
  const rule = (r: Partial<RepeatRule>): RepeatRule => ({ freq: "DAILY", interval: 1, by_day: [], by_month_day: null, until: null, count: null, ...r });
  it.each<[string, RepeatRule]>([
    ["FREQ=DAILY", rule({})],
    ["FREQ=DAILY;INTERVAL=2", rule({ interval: 2 })],
    ["FREQ=WEEKLY;BYDAY=MO,TH", rule({ freq: "WEEKLY", by_day: ["MO", "TH"] })],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=10", rule({ freq: "WEEKLY", interval: 2, by_day: ["TH"], count: 10 })],
    ["FREQ=MONTHLY;BYMONTHDAY=15", rule({ freq: "MONTHLY", by_month_day: 15 })],
    ["FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15;UNTIL=20271231", rule({ freq: "MONTHLY", interval: 6, by_month_day: 15, until: "2027-12-31" })],
  ])("round-trips %s through the picker", (text, parts) => {
    const f = repeatToForm(text, parts, due);
    expect(f.raw).toBeNull();
    expect(repeatFromForm(f, due)).toBe(text);
  });

  it("keeps a rule it cannot show unchanged", () => {
    const cases: [string, RepeatRule | null][] = [
      ["FREQ=YEARLY", null],
      ["FREQ=MONTHLY;BYMONTHDAY=3", rule({ freq: "MONTHLY", by_month_day: 3 })],
      ["FREQ=DAILY;UNTIL=20260101T080000Z", null],
    ];
    for (const [text, parts] of cases) {
      const f = repeatToForm(text, parts, due);
      expect(f.raw).toBe(text);
      expect(repeatFromForm({ ...f, mode: "daily" }, due)).toBe(text);
      expect(validateRepeat(f, "2026-01-15")).toEqual({});
    }
  });

  it("checks the interval, the weekdays and the end", () => {
    const f = { ...emptyRepeat(due), mode: "interval" as const, unit: "WEEKLY" as const };
    expect(validateRepeat({ ...f, interval: "0" }, "2026-01-15")).toEqual({ repeat_interval: "out_of_range" });
    expect(validateRepeat({ ...f, interval: "x" }, "2026-01-15")).toEqual({ repeat_interval: "out_of_range" });
    expect(validateRepeat({ ...f, days: [] }, "2026-01-15")).toEqual({ repeat_days: "required" });
    expect(validateRepeat({ ...f, end: "count", count: "0" }, "2026-01-15")).toEqual({ repeat_count: "out_of_range" });
    expect(validateRepeat({ ...f, end: "until", until: "" }, "2026-01-15")).toEqual({ repeat_until: "invalid_date" });
    expect(validateRepeat({ ...f, end: "until", until: "2026-01-01" }, "2026-01-15")).toEqual({ repeat_until: "out_of_range" });
    expect(validateRepeat({ ...f, mode: "none", interval: "0" }, "2026-01-15")).toEqual({});
  });
});

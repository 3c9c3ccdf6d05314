import { afterAll, describe, expect, it } from "vitest";
import { remindAtFor, remindChoiceOf, snoozeUntil } from "./reminders";

const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const oldTz = env.TZ;
// Set before the module-level instants below are computed.
env.TZ = "Europe/Amsterdam";
afterAll(() => {
  env.TZ = oldTz;
});

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe("reminder offsets", () => {
  const due = at(2026, 3, 10, 9, 30);
  it("computes the presets before the due time", () => {
    expect(remindAtFor(due, "due")).toBe(due);
    expect(remindAtFor(due, "10m")).toBe(at(2026, 3, 10, 9, 20));
    expect(remindAtFor(due, "1h")).toBe(at(2026, 3, 10, 8, 30));
    expect(remindAtFor(due, "1d")).toBe(at(2026, 3, 9, 9, 30));
  });

  it("keeps the wall-clock time for 1 day before across DST and a month start", () => {
    // Amsterdam moves to summer time on 29 March 2026: the day before a Sunday 09:00 call is 23 hours back.
    expect(remindAtFor(at(2026, 3, 29, 9), "1d")).toBe(at(2026, 3, 28, 9));
    expect(remindAtFor(at(2026, 3, 29, 9), "1d")).toBe(at(2026, 3, 29, 9) - 23 * 3600_000);
    expect(remindAtFor(at(2026, 3, 1, 9), "1d")).toBe(at(2026, 2, 28, 9));
  });

  it("recognises a stored reminder as a preset or custom", () => {
    for (const o of ["due", "10m", "1h", "1d"] as const) expect(remindChoiceOf(due, remindAtFor(due, o))).toBe(o);
    expect(remindChoiceOf(due, due - 5 * 60_000)).toBe("custom");
    expect(remindChoiceOf(due, due + 3600_000)).toBe("custom"); // snoozed past the due time
  });
});

describe("snooze instants", () => {
  it("adds 10 minutes or an hour", () => {
    const now = at(2026, 11, 23, 16, 55);
    expect(snoozeUntil("10m", now)).toBe(at(2026, 11, 23, 17, 5));
    expect(snoozeUntil("1h", now)).toBe(at(2026, 11, 23, 17, 55));
  });

  it("is tomorrow 9:00 local, across a month and a year end", () => {
    expect(snoozeUntil("tomorrow", at(2026, 1, 31, 22, 15))).toBe(at(2026, 2, 1, 9));
    expect(snoozeUntil("tomorrow", at(2026, 4, 30, 0, 5))).toBe(at(2026, 5, 1, 9));
    expect(snoozeUntil("tomorrow", at(2026, 12, 31, 23, 59))).toBe(at(2027, 1, 1, 9));
    expect(new Date(snoozeUntil("tomorrow", at(2028, 2, 28, 8))).getDate()).toBe(29);
  });

  it("is 9:00 on the wall clock on the morning DST starts", () => {
    const until = snoozeUntil("tomorrow", at(2026, 3, 28, 20));
    expect(new Date(until).getHours()).toBe(9);
    expect(until).toBe(Date.UTC(2026, 2, 29, 7)); // 09:00 CEST
  });
});

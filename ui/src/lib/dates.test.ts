import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayDiff, formatDay, formatRelative, formatDayTime, fromDateTimeInputs, isYmd, toDateInput, toTimeInput } from "./dates";

// Node applies a changed TZ at once; Amsterdam has a DST switch to test against.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const oldTz = env.TZ;
beforeAll(() => {
  env.TZ = "Europe/Amsterdam";
});
afterAll(() => {
  env.TZ = oldTz;
});

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe("relative days", () => {
  const now = at(2025, 3, 12, 10);
  it("says today, tomorrow and yesterday in each language", () => {
    expect(formatDay(at(2025, 3, 12, 14, 30), "nl", now)).toBe("vandaag");
    expect(formatDayTime(at(2025, 3, 12, 14, 30), "nl", now)).toBe("vandaag 14:30");
    expect(formatDay(at(2025, 3, 13), "nl", now)).toBe("morgen");
    expect(formatDay(at(2025, 3, 11), "da", now)).toBe("i går");
    expect(formatDay(at(2025, 3, 13), "de", now)).toBe("morgen");
    expect(formatDay(at(2025, 3, 11), "en", now)).toBe("yesterday");
  });

  it("falls back to a date further away, with the year only when it differs", () => {
    expect(formatDay(at(2025, 4, 30), "en", now)).toBe("Apr 30");
    expect(formatDay(at(2024, 4, 30), "en", now)).toBe("Apr 30, 2024");
  });

  it("counts calendar days, also across the DST change", () => {
    // Amsterdam moves to summer time on 30 March 2025: that day has 23 hours.
    expect(dayDiff(at(2025, 3, 31, 0, 30), at(2025, 3, 30, 23, 30))).toBe(1);
    expect(dayDiff(at(2025, 3, 30, 23, 59), at(2025, 3, 30, 0, 1))).toBe(0);
  });
});

describe("date inputs", () => {
  it("round-trips local date and time", () => {
    const ms = at(2025, 10, 26, 9, 5);
    expect(toDateInput(ms)).toBe("2025-10-26");
    expect(toTimeInput(ms)).toBe("09:05");
    expect(fromDateTimeInputs("2025-10-26", "09:05")).toBe(ms);
  });

  it("defaults an empty time to 09:00 and rejects bad input", () => {
    expect(fromDateTimeInputs("2025-01-02", "")).toBe(at(2025, 1, 2, 9, 0));
    expect(fromDateTimeInputs("2025-02-30", "10:00")).toBeNull();
    expect(fromDateTimeInputs("2025-01-02", "25:00")).toBeNull();
    expect(isYmd("2024-02-29")).toBe(true);
    expect(isYmd("2023-02-29")).toBe(false);
  });
});

describe("formatRelative", () => {
  const now = at(2025, 3, 12, 10);
  it("uses the largest fitting unit in the locale", () => {
    expect(formatRelative(now - 5 * 60_000, "en", now)).toBe("5 minutes ago");
    expect(formatRelative(now - 3 * 3600_000, "nl", now)).toBe("3 uur geleden");
    expect(formatRelative(at(2025, 3, 11, 9), "de", now)).toBe("gestern");
    expect(formatRelative(at(2025, 3, 9, 9), "da", now)).toBe("for 3 dage siden");
  });
});

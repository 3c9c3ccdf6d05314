import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import type { RepeatRule } from "../bindings";
import { buildRRule, describeRRule, weekdayName, weekdayOf } from "./rrule";

const rule = (r: Partial<RepeatRule>): RepeatRule => ({ freq: "DAILY", interval: 1, by_day: [], by_month_day: null, until: null, count: null, ...r });

describe("buildRRule", () => {
  it("writes the core's key order", () => {
    expect(buildRRule(rule({}))).toBe("FREQ=DAILY");
    expect(buildRRule(rule({ interval: 2 }))).toBe("FREQ=DAILY;INTERVAL=2");
    expect(buildRRule(rule({ freq: "WEEKLY", by_day: ["TH", "MO"] }))).toBe("FREQ=WEEKLY;BYDAY=MO,TH");
    expect(buildRRule(rule({ freq: "MONTHLY", by_month_day: 15, count: 6 }))).toBe("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6");
    expect(buildRRule(rule({ freq: "WEEKLY", interval: 3, by_day: ["FR"], until: "2026-12-31" }))).toBe(
      "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR;UNTIL=20261231",
    );
  });
});

describe("weekdays and summaries", () => {
  it("finds the weekday of a local date and names it in the locale", () => {
    expect(weekdayOf(new Date(2026, 10, 23, 9).getTime())).toBe("MO");
    expect(weekdayOf(new Date(2026, 10, 29, 23).getTime())).toBe("SU");
    expect(weekdayName("MO", "en")).toBe("Mon");
    expect(weekdayName("TH", "de", "long")).toBe("Donnerstag");
    expect(weekdayName("MO", "nl", "long")).toBe("maandag");
  });

  it("describes rules in every language, with plurals", () => {
    const en = i18n.getFixedT("en");
    expect(describeRRule(rule({ freq: "WEEKLY", by_day: ["MO"] }), en, "en")).toBe("Repeats weekly on Mon");
    expect(describeRRule(rule({ freq: "WEEKLY", by_day: ["MO", "TH"] }), en, "en")).toBe("Repeats weekly on Mon & Thu");
    expect(describeRRule(rule({ interval: 2 }), en, "en")).toBe("Repeats every 2 days");
    expect(describeRRule(rule({ freq: "MONTHLY", by_month_day: 15, count: 1 }), en, "en")).toBe("Repeats monthly on day 15, once");
    expect(describeRRule(rule({ freq: "MONTHLY", by_month_day: 15, count: 5 }), en, "en")).toBe("Repeats monthly on day 15, 5 times");
    expect(describeRRule(rule({ until: "2026-12-31" }), en, "en")).toBe("Repeats daily, until Dec 31, 2026");
    expect(describeRRule(null, en, "en")).toBe("Repeats (custom rule)");
    expect(describeRRule(rule({ interval: 3 }), i18n.getFixedT("nl"), "nl")).toBe("Herhaalt elke 3 dagen");
    expect(describeRRule(rule({ freq: "WEEKLY", by_day: ["MO"] }), i18n.getFixedT("de"), "de")).toMatch(/^Wiederholt sich wöchentlich am Mo\.?$/);
    expect(describeRRule(rule({ freq: "WEEKLY", interval: 2, by_day: ["MO"] }), i18n.getFixedT("da"), "da")).toMatch(/^Gentages hver 2\. uge man/);
  });
});

import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { buildRRule, describeRRule, parseRRule, weekdayName, weekdayOf, type Recurrence } from "./rrule";

const rule = (r: Partial<Recurrence>): Recurrence => ({ freq: "DAILY", interval: 1, byDay: [], byMonthDay: null, end: { kind: "never" }, ...r });

describe("buildRRule", () => {
  it("writes the core's canonical text", () => {
    expect(buildRRule(rule({}))).toBe("FREQ=DAILY");
    expect(buildRRule(rule({ interval: 2 }))).toBe("FREQ=DAILY;INTERVAL=2");
    expect(buildRRule(rule({ freq: "WEEKLY", byDay: ["TH", "MO"] }))).toBe("FREQ=WEEKLY;BYDAY=MO,TH");
    expect(buildRRule(rule({ freq: "MONTHLY", byMonthDay: 15, end: { kind: "count", count: 6 } }))).toBe("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6");
    expect(buildRRule(rule({ freq: "WEEKLY", interval: 3, byDay: ["FR"], end: { kind: "until", until: "2026-12-31" } }))).toBe(
      "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR;UNTIL=20261231",
    );
  });

  it("refuses what the core would refuse", () => {
    expect(() => buildRRule(rule({ interval: 0 }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ interval: 1001 }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ interval: 1.5 }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ freq: "WEEKLY" }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ byDay: ["MO"] }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ byMonthDay: 3 }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ freq: "MONTHLY", byMonthDay: 32 }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ end: { kind: "count", count: 0 } }))).toThrow(RangeError);
    expect(() => buildRRule(rule({ end: { kind: "until", until: "31-12-2026" } }))).toThrow(RangeError);
  });
});

describe("parseRRule", () => {
  const texts = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;UNTIL=20271231",
  ];
  it.each(texts)("round-trips %s", (text) => {
    const r = parseRRule(text);
    expect(r).not.toBeNull();
    expect(buildRRule(r!)).toBe(text);
  });

  it("accepts the prefix, any case and any order, and canonicalises", () => {
    expect(buildRRule(parseRRule("RRULE:byday=th,mo;freq=weekly")!)).toBe("FREQ=WEEKLY;BYDAY=MO,TH");
    expect(parseRRule("FREQ=WEEKLY")).toEqual(rule({ freq: "WEEKLY" }));
  });

  it.each([
    "",
    "FREQ=YEARLY",
    "FREQ=HOURLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=MO",
    "FREQ=DAILY;BYMONTHDAY=3",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=DAILY;COUNT=2;UNTIL=20260101",
    "FREQ=DAILY;UNTIL=20260101T080000Z",
    "FREQ=DAILY;WKST=SU",
    "FREQ=DAILY;FREQ=WEEKLY",
    "nonsense",
  ])("refuses %j", (text) => {
    expect(parseRRule(text)).toBeNull();
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
    expect(describeRRule("FREQ=WEEKLY;BYDAY=MO", en, "en")).toBe("Repeats weekly on Mon");
    expect(describeRRule("FREQ=WEEKLY;BYDAY=MO,TH", en, "en")).toBe("Repeats weekly on Mon & Thu");
    expect(describeRRule("FREQ=DAILY;INTERVAL=2", en, "en")).toBe("Repeats every 2 days");
    expect(describeRRule("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=1", en, "en")).toBe("Repeats monthly on day 15, once");
    expect(describeRRule("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=5", en, "en")).toBe("Repeats monthly on day 15, 5 times");
    expect(describeRRule("FREQ=DAILY;UNTIL=20261231", en, "en")).toBe("Repeats daily, until Dec 31, 2026");
    expect(describeRRule("FREQ=YEARLY", en, "en")).toBe("Repeats (custom rule)");
    expect(describeRRule("FREQ=DAILY;INTERVAL=3", i18n.getFixedT("nl"), "nl")).toBe("Herhaalt elke 3 dagen");
    expect(describeRRule("FREQ=WEEKLY;BYDAY=MO", i18n.getFixedT("de"), "de")).toMatch(/^Wiederholt sich wöchentlich am Mo\.?$/);
    expect(describeRRule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", i18n.getFixedT("da"), "da")).toMatch(/^Gentages hver 2\. uge man/);
  });
});

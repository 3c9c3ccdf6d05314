import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { summarizeSteps, validateCadence, toDraft } from "./cadence";

const DEFAULT = [
  { offset_days: 0, kind: "call" as const },
  { offset_days: 3, kind: "email" as const },
  { offset_days: 7, kind: "call" as const },
  { offset_days: 14, kind: "email" as const },
];

describe("cadence step summary", () => {
  it("words the default cadence in every language", async () => {
    const expected: Record<string, string> = {
      en: "Call today, email in 3 days, call in 7 days, email in 14 days",
      nl: "Vandaag bellen, over 3 dagen mailen, over 7 dagen bellen, over 14 dagen mailen",
      de: "Anruf heute, E-Mail in 3 Tagen, Anruf in 7 Tagen, E-Mail in 14 Tagen",
      da: "Opkald i dag, e-mail om 3 dage, opkald om 7 dage, e-mail om 14 dage",
    };
    for (const [lang, text] of Object.entries(expected)) {
      await i18n.changeLanguage(lang);
      expect(summarizeSteps(i18n.t.bind(i18n), DEFAULT, lang)).toBe(text);
    }
    await i18n.changeLanguage("en");
  });

  it("says tomorrow for day 1", () => {
    expect(summarizeSteps(i18n.t.bind(i18n), [{ offset_days: 1, kind: "visit" }, { offset_days: 2, kind: "meeting" }])).toBe("Visit tomorrow, meeting in 2 days");
  });
});

describe("cadence validation", () => {
  it("names the step and field like the core does", () => {
    const d = toDraft({ name: " ", steps: [{ offset_days: 3, kind: "call", title: "Call {name}" }, { offset_days: 1, kind: "email", title: "" }] });
    expect(validateCadence(d)).toEqual({ name: "required", "steps.1.offset_days": "out_of_range", "steps.1.title": "required" });
  });
});

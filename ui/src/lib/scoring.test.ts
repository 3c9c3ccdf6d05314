import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import type { Contribution, CustomFieldDef } from "../bindings";
import { validateRule } from "../pages/ScoringRules";
import { attributeLabel, explainSentence, rocPath, twoDecimals } from "./scoring";

const DEFS: CustomFieldDef[] = [{ id: 1, entity: "person", key: "budget", label: "Budget", kind: "number", choices: [], position: 0 }];
const reason = (c: Partial<Contribution>): Contribution => ({ kind: "model", attribute: "source", value: "referral", points: 12.5, rule_id: null, rule_name: null, ...c });

describe("score explanations", () => {
  it("word every kind of reason in every language", async () => {
    const expected: Record<string, string[]> = {
      en: ["Source: referral raised the score by 12.5", "Budget: not filled in lowered the score by 4", "Rule “VIP” added 30", "No contact for 44 days: 20 less"],
      nl: ["Bron: referral verhoogde de score met 12.5", "Budget: niet ingevuld verlaagde de score met 4", "Regel ‘VIP’ telde 30 op", "44 dagen geen contact: 20 minder"],
      de: ["Quelle: referral hat den Score um 12.5 erhöht", "Budget: nicht ausgefüllt hat den Score um 4 gesenkt", "Regel „VIP“ gab 30 dazu", "44 Tage kein Kontakt: 20 weniger"],
      da: ["Kilde: referral hævede scoren med 12.5", "Budget: ikke udfyldt sænkede scoren med 4", "Reglen “VIP” lagde 30 til", "Ingen kontakt i 44 dage: 20 mindre"],
    };
    const reasons = [
      reason({}),
      reason({ attribute: "custom.budget", value: "(missing)", points: -4 }),
      reason({ kind: "rule", attribute: "tag", value: "vip", points: 30, rule_id: 1, rule_name: "VIP" }),
      reason({ kind: "decay", attribute: "days_since_touch", value: "44", points: -20 }),
    ];
    for (const [lang, sentences] of Object.entries(expected)) {
      await i18n.changeLanguage(lang);
      expect(reasons.map((r) => explainSentence(i18n.t, r, DEFS, "en"))).toEqual(sentences);
    }
    await i18n.changeLanguage("en");
  });

  it("formats points in the user's locale", () => {
    expect(explainSentence(i18n.t, reason({}), DEFS, "de")).toBe("Source: referral raised the score by 12,5");
  });

  it("names custom fields by their label and unknown attributes as they are", () => {
    expect(attributeLabel(i18n.t, "custom.budget", DEFS)).toBe("Budget");
    expect(attributeLabel(i18n.t, "activities_30d", DEFS)).toBe("Activities in the last 30 days");
  });
});

describe("ROC chart and rule form", () => {
  it("draws from the bottom-left corner to the top-right", () => {
    expect(rocPath([{ fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 1 }, { fpr: 1, tpr: 1 }], 100)).toBe("M0.0,100.0 L50.0,0.0 L100.0,0.0");
  });

  it("checks value and points before saving", () => {
    expect(validateRule("eq", " ", "10")).toEqual({ value: "required" });
    expect(validateRule("is_set", "", "0")).toEqual({ points: "out_of_range" });
    expect(validateRule("gte", "3", "101")).toEqual({ points: "out_of_range" });
    expect(validateRule("lt", "3", "-20")).toEqual({});
  });
});

describe("twoDecimals", () => {
  it("writes ratios in the locale's notation", () => {
    expect(twoDecimals(0.7612, "en")).toBe("0.76");
    expect(twoDecimals(0.7612, "nl")).toBe("0,76");
    expect(twoDecimals(2, "de")).toBe("2,00");
  });
});

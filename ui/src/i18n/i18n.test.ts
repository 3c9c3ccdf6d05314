import { describe, expect, it } from "vitest";
import { compareLocales, missingUsedKeys } from "../../scripts/i18n-lib.mjs";
import i18n, { intlLocale, resolveLanguage, setOsLocale } from ".";
import en from "./locales/en.json";
import nl from "./locales/nl.json";
import de from "./locales/de.json";
import da from "./locales/da.json";

describe("translations", () => {
  it("are complete in en, nl, de and da", () => {
    expect(compareLocales({ en, nl, de, da })).toEqual([]);
  });

  it("the check catches missing, extra and changed-placeholder keys", () => {
    const ref = { a: "A {{n}}", b: { c: "C" } };
    const problems = compareLocales({ en: ref, nl: { a: "A {{count}}", b: { d: "D" } } });
    expect(problems).toContain("nl: missing key b.c");
    expect(problems).toContain("nl: extra key b.d");
    expect(problems.some((p) => p.includes("placeholders of a differ"))).toBe(true);
    expect(compareLocales({ en: ref, de: { a: "A {{n}}", b: { c: " " } } })).toEqual(["de: empty value for b.c"]);
  });

  it("the check finds literal keys the code uses but English lacks", () => {
    const src = ['t("common.save"); t("people.count", { count }); t("nope.missing")'];
    expect(missingUsedKeys(src, en)).toEqual(["nope.missing"]);
  });

  it("plural forms come from i18next, per language", async () => {
    const cases: [string, string, string, string][] = [
      ["en", "1 person", "5 people", "5,300 people"],
      ["nl", "1 persoon", "5 personen", "5.300 personen"],
      ["de", "1 Person", "5 Personen", "5.300 Personen"],
      ["da", "1 person", "5 personer", "5.300 personer"],
    ];
    for (const [lang, one, many, thousands] of cases) {
      await i18n.changeLanguage(lang);
      expect(i18n.t("people.count", { count: 1 })).toBe(one);
      expect(i18n.t("people.count", { count: 5 })).toBe(many);
      // Counts are written in the language's own digit grouping.
      expect(i18n.t("people.count", { count: 5300 })).toBe(thousands);
    }
    await i18n.changeLanguage("en");
  });
});

describe("language choice", () => {
  it("prefers the setting, then the OS, then the webview, then English", () => {
    expect(resolveLanguage("da", "nl-NL", ["de-DE"])).toBe("da");
    expect(resolveLanguage(null, "nl_NL.UTF-8", ["de-DE"])).toBe("nl");
    expect(resolveLanguage(null, "fr-FR", ["fr-FR", "de-AT"])).toBe("de");
    expect(resolveLanguage(null, null, ["ja-JP"])).toBe("en");
    expect(resolveLanguage("system", null, ["da-DK"])).toBe("da");
  });

  it("formats with the OS region when the language matches", () => {
    setOsLocale("en_GB.UTF-8");
    expect(intlLocale("en")).toBe("en-GB");
    expect(intlLocale("nl")).toBe("nl");
    setOsLocale(null);
    expect(intlLocale("en")).toBe("en");
  });
});

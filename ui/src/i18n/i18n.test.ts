import { describe, expect, it } from "vitest";
import { compareLocales, duplicateTabLabels, formalAddress, missingRustKeys, missingUsedKeys, tabSets } from "../../scripts/i18n-lib.mjs";
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

  it("the check finds desktop keys the Rust shell uses but the files lack", () => {
    const rust = ['const DUE: &str = "desktop.due";', 'const X: &str = "desktop.overdue"; "desktop.nope"; "other.key"', '"system.leadHot.task" "system.gone"'];
    expect(missingRustKeys(rust, en)).toEqual(["desktop.nope", "system.gone"]);
  });

  it("address the user informally (du, je, du) and keep tab labels apart", () => {
    expect(formalAddress({ en, nl, de, da })).toEqual([]);
    expect(duplicateTabLabels({ en, nl, de, da })).toEqual([]);
    expect(tabSets(en).get("record.tabs")).toEqual(["record.tabs.timeline", "record.tabs.history"]);
  });

  it("the formal-address lint catches German Sie, Ihr and Ihnen, naming language and key", () => {
    const formal = { import: { fileHint: "Wählen Sie eine Datei" }, a: "Ihre Daten sind sicher.", b: "Wir schicken Ihnen eine Mail.", c: "Speichern Sie?" };
    expect(formalAddress({ de: formal })).toEqual([
      'de: formal address "Sie" in import.fileHint: "Wählen Sie eine Datei"',
      'de: formal address "Ihr…" in a: "Ihre Daten sind sicher."',
      'de: formal address "Ihnen" in b: "Wir schicken Ihnen eine Mail."',
      'de: formal address "Sie" in c: "Speichern Sie?"',
    ]);
    // Lowercase sie/ihr (they, her, their), du-forms and words that merely contain the letters pass.
    const ok = { a: "Wähle eine Datei oder gib ihren Pfad ein.", b: "Die Regel bleibt, bis du sie ersetzt.", c: "Sicherung, Ihringen", d: "Du kannst ihr schreiben." };
    expect(formalAddress({ de: ok })).toEqual([]);
    // A sentence-initial "Sie" meaning "they" is flagged on purpose: it reads as formal too.
    expect(formalAddress({ de: { a: "Sie enden von selbst." } })).toHaveLength(1);
  });

  it("the formal-address lint catches Dutch u/uw and Danish Dem/Deres and a mid-sentence De", () => {
    expect(formalAddress({ nl: { a: "Kies uw bestand", b: "U kunt ook typen", c: "Bewaar het voor uzelf" } }).map((p) => p.split(" in ")[0])).toEqual([
      'nl: formal address "uw"',
      'nl: formal address "u"',
      'nl: formal address "uzelf"',
    ]);
    expect(formalAddress({ nl: { a: "Kies je bestand", b: "Uitvoer: {{u}} uur", c: "Je kunt ook typen" } })).toEqual([]);
    expect(formalAddress({ da: { a: "Deres data er krypteret.", b: "Vi sender Dem en mail.", c: "Her kan De vælge en fil." } })).toHaveLength(3);
    // The article and "they" at a sentence start, and lowercase dem/deres, are not formal.
    expect(formalAddress({ da: { a: "De næste 7 dage", b: "De stopper af sig selv.", c: "Slet personen og deres noter, og fjern dem." } })).toEqual([]);
    // English has no rules.
    expect(formalAddress({ en: { a: "Choose your file. You can also type u." } })).toEqual([]);
  });

  it("the tab lint fails when two tabs of one set read the same in a language", () => {
    const tabs = {
      en: { record: { tabs: { timeline: "Timeline", history: "History" } }, other: { a: "Same", b: "Same" } },
      de: { record: { tabs: { timeline: "Verlauf", history: "verlauf " } }, other: { a: "Same", b: "Same" } },
    };
    expect(duplicateTabLabels(tabs, [])).toEqual(['de: tabs record.tabs.timeline and record.tabs.history in record.tabs both read "verlauf "']);
    // Groups outside the `tabs` naming count only when declared.
    expect(duplicateTabLabels(tabs, ["other"])).toContain('en: tabs other.a and other.b in other both read "Same"');
    // Plural forms of one tab are one tab; only direct children of `tabs` are tabs.
    const plural = { page: { tabs: { notes_one: "Note", notes_other: "Notes", files: "Files", more: { a: "X", b: "X" } } } };
    expect(tabSets(plural, []).get("page.tabs")).toEqual(["page.tabs.notes", "page.tabs.files"]);
    expect(duplicateTabLabels({ en: plural }, [])).toEqual([]);
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

import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "../bindings";
import { countryFromText, countryOptions, countryToText } from "./countries";

describe("countries in address forms", () => {
  it("shows a stored code by its name in the reader's language and sends the code back", () => {
    expect(countryToText("NL", "nl")).toBe("Nederland");
    expect(countryToText("DE", "da")).toBe("Tyskland");
    expect(countryFromText("Nederland", "nl")).toBe("NL");
    expect(countryFromText(" tyskland ", "da")).toBe("DE");
    expect(countryFromText("dk", "en")).toBe("DK");
  });

  it("keeps text that names no country as typed, both ways", () => {
    expect(countryToText("Narnia", "en")).toBe("Narnia");
    expect(countryFromText("Narnia", "en")).toBe("Narnia");
    expect(countryToText(null, "en")).toBe("");
    expect(countryFromText("  ", "en")).toBe("");
  });

  it("offers every country the core knows, by name in the reader's order, each name reading back", () => {
    for (const locale of ["en", "nl", "de", "da"]) {
      const options = countryOptions(locale);
      expect(options.map((o) => o.code).sort()).toEqual([...COUNTRY_CODES].sort());
      const names = options.map((o) => o.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, locale)));
      for (const o of options) expect(countryFromText(o.name, locale)).toBe(o.code);
    }
  });
});

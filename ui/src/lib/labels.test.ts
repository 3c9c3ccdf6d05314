import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import "../i18n";
import { importFieldLabel } from "./labels";

describe("importFieldLabel", () => {
  beforeAll(() => i18n.changeLanguage("de"));

  it("names targets and error paths in the user's language", () => {
    const t = i18n.t.bind(i18n);
    expect(importFieldLabel(t, "first_name")).toBe("Vorname");
    expect(importFieldLabel(t, "emails.0.value")).toBe("E-Mail");
    expect(importFieldLabel(t, "phones.1.value")).toBe("Telefon");
    expect(importFieldLabel(t, "address.postal_code")).toBe("Postleitzahl");
  });

  it("shows custom fields and unknown paths as they are", () => {
    const t = i18n.t.bind(i18n);
    expect(importFieldLabel(t, "custom.Budget 2025")).toBe("Budget 2025");
    expect(importFieldLabel(t, "mystery.field")).toBe("mystery.field");
  });
});

import { describe, expect, it } from "vitest";
import type { CustomFieldDef, Person } from "../bindings";
import { customFromForm, customToForm, parseTags, textLength } from "./common";
import { dealFromForm, dealToForm, validateDeal } from "./deal";
import { TEXT_LIMITS, type Deal } from "../bindings";
import { formatMoney } from "../lib/money";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
import { personFromForm, personToForm, validatePerson } from "./person";
import { taskFromForm, taskToForm, validateTask } from "./task";
import { companyToForm, validateCompany } from "./company";
import { validateActivity } from "./ActivityForm";
import { validateCustomField } from "../pages/CustomFieldsManager";

const defs: CustomFieldDef[] = [
  { id: 1, entity: "person", key: "contract_end", label: "Contract end", kind: "date", choices: [], position: 0 },
  { id: 2, entity: "person", key: "seats", label: "Seats", kind: "number", choices: [], position: 1 },
  { id: 3, entity: "person", key: "vip", label: "VIP", kind: "boolean", choices: [], position: 2 },
  { id: 4, entity: "person", key: "tier", label: "Tier", kind: "choice", choices: ["Gold", "Silver"], position: 3 },
];

describe("person form", () => {
  const blank = () => personToForm(null, defs, "Sam", "de");

  it("starts with one email and one phone row and the user as owner", () => {
    const f = blank();
    expect(f.emails).toHaveLength(1);
    expect(f.phones).toHaveLength(1);
    expect(f.owner).toBe("Sam");
    expect(f.lead_status).toBe("open");
  });

  it("needs a name, an email or an external id, as the core does", () => {
    expect(validatePerson(blank(), defs, "en")).toEqual({ first_name: "required" });
    expect(validatePerson({ ...blank(), last_name: "Jansen" }, defs, "en")).toEqual({});
    expect(validatePerson({ ...blank(), emails: [{ label: "work", value: "lead@example.com" }] }, defs, "en")).toEqual({});
    expect(validatePerson(blank(), defs, "en", "L-2")).toEqual({});
  });

  it("names errors after the input that shows them", () => {
    const f = { ...blank(), first_name: "A", emails: [{ label: "work", value: "nope" }, { label: "home", value: "x@" }], phones: [{ label: "m", value: "abc" }] };
    expect(validatePerson(f, defs, "en")).toEqual({ email: "invalid_email", "emails.1.value": "invalid_email", phone: "invalid_phone" });
  });

  it("checks country, language, social URLs and custom values", () => {
    const f = { ...blank(), first_name: "A", country: "N".repeat(TEXT_LIMITS.short + 1), language: "dutch!", socials: [{ network: "x", url: "ftp://a" }], custom: { ...blank().custom, contract_end: "31-12-2025", seats: "zwölf", tier: "Bronze" } };
    expect(validatePerson(f, defs, "de")).toEqual({
      "address.country": "too_long",
      language: "invalid_value",
      "socials.0.url": "invalid_url",
      "custom.contract_end": "invalid_date",
      "custom.seats": "invalid_value",
      "custom.tier": "invalid_value",
    });
  });

  it("builds the input: drops empty rows, splits tags, keeps what the form does not edit", () => {
    const original = { external_id: "crm-7", company_id: 4, company_name: "Acme" } as Person;
    const f = { ...blank(), first_name: " Anna ", company_name: "Acme", tags: "vip, VIP , event,", emails: [{ label: "work", value: " a@b.nl " }, { label: "home", value: "" }], custom: { contract_end: "2025-12-31", seats: "1.234,5", vip: true, tier: "" } };
    const input = personFromForm(f, defs, "de", original);
    expect(input.first_name).toBe("Anna");
    expect(input.emails).toEqual([{ label: "work", value: "a@b.nl" }]);
    expect(input.phones).toEqual([]);
    expect(input.tags).toEqual(["vip", "event"]);
    expect(input.company_id).toBe(4);
    expect(input.external_id).toBe("crm-7");
    expect(input.custom).toEqual({ contract_end: "2025-12-31", seats: 1234.5, vip: true });
    expect(personFromForm({ ...f, company_name: "Other" }, defs, "de", original).company_id).toBeNull();
  });
});

describe("custom fields", () => {
  it("round-trip through the form in the locale's decimal style", () => {
    const form = customToForm(defs, { seats: 2.5, vip: true, tier: "Gold" }, ",");
    expect(form).toEqual({ contract_end: "", seats: "2,5", vip: true, tier: "Gold" });
    expect(customFromForm(defs, form, "nl").values).toEqual({ seats: 2.5, vip: true, tier: "Gold" });
  });

  it("allow text up to the core's limit, counted in characters as the core counts them", () => {
    const note: CustomFieldDef = { id: 9, entity: "person", key: "note", label: "Note", kind: "text", choices: [], position: 0 };
    const check = (text: string) => customFromForm([note], { note: text }, "en").errors;
    expect(TEXT_LIMITS.custom_text).toBe(10_000);
    expect(check("x".repeat(2001))).toEqual({});
    expect(check("x".repeat(TEXT_LIMITS.custom_text))).toEqual({});
    expect(check("x".repeat(TEXT_LIMITS.custom_text + 1))).toEqual({ "custom.note": "too_long" });
    // "😀" is two UTF-16 units but one character: 10,000 of them fit, as in the core.
    expect(check("😀".repeat(TEXT_LIMITS.custom_text))).toEqual({});
    expect(textLength("😀é")).toBe(2);
    expect(validateCustomField("L".repeat(TEXT_LIMITS.field_label), "text", [])).toEqual({});
  });

  it("need a label, and choices for a choice field", () => {
    expect(validateCustomField("", "text", [])).toEqual({ label: "required" });
    expect(validateCustomField("Tier", "choice", [])).toEqual({ choices: "required" });
    expect(validateCustomField("Tier", "choice", ["Gold"])).toEqual({});
  });

  it("tags ignore blanks and case duplicates", () => {
    expect(parseTags(" a, ,A,b ")).toEqual(["a", "b"]);
  });
});

describe("deal form", () => {
  const opts = { currency: "EUR", owner: "Sam", locale: "nl", decimal: "," };
  const blank = () => dealToForm(null, [], opts);

  it("converts the typed value exactly to minor units", () => {
    expect(dealFromForm({ ...blank(), title: "X", value: "1.234,56" }, [], "nl").value_minor).toBe(123456);
    expect(dealFromForm({ ...blank(), title: "X", value: "0,07" }, [], "nl").value_minor).toBe(7);
    expect(dealFromForm({ ...blank(), title: "X", value: "" }, [], "nl").value_minor).toBe(0);
  });

  it("rejects bad values, currencies, probabilities and a lost deal without reason", () => {
    const f = { ...blank(), title: "", value: "12,345", currency: "ZZZ", probability: "150", status: "lost" as const, expected_close: "soon" };
    expect(validateDeal(f, [], "nl")).toEqual({
      title: "required",
      value_minor: "invalid_value",
      currency: "invalid_currency",
      probability: "out_of_range",
      lost_reason: "required",
      expected_close: "invalid_date",
    });
    expect(validateDeal({ ...blank(), title: "X", value: "-1" }, [], "nl")).toEqual({ value_minor: "out_of_range" });
  });
});

describe("a HUF deal made by the core (the CLI, an import)", () => {
  // The core stores HUF with ISO 4217's 2 minor digits: 1234,56 Ft is 123456. Intl alone writes HUF
  // with 0 digits, which showed this deal as 123.456 Ft and refused it in the form.
  const deal = {
    id: 1, title: "Budapest", value_minor: 123456, currency: "HUF", pipeline_id: 1, pipeline_name: "Sales", stage_id: 1,
    stage_name: "New", expected_close: null, probability: null, status: "open" as const, lost_reason: null,
    person_id: null, person_name: null, company_id: null, company_name: null, owner: null, custom: {},
    created_at: 0, updated_at: 0, closed_at: null, stage_entered_at: 0,
  } as unknown as Deal;

  it("shows the core's amount, not a hundred times it", () => {
    expect(plain(formatMoney(deal.value_minor, deal.currency, "de"))).toBe("1.234,56 HUF"); // German writes the code, not "Ft"
    expect(plain(formatMoney(deal.value_minor, deal.currency, "en"))).toBe("HUF 1,234.56");
  });

  it("round-trips through the deal form unchanged", () => {
    for (const locale of ["nl", "de", "da", "en"]) {
      const f = dealToForm(deal, [], { currency: "EUR", owner: "", locale, decimal: locale === "en" ? "." : "," });
      expect(f.value).toBe(locale === "en" ? "1234.56" : "1234,56");
      expect(validateDeal(f, [], locale)).toEqual({});
      expect(dealFromForm(f, [], locale)).toMatchObject({ value_minor: 123456, currency: "HUF" });
    }
  });
});

describe("task form", () => {
  const now = new Date(2025, 0, 10, 15, 0).getTime();
  it("defaults to tomorrow 09:00", () => {
    const f = taskToForm(null, {}, "Sam", now);
    expect([f.due_at, f.due_at_time]).toEqual(["2025-01-11", "09:00"]);
  });

  it("needs a title and a reminder before the due time", () => {
    const f = { ...taskToForm(null, {}, "", now), title: "Call", remind: true, remind_choice: "custom" as const, remind_at: "2025-01-12", remind_at_time: "10:00" };
    expect(validateTask(f)).toEqual({ remind_at: "out_of_range" });
    expect(validateTask({ ...f, title: " ", remind: false, due_at: "2025-13-01" })).toEqual({ title: "required", due_at: "invalid_date" });
    const input = taskFromForm({ ...f, remind_at: "2025-01-11", remind_at_time: "08:30" });
    expect(input.remind_at).toBe(new Date(2025, 0, 11, 8, 30).getTime());
    expect(input.due_at).toBe(new Date(2025, 0, 11, 9, 0).getTime());
  });

  it("keeps an edited task's recurrence and time zone, and gives new tasks the local zone", () => {
    const task = {
      id: 7, title: "Check-in", notes: null, due_at: now, remind_at: null, done_at: null, notified_at: null,
      person_id: 1, person_name: "A", company_id: null, company_name: null, deal_id: null, deal_title: null,
      owner: null, repeat: "FREQ=WEEKLY;BYDAY=MO",
      repeat_rule: { freq: "WEEKLY" as const, interval: 1, by_day: ["MO" as const], by_month_day: null, until: null, count: null }, time_zone: "Europe/Copenhagen", created_at: now, updated_at: now, system_event: null,
    };
    const input = taskFromForm({ ...taskToForm(task, {}, "", now), title: "Check-in call" });
    expect([input.repeat, input.time_zone]).toEqual(["FREQ=WEEKLY;BYDAY=MO", "Europe/Copenhagen"]);
    const fresh = taskFromForm(taskToForm(null, {}, "", now));
    expect(fresh.repeat).toBeNull();
    expect(fresh.time_zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe("company and activity forms", () => {
  it("check name, website, domain and phone", () => {
    const f = { ...companyToForm(null, [], "", "de"), website: "example.com", domain: "not a domain", phone: "call me" };
    expect(validateCompany(f, [], "en")).toEqual({ name: "required", website: "invalid_url", domain: "invalid_value", phone: "invalid_phone" });
  });

  it("an activity needs a subject or a text", () => {
    const v = { subject: "", body: "", date: "2025-01-01", time: "10:00", duration: "" };
    expect(validateActivity(v)).toEqual({ body: "required" });
    expect(validateActivity({ ...v, body: "hi", duration: "ten" })).toEqual({ duration_secs: "invalid_value" });
  });
});

// Client-side checks use the core's rules (limits from the bindings) so most mistakes show before a round
// trip; the core still validates everything and its field errors land at the same inputs.
import { TEXT_LIMITS, type Address, type CustomFieldDef, type CustomValue, type ErrorCode } from "../bindings";
import type { CustomValues } from "../api/types";
import type { FieldErrors } from "../api/errors";
import { countryFromText, countryToText } from "../lib/countries";
import { isYmd } from "../lib/dates";
import { parseDecimal } from "../lib/money";
import { tooLong } from "../lib/text";

export { textLength, tooLong } from "../lib/text";

export const isEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
export const isPhone = (s: string) => /^\+?[\d\s().\-/]+$/.test(s.trim()) && s.replace(/\D/g, "").length >= 3;
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s.trim());
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

/** Empty text becomes null, as the core expects for absent optional fields. */
export const opt = (s: string): string | null => (s.trim() === "" ? null : s.trim());

export function requireText(errors: FieldErrors, name: string, value: string): void {
  if (value.trim() === "") errors[name] = "required";
  else if (tooLong(value.trim(), TEXT_LIMITS.name)) errors[name] = "too_long";
}

export function maxLength(errors: FieldErrors, fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (tooLong(value.trim(), TEXT_LIMITS.short)) errors[name] = "too_long";
  }
}

/** A postal address as form fields; its inputs are named `address.<key>` like the core's errors. */
export type AddressForm = { street: string; postal_code: string; city: string; region: string; country: string };
export const ADDRESS_KEYS = ["street", "postal_code", "city", "region", "country"] as const;

/** `locale` names a stored country code in the reader's language. */
export function addressToForm(a: Address | undefined, locale: string): AddressForm {
  return {
    street: a?.street ?? "",
    postal_code: a?.postal_code ?? "",
    city: a?.city ?? "",
    region: a?.region ?? "",
    country: countryToText(a?.country, locale),
  };
}

export function addressFromForm(f: AddressForm, locale: string): Address {
  return {
    street: opt(f.street),
    postal_code: opt(f.postal_code),
    city: opt(f.city),
    region: opt(f.region),
    country: opt(countryFromText(f.country, locale)),
  };
}

export function validateAddress(errors: FieldErrors, f: AddressForm): void {
  maxLength(errors, { "address.country": f.country });
}

/** Custom field values as form state: text for most kinds, a boolean for checkboxes. */
export type CustomForm = Record<string, string | boolean>;

export function customToForm(defs: CustomFieldDef[], values: CustomValues | null, decimal = "."): CustomForm {
  const out: CustomForm = {};
  for (const def of defs) {
    const v = values?.[def.key];
    if (def.kind === "boolean") out[def.key] = v === true;
    else if (v === undefined || v === null) out[def.key] = "";
    else if (typeof v === "number") out[def.key] = String(v).replace(".", decimal);
    else out[def.key] = String(v);
  }
  return out;
}

/** Converts and checks custom values; errors are keyed `custom.<key>` like the core's. */
export function customFromForm(
  defs: CustomFieldDef[],
  form: CustomForm,
  locale: string,
): { values: Record<string, CustomValue>; errors: FieldErrors } {
  const values: Record<string, CustomValue> = {};
  const errors: FieldErrors = {};
  for (const def of defs) {
    const raw = form[def.key];
    const name = `custom.${def.key}`;
    if (def.kind === "boolean") {
      if (raw === true) values[def.key] = true;
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (text === "") continue;
    let code: ErrorCode | null = null;
    if (def.kind === "number") {
      const n = parseDecimal(text, locale);
      if (n === null || !Number.isFinite(n)) code = "invalid_value";
      else values[def.key] = n;
    } else if (def.kind === "date") {
      if (!isYmd(text)) code = "invalid_date";
      else values[def.key] = text;
    } else if (def.kind === "choice") {
      if (!def.choices.includes(text)) code = "invalid_value";
      else values[def.key] = text;
    } else if (tooLong(text, TEXT_LIMITS.custom_text)) {
      code = "too_long";
    } else {
      values[def.key] = text;
    }
    if (code) errors[name] = code;
  }
  return { values, errors };
}

/** Splits "a, b ,c" into tags, dropping blanks and duplicates. */
export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t, i, all) => t !== "" && all.findIndex((o) => o.toLowerCase() === t.toLowerCase()) === i);
}

// Server errors name a field by its JSON path (`emails.0.value`, `custom.contract_end`). These helpers
// put the message at the matching input and word it with the field's translated label.
import type { TFunction } from "i18next";
import type { ErrorCode } from "../bindings";

export type FieldError = { code: ErrorCode; field?: string | null };
export type FieldErrors = Record<string, ErrorCode>;

/** The form input name a server field belongs to: the first email and phone have short names. */
export function inputNameFor(field: string): string {
  if (field === "emails.0.value") return "email";
  if (field === "phones.0.value") return "phone";
  return field;
}

const ID_LABELS: Record<string, string> = {
  value_minor: "value",
  stage_id: "stage",
  pipeline_id: "pipeline",
  person_id: "person",
  company_id: "company",
  deal_id: "deal",
  cadence_id: "cadence",
  due_at_time: "due_time",
  remind_at_time: "remind_time",
};

/** The i18n key of a field's label, e.g. `emails.2.value` -> `fields.email`. Custom fields have none. */
export function labelKeyFor(field: string): string | null {
  const parts = field.split(".");
  if (parts[0] === "custom") return null;
  if ((parts[0] === "emails" || parts[0] === "phones") && parts[2] !== "label") {
    return parts[0] === "emails" ? "fields.email" : "fields.phone";
  }
  if (parts[0] === "socials") return parts[2] === "network" ? "fields.social_network" : "fields.social_url";
  const last = parts.filter((p) => !/^\d+$/.test(p)).pop() ?? field;
  return `fields.${ID_LABELS[last] ?? last}`;
}

/** The label to show for a field; `customLabel` resolves `custom.<key>` to the definition's label. */
export function fieldLabel(t: TFunction, field: string, customLabel?: (key: string) => string | undefined): string {
  if (field.startsWith("custom.")) {
    const key = field.slice("custom.".length);
    return customLabel?.(key) ?? key;
  }
  const k = labelKeyFor(field);
  return k && t(k, { defaultValue: "" }) ? t(k) : field;
}

// Codes of the security feature keep their texts under `security.errors`.
const SECURITY_CODES: ErrorCode[] = ["keyring_unavailable", "key_missing", "key_rejected", "wrong_passphrase"];

/** A message for an error shown beside its input: the label is already visible there. */
export function inlineMessage(t: TFunction, code: ErrorCode): string {
  if (SECURITY_CODES.includes(code)) return t(`security.errors.${code}`);
  return t(`errors.inline.${code}`);
}

/** A message for a toast: names the field when there is one. */
export function errorMessage(
  t: TFunction,
  e: FieldError,
  customLabel?: (key: string) => string | undefined,
): string {
  if (SECURITY_CODES.includes(e.code)) return t(`security.errors.${e.code}`);
  if (e.field) return t(`errors.field.${e.code}`, { field: fieldLabel(t, e.field, customLabel) });
  return t(`errors.general.${e.code}`);
}

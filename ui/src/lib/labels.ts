import type { TFunction } from "i18next";
import type { Address, Pipeline, Stage } from "../bindings";

/** Seeded stages and pipelines carry a system key until renamed: show them in the user's language. */
export function stageName(t: TFunction, s: Pick<Stage, "name" | "system_key">): string {
  return s.system_key ? t(`stage.${s.system_key}`, { defaultValue: s.name }) : s.name;
}

export function pipelineName(t: TFunction, p: Pick<Pipeline, "name" | "system_key">): string {
  return p.system_key ? t(`pipeline.${p.system_key}`, { defaultValue: p.name }) : p.name;
}

/** Known labels of emails and phones are translated; free labels show as typed. */
export function valueLabel(t: TFunction, label: string): string {
  return label ? t(`valueLabels.${label.toLowerCase()}`, { defaultValue: label }) : "";
}

/** An address on one line ("Main St 1, 1011 AB Amsterdam, NH, NL"), leaving out the parts not filled in. */
export function formatAddress(a: Address): string {
  return [a.street, [a.postal_code, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean).join(", ");
}

// Error paths name the stored shape (`emails.0.value`); the user thinks of the column they mapped.
const IMPORT_PATHS: Record<string, string> = { emails: "email", phones: "phone" };

/** An import target or a rejected row's field in the user's words; custom fields show their own name. */
export function importFieldLabel(t: TFunction, field: string): string {
  const [head, ...rest] = field.split(".");
  if (head === "custom" && rest.length > 0) return rest.join(".");
  const key = head === "address" && rest.length > 0 ? rest[rest.length - 1] : (IMPORT_PATHS[head] ?? head);
  return t(`import.fields.${key}`, { defaultValue: field });
}

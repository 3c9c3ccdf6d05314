import type { TFunction } from "i18next";
import type { Address, Pipeline, Stage } from "../bindings";

/** Seeded stages and pipelines carry a system key until renamed: show them in the user's language. */
export function stageName(t: TFunction, s: Pick<Stage, "name" | "system_key">): string {
  return s.system_key ? t(`stage.${s.system_key}`, { defaultValue: s.name }) : s.name;
}

export function pipelineName(t: TFunction, p: Pick<Pipeline, "name" | "system_key">): string {
  return p.system_key ? t(`pipeline.${p.system_key}`, { defaultValue: p.name }) : p.name;
}

export function fullName(p: { first_name: string; last_name: string }): string {
  return `${p.first_name} ${p.last_name}`.trim();
}

/** Known labels of emails and phones are translated; free labels show as typed. */
export function valueLabel(t: TFunction, label: string): string {
  return label ? t(`valueLabels.${label.toLowerCase()}`, { defaultValue: label }) : "";
}

/** An address on one line ("Main St 1, 1011 AB Amsterdam, NH, NL"), leaving out the parts not filled in. */
export function formatAddress(a: Address): string {
  return [a.street, [a.postal_code, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean).join(", ");
}

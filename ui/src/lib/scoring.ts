// Words for lead scores: attribute names, explanation sentences and the ROC chart's path.
import type { TFunction } from "i18next";
import { SCORING_WORDS, type Contribution, type CustomFieldDef, type RocPoint, type ScoreBand } from "../bindings";

export const BANDS: ScoreBand[] = ["hot", "warm", "cold"];
/** The attributes every store scores on (custom fields add `custom.<key>`), from the core. */
export const BUILT_IN_ATTRIBUTES = SCORING_WORDS.attributes;

/** "Source", or a custom field's own label for `custom.<key>`. */
export function attributeLabel(t: TFunction, attribute: string, defs: CustomFieldDef[]): string {
  if (attribute.startsWith("custom.")) {
    const key = attribute.slice("custom.".length);
    return defs.find((d) => d.key === key)?.label ?? key;
  }
  return t(`scoring.attribute.${attribute}`, { defaultValue: attribute });
}

/** A value as the user reads it: the encoder's placeholders are translated, real values shown as stored. */
export function valueText(t: TFunction, value: string | null): string {
  if (value === null || value === SCORING_WORDS.missing) return t("scoring.value.missing");
  if (value === SCORING_WORDS.other) return t("scoring.value.other");
  if (value === "true") return t("common.yes");
  if (value === "false") return t("common.no");
  return value;
}

/** Rust's f64 crosses IPC as `number | null` (NaN has no JSON form); the core never sends NaN. */
export const num = (x: number | null): number => x ?? 0;

/** One reason as a plain sentence in the user's language. */
export function explainSentence(t: TFunction, c: Contribution, defs: CustomFieldDef[], locale?: string): string {
  const points = Math.abs(num(c.points)).toLocaleString(locale, { maximumFractionDigits: 1 });
  if (c.kind === "decay") return t("scoring.explain.decay", { count: Number(c.value ?? 0), points });
  if (c.kind === "rule") {
    return t(num(c.points) >= 0 ? "scoring.explain.ruleRaised" : "scoring.explain.ruleLowered", { name: c.rule_name ?? "", points });
  }
  const vars = { attribute: attributeLabel(t, c.attribute, defs), value: valueText(t, c.value), points };
  return t(num(c.points) >= 0 ? "scoring.explain.raised" : "scoring.explain.lowered", vars);
}

/** An SVG path through the ROC points in a `size`×`size` box (y grows downwards). */
export function rocPath(points: RocPoint[], size: number): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${(num(p.fpr) * size).toFixed(1)},${((1 - num(p.tpr)) * size).toFixed(1)}`).join(" ");
}

/** A ratio such as the AUC or a lift with two decimals, in the locale's notation (0,76 in nl/de/da). */
export function twoDecimals(value: number | null, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(num(value));
}

// Cadence helpers shared by the start dialog and the settings manager: the one-line step summary and
// the checks the core also makes, so errors show at the right step before a round trip.
import type { TFunction } from "i18next";
import { CADENCE_LIMITS, TEXT_LIMITS, type ActivityKind, type CadenceInput, type CadenceStep } from "../bindings";
import { tooLong } from "./text";
import type { FieldErrors } from "../api/errors";

export const STEP_KINDS: ActivityKind[] = ["call", "email", "meeting", "visit", "chat", "note"];
export const MAX_STEPS = CADENCE_LIMITS.max_steps;
export const MAX_OFFSET_DAYS = CADENCE_LIMITS.max_offset_days;

/** One step in words: "email in 3 days". Plurals come from i18next. */
export function stepPhrase(t: TFunction, step: Pick<CadenceStep, "offset_days" | "kind">): string {
  const kind = t(`cadences.stepKind.${step.kind}`);
  if (step.offset_days === 0) return t("cadences.when.today", { kind });
  if (step.offset_days === 1) return t("cadences.when.tomorrow", { kind });
  return t("cadences.when.inDays", { kind, count: step.offset_days });
}

/** "Call today, email in 3 days, call in 7 days, email in 14 days". */
export function summarizeSteps(t: TFunction, steps: Pick<CadenceStep, "offset_days" | "kind">[], locale?: string): string {
  const text = steps.map((s) => stepPhrase(t, s)).join(t("cadences.separator"));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The editor's state: offsets stay text while typing. */
export type StepDraft = { offset_days: string; kind: ActivityKind; title: string };
export type CadenceDraft = { name: string; steps: StepDraft[] };

export const emptyStep = (after?: StepDraft): StepDraft => ({
  offset_days: after ? String(Math.min(MAX_OFFSET_DAYS, (Number(after.offset_days) || 0) + 3)) : "0",
  kind: "call",
  title: "",
});

export function toDraft(c: { name: string; steps: CadenceStep[] } | null): CadenceDraft {
  if (!c) return { name: "", steps: [emptyStep()] };
  return { name: c.name, steps: c.steps.map((s) => ({ offset_days: String(s.offset_days), kind: s.kind, title: s.title })) };
}

export function fromDraft(d: CadenceDraft): CadenceInput {
  return { name: d.name.trim(), steps: d.steps.map((s) => ({ offset_days: Number(s.offset_days), kind: s.kind, title: s.title.trim() })) };
}

/** Errors keyed like the core's fields (`steps.2.offset_days`), which are also the inputs' names. */
export function validateCadence(d: CadenceDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (d.name.trim() === "") errors.name = "required";
  else if (tooLong(d.name.trim(), TEXT_LIMITS.name)) errors.name = "too_long";
  let previous = 0;
  d.steps.forEach((s, i) => {
    const days = s.offset_days.trim() === "" ? NaN : Number(s.offset_days);
    if (s.offset_days.trim() === "") errors[`steps.${i}.offset_days`] = "required";
    else if (!Number.isInteger(days) || days < 0 || days > MAX_OFFSET_DAYS || days < previous) errors[`steps.${i}.offset_days`] = "out_of_range";
    else previous = days;
    if (s.title.trim() === "") errors[`steps.${i}.title`] = "required";
    else if (tooLong(s.title.trim(), TEXT_LIMITS.cadence_step_title)) errors[`steps.${i}.title`] = "too_long";
  });
  return errors;
}

import type { CustomFieldDef, Deal, DealInput, DealStatus } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { isYmd } from "../lib/dates";
import { isCurrency, minorToInput, parseMoney } from "../lib/money";
import { customFromForm, customToForm, opt, requireText, type CustomForm } from "./common";

export type DealForm = {
  title: string;
  value: string;
  currency: string;
  pipeline_id: number | null;
  stage_id: number | null;
  expected_close: string;
  probability: string;
  status: DealStatus;
  lost_reason: string;
  person_id: number | null;
  company_id: number | null;
  owner: string;
  custom: CustomForm;
};

export type DealDefaults = Partial<Pick<DealForm, "person_id" | "company_id" | "pipeline_id" | "stage_id">>;

export function dealToForm(
  d: Deal | null,
  defs: CustomFieldDef[],
  opts: { currency: string; owner: string; locale: string; decimal: string; defaults?: DealDefaults },
): DealForm {
  return {
    title: d?.title ?? "",
    value: d ? minorToInput(d.value_minor, d.currency, opts.locale) : "",
    currency: d?.currency ?? opts.currency,
    pipeline_id: d?.pipeline_id ?? opts.defaults?.pipeline_id ?? null,
    stage_id: d?.stage_id ?? opts.defaults?.stage_id ?? null,
    expected_close: d?.expected_close ?? "",
    probability: d?.probability != null ? String(d.probability) : "",
    status: d?.status ?? "open",
    lost_reason: d?.lost_reason ?? "",
    person_id: d?.person_id ?? opts.defaults?.person_id ?? null,
    company_id: d?.company_id ?? opts.defaults?.company_id ?? null,
    owner: d ? d.owner ?? "" : opts.owner,
    custom: customToForm(defs, d?.custom ?? null, opts.decimal),
  };
}

export function validateDeal(f: DealForm, defs: CustomFieldDef[], locale: string): FieldErrors {
  const errors: FieldErrors = {};
  requireText(errors, "title", f.title);
  if (f.value.trim() !== "") {
    const minor = parseMoney(f.value, locale, f.currency);
    if (minor === null) errors.value_minor = "invalid_value";
    else if (minor < 0) errors.value_minor = "out_of_range";
  }
  if (!isCurrency(f.currency)) errors.currency = "invalid_currency";
  if (f.expected_close.trim() !== "" && !isYmd(f.expected_close.trim())) errors.expected_close = "invalid_date";
  if (f.probability.trim() !== "") {
    const p = Number(f.probability.trim());
    if (!/^\d+$/.test(f.probability.trim())) errors.probability = "invalid_value";
    else if (p > 100) errors.probability = "out_of_range";
  }
  if (f.status === "lost" && f.lost_reason.trim() === "") errors.lost_reason = "required";
  Object.assign(errors, customFromForm(defs, f.custom, locale).errors);
  return errors;
}

export function dealFromForm(f: DealForm, defs: CustomFieldDef[], locale: string): DealInput {
  return {
    title: f.title.trim(),
    value_minor: f.value.trim() === "" ? 0 : parseMoney(f.value, locale, f.currency) ?? 0,
    currency: f.currency,
    pipeline_id: f.pipeline_id,
    stage_id: f.stage_id,
    expected_close: opt(f.expected_close),
    probability: f.probability.trim() === "" ? null : Number(f.probability.trim()),
    status: f.status,
    lost_reason: f.status === "lost" ? opt(f.lost_reason) : null,
    person_id: f.person_id,
    company_id: f.company_id,
    owner: opt(f.owner),
    custom: customFromForm(defs, f.custom, locale).values,
  };
}

/** A deal as an update input that changes nothing: the base for won/lost/reopen. */
export function dealToInput(d: Deal): DealInput {
  return {
    title: d.title,
    value_minor: d.value_minor,
    currency: d.currency,
    pipeline_id: d.pipeline_id,
    stage_id: d.stage_id,
    expected_close: d.expected_close,
    probability: d.probability,
    status: d.status,
    lost_reason: d.lost_reason,
    person_id: d.person_id,
    company_id: d.company_id,
    owner: d.owner,
    custom: { ...d.custom } as DealInput["custom"],
  };
}

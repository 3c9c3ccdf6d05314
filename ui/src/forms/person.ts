import type { ContactChannel as Channel, CustomFieldDef, LabeledValue, LeadStatus, Lifecycle, Person, PersonInput, SocialProfile } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { separators } from "../lib/money";
import {
  addressFromForm,
  addressToForm,
  customFromForm,
  customToForm,
  isEmail,
  isHttpUrl,
  isPhone,
  maxLength,
  opt,
  parseTags,
  validateAddress,
  type AddressForm,
  type CustomForm,
} from "./common";

export type PersonForm = AddressForm & {
  first_name: string;
  last_name: string;
  emails: LabeledValue[];
  phones: LabeledValue[];
  socials: SocialProfile[];
  company_name: string;
  job_title: string;
  owner: string;
  tags: string;
  source: string;
  preferred_channel: Channel | "";
  language: string;
  lifecycle: Lifecycle;
  lead_status: LeadStatus | "";
  custom: CustomForm;
};

export function personToForm(p: Person | null, defs: CustomFieldDef[], owner: string, locale: string): PersonForm {
  return {
    first_name: p?.first_name ?? "",
    last_name: p?.last_name ?? "",
    // One empty row each, so the first email and phone inputs always exist.
    emails: p && p.emails.length > 0 ? p.emails : [{ label: "work", value: "" }],
    phones: p && p.phones.length > 0 ? p.phones : [{ label: "mobile", value: "" }],
    ...addressToForm(p?.address, locale),
    socials: p?.socials ?? [],
    company_name: p?.company_name ?? "",
    job_title: p?.job_title ?? "",
    owner: p ? p.owner ?? "" : owner,
    tags: p?.tags.join(", ") ?? "",
    source: p?.source ?? "",
    preferred_channel: p?.preferred_channel ?? "",
    language: p?.language ?? "",
    lifecycle: p?.lifecycle ?? "lead",
    lead_status: p ? p.lead_status ?? "" : "open",
    custom: customToForm(defs, p?.custom ?? null, separators(locale).decimal),
  };
}

/** The input name of the i-th email or phone value: the first ones are `email` and `phone`. */
export const emailName = (i: number) => (i === 0 ? "email" : `emails.${i}.value`);
export const phoneName = (i: number) => (i === 0 ? "phone" : `phones.${i}.value`);

/** `externalId` is the edited person's (the form does not edit it): like an email, it stands in for a name. */
export function validatePerson(f: PersonForm, defs: CustomFieldDef[], locale: string, externalId?: string | null): FieldErrors {
  const errors: FieldErrors = {};
  const named = f.first_name.trim() !== "" || f.last_name.trim() !== "";
  if (!named && !f.emails.some((e) => isEmail(e.value)) && !externalId) errors.first_name = "required";
  maxLength(errors, { first_name: f.first_name, last_name: f.last_name, job_title: f.job_title, company_name: f.company_name });
  f.emails.forEach((e, i) => {
    if (e.value.trim() !== "" && !isEmail(e.value)) errors[emailName(i)] = "invalid_email";
  });
  f.phones.forEach((p, i) => {
    if (p.value.trim() !== "" && !isPhone(p.value)) errors[phoneName(i)] = "invalid_phone";
  });
  f.socials.forEach((s, i) => {
    if (s.url.trim() !== "" && !isHttpUrl(s.url)) errors[`socials.${i}.url`] = "invalid_url";
  });
  validateAddress(errors, f);
  if (f.language.trim() !== "" && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(f.language.trim())) errors.language = "invalid_value";
  Object.assign(errors, customFromForm(defs, f.custom, locale).errors);
  return errors;
}

const filled = (rows: LabeledValue[]) =>
  rows.filter((r) => r.value.trim() !== "").map((r) => ({ label: r.label.trim(), value: r.value.trim() }));

/** `original` keeps what the form does not edit (external id) and the company link when its name is unchanged. */
export function personFromForm(f: PersonForm, defs: CustomFieldDef[], locale: string, original: Person | null): PersonInput {
  const sameCompany = original?.company_id != null && original.company_name === f.company_name.trim();
  return {
    first_name: f.first_name.trim(),
    last_name: f.last_name.trim(),
    emails: filled(f.emails),
    phones: filled(f.phones),
    address: addressFromForm(f, locale),
    socials: f.socials
      .filter((s) => s.url.trim() !== "")
      .map((s) => ({ network: s.network.trim().toLowerCase() || "website", url: s.url.trim() })),
    company_id: sameCompany ? original.company_id : null,
    company_name: opt(f.company_name),
    job_title: opt(f.job_title),
    owner: opt(f.owner),
    tags: parseTags(f.tags),
    source: opt(f.source),
    preferred_channel: f.preferred_channel === "" ? null : f.preferred_channel,
    language: opt(f.language),
    lifecycle: f.lifecycle,
    lead_status: f.lead_status === "" ? null : f.lead_status,
    external_id: original?.external_id ?? null,
    custom: customFromForm(defs, f.custom, locale).values,
  };
}

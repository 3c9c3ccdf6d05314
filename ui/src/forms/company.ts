import type { Company, CompanyInput, CompanySize, CustomFieldDef } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { separators } from "../lib/money";
import {
  addressFromForm,
  addressToForm,
  customFromForm,
  customToForm,
  isHttpUrl,
  isPhone,
  maxLength,
  opt,
  parseTags,
  requireText,
  validateAddress,
  type AddressForm,
  type CustomForm,
} from "./common";

export const COMPANY_SIZES: CompanySize[] = ["micro", "small", "medium", "large", "enterprise"];

export type CompanyForm = AddressForm & {
  name: string;
  domain: string;
  industry: string;
  size: CompanySize | "";
  phone: string;
  website: string;
  owner: string;
  tags: string;
  custom: CustomForm;
};

export function companyToForm(c: Company | null, defs: CustomFieldDef[], owner: string, locale: string): CompanyForm {
  return {
    name: c?.name ?? "",
    domain: c?.domain ?? "",
    industry: c?.industry ?? "",
    size: c?.size ?? "",
    ...addressToForm(c?.address, locale),
    phone: c?.phone ?? "",
    website: c?.website ?? "",
    owner: c ? c.owner ?? "" : owner,
    tags: c?.tags.join(", ") ?? "",
    custom: customToForm(defs, c?.custom ?? null, separators(locale).decimal),
  };
}

export function validateCompany(f: CompanyForm, defs: CustomFieldDef[], locale: string): FieldErrors {
  const errors: FieldErrors = {};
  requireText(errors, "name", f.name);
  maxLength(errors, { industry: f.industry, domain: f.domain });
  if (f.domain.trim() !== "" && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(f.domain.trim().replace(/^https?:\/\//, "").replace(/\/$/, "")))
    errors.domain = "invalid_value";
  if (f.website.trim() !== "" && !isHttpUrl(f.website)) errors.website = "invalid_url";
  if (f.phone.trim() !== "" && !isPhone(f.phone)) errors.phone = "invalid_phone";
  validateAddress(errors, f);
  Object.assign(errors, customFromForm(defs, f.custom, locale).errors);
  return errors;
}

export function companyFromForm(f: CompanyForm, defs: CustomFieldDef[], locale: string): CompanyInput {
  return {
    name: f.name.trim(),
    domain: opt(f.domain),
    industry: opt(f.industry),
    size: f.size === "" ? null : f.size,
    address: addressFromForm(f, locale),
    phone: opt(f.phone),
    website: opt(f.website),
    owner: opt(f.owner),
    tags: parseTags(f.tags),
    custom: customFromForm(defs, f.custom, locale).values,
  };
}

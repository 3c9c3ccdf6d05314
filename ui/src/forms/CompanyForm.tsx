import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Company, CompanySize } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { SelectField, TextField } from "../components/Field";
import { useLocale } from "../i18n";
import { separators } from "../lib/money";
import { CustomFieldInputs } from "./CustomFieldInputs";
import { COMPANY_SIZES, companyFromForm, companyToForm, validateCompany, type CompanyForm as Form } from "./company";
import { FormDialog, FormSection, useFormSubmit } from "./FormDialog";

type Props = { id?: number; onClose: () => void; onSaved: (c: Company, created: boolean) => void };

export function CompanyForm({ id, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { fieldsFor, settings } = useApp();
  const defs = fieldsFor("company");
  const decimal = separators(locale).decimal;
  const [form, setForm] = useState<Form | null>(id === undefined ? companyToForm(null, defs, settings.user_name ?? "", decimal) : null);
  const { errors, clear, saving, submit, formRef } = useFormSubmit();

  useEffect(() => {
    if (id !== undefined) api.companiesGet(id).then((c) => setForm(companyToForm(c, defs, "", decimal)), onClose);
    // Loaded once per opened record so later re-renders never reset what was typed.
  }, [id]);

  const set = <K extends keyof Form>(key: K, value: Form[K], name: string = key) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    clear(name);
  };
  const text = (key: Exclude<keyof Form, "custom" | "size">, extra: object = {}, name: string = key) => (
    <TextField
      label={t(`fields.${key}`)}
      name={name}
      value={form?.[key] ?? ""}
      error={errors[name]}
      onChange={(e) => set(key, e.target.value, name)}
      {...extra}
    />
  );

  const onSubmit = () =>
    form &&
    submit(
      () => validateCompany(form, defs, locale),
      () => {
        const input = companyFromForm(form, defs, locale);
        return id === undefined ? api.companiesCreate(input) : api.companiesUpdate(id, input);
      },
      (c) => onSaved(c, id === undefined),
    );

  return (
    <FormDialog title={id === undefined ? t("company.new") : t("company.edit")} onClose={onClose} onSubmit={onSubmit} saving={saving} loading={!form} formRef={formRef} size="large">
      {form && (
        <>
          <FormSection>
            {text("name", { "data-autofocus": true, autoComplete: "off" })}
            {text("domain", { placeholder: "example.com" })}
            {text("industry")}
            <SelectField
              label={t("fields.size")}
              name="size"
              value={form.size}
              options={[{ value: "", label: t("common.none") }, ...COMPANY_SIZES.map((s) => ({ value: s, label: t(`companySize.${s}`) }))]}
              onChange={(e) => set("size", e.target.value as CompanySize | "")}
            />
            {text("phone", { type: "tel" })}
            {text("website", { type: "url", placeholder: "https://" })}
            {text("owner")}
            {text("tags", { hint: t("form.tagsHint") })}
          </FormSection>
          <FormSection title={t("fields.address")}>
            {text("street", {}, "address.street")}
            {text("postal_code", {}, "address.postal_code")}
            {text("city", {}, "address.city")}
            {text("region", {}, "address.region")}
            {text("country", { maxLength: 2 }, "address.country")}
          </FormSection>
          {defs.length > 0 && (
            <FormSection title={t("customFields.title")}>
              <CustomFieldInputs defs={defs} values={form.custom} errors={errors} onChange={(k, v) => set("custom", { ...form.custom, [k]: v }, `custom.${k}`)} />
            </FormSection>
          )}
        </>
      )}
    </FormDialog>
  );
}
